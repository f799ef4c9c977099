"""Specialty reports and the specialty index, on small made-up published data (tests/specialty_fixture.py)."""

from __future__ import annotations

import json
import re

import pytest

from pipeline.charts import specialty as specialty_charts
from pipeline.charts import vega
from pipeline.reports import specialty as specialty_report
from pipeline.reports import specialty_data
from pipeline.config import paths
from tests.conftest import real_raw_dir
from tests.helpers import cli
from tests.specialty_fixture import EXPECTED, NATIONAL_IMG_SHARE, SCRIPT
from tests.specialty_home import published_fixture_home


@pytest.fixture(scope="module")
def _published_template(tmp_path_factory):
    """The fixture data published once per module (the pipeline run takes seconds)."""
    return published_fixture_home(tmp_path_factory)


@pytest.fixture
def published(_published_template, tmp_path, monkeypatch):
    """A copy of the published fixture home (data/processed is a relative symlink; the database's
    views read the template's Parquet files, which are identical)."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(_published_template, home, symlinks=True)
    monkeypatch.setenv("MATCHSTATS_HOME", str(home))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    return home


def _text(html: str) -> str:
    """The visible text of a page, roughly: scripts (Vega, chart specs) and tags removed, whitespace collapsed."""
    html = re.sub(r"<(svg|script|noscript)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _specs(html: str) -> dict[str, dict]:
    """The Vega-Lite spec of each chart of a page, by chart name."""
    return {k: json.loads(v) for k, v in re.findall(
        r'<figure class="chart" data-chart="(\w+)">.*?<script type="application/json" data-layout="wide">(.*?)</script>'
        r'.*?</figure>', html, re.S)}


def _narrow_specs(html: str) -> dict[str, dict]:
    """The phone-width spec of each chart of a page, by chart name."""
    return {k: json.loads(v) for k, v in re.findall(
        r'<figure class="chart" data-chart="(\w+)">.*?<script type="application/json" data-layout="narrow">(.*?)'
        r'</script>.*?</figure>', html, re.S)}


def _script_tags(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html, re.I)


def _assert_own_scripts_only(html: str, charts: int) -> None:
    """Exactly the page's own scripts: Vega inlined once, the drawing code, two JSON specs per chart (a wide and a
    phone-width layout); no src."""
    tags = _script_tags(html)
    assert tags.count('<script type="application/json" data-layout="wide">') == charts
    assert tags.count('<script type="application/json" data-layout="narrow">') == charts
    assert tags.count("<script>") == 2 and len(tags) == 2 * charts + 2, tags
    assert len(re.findall(r"</script", html, re.I)) == len(tags)  # nothing in a spec closes its element
    assert "vegaEmbed" in html and "data-charts-ready" in html


def test_report_by_display_name_case_insensitive(published):
    r = cli("report", "--specialty", "INTERNAL medicine")
    assert r.exit_code == 0, r.output
    out = published / "reports" / "specialties" / "internal-medicine.html"
    assert out.exists() and str(out) in r.output
    html = out.read_text()
    text = _text(html)
    # headline figures with their year and definition
    assert "IMG share of filled positions 37.9%" in text
    assert "2025: (U.S.-citizen IMGs + non-U.S.-citizen IMGs) / positions filled (36 of 95)" in text
    assert "Positions offered 100" in text
    # fill: the main program type, named, with the others and all types together in its definition
    assert "Categorical positions filled 97.1%" in text
    assert "68 of 70 categorical positions (C/M) filled before SOAP" in text
    assert "Preliminary: 90.0% (27 of 30)" in text and "All program types together: 95.0% (95 of 100)" in text
    assert "12 U.S.-citizen IMGs and 24 non-U.S.-citizen IMGs" in text
    # who filled: U.S. MD seniors 45 of 95 = 47.4%, non-U.S. IMGs 24 = 25.3%
    assert "U.S. MD seniors 45 (47.4%)" in text and "Non-U.S.-citizen IMGs 24 (25.3%)" in text
    # trend 2021-2025 from program results: 85 -> 100 positions = +17.6%; 2025 filled 95/100
    assert "Positions 2021–2025 +17.6%" in text
    assert re.search(r"2025 3 100 95 95\.0% 97\.1% 90\.0% 5 95\.2%", text)  # all types, categorical, preliminary
    # states ranked by IMG matches: NY 22, FL 12, CA 2
    assert re.search(r"1 New York NY 50 48 96\.0% 6 16 45\.8% 2 Florida FL 30 27 90\.0% 5 7 44\.4% "
                     r"3 California CA 20 20 100\.0% 1 1 10\.0%", text)
    # unfilled programs: two programs, 5 positions
    assert "2 programs of Internal Medicine (of 3) had 5 positions left unfilled" in text
    assert "2 categorical positions in 1 program; 3 preliminary positions in 1 program" in text
    # AAMC composition and the non-U.S. share: (300 + 20) / 1,200 = 26.7%
    assert "1,200 active Internal Medicine residents" in text and "320 ( 26.7% )" in text
    assert "350 (35.0%)" in text and "100 (50.0%)" in text
    # comparison with all specialties
    assert "ranks 1 of 1 specialty in" in text and NATIONAL_IMG_SHARE in text and "of 3 specialties" not in text
    assert "Rank by IMG share (PGY-1) 1 of 1" in text
    # methodology, sources, terms, data version with the input md5s
    assert "Reproduction prohibited without the written permission of the NRMP" in text
    assert "AAMC" in text and "Report on Residents" in text
    assert "1" * 32 in text and "2" * 32 in text and "3" * 32 in text
    assert paths().processed.resolve().name in text
    assert re.search(r"Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", text)
    # self-contained: nothing loaded from elsewhere; Vega inlined once and five charts as Vega-Lite specs
    _assert_own_scripts_only(html, charts=5)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html.replace('href="https://www.nrmp.org', "")
                         .replace('href="https://www.aamc.org', ""))
    assert not re.search(r"\bsrc=", re.sub(r"<script\b.*?</script>", "", html, flags=re.S))
    assert html.count('<figure class="chart"') == 5 and html.count("<noscript>") == 5
    specs = _specs(html)
    assert list(specs) == ["who_filled", "fill_trend", "states", "aamc", "compare"]
    # the charts show the same figures as the tables, from the specs' own datasets
    who = {r["group"]: (r["n"], r["label"]) for r in specs["who_filled"]["datasets"]["rows"]}
    assert who["U.S. MD seniors"] == (45, "45  (47.4%)") and who["Non-U.S.-citizen IMGs"] == (24, "24  (25.3%)")
    assert specs["who_filled"]["title"]["text"] == "Who filled the Internal Medicine positions, 2025"
    trend = {(r["match_year"], r["what"]): r["n"] for r in specs["fill_trend"]["datasets"]["rows"]}
    assert trend[(2021, "Positions offered")] == 85 and trend[(2025, "Positions offered")] == 100
    assert trend[(2025, "Positions filled")] == 95
    assert [(r["state"], r["img"]) for r in specs["states"]["datasets"]["totals"]] == [("NY", 22), ("FL", 12),
                                                                                       ("CA", 2)]
    aamc = {(r["category_label"], r["degree_type"]): r["pct"] for r in specs["aamc"]["datasets"]["rows"]}
    assert aamc[("White", "MD")] == 35.0 and aamc[("White", "DO")] == 50.0
    comp = [(r["name"], r["img_share_pct"], r["this"]) for r in specs["compare"]["datasets"]["rows"]]
    assert comp == [("Internal Medicine", 37.9, True)]  # the others have fewer than 100 positions
    # PGY-1 positions of all specialties: (36 + 0) IMGs / (95 + 10) filled = 34.3%
    assert specs["compare"]["title"]["subtitle"][-1] == "Dashed line: all PGY-1 positions together, 34.3%."


def test_strings_from_sources_are_escaped(published):
    assert cli("report", "--specialty", "internal-medicine").exit_code == 0
    html = (published / "reports" / "specialties" / "internal-medicine.html").read_text()
    assert SCRIPT not in html
    _assert_own_scripts_only(html, charts=5)
    assert "Sunshine &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Hosp" in html  # institution (program report)
    assert "Specialty and State &lt;script&gt;" in html  # source title from the catalogue


def test_report_by_id_and_levels(published):
    r = cli("report", "-s", "anesthesiology")
    assert r.exit_code == 0, r.output
    text = _text((published / "reports" / "specialties" / "anesthesiology.html").read_text())
    assert "IMG share of filled positions 10.5%" in text
    # one column per position level plus all levels: positions 10, 10, 20
    assert "Positions offered 10 10 20" in text and "PGY-1 PGY-2 All levels" in text
    # THE ranking (img_friendly_specialties) needs 100 PGY-1 positions: the card and the comparison say why not
    assert "Rank by IMG share (PGY-1) Not ranked" in text
    assert "Anesthesiology is not ranked by IMG share: it had 10 PGY-1 positions in 2025, fewer than the 100" in text


def test_unknown_name_lists_closest_matches_most_similar_first(published):
    r = cli("report", "--specialty", "Surgical")
    assert r.exit_code == 1
    assert "unknown specialty 'Surgical'" in r.output
    assert "closest matches, most similar first: Surgery (surgery), Neurological Surgery" in r.output
    assert "matchstats specialties" in r.output
    assert not (published / "reports" / "specialties").exists()


def test_a_clear_misspelling_resolves_and_says_what_it_was_taken_for(published):
    r = cli("report", "--specialty", "internal medecine")
    assert r.exit_code == 0, r.output
    assert "Took 'internal medecine' for Internal Medicine (internal-medicine)." in r.output
    assert (published / "reports" / "specialties" / "internal-medicine.html").exists()


def test_specialty_without_data_is_refused(published):
    r = cli("report", "--specialty", "Urology")
    assert r.exit_code == 1 and "Urology (urology) is not in the published 2025 Match data" in r.output


def test_path_like_names_are_refused_and_write_nothing(published):
    outside = published.parent
    before = {p for p in outside.rglob("*")}
    for name in ["../../etc/passwd", "../internal-medicine", "internal-medicine/../../x", "/tmp/x",
                 "internal-medicine.html", "..", "", "internal-medicine\x00", "Internal Medicine/../../x"]:
        r = cli("report", "--specialty", name)
        assert r.exit_code == 1, name
        assert "unknown specialty" in r.output, name
    assert {p for p in outside.rglob("*")} == before
    assert not (published / "reports").exists()


def test_report_path_only_takes_crosswalk_ids(published):
    p = paths()
    assert specialty_data.report_path(p, "internal-medicine") == \
        (published / "reports" / "specialties" / "internal-medicine.html").resolve()
    for bad in ("../x", "Internal Medicine", "internal-medicine/../../etc"):
        with pytest.raises(specialty_data.SpecialtyNotFound):
            specialty_data.report_path(p, bad)


def test_all_writes_every_specialty_and_the_index(published):
    r = cli("report", "--all")
    assert r.exit_code == 0, r.output
    folder = published / "reports" / "specialties"
    assert sorted(f.name for f in folder.glob("*.html")) == [
        "anesthesiology.html", "dermatology.html", "internal-medicine.html"]
    index = (published / "reports" / "index.html").read_text()
    # the specialty table links every report, with positions, fill, IMG share and trend
    for sid, share in EXPECTED.items():
        assert f'href="specialties/{sid}.html"' in index
        row = re.search(rf'<tr data-sid="{sid}".*?</tr>', index, re.S).group(0)
        assert share in row
    im = re.search(r'<tr data-sid="internal-medicine".*?</tr>', index, re.S).group(0)
    assert ">100<" in im and "95.0%" in im and "+17.6%" in im
    # CSS sort orders: by IMG share descending internal medicine comes first; anesthesiology (19 filled) and
    # dermatology (5) are small numbers: never ranked, last in either direction
    assert "--o-img-d:1;" in im and "--o-img-a:1;" in im
    for sid in ("anesthesiology", "dermatology"):
        row = re.search(rf'<tr data-sid="{sid}".*?</tr>', index, re.S).group(0)
        assert "--o-img-d:2;" in row and "--o-img-a:2;" in row
    # what the index showed before is still there: tables, sources with how to get them, the chart
    assert "<svg" in index and "<script" not in index and "67.8%" in index
    assert "state_specialty_results" in index and "missing" in index
    # a second run with nothing changed rebuilds nothing
    r2 = cli("report")
    assert "specialty reports up to date" in r2.output and "index.html up to date" in r2.output


def test_pipeline_builds_reports_and_skips_when_unchanged(published, monkeypatch):
    import pipeline.reports.index as site

    real_write = specialty_report.write
    out = site.build_index(paths(), say=lambda m: None)
    assert out is not None and (published / "reports" / "specialties" / "dermatology.html").exists()
    calls = []
    monkeypatch.setattr(specialty_report, "write", lambda *a, **k: calls.append(a))
    said = []

    def no_data(_):
        raise AssertionError("an up-to-date run reads no data")

    load_data = site.load_data
    monkeypatch.setattr(site, "load_data", no_data)
    assert site.build_index(paths(), say=said.append) is None
    assert calls == [] and any("up to date" in m for m in said)
    assert "[report] reports/specialties/: 3 specialty reports up to date" in said
    # a report gone: the data are read again and the reports rewritten
    monkeypatch.setattr(site, "load_data", load_data)
    monkeypatch.setattr(specialty_report, "write", real_write)
    (published / "reports" / "specialties" / "dermatology.html").unlink()
    assert not specialty_report.up_to_date(paths())
    site.build_index(paths(), say=lambda m: None)
    assert (published / "reports" / "specialties" / "dermatology.html").exists() and specialty_report.up_to_date(paths())


def test_index_without_specialty_data_says_why(home):
    r = cli("pipeline")
    assert r.exit_code == 0, r.output
    index = (home / "reports" / "index.html").read_text()
    assert "No specialty reports" in index and "state_specialty_results" in index
    assert "67.8%" in index and "<script" not in index


def test_bad_format_is_refused(published):
    r = cli("report", "--specialty", "internal-medicine", "--format", "docx")
    assert r.exit_code == 2 and "--format must be html or pdf" in r.output


def test_pdf_without_chromium_says_what_to_do(published, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_CHROMIUM", "/nonexistent/chromium")
    r = cli("report", "--specialty", "internal-medicine", "--format", "pdf")
    assert r.exit_code == 1
    assert "headless Chromium is needed" in r.output and "apt-get install chromium" in r.output
    assert (published / "reports" / "specialties" / "internal-medicine.html").exists()


CHART_FUNCTIONS = {"who_filled": "who_filled", "fill_trend": "fill_trend", "states": "states_by_img",
                   "aamc": "aamc_composition", "compare": "compare_img_share"}


def test_chart_specs_are_valid_and_draw_what_altair_draws(published, monkeypatch):
    """Each chart of a report is a valid Vega-Lite spec, and the template filled in for the specialty draws
    exactly the SVG of the same chart built with Altair from the same rows (``direct=True``)."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    data = specialty_data.load_data(paths())
    calls = {}
    for kind, fn in CHART_FUNCTIONS.items():
        real = getattr(specialty_charts, fn)

        def recording(*args, _real=real, _kind=kind, **kw):
            calls[(_kind, bool(kw.get("narrow")))] = (_real, args, kw)
            return _real(*args, **kw)

        monkeypatch.setattr(specialty_charts, fn, recording)
    ctx = specialty_report.context(data, "internal-medicine")
    assert {k for k, _ in calls} == set(ctx["charts"]) == set(ctx["narrow"]) == set(CHART_FUNCTIONS)
    schema = load_schema()
    for (kind, narrow), (fn, args, kw) in calls.items():
        spec = json.loads((ctx["narrow"] if narrow else ctx["charts"])[kind])
        assert spec == fn(*args, **kw)  # the embedded JSON is the spec
        assert "@@" not in json.dumps(spec), kind  # every placeholder was filled in
        validate_jsonschema(spec, schema)
        direct = fn(*args, **kw, direct=True)
        assert "@@" not in json.dumps(direct)
        assert vega.to_svg(spec) == vega.to_svg(direct), kind


