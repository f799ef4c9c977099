"""rol_length: length of rank order lists of matched/unmatched applicants and filled/unfilled programs.

Input: NRMP's "Impact of Length of Rank Order List on Match Results: <first>-<last>
Main Residency Match" (7 pages in the 2006-2025 edition). Page 1 is the title page;
every further page is one section, identified by its heading (not by its page
number): "Program Data" (filled/unfilled programs with average ROL length and
average ranks per position) and five applicant sections ("Applicant Data",
"U.S. MD Seniors Data", "U.S. DO Seniors Data", "U.S. IMG Data", "Non U.S. IMG
Data") with matched/unmatched applicants and their average ROL length.

Each section must hold exactly the years of the title's range, once each. The
printed percentages are checked against the counts (exact decimal arithmetic):
|100 * n / (n_matched + n_unmatched) - pct| <= 0.05 for both outcomes, and the two
percentages sum to 100 within 0.1. Values are kept as printed. Applicant data
exclude couples, so rates differ from the headline ones (match_summary).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest.pdftext import Pdf
from pipeline.validate.failures import Failure

TABLE = "rol_length"
KINDS = ("rol_impact",)

# section heading (whitespace-normalised) -> group_name
HEADINGS = {
    "Program Data": "programs",
    "Applicant Data": "all_applicants",
    "U.S. MD Seniors Data": "us_md_senior",
    "U.S. DO Seniors Data": "us_do_senior",
    "U.S. IMG Data": "us_img",
    "Non U.S. IMG Data": "non_us_img",
    "Non-U.S. IMG Data": "non_us_img",
}
GROUPS = ("programs", "all_applicants", "us_md_senior", "us_do_senior", "us_img", "non_us_img")
PROGRAM_OUTCOMES = ("filled", "unfilled")
APPLICANT_OUTCOMES = ("matched", "unmatched")

# the table header of each kind of section, whitespace-normalised
PROGRAM_HEADER = ("Year Filled Programs Unfilled Programs Number and % Filled Average Length of ROL "
                  "Average Ranks per Position Number and % Unfilled Average Length of ROL "
                  "Average Ranks per Position")
APPLICANT_HEADER = ("Year Matched Applicants Unmatched Applicants Number and % Matched Average Length of ROLs "
                    "Number and % Unmatched Average Length of ROLs")

TITLE_RE = re.compile(r"Impact of Length of Rank Order List on Match Results:\s*(\d{4})\s*[-\u2013\u2014]\s*(\d{4})"
                      r"\s+Main Residency Match")
PAGE_NO_RE = re.compile(r"^Page \d+ of \d+$")
FOOTER_RE = re.compile(r"^Updated \d{1,2}/\d{1,2}/\d{4}\.?$")
HEADER_START_RE = re.compile(r"^Year\s")
ROW_START_RE = re.compile(r"^\d{4}\b")
COUPLES_NOTE = "Data do not include couples"

_N = r"(\d{1,3}(?:,\d{3})+|\d+)"          # a count, with or without thousands separators
_P = r"\((\d{1,3}(?:\.\d+)?)%\)"          # a percentage in brackets
_F = r"(\d+\.\d+)"                        # an average
PROGRAM_ROW_RE = re.compile(rf"^(\d{{4}}) {_N} {_P} {_F} {_F} {_N} {_P} {_F} {_F}$")
APPLICANT_ROW_RE = re.compile(rf"^(\d{{4}}) {_N} {_P} {_F} {_N} {_P} {_F}$")

RATE_TOLERANCE = Decimal("0.05")   # printed pct vs 100 * n / total, percentage points
SUM_TOLERANCE = Decimal("0.1")     # the two printed pct vs 100


def _norm(text: str) -> str:
    # pdfium marks hyphenation breaks with U+FFFE / soft hyphens; treat all whitespace alike
    return " ".join(text.replace("\ufffe", "").replace("\u00ad", "").split())


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n")]


def _title_years(pdf: Pdf) -> tuple[int, int]:
    m = TITLE_RE.search(_norm(pdf.text(1)))
    if not m:
        raise InputError("page 1 does not carry the title \"Impact of Length of Rank Order List on Match Results: "
                         "<first year>-<last year> Main Residency Match\"", where=pdf.where(1),
                         todo="check that this is NRMP's Impact of Length of Rank Order List report "
                              "(see data/raw/sources.yml) and not another file")
    first, last = int(m.group(1)), int(m.group(2))
    if not first <= last:
        raise InputError(f"the title's year range {first}-{last} is reversed", where=pdf.where(1),
                         todo="check the file")
    return first, last


def _section(pdf: Pdf, page: int, lines: list[str]) -> tuple[str, int]:
    """The group named by the page's heading and the index of that line."""
    for i, line in enumerate(lines):
        if not line or PAGE_NO_RE.match(line):
            continue
        group = HEADINGS.get(line)
        if group is None:
            raise InputError(f"the page's heading {line!r} is not one of the known sections "
                             f"({', '.join(sorted(set(HEADINGS)))})", where=pdf.where(page, line),
                             todo="the report's layout has changed: update HEADINGS in pipeline/ingest/rol_length.py "
                                  "only after checking what the new section holds")
        return group, i
    raise InputError("the page has no text", where=pdf.where(page),
                     todo="check the file; it may be a scan or damaged")


