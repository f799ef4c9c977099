"""`matchstats check ARTICLE`: an article as written (plain text, Markdown, HTML, standard input).

Unit tests publish small made-up tables (tests/test_check.py's fixture plus the Charting Outcomes fixture)
and check texts written for those numbers; reading tests need no data. The integration test checks the
example articles in claims/examples/ against the real reports, with the known answers of
tests/article_gold.py.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from pipeline.check import document
from pipeline.check.article import read_document
from pipeline.check.article_output import check_document, not_figure
from pipeline.config import PROJECT_DIR, paths
from pipeline.store import dictionary, warehouse
from tests import charting_outcomes_fixture as co
from tests.article_gold import GOLD, align, same, score
from tests.helpers import cli
from tests.test_check import INPUTS, _frames

EXAMPLES = PROJECT_DIR / "claims" / "examples"
C, WY, WV, DD, NID, NC = "confirmed", "wrong year", "wrong value", "different definition", "not in data", "not checked"

# ---------------------------------------------------------------- a small published home (made-up numbers)
# 2025: all applicants 800 of 1,000 matched (80.0%), U.S.-citizen IMGs 130 / 200 (65.0%), non-U.S. 150 / 300
# (50.0%); 2024: U.S.-citizen IMGs 120 / 190 (63.2%), non-U.S. 117 / 200 (58.5%). Registered 1,100 (2025).
# Positions 2025: 1,200 offered (1,100 PGY-1), 900 filled (800 PGY-1), 310 in SOAP. Family medicine 2025:
# 150 positions, 140 filled, 40 by IMGs (28.6%). Step 2 CK medians 2026: 248 matched, 242 not matched.

TABLES = ["match_summary", "rol_length", "positions_summary", "state_specialty_results", "program_results",
          "preferred_specialty_outcomes", "applicant_measures"]


def publish(home: Path) -> None:
    version = home / "data" / "versions" / "fixture"
    version.mkdir(parents=True)
    frames = {**_frames(), "preferred_specialty_outcomes": co.preferred_specialty_outcomes(),
              "applicant_measures": co.applicant_measures()}
    inputs = {**INPUTS, "preferred_specialty_outcomes": ["nrmp_charting_outcomes_img_2026_transcription"],
              "applicant_measures": ["nrmp_charting_outcomes_img_2026_transcription"]}
    for t in TABLES:
        dictionary.conform(t, frames[t]).to_parquet(version / f"{t}.parquet", index=False)
        (version / f"{t}.meta.json").write_text(json.dumps({"table": t, "inputs": [{"id": i} for i in inputs[t]]}))
    warehouse.build(version, TABLES, say=lambda *_: None)
    (version / ".complete").write_text("fixture")
    os.symlink(version, home / "data" / "processed")


@pytest.fixture
def db(home):
    publish(home)
    return home


def doc_of(text: str, name: str = "article.md"):
    return document.parse(name, text, document.detect(name, text))


def check_text(text: str, name: str = "article.md"):
    return check_document(paths(), doc_of(text, name))


def figures(ac_or_list):
    figs = ac_or_list.figures if hasattr(ac_or_list, "figures") else ac_or_list
    return [f for f in figs if not not_figure(f)]


def verdicts(ac) -> list[tuple]:
    return [(f.stated, f.verdict) for f in figures(ac)]


def verdict_of_each(home, text: str, name: str = "t.md") -> dict:
    """{figure as written: verdict} for a text checked against the data published in home."""
    return {f.stated: f.verdict for f in figures(check_document(paths(home), doc_of(text, name)))}


def read(text: str, name: str = "article.md"):
    return figures(read_document(doc_of(text, name)))


def read_by_stated(text: str, name: str = "t.md") -> dict:
    """{figure as written: Figure} for the statistics of a text read without data (the last of equal ones)."""
    return {f.stated: f for f in read(text, name) if f.kind == "statistic"}


def dim_value(f, name: str):
    """The value of a figure's dimension, None when it has none."""
    d = f.dims.get(name)
    return None if d is None else d.value


