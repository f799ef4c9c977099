"""The notebooks: committed without outputs, thin, and they run without errors.

Each notebook is executed with nbclient (kernel python3 of this interpreter, cwd
notebooks/, MATCHSTATS_HOME pointing at a home with published data) in three
situations: an offline clone (bundled facts only: notes instead of charts), a home
with every table (small made-up tables) and, as an integration test, the real
NRMP/AAMC files. Any cell error fails the test.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from pipeline.config import PROJECT_DIR, paths

NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
NOTEBOOKS = ["01-match-rates.ipynb", "02-img-friendly-specialties.ipynb", "03-program-fill-trends.ipynb",
             "04-rank-order-list-length.ipynb"]


def execute(name: str, home: Path, monkeypatch) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    monkeypatch.setenv("MATCHSTATS_HOME", str(home))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
    return nb


def outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def svgs(nb) -> list[str]:
    return [o["data"]["image/svg+xml"] for o in outputs(nb) if "image/svg+xml" in o.get("data", {})]


def notes(nb) -> list[str]:
    return [o["data"]["text/markdown"] for o in outputs(nb) if "text/markdown" in o.get("data", {})]


def errors(nb) -> list[str]:
    return [o.get("ename", "") for o in outputs(nb) if o.get("output_type") == "error"]


# -- static checks -------------------------------------------------------------------------------

def test_notebooks_exist_and_are_committed_without_outputs():
    assert sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")) == NOTEBOOKS
    for name in NOTEBOOKS:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        for c in nb.cells:
            if c.cell_type == "code":
                assert c.outputs == [] and c.execution_count is None, f"{name}: outputs are committed"


def test_notebooks_are_thin_and_document_the_offline_renderer():
    for name in NOTEBOOKS:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        first = nb.cells[0].source
        assert first.startswith("# ") and "**Question.**" in first, name
        assert 'alt.renderers.enable("svg")' in first and "CDN" in first, name
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert 'alt.renderers.enable("svg")' in code, name
        assert not re.search(r"\b(select|from|group by)\b.*\b(from|where|by)\b", code, re.I), f"{name}: SQL in a cell"
        assert "duckdb" not in code and "read_parquet" not in code, name
        assert "marts.load(" in code and "charts." in code, name
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert "## Caveats" in text, name


def test_notebook_02_states_the_ranking_rule():
    from pipeline import marts

    nb = nbformat.read(NOTEBOOKS_DIR / "02-img-friendly-specialties.ipynb", as_version=4)
    text = " ".join(nb.cells[0].source.split())
    assert f"at least {marts.RANKING_MIN_POSITIONS} PGY-1 positions" in text
    assert "latest Match year" in text and "PGY-1 positions only" in text and "filled" in text


# -- execution -----------------------------------------------------------------------------------

def test_notebooks_run_on_an_offline_clone(home, monkeypatch):
    """Only the bundled facts: notebook 01 draws the headline chart, the others explain what is missing."""
    from pipeline.run import run

    run(paths(home), say=lambda m: None, reports=False)
    nb = execute("01-match-rates.ipynb", home, monkeypatch)
    assert errors(nb) == []
    assert len(svgs(nb)) == 1 and "Match rate by applicant type" in svgs(nb)[0]
    assert any("`match_rate_trends`" in n and "rol_length" in n and "Impact-Data_2025.pdf" in n for n in notes(nb))
    for name, mart, missing in [("02-img-friendly-specialties.ipynb", "img_friendly_specialties",
                                 "state_specialty_results"),
                                ("03-program-fill-trends.ipynb", "specialty_fill_trends", "program_results"),
                                ("04-rank-order-list-length.ipynb", "rol_length_vs_match", "rol_length")]:
        nb = execute(name, home, monkeypatch)
        assert errors(nb) == [] and svgs(nb) == [], name
        assert any(f"`{mart}`" in n and missing in n and "make pipeline" in n for n in notes(nb)), name


def _publish_fixture_tables(home: Path) -> None:
    from pipeline.store import publish
    from pipeline.store import warehouse
    from tests.test_analyses import ALL_TABLES

    p = paths(home)
    version = publish.new_version(p)
    for name, make in ALL_TABLES.items():
        make().to_parquet(version / f"{name}.parquet", index=False)
    warehouse.build(version, sorted(ALL_TABLES), say=lambda m: None)
    publish.swap(p, version)


def test_notebooks_run_with_every_table(home, monkeypatch):
    _publish_fixture_tables(home)
    expected_charts = {"01-match-rates.ipynb": ["Match rate by applicant type"],
                       "02-img-friendly-specialties.ipynb": ["IMG share of filled PGY-1 positions by specialty, 2025",
                                                             "Positions offered vs IMG share",
                                                             "IMGs matched by state, 2025",
                                                             "Non-U.S. citizens among residents"],
                       "03-program-fill-trends.ipynb": ["Share of positions filled in the Match by specialty"],
                       "04-rank-order-list-length.ipynb": ["Rank order list length of matched and unmatched"]}
    for name, titles in expected_charts.items():
        nb = execute(name, home, monkeypatch)
        assert errors(nb) == [] and notes(nb) == [], name
        got = svgs(nb)
        assert len(got) == len(titles), name
        for title, svg in zip(titles, got):
            assert title in svg and "Source: " in svg, (name, title)
        html = "".join(o["data"].get("text/html", "") for o in outputs(nb) if "data" in o)
        assert "<table" in html, f"{name}: no table shown"
    nb = execute("02-img-friendly-specialties.ipynb", home, monkeypatch)
    ranking = next(o["data"]["text/plain"] for o in outputs(nb)
                   if "data" in o and "img_share_pct" in o["data"].get("text/plain", ""))
    assert "family-medicine" in ranking and "internal-medicine" in ranking


@pytest.mark.integration
def test_notebooks_run_on_the_real_data(home, monkeypatch):
    """The real reports (MATCHSTATS_RAW_MIRROR or data/raw/): every notebook draws its charts."""
    from pipeline.run import run
    from tests.conftest import real_source

    import shutil

    import yaml

    doc = yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())
    for s in doc["sources"]:
        if not s.get("bundled"):
            dst = home / "data" / "raw" / s["path"]
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(real_source(s["id"]), dst)
    run(paths(home), say=lambda m: None, reports=False)
    counts = {"01-match-rates.ipynb": 1, "02-img-friendly-specialties.ipynb": 4, "03-program-fill-trends.ipynb": 1,
              "04-rank-order-list-length.ipynb": 1}
    for name, n in counts.items():
        nb = execute(name, home, monkeypatch)
        assert errors(nb) == [] and notes(nb) == [], name
        assert len(svgs(nb)) == n, name
    nb = execute("02-img-friendly-specialties.ipynb", home, monkeypatch)
    assert "40.3%" in svgs(nb)[0] and "Internal Medicine" in svgs(nb)[0]