def _num(s: str) -> int:
    return int(s.replace(",", ""))


def _check_pair(pdf: Pdf, page: int, line: str, year: int, labels: tuple[str, str],
                counts: tuple[str, str], pcts: tuple[str, str]) -> None:
    n = [Decimal(_num(c)) for c in counts]
    p = [Decimal(x) for x in pcts]
    total = n[0] + n[1]
    if total == 0:
        raise InputError(f"{year}: both counts are 0", where=pdf.where(page, line), todo="check the file")
    for lab, ni, pi in zip(labels, n, p):
        if abs(100 * ni - pi * total) > RATE_TOLERANCE * total:
            exact = 100 * ni / total
            raise InputError(
                f"{year} {lab}: printed {pi}% but 100 * {int(ni):,} / {int(total):,} = {exact:.3f}% "
                f"(more than {RATE_TOLERANCE} points apart)", where=pdf.where(page, line),
                todo="the counts and percentages disagree: check the line in the report; do not correct it by hand")
    if abs(p[0] + p[1] - 100) > SUM_TOLERANCE:
        raise InputError(f"{year}: {labels[0]} {p[0]}% + {labels[1]} {p[1]}% = {p[0] + p[1]}%, not 100 "
                         f"(within {SUM_TOLERANCE})", where=pdf.where(page, line),
                         todo="check the line in the report")