GUIDE = """# A guide for IMGs

## The 2025 Match

In the 2024 Match, U.S.-citizen IMGs had a PGY-1 match rate of 65.0%. Non-U.S.-citizen IMGs matched at 50%.

In 2025 alone, IMGs filled 280 out of 800 PGY-1 positions (35.0%). A record 1,100 applicants registered.

IMGs took 31.6% of family-medicine spots. IMGs make up roughly 25% of all practicing physicians.

## Scores

Aim for 250 on Step 2 CK; 255+ is competitive. A U.S. senior might match with an average score around 248.
In the 2026 Match, non-U.S. IMGs who matched had a median Step 2 CK score of 248.
"""


# ---------------------------------------------------------------- verdicts on the fixture


def test_guide_on_fixture(db):
    ac = check_text(GUIDE)
    assert verdicts(ac) == [("65.0%", WY), ("50%", WY), ("280", C), ("800", C), ("35.0%", C), ("1,100", C),
                            ("31.6%", WV), ("25%", NC), ("250", NC), ("255+", NC), ("248", NC), ("248", C)]
    f = {x.stated + str(i): x for i, x in enumerate(figures(ac))}
    rate = f["65.0%0"]
    assert rate.metric == "match_rate_pct" and rate.data_value == "63.2" and rate.data_year == 2024
    assert rate.result.found_in == "2025"
    assert rate.dims["year"].source == "sentence: 'In the 2024 Match, U.S.-citizen'"
    assert rate.dims["applicant_type"].value == "us_img" and "U.S.-citizen IMGs" in rate.dims["applicant_type"].source
    assert f["50%1"].dims["year"].source.startswith("earlier sentence: 'In the 2024 Match")
    assert f["800" + "3"].metric == "filled_pgy1" and f["35.0%4"].metric == "img_share_of_matched_pct"
    assert "280 / 800 = 35.00%" in f["35.0%4"].note
    # "A record 1,100 applicants registered": applicants without a group are all applicants, from the words
    assert f["1,1005"].dims["applicant_type"].source == "sentence: 'applicants' (no group named: all applicants)"
    fm = f["31.6%6"]
    assert fm.metric == "img_share_pct" and fm.data_value == "28.6" and fm.dims["specialty_id"].value == "family-medicine"
    assert fm.dims["year"].source.startswith("earlier paragraph: 'In 2025 alone")
    assert "practicing physicians" in f["25%7"].note
    assert "advice" in f["2508"].note and "advice" in f["255+9"].note
    assert f["24810"].metric is None and f["24810"].verdict == NC
    s2 = f["24811"]
    assert s2.metric == "step2_median" and s2.dims["outcome"].value == "matched" and s2.data_year == 2026


def test_news_table_and_list_on_fixture(db):
    news = ("Match Day\n\nIn 2025, 1,100 applicants registered and 1,000 certified a rank order list. U.S.-citizen "
            "IMGs matched at 65%, up from 63.2% in 2024. Programs offered 1,200 positions, and 310 unfilled "
            "positions were offered in SOAP. About 300 IMGs matched.\n")
    assert verdicts(check_text(news, "news.txt")) == [("1,100", C), ("1,000", C), ("65%", C), ("63.2%", C),
                                                      ("1,200", C), ("310", C), ("300", NC)]  # about: not judged
    table = ("## IMG share of filled positions, 2025\n\n| Specialty | IMG share | Positions offered |\n|---|---|---|\n"
             "| Family Medicine | 28.6% | 150 |\n| Internal Medicine | 48.1% | 210 |\n| Family Medicine | 20.0% | 130 |\n")
    ac = check_text(table)
    assert verdicts(ac) == [("28.6%", C), ("150", C), ("48.1%", C), ("210", C), ("20.0%", WY), ("130", WV)]
    cell = figures(ac)[0]
    assert cell.dims["specialty_id"].source == "row: 'Family Medicine'"
    assert cell.dims["year"].source.startswith("table caption: 'IMG share of filled positions, 2025'")
    assert figures(ac)[1].metric == "positions" and figures(ac)[4].result.found_in == "2024"
    listed = "Match rates in 2025:\n\n- U.S.-citizen IMGs: 65.0%\n- Non-U.S.-citizen IMGs: 58.5%\n"
    ac = check_text(listed)
    assert verdicts(ac) == [("65.0%", C), ("58.5%", WY)]
    assert figures(ac)[0].dims["year"].source == "list lead-in: 'Match rates in 2025:'"


