"""The notebooks: committed without outputs, thin, they tell their story, and they run offline without errors.

Each notebook is executed with nbclient (kernel python3 of this interpreter, cwd notebooks/,
MATCHSTATS_HOME pointing at a home with published data) in three situations: an offline clone
(bundled facts only: notes instead of charts), a home with every table (small made-up tables)
and, as an integration test, the real NRMP/AAMC files. Any cell error fails the test. Every chart
output must carry the interactive chart (the JupyterChart widget view, whose JavaScript is the
offline bundle: nothing from a CDN) and its static SVG copy; tables show no NaN. The notebooks
in JupyterLab itself, in a browser: tests/test_lab_browser.py.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from pipeline.config import PROJECT_DIR, paths

NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
NOTEBOOKS = ["01-match-rates.ipynb", "02-img-friendly-specialties.ipynb", "03-program-fill-trends.ipynb",
             "04-rank-order-list-length.ipynb", "05-step2-ck.ipynb", "06-plan.ipynb"]
STORY = NOTEBOOKS[:4]  # the notebooks that close with a "How it works" section
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CDN = ("cdn.jsdelivr", "esm.sh", "unpkg.com", "cdnjs.", "<script src=\"http", "import(\"http")


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


def chart_outputs(nb) -> list[dict]:
    """The outputs of ``nb.show``: a widget view and its static SVG copy in one output."""
    return [o for o in outputs(nb) if "image/svg+xml" in o.get("data", {})]


def svgs(nb) -> list[str]:
    return [o["data"]["image/svg+xml"] for o in chart_outputs(nb)]


def notes(nb) -> list[str]:
    """The notes of ``marts.load`` (a mart that is not available)."""
    return [o["data"]["text/markdown"] for o in outputs(nb)
            if "text/markdown" in o.get("data", {}) and "Not available" in o["data"]["text/markdown"]]


def answers(nb) -> list[str]:
    return [o["data"]["text/markdown"] for o in outputs(nb)
            if "text/markdown" in o.get("data", {}) and "Not available" not in o["data"]["text/markdown"]]


def table_texts(nb) -> list[str]:
    return [o["data"][k] for o in outputs(nb) for k in ("text/html", "text/plain") if k in o.get("data", {})]


def errors(nb) -> list[str]:
    return [f"{o.get('ename', '')}: {o.get('evalue', '')}" for o in outputs(nb) if o.get("output_type") == "error"]


def widget_state(nb) -> dict:
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def assert_interactive_and_offline(nb, name: str) -> None:
    """Each chart output: the JupyterChart widget view (offline bundle, a spec) beside its SVG; no CDN anywhere."""
    state = widget_state(nb)
    for o in chart_outputs(nb):
        assert WIDGET_VIEW in o["data"], f"{name}: a chart without its interactive widget"
        assert o["metadata"]["matchstats"] == {"static": "image/svg+xml"}, name
        model = state[o["data"][WIDGET_VIEW]["model_id"]]
        assert model["model_name"] == "AnyModel", name
        esm, spec = model["state"]["_esm"], model["state"]["spec"]
        assert len(esm) > 100_000 and not re.search(r"""\bfrom\s*["']https?:|import\(\s*["']https?:""", esm), \
            f"{name}: the chart's JavaScript is not vl-convert's offline bundle"
        assert spec["title"]["text"] in o["data"]["image/svg+xml"], name
    texts = [v if isinstance(v, str) else json.dumps(v) for o in outputs(nb) for v in o.get("data", {}).values()]
    texts += [o.get("text", "") for o in outputs(nb)]
    assert not [c for c in CDN for t in texts if c in t], f"{name}: a CDN address in the outputs"
    for t in table_texts(nb):
        assert "NaN" not in t and "nan%" not in t and "<NA>" not in t, f"{name}: NaN shown: {t[:300]}"


# -- static checks -------------------------------------------------------------------------------

def test_notebooks_exist_and_are_committed_without_outputs():
    assert sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb")) == NOTEBOOKS
    for name in NOTEBOOKS:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        nbformat.validate(nb)
        # the venv's own kernel: the one JupyterLab's launcher lists, the one nbconvert and VS Code find
        assert nb.metadata["kernelspec"]["name"] == "python3", f"{name}: not the venv's own kernel"
        for c in nb.cells:
            if c.cell_type == "code":
                assert c.outputs == [] and c.execution_count is None, f"{name}: outputs are committed"


def test_notebooks_open_with_the_question_and_a_computed_answer():
    for name in NOTEBOOKS:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        first, second = nb.cells[0], nb.cells[1]
        assert first.cell_type == "markdown" and first.source.startswith("# "), name
        assert "**Question.**" in first.source and "?" in first.source, name
        assert second.cell_type == "code" and "nb.md(" in second.source and "marts.load(" in second.source, name
        for c in nb.cells:  # figures come from the data, never typed: no "40.3%", no "12,439"
            typed = re.findall(r"\b\d+\.\d+ ?%|\b\d{1,3}(?:,\d{3})+\b", c.source)
            assert not typed, f"{name}: figures typed into a cell: {typed}"


def test_notebooks_are_thin_and_explain_how_they_work_last():
    for name in NOTEBOOKS:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert not re.search(r"\b(select|from|group by)\b.*\b(from|where|by)\b", code, re.I), f"{name}: SQL in a cell"
        assert "duckdb" not in code and "read_parquet" not in code, name
        assert "marts.load(" in code and "charts." in code and "nb.show(" in code and "nb.table(" in code, name
        assert 'renderers.enable("svg")' not in code and "display(" not in code.replace("nb.", ""), name
    for name in STORY:
        nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
        last = nb.cells[-1]
        assert last.cell_type == "markdown" and last.source.startswith("## How it works"), name
        assert "CDN" in last.source and "MATCHSTATS_HOME" in last.source and "make lab" in last.source, name
        assert "How it works" not in "\n".join(c.source for c in nb.cells[:-1]), name


def test_notebook_02_states_the_ranking_rule_beside_the_ranking():
    from pipeline import marts

    nb = nbformat.read(NOTEBOOKS_DIR / "02-img-friendly-specialties.ipynb", as_version=4)
    i = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "img_share_by_specialty" in c.source
             and "nb.show(" in c.source)
    text = " ".join(nb.cells[i - 1].source.split())
    assert f"at least {marts.RANKING_MIN_POSITIONS} PGY-1 positions" in text
    assert "latest Match year" in text and "PGY-1 positions only" in text and "filled" in text


