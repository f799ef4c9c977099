"""match_summary: headline PGY-1 match figures by year and applicant type.

Inputs: the bundled, cited facts (2022-2025) and, when present, NRMP's "By the
Numbers" sheet (its year and the previous year). Where both give a figure they
must agree exactly; the sheet is then the row's source.
"""

from __future__ import annotations

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import _by_the_numbers, _manual_csv

TABLE = "match_summary"
SOURCES = ("nrmp_headline_manual", "nrmp_by_the_numbers_2025")
OPTIONAL = ("nrmp_by_the_numbers_2025",)

APPLICANT_TYPES = ("all_applicants", "us_md_senior", "us_do_senior", "us_img", "non_us_img")
COMPARED = (("active_applicants", "active"), ("matched_pgy1", "matched"), ("match_rate_pct", "rate"))


def _from_manual(path) -> dict:
    rows = _manual_csv.read(path, ["match_year", "applicant_type", "active_applicants", "matched_pgy1",
                                   "match_rate_pct", "source_title", "source_url"],
                            ints=["match_year", "active_applicants", "matched_pgy1"], floats=["match_rate_pct"])
    out = {}
    for r in rows:
        if r["applicant_type"] not in APPLICANT_TYPES:
            raise InputError(f"unknown applicant_type {r['applicant_type']!r}",
                             where=f"{path} line {r['_source_line']}",
                             todo=f"use one of {', '.join(APPLICANT_TYPES)}")
        if r["matched_pgy1"] is None or r["match_rate_pct"] is None:
            raise InputError("matched_pgy1 and match_rate_pct are required", where=f"{path} line {r['_source_line']}",
                             todo="fill them from the cited source")
        out[(r["match_year"], r["applicant_type"])] = {
            "match_year": r["match_year"], "applicant_type": r["applicant_type"], "registered_applicants": None,
            "active_applicants": r["active_applicants"], "matched_pgy1": r["matched_pgy1"],
            "match_rate_pct": r["match_rate_pct"], "source_id": "nrmp_headline_manual",
            "_source_file": str(path), "_source_line": f"line {r['_source_line']}",
        }
    return out


def _from_sheet(path, expected_year: int) -> dict:
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
                "match_rate_pct": float(fig["rate"]), "source_id": "nrmp_by_the_numbers_2025",
                "_source_file": str(path),
                "_source_line": f"page {btn.figures[f'{t}.matched'].page}"
                                + ("" if year == btn.year else f" (derived from the 'change from {year}' column)"),
            }
    return out


def build(inputs: Inputs) -> pd.DataFrame:
    manual_path = inputs.require("nrmp_headline_manual")
    rows = _from_manual(manual_path)
    sheet_path = inputs.path("nrmp_by_the_numbers_2025")
    if sheet_path is not None:
        for key, srow in _from_sheet(sheet_path, max(inputs.sources["nrmp_by_the_numbers_2025"].years)).items():
            mrow = rows.get(key)
            if mrow is not None:
                for col, _ in COMPARED:
                    a, b = mrow[col], srow[col]
                    if a is not None and b is not None and a != b:
                        raise InputError(
                            f"{key[0]} {key[1]} {col}: the bundled facts say {a} ({manual_path.name}, "
                            f"{mrow['_source_line']}) but NRMP's By the Numbers sheet gives {b} ({srow['_source_line']})",
                            where=str(sheet_path),
                            todo="find out which figure is right; correct data/raw/manual/ (and its md5 in "
                                 "sources.yml) or check the sheet's edition")
            rows[key] = srow
    df = pd.DataFrame(sorted(rows.values(), key=lambda r: (r["match_year"], APPLICANT_TYPES.index(r["applicant_type"]))))
    return df


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
        if year in allr.index and int(allr[year]) != int(p["filled_pgy1"]):
            failures.append(Failure(TABLE, "reconcile: matched_pgy1 = positions_summary.filled_pgy1",
                                    f"{year} all_applicants matched_pgy1 {int(allr[year]):,} != "
                                    f"positions_summary.filled_pgy1 {int(p['filled_pgy1']):,}"))
    return failures
