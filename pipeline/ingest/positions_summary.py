"""positions_summary: national positions offered, filled and unfilled per Match year.

Inputs: the bundled, cited facts and, when present, NRMP's "By the Numbers"
sheet (which adds unfilled positions and those offered in SOAP). Where both give
a figure they must agree exactly.
"""

from __future__ import annotations

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import _by_the_numbers, _manual_csv

TABLE = "positions_summary"
SOURCES = ("nrmp_national_positions_manual", "nrmp_by_the_numbers_2025")
OPTIONAL = ("nrmp_by_the_numbers_2025",)

FIGURES = ("positions_total", "positions_pgy1", "filled_total", "filled_pgy1", "unfilled", "unfilled_offered_in_soap")


def build(inputs: Inputs) -> pd.DataFrame:
    manual = inputs.require("nrmp_national_positions_manual")
    need = ["match_year", "positions_total", "filled_total", "positions_pgy1", "filled_pgy1"]
    rows = {}
    for r in _manual_csv.read(manual, need, ints=need):
        missing = [c for c in need if r[c] is None]
        if missing:
            raise InputError(f"empty {missing}", where=f"{manual} line {r['_source_line']}", todo="fill them")
        rows[r["match_year"]] = {**{c: r[c] for c in need}, "unfilled": None, "unfilled_offered_in_soap": None,
                                 "_source_file": str(manual), "_source_line": f"line {r['_source_line']}"}
    sheet = inputs.path("nrmp_by_the_numbers_2025")
    if sheet is not None:
        btn = _by_the_numbers.parse(sheet, max(inputs.sources["nrmp_by_the_numbers_2025"].years))
        for year in (btn.year, btn.previous_year):
            srow = {k: int(btn.value(k, year)) for k in FIGURES}
            mrow = rows.get(year)
            if mrow:
                for k in need[1:]:
                    if mrow[k] != srow[k]:
                        raise InputError(
                            f"{year} {k}: the bundled facts say {mrow[k]} ({manual.name}, {mrow['_source_line']}) "
                            f"but NRMP's By the Numbers sheet gives {srow[k]}", where=str(sheet),
                            todo="find out which is right and correct data/raw/manual/ (and its md5 in sources.yml)")
            rows[year] = {"match_year": year, **srow, "_source_file": str(sheet),
                          "_source_line": f"page {btn.figures['positions_total'].page}"}
    return pd.DataFrame(sorted(rows.values(), key=lambda r: r["match_year"]))