def test_templates_are_built_once_and_not_shared_between_reports(published):
    """A report gets its own copy of a chart template: filling one in does not change another."""
    data = specialty_data.load_data(paths())
    a = specialty_report.context(data, "internal-medicine")["charts"]["who_filled"]
    templates = len(specialty_charts._TEMPLATES)
    b = specialty_report.context(data, "anesthesiology")["charts"]["who_filled"]
    assert len(specialty_charts._TEMPLATES) == templates  # nothing new built for the second report
    assert json.loads(specialty_report.context(data, "internal-medicine")["charts"]["who_filled"]) == json.loads(a)
    b = json.loads(b)
    assert b["title"]["text"] == "Who filled the Anesthesiology positions, 2025"
    assert {r["group"]: r["n"] for r in b["datasets"]["rows"]}["U.S. MD seniors"] == 15  # 8 + 3 + 4


def test_chart_json_cannot_break_out_of_its_script_element(published, monkeypatch):
    """A name that reaches a chart (here a hostile specialty name) is escaped in the HTML and in the JSON."""
    from pipeline.ingest.specialties import crosswalk

    evil = '</script><script>window.pwned=1</script><!-- & "Medicine"'
    monkeypatch.setitem(crosswalk().names, "internal-medicine", evil)
    data = specialty_data.load_data(paths())
    html = specialty_report.render(data, "internal-medicine")
    _assert_own_scripts_only(html, charts=5)
    assert "<script>window.pwned" not in html
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in html  # the HTML parts: escaped text
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1" in html  # the JSON: \u003c for <
    assert "<!--" not in html
    specs = _specs(html)
    assert specs["who_filled"]["title"]["text"] == f"Who filled the {evil} positions, 2025"  # same text back
    assert specs["aamc"]["title"]["text"].startswith(evil)


