"""Proving the gate: each check that decides whether data is published has a test that fails
when the check is removed (issue #18).

Every test here was run against a copy of the code with its check taken out (see the issue
for the mutation of each), and failed there:

* a reconciliation failure (not a Great Expectations failure) stops ``matchstats pipeline``
  and leaves every byte of data/processed/ as it was;
* ``match_summary.reconcile`` reports a disagreement with positions_summary;
* the program-results parser places cells by their x-position: a cell drawn in the wrong
  column is an error even though the text layer reads like a good line;
* the state/specialty report's printed percentages must agree with the counts to within
  0.05 points (0.06 off fails);
* ``matchstats check`` gives "different definition" before "wrong year";
* a run killed before its version is marked complete leaves nothing behind after the next
  run, and only KEEP_VERSIONS versions are kept;
* PDF printing waits for charts that are drawn late.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import InputError
from tests.helpers import cli, recatalogue

POSITIONS = "manual/nrmp_national_positions.csv"


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under the resolved folder (data/processed is a symlink to a version)."""
    root = folder.resolve()
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- reconciliation stops publication

def test_reconciliation_failure_stops_publication_and_leaves_data_byte_identical(home):
    """2025 PGY-1 positions filled one lower than the applicants matched to PGY-1: every expectation
    of positions_summary still passes, only match_summary.reconcile disagrees."""
    assert cli("pipeline", "--no-reports").exit_code == 0
    processed = home / "data" / "processed"
    target, before = processed.resolve(), digests(processed)
    assert "positions_summary.parquet" in before and "match_summary.parquet" in before

    f = home / "data" / "raw" / POSITIONS
    text = f.read_text()
    assert text.count(",40041,37667,") == 1
    f.write_text(text.replace(",40041,37667,", ",40041,37666,"))
    recatalogue(home, "nrmp_national_positions_manual", f)

    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1, r.output
    assert "reconcile: matched_pgy1 = positions_summary.filled_pgy1" in r.output
    assert "37,667 != positions_summary.filled_pgy1 37,666" in r.output
    assert "nothing was published" in r.output
    assert "expect_" not in r.output  # not a Great Expectations failure
    assert processed.resolve() == target
    assert digests(processed) == before


def test_a_failed_run_leaves_the_charts_as_they_were(home):
    """The charts of a new version are drawn while its tables are validated, into the unpublished version:
    when validation fails they are dropped with it, and reports/charts/ keeps every byte."""
    assert cli("pipeline").exit_code == 0
    charts = home / "reports" / "charts"
    before = digests(charts)
    assert any(k.endswith(".svg") for k in before) and ".stamp" in before
    published = (home / "data" / "processed").resolve()
    assert not (published / ".charts").exists()  # moved into reports/charts/ once published

    f = home / "data" / "raw" / POSITIONS
    f.write_text(f.read_text().replace(",40041,37667,", ",40041,37666,"))
    recatalogue(home, "nrmp_national_positions_manual", f)
    r = cli("pipeline")
    assert r.exit_code == 1 and "nothing was published" in r.output, r.output
    assert digests(charts) == before
    assert [d for d in (home / "data" / "versions").iterdir()] == [published]  # the failed version is gone


def test_match_summary_reconcile_reports_a_disagreement():
    from pipeline.ingest import match_summary

    ms = pd.DataFrame({"match_year": [2025, 2025], "applicant_type": ["all_applicants", "us_img"],
                       "matched_pgy1": [900, 100]})
    agree = pd.DataFrame({"match_year": [2025], "filled_pgy1": [900]})
    disagree = pd.DataFrame({"match_year": [2025], "filled_pgy1": [901]})
    assert match_summary.reconcile(ms, {"positions_summary": agree}) == []
    failures = match_summary.reconcile(ms, {"positions_summary": disagree})
    assert [(f.table, f.check) for f in failures] == [
        ("match_summary", "reconcile: matched_pgy1 = positions_summary.filled_pgy1")]
    assert failures[0].detail == "2025 all_applicants matched_pgy1 900 != positions_summary.filled_pgy1 901"


