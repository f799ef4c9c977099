"""notebooks/06-plan.ipynb: the worked example of `plan(profile)`, executed offline (nbclient, as in
tests/test_notebooks.py) on an offline clone, on the small fixture tables and (integration) on the real files."""

from __future__ import annotations

import pytest

from pipeline.config import paths
from tests.test_notebooks import (assert_interactive_and_offline, errors, execute, outputs, svgs, table_texts,
                                  _publish_fixture_tables)

NAME = "06-plan.ipynb"


def answers(nb) -> list[str]:
    """The plan's summary as the notebook shows it (Markdown opening with "**Plan:")."""
    return [o["data"]["text/markdown"] for o in outputs(nb) if o.get("data", {}).get("text/markdown", "").startswith("**Plan:")]


def test_notebook_06_on_an_offline_clone(home, monkeypatch):
    """Only the bundled facts: the answer says which sections are missing and what to do; no error, no chart."""
    from pipeline.run import run

    run(paths(home), say=lambda m: None, reports=False)
    nb = execute(NAME, home, monkeypatch)
    assert errors(nb) == [] and svgs(nb) == []
    answer = answers(nb)[0]
    assert "Charting Outcomes: Not available" in answer and "make pipeline" in answer
    assert "Rank order list length: Not available" in answer


def test_notebook_06_with_every_table(home, monkeypatch):
    _publish_fixture_tables(home)
    nb = execute(NAME, home, monkeypatch)
    assert errors(nb) == []
    answer = answers(nb)[0]
    # fixture: internal medicine 30 of 60; Step 2 CK quartiles 240 / 251 (matched) and 243 (not matched)
    assert "between the lower quartile (240) and the median (251) of those who matched; above the median (243)" \
        in answer and "30 of 60, 50.0%" in answer
    titles = ["USMLE Step 2 CK: Internal Medicine", "Contiguous ranks of the specialty: Internal Medicine",
              "States ranked by IMG matches: Internal Medicine"]  # the fixture has no non-U.S. IMG rank-list rows
    got = svgs(nb)
    assert len(got) == len(titles)
    for title, svg in zip(titles, got):
        assert title in svg and "Source: " in svg and "You: " in svg or title.startswith("States"), title
    assert_interactive_and_offline(nb, NAME)
    tables = " ".join(table_texts(nb))
    assert "Univ A" in tables and "Internal Medicine" in tables


@pytest.mark.integration
def test_notebook_06_on_the_real_data(monkeypatch, tmp_path):
    from tests.conftest import make_home, real_raw_dir
    from tests.helpers import cli

    raw = real_raw_dir()
    home = make_home(tmp_path)
    monkeypatch.setenv("MATCHSTATS_HOME", str(home))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    assert cli("fetch", "--from", str(raw), "--offline").exit_code == 0
    assert cli("pipeline", "--no-reports").exit_code == 0
    nb = execute(NAME, home, monkeypatch)
    assert errors(nb) == []
    answer = answers(nb)[0]
    assert "between the lower quartile (240) and the median (251) of those who matched; above the median (243) of " \
           "those who did not" in answer
    assert "3,392 of 6,992, 48.5%" in answer and "7.26" in answer and "3.20" in answer
    assert len(svgs(nb)) == 4
    assert_interactive_and_offline(nb, NAME)