def test_embed_json_escapes_and_refuses_nan():
    text = vega.embed_json({"a": "</script><!-- & \u2028", "n": 1.5})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028", "n": 1.5}
    with pytest.raises(ValueError):
        vega.embed_json({"x": float("nan")})


@pytest.mark.integration
def test_real_internal_medicine_report(home):
    """With the real report files: internal medicine's 2025 IMG share is 40.3% (5,015 of 12,439)."""
    raw = real_raw_dir()  # the mirror, or data/raw/ when the files are there
    assert cli("fetch", "--from", str(raw)).exit_code == 0
    r = cli("pipeline", "--no-reports")
    if r.exit_code != 0:
        pytest.fail(r.output)
    r = cli("report", "--specialty", "Internal Medicine")
    assert r.exit_code == 0, r.output
    text = _text((home / "reports" / "specialties" / "internal-medicine.html").read_text())
    assert "IMG share of filled positions 40.3%" in text and "(5,015 of 12,439)" in text
    assert "Positions offered 12,952" in text
    # computed from the data (national program-results quota vs the state report), not typed
    assert "Program Results report lacks 19 of the 2025 positions (43,218, against 43,237" in text


def test_report_without_published_data_says_what_to_do(home):
    r = cli("report", "--specialty", "Internal Medicine")
    assert r.exit_code == 1 and "no published data yet" in r.output and "make pipeline" in r.output


