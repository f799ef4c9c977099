"""match_summary: headline PGY-1 match figures by year and applicant type.

Inputs: the bundled, cited facts (every file of the kind ``headline_facts``; the registered
applicants of the ``national_positions_facts`` files, which cite them with the national totals) and,
when present, every edition of NRMP's "By the Numbers" sheet (each gives its year
and the previous year). Where two give a figure they must agree exactly; a sheet
is then the row's source, the newest edition first.

Every cited figure is published: a (year, applicant type) whose sources give a count but no rate
(2017 all applicants active 35,969; 2019 non-U.S. IMGs matched 4,028; ...) is a row with
``match_rate_pct`` null, so ``matchstats check`` can confirm the count.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import _by_the_numbers, _manual_csv

TABLE = "match_summary"
KINDS = ("headline_facts", "national_positions_facts", "by_the_numbers")
OPTIONAL = ("national_positions_facts", "by_the_numbers")

APPLICANT_TYPES = ("all_applicants", "us_md_senior", "us_do_senior", "us_img", "non_us_img")
COMPARED = (("active_applicants", "active"), ("matched_pgy1", "matched"), ("match_rate_pct", "rate"))


def _from_manual(path, source_id: str, failures: list, notes: list) -> dict:
    """One row per (year, applicant type) of a facts file. Several rows may cite one key (one row per
    source); they must agree, and a disagreement becomes a failure (``facts_agree``) naming both lines
    and figures, which passes only if it is documented (the figure is then not published). A key
    whose sources give no match rate is published with the rate null (its counts are cited facts)."""
    from pipeline.validate.failures import Failure

    def conflict(key: dict, col: str, a: tuple, b: tuple) -> None:
        failures.append(Failure(
            TABLE, f"facts_agree {key['applicant_type']} {col}",
            f"{Path(path).name} lines {a[1]} and {b[1]} both give {key['match_year']} {key['applicant_type']}, "
            f"with different figures: {col} {_manual_csv._show(a[0])} (line {a[1]}) vs {_manual_csv._show(b[0])} "
            f"(line {b[1]}); the figure is not published",
            [{"match_year": key["match_year"], "applicant_type": key["applicant_type"], "line": a[1], col: a[0]},
             {"match_year": key["match_year"], "applicant_type": key["applicant_type"], "line": b[1], col: b[0]}],
            year=key["match_year"], observed=a[0], expected=b[0]))

    rows = _manual_csv.read(path, ["match_year", "applicant_type", "active_applicants", "matched_pgy1",
                                   "match_rate_pct", "source_title", "source_url"],
                            ints=["match_year", "active_applicants", "matched_pgy1"], floats=["match_rate_pct"],
                            key=("match_year", "applicant_type"), on_conflict=conflict)
    out, rateless = {}, []
    for r in rows:
        if r["applicant_type"] not in APPLICANT_TYPES:
            raise InputError(f"unknown applicant_type {r['applicant_type']!r}",
                             where=f"{path} line {r['_source_line']}",
                             todo=f"use one of {', '.join(APPLICANT_TYPES)}")
        if r["match_rate_pct"] is None and r["active_applicants"] is None and r["matched_pgy1"] is None:
            continue  # every figure disputed (documented): nothing to publish
        if r["match_rate_pct"] is None:
            rateless.append(f"{r['match_year']} {r['applicant_type']} (line {r['_source_line']})")
        out[(r["match_year"], r["applicant_type"])] = {
            "match_year": r["match_year"], "applicant_type": r["applicant_type"], "registered_applicants": None,
            "active_applicants": r["active_applicants"], "matched_pgy1": r["matched_pgy1"],
            "match_rate_pct": r["match_rate_pct"], "source_id": source_id,
            "_source_file": str(path), "_source_line": f"line {r['_source_line']}",
        }
    if rateless:
        notes.append(f"{Path(path).name}: no match rate for {', '.join(rateless)}; published with the counts "
                     "only (match_rate_pct null)")
    return out


def _registered(path, source_id: str) -> dict:
    """All applicants' registered applicants per year, from a national positions facts file that has the
    column (one row per source; the sources of one year must agree)."""
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), [])
    if "registered_applicants" not in header:
        return {}
    figures = [c for c in ("positions_total", "filled_total", "positions_pgy1", "filled_pgy1") if c in header]
    rows = _manual_csv.read(path, ["match_year", *figures, "registered_applicants", "source_title"],
                            ints=["match_year", *figures, "registered_applicants"], key=("match_year",))
    out = {}
    for r in rows:
        if r["registered_applicants"] is None or r["match_year"] is None:
            continue
        out[(r["match_year"], "all_applicants")] = {
            "match_year": r["match_year"], "applicant_type": "all_applicants",
            "registered_applicants": r["registered_applicants"], "active_applicants": None, "matched_pgy1": None,
            "match_rate_pct": None, "source_id": source_id,
            "_source_file": str(path), "_source_line": f"line {r['_source_line']}"}
    return out


def _from_sheet(path, expected_year: int | None, source_id: str) -> dict:
    btn = _by_the_numbers.parse(path, expected_year)
    out = {}
    for year in (btn.year, btn.previous_year):
        for t in APPLICANT_TYPES:
            fig = {k: btn.value(f"{t}.{k}", year) for k in ("active", "matched", "rate")}
            registered = btn.value("all_applicants.registered", year) if t == "all_applicants" else None
            out[(year, t)] = {
                "match_year": year, "applicant_type": t,
                "registered_applicants": int(registered) if registered is not None else None,
                "active_applicants": int(fig["active"]), "matched_pgy1": int(fig["matched"]),
                "match_rate_pct": float(fig["rate"]), "source_id": source_id,
                "_source_file": str(path),
                "_source_line": f"page {btn.figures[f'{t}.matched'].page}"
                                + ("" if year == btn.year else f" (derived from the 'change from {year}' column)"),
            }
    return out


def build(inputs: Inputs) -> pd.DataFrame:
    rows: dict = {}
    failures: list = []
    notes: list[str] = []
    for ed in inputs.require("headline_facts"):
        for key, mrow in _from_manual(ed.path, ed.id, failures, notes).items():
            if key in rows:
                _agree(rows[key], mrow, key, ed.path)
            rows[key] = mrow
    for ed in inputs.editions("national_positions_facts"):
        for key, rrow in _registered(ed.path, ed.id).items():
            kept = rows.get(key)
            if kept is None:
                rows[key] = rrow
            elif kept["registered_applicants"] is None:
                kept["registered_applicants"] = rrow["registered_applicants"]
            elif kept["registered_applicants"] != rrow["registered_applicants"]:
                raise InputError(
                    f"{key[0]} registered applicants: {_what(kept)} gives {kept['registered_applicants']}, but "
                    f"{_what(rrow)} gives {rrow['registered_applicants']}", where=str(ed.path),
                    todo="find out which figure is right and correct data/raw/manual/ (and its md5 in sources.yml)")
    sheets: dict = {}
    for ed in inputs.editions("by_the_numbers"):  # newest first: its figures are kept
        for key, srow in _from_sheet(ed.path, max(ed.source.years, default=None), ed.id).items():
            if key in sheets:
                _agree(sheets[key], srow, key, ed.path)
                continue
            sheets[key] = srow
    for key, srow in sheets.items():
        if key in rows:
            _agree(rows[key], srow, key, srow["_source_file"])
            if srow["registered_applicants"] is None:
                srow["registered_applicants"] = rows[key]["registered_applicants"]
        rows[key] = srow
    df = pd.DataFrame(sorted(rows.values(), key=lambda r: (r["match_year"], APPLICANT_TYPES.index(r["applicant_type"]))))
    df.attrs["failures"], df.attrs["notes"] = failures, notes
    return df


def _agree(kept: dict, other: dict, key: tuple, where) -> None:
    """Two sources of the same (year, applicant type) must give the same figures."""
    for col in (*(c for c, _ in COMPARED), "registered_applicants"):
        a, b = kept[col], other[col]
        if a is not None and b is not None and a != b and not pd.isna(a) and not pd.isna(b):
            raise InputError(
                f"{key[0]} {key[1]} {col}: {_what(kept)} gives {a}, but {_what(other)} gives {b}", where=str(where),
                todo="find out which figure is right; correct data/raw/manual/ (and its md5 in sources.yml) "
                     "or check the sheet's edition")


def _what(row: dict) -> str:
    name = Path(row["_source_file"]).name
    if row["_source_line"].startswith("line "):
        return f"the bundled facts ({name}, {row['_source_line']})"
    return f"NRMP's By the Numbers sheet ({name}, {row['_source_line']})"


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list:
    """All applicants matched to PGY-1 = PGY-1 positions filled (positions_summary)."""
    from pipeline.validate.failures import Failure

    pos = others.get("positions_summary")
    if pos is None:
        return []
    failures = []
    allr = table[table["applicant_type"] == "all_applicants"].set_index("match_year")["matched_pgy1"]
    for _, p in pos.iterrows():
        year = int(p["match_year"])
        if pd.isna(p["filled_pgy1"]):
            continue
        if year in allr.index and not pd.isna(allr[year]) and int(allr[year]) != int(p["filled_pgy1"]):
            failures.append(Failure(TABLE, "reconcile: matched_pgy1 = positions_summary.filled_pgy1",
                                    f"{year} all_applicants matched_pgy1 {int(allr[year]):,} != "
                                    f"positions_summary.filled_pgy1 {int(p['filled_pgy1']):,}"))
    return failures
