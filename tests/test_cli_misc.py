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
    assert "match_rate_pct (float) [percent]" in r.output and "couples" in r.output
    r = cli("dictionary", "nope")
    assert r.exit_code == 1 and "no data-dictionary entry" in r.output


def test_validate_cites_source_lines_of_offending_rows(home):
    """`matchstats validate` re-checks published data; offending rows name their source file and line."""
    import pandas as pd

    from pipeline.config import paths

    assert cli("pipeline", "--no-reports").exit_code == 0
    version = paths().processed.resolve()
    prov = pd.read_parquet(version / "match_summary.provenance.parquet")
    assert list(prov.columns) == ["_source_file", "_source_line"] and len(prov) == 34
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