# -- the helpers ---------------------------------------------------------------------------------

def test_table_formats_counts_percentages_years_and_missing_values():
    from pipeline.charts import notebook as nbh

    df = pd.DataFrame({"match_year": [2025, 2024, 2023], "applicant_type": ["us_img", "all_applicants", None],
                       "active_applicants": [47208.0, None, 4587.0], "match_rate_pct": [40.25, None, 7.0],
                       "avg_rol_matched": [12.0245, 3.5, None], "nrmp_match_year": [2025.0, None, 2025.0]})
    t = nbh.table(df, rows=2, sort=["-match_year"])
    body, numeric = t.cells()
    assert t.headers[:3] == ["Year", "Applicant type", "Applicants"]
    assert body == [["2025", "U.S.-citizen IMGs", "47,208", "40.2%", "12.02", "2025"],
                    ["2024", "All applicants", "–", "–", "3.50", "–"]]
    assert numeric == [True, False, True, True, True, True]
    html, plain = t._repr_html_(), repr(t)
    assert "2 of 3 rows" in html and "<code>.all()</code>" in html and "nan" not in html.lower()
    assert "2 of 3 rows; add .all() to show every row." in plain and "NaN" not in plain
    assert len(t.all().cells()[0]) == 3 and "of 3 rows" not in repr(t.all())
    wide = nbh.table(df.pivot(index="match_year", columns="applicant_type", values="match_rate_pct"),
                     {"match_year": "Year", "us_img": "U.S.-citizen IMGs", "missing_type": "x"}, percent=True)
    assert wide.headers == ["Year", "U.S.-citizen IMGs"] and wide.cells()[0][0] == ["2023", "–"]
    assert nbh.table(None) is None and nbh.latest(None) is None and nbh.show(None) is None
    assert (nbh.count(12439), nbh.pct(40.3), nbh.count(float("nan")), nbh.pct(None)) == ("12,439", "40.3%", "–", "–")


