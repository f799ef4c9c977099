"""program_results: quota and filled positions of every program in the Main Residency Match, every year
that any catalogued edition of NRMP's Program Results report covers (2015 onwards with the 2019, 2020
and 2025 editions).

Each edition prints five Match years; editions overlap (2015-2019 and 2016-2020 share 2016-2019). A
program-year printed by several editions gives one row, from the newest edition (``source_id``), and
every count an older edition also prints is compared with it: a difference fails the run naming both
files, the program, the year and both counts, unless it is recorded in
``data/reference/known_discrepancies.csv``. The parser itself (both layouts) is in
``_program_results_pdf``.

Editions are parsed one after the other: in a process pool the three editions took longer
(start-up and imports of the workers) than in sequence (1.3 s), and during ingest the second
core already runs the validation worker.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.ingest import Inputs
from pipeline.ingest._program_names import name_key
from pipeline.ingest._program_results_pdf import parse_edition
from pipeline.validate.failures import Failure

TABLE = "program_results"
KINDS = ("program_results",)
COUNTS = ("quota", "filled")
KEY = ["program_code", "match_year"]


def parse(path: Path, source_id: str | None = None) -> pd.DataFrame:
    """One edition's rows, with ``source_id`` (default: the file name) and provenance columns."""
    df, _ = parse_edition(Path(path))
    notes = list(df.attrs.get("notes", ()))  # codes read by their printed name
    sid = source_id or Path(path).name
    keys = {n: name_key(n) for n in df["program_name"].dropna().unique()}  # a few thousand distinct names
    out = df.assign(source_id=sid, printed_in=sid, name_key=df["program_name"].map(keys).astype("string"))
    out.attrs["notes"] = notes
    return out