def _parse_section(pdf: Pdf, page: int, group: str, lines: list[str], start: int,
                   years: range) -> list[dict]:
    programs = group == "programs"
    if not programs and COUPLES_NOTE.casefold() not in _norm(" ".join(lines[start:])).casefold():
        raise InputError(f"the section does not say {COUPLES_NOTE!r}", where=pdf.where(page, lines[start]),
                         todo="the report may now include couples: check it, then update the code and the "
                              "caveats in pipeline/dictionary/rol_length.yml")
    head = next((i for i in range(start + 1, len(lines)) if HEADER_START_RE.match(lines[i])), None)
    if head is None:
        raise InputError("no table header (a line starting with \"Year\") found", where=pdf.where(page, lines[start]),
                         todo="the report's layout has changed: check the file")
    first = next((i for i in range(head, len(lines)) if ROW_START_RE.match(lines[i])), None)
    if first is None:
        raise InputError("no table rows (lines starting with a year) found after the header",
                         where=pdf.where(page, lines[head]), todo="the report's layout has changed: check the file")
    header = " ".join(lines[head:first]).split()
    expected = PROGRAM_HEADER if programs else APPLICANT_HEADER
    if " ".join(header) != expected:
        raise InputError(f"the table header reads {' '.join(header)!r}; expected {expected!r}",
                         where=pdf.where(page, lines[head]),
                         todo="the report's columns have changed: check the file and update "
                              "pipeline/ingest/rol_length.py")
    row_re = PROGRAM_ROW_RE if programs else APPLICANT_ROW_RE
    outcomes = PROGRAM_OUTCOMES if programs else APPLICANT_OUTCOMES
    rows: list[dict] = []
    seen: dict[int, str] = {}
    for line in lines[first:]:
        if not line or FOOTER_RE.match(line):
            continue
        m = row_re.match(line)
        if not m:
            shape = ("year, filled n (pct%), avg ROL length, avg ranks per position, unfilled n (pct%), "
                     "avg ROL length, avg ranks per position" if programs else
                     "year, matched n (pct%), avg ROL length, unmatched n (pct%), avg ROL length")
            raise InputError(f"cannot read this table row; expected {shape}", where=pdf.where(page, line),
                             todo="check the line in the report; the layout may have changed")
        year = int(m.group(1))
        if year not in years:
            raise InputError(f"year {year} is outside the title's range {years.start}-{years.stop - 1}",
                             where=pdf.where(page, line), todo="check the file's edition")
        if year in seen:
            raise InputError(f"year {year} appears twice (first as {seen[year]!r})", where=pdf.where(page, line),
                             todo="check the file")
        seen[year] = line
        g = m.groups()[1:]
        if programs:
            parts = (g[0:4], g[4:8])
            _check_pair(pdf, page, line, year, outcomes, (g[0], g[4]), (g[1], g[5]))
        else:
            parts = (g[0:3], g[3:6])
            _check_pair(pdf, page, line, year, outcomes, (g[0], g[3]), (g[1], g[4]))
        for outcome, vals in zip(outcomes, parts):
            rows.append({
                "match_year": year, "group_name": group, "outcome": outcome,
                "n": _num(vals[0]), "pct": float(vals[1]), "avg_rol_length": float(vals[2]),
                "avg_ranks_per_position": float(vals[3]) if programs else None,
                "_source_file": str(pdf.path), "_source_page": page, "_source_line": line,
            })
    missing = [y for y in years if y not in seen]
    if missing:
        after = {y: next((seen[p] for p in range(y - 1, years.start - 1, -1) if p in seen), None) for y in missing}
        detail = "; ".join(f"{y} (after line {after[y]!r})" if after[y] else f"{y} (before the first row)"
                           for y in missing)
        raise InputError(f"the table lacks year(s) {', '.join(map(str, missing))} of the title's range "
                         f"{years.start}-{years.stop - 1}: {detail}", where=pdf.where(page),
                         todo="check the file; a row may have been split or dropped")
    return rows


def parse(path: Path) -> pd.DataFrame:
    with Pdf(path) as pdf:
        if pdf.pages < 2:
            raise InputError(f"the file has {pdf.pages} page(s); the report has a title page and one page per "
                             "section", where=str(path), todo="check that this is the right file")
        first, last = _title_years(pdf)
        years = range(first, last + 1)
        rows: list[dict] = []
        found: dict[str, int] = {}
        for page in range(2, pdf.pages + 1):
            lines = _lines(pdf.text(page))
            group, start = _section(pdf, page, lines)
            if group in found:
                raise InputError(f"section {lines[start]!r} appears again (first on page {found[group]})",
                                 where=pdf.where(page, lines[start]), todo="check the file")
            found[group] = page
            rows.extend(_parse_section(pdf, page, group, lines, start, years))
        missing = [g for g in GROUPS if g not in found]
        if missing:
            names = {g: h for h, g in reversed(list(HEADINGS.items()))}
            raise InputError(f"sections missing: {', '.join(repr(names[g]) for g in missing)}", where=str(path),
                             todo="check that the file is complete (pages 2 onwards hold one section each)")
    df = pd.DataFrame(rows)
    order = {g: i for i, g in enumerate(GROUPS)}
    df["_g"] = df["group_name"].map(order)
    return df.sort_values(["_g", "match_year"], kind="stable").drop(columns="_g").reset_index(drop=True)


KEY = ["match_year", "group_name", "outcome"]
COMPARED = ("n", "pct", "avg_rol_length")