# ---------------------------------------------------------------- program results: cells by x-position

def test_program_results_cell_in_the_wrong_column_is_an_error(tmp_path, monkeypatch):
    """The 2023 Quota cell ("8") is drawn inside the 2023 Filled column, left of that column's own cell.

    The text layer reads "10 2 10 6 8 3 8 7 6 6", exactly like a good line with ten cells,
    so only the x-position of each cell shows that 2023 Quota is empty and 2023 Filled holds
    two values.
    """
    import tests.test_program_results as tp
    from pipeline.ingest import program_results

    draw = tp._program
    moved_x = tp.CELL_RIGHT[5] - tp._w("3 ")  # right edge of "8": inside 2023 Filled, left of its "3"
    assert moved_x - tp._w("8") / 2 > tp.boundary(4)

    class Moved:
        """The helper's canvas, except that the 2023 Quota cell is drawn at ``moved_x``."""

        def __init__(self, c):
            self.c = c

        def drawRightString(self, x, y, text, *a, **k):
            return self.c.drawRightString(moved_x if x == tp.CELL_RIGHT[4] else x, y, text, *a, **k)

        def __getattr__(self, name):
            return getattr(self.c, name)

    def moved(c, p, *args, **kw):
        return draw(Moved(c) if p.code == "2405140P0" else c, p, *args, **kw)

    monkeypatch.setattr(tp, "_program", moved)
    pages = tp.default_pages()
    pages[0].items[4] = tp.Prog("Medicine-Preliminary", "2405140P0",
                                ["10", "2", "10", "6", "8", "3", "8", "7", "6", "6"])
    pdf = tp.write_pdf(tmp_path / "r.pdf", pages)
    assert "Medicine-Preliminary 2405140P0 10 2 10 6 8 3 8 7 6 6" in tp._page_text(pdf, 3)
    with pytest.raises(InputError) as exc:
        program_results.parse(pdf)
    msg = str(exc.value)
    assert "page 3" in msg and "2405140P0" in msg
    assert "the 2023 Filled column holds more than one value ('8' and '3')" in msg


# ---------------------------------------------------------------- state report: percentage tolerance

@pytest.mark.parametrize("printed,ok", [("55.0", True), ("55.04", True), ("55.06", False), ("54.94", False)])
def test_state_report_percentage_tolerance_is_five_hundredths(tmp_path, printed, ok):
    """11 U.S. MD seniors of 20 positions = 55.0% exactly: a printed % MD Sr 0.06 off is an error.

    (The second row of Alabama's table: the first one places the header's words.)
    """
    import tests.test_state_specialty_results as ts
    from pipeline.ingest import state_specialty_results as ssr

    pages = ts.default_pages()
    row = ts.nums(20, 11, 2, 5, 0, 2, 0, 0)
    assert row[9] == "55.0" and pages[0][0][3].label == ["Emergency Medicine ", "(PGY-1)"]
    row[9] = printed
    pages[0][0][3] = ts.Row(["Emergency Medicine ", "(PGY-1)"], row)
    pdf = ts.write_pdf(tmp_path / "r.pdf", pages)
    if ok:
        df = ssr.parse(pdf)
        hit = df[(df["state"] == "AL") & (df["specialty_label"] == "Emergency Medicine")]
        assert hit[["positions", "us_md_senior"]].values.tolist() == [[20, 11]]
    else:
        with pytest.raises(InputError, match=rf"printed % MD Sr {printed} disagrees with the counts "
                                             r"\(100\*11/20 = 55\.000\)"):
            ssr.parse(pdf)


# ---------------------------------------------------------------- check: verdict order