def test_table_flags_figures_over_a_small_base():
    """A share over fewer than 20 (positions filled, positions, applicants, scores) ends in "†", muted,
    with the note under the table; the base need not be shown. Other columns are never flagged."""
    from pipeline.charts import notebook as nbh

    df = pd.DataFrame({"specialty": ["Internal Medicine", "Nuclear Medicine", "Child Neurology"],
                       "positions": [9000, 4, 25], "filled": [8900, 1, 19], "img_share_pct": [40.0, 100.0, 50.0],
                       "fill_pct": [98.9, 25.0, 76.0], "difference": [1.5, 2.5, 3.5]})
    t = nbh.table(df, ["specialty", "img_share_pct", "fill_pct", "difference"])  # the bases are not shown
    body, _ = t.cells()
    assert [r[1:] for r in body] == [["40.0%", "98.9%", "1.50"], ["100.0% †", "25.0% †", "2.50"],
                                     ["50.0% †", "76.0%", "3.50"]]  # 19 filled: small; 25 positions: not
    html, plain = t._repr_html_(), repr(t)
    assert "† small number" in plain and "under 20" in plain
    assert html.count("color:#767676") == 3 and "† small number" in html
    big = nbh.table(df.head(1), ["specialty", "img_share_pct"])
    assert "†" not in repr(big) and "color:#767676" not in big._repr_html_()
    # only the rows shown count: the small ones cut off by rows=1 leave no note
    assert "small number" not in repr(nbh.table(df, ["specialty", "img_share_pct"], rows=1))
    step2 = pd.DataFrame({"specialty": ["A", "B"], "step2_matched_n": [120, 7], "step2_matched_median": [245, 251]})
    assert [r[1] for r in nbh.table(step2, ["specialty", "step2_matched_median"]).cells()[0]] == ["245", "251 †"]


def test_pre_save_hook_keeps_the_static_copy_instead_of_a_dead_widget():
    from pipeline.charts import notebook as nbh

    def output(model_id, mark=True):
        return {"output_type": "display_data", "metadata": {"matchstats": {"static": "image/svg+xml"}} if mark else {},
                "data": {WIDGET_VIEW: {"model_id": model_id}, "image/svg+xml": "<svg/>", "text/plain": "chart"}}

    cells = [{"cell_type": "code", "outputs": [output("a"), output("b"), output("c", mark=False)]},
             {"cell_type": "markdown", "source": "x"}]
    model = {"type": "notebook", "content": {"metadata": {"widgets": {WIDGET_STATE: {"state": {"b": {}}}}},
                                             "cells": cells}}
    nbh.pre_save_hook(model=model, path="x.ipynb", contents_manager=None)
    got = [sorted(o["data"]) for o in cells[0]["outputs"]]
    assert got[0] == ["image/svg+xml", "text/plain"]                 # no saved state: the SVG is what is saved
    assert WIDGET_VIEW in got[1] and WIDGET_VIEW in got[2]            # saved state / not ours: untouched
    nbh.pre_save_hook(model={"type": "file", "content": "text"}, path="x.txt")  # other files: nothing


# -- execution -----------------------------------------------------------------------------------

def test_notebooks_run_on_an_offline_clone(home, monkeypatch):
    """Only the bundled facts: notebook 01 draws the headline chart, the others explain what is missing."""
    from pipeline.run import run

    run(paths(home), say=lambda m: None, reports=False)
    nb = execute("01-match-rates.ipynb", home, monkeypatch)
    assert errors(nb) == []
    assert len(svgs(nb)) == 1 and "Match rate by applicant type" in svgs(nb)[0]
    assert_interactive_and_offline(nb, "01")
    assert any("`match_rate_trends`" in n and "rol_length" in n and "Impact-Data_2025.pdf" in n for n in notes(nb))
    assert any("Only NRMP's headline rates" in a for a in answers(nb))
    for name, mart, missing in [("02-img-friendly-specialties.ipynb", "img_friendly_specialties",
                                 "state_specialty_results"),
                                ("03-program-fill-trends.ipynb", "specialty_fill_trends", "program_results"),
                                ("04-rank-order-list-length.ipynb", "rol_length_vs_match", "rol_length")]:
        nb = execute(name, home, monkeypatch)
        assert errors(nb) == [] and svgs(nb) == [], name
        assert any(f"`{mart}`" in n and missing in n and "make pipeline" in n for n in notes(nb)), name
        assert any("is not available here" in a for a in answers(nb)), name
    for name in NOTEBOOKS[4:]:
        nb = execute(name, home, monkeypatch)
        assert errors(nb) == [], name


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
    done = {}
    for name, titles in expected_charts.items():
        nb = done[name] = execute(name, home, monkeypatch)
        assert errors(nb) == [] and notes(nb) == [], name
        got = svgs(nb)
        assert len(got) == len(titles), name
        for title, svg in zip(titles, got):
            assert title in svg and "Source: " in svg, (name, title)
        assert_interactive_and_offline(nb, name)
        html = "".join(o["data"].get("text/html", "") for o in outputs(nb) if "data" in o)
        assert 'class="matchstats-table"' in html, f"{name}: no table shown"
        assert answers(nb) and re.search(r"\d+\.\d|\d,\d{3}", answers(nb)[0]), f"{name}: no answer with figures"
    nb = done["02-img-friendly-specialties.ipynb"]
    ranking = next(t for t in table_texts(nb) if "IMG share" in t and "Rank" in t and "<table" not in t)
    assert "Family Medicine" in ranking and "Internal Medicine" in ranking and "40.0%" in ranking
    # the table linked to the specialty chart: a widget, with the table as first shown as its static copy
    linked = [o for o in outputs(nb) if o.get("metadata", {}).get("matchstats") == {"static": "text/html"}]
    assert len(linked) == 1 and WIDGET_VIEW in linked[0]["data"]
    assert "PGY-1 positions by state" in linked[0]["data"]["text/html"]


