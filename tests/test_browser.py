"""The reports in headless Chromium: offline, no console errors, no requests, charts drawn, PDF.

The specialty reports draw their charts with Vega inlined in the page (an <svg> per chart), after the
page has loaded; ``_open`` waits for <html data-charts-ready="1"> before anything is checked.

Chromium is Debian's ``chromium`` (installed by .ci/run); without it these tests skip.
Flags: --headless --no-sandbox --disable-gpu --disable-background-networking (pipeline.reports.browser).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pipeline.reports import browser
from tests.conftest import make_home
from tests.helpers import cli
from tests.specialty_fixture import EXPECTED, NATIONAL_IMG_SHARE, SCRIPT, publish_fixture

pytestmark = pytest.mark.skipif(browser.find_chromium() is None, reason="chromium is not installed")

CHARTS = {"internal-medicine": 5, "anesthesiology": 4, "dermatology": 3}  # no AAMC rows; dermatology: no IMG
SHORT_TABLES = ["t-levels", "t-trend", "t-compare", "t-aamc"]
# Letter pages of the fixture's internal-medicine PDF: 1 headline figures and the first chart, 2 who filled and
# fill trend, 3 states, unfilled programs, 4 AAMC, 5 comparison and Charting Outcomes, 6 methodology (starts a
# page), 7 sources and data version
EXPECTED_PDF_PAGES = 7
CHECK_SCRIPT = """(() => {
  const figs = [...document.querySelectorAll('figure.chart')];
  return {
    figures: figs.length,
    drawn: figs.filter(f => { const s = f.querySelector('svg, canvas'); if (!s) return false;
                              const r = s.getBoundingClientRect();
                              return r.width > 50 && r.height > 50
                                     && s.querySelectorAll('path, rect, line').length > 3; }).length,
    chartText: Object.fromEntries(figs.map(f => [f.dataset.chart || 'index',
                                                 [...f.querySelectorAll('svg text')].map(t => t.textContent)])),
    ready: document.documentElement.getAttribute('data-charts-ready'),
    text: document.body.innerText,
    scrollWidth: document.documentElement.scrollWidth,
    scripts: [...document.scripts].map(s => s.type || 'classic'),
    external: [...document.querySelectorAll('[src], link[href]')].map(e => e.src || e.href),
    layouts: figs.map(f => f.dataset.layout || null),
  };
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    make_home(home)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATCHSTATS_HOME", str(home))
        mp.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
        publish_fixture(home)
        r = cli("report", "--all")
        assert r.exit_code == 0, r.output
        r = cli("report", "--specialty", "Internal Medicine", "--format", "pdf")
        assert r.exit_code == 0, r.output
        yield home


@pytest.fixture(scope="module")
def chromium():
    with browser.Chromium() as b:
        yield b


def _open(chromium, path: Path, width: int = 1100, mobile: bool = False):
    """The page, loaded and (for a specialty report) with its charts drawn."""
    page = chromium.new_page(width=width, height=900)
    if mobile:
        page.set_viewport(width, 800, mobile=True)
    page.goto(path.as_uri())
    page.wait_for_charts()
    return page


def _assert_offline(page, path: Path):
    assert page.console_errors == [], page.console_errors
    assert [u for u in page.requests if u != path.as_uri()] == [], page.requests


@pytest.mark.parametrize("sid", sorted(CHARTS))
def test_report_renders_offline_with_every_chart(site, chromium, sid):
    path = site / "reports" / "specialties" / f"{sid}.html"
    page = _open(chromium, path)
    try:
        info = page.evaluate(CHECK_SCRIPT)
        _assert_offline(page, path)
        assert info["ready"] == "1"
        assert info["external"] == []
        assert info["figures"] == CHARTS[sid] and info["drawn"] == CHARTS[sid]
        assert f"IMG share of filled positions\n{EXPECTED[sid]}" in info["text"]
        assert NATIONAL_IMG_SHARE in info["text"]
        # the page's own scripts only, all inline: Vega, the drawing code, two JSON specs per chart (wide, phone)
        assert sorted(info["scripts"]) == ["application/json"] * (2 * CHARTS[sid]) + ["classic"] * 2
        assert info["layouts"] == ["wide"] * CHARTS[sid]  # a desktop window draws the wide layout
        # the charts show the figures: titles and value labels drawn as SVG text
        name = {"internal-medicine": "Internal Medicine", "anesthesiology": "Anesthesiology",
                "dermatology": "Dermatology"}[sid]
        who = info["chartText"]["who_filled"]
        assert f"Who filled the {name} positions, 2025" in who
        if sid == "internal-medicine":
            assert f"Sunshine {SCRIPT} Hosp" in info["text"]  # escaped: shown as text, never run
            assert "45  (47.4%)" in who and "24  (25.3%)" in who
            assert {"22", "12", "2"} <= set(info["chartText"]["states"])  # IMGs per state: NY, FL, CA
            assert {"85", "100", "95"} <= set(info["chartText"]["fill_trend"])  # 2021 and 2025 positions, filled
            assert "37.9%" in info["chartText"]["compare"]
        else:
            assert "states" not in info["chartText"] if sid == "dermatology" else "2" in info["chartText"]["states"]
    finally:
        page.close()


def test_index_renders_offline_links_and_sorts(site, chromium):
    path = site / "reports" / "index.html"
    page = _open(chromium, path)
    try:
        info = page.evaluate(CHECK_SCRIPT)
        _assert_offline(page, path)
        assert info["figures"] == 1 and info["drawn"] == 1  # the match-rate chart
        assert info["scripts"] == [] and info["ready"] is None  # the index has no script: inline SVG
        links = page.evaluate("[...document.querySelectorAll('#specialty-index a')].map(a => a.href)")
        assert [Path(l.removeprefix("file://")).name for l in links] == [
            "anesthesiology.html", "dermatology.html", "internal-medicine.html"]
        assert all(Path(l.removeprefix("file://")).exists() for l in links)
        order = """[...document.querySelectorAll('#specialty-index td.name')]
                   .map(td => [td.getBoundingClientRect().top, td.innerText]).sort((a, b) => a[0] - b[0])
                   .map(x => x[1])"""
        assert page.evaluate(order) == ["Anesthesiology", "Dermatology", "Internal Medicine"]
        page.evaluate("document.querySelector('label[for=sort-img-d]').click()")
        assert page.evaluate(order) == ["Internal Medicine", "Anesthesiology", "Dermatology"]
        page.evaluate("document.querySelector('label[for=sort-img-a]').click()")  # click again: reversed, but the
        # small numbers (anesthesiology: 19 positions filled, dermatology: 5) are never ranked: last either way
        assert page.evaluate(order) == ["Internal Medicine", "Anesthesiology", "Dermatology"]
        page.evaluate("document.querySelector('label[for=sort-rank-d]').click()")  # THE ranking: IM 1 of 1
        assert page.evaluate(order)[0] == "Internal Medicine"
        page.evaluate("document.querySelector('label[for=sort-positions-d]').click()")
        assert page.evaluate(order) == ["Internal Medicine", "Anesthesiology", "Dermatology"]
        assert page.console_errors == []
    finally:
        page.close()


def test_phone_width_screenshot_is_not_blank_and_fits(site, chromium, tmp_path):
    from PIL import Image

    path = site / "reports" / "specialties" / "internal-medicine.html"
    page = _open(chromium, path, width=390, mobile=True)
    try:
        info = page.evaluate(CHECK_SCRIPT)
        assert info["scrollWidth"] <= 390, "the page scrolls sideways on a phone"
        png = page.screenshot()
    finally:
        page.close()
    (tmp_path / "phone.png").write_bytes(png)
    im = Image.open(io.BytesIO(png)).convert("L")
    assert im.size == (390, 800)
    hist = im.histogram()
    dark = sum(hist[:128]) / (im.size[0] * im.size[1])
    assert 0.01 < dark < 0.6, f"the screenshot looks blank or broken ({dark:.3f} dark pixels)"
    assert len([h for h in hist if h]) > 20  # text, lines and colours, not one flat fill


def test_pdf_opens_with_expected_pages_and_vector_charts(site):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf_path = site / "reports" / "specialties" / "internal-medicine.pdf"
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        assert len(pdf) == EXPECTED_PDF_PAGES
        pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        text = "\n".join(pages)
        assert "37.9%" in text and "Internal Medicine" in text and "Reproduction prohibited" in text
        # the charts were drawn before printing: their titles and labels are text of the PDF
        for title in ("Who filled the Internal Medicine positions, 2025",
                      "Internal Medicine: positions offered and filled, 2021–2025",
                      "Internal Medicine: IMGs matched by state, 2025",
                      "IMG share: Internal Medicine among the specialties ranked, 2025"):
            assert title in text, title
        # the appendix starts on a page of its own; every page has the footer with its number
        method = [i for i, t in enumerate(pages) if "Methodology and definitions" in t]
        assert method and pages[method[0]].lstrip().startswith("Methodology and definitions")
        assert all(f"{i + 1} / {len(pdf)}" in t for i, t in enumerate(pages))
        # charts are vector graphics: no raster image on any page, many path objects
        kinds = [obj.type for i in range(len(pdf)) for obj in pdf[i].get_objects(max_depth=5)]
        assert pdfium_c.FPDF_PAGEOBJ_IMAGE not in kinds
        assert kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) > 100
    finally:
        pdf.close()


def test_pdf_does_not_cut_short_tables(site, chromium):
    """Each short table's caption and last row are on the same PDF page."""
    import pypdfium2 as pdfium

    path = site / "reports" / "specialties" / "internal-medicine.html"
    page = _open(chromium, path)
    try:
        ends = page.evaluate("""Object.fromEntries(%s.map(id => { const t = document.getElementById(id);
            const rows = t.querySelectorAll('tr'); const last = rows[rows.length - 1];
            return [id, [t.querySelector('caption') ? t.querySelector('caption').innerText : t.rows[0].innerText,
                         last.cells[0].innerText]]; }))""" % SHORT_TABLES)
    finally:
        page.close()
    pdf = pdfium.PdfDocument(str(site / "reports" / "specialties" / "internal-medicine.pdf"))
    try:
        pages = [re.sub(r"\s+", " ", pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()
    for tid, (first, last) in ends.items():
        first = re.sub(r"\s+", " ", first)[:40]
        last = re.sub(r"\s+", " ", last)
        on = [i for i, t in enumerate(pages) if first in t]
        assert on, f"{tid}: caption {first!r} not found in the PDF"
        assert last in pages[on[0]], f"{tid}: the table starts on page {on[0] + 1} but its last row is not there"


@pytest.mark.integration
def test_real_internal_medicine_report_in_chromium(tmp_path, monkeypatch, chromium):
    """With the real report files: the internal-medicine report renders offline with all its charts, and prints."""
    from tests.conftest import real_raw_dir

    raw = real_raw_dir()  # the mirror, or data/raw/ when the files are there
    make_home(tmp_path)
    monkeypatch.setenv("MATCHSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    assert cli("fetch", "--from", str(raw)).exit_code == 0
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    r = cli("report", "--specialty", "internal medicine", "--format", "pdf")
    assert r.exit_code == 0, r.output
    path = tmp_path / "reports" / "specialties" / "internal-medicine.html"
    page = _open(chromium, path)
    try:
        info = page.evaluate(CHECK_SCRIPT)
        _assert_offline(page, path)
        assert info["ready"] == "1"
        assert info["figures"] == 5 and info["drawn"] == 5
        assert "5,122  (41.2%)" in info["chartText"]["who_filled"]  # U.S. MD seniors
        assert "IMG share of filled positions\n40.3%" in info["text"]
        assert "5,015 of 12,439" in info["text"]
    finally:
        page.close()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path.with_suffix(".pdf")))
    try:
        assert len(pdf) >= 8
        assert "40.3%" in pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()


def test_index_table_fits_a_phone(site, chromium):
    path = site / "reports" / "index.html"
    page = _open(chromium, path, width=390, mobile=True)
    try:
        box, table, doc = page.evaluate("[document.querySelector('#specialty-index').parentElement.clientWidth,"
                                        " document.querySelector('#specialty-index').scrollWidth,"
                                        " document.documentElement.scrollWidth]")
        assert doc <= 390 and table <= box, (box, table, doc)
        _assert_offline(page, path)
    finally:
        page.close()


def test_pdf_stops_with_the_report_named_when_a_chart_fails(site, tmp_path):
    """A chart that cannot be drawn stops the PDF with an error naming the report (no PDF without charts)."""
    html = (site / "reports" / "specialties" / "internal-medicine.html").read_text()
    head, sep, tail = html.partition('data-chart="fill_trend">')
    opening = '<script type="application/json" data-layout="wide">'  # the layout a printed page draws
    spec_start = tail.index(opening) + len(opening)
    broken = tmp_path / "broken-report.html"
    broken.write_text(head + sep + tail[:spec_start] + "{not json" + tail[spec_start:])
    with pytest.raises(browser.BrowserError) as err:
        browser.print_pdfs([(broken, tmp_path / "broken-report.pdf")])
    msg = err.value.message
    assert "broken-report.html" in msg and "fill_trend" in msg and "could not be drawn" in msg
    assert not (tmp_path / "broken-report.pdf").exists()


def test_hostile_name_in_a_chart_is_text_not_markup(site, chromium, tmp_path, monkeypatch):
    """A name that reaches the charts' JSON and the page's HTML is shown as text in both; nothing runs."""
    from pipeline.reports import specialty as specialty_report
    from pipeline.reports import specialty_data
    from pipeline.config import paths
    from pipeline.ingest.specialties import crosswalk

    evil = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    monkeypatch.setitem(crosswalk().names, "internal-medicine", evil)
    monkeypatch.setenv("MATCHSTATS_HOME", str(site))
    path = tmp_path / "evil.html"
    path.write_text(specialty_report.render(specialty_data.load_data(paths()), "internal-medicine"))
    page = _open(chromium, path)
    try:
        info = page.evaluate(CHECK_SCRIPT)
        assert page.evaluate("typeof window.pwned") == "undefined"
        _assert_offline(page, path)  # no request for "x": the <img> was never made
        assert info["ready"] == "1" and info["drawn"] == 5
        assert f"Who filled the {evil} positions, 2025" in info["chartText"]["who_filled"]
        assert f"{evil}: the 2025 Main Residency Match" in info["text"]
    finally:
        page.close()



# -- issue 14: numbers a reader can trust at a glance ---------------------------------------------------------

SMALLEST_TEXT = """(() => {
  /* every text of every drawn chart: its font size as rendered on the screen (font-size x the SVG's scale),
     and whether it lies inside the window */
  const out = [];
  for (const f of document.querySelectorAll('figure.chart')) {
    if (f.offsetParent === null) continue;  // a chart hidden by the layout (the index's wide chart on a phone)
    for (const t of f.querySelectorAll('svg text')) {
      if (!t.textContent.trim() || t.getClientRects().length === 0) continue;
      const r = t.getBoundingClientRect();
      out.push({chart: f.dataset.chart || 'index', text: t.textContent.slice(0, 40),
                px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b),
                right: r.right});
    }
  }
  return out;
})()"""


@pytest.mark.parametrize("sid", sorted(CHARTS))
def test_phone_width_charts_are_made_for_the_width(site, chromium, sid):
    """At 390 px every chart is drawn in its phone layout: no chart text under 11 px, nothing past the edge."""
    path = site / "reports" / "specialties" / f"{sid}.html"
    page = _open(chromium, path, width=390, mobile=True)
    try:
        info = page.evaluate(CHECK_SCRIPT)
        texts = page.evaluate(SMALLEST_TEXT)
        _assert_offline(page, path)
    finally:
        page.close()
    assert info["ready"] == "1" and info["drawn"] == CHARTS[sid]
    assert info["layouts"] == ["narrow"] * CHARTS[sid]
    assert info["scrollWidth"] <= 390
    assert texts and {t["chart"] for t in texts} == set(info["chartText"])
    small = [t for t in texts if t["px"] < 11 - 0.05]
    assert small == [], small[:5]
    assert max(t["right"] for t in texts) <= 390, [t for t in texts if t["right"] > 390][:3]
    # the source line is under the chart, as text, on a phone
    assert "Source: NRMP" in info["text"]


def test_index_chart_on_a_phone_is_the_narrow_one(site, chromium):
    path = site / "reports" / "index.html"
    page = _open(chromium, path, width=390, mobile=True)
    try:
        texts = page.evaluate(SMALLEST_TEXT)
        shown = page.evaluate("[getComputedStyle(document.querySelector('.chart-wide')).display,"
                              " getComputedStyle(document.querySelector('.chart-narrow')).display]")
    finally:
        page.close()
    assert shown == ["none", "block"]
    assert texts and min(t["px"] for t in texts) >= 11 - 0.05, min(texts, key=lambda t: t["px"])
    assert max(t["right"] for t in texts) <= 390


def test_index_sources_wrap_with_links_and_say_things_once(tmp_path, chromium, monkeypatch):
    """The offline index (no report files): at 1280 px the sources table wraps instead of scrolling, every
    address is a link, no literal backtick, and "not available" is said once."""
    make_home(tmp_path)
    monkeypatch.setenv("MATCHSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    assert cli("pipeline").exit_code == 0
    path = tmp_path / "reports" / "index.html"
    page = _open(chromium, path, width=1280)
    try:
        box, table = page.evaluate("[document.querySelector('table.src').parentElement.clientWidth,"
                                   " document.querySelector('table.src').scrollWidth]")
        text = page.evaluate("document.body.innerText")
        unlinked = page.evaluate(r"""[...document.querySelectorAll('table.src td')].flatMap(td => {
            const links = new Set([...td.querySelectorAll('a')].map(a => a.textContent));
            return (td.innerText.match(/https?:\/\/\S+[^\s.,;)]/g) || []).filter(u => !links.has(u)); })""")
        _assert_offline(page, path)
    finally:
        page.close()
    assert table <= box, (table, box)
    assert unlinked == []
    assert "`" not in text
    assert text.lower().count("not available") <= 1 and "is not available" not in text
    assert "No specialty reports: the analysis img_share_by_specialty needs the table state_specialty_results" in text
    assert "MATCHSTATS_RAW_MIRROR=DIR make pipeline" in text  # the next command, as code


def _page_fill(pdf_path: Path) -> list[tuple[float, str]]:
    """Per PDF page: the share of its text area that holds content (text or drawing), and its text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    out = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            h = page.get_height()
            top, footer = 13 / 25.4 * 72, 15 / 25.4 * 72  # the @page margins (points)
            bottoms = []
            for obj in page.get_objects(max_depth=6):
                try:
                    left, b, right, t = obj.get_pos()
                except AttributeError:  # an object without a position (pypdfium2's generic PdfObject)
                    continue
                if t - b < 0.9 * h and b > footer:
                    bottoms.append(b)
            tp = page.get_textpage()
            bottoms += [tp.get_rect(j)[1] for j in range(tp.count_rects()) if tp.get_rect(j)[1] > footer]
            used = (h - top - min(bottoms)) / (h - top - footer) if bottoms else 0.0
            out.append((used, tp.get_text_range()))
    finally:
        pdf.close()
    return out


SECTION_STARTS = ("Appendix:", "Methodology and definitions")  # sections that start a page of their own


def _assert_pages_filled(pages: list[tuple[float, str]]) -> None:
    for i, (used, _) in enumerate(pages[:-1]):
        next_text = pages[i + 1][1].lstrip()
        if next_text.startswith(SECTION_STARTS):
            continue  # the end of a section: the next one starts on a new page
        assert used >= 0.5, f"page {i + 1} of {len(pages)} is more than half empty ({used:.0%})"


def test_pdf_first_page_and_no_half_empty_page(site):
    pdf = site / "reports" / "specialties" / "internal-medicine.pdf"
    pages = _page_fill(pdf)
    first = re.sub(r"\s+", " ", pages[0][1])  # a card's label may wrap (four cards a row)
    # the first page carries the headline cards and the first chart
    assert "Headline figures" in first and "IMG share of filled positions" in first
    assert "Rank by IMG share (PGY-1)" in first
    assert "Who filled the Internal Medicine positions, 2025" in first
    _assert_pages_filled(pages)


def test_a_small_specialtys_pdf_has_its_first_chart_on_page_one(site, tmp_path):
    """Dermatology (5 positions): its cards carry small-number notes; four cards a row in print leave room for
    the first chart on page 1 instead of half a page left empty."""
    jobs = [(site / "reports" / "specialties" / "dermatology.html", tmp_path / "dermatology.pdf")]
    browser.print_pdfs(jobs, say=lambda m: None)
    pages = _page_fill(tmp_path / "dermatology.pdf")
    first = re.sub(r"\s+", " ", pages[0][1])
    assert "Headline figures" in first and "small number" in first
    assert "Who filled the Dermatology positions, 2025" in first, first[-400:]
    assert pages[0][0] >= 0.5, f"page 1 is more than half empty ({pages[0][0]:.0%})"


@pytest.mark.integration
def test_real_pdf_summarises_unfilled_programs_with_the_list_in_an_appendix(tmp_path, monkeypatch):
    """Internal medicine 2025: 139 programs with unfilled positions; the body has the summary and the 10 with the
    most, the appendix every program; no page is more than half empty except where a section ends."""
    from tests.conftest import real_raw_dir

    raw = real_raw_dir()
    make_home(tmp_path)
    monkeypatch.setenv("MATCHSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    assert cli("fetch", "--from", str(raw)).exit_code == 0
    assert cli("pipeline", "--no-reports").exit_code == 0
    r = cli("report", "--specialty", "IM", "--format", "pdf")
    assert r.exit_code == 0, r.output
    pages = _page_fill(tmp_path / "reports" / "specialties" / "internal-medicine.pdf")
    text = [t for _, t in pages]
    body = next(i for i, t in enumerate(text) if "Programs with unfilled positions, 2025" in t)
    appendix = next(i for i, t in enumerate(text) if t.lstrip().startswith("Appendix: every Internal Medicine"))
    assert body < appendix
    assert "139 programs of Internal Medicine (of 1,139) had 513 positions left unfilled" in re.sub(r"\s+", " ", "".join(text))
    assert "the 10 programs with the most unfilled positions" in re.sub(r"\s+", " ", "".join(text[body:body + 2]))
    assert "Headline figures" in text[0] and "Who filled the Internal Medicine positions, 2025" in text[0]
    _assert_pages_filled(pages)


# -- issue 27: phone width (390 px) and the validation page at 1280 px -------------------------------------

WORDS_WHOLE = r"""(() => {
  // every word of every specialty name on one line: a name breaks between words or after "/", not inside a word
  const broken = [];
  for (const a of document.querySelectorAll("#specialty-index td.name a")) {
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /[^\s\/]+/g; let m;
      while ((m = re.exec(n.data))) {
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
})()"""

CAPTIONS_IN_VIEW = """(() => [...document.querySelectorAll(".wrap > table > caption")].map(c => {
  const w = c.closest(".wrap").getBoundingClientRect(), r = c.getBoundingClientRect();
  return {id: c.parentElement.id, left: r.left - w.left, right: r.right - w.right, text: c.textContent.slice(0, 40)};
}).filter(x => x.left < -1 || x.right > 1))()"""

OUTSIDE = """(() => {
  const W = document.documentElement.clientWidth, out = [];
  for (const e of document.body.querySelectorAll("*")) {
    if (e.closest(".wrap, figure.chart")) continue;
    const r = e.getBoundingClientRect();
    if (r.width && r.right > W + 1) out.push(e.tagName + ": " + (e.textContent || "").slice(0, 60));
  }
  return {out: out.slice(0, 5), sw: document.documentElement.scrollWidth,
          scrolling: [...document.querySelectorAll(".wrap")].filter(w => w.scrollWidth > w.clientWidth + 1)
                       .map(w => (w.querySelector("table") || {}).id)};
})()"""


def test_index_on_a_phone_keeps_names_whole_and_the_trend_heading_in_view(site, chromium):
    """390 px: "Anesthesiology" is not cut as "Anesthesiolo|gy"; the last heading ("Pos. 2021–2025") is not
    clipped by the table's box."""
    path = site / "reports" / "index.html"
    page = _open(chromium, path, width=390, mobile=True)
    try:
        assert page.evaluate(WORDS_WHOLE) == []
        head = page.evaluate("""(() => { const w = document.querySelector('#specialty-index').parentElement
          .getBoundingClientRect(); const th = document.querySelector('#specialty-index th.c-trend');
          const r = th.getBoundingClientRect(); return [r.right - w.right, th.innerText]; })()""")
        assert head[0] <= 1 and "2021–2025" in head[1].replace("\n", ""), head
        # a change from a small base is counts with their noun ("5 → 5 positions"), inside the table's box
        cell = page.evaluate("""(() => { const w = document.querySelector('#specialty-index').parentElement
          .getBoundingClientRect();
          const td = document.querySelector('#specialty-index tr[data-sid="dermatology"] td.trend');
          const r = td.getBoundingClientRect(); return [r.right - w.right, td.innerText.replace(/\\s+/g, " ")]; })()""")
        assert cell[0] <= 1 and "5 → 5 positions" in cell[1], cell
        assert page.evaluate(OUTSIDE)["sw"] <= 390
    finally:
        page.close()


@pytest.mark.parametrize("sid", ["internal-medicine", "dermatology"])
def test_table_captions_stay_in_their_scroll_box_on_a_phone(site, chromium, sid):
    """390 px: a table wider than the screen scrolls in its box; its caption is as wide as the box, whole."""
    page = _open(chromium, site / "reports" / "specialties" / f"{sid}.html", width=390, mobile=True)
    try:
        info = page.evaluate(OUTSIDE)
        assert info["scrolling"], "no table scrolls: the check would prove nothing"
        assert page.evaluate(CAPTIONS_IN_VIEW) == []
        page.evaluate("document.querySelectorAll('.wrap').forEach(w => w.scrollLeft = 400)")
        assert page.evaluate(CAPTIONS_IN_VIEW) == []  # still in view once the table is scrolled
    finally:
        page.close()


@pytest.fixture(scope="module")
def validation_page(tmp_path_factory):
    """reports/validation.html of a run on the bundled facts: a documented discrepancy and notes."""
    home = tmp_path_factory.mktemp("validation")
    make_home(home)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATCHSTATS_HOME", str(home))
        mp.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
        r = cli("pipeline")
        assert r.exit_code == 0, r.output
    return home / "reports" / "validation.html"


@pytest.mark.parametrize("width", [390, 1280])
def test_validation_page_reads_without_sideways_scrolling(validation_page, chromium, width):
    """The "why" of each discrepancy is whole on screen (no box to scroll), checks are words, not ids, and the
    notes of reading the files are not under "Report editions compared"."""
    page = _open(chromium, validation_page, width=width, mobile=width < 600)
    try:
        info = page.evaluate(OUTSIDE)
        assert info["out"] == [] and info["sw"] <= width, info
        assert "t-discrepancies" not in info["scrolling"] and "t-notes" not in info["scrolling"], info
        if width > 600:
            assert info["scrolling"] == [], info
        text = page.evaluate("document.body.innerText")
        what = page.evaluate("[...document.querySelectorAll('#t-discrepancies td.what')].map(e => e.innerText)")
        assert "PGY-1 match rate (%) of U.S. MD seniors: the cited sources compared" in what, what
        assert "facts agree" not in text and "facts_agree" not in text
        why = page.evaluate("""[...document.querySelectorAll('#t-discrepancies tr.why td')].map(e => {
          const r = e.getBoundingClientRect(); return [r.left, r.right, e.innerText.slice(0, 30)]; })""")
        assert why and all(0 <= left and right <= width for left, right, _ in why), why
        editions = page.evaluate("document.querySelector('#editions').innerText")
        notes = page.evaluate("document.querySelector('#notes').innerText")
        assert "no match rate for" not in editions and "no match rate for" in notes
    finally:
        page.close()