def test_adversarial_text_on_fixture(db):
    text = ("Call (555) 123-4567 on March 15, 2025, or 1-800-555-0199 at 9:30 a.m. About 2,024 applicants registered "
            "in 2025. Our newsletter has a 45% open rate, and 90% of program directors read it.\n\n"
            "In 2024, 65.0% of U.S.-citizen IMGs matched. In 2025, 65.0% of non-U.S.-citizen IMGs matched.\n\n"
            "ECFMG certification can take 18 to 36 months. Match rates rose by 0.5 percentage points. Nearly 300 IMGs "
            "matched in 2025, and 50% of non-U.S. IMGs matched in 2025, up from 58.5%. U.S. MD seniors who matched "
            "had a median Step 2 CK score of 248. U.S. seniors matched at 80.0% in 2025.\n\n"
            # wrong readings that the fixture's figures would confirm: a program's own rate (80.0% nationally),
            # two specialties named together (family medicine's 28.6%)
            "Of the applicants in our program, 80.0% matched in 2025. In internal medicine and family medicine, "
            "IMGs filled 28.6% of positions in 2025.\n")
    ac = check_text(text, "adversarial.txt")
    assert verdicts(ac) == [("2,024", NC), ("45%", NC), ("90%", NC), ("65.0%", WY), ("65.0%", WV), ("18", NC),
                            ("36", NC), ("0.5", NC), ("300", NC), ("50%", C), ("58.5%", NC), ("248", NC),
                            ("80.0%", NC), ("80.0%", NC), ("28.6%", NC)]
    kinds = {f.stated: f.kind for f in ac.figures if not_figure(f)}
    assert kinds == {"(555) 123-4567": "phone number", "March 15, 2025": "date", "1-800-555-0199": "phone number",
                     "9:30 a.m.": "time", "2025": "year", "2024": "year", "Step 2 CK": "name"}
    assert "a local figure" in figures(ac)[-2].note and "several specialties" in figures(ac)[-1].note
    f = {x.stated: x for x in figures(ac)[:-2]}
    assert f["2,024"].metric == "registered_applicants" and f["2,024"].data_value == "1,100"  # a count, not a year
    assert f["2,024"].note.startswith("unsure of the reading: 2,024 is far from")  # 1,100: not judged (round 10)
    assert "a duration ('18 to 36 months')" in f["18"].note
    assert "bound" in f["300"].note and "the data give 280 for 2025" in f["300"].note
    assert "earlier value of a change" in f["58.5%"].note
    assert "step2_median is given for non_us_img only" in f["248"].note
    assert "U.S. seniors (MD and DO together)" in f["80.0%"].note
    assert ac.failed


# ---------------------------------------------------------------- reading (no data needed)


@pytest.mark.parametrize("text, stated, kind, reason", [
    ("See Table 3 and COVID-19 rules for PGY-1 and PGY-2.", "3", None, None),
    ("It takes 18 to 36 months.", "18", "range", "duration"),
    ("Fees are $1,200 a year.", "1,200", "money", "money"),
    ("One in 4: a 3x rise, 1 in 4 applicants.", "3", "multiple", "multiple"),
    ("Scores of 255+ are competitive.", "255+", "statistic", "advice"),
    ("You should aim for 250 on Step 2 CK.", "250", "statistic", "advice"),
    ("IMGs make up 25% of all practicing physicians.", "25%", "statistic", "practicing physicians"),
    ("The rate rose by 2.5% in 2025.", "2.5%", "statistic", "change"),
    ("It was up 3 percentage points.", "3", "statistic", "change"),
    ("The city has 120 programs.", "120", "statistic", "programs"),
    ("They applied to 120 programs.", "120", "statistic", "application measure"),
    ("Our open rate is 45%.", "45%", "statistic", "Match statistic"),
])
def test_figures_that_are_not_checked(text, stated, kind, reason):
    figs = read(text, "t.txt")
    hits = [f for f in read_document(doc_of(text, "t.txt")) if f.stated == stated]
    if kind is None:
        assert not [f for f in figs if f.stated == stated]  # part of a name: not a figure
        assert all(f.kind == "name" for f in hits)
        return
    assert hits and hits[0].kind == kind and hits[0].metric is None, hits
    assert reason in hits[0].reason


