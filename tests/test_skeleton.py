"""The walking skeleton end to end on the bundled facts, in a temporary home."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.store import dictionary
from pipeline.config import paths
from tests.helpers import cli, recatalogue, snapshot


def test_pipeline_on_bundled_facts_then_query(home):
    r = cli("pipeline")
    assert r.exit_code == 0, r.output
    # every cited figure is published, with or without a rate: 34 rows with a rate or a count of 2016-2025 and the
    # count-only rows (registered or active applicants, matched counts) of 2011-2023
    assert "[ingest] match_summary: 43 rows" in r.output
    # missing report files are reported with where to get them, the stage is skipped
    assert "  - data/raw/nrmp/2025/Main_Match_Program_Results_2021-2025.pdf: " in r.output
    assert "skipped program_results" in r.output or "program_results" not in r.output
    # any one edition builds the table: the skip names the report and its editions, not all of them as needed
    assert "skipped program_results: needs an edition of the program_results report (" in r.output

    q = cli("query", "select match_year, applicant_type, match_rate_pct from match_summary "
                     "where applicant_type in ('us_img','non_us_img') and match_year >= 2024 order by 1 desc, 2 desc",
            "--csv")
    assert q.exit_code == 0, q.output
    assert q.output.strip().splitlines() == [
        "match_year,applicant_type,match_rate_pct",
        "2025,us_img,67.8", "2025,non_us_img,58.0", "2024,us_img,67.0", "2024,non_us_img,58.5"]

    t = cli("tables")
    assert "match_summary" in t.output and "positions_summary" in t.output

    index = (home / "reports" / "index.html").read_text()
    assert "<svg" in index and "cdn" not in index.lower() and "<script" not in index
    assert "67.8%" in index


def test_single_value_query_prints_value(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    r = cli("query", "select match_rate_pct from match_summary where match_year=2025 and applicant_type='us_img'")
    assert r.exit_code == 0
    assert "67.8" in r.output.splitlines()[2]


def test_published_schema_matches_dictionary(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    version = paths().processed.resolve()
    df = pd.read_parquet(version / "match_summary.parquet", dtype_backend="numpy_nullable")
    spec = dictionary.spec("match_summary")
    assert list(df.columns) == spec.column_names
    assert str(df["match_year"].dtype) == "Int64" and str(df["match_rate_pct"].dtype) == "Float64"
    meta = json.loads((version / "match_summary.meta.json").read_text())
    assert meta["rows"] == len(df) == 43
    assert df.loc[(df["match_year"] == 2019) & (df["applicant_type"] == "all_applicants"),
                  "registered_applicants"].tolist() == [44603]  # a count published without a rate
    assert meta["inputs"][0]["id"] == "nrmp_headline_manual" and len(meta["inputs"][0]["md5"]) == 32
    assert {"code_version", "created_at", "fingerprint"} <= meta.keys()


def test_rerun_skips_unchanged_tables(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    first = paths().processed.resolve()
    r = cli("pipeline", "--no-reports")
    assert "match_summary: unchanged" in r.output and "nothing changed" in r.output
    assert paths().processed.resolve() == first


def test_failing_stage_keeps_previous_output(home, monkeypatch):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")

    import pipeline.ingest.match_summary as ms

    def boom(inputs):
        raise RuntimeError("simulated crash in the middle of a stage")

    monkeypatch.setattr(ms, "build", boom)
    with pytest.raises(RuntimeError):
        cli("pipeline", "--no-reports", "--force")
    assert snapshot(home / "data" / "processed") == before
    # no half-written version is left behind to be picked up
    versions = [d for d in (home / "data" / "versions").iterdir() if d.is_dir()]
    assert len(versions) == 1


def test_contradicting_facts_fail_validation_and_publish_nothing(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    csv = home / "data" / "raw" / "manual" / "nrmp_headline_by_applicant_type.csv"
    text = csv.read_text().replace("2025,us_img,4587,3108,67.8", "2025,us_img,4587,3108,76.8")
    csv.write_text(text)
    recatalogue(home, "nrmp_headline_manual", csv)  # the user "updated the edition"
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert "match_summary" in r.output and "rate_gap_pp" in r.output and "nothing was published" in r.output
    assert "us_img" in r.output  # the offending row is shown
    assert snapshot(home / "data" / "processed") == before


def test_edited_bundled_file_is_refused_by_checksum(home):
    csv = home / "data" / "raw" / "manual" / "nrmp_headline_by_applicant_type.csv"
    csv.write_text(csv.read_text() + "\n")
    r = cli("pipeline")
    assert r.exit_code == 1
    assert "checksum differs" in r.output and "nrmp_headline_manual" in r.output
    assert "6b0ee653942c59cddde9ee976811813a" in r.output  # expected md5 named


def test_strict_fails_on_missing_files(home):
    r = cli("pipeline", "--strict", "--no-reports")
    assert r.exit_code == 1
    assert "--strict" in r.output and "missing" in r.output