def test_report_on_an_offline_clone_says_which_files_are_missing(home):
    """Only the bundled facts published: the report names the missing tables and files, and how to get them;
    it suggests no query on a view that does not exist."""
    assert cli("pipeline", "--no-reports").exit_code == 0
    r = cli("report", "--specialty", "IM")
    assert r.exit_code == 1
    out = " ".join(r.output.split())
    assert "no specialty report can be written for Internal Medicine (internal-medicine)" in out
    assert "state_specialty_results, which was not built" in out
    assert "Main_Match_Results_by_State_Specialty_and_AppType_2025.pdf" in out
    assert "MATCHSTATS_RAW_MIRROR=DIR make pipeline" in out and "matchstats fetch" in out
    assert "not in the published" not in out and "select distinct" not in out


# -- issue 14: numbers a reader can trust at a glance (on the made-up data) ---------------------------------

def _report_text(home, sid: str) -> str:
    return _text((home / "reports" / "specialties" / f"{sid}.html").read_text())


def _index_row(index: str, sid: str) -> str:
    return re.search(rf'<tr data-sid="{sid}".*?</tr>', index, re.S).group(0)


def test_one_ranking_everywhere_with_its_rule(published):
    """Card, comparison section and index show the same rank, img_friendly_specialties' (PGY-1, >= 100)."""
    assert cli("report", "--all").exit_code == 0
    im = _report_text(published, "internal-medicine")
    assert "Rank by IMG share (PGY-1) 1 of 1" in im
    assert "among the 1 specialty with at least 100 PGY-1 positions offered and 20 filled" in im
    assert "ranks 1 of 1 specialty in" in im and "img_friendly_specialties" in im
    an = _report_text(published, "anesthesiology")
    assert "Rank by IMG share (PGY-1) Not ranked" in an and " of 3" not in an  # no all-levels rank any more
    index = (published / "reports" / "index.html").read_text()
    assert '<td class="num rank">1 of 1</td>' in _index_row(index, "internal-medicine")
    assert '<td class="num rank">–</td>' in _index_row(index, "anesthesiology")
    assert "Rank (PGY-1)" in index and "at least 100 PGY-1 positions offered and 20 filled" in _text(index)


