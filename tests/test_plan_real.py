"""`matchstats plan` on the real report files (integration): internal medicine and family medicine, New York and
Florida, Step 2 CK 245 — the terminal, the JSON, the page in Chromium at 1280 and 390 px, and the PDF."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.reports import browser
from tests.helpers import cli

pytestmark = pytest.mark.integration

ARGS = ["plan", "--score", "245", "--specialty", "IM", "--specialty", "family med", "--state", "NY", "--state", "FL"]
IM_STANDING = ("Step 2 CK 245: between the lower quartile (240) and the median (251) of those who matched; above the "
               "median (243) of those who did not")
FM_STANDING = ("Step 2 CK 245: above the upper quartile (239) of those who matched; above the median (231) of those "
               "who did not")


@pytest.fixture(scope="module")
def real_home(tmp_path_factory):
    from tests.conftest import published_real_home

    yield from published_real_home(tmp_path_factory, "plan_real")


@pytest.fixture
def in_home(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    return real_home


def test_terminal_summary_and_page(in_home):
    r = cli(*ARGS)
    assert r.exit_code == 0, r.output
    out = r.output
    assert IM_STANDING in out and FM_STANDING in out
    assert "Matched to it as preferred specialty: 3,392 of 6,992, 48.5% (2026)" in out
    assert "Matched to it as preferred specialty: 599 of 1,112, 53.9% (2026)" in out
    assert "Contiguous ranks, median: 5 (matched) vs 2 (not matched)" in out
    assert "IMG share of filled PGY-1 positions, 2025: 40.3% nationally (5,015 of 12,439)" in out
    assert "New York: 51.7% (884 of 1,709); rank 1 of" in out and "Florida: 56.0% (520 of 929); rank 2 of" in out
    assert "Non-U.S.-citizen IMGs 2025: 7.26 programs ranked on average by those who matched vs 3.20" in out
    page = (in_home / "reports" / "plans" / "plan.html").read_text()
    for section in ("internal-medicine-standing", "internal-medicine-rate", "internal-medicine-img",
                    "internal-medicine-programs", "family-medicine-standing", "family-medicine-programs", "rol",
                    "definitions", "read-first"):
        assert f'id="{section}"' in page, section
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", "", page, flags=re.S))
    text = " ".join(text.split())
    assert IM_STANDING + "." in text and "3,392 of 6,992 non-U.S. IMGs who preferred it" in text
    assert "NRMP publishes no program-level IMG share" in text and "transcription" in text
    assert "Default order: by state, then by the number of years with positions unfilled" in text


def test_json_carries_the_same_figures(in_home):
    r = cli(*ARGS, "--format", "json", "--name", "Student A")
    assert r.exit_code == 0, r.output
    data = json.loads((in_home / "reports" / "plans" / "student-a.json").read_text())
    im, fm = data["specialties"]
    assert im["charting"]["standing"]["sentence"] == IM_STANDING.split(": ", 1)[1]
    assert (im["charting"]["rate"]["matched"], im["charting"]["rate"]["applicants"], im["charting"]["rate"]["pct"]) \
        == (3392, 6992, 48.5)
    assert (im["charting"]["contiguous"]["matched"]["median"], im["charting"]["contiguous"]["not_matched"]["median"]) \
        == (5, 2)
    assert (fm["charting"]["rate"]["matched"], fm["charting"]["rate"]["applicants"]) == (599, 1112)
    assert (data["rol"]["latest"]["year"], data["rol"]["latest"]["matched"], data["rol"]["latest"]["unmatched"]) \
        == (2025, 7.26, 3.2)
    assert [s["state"] for s in im["img_share"]["states"]] == ["NY", "FL"]
    rows = im["programs"]["rows"]
    assert rows and {r["state"] for r in rows} == {"FL", "NY"} and im["programs"]["years"] == [2015, 2025]
    assert all(set(r["unfilled_years"]) == {int(y) for y, (q, f) in r["years"].items() if q > f} for r in rows)


CHECK = """(() => ({
  figures: document.querySelectorAll('figure.chart').length,
  drawn: [...document.querySelectorAll('figure.chart')].filter(f => { const s = f.querySelector('svg');
            return s && s.getBoundingClientRect().width > 50 && s.querySelectorAll('path, rect, line').length > 3; }).length,
  ready: document.documentElement.getAttribute('data-charts-ready'),
  scrollWidth: document.documentElement.scrollWidth,
  layouts: [...document.querySelectorAll('figure.chart')].map(f => f.dataset.layout),
  youMarked: [...document.querySelectorAll('figure.chart svg text')].some(t => t.textContent === 'You: 245'),
  external: [...document.querySelectorAll('[src], link[href]')].map(e => e.src || e.href),
}))()"""
SORT = """(() => { const t = document.querySelector('#t-programs-internal-medicine');
  const col = [...t.tHead.rows[0].cells].findIndex(c => c.textContent.trim() === 'Years unfilled');
  const vals = () => [...t.tBodies[0].rows].map(r => +r.cells[col].getAttribute('data-v'));
  t.tHead.rows[0].cells[col].click(); const asc = vals();
  t.tHead.rows[0].cells[col].click(); const desc = vals();
  return {asc: asc.every((v, i) => i === 0 || asc[i - 1] <= v), desc: desc.every((v, i) => i === 0 || desc[i - 1] >= v),
          n: asc.length}; })()"""


@pytest.mark.skipif(browser.find_chromium() is None, reason="chromium is not installed")
def test_page_in_chromium_at_1280_and_390_px(in_home):
    assert cli(*ARGS).exit_code == 0
    path = in_home / "reports" / "plans" / "plan.html"
    with browser.Chromium() as b:
        for width, mobile in ((1280, False), (390, True)):
            page = b.new_page(width=width, height=900)
            try:
                if mobile:
                    page.set_viewport(width, 800, mobile=True)
                page.goto(path.as_uri())
                page.wait_for_charts()
                info = page.evaluate(CHECK)
                assert info["ready"] == "1", info["ready"]
                # two standing charts, two state charts, the rank-order-list chart: all drawn
                assert info["figures"] == 5 and info["drawn"] == 5, info
                assert info["youMarked"]
                assert info["layouts"] == ["narrow" if mobile else "wide"] * 5
                assert info["scrollWidth"] <= width, (width, info["scrollWidth"])  # no sideways scroll
                assert info["external"] == []
                assert page.console_errors == []
                assert [u for u in page.requests if u != path.as_uri()] == []  # no request off the machine
                if not mobile:
                    s = page.evaluate(SORT)
                    assert s["n"] > 10 and s["asc"] and s["desc"]
            finally:
                page.close()


@pytest.mark.skipif(browser.find_chromium() is None, reason="chromium is not installed")
def test_pdf(in_home):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    r = cli(*ARGS, "--format", "pdf", "--name", "pdf test")
    assert r.exit_code == 0, r.output
    pdf_path = in_home / "reports" / "plans" / "pdf-test.pdf"
    assert pdf_path.read_bytes()[:5] == b"%PDF-" and (in_home / "reports" / "plans" / "pdf-test.html").exists()
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
        assert len(pdf) > 4
        assert any(IM_STANDING in p for p in pages)
        assert all(f"{i + 1} / {len(pdf)}" in p for i, p in enumerate(pages))
        kinds = [obj.type for i in range(3) for obj in pdf[i].get_objects(max_depth=5)]
        assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds and kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) > 50  # vector
    finally:
        pdf.close()