def _printed_in(merged: pd.DataFrame, editions: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """``printed_in``: the editions (source ids, newest first, "; "-separated) that print each program-year."""
    import numpy as np

    rows = pd.MultiIndex.from_frame(merged[KEY])
    printed = np.full(len(merged), "", dtype=object)
    for sid, df in editions:  # newest first
        has = rows.isin(pd.MultiIndex.from_frame(df[KEY]))
        printed = np.where(has, np.where(printed == "", sid, printed + "; " + sid), printed)
    return merged.assign(printed_in=pd.array(printed, dtype="string"))


def build(inputs: Inputs) -> pd.DataFrame:
    editions = inputs.require("program_results")  # newest first
    frames = [parse(ed.path, ed.id) for ed in editions]  # 0.4-0.6 s each; see the note in the docstring
    merged = None
    compared = differed = 0
    failures: list[Failure] = []
    for ed, df in zip(editions, frames):
        df = df.assign(_source_file=str(ed.path))
        if merged is None:
            merged, newer = df, [str(ed.path)]
            continue
        both = merged.merge(df, on=KEY, how="inner", suffixes=("", "_older"))
        for col in COUNTS:
            compared += len(both)
            diff = both[both[col] != both[f"{col}_older"]]
            differed += len(diff)
            for _, r in diff.iterrows():
                failures.append(Failure(
                    TABLE, f"editions_agree {r['program_code']} {col}",
                    f"{r['match_year']} program {r['program_code']} ({r['program_name']}, {r['institution']}): "
                    f"{col} {r[col]} in {r['_source_file']} (page {r['_source_page']}) but {r[f'{col}_older']} in "
                    f"{r['_source_file_older']} (page {r['_source_page_older']})",
                    [{"program_code": r["program_code"], "match_year": int(r["match_year"]),
                      "newer": int(r[col]), "older": int(r[f"{col}_older"])}],
                    year=int(r["match_year"]), observed=int(r[col]), expected=int(r[f"{col}_older"])))
        only_older = df[(df.merge(merged[KEY], on=KEY, how="left", indicator=True)["_merge"] == "left_only").to_numpy()]
        covered = set(merged["match_year"])  # years a newer edition prints: it must list the same programs
        for _, r in only_older[only_older["match_year"].isin(covered)].iterrows():
            differed += 1
            failures.append(Failure(
                TABLE, f"editions_agree {r['program_code']} listed",
                f"{r['match_year']} program {r['program_code']} ({r['program_name']}, {r['institution']}) is listed "
                f"with quota {r['quota']}, filled {r['filled']} in {r['_source_file']} (page {r['_source_page']}) but "
                f"not listed in the newer edition(s) that print {r['match_year']} ({', '.join(sorted(newer))})",
                [{"program_code": r["program_code"], "match_year": int(r["match_year"])}],
                year=int(r["match_year"]), observed=0, expected=1))
        merged = pd.concat([merged, only_older[~only_older["match_year"].isin(covered)]], ignore_index=True)
        newer.append(str(ed.path))
    merged = _printed_in(merged, [(ed.id, df) for ed, df in zip(editions, frames)])
    merged.attrs["failures"] = failures
    merged.attrs["notes"] = [n for f in frames for n in f.attrs.get("notes", ())] + [
                            f"{len(editions)} edition(s); {compared:,} counts printed by more than one edition "
                             f"compared, {differed:,} differed"]
    return merged


# --- cross-table checks -----------------------------------------------------------------------

_TOTALS = (("quota_sum_equals_positions_total", "quota", "positions_total", "positions"),
           ("filled_sum_equals_filled_total", "filled", "filled_total", "filled positions"))


def _national(others: dict[str, pd.DataFrame]) -> dict[int, dict]:
    """positions_summary's national totals by year: {year: {"positions_total": n or None, ..., "where": text}}."""
    summary = others.get("positions_summary")
    out: dict[int, dict] = {}
    if summary is None:
        return out
    for _, s in summary.iterrows():
        if pd.isna(s.get("match_year")):
            continue
        row = {theirs: (None if pd.isna(s.get(theirs)) else int(s.get(theirs))) for _, _, theirs, _ in _TOTALS}
        src = s.get("_source_file")
        row["where"] = (f"{Path(src).name} {s.get('_source_line') or ''}".strip()
                        if isinstance(src, str) and src else "positions_summary")
        out[int(s["match_year"])] = row
    return out


def _covered(table: pd.DataFrame, covered) -> set[int]:
    if covered is not None:
        return {int(y) for y in covered}
    years = [int(y) for y in table["match_year"].dropna().unique()] if not table.empty else []
    return set(range(min(years), max(years) + 1)) if years else set()


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame], covered=None) -> list[Failure]:
    """Per year, the programs' quotas and filled positions add up to the national totals.

    Every year with a national total is reconciled. positions_summary gives all positions offered (positions_total) and filled
    (filled_total) in the Match; the report lists every program, so the sums must
    equal them exactly (e.g. 2024: 41,503 / 38,941; 2015: 30,212; 2020: 37,256 / 35,258).
    A year with a national total that the editions read cover (``covered``: the years their catalogue
    entries give, which the run has checked against what each file prints; by default every year from the
    table's first to its last) but no program row fails, naming both. A year with program rows and no
    national total, or a total no edition covers, is not reconciled: ``not_reconciled`` says so.
    """
    national = _national(others)
    if not national:
        return []
    years = _covered(table, covered)
    sums = table.groupby("match_year")[["quota", "filled"]].sum() if not table.empty else None
    failures: list[Failure] = []
    for name, ours, theirs, words in _TOTALS:
        for year, row in sorted(national.items()):
            total = row[theirs]
            if total is None:
                continue
            if sums is None or year not in sums.index:
                if year in years:
                    read = ", ".join(sorted(set(table["source_id"].astype(str)))) if "source_id" in table else ""
                    failures.append(Failure(
                        TABLE, f"program_rows_for_{theirs}",
                        f"{year}: positions_summary gives a national total of {total:,} {words} ({row['where']}), "
                        f"but program_results has no program for {year}, although the Program Results edition(s) "
                        f"read are catalogued as covering it ({read or 'none'}); check that each file is the "
                        "edition its catalogue entry (data/raw/sources.yml) names",
                        [{"match_year": year, f"positions_summary_{theirs}": total, f"{ours}_sum": 0}],
                        year=year, observed=0, expected=total))
                continue
            got = int(sums.loc[year, ours])
            if got != total:
                failures.append(Failure(
                    TABLE, name,
                    f"{year} {ours} sum {got:,} != positions_summary.{theirs} {total:,} "
                    f"(difference {got - total:+,})",
                    [{"match_year": year, f"{ours}_sum": got, f"positions_summary_{theirs}": total}],
                    year=year, observed=got, expected=total))
    return failures


def not_reconciled(table: pd.DataFrame, others: dict[str, pd.DataFrame], covered=None) -> list[str]:
    """The years ``reconcile`` could not check, one line each: program rows and no national total
    ("2022: not reconciled: no national total"), a total for positions but none for filled positions,
    a national total that no edition read covers."""
    national = _national(others)
    if others.get("positions_summary") is None:
        return []
    years = _covered(table, covered)
    have = sorted({int(y) for y in table["match_year"].dropna().unique()}) if not table.empty else []
    out = []
    for year in have:
        row = national.get(year) or {}
        if row.get("positions_total") is None and row.get("filled_total") is None:
            out.append(f"{year}: not reconciled: no national total")
        elif row.get("filled_total") is None:
            out.append(f"{year}: filled positions not reconciled: no national total of filled positions "
                       "(positions reconciled)")
        elif row.get("positions_total") is None:
            out.append(f"{year}: positions not reconciled: no national total of positions "
                       "(filled positions reconciled)")
    for year, row in sorted(national.items()):
        if year not in have and year not in years and (row["positions_total"] or row["filled_total"]):
            out.append(f"{year}: national total not reconciled: no Program Results edition read covers {year}")
    return out