def test_small_numbers_are_marked_never_ranked_and_changes_are_counts(published):
    """Dermatology: 5 positions, all filled; anesthesiology: 19 filled. Bases under 20 are small numbers."""
    from pipeline.marts import SMALL_BASE

    assert SMALL_BASE == 20
    assert cli("report", "--all").exit_code == 0
    derm_html = (published / "reports" / "specialties" / "dermatology.html").read_text()
    derm = _text(derm_html)
    assert "IMG share of filled positions 0.0% small number: 5 positions filled (under 20)" in derm
    # a change from a small base is counts, not a percentage
    assert "Positions 2021–2025 5 → 5 positions small number: 5 positions in 2021 (under 20)" in derm
    assert "+0.0%" not in derm
    assert derm_html.count(' sn-card"') >= 3 and "Small number: a percentage or change" in derm
    an = _text((published / "reports" / "specialties" / "anesthesiology.html").read_text())
    assert "IMG share of filled positions 10.5% small number: 19 positions filled (under 20)" in an
    assert "IMG share of filled 10.5% †" in an  # the comparison table marks it too
    index = (published / "reports" / "index.html").read_text()
    row = _index_row(index, "dermatology")
    assert 'class="sn"' in row and "5 → 5 positions<" in row and "+0.0%" not in row  # counts, with their noun
    assert "Small number: a percentage or change whose base" in _text(index)
    # the methodology and the marts' dictionary say the same, with the same threshold
    assert "under 20 is a small number" in derm
    from pipeline.config import SQL_DIR

    assert "a base under 20" in (SQL_DIR / "README.md").read_text()