def build(inputs: Inputs) -> pd.DataFrame:
    """Every edition; each prints every year since 2006, so a year printed by several editions is taken
    from the newest and each of its figures compared with the older editions' (a difference is a
    failure naming both files, unless documented)."""
    merged, failures, compared = None, [], 0
    for ed in inputs.require("rol_impact"):  # newest first
        df = parse(ed.path).assign(_source_file=str(ed.path))
        if merged is None:
            merged = df
            continue
        both = merged.merge(df, on=KEY, suffixes=("", "_older"))
        for col in COMPARED:
            compared += len(both)
            for _, r in both[both[col] != both[f"{col}_older"]].iterrows():
                failures.append(Failure(
                    TABLE, f"editions_agree {r['group_name']} {r['outcome']} {col}",
                    f"{r['match_year']} {r['group_name']} {r['outcome']}: {col} {r[col]} in {r['_source_file']} but "
                    f"{r[f'{col}_older']} in {ed.path}", [{k: r[k] for k in KEY}],
                    year=int(r["match_year"]), observed=r[col], expected=r[f"{col}_older"]))
        older = df.merge(merged[KEY], on=KEY, how="left", indicator=True)["_merge"] == "left_only"
        merged = pd.concat([merged, df[older.to_numpy()]], ignore_index=True)
    merged.attrs["failures"] = failures
    if compared:
        merged.attrs["notes"] = [f"{compared:,} figures printed by more than one edition compared, "
                                 f"{len(failures):,} differed"]
    return merged


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list[Failure]:
    """Sanity bounds against the headline figures (which include couples).

    The report's applicants (primary ROLs, couples excluded) are a subset of the
    active applicants, so matched + unmatched <= match_summary.active_applicants for
    every applicant type and year both give. For all applicants, matched <=
    match_summary.matched_pgy1 holds in every year both cover (2024: 34,312 <= 35,984;
    2025: 35,987 <= 37,667); it is checked for all applicants only, as the margins per
    applicant type are small (U.S. IMG 2025: 3,053 vs 3,108) and it is not true by
    definition.
    """
    summary = others.get("match_summary")
    if summary is None:
        return []
    apps = table[table["group_name"] != "programs"]
    wide = apps.pivot_table(index=["match_year", "group_name"], columns="outcome", values="n", aggfunc="sum")
    failures: list[Failure] = []
    over_active, over_matched = [], []
    for _, s in summary.iterrows():
        key = (int(s["match_year"]), str(s["applicant_type"]))
        if key not in wide.index:
            continue
        matched, unmatched = int(wide.loc[key, "matched"]), int(wide.loc[key, "unmatched"])
        active = s.get("active_applicants")
        if active is not None and not pd.isna(active) and matched + unmatched > int(active):
            over_active.append((key, matched, unmatched, int(active)))
        pgy1 = s.get("matched_pgy1")
        if key[1] == "all_applicants" and pgy1 is not None and not pd.isna(pgy1) and matched > int(pgy1):
            over_matched.append((key, matched, int(pgy1)))
    if over_active:
        failures.append(Failure(
            TABLE, "applicants_within_active",
            "; ".join(f"{y} {g} matched+unmatched {m:,}+{u:,} = {m + u:,} > match_summary.active_applicants {a:,}"
                      for (y, g), m, u, a in over_active)
            + " (the report excludes couples, so it cannot have more applicants than the headline)",
            [{"match_year": y, "group_name": g, "matched": m, "unmatched": u, "match_summary_active_applicants": a}
             for (y, g), m, u, a in over_active][:10]))
    if over_matched:
        failures.append(Failure(
            TABLE, "matched_within_headline",
            "; ".join(f"{y} {g} matched {m:,} > match_summary.matched_pgy1 {p:,}" for (y, g), m, p in over_matched)
            + " (the report excludes couples)",
            [{"match_year": y, "group_name": g, "matched": m, "match_summary_matched_pgy1": p}
             for (y, g), m, p in over_matched][:10]))
    return failures