def test_years_counts_and_precision():
    figs = read("In 2025, about 2,024 applicants matched into family medicine, and about 9,800 IMGs matched. "
                "Roughly 25,000 positions were offered. 36 thousand applicants matched in 2024.", "t.txt")
    f = {x.stated: x for x in figs}
    assert f["2,024"].kind == "statistic" and f["2,024"].decimals == 0 and f["2,024"].metric == "filled"
    assert f["9,800"].decimals == -2 and "approximate" in f["9,800"].notes[0]
    assert f["25,000"].decimals == -3 and f["25,000"].metric == "positions_total"
    assert f["36 thousand"].value == 36000 and f["36 thousand"].decimals == -3
    assert f["36 thousand"].dims["year"].value == 2024


def test_year_inference():
    text = ("## 2023 results\n\nIn 2024 alone, IMGs filled 9,045 positions. They took 25.3% of them. "
            "In 2025, 67.8% of U.S.-citizen IMGs matched, up from 67.0% in 2024, while non-U.S. IMGs matched at "
            "58.0%.\n\nIMGs took 31.3% of family medicine spots.\n\n## Other\n\nBetween 2021 and 2025, 9,000 IMGs "
            "matched.\n\nU.S. MD seniors matched at 93.5%.\n\n# 2022 in review\n\n## Rates\n\n"
            "U.S. MD seniors matched at 92.9%.\n")
    f = [(x.stated, x.dims["year"].value if "year" in x.dims else None, x.dims.get("year") and x.dims["year"].source)
         for x in read(text)]
    assert f[0] == ("9,045", 2024, "sentence: 'In 2024 alone, IMGs'")
    assert f[1][1] == 2024 and f[1][2].startswith("earlier sentence: 'In 2024 alone")  # the next sentence
    assert f[2][1] == 2025 and f[3][1] == 2024 and f[4][1] == 2025  # "up from 67.0% in 2024" dates only 67.0%
    # under the heading "2023 results" the paragraph before names 2025: which year is meant is not certain
    assert f[5][1] is None and "unsure which year" in read(text)[5].reason
    assert f[6][1] is None  # a span of years: ambiguous, not checked
    assert f[7][1] is None  # "## 2023 results" is a sibling section, not a heading above: no year
    assert f[8][1] == 2022 and f[8][2] == "heading: '2022 in review'"  # the heading above the section
    nine = read(text)[6]
    assert nine.metric is None and "ambiguous" in nine.reason


def test_groups_specialties_and_levels():
    text = ("The 2025 Match. U.S. MD seniors matched at 93.5%. DO seniors matched at 92.6%. US IMGs matched at 67.8%. "
            "Foreign medical graduates matched at 60.8%. 79.8% of all applicants matched. "
            "In OB/GYN, IMGs filled 6.1% of PGY-1 positions. In internal medicine, non-U.S. IMGs took 30.5% of "
            "positions. IMGs filled 40% of positions in New York.\n")
    got = [(x.stated, x.metric, {k: d.value for k, d in x.dims.items() if k != "year"}) for x in read(text)]
    assert got == [
        ("93.5%", "match_rate_pct", {"applicant_type": "us_md_senior"}),
        ("92.6%", "match_rate_pct", {"applicant_type": "us_do_senior"}),
        ("67.8%", "match_rate_pct", {"applicant_type": "us_img"}),
        ("60.8%", "img_match_rate_pct", {}),
        ("79.8%", "match_rate_pct", {"applicant_type": "all_applicants"}),
        ("6.1%", "img_share_pct", {"specialty_id": "obstetrics-gynecology", "position_level": "PGY-1"}),
        ("30.5%", "non_us_img_share_pct", {"specialty_id": "internal-medicine"}),
        ("40%", "img_share_pct", {"state": "NY"}),
    ]


def test_html_input_is_read_as_text_and_escaped(db, tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Rates &amp; more</title><style>p{x:1}</style>"
            "<script>var rate = '99.9%';</script></head><body><h1>The 2025 Match</h1>"
            "<p>U.S.-citizen IMGs matched at <b>65.0%</b> &lt;script&gt;alert(1)&lt;/script&gt;.</p>"
            "<table><tr><th>Group</th><th>2024</th></tr><tr><td>Non-U.S.-citizen IMGs</td><td>58.5%</td></tr></table>"
            "</body></html>")
    f = tmp_path / "page.html"
    f.write_text(page)
    assert document.detect("page.html", page) == "html" and document.detect("-", page) == "html"
    out = tmp_path / "out"
    r = cli("check", str(f), "--out", str(out), "--html", str(tmp_path / "annotated.html"))
    assert r.exit_code == 0, r.output
    assert "99.9" not in r.output  # script contents are not article text
    html = (tmp_path / "annotated.html").read_text()
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html and "&lt;/script&gt;" in html
    assert "<script" not in html and not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "url(" not in html and 'name="viewport"' in html and "v-confirmed" in html
    assert (out / "page.html").read_text() == html and json.loads((out / "page.json").read_text())["figures"]


