"""Active residents by GME specialty and race/ethnicity (AAMC Report on Residents).

Reads the CSV exports of AAMC Report on Residents Table B5 (active MD residents)
and Table B6 (active DO residents) exactly as aamc.org serves them: a UTF-8 BOM,
title and note rows, a two-row header (category labels, then Number/Percent; a
label may contain a line break), counts with thousands separators, percentages
with or without ``%``, subspecialties as rows with an empty first column under
their specialty, a "Combined Specialties" heading row, a ``Total`` row, notes
after it and trailing empty rows and columns.

Columns are found by their header labels (``HEADER_CATEGORIES``), never by
position, so an edition with reordered or added columns or footnote markers
loads, and an unknown label is an error naming it.

Sources: B5 is required and B6 optional. Without B5 the runner skips the stage (a
checkout without AAMC files still builds the NRMP tables); with only B5 the table
holds MD rows. A B6-only table would make the degree split depend on what happens
to be downloaded; MD residents are the larger group the table is mostly used for.

Published layout facts this module relies on (checked, not assumed):

* Race/ethnicity is "alone or in combination": the categories overlap, so they
  do not add up to the row total. The row total is the "Unduplicated Total"
  column, which includes non-U.S. citizens.
* Percentages are of the row's Unduplicated Total (e.g. MD Anesthesiology:
  39 / 5,373 = 0.7%).
* Specialty rows do not include their subspecialties; the ``Total`` row is the
  sum of every specialty, subspecialty and combined-specialty row, per category.
  These are checked in ``reconcile``.
* The published grand totals are the file's own ``Total`` row: each edition prints
  its own, so no total is typed here; the rows must add up to it
  (``specialty_rows_sum_to_total``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest._labels import check_label
from pipeline.ingest.specialties import crosswalk, normalise
from pipeline.validate.failures import Failure

TABLE = "residents_by_specialty"
KINDS = ("aamc_residents_b5", "aamc_residents_b6")
OPTIONAL = ("aamc_residents_b6",)

# The degree each catalogue entry must contain (checked against the file's title).
EXPECTED_DEGREE = {"aamc_residents_b5": "MD", "aamc_residents_b6": "DO"}

COLUMNS = ["academic_year", "degree_type", "specialty", "parent_specialty", "specialty_id",
           "category", "residents", "pct"]

# Header label (as printed, compared after `normalise` and footnote stripping) -> category.
# "Other Race/Ethnicity" is AAMC's own category and maps to `other`. There is no
# "Multiple Race/Ethnicity" column: categories are "alone or in combination", so a
# resident who reported several is counted in each. A column such as "Multiple
# Race/Ethnicity" or "Two or More Races" in a later edition is *not* mapped to
# `other`: it is an unknown header, and a new category needs a decision (and an
# entry here and in the data dictionary's `category` values).
HEADER_CATEGORIES = {
    "American Indian or Alaska Native": "american_indian_alaska_native",
    "Asian": "asian",
    "Black or African American": "black",
    "Hispanic, Latino, or of Spanish Origin": "hispanic",
    "Native Hawaiian or Other Pacific Islander": "nhpi",
    "White": "white",
    "Other Race/Ethnicity": "other",
    "Unknown Race/Ethnicity": "unknown",
    "Non-U.S. Citizen or Non-Permanent Resident": "non_us_citizen",
    "Unduplicated Total": "total",
}
CATEGORIES = tuple(HEADER_CATEGORIES.values())
TOTAL_CATEGORY = "total"

# Second header row: which kind of figure a column holds. An empty cell under a
# category label is a count (the Unduplicated Total has no Percent column).
SUBHEADER_KINDS = {"number": "count", "count": "count", "n": "count",
                   "percent": "pct", "percentage": "pct", "%": "pct"}

# Rows with a label and no figures that group the rows below them. Rows under
# "Combined Specialties" are combined residency programs, not subspecialties:
# their parent_specialty is null.
GROUP_HEADINGS = {"combined specialties"}
TOTAL_LABEL = "total"

# AAMC labels that mean something else than the same label in NRMP reports, so
# they cannot be crosswalk labels (labels are shared by all sources). NRMP's Main
# Match "Thoracic Surgery" is the integrated PGY-1 program; AAMC lists the
# independent program as "Thoracic Surgery" next to "Thoracic Surgery: Integrated".
# Likewise AAMC "Plastic Surgery" next to "Plastic Surgery: Integrated".
AAMC_LABEL_IDS = {
    "Thoracic Surgery": "thoracic-surgery-independent",
    "Plastic Surgery": "plastic-surgery-independent",
}

PCT_TOLERANCE = 0.1  # percentage points; AAMC prints one decimal

_FOOTNOTE_RE = re.compile(r"(?:\s*(?:[*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\d+\]|\(\d+\)))+$")
_YEAR_RE = re.compile(r"\b((?:19|20)\d{2})\s*[-\u2013/]\s*(\d{2})\b")
_DEGREE_RE = re.compile(r"\bactive\s+(MD|DO)\s+residents\b", re.IGNORECASE)
_COUNT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
_PCT_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*%?$")
_NEGATIVE_RE = re.compile(r"^(?:[-\u2212]\s*\d|\(\s*\d[\d,.]*\s*\)$)")

_HEADER_KEYS = {normalise(k): v for k, v in HEADER_CATEGORIES.items()}


def _header_key(label: str) -> str:
    return normalise(_FOOTNOTE_RE.sub("", label.replace("\u00a0", " ").strip()))


def _row_text(cells: list[str]) -> str:
    text = ",".join(cells).rstrip(",")
    return text if len(text) <= 160 else text[:157] + "..."


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"the file is not UTF-8 text ({exc.reason} at byte {exc.start})", where=str(path),
                         todo="use the CSV as exported by aamc.org (UTF-8), or re-save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", where=str(path),
                         todo="check that the file exists and is readable") from None
    rows = []  # (first physical line of the record, cells); a quoted cell may span lines
    end = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        for cells in reader:
            rows.append((end + 1, [c.replace("\u00a0", " ").strip() for c in cells]))
            end = reader.line_num
    except csv.Error as exc:
        raise InputError(f"the file is not valid CSV ({exc})", where=f"{path} line {reader.line_num}",
                         todo="use the CSV as exported by aamc.org") from None
    return rows


def _parse_count(text: str, where: str, label: str, row: str) -> int:
    if _COUNT_RE.match(text):
        return int(text.replace(",", ""))
    if _NEGATIVE_RE.match(text):
        what = f"negative count {text!r} in column {label!r}"
    elif not text:
        what = f"empty count in column {label!r}"
    else:
        what = f"count {text!r} in column {label!r} is not a whole number"
    raise InputError(f"{what}; expected a non-negative whole number such as 1,283. Row: {row}", where=where,
                     todo="check the file against the table on aamc.org; do not edit figures by hand")


def _parse_pct(text: str, where: str, label: str, row: str) -> float:
    m = _PCT_RE.match(text)
    if m:
        return float(m.group(1))
    if _NEGATIVE_RE.match(text):
        what = f"negative percentage {text!r} in column {label!r}"
    elif not text:
        what = f"empty percentage in column {label!r}"
    else:
        what = f"percentage {text!r} in column {label!r} is not a number"
    raise InputError(f"{what}; expected a number such as 23.9 or 23.9%. Row: {row}", where=where,
                     todo="check the file against the table on aamc.org; do not edit figures by hand")


def _find_header(path: Path, rows) -> int:
    for i, (_, cells) in enumerate(rows[:40]):
        if sum(1 for c in cells if _header_key(c) in _HEADER_KEYS) >= 2:
            return i
    raise InputError(
        "no header row with the race/ethnicity categories (e.g. 'Asian', 'Unduplicated Total') in the first "
        "40 rows", where=str(path),
        todo="this is not an AAMC Report on Residents B5/B6 table in the expected layout; check the file, or "
             f"extend HEADER_CATEGORIES in {__name__} if AAMC renamed the columns")


def _parse_header(path: Path, rows, h: int):
    """Column layout: (label columns, {category: {'count': col, 'pct': col}}, header labels)."""
    line, cat = rows[h]
    if h + 1 >= len(rows):
        raise InputError("the header row is the last row; expected a Number/Percent row below it",
                         where=f"{path} line {line}", todo="check that the file is complete")
    sub_line, sub = rows[h + 1]
    width = max(len(cat), len(sub))
    cat = cat + [""] * (width - len(cat))
    sub = sub + [""] * (width - len(sub))
    if not any(_header_key(s) in SUBHEADER_KINDS for s in sub):
        raise InputError(f"expected a second header row with Number/Percent below the categories, found: "
                         f"{_row_text(sub)}", where=f"{path} line {sub_line}",
                         todo="check the file's layout against the AAMC table")
    # Label columns are those left of the first figure column (a known category label
    # or a Number/Percent sub-header); a caption such as "Specialty" in them is ignored.
    first = next(c for c in range(width)
                 if _header_key(cat[c]) in _HEADER_KEYS or _header_key(sub[c]) in SUBHEADER_KINDS)
    cols: dict[str, dict[str, int]] = {}
    labels: dict[str, str] = {}
    unknown = []
    current = None
    for c in range(first, width):
        lab, kind_text = cat[c], _header_key(sub[c])
        if lab:
            key = _header_key(lab)
            category = _HEADER_KEYS.get(key)
            if category is None:
                unknown.append(lab)
                current = None
                continue
            if category in cols:
                raise InputError(f"header {lab!r} appears twice (columns {cols[category]['count'] + 1} and {c + 1})",
                                 where=f"{path} line {line}", todo="check the file's header")
            current = category
            cols[category] = {}
            labels[category] = " ".join(lab.split())
        elif not kind_text:
            current = None  # a gap: trailing or separating empty column
            continue
        elif current is None:
            if unknown and not cat[c]:
                continue  # the Percent column of an unknown category: already reported
            raise InputError(f"column {c + 1} has sub-header {sub[c]!r} but no category label above it",
                             where=f"{path} line {sub_line}", todo="check the file's header")
        kind = SUBHEADER_KINDS.get(kind_text, "count" if not kind_text else None)
        if kind is None:
            raise InputError(f"sub-header {sub[c]!r} under {labels[current]!r} (column {c + 1}) is not one of "
                             f"Number/Percent", where=f"{path} line {sub_line}",
                             todo=f"extend SUBHEADER_KINDS in {__name__} if AAMC renamed it")
        if kind in cols[current]:
            raise InputError(f"{labels[current]!r} has two {sub[c] or 'count'} columns",
                             where=f"{path} line {sub_line}", todo="check the file's header")
        cols[current][kind] = c
    if unknown:
        raise InputError(
            f"unrecognised header label(s): {', '.join(repr(u) for u in unknown)}; known labels: "
            + ", ".join(repr(k) for k in HEADER_CATEGORIES), where=f"{path} line {line}",
            todo=f"if AAMC renamed a column, add the new label to HEADER_CATEGORIES in {__name__}; a new "
                 "category (e.g. multiple race/ethnicity) also needs a value in the data dictionary")
    missing = [k for k, v in HEADER_CATEGORIES.items() if v not in cols]
    if missing:
        raise InputError(f"missing header(s): {', '.join(repr(m) for m in missing)}", where=f"{path} line {line}",
                         todo="this edition lacks a column the table needs; check the file against aamc.org")
    for category, kinds in cols.items():
        if "count" not in kinds:
            raise InputError(f"{labels[category]!r} has no Number column", where=f"{path} line {sub_line}",
                             todo="check the file's header")
        if category != TOTAL_CATEGORY and "pct" not in kinds:
            raise InputError(f"{labels[category]!r} has no Percent column", where=f"{path} line {sub_line}",
                             todo="check the file's header")
    label_cols = list(range(first))
    if len(label_cols) != 2:
        raise InputError(f"expected two label columns (specialty, subspecialty) before the first category, "
                         f"found {len(label_cols)}", where=f"{path} line {line}",
                         todo="check the file's layout against the AAMC table")
    return label_cols, cols, labels


def _title_facts(path: Path, rows, h: int) -> tuple[str, str]:
    """(academic_year, degree_type) from the title rows above the header."""
    year = degree = None
    for _, cells in rows[:h]:
        text = " ".join(c for c in cells if c)
        if degree is None and (m := _DEGREE_RE.search(text)):
            degree = m.group(1).upper()
        if year is None and (m := _YEAR_RE.search(text)):
            start, end = int(m.group(1)), int(m.group(2))
            if end != (start + 1) % 100:
                raise InputError(f"academic year {m.group(0)!r} in the title is not two consecutive years",
                                 where=f"{path}", todo="check the file's title rows")
            year = f"{start}-{end:02d}"
        if year and degree:
            break
    if degree is None:
        raise InputError("the title rows do not say 'Active MD Residents' or 'Active DO Residents'",
                         where=str(path), todo="use AAMC Report on Residents Table B5 (MD) or B6 (DO)")
    if year is None:
        raise InputError("the title rows name no academic year such as '2021-22'", where=str(path),
                         todo="use the CSV as exported by aamc.org, with its title rows")
    return year, degree


def parse_file(path: Path) -> pd.DataFrame:
    """Parse one B5/B6 CSV into the long table (without specialty_id), with provenance columns."""
    path = Path(path)
    rows = _read_rows(path)
    h = _find_header(path, rows)
    year, degree = _title_facts(path, rows, h)
    label_cols, cols, labels = _parse_header(path, rows, h)
    used = set(label_cols) | {c for kinds in cols.values() for c in kinds.values()}
    value_cols = sorted(used - set(label_cols))
    core_col, sub_col = label_cols

    out = {k: [] for k in ("specialty", "parent_specialty", "category", "residents", "pct",
                           "_source_line", "_level")}
    seen: dict[str, int] = {}
    parent = group = None
    total_line = None
    for i in range(h + 2, len(rows)):
        line, cells = rows[i]
        where = f"{path} line {line}"
        if not any(cells):
            continue
        cells = cells + [""] * (max(value_cols[-1] + 1, len(cells)) - len(cells))
        stray = [c for c, v in enumerate(cells) if v and c not in used]
        has_values = any(cells[c] for c in value_cols)
        core, sub = cells[core_col], cells[sub_col]
        if total_line is not None:
            if has_values or sub or stray:
                raise InputError(f"figures after the Total row (line {total_line}): {_row_text(cells)}",
                                 where=where, todo="check the file against the AAMC table")
            continue  # notes, source and copyright lines
        if stray:
            raise InputError(f"value {cells[stray[0]]!r} in column {stray[0] + 1}, which has no header label. "
                             f"Row: {_row_text(cells)}", where=where,
                             todo="check the file's layout against the AAMC table")
        if core and sub:
            raise InputError(f"both the specialty and the subspecialty column are filled: {_row_text(cells)}",
                             where=where, todo="check the file's layout against the AAMC table")
        if core and not has_values:
            if normalise(core) not in GROUP_HEADINGS:
                if not any(any(r[c] for c in value_cols if c < len(r)) for _, r in rows[i + 1:]):
                    raise InputError(f"no 'Total' row: the figures end before line {line}, where the notes "
                                     f"begin ({core[:60]!r})", where=str(path),
                                     todo="check that the file is complete (the AAMC table ends with a Total row)")
                raise InputError(f"row {core!r} has a label but no figures; the only known heading rows are "
                                 f"{sorted(GROUP_HEADINGS)}", where=where,
                                 todo=f"check the file; if AAMC added a heading row, add it to GROUP_HEADINGS "
                                      f"in {__name__}")
            group, parent = core, None
            continue
        if not core and not sub:
            raise InputError(f"figures without a specialty label: {_row_text(cells)}", where=where,
                             todo="check the file's layout against the AAMC table")
        if core and normalise(core) == TOTAL_LABEL:
            label, par, level = "Total", None, "total"
            total_line = line
        elif core:
            label, par, level = core, None, "core"
            parent, group = core, None
        elif group is not None:
            label, par, level = sub, None, "combined"
        elif parent is not None:
            label, par, level = sub, parent, "sub"
        else:
            raise InputError(f"subspecialty row {sub!r} comes before any specialty row", where=where,
                             todo="check the file's layout against the AAMC table")
        check_label(label, where, known=crosswalk().by_label)  # no control character, quote or markup
        key = normalise(label)
        if key in seen:
            raise InputError(f"duplicated row {label!r} (first on line {seen[key]})", where=where,
                             todo="check the file against the AAMC table; each specialty appears once")
        seen[key] = line
        row = _row_text(cells)
        for category, kinds in cols.items():
            residents = _parse_count(cells[kinds["count"]], where, labels[category], row)
            pct = None
            if category != TOTAL_CATEGORY:
                pct = _parse_pct(cells[kinds["pct"]], where, labels[category] + " Percent", row)
            out["specialty"].append(label)
            out["parent_specialty"].append(par)
            out["category"].append(category)
            out["residents"].append(residents)
            out["pct"].append(pct)
            out["_source_line"].append(line)
            out["_level"].append(level)
    if total_line is None:
        raise InputError("no 'Total' row after the specialty rows", where=str(path),
                         todo="check that the file is complete (the AAMC table ends with a Total row)")
    if len(seen) < 2:
        raise InputError("no specialty rows before the Total row", where=str(path),
                         todo="check that the file is complete")
    df = pd.DataFrame(out)
    df.insert(0, "degree_type", degree)
    df.insert(0, "academic_year", year)
    df["_source_file"] = str(path)
    return df


def _resolve_ids(df: pd.DataFrame, where: str) -> pd.Series:
    """specialty_id per row: core and combined rows must resolve; subspecialties may be null."""
    cw = crosswalk()
    bad = {v for v in AAMC_LABEL_IDS.values() if v not in cw.names}
    if bad:
        raise InputError(f"AAMC_LABEL_IDS names specialty ids missing from the crosswalk: {sorted(bad)}",
                         where=__name__, todo="add the rows to data/reference/specialties.csv")
    overrides = {normalise(k): v for k, v in AAMC_LABEL_IDS.items()}
    level = df["_level"]
    need = [s for s in df.loc[level.isin(["core", "combined"]), "specialty"].unique()
            if normalise(s) not in overrides]
    ids = cw.resolve_labels(need, where=where)
    out = []
    for label, lev in zip(df["specialty"], level):
        if lev == "total":
            out.append(None)
        elif normalise(label) in overrides:
            out.append(overrides[normalise(label)])
        elif lev == "sub":
            out.append(cw.by_label(label))
        else:
            out.append(ids[label])
    return pd.Series(out, index=df.index, dtype="object")


def build(inputs) -> pd.DataFrame:
    frames, seen = [], {}
    for kind in KINDS:
        editions = inputs.require(kind) if kind not in OPTIONAL else inputs.editions(kind)
        for ed in editions:
            path, src = ed.path, ed.source
            df = parse_file(path)
            year, degree = df["academic_year"].iat[0], df["degree_type"].iat[0]
            if degree != EXPECTED_DEGREE[kind]:
                raise InputError(f"the title says active {degree} residents, but catalogue entry {src.id!r} is "
                                 f"the {EXPECTED_DEGREE[kind]} table", where=str(path),
                                 todo="save Table B5 (MD) and Table B6 (DO) under their catalogue paths, or "
                                      "register the file with `matchstats add`, which reads its kind from it")
            if src.years and int(year[:4]) not in src.years:
                raise InputError(f"the file is for academic year {year}, but catalogue entry {src.id!r} covers "
                                 f"{list(src.years)}", where=str(path),
                                 todo="use the edition the catalogue describes, or add a catalogue entry for this one")
            if (year, degree) in seen:
                raise InputError(f"two files hold the {degree} residents of {year}: {seen[(year, degree)]} and "
                                 f"{path}", where=str(path), todo="keep one catalogue entry per table and year")
            seen[(year, degree)] = path
            df["specialty_id"] = _resolve_ids(df, where=str(path))
            frames.append(df)
    table = pd.concat(frames, ignore_index=True)
    return table[COLUMNS + ["_source_file", "_source_line"]]


# ---------------------------------------------------------------- checks

def _fmt(n) -> str:
    return f"{int(n):,}"


def _examples(rows: pd.DataFrame, cols) -> list[dict]:
    out = []
    for rec in rows.head(10)[cols].to_dict("records"):
        out.append({k: (None if pd.isna(v) else (v.item() if hasattr(v, "item") else v)) for k, v in rec.items()})
    return out


def check_table(table: pd.DataFrame) -> list[Failure]:
    """Arithmetic checks within the table (the suite cannot compare rows with each other)."""
    failures: list[Failure] = []
    if table.empty:
        return failures
    keys = ["academic_year", "degree_type", "specialty"]
    t = table.copy()
    t["residents"] = pd.to_numeric(t["residents"]).astype("float64")
    t["pct"] = pd.to_numeric(t["pct"]).astype("float64")
    totals = (t[t["category"] == TOTAL_CATEGORY].set_index(keys)["residents"].rename("row_total"))
    t = t.join(totals, on=keys)
    cols = [c for c in ("academic_year", "degree_type", "specialty", "category", "residents", "pct", "row_total",
                        "_source_file", "_source_line") if c in t.columns]

    no_total = t[t["row_total"].isna()]
    if len(no_total):
        failures.append(Failure(TABLE, "row_has_unduplicated_total",
                                f"{no_total['specialty'].nunique()} specialties have no 'total' category row",
                                _examples(no_total, cols)))
    t = t[t["row_total"].notna()]

    cat = t[t["category"] != TOTAL_CATEGORY]
    over = cat[cat["residents"] > cat["row_total"]]
    if len(over):
        r = over.iloc[0]
        failures.append(Failure(
            TABLE, "category_le_unduplicated_total",
            f"{len(over)} counts exceed their row's Unduplicated Total, e.g. {r['degree_type']} {r['specialty']} "
            f"{r['category']} {_fmt(r['residents'])} > total {_fmt(r['row_total'])}", _examples(over, cols)))

    with_pct = cat[cat["pct"].notna() & (cat["row_total"] > 0)]
    gap = (100 * with_pct["residents"] / with_pct["row_total"] - with_pct["pct"]).abs()
    off = with_pct[gap > PCT_TOLERANCE + 1e-9]
    if len(off):
        r = off.iloc[0]
        failures.append(Failure(
            TABLE, "pct_matches_counts",
            f"{len(off)} published percentages differ from 100 * residents / Unduplicated Total by more than "
            f"{PCT_TOLERANCE} points, e.g. {r['degree_type']} {r['specialty']} {r['category']}: published "
            f"{r['pct']} vs 100 * {_fmt(r['residents'])} / {_fmt(r['row_total'])} = "
            f"{100 * r['residents'] / r['row_total']:.2f}", _examples(off, cols)))

    is_total_row = t["specialty"] == "Total"
    sums = t[~is_total_row].groupby(["academic_year", "degree_type", "category"])["residents"].agg(["sum", "count"])
    tot = t[is_total_row].set_index(["academic_year", "degree_type", "category"])["residents"]
    for (year, degree, category), (s, n) in sums.iterrows():
        published = tot.get((year, degree, category))
        where = _file_of(t, year, degree)
        if published is None:
            failures.append(Failure(TABLE, "specialty_rows_sum_to_total",
                                    f"{degree} {year}: no Total row for category {category} "
                                    f"(sum of {int(n)} specialty rows {_fmt(s)}){where}"))
        elif s != published:
            failures.append(Failure(
                TABLE, "specialty_rows_sum_to_total",
                f"{degree} {year} {category}: sum of {int(n)} specialty, subspecialty and combined rows {_fmt(s)} "
                f"!= Total row {_fmt(published)} (specialty rows exclude their subspecialties, so every row "
                f"counts once){where}; a row of the file is missing or changed (a line dropped or edited): get "
                f"the file again from aamc.org"))
    return failures


def _file_of(t: pd.DataFrame, year, degree) -> str:
    """' in <file> (Total row on line N)': the file (and line) a year and degree's rows come from."""
    if "_source_file" not in t.columns:
        return ""
    rows = t[(t["academic_year"] == year) & (t["degree_type"] == degree)]
    files = list(dict.fromkeys(rows["_source_file"].dropna().astype(str)))
    if not files:
        return ""
    total = rows[rows["specialty"] == "Total"]
    line = f" (Total row on line {total['_source_line'].iat[0]})" if len(total) and "_source_line" in t.columns else ""
    return f" in {' and '.join(files)}{line}"


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list[Failure]:
    return check_table(table)


def unmatched_specialties(df: pd.DataFrame, nrmp_ids: set[str] | None = None) -> list[str]:
    """AAMC specialty labels (as published, in table order) with no NRMP counterpart.

    A row has an NRMP counterpart when its specialty_id is one NRMP data can carry:
    by default a crosswalk id with at least one ACGME code (NRMP program codes
    contain the ACGME specialty code), or an id in ``nrmp_ids`` when the caller
    passes the ids actually present in the NRMP tables. The Total row is ignored.
    """
    if nrmp_ids is None:
        nrmp_ids = set(crosswalk().by_code_map.values())
    rows = df[df["specialty"] != "Total"]
    ids = rows["specialty_id"]
    mask = ids.isna() | ~ids.isin(nrmp_ids)
    return list(dict.fromkeys(rows.loc[mask, "specialty"].tolist()))