def test_small_base_is_one_threshold_in_python_and_sql():
    """Every small-number flag of the marts uses SMALL_BASE; the ranking never ranks a small base."""
    from pipeline import marts
    from pipeline.config import SQL_DIR

    flags = []
    for f in sorted(SQL_DIR.glob("*.sql")):
        sql = f.read_text()
        flags += [(f.name, n) for n in re.findall(r"<\s*(\d+)\s+AS\s+\w+_small\b", sql)]
    assert {f for f, _ in flags} >= {"img_share_by_specialty.sql", "img_share_by_state.sql",
                                      "specialty_fill_trends.sql", "specialty_fill_by_program_type.sql",
                                      "step2_by_specialty.sql"}
    assert {int(n) for _, n in flags} == {marts.SMALL_BASE}, flags
    ranking = (SQL_DIR / "img_friendly_specialties.sql").read_text()
    assert f"s.filled >= {marts.SMALL_BASE}" in ranking
    assert f"``SMALL_BASE`` ({marts.SMALL_BASE})" in " ".join(marts.access.__doc__.split()) or \
        "``SMALL_BASE``" in marts.access.__doc__
    assert marts.is_small(19) and not marts.is_small(20) and not marts.is_small(None)


def test_fill_is_split_by_program_type_and_says_which_is_shown(published):
    assert cli("report", "--all").exit_code == 0
    html = (published / "reports" / "specialties" / "internal-medicine.html").read_text()
    table = re.search(r'<table class="data narrow" id="t-types">.*?</table>', html, re.S).group(0)
    rows = _text(table)
    assert "Categorical (C/M) 2 70 68 97.1% 2" in rows and "Preliminary (P) 1 30 27 90.0% 3" in rows
    assert "All program types 3 100 95 95.0% 5" in rows
    text = _text(html)
    assert "Filled (%), all program types 95.0%" in text  # the state report's figure says what it covers
    assert "Categorical positions filled (%), 2025 97.1% 97.5%" in text  # beside all specialties
    index = (published / "reports" / "index.html").read_text()
    assert re.search(r'97\.1%<span class="ft">categorical</span>', _index_row(index, "internal-medicine"))
    assert re.search(r'advanced</span>', _index_row(index, "dermatology"))  # entered at PGY-2
    assert "Filled (main type)" in index


def test_counts_are_worded_with_their_noun(published):
    from pipeline.reports.formatting import count

    assert count(1, "position") == "1 position" and count(2, "position") == "2 positions"
    assert count(12944, "position") == "12,944 positions" and count(None, "program") == "– programs"
    assert count(1, "specialty", "specialties") == "1 specialty"
    assert cli("report", "--all").exit_code == 0
    an = _report_text(published, "anesthesiology")
    assert "1 position unfilled after the matching algorithm" in an
    assert "1 U.S.-citizen IMG and 1 non-U.S.-citizen IMG" in an
    for f in (published / "reports").rglob("*.html"):
        text = _text(f.read_text())
        assert not re.search(r"(?<![\w,.-])1 (positions|programs|specialties|IMGs)\b", text), f.name


def test_positions_card_names_the_other_reports_figure():
    from pipeline.reports import specialty_sections as sec

    tot = {"positions": 12952, "filled": 12439}
    card = sec.positions_card("Internal Medicine", tot, 2025, 12944)
    assert card["value"] == "12,952"
    assert "NRMP's Program Results report lists 12,944 for 2025 (8 fewer); neither is adjusted" in card["definition"]
    assert "lists" not in sec.positions_card("Internal Medicine", tot, 2025, 12952)["definition"]
