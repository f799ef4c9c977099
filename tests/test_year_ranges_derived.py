"""The texts that name the years covered come from the published data, not typed (issue 24 item 5).

A synthetic published home whose program_results holds 2014–2025 (as after adding a 2014–2018
Program Results edition), whose rol_length holds 2007–2026 and whose state_specialty_results holds
2024–2025: `matchstats dictionary` says those years for the tables and for the analyses built on
them, and no longer says the years of the editions the repository was written with.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.config import paths
from pipeline.store import dictionary, warehouse
from pipeline.store.tables import write_table
from tests.helpers import cli

PROGRAM_YEARS = range(2014, 2026)
ROL_YEARS = range(2007, 2027)
STATE_YEARS = (2024, 2025)
TYPED = ("2015–2025", "2015-2025", "2006–2025", "2006-2025")  # the years the repository was written with


def _program_results() -> pd.DataFrame:
    return pd.DataFrame([{
        "match_year": y, "program_code": "1234140C0", "institution": "Empire Med Ctr", "state": "NY",
        "city": "New York", "program_name": "Internal Medicine", "specialty_code": "140",
        "specialty_id": "internal-medicine", "program_type": "C", "track": "0", "quota": 10, "filled": 9,
        "source_id": "fixture", "printed_in": "fixture", "name_key": "internal medicine", "name_clipped": 0}
        for y in PROGRAM_YEARS])


def _rol_length() -> pd.DataFrame:
    return pd.DataFrame([{"match_year": y, "group_name": "all_applicants", "outcome": o, "n": n, "pct": pct,
                          "avg_rol_length": avg, "avg_ranks_per_position": None}
                         for y in ROL_YEARS for o, n, pct, avg in (("matched", 80, 80.0, 12.5),
                                                                   ("unmatched", 20, 20.0, 5.25))])


def _state_specialty_results() -> pd.DataFrame:
    return pd.DataFrame([{"match_year": y, "state": "NY", "specialty_label": "Internal Medicine",
                          "specialty_id": "internal-medicine", "position_level": "PGY-1", "positions": 10,
                          "filled": 9, "us_md_senior": 5, "us_md_grad": 0, "us_do_senior": 1, "us_do_grad": 0,
                          "us_img": 1, "non_us_img": 2, "other": 0} for y in STATE_YEARS])


@pytest.fixture
def published(home):
    r = cli("pipeline", "--no-reports")  # the bundled facts: match_summary, positions_summary
    assert r.exit_code == 0, r.output
    version = paths().processed.resolve()
    for table, df in (("program_results", _program_results()), ("rol_length", _rol_length()),
                      ("state_specialty_results", _state_specialty_results())):
        df = dictionary.conform(table, df)
        write_table(df, version, table, {"table": table, "rows": len(df),
                                         "columns": dictionary.spec(table).column_names,
                                         "inputs": [], "fingerprint": "fixture"})
    tables = sorted(f.name[: -len(".meta.json")] for f in version.glob("*.meta.json"))
    warehouse.build(version, tables, say=lambda m: None)
    return home


def _say(*args: str) -> str:
    r = cli("dictionary", *args)
    assert r.exit_code == 0, r.output
    return " ".join(r.output.split())


def test_tables_name_the_years_they_hold(published):
    assert "the published data cover 2014\u20132025" in _say("program_results")
    assert "(Main Residency Match, 2007\u20132026)" in _say("rol_length")


def test_analyses_name_the_years_of_their_tables(published):
    assert "(2014\u20132025: every year of the catalogued Program Results" in _say("specialty_fill_trends")
    assert "(2014\u20132025 in the published data)" in _say("program_history")
    assert "(`rol_length`, 2007\u20132026)" in _say("match_rate_trends")
    assert "one row per year (2007\u20132026)" in _say("rol_length_vs_match")
    assert "each edition of the report covers one year (2024\u20132025)" in _say("img_share_by_specialty")


def test_no_typed_range_or_placeholder_is_left(published):
    everything = _say()
    assert "{years:" not in everything
    for typed in TYPED:
        assert typed not in everything, typed
    # every range "YYYY–YYYY" the dictionary prints for a whole table is one the data hold
    ranges = set(re.findall(r"\b(20\d\d)\u2013(20\d\d)\b", everything))
    assert ("2014", "2025") in ranges and ("2007", "2026") in ranges


def test_without_published_data_the_text_says_so(home):
    out = _say("rol_length")
    assert "(Main Residency Match, the years of the published data (none published yet))" in out
    assert "2006" not in out


def test_reports_name_the_years_of_the_fill_trend(published):
    r = cli("report", "--specialty", "internal-medicine")
    assert r.exit_code == 0, r.output
    page = (published / "reports" / "specialties" / "internal-medicine.html").read_text()
    assert "Positions 2014\u20132025" in page and "2015\u20132025" not in page
    r = cli("report")
    assert r.exit_code == 0, r.output
    index = (published / "reports" / "index.html").read_text()
    assert "Positions 2014\u20132025" in index and "Program Results 2014\u20132025" in index
    assert "2015\u20132025" not in index
