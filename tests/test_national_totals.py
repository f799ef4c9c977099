"""The bundled national totals (data/raw/manual/nrmp_national_positions*.csv): cited facts, one row per
source with the exact quote, for every year an edition can cover that a source was found for (issue 24
item 4). The real editions' program sums are an independent check of the figures found for 2015-2023."""

from __future__ import annotations

import csv

import pytest

from pipeline.config import paths
from pipeline.ingest import Inputs, positions_summary, program_results
from pipeline.sources import catalogue
from tests.conftest import REPO_RAW


def _facts():
    cat = catalogue.load(paths())
    facts = cat.of_kind("national_positions_facts")
    return Inputs({s.id: REPO_RAW / s.path for s in facts}, {s.id: s for s in facts})


def test_every_row_cites_a_source_and_quotes_each_figure_or_says_how_it_is_derived():
    for path in sorted((REPO_RAW / "manual").glob("nrmp_national_positions_*.csv")):
        for line, row in enumerate(csv.DictReader(open(path, newline="", encoding="utf-8")), start=2):
            assert row["source_title"].strip() and row["source_url"].startswith("http"), (path.name, line)
            quote, note = row["quote"], row.get("note") or ""
            for col in ("positions_total", "filled_total", "positions_pgy1", "filled_pgy1", "registered_applicants"):
                v = (row.get(col) or "").strip()
                if v:
                    shown = f"{int(v):,}"
                    assert shown in quote or "derived" in note, (path.name, line, col, v)


def test_years_with_and_without_a_national_total():
    df = positions_summary.build(_facts()).set_index("match_year")
    assert 2010 not in df.index                                  # no source found
    assert df.loc[2011, ["positions_total", "filled_total"]].isna().all()
    assert tuple(df.loc[2012, ["positions_total", "filled_total"]]) == (26772, 25526)
    assert tuple(df.loc[2013, ["positions_total", "filled_total"]]) == (29171, 28130)
    assert df.loc[2014, "positions_total"] == 29671 and df.loc[2014, ["filled_total"]].isna().all()
    assert tuple(df.loc[2015, ["positions_total", "filled_total"]]) == (30212, 28906)
    assert df.loc[2018, "positions_total"] == 33167
    assert tuple(df.loc[2022, ["positions_total", "filled_total"]]) == (39205, 36943)
    assert tuple(df.loc[2023, ["positions_total", "filled_total"]]) == (40375, 37690)


@pytest.mark.integration
def test_real_editions_add_up_to_the_cited_totals():
    """Independent: the figures were found in releases and articles; the real editions' sums are NRMP's own."""
    from tests.conftest import real_source

    ids = ["nrmp_program_results_2021_2025", "nrmp_program_results_2016_2020", "nrmp_program_results_2015_2019"]
    cat = catalogue.load(paths())
    sums = program_results.build(Inputs({i: real_source(i) for i in ids}, {i: cat.get(i) for i in ids})) \
        .groupby("match_year")[["quota", "filled"]].sum()
    totals = positions_summary.build(_facts()).set_index("match_year")
    checked = 0
    for year in range(2015, 2025):
        for ours, theirs in (("quota", "positions_total"), ("filled", "filled_total")):
            total = totals[theirs].get(year)
            if total is not None and total == total:
                assert int(sums.loc[year, ours]) == int(total), (year, ours)
                checked += 1
    assert checked == 19  # 2015-2024: both figures of ten years, except 2018 filled (no source found)


def test_year_ranges_in_the_docs_are_derived_from_the_published_data(home, tmp_path):
    from pipeline.store.covered import fill_years, span
    from tests.helpers import cli

    assert span([2010, 2012, 2013, 2014, 2016]) == "2010, 2012\u20132014, 2016"
    assert fill_years("cover {years:program_results}.", None) == \
        "cover the years of the published data (none published yet)."
    before = cli("dictionary", "positions_summary").output
    assert "Years in the published data: the years of the published data (none published yet)" in before
    assert cli("pipeline", "--no-reports").exit_code == 0
    after = cli("dictionary", "positions_summary").output
    assert "Years in the published data: 2011\u20132025." in after  # from the bundled facts alone
