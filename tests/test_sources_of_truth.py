"""Facts live in data, not in code (issue #18): chart and report citations are the catalogue's
(data/raw/sources.yml), and report prose about the data is computed from the data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.config import paths
from pipeline.sources import catalogue
from tests.helpers import set_catalogue_entry


def test_chart_source_lines_are_the_catalogue_titles(home):
    from pipeline.charts import theme

    cat = catalogue.load(paths())
    for name, kinds in theme.SOURCE_KINDS.items():
        sources = [s for s in cat.sources if s.kind in kinds]
        assert sources, f"{name}: no catalogued file of the kinds {kinds}"
        line = getattr(theme, name)
        assert all(s.citation() in line for s in sources), (name, line)
    state = next(s for s in cat.sources if s.kind == theme.STATE_KIND and 2025 in s.years)
    assert theme._src_state(2025) == state.citation()


def test_a_changed_catalogue_title_changes_the_source_line(home):
    from pipeline.charts import theme

    set_catalogue_entry(home, "nrmp_rol_impact_2025", title="Impact of Length of Rank Order List (retitled)")
    assert theme.citation("rol_impact") == "NRMP, Impact of Length of Rank Order List (retitled)"
    assert theme.citation("no_such_kind") == "(no catalogued no_such_kind report)"


def test_report_citations_come_from_the_published_tables_inputs(home):
    from pipeline.reports import specialty as report
    from pipeline.reports.specialty_data import load_data
    from tests.specialty_fixture import SCRIPT, publish_fixture

    publish_fixture(home)  # the state report's catalogue title carries a <script>
    data = load_data(paths())
    cat = catalogue.load(paths())
    assert report._cite(data, "program_results") == cat.get("nrmp_program_results_2021_2025").citation()
    assert report._cite(data, "residents_by_specialty") == "; ".join(
        cat.get(s).citation() for s in ("aamc_residents_b5_2022", "aamc_residents_b6_2022"))
    state = report._cite(data, "state_specialty_results", 2025)
    assert state == cat.get("nrmp_state_specialty_2025").citation() and SCRIPT in state
    html = report.render(data, "internal-medicine")
    assert SCRIPT not in html  # the chart specs carry it escaped
    assert "Source: " + state.replace("<", "\\u003c").replace(">", "\\u003e")[:40] in html


def _data(state_positions: int, program_quota: int):
    from pipeline.reports.specialty_data import ReportData

    d = ReportData(paths(), Path("version"), year=2025)
    d.totals = pd.DataFrame([{"specialty_id": None, "positions": state_positions}])
    d.trend_national = pd.DataFrame({"match_year": [2024, 2025], "quota": [41_503, program_quota]})
    return d


def test_national_gap_between_the_two_reports_is_computed(home):
    from pipeline.reports.specialty import _national_gap

    assert _national_gap(_data(43_237, 43_218), 2025) == (
        "Nationally, NRMP's Program Results report lacks 19 of the 2025 positions (43,218, against 43,237 in "
        "the state/specialty report); neither figure is adjusted.")
    assert "lacks 7 of the 2025 positions (43,230," in _national_gap(_data(43_237, 43_230), 2025)
    assert "adds 3 of the 2025 positions" in _national_gap(_data(43_237, 43_240), 2025)
    assert _national_gap(_data(43_237, 43_237), 2025) == \
        "Nationally both reports list 43,237 2025 positions; neither figure is adjusted."
    assert _national_gap(_data(43_237, 43_218), 2026) == "Neither figure is adjusted."
