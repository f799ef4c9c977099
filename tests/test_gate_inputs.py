"""What decides whether a table may be published is part of what decides a rerun.

Deleting a documented source discrepancy must not pass as "nothing changed": the next run
re-validates and fails naming both figures (2025: the Program Results report's 43,218 positions
against NRMP's national 43,237), and data/processed/ keeps the last good version.
"""

from __future__ import annotations

import shutil

import pytest

from pipeline.config import REFERENCE_DIR
from tests.conftest import real_raw_dir
from tests.helpers import cli, snapshot


@pytest.fixture
def own_discrepancies(tmp_path, monkeypatch):
    from pipeline.validate import discrepancies

    copy = tmp_path / "known_discrepancies.csv"
    shutil.copy(REFERENCE_DIR / "known_discrepancies.csv", copy)
    monkeypatch.setattr(discrepancies, "FILE", copy)
    discrepancies._entries.cache_clear()
    yield copy
    discrepancies._entries.cache_clear()


def test_code_version_covers_the_documented_discrepancies(own_discrepancies):
    from pipeline import run

    before = run.code_version("program_results")
    own_discrepancies.write_text(own_discrepancies.read_text().splitlines()[0] + "\n")
    assert run.code_version("program_results") != before


@pytest.mark.integration
def test_removing_a_documented_discrepancy_fails_the_next_run(home, own_discrepancies):
    from pipeline.validate import discrepancies

    assert cli("fetch", "--from", str(real_raw_dir())).exit_code == 0
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    assert "documented source discrepancy" in r.output
    before = snapshot(home / "data" / "processed")
    own_discrepancies.write_text(own_discrepancies.read_text().splitlines()[0] + "\n")  # header only
    discrepancies._entries.cache_clear()
    r = cli("pipeline", "--no-reports")
    assert r.exit_code != 0
    assert "nothing changed" not in r.output
    assert "43,218" in r.output and "43,237" in r.output
    assert snapshot(home / "data" / "processed") == before


def marts_in(home) -> list[str]:
    import json

    return json.loads((home / "data" / "processed" / "warehouse.json").read_text())["analyses"]


def _headline_years(home) -> int:
    """The Match years match_summary has in this home: those of the headline facts, and those whose
    registered applicants a national positions facts file cites (2011: a count-only row)."""
    import pandas as pd

    from pipeline.config import paths
    from pipeline.sources import catalogue

    p = paths(home)
    cat = catalogue.load(p)
    years = set()
    for s in cat.of_kind("headline_facts"):
        years |= set(pd.read_csv(s.local(p))["match_year"])
    for s in cat.of_kind("national_positions_facts"):
        df = pd.read_csv(s.local(p))
        if "registered_applicants" in df:
            years |= set(df.loc[df["registered_applicants"].notna(), "match_year"])
    return len(years)


def test_a_new_analysis_rebuilds_the_database_even_when_no_table_changed(home, tmp_path, monkeypatch):
    from pipeline import run
    from pipeline.config import SQL_DIR
    from pipeline.store import warehouse

    assert cli("pipeline", "--no-reports").exit_code == 0
    sql = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql)
    (sql / "headline_years.sql").write_text(
        "CREATE VIEW headline_years AS SELECT DISTINCT match_year FROM match_summary ORDER BY 1\n")
    monkeypatch.setattr(run, "SQL_DIR", sql)
    monkeypatch.setattr(warehouse, "SQL_DIR", sql)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0 and "nothing changed" not in r.output, r.output
    q = cli("query", "select count(*) from headline_years")
    n = _headline_years(home)  # 2011 (registered applicants only), 2016-2025 with the bundled facts
    assert n >= 11 and q.exit_code == 0 and q.output.split("\n")[2].strip() == str(n), q.output
    again = cli("pipeline", "--no-reports")
    assert "nothing changed" in again.output
    n = len(marts_in(home))
    assert f"{n} analyses (unchanged)." in again.output and n >= 2  # match_rate_headline, headline_years


def test_a_run_with_nothing_changed_starts_no_chart_process_and_reads_no_data(home, monkeypatch):
    """A no-op run: the chart files and the reports are seen to be up to date from their stamps alone."""
    from pipeline import run
    from pipeline.reports import index

    assert cli("pipeline").exit_code == 0
    monkeypatch.setattr(run, "_start_chart_export", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("a chart process was started")))
    monkeypatch.setattr(index, "load_data", lambda *a: (_ for _ in ()).throw(AssertionError("data were read")))
    from pipeline.charts import export
    from pipeline.config import paths
    from pipeline.store import publish

    checked = []
    real_up_to_date = export.up_to_date
    monkeypatch.setattr(export, "up_to_date",
                        lambda p, version=None: checked.append(version) or real_up_to_date(p, version))
    again = cli("pipeline")
    assert again.exit_code == 0, again.output
    assert "[charts] reports/charts/ up to date" in again.output and "nothing changed" in again.output
    # the run hands the charts the published version it resolved; they do not look it up again
    version = publish.current_version(paths(home))
    assert checked == [version] and version is not None
    monkeypatch.setattr(publish, "current_version", lambda *a: (_ for _ in ()).throw(AssertionError("looked up")))
    assert real_up_to_date(paths(home), version) and not real_up_to_date(paths(home), version.parent / "another")
