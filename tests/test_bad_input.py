"""Bad input through `matchstats pipeline`: a one-paragraph error naming the file and what
to do, exit code 1, no traceback, and the published data left exactly as it was."""

from __future__ import annotations

import pytest

from tests.helpers import cli, recatalogue, snapshot
from tests.test_by_the_numbers import make_sheet

HEADLINE = "manual/nrmp_headline_by_applicant_type.csv"


def _edit(text: str, case: str) -> str:
    if case == "renamed header":
        return text.replace("matched_pgy1", "matched", 1)
    if case == "missing header":
        return text.split("\n", 1)[1]
    if case == "non-numeric count":
        return text.replace("2025,us_img,4587,3108,", "2025,us_img,4587,3l08,")
    if case == "negative count":
        return text.replace("2025,us_img,4587,3108,", "2025,us_img,-4587,3108,")
    if case == "duplicated row":
        lines = text.splitlines()
        return "\n".join(lines + [lines[4]]) + "\n"
    if case == "contradicting numbers":  # more matched than active applicants
        return text.replace("2025,us_img,4587,3108,67.8", "2025,us_img,3108,4587,67.8")
    raise AssertionError(case)


@pytest.mark.parametrize("case,expected", [
    ("renamed header", "missing column(s) ['matched_pgy1']"),
    ("missing header", "missing column(s)"),
    ("non-numeric count", "'3l08' is not a number"),
    ("negative count", "is negative"),
    ("duplicated row", "duplicates an earlier one"),
    ("contradicting numbers", "matched <= active"),
])
def test_bad_csv_after_catalogue_update(home, case, expected):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    f = home / "data" / "raw" / HEADLINE
    f.write_text(_edit(f.read_text(), case))
    recatalogue(home, "nrmp_headline_manual", f)  # the user declared a "new edition"
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert expected in r.output
    assert "Traceback" not in r.output
    assert "What to do:" in r.output
    if case != "contradicting numbers":
        assert "nrmp_headline_by_applicant_type.csv" in r.output  # names the file (and line)
    assert snapshot(home / "data" / "processed") == before


@pytest.mark.parametrize("case", ["not a pdf", "truncated"])
def test_bad_pdf_after_catalogue_update(home, tmp_path, case):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    dest = home / "data" / "raw" / "nrmp" / "2025" / "2025_Match_by_the_Numbers.pdf"
    dest.parent.mkdir(parents=True)
    if case == "not a pdf":
        dest.write_text("<!doctype html><title>Page not found</title>")
    else:
        good = make_sheet(tmp_path / "sheet.pdf").read_bytes()
        dest.write_bytes(good[: len(good) // 3])
    recatalogue(home, "nrmp_by_the_numbers_2025", dest)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert "2025_Match_by_the_Numbers.pdf" in r.output and "What to do:" in r.output
    assert "Traceback" not in r.output
    assert snapshot(home / "data" / "processed") == before


def test_checksum_mismatch_fails_and_names_both_checksums(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    dest = home / "data" / "raw" / "nrmp" / "2025" / "Impact-Data_2025.pdf"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"%PDF-1.7 some other edition")
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert "06f5e6008f15d66d9357875aca2a5d93" in r.output and "Impact-Data_2025.pdf" in r.output
    assert "not used" in r.output
    assert snapshot(home / "data" / "processed") == before