def test_json_write_claims_and_check_again(db, tmp_path):
    art = tmp_path / "guide.md"
    art.write_text(GUIDE)
    claims = tmp_path / "guide-claims.yml"
    r = cli("check", str(art), "--format", "json", "--write-claims", str(claims), "--out", str(tmp_path / "o"))
    assert r.exit_code == 1
    data = json.loads(r.output)
    assert set(data) >= {"figures"} and len(data["figures"]) == len(read_document(doc_of(GUIDE)))
    first = next(x for x in data["figures"] if x["stated"] == "65.0%")
    assert set(first) >= {"sentence", "offset", "stated", "metric", "dimensions", "verdict", "data_value", "note"}
    assert first["dimensions"]["year"] == {"value": 2024, "from": "sentence: 'In the 2024 Match, U.S.-citizen'"}
    assert GUIDE[first["offset"]:first["offset"] + 5] == "65.0%" and first["verdict"] == WY
    by_article = {x["stated"]: x["verdict"] for x in data["figures"] if x["metric"] and x["verdict"] != NC}
    text = claims.read_text()
    assert "# year: sentence: 'In the 2024 Match, U.S.-citizen'" in text and "# Not read as claims" in text
    r2 = cli("check", str(claims), "--out", str(tmp_path / "o2"))
    assert r2.exit_code == 1, r2.output
    import csv

    rows = list(csv.DictReader((tmp_path / "o2" / "guide-claims.csv").open()))
    assert {x["stated"]: x["verdict"] for x in rows} == by_article


def test_standard_input_and_text_summary(db):
    from tests.helpers import runner
    from pipeline.cli import app

    r = runner.invoke(app, ["check", "-"], input="In 2025, U.S.-citizen IMGs matched at 65.0%.\n")
    assert r.exit_code == 0, r.output
    assert "[CONFIRMED] 65.0%" in r.output and "1 checked (1 confirmed), 0 not checked" in r.output
    assert "Not figures (not checked): 2025 (year, line 1)" in r.output
    claims = "claims:\n  - text: t\n    metric: match_rate_pct\n    dimensions: {year: 2025, applicant_type: us_img}\n" \
             "    stated: 65%\n"
    r = runner.invoke(app, ["check", "-"], input=claims)
    assert r.exit_code == 0 and "1 of 1 claim(s) confirmed" in r.output
    r = runner.invoke(app, ["check", "-", "--format", "xml"], input="x")
    assert r.exit_code == 2