def test_saved_and_exported_notebooks_show_every_chart(home, monkeypatch):
    """Saved by `make lab` (no widget state: the pre-save hook keeps the SVG) and exported with nbconvert."""
    from nbconvert import HTMLExporter

    from pipeline.charts import notebook as nbh

    _publish_fixture_tables(home)
    nb = execute("02-img-friendly-specialties.ipynb", home, monkeypatch)
    nb.metadata.pop("widgets", None)  # JupyterLab saves no widget state (nor does nbconvert with notebooks/.jupyter)
    model = {"type": "notebook", "content": json.loads(nbformat.writes(nb))}
    nbh.pre_save_hook(model=model, path="02.ipynb", contents_manager=None)
    saved = nbformat.reads(json.dumps(model["content"]), as_version=4)
    nbformat.validate(saved)
    assert not [o for o in outputs(saved) if WIDGET_VIEW in o.get("data", {})]
    assert len(svgs(saved)) == 4
    html, _ = HTMLExporter().from_notebook_node(saved)
    assert html.count('data-mime-type="image/svg+xml"') == 4 and "widget-view+json" not in html
    assert "PGY-1 positions by state" in html  # the linked table's static copy
    config = json.loads((NOTEBOOKS_DIR / ".jupyter" / "jupyter_nbconvert_config.json").read_text())
    assert config["ExecutePreprocessor"]["store_widget_state"] is False


def test_nbconvert_of_the_venv_draws_the_chart_without_extra_settings(home, tmp_path):
    """`.venv/bin/jupyter nbconvert --to html --execute notebooks/01-match-rates.ipynb`, no JUPYTER_CONFIG_PATH.

    `make test` and `make lab` install notebooks/.jupyter/ into the venv's own Jupyter config: the page shows the
    chart's static SVG inline, not a widget that would load its renderer from a CDN (a blank chart offline).
    """
    import subprocess
    import sys

    from pipeline.run import run

    jupyter = Path(sys.executable).parent / "jupyter"
    assert jupyter.exists(), "no jupyter in this venv: `make test` installs the notebooks' extras ([lab])"
    assert (Path(sys.prefix) / "etc" / "jupyter" / "jupyter_nbconvert_config.json").exists(), \
        "the project's Jupyter settings are not installed in the venv: run `make test` (or `make lab`)"
    run(paths(home), say=lambda m: None, reports=False)  # an offline clone: the bundled headline rates
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(MATCHSTATS_HOME=str(home), JUPYTER_CONFIG_DIR=str(tmp_path / "user-config"))  # no user settings
    out = tmp_path / "html"
    done = subprocess.run([str(jupyter), "nbconvert", "--to", "html", "--execute", "--output-dir", str(out),
                           str(NOTEBOOKS_DIR / "01-match-rates.ipynb")], env=env, cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    html = (out / "01-match-rates.html").read_text()
    assert html.count('data-mime-type="image/svg+xml"') == 1  # the chart, drawn inline
    import base64

    svg = re.search(r'data-mime-type="image/svg\+xml"[^>]*>\s*<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"',
                    html)
    assert svg, "the chart is not drawn inline as an SVG"
    drawn = base64.b64decode(svg.group(1)).decode()
    assert drawn.lstrip().startswith("<svg") and "Match rate by applicant type" in drawn
    assert drawn.count("<path") > 5  # lines and points, not an empty frame
    assert WIDGET_STATE not in html and "widget-view+json" not in html
    assert "unpkg.com" not in html and "jupyter-widgets/html-manager" not in html
    nb = json.loads((NOTEBOOKS_DIR / "01-match-rates.ipynb").read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.integration
def test_notebooks_run_on_the_real_data(home, monkeypatch):
    """The real reports (MATCHSTATS_RAW_MIRROR or data/raw/): every notebook draws its charts and answers."""
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
        assert_interactive_and_offline(nb, name)
        if name.startswith("02"):
            assert "40.3%" in svgs(nb)[0] and "Internal Medicine" in svgs(nb)[0]
            assert "**Internal Medicine** (40.3%: 5,015 of 12,439 positions filled)" in answers(nb)[0]
        if name.startswith("01"):
            assert "**79.8%**" in answers(nb)[0] and "(37,667 of 47,208)" in answers(nb)[0]