def test_different_definition_comes_before_wrong_year(home, tmp_path):
    """1,100 PGY-1 positions "in 2024": the data give 1,000 for 2024, but 1,100 is both 2024's figure
    for all positions (a related series in the stated year) and 2025's PGY-1 figure (the same
    series in another year). The related series in the stated year wins."""
    from pipeline import check
    from tests.test_check import claim, publish_fixture, run

    publish_fixture(home, ["match_summary", "positions_summary"])  # the national positions are all it needs
    res = run(home, tmp_path, [claim("positions_pgy1", "1,100", year=2024),
                               claim("positions_pgy1", "1,000", year=2025)])
    assert res[0].verdict == check.DIFFERENT_DEFINITION, (res[0].verdict, res[0].note)
    assert res[0].data_value == "1,000" and res[0].found_in.startswith("2024, ")
    assert "all positions offered" in res[0].found_in
    # the same series matching another year alone is "wrong year" (so both rules apply to the first claim)
    assert (res[1].verdict, res[1].found_in) == (check.WRONG_YEAR, "2024")


# ---------------------------------------------------------------- versions: killed runs and retention

def _change_an_input(home, n: int = 1):
    f = home / "data" / "raw" / POSITIONS
    f.write_text(f.read_text().rstrip("\n") + "\n" * (n + 1))  # same data, new bytes: a new edition
    recatalogue(home, "nrmp_national_positions_manual", f)


def test_sigkill_before_the_version_is_complete_leaves_nothing_behind(home):
    from tests.test_faults import _start, _wait_for

    assert cli("pipeline", "--no-reports").exit_code == 0
    processed = home / "data" / "processed"
    before = digests(processed)
    _change_an_input(home)

    proc = _start(home, fault="complete")
    _wait_for(proc, "FAULT POINT complete")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    versions = home / "data" / "versions"
    incomplete = [d for d in versions.iterdir() if not (d / ".complete").exists()]
    assert len(incomplete) == 1 and (incomplete[0] / "positions_summary.parquet").exists()  # the killed run's
    assert digests(processed) == before

    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    assert [d for d in versions.iterdir() if not (d / ".complete").exists()] == []
    assert not incomplete[0].exists()
    assert digests(processed) != before


def test_only_keep_versions_complete_versions_are_kept(home):
    from pipeline.store import publish

    versions = home / "data" / "versions"
    published = []
    for n in range(publish.KEEP_VERSIONS + 2):
        if n:
            _change_an_input(home, n)
            time.sleep(0.01)  # version names carry a timestamp
        r = cli("pipeline", "--no-reports")
        assert r.exit_code == 0, r.output
        published.append((home / "data" / "processed").resolve())
    kept = sorted(d for d in versions.iterdir() if d.is_dir())
    assert len(set(published)) == publish.KEEP_VERSIONS + 2
    assert all((d / ".complete").exists() for d in kept)
    assert kept == sorted(published[-publish.KEEP_VERSIONS:])  # the newest ones, the current one among them


# ---------------------------------------------------------------- PDF printing waits for late charts

LATE_CHART = """<!doctype html>
<html data-charts-ready="pending"><head><meta charset="utf-8"><title>late chart</title></head>
<body><h1>A page whose chart is drawn late</h1><div id="chart"></div>
<script>
setTimeout(function () {
  document.getElementById("chart").innerHTML =
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="80">' +
    '<rect x="0" y="0" width="400" height="80" fill="#1f77b4"></rect>' +
    '<text x="10" y="50" font-size="24" fill="#000">LATE CHART DRAWN</text></svg>';
  document.documentElement.setAttribute("data-charts-ready", "1");
}, 1500);
</script></body></html>
"""


def _chromium_missing() -> bool:
    from pipeline.reports import browser

    return browser.find_chromium() is None


@pytest.mark.skipif(_chromium_missing(), reason="chromium is not installed")
def test_pdf_printing_waits_for_a_chart_drawn_late(tmp_path):
    import pypdfium2

    from pipeline.reports import browser

    html, pdf = tmp_path / "late.html", tmp_path / "late.pdf"
    html.write_text(LATE_CHART)
    t0 = time.perf_counter()
    assert browser.print_pdfs([(html, pdf)]) == [pdf]
    seconds = time.perf_counter() - t0
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()
    assert "A page whose chart is drawn late" in text
    assert "LATE CHART DRAWN" in text, f"printed after {seconds:.2f} s without the chart"
    assert seconds >= 1.5