def test_no_figure_and_no_database(home, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Nothing to check here, 2025.\n")
    r = cli("check", str(f), "--write-claims", str(tmp_path / "c.yml"), "--out", str(tmp_path))
    assert r.exit_code == 0 and "No figure was read as a claim" in r.output and not (tmp_path / "c.yml").exists()
    f.write_text("In 2025, 65.0% of U.S.-citizen IMGs matched.\n")
    r = cli("check", str(f))
    assert r.exit_code == 2 and "no published database yet" in r.output


def test_vocabulary_is_data_the_registry_and_crosswalk_know():
    from pipeline.check.article_numbers import vocabulary
    from pipeline.check.registry import METRICS
    from pipeline.ingest.specialties import crosswalk

    v = vocabulary().raw
    groups = set(v["groups"])
    assert groups - set(v["populations_not_in_data"]) <= {"us_img", "non_us_img", "img", "us_md_senior",
                                                          "us_do_senior", "all_applicants"}
    assert set(v["populations_not_in_data"]) <= groups
    assert set(v["specialty_aliases"]) <= set(crosswalk().names)
    assert all(m in METRICS for trio in v["ratios"] for m in trio)
    assert all(m in METRICS for a, d in v["wholes"].items() for m in [a, *d.values()])
    assert set(v["metric_populations"]) <= set(METRICS)
    for rx, reason in v["names"]:
        re.compile(rx)
        assert reason


def test_extraction_on_the_example_texts():
    """Every claim the example articles make is read with its metric and dimensions, and nothing else is
    read as a claim (benchmarks/article_extraction.py prints the same measure)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("article_extraction", PROJECT_DIR / "benchmarks"
                                                  / "article_extraction.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    res = mod.measure()
    assert set(res) == set(GOLD)
    for name, s in res.items():
        assert s["wrong"] == [], (name, s["wrong"])  # no figure is read as another claim
        assert s["recall"] >= 0.9, (name, s["missed"])


# ---------------------------------------------------------------- the example articles on the real reports


@pytest.mark.integration
def test_example_articles_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    for name, gold in GOLD.items():
        content = (EXAMPLES / name).read_text()
        ac = check_document(paths(real_home), document.parse(name, content, document.detect(name, content)))
        pairs = align(ac.figures, gold)
        assert [(f.stated if f else None, f.verdict if f else None) for f, g in pairs] == \
            [(g[0], g[3]) if g else (None, None) for f, g in pairs], name
        for f, g in pairs:
            if f is not None and f.verdict == C:
                assert same(f, g), (name, f.stated)  # no wrong reading is confirmed
        assert score(pairs)["wrong"] == []


@pytest.mark.integration
def test_the_guide_on_real_data(real_home, monkeypatch, tmp_path):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    r = cli("check", str(EXAMPLES / "img-guide-article.md"), "--format", "json", "--out", str(tmp_path))
    assert r.exit_code == 1
    figs = [x for x in json.loads(r.output)["figures"] if x["kind"] == "statistic"]
    by = {}
    for x in figs:
        by.setdefault(x["stated"], []).append(x)
    us = by["67.8%"][0]
    assert (us["verdict"], us["data_value"], us["found_in"]) == (WY, "67.0", "2025")
    assert us["dimensions"]["year"]["value"] == 2024 and us["dimensions"]["applicant_type"]["value"] == "us_img"
    non = by["58%"][0]
    assert (non["verdict"], non["data_value"], non["found_in"]) == (WY, "58.5", "2025, 2022")
    assert [by[k][0]["verdict"] for k in ("9,045", "35,984", "25.1%")] == [C, C, C]
    fm = by["31.6%"][0]
    assert fm["verdict"] == WV and fm["data_value"] == "31.3" and fm["data_year"] == 2025
    assert by["25%"][0]["verdict"] == NC and "practicing physicians" in by["25%"][0]["note"]
    senior = by["248"][1]
    assert senior["verdict"] in (NC, NID) and senior["metric"] is None
    assert by["248"][0]["verdict"] == C and by["248"][0]["data_year"] == 2026  # the non-U.S. IMGs' median


@pytest.mark.integration
def test_the_article_page_on_a_phone(real_home, monkeypatch, tmp_path):
    from pipeline.reports import browser

    if browser.find_chromium() is None:
        pytest.skip("chromium is not installed")
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    page_file = tmp_path / "guide.html"
    assert cli("check", str(EXAMPLES / "img-guide-article.md"), "--html", str(page_file),
               "--out", str(tmp_path)).exit_code == 1
    with browser.Chromium() as b:
        page = b.new_page(width=390, height=800)
        page.set_viewport(390, 800, mobile=True)
        page.goto(page_file.as_uri())
        info = page.evaluate("""(() => {
            const fig = document.querySelector('article .fig.v-wrong-year'); fig.focus();
            const tip = fig.querySelector('.tip'); const r = tip.getBoundingClientRect();
            return {scroll: document.documentElement.scrollWidth, shown: getComputedStyle(tip).display,
                    left: r.left, right: r.right, text: tip.innerText, figs: document.querySelectorAll('article .fig').length};
        })()""")
        assert page.requests == [] or all(u.startswith("file:") for u in page.requests)
        assert not page.console_errors
        page.close()
    assert info["scroll"] <= 390, "the page scrolls sideways on a phone"
    assert info["shown"] == "block" and 0 <= info["left"] and info["right"] <= 390
    assert "wrong year" in info["text"] and "67.8% is the figure for 2025" in info["text"]
    assert info["figs"] >= 17


def test_every_example_article_has_known_answers():
    names = {p.name for p in EXAMPLES.iterdir() if p.suffix in (".md", ".txt", ".html")}
    assert names == set(GOLD)
