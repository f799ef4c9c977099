"""CLI behaviour: light start-up, help, validate report, dictionary."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.config import PROJECT_DIR
from tests.helpers import cli


def test_cli_startup_imports_no_heavy_library():
    code = ("import sys, pipeline.cli; "
            "print(sorted(m for m in ('great_expectations','pandas','altair','duckdb','pyarrow','vl_convert') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_help_explains_commands():
    r = cli("--help")
    for cmd in ("fetch", "pipeline", "query", "tables", "dictionary", "validate", "report"):
        assert cmd in r.output
    assert "MATCHSTATS_RAW_MIRROR" in r.output
    r = cli("pipeline", "--help")
    assert "--strict" in r.output and "last good version" in r.output


def test_validate_writes_reports(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    r = cli("validate")
    assert r.exit_code == 0, r.output
    doc = json.loads((home / "reports" / "validation.json").read_text())
    ms = next(t for t in doc["tables"] if t["table"] == "match_summary")
    assert ms["expectations_run"] == ms["expectations_passed"] >= 10
    html = (home / "reports" / "validation.html").read_text()
    assert "match_summary" in html and "<script" not in html


def test_query_errors_are_one_paragraph(home):
    r = cli("query", "select 1")
    assert r.exit_code == 1 and "no published database yet" in r.output and "make pipeline" in r.output
    assert cli("pipeline", "--no-reports").exit_code == 0
    r = cli("query", "select * from no_such_table")
    assert r.exit_code == 1 and "the query failed" in r.output and "matchstats tables" in r.output
    r = cli("query", "drop view match_summary")
    assert r.exit_code == 1  # read-only


def test_dictionary_lists_columns_with_units():
    r = cli("dictionary", "match_summary")
    assert "match_rate_pct (float, nullable) [percent]" in r.output and "couples" in r.output
    r = cli("dictionary", "nope")
    assert r.exit_code == 1 and "'nope' is neither a table nor an analysis" in r.output
    # an unknown name lists the valid ones: tables and analyses
    assert "match_summary" in r.output and "img_friendly_specialties" in r.output and "step2_by_specialty" in r.output


def test_dictionary_documents_every_analysis():
    from pipeline.marts import MARTS, docs

    for name in MARTS:  # every mart has its section in pipeline/marts/README.md
        assert docs.describe(name).source == "pipeline/marts/README.md", name
    r = cli("dictionary")
    assert r.exit_code == 0
    for name in MARTS:
        assert f"{name} (analysis): {MARTS[name].title}" in r.output, name
    assert "match_summary (table):" in r.output and "Small numbers" in r.output
    r = cli("dictionary", "img_friendly_specialties")
    assert r.exit_code == 0 and "(table)" not in r.output
    assert "needs: state_specialty_results" in r.output
    assert "Ranking rule: latest `match_year`; `position_level = 'PGY-1'` only" in r.output
    assert "not an applicant's" in r.output  # the caveat
    r = cli("dictionary", "specialty_fill_by_program_type")
    assert "categorical` (program types C and M)" in r.output and "quota_small" in r.output


def test_specialties_lists_ids_names_and_aliases(monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # wide enough for one line per specialty
    r = cli("specialties")
    assert r.exit_code == 0
    line = next(l for l in r.output.splitlines() if l.startswith("internal-medicine "))
    assert "Internal Medicine" in line and "IM" in [a.strip() for a in line.split("Internal Medicine", 1)[1].split(";")]
    ob = next(l for l in r.output.splitlines() if l.startswith("obstetrics-gynecology "))
    assert "OB/GYN" in ob and "OBGYN" in ob


def test_specialties_fits_the_terminal_and_wraps_the_aliases(monkeypatch):
    """At 80 columns no line is wider and nothing is lost: every name and alias is in its column, wrapped."""
    from pipeline.ingest.specialties import crosswalk

    monkeypatch.setenv("COLUMNS", "80")
    r = cli("specialties")
    assert r.exit_code == 0
    lines = r.output.rstrip("\n").splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    cw = crosswalk()
    assert lines[-1] == f"({len(cw.names)} rows)"
    start = lines[0].index("also accepted")
    shown = "".join(line[start:] for line in lines[2:-1]).replace(" ", "")
    aliases = "".join("; ".join(a for a in cw.accepted(sid) if a.casefold() not in (name.casefold(), sid))
                      for sid, name in sorted(cw.names.items(), key=lambda kv: kv[1].casefold()))
    assert shown == aliases.replace(" ", "")  # in order, each character in the column, none cut off
    first = next(i for i, line in enumerate(lines) if line.startswith("family-medicine "))
    record = lines[first][start:] + " " + lines[first + 1][start:]
    assert lines[first + 1].startswith(" " * start) and "Family Practice" in record  # wrapped in its column


def test_fit_table_wraps_long_cells_in_their_column():
    from pipeline.reports.text_table import fit_table

    text = fit_table(["id", "name", "also"], [("a", "Alpha", "one; two; three; four; five; six"), ("b", "B", "")],
                     width=24)
    assert text.splitlines() == ["id  name   also",
                                 "--  -----  -------------",
                                 "a   Alpha  one; two;",
                                 "           three; four;",
                                 "           five; six",
                                 "b   B",
                                 "(2 rows)"]


ALIASES = {"General Surgery": "surgery", "IM": "internal-medicine", "FM": "family-medicine", "Peds": "pediatrics",
           "OB/GYN": "obstetrics-gynecology", "OBGYN": "obstetrics-gynecology", "ob-gyn": "obstetrics-gynecology",
           "Psych": "psychiatry", "Neurosurgery": "neurological-surgery", "Radiology": "radiology-diagnostic",
           "EM": "emergency-medicine", "Anesthesia": "anesthesiology", "Derm": "dermatology",
           "Ortho": "orthopaedic-surgery", "ENT": "otolaryngology", "Path": "pathology",
           "PM&R": "physical-medicine-rehabilitation", "Rad Onc": "radiation-oncology"}


def test_names_people_type_resolve():
    from pipeline.ingest.specialties import crosswalk

    cw = crosswalk()
    for typed, sid in ALIASES.items():
        assert cw.search(typed) == sid, typed
    # a misspelling with one clear best match resolves; an unclear one does not
    assert cw.search("internal medecine") is None and cw.best_guess("internal medecine") == "internal-medicine"
    assert cw.best_guess("cardiology") is None and cw.best_guess("surgical") is None
    # suggestions are ordered by similarity, most similar first
    assert cw.closest("surgical")[0] == "surgery"
    scores = [score for score, _ in cw.similar("Obstetrics")]
    assert scores == sorted(scores, reverse=True)
    # path-like text never resolves loosely
    assert cw.search("../internal-medicine") is None and cw.best_guess("internal-medicine.html") is None


def test_help_descriptions_are_not_cut_off():
    r = cli("--help")
    commands = r.output.split("Commands:", 1)[1]
    assert "..." not in commands and "…" not in commands
    for cmd in ("fetch", "add", "pipeline", "query", "tables", "dictionary", "specialties", "report", "validate",
                "check"):
        assert f"  {cmd} " in commands, cmd


def test_missing_files_are_listed_once_with_the_next_command(home):
    """`make pipeline` is `matchstats pipeline --fetch`: missing files listed once, relative to the project, each
    with its landing page, then the exact next commands; a table that needs two missing files names both."""
    make = (PROJECT_DIR / "Makefile").read_text()
    recipe = make.split("\npipeline: $(STAMP)\n", 1)[1].split("\n\n", 1)[0]
    assert "matchstats pipeline --fetch" in recipe and "matchstats fetch" not in recipe
    r = cli("pipeline", "--fetch")
    assert r.exit_code == 0, r.output
    out = r.output
    listed = [l for l in out.splitlines() if l.startswith("  - data/raw/")]
    assert len(listed) == 9 and len(set(listed)) == 9
    assert "; 9 missing, listed below (the tables that need them are skipped):" in out
    for l in listed:  # where to get it: the known address that fetch downloads, or the page it is published on
        assert "published at https://" in l or "`.venv/bin/matchstats fetch` downloads it from https://" in l, l
    assert ("  - data/raw/nrmp/2019/Program-Results-2015-2019.pdf: `.venv/bin/matchstats fetch` downloads it from "
            "https://github.com/BenSolomon/residency-match/raw/") in out  # no longer on nrmp.org
    assert str(home) not in out  # paths relative to the project
    for path in ("nrmp/2025/Impact-Data_2025.pdf", "aamc/2022/2022 Report on Residents - Table B5.csv"):
        assert sum(l.startswith(f"  - data/raw/{path}:") for l in out.splitlines()) == 1
    assert "MATCHSTATS_RAW_MIRROR=DIR make pipeline" in out and ".venv/bin/matchstats fetch" in out
    assert ("skipped residents_by_specialty: needs data/raw/aamc/2022/2022 Report on Residents - Table B5.csv "
            "(and, optional, data/raw/aamc/2022/2022 Report on Residents - Table B6.csv)") in out
    assert out.count("analyses skipped") == 1 and out.count("charts skipped") <= 1
    # counts with their noun: one analysis and one chart are built offline, two tables
    assert "[warehouse] 2 tables, 1 analysis (" in out and "Summary: 2 tables published, 6 skipped, 1 analysis." in out
    assert "[charts] 1 chart in reports/charts/" in out and "1 analyses" not in out and "1 charts" not in out


def test_every_pipeline_writes_the_validation_page_linked_from_the_index(home):
    r = cli("pipeline")
    assert r.exit_code == 0, r.output
    page = (home / "reports" / "validation.html").read_text()
    assert ":root{--fg:" in page  # the reports' style
    assert "match_summary" in page and "expectations" in page and "Reconciliations between tables" in page
    assert 'href="validation.html"' in (home / "reports" / "index.html").read_text()
    doc = json.loads((home / "reports" / "validation.json").read_text())
    assert doc["success"] and {t["table"] for t in doc["tables"]} == {"match_summary", "positions_summary"}
    # a run with nothing changed keeps the record of the published version
    r = cli("pipeline")
    assert "nothing changed" in r.output and (home / "reports" / "validation.html").exists()


def test_validate_cites_source_lines_of_offending_rows(home):
    """`matchstats validate` re-checks published data; offending rows name their source file and line."""
    import pandas as pd

    from pipeline.config import paths

    assert cli("pipeline", "--no-reports").exit_code == 0
    version = paths().processed.resolve()
    prov = pd.read_parquet(version / "match_summary.provenance.parquet")
    assert list(prov.columns) == ["_source_file", "_source_line"] and len(prov) == 43  # every cited figure, rate or not
    # damage the published table behind the pipeline's back (e.g. a hand edit)
    f = version / "match_summary.parquet"
    df = pd.read_parquet(f)
    df.loc[(df.match_year == 2025) & (df.applicant_type == "us_img"), "match_rate_pct"] = 76.8
    df.to_parquet(f, index=False)
    r = cli("validate")
    assert r.exit_code == 1
    doc = json.loads((home / "reports" / "validation.json").read_text())
    fail = next(x for t in doc["tables"] for x in t["failures"] if "rate_gap_pp" in x["detail"])
    ex = fail["examples"][0]
    assert ex["applicant_type"] == "us_img" and ex["match_rate_pct"] == 76.8
    assert ex["file"].endswith("nrmp_headline_by_applicant_type.csv") and ex["line"].startswith("line ")
    assert "nrmp_headline_by_applicant_type.csv" in (home / "reports" / "validation.html").read_text()


def test_docs_list_every_command_analysis_notebook_and_metric():
    """The reference's tables are the user's map: a new command, analysis, notebook or metric is listed in the
    table of its page under docs/ (commands.md, analyses.md, notebooks.md, fact-check.md)."""
    import re

    from pipeline.check import METRICS
    from pipeline.cli import app
    from pipeline.config import PROJECT_DIR
    from pipeline.marts import MARTS

    def first_cells(page):
        text = (PROJECT_DIR / "docs" / page).read_text(encoding="utf-8")
        rows = [line for line in text.splitlines() if line.startswith("| `")]
        return " ".join(line.split("|")[1] for line in rows)

    commands = {c.name or c.callback.__name__ for c in app.registered_commands if not c.hidden}
    assert commands, "no command found"
    for name in sorted(commands):
        assert f"`matchstats {name}" in first_cells("commands.md"), f"docs/commands.md's table lacks matchstats {name}"
    for name in MARTS:
        assert f"`{name}`" in first_cells("analyses.md"), f"docs/analyses.md's table lacks {name}"
    for nb in sorted((PROJECT_DIR / "notebooks").glob("*.ipynb")):
        assert f"`{nb.name}`" in first_cells("notebooks.md"), f"docs/notebooks.md's table lacks {nb.name}"
    for name in METRICS:
        assert re.search(rf"`{re.escape(name)}`", first_cells("fact-check.md")), \
            f"docs/fact-check.md's metric table lacks {name}"


def test_query_starts_without_pandas(home):
    """``matchstats query`` reads the database with DuckDB alone: pipeline.marts loads pandas only when a name that
    needs it (``mart``, ``state_totals``, ...) is used, not on ``from pipeline.marts import query``."""
    import os

    assert cli("pipeline", "--no-reports").exit_code == 0
    code = ("import runpy, sys; sys.argv = ['matchstats', 'query', 'select 42 as answer']\n"
            "try:\n    runpy.run_module('pipeline', run_name='__main__')\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, capture_output=True, text=True,
                         env={**os.environ, "MATCHSTATS_HOME": str(home)})
    assert out.returncode == 0, out.stderr
    assert "42" in out.stdout and out.stdout.strip().splitlines()[-1] == "False", out.stdout
