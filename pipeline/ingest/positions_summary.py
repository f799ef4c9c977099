"""positions_summary: national positions offered, filled and unfilled per Match year.

Inputs: the bundled, cited facts (every file of the kind ``national_positions_facts``;
a year may be cited by several sources, each row giving some of the figures) and,
when present, every edition of NRMP's "By the Numbers" sheet (which adds unfilled
positions and those offered in SOAP). Where two give a figure they must agree
exactly; a figure no source gives is null (2018's national totals, for one).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import _by_the_numbers, _manual_csv

TABLE = "positions_summary"
KINDS = ("national_positions_facts", "by_the_numbers")
OPTIONAL = ("by_the_numbers",)

FIGURES = ("positions_total", "positions_pgy1", "filled_total", "filled_pgy1", "unfilled", "unfilled_offered_in_soap")


def build(inputs: Inputs) -> pd.DataFrame:
    figures = ["positions_total", "filled_total", "positions_pgy1", "filled_pgy1"]
    rows: dict[int, dict] = {}
    for ed in inputs.require("national_positions_facts"):
        # a year may have several rows, one per cited source: read merges them (they must agree); what is
        # merged here is a year that two facts files give
        for r in _manual_csv.read(ed.path, ["match_year", *figures, "source_title"], ints=["match_year", *figures],
                                  key=("match_year",)):
            if r["match_year"] is None:
                raise InputError("match_year is empty", where=f"{ed.path} line {r['_source_line']}",
                                 todo="every row names its Match year")
            row = {"match_year": r["match_year"], **{c: r[c] for c in figures},
                   "_source_file": str(ed.path), "_source_line": f"line {r['_source_line']}"}
            kept = rows.get(r["match_year"])
            if kept is None:
                rows[r["match_year"]] = {**row, "unfilled": None, "unfilled_offered_in_soap": None}
                continue
            _agree(kept, row, figures)
            for c in figures:
                if kept[c] is None and row[c] is not None:
                    kept[c] = row[c]
            kept["_source_line"] += f"; {Path(ed.path).name} {row['_source_line']}"
    sheets = {}
    for ed in inputs.editions("by_the_numbers"):  # newest first: its figures are kept
        btn = _by_the_numbers.parse(ed.path, max(ed.source.years, default=None))
        for year in (btn.year, btn.previous_year):
            srow = {"match_year": year, **{k: int(btn.value(k, year)) for k in FIGURES}, "_source_file": str(ed.path),
                    "_source_line": f"page {btn.figures['positions_total'].page}"}
            if year in sheets:
                _agree(sheets[year], srow, FIGURES)
                continue
            sheets[year] = srow
    for year, srow in sheets.items():
        if year in rows:
            _agree(rows[year], srow, figures)
        rows[year] = srow
    return pd.DataFrame(sorted(rows.values(), key=lambda r: r["match_year"]))


def _agree(kept: dict, other: dict, columns) -> None:
    """Two sources of one year's national figures must give the same numbers."""
    for k in columns:
        if kept.get(k) is not None and other.get(k) is not None and kept[k] != other[k]:
            raise InputError(
                f"{kept['match_year']} {k}: {Path(kept['_source_file']).name} ({kept['_source_line']}) gives "
                f"{kept[k]}, but {Path(other['_source_file']).name} ({other['_source_line']}) gives {other[k]}",
                where=other["_source_file"],
                todo="find out which is right and correct data/raw/manual/ (and its md5 in sources.yml)")
