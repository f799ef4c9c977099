"""`matchstats plan` on small fixture tables (tests/test_analyses.py ALL_TABLES, the Charting Outcomes fixture):
the figures worked out by hand, the framing, missing analyses, bad input (exit 2, nothing written)."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from pipeline.reports import plan as plan_report
from pipeline.reports import plan_data
from pipeline.reports.plan_data import PlanInputError, parse_profile
from pipeline.store import warehouse
from tests.helpers import cli
from tests.test_analyses import ALL_TABLES, build_db


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    version = tmp_path_factory.mktemp("plan")
    build_db(version, {k: f() for k, f in ALL_TABLES.items()})
    c = duckdb.connect(str(version / warehouse.DB_NAME), read_only=True)
    yield c
    c.close()


def _profile(**kw):
    raw = {"step2ck": 245, "specialties": ["IM", "family med", "derm"], "states": ["NY", "Alabama"]}
    raw.update(kw)
    return parse_profile(raw)


def _plan(con, **kw) -> plan_report.Plan:
    p = _profile(**kw)
    data = plan_data.assemble(p, con)
    return plan_report.Plan(p, data, plan_report.charts(data))


def test_standing_in_words():
    m = {"min": 210, "q1": 240, "median": 251, "q3": 259, "max": 280}
    u = {"min": 209, "q1": 233, "median": 243, "q3": 253, "max": 279}
    assert plan_data.standing_sentence(245, m, u) == ("between the lower quartile (240) and the median (251) of those "
                                                      "who matched; above the median (243) of those who did not")
    bands = {v: plan_data.position(v, m)["band"] for v in (205, 239, 240, 250, 251, 255, 259, 270, 281)}
    assert bands == {205: "below_min", 239: "below_q1", 240: "at_q1", 250: "q1_median", 251: "at_median",
                     255: "median_q3", 259: "at_q3", 270: "above_q3", 281: "above_max"}
    assert plan_data.position(245, {"median": None})["band"] == "suppressed"


def test_figures_per_specialty(con):
    p = _plan(con, measures={"research": 1, "contiguous_ranks": 4})
    im, fm, derm = p.data["specialties"]
    co = im["charting"]
    assert co["year"] == 2026 and co["transcription"] and "transcription" in co["source"]
    assert co["standing"]["sentence"].startswith("between the lower quartile (240) and the median (251)")
    assert co["rate"] == {**co["rate"], "applicants": 60, "matched": 30, "pct": 50.0, "small": False}
    # the other measures: fixture quartiles 0, 1, 2, 3, 10 for both outcomes
    research = co["measures"][0]
    assert research["label"] == "Research experiences" and research["position_matched"]["band"] == "at_q1"
    assert co["contiguous"]["matched"]["median"] == 2 and co["contiguous"]["value"] == 4
    # family medicine: 12 of 20 (60.0%); 245 is above the matched applicants' upper quartile (239)
    assert fm["charting"]["rate"]["pct"] == 60.0
    assert fm["charting"]["standing"]["position_matched"]["band"] == "above_q3"
    # dermatology: 1 of 5 is a small number; the matched cohort is suppressed by the report: no sentence
    assert derm["charting"]["rate"]["small"] is True
    assert derm["charting"]["standing"]["matched"]["suppressed"]
    assert derm["charting"]["standing"]["sentence"] == ("the figures of those who matched are suppressed by the report "
                                                        "(a small cohort); below the median (250) of those who did not")
    # IMG share of filled PGY-1 positions: national 56 of 140 = 40.0%, NY 44 of 96 = 45.8%, AL 12 of 44 = 27.3%
    img = im["img_share"]
    assert img["level"] == "PGY-1" and img["year"] == 2025
    assert (img["national"]["img"], img["national"]["filled"], img["national"]["pct"]) == (56, 140, 40.0)
    assert [(s["state"], s["img"], s["filled"], s["pct"], s["rank"]) for s in img["states"]] == \
        [("NY", 44, 96, 45.8, 1), ("AL", 12, 44, 27.3, 2)]
    assert all(r["chosen"] for r in img["ranked"])
    # dermatology has PGY-2 positions only: the figures are of PGY-2 positions, and say so
    assert derm["img_share"]["level"] == "PGY-2" and derm["img_share"]["national"]["filled"] == 200
    # programs: NY's preliminary program had unfilled positions in 2024 and 2025; AL's program is new in 2025
    pr = {r["program_code"]: r for r in im["programs"]["rows"]}
    assert pr["1000140P0"]["unfilled_years"] == [2024, 2025] and pr["1000140P0"]["years"][2024] == [6, 3]
    assert pr["3000140C0"]["new"] and pr["3000140C0"]["first_year"] == 2025
    assert pr["1000140C0"]["growth"] == 2 and not pr["1000140C0"]["new"]
    assert [r["program_code"] for r in im["programs"]["rows"]] == ["3000140C0", "1000140P0", "1000140C0"]
    assert "Default order: by state, then by the number of years with positions unfilled" in im["programs"]["order"]
    assert im["programs"]["summary"]["programs_latest"] == 3 and im["programs"]["summary"]["unfilled_latest"] == 1


def test_rank_order_list_length_for_the_applicant_type(con):
    p = _plan(con, applicant_type="us_img")
    rol = p.data["rol"]
    assert rol["group"] == "us_img" and [r["year"] for r in rol["rows"]] == [2006, 2025]
    assert (rol["latest"]["matched"], rol["latest"]["unmatched"]) == (10.0, 3.3)
    assert rol["latest"]["small"]  # 2 matched, 1 unmatched: small numbers
    # a U.S.-citizen IMG is told that the Charting Outcomes profile describes non-U.S. IMGs
    assert p.data["caveats"][0] == plan_data.US_IMG_CAVEAT
    assert "describe non-U.S.-citizen IMGs" in p.summary()
    # the chart's years run 2006-2025 with a gap, not a line through the missing years
    spec = p.charts["rol"][0]
    vals = spec["layer"][0]["mark"], spec["data"]["values"]
    assert len(vals[1]) == 2 * 20 and sum(v["avg"] is None for v in vals[1]) == 2 * 18


def test_summary_page_and_json_carry_the_same_figures(con):
    p = _plan(con)
    text = p.summary()
    assert "Step 2 CK 245: between the lower quartile (240) and the median (251) of those who matched; above the " \
           "median (243) of those who did not" in text
    assert "30 of 60, 50.0%" in text and "1 of 5, 20.0% (small number)" in text
    assert "not a chance of matching" in text and "no program-level IMG share" in text
    assert "chance" not in text.replace("not a chance", "")
    data = json.loads(p.to_json())
    assert data["specialties"][0]["charting"]["rate"]["matched"] == 30
    html = p.html("2026-01-01 00:00 UTC")
    body = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "between the lower quartile (240) and the median (251)" in body
    assert ">transcription<" in body and "NRMP publishes no program-level IMG share" in body
    assert "Different Match years: the Charting Outcomes figures describe the 2026 Match, the IMG shares and " \
           "programs the 2025 Match" in body
    assert "Default order: by state" in body and 'class="data sortable programs long"' in body
    # the states ranked by IMG matches are a table too (the chart's figures without JavaScript), chosen ones in bold
    assert 'id="t-states-internal-medicine"' in body and '<tr class="em"><td class="num">1</td><td>New York</td>' in body
    assert "small number" in body  # dermatology's 1 of 5
    assert not re.search(r'(?:src|href)="https?://', html)  # nothing loaded from the network
    # every chart: a wide and a phone-width spec
    assert set(p.charts) >= {"standing:internal-medicine", "states:internal-medicine"}
    assert "Rank order list length: No rank-order-list figures for this applicant type." in text  # not in the fixture
    assert all(len(v) == 2 and v[1]["width"] < v[0]["width"] for v in p.charts.values())


def test_a_missing_analysis_says_which_and_the_rest_is_shown(tmp_path):
    tables = {k: f() for k, f in ALL_TABLES.items() if k not in ("preferred_specialty_outcomes", "applicant_measures")}
    build_db(tmp_path, tables)
    c = duckdb.connect(str(tmp_path / warehouse.DB_NAME), read_only=True)
    try:
        p = _plan(c, applicant_type="us_img")
    finally:
        c.close()
    im = p.data["specialties"][0]
    assert "preferred_specialty_outcomes" in im["charting"]["missing"] and "make pipeline" in im["charting"]["missing"]
    assert im["img_share"]["national"]["pct"] == 40.0 and p.data["rol"]["rows"]
    assert "Charting Outcomes: Not available" in p.summary()
    assert "preferred_specialty_outcomes" in p.html()


@pytest.mark.parametrize("raw,field", [
    ({"specialties": ["IM"], "step2ck": 301}, "step2ck"),
    ({"specialties": ["IM"], "step2ck": 0}, "step2ck"),
    ({"specialties": ["IM"], "step2ck": "high"}, "step2ck"),
    ({"specialties": ["cardiology"]}, "specialties"),
    ({"specialties": ["neuro"]}, "specialties"),
    ({"specialties": ["asdfgh"]}, "specialties"),
    ({"specialties": []}, "specialties"),
    ({"specialties": ["IM", "FM", "Peds", "Psych", "Neurology", "Surgery"]}, "specialties"),
    ({"specialties": ["IM"], "states": ["XX"]}, "states"),
    ({"specialties": ["IM"], "applicant_type": "us_md"}, "applicant_type"),
    ({"specialties": ["IM"], "measures": {"hobbies": 2}}, "measures.hobbies"),
    ({"specialties": ["IM"], "measures": {"research": -1}}, "measures.research"),
    ({"specialties": ["IM"], "scroe": 245}, "scroe"),
])
def test_bad_profile_names_the_field(raw, field):
    with pytest.raises(PlanInputError) as e:
        parse_profile(raw, "p.yml")
    assert e.value.where == f"p.yml, field `{field}`"
    assert e.value.todo and "\n" not in e.value.what


def test_names_and_states_people_type():
    p = parse_profile({"specialties": ["family", "IM", "Internal Medicine"], "states": ["new york", "fl", "NY"],
                       "score": "245"})
    assert p.specialty_ids == ["family-medicine", "internal-medicine"] and p.states == ["NY", "FL"]
    assert p.step2ck == 245 and p.notes == ["Took 'family' for Family Medicine (family-medicine)."]


def test_cli_bad_input_exits_2_and_writes_nothing(home):
    bad = home / "p.yml"
    bad.write_text("")
    before = sorted(home.rglob("*"))
    for args in (["-s", "neuro"], ["-s", "cardiology"], ["-s", "IM", "--score", "301"], ["-s", "IM", "--state", "ZZ"],
                 ["-s", "IM", "--format", "docx"], ["-s", "IM", "--measure", "research"], []):
        r = cli("plan", *args)
        assert r.exit_code == 2, (args, r.output)
        assert r.output.startswith("Error: ") and "Traceback" not in r.output
        assert "What to do:" in r.output
    bad.write_text("specialties: [IM\nstep2ck: 245\n")
    r = cli("plan", str(bad))
    assert r.exit_code == 2 and f"{bad}: the profile is not valid YAML" in r.output
    bad.write_text("- IM\n- FM\n")
    r = cli("plan", str(bad))
    assert r.exit_code == 2 and "a profile is a mapping of fields" in r.output
    assert sorted(home.rglob("*")) == before


def test_example_profile_is_a_valid_profile(tmp_path):
    r = cli("plan", "--example")
    assert r.exit_code == 0
    f = tmp_path / "example.yml"
    f.write_text(r.output)
    p = plan_data.read_profile(f)
    assert p.specialty_ids == ["internal-medicine", "family-medicine"] and p.step2ck == 245 and p.states == ["NY", "FL"]
    assert p.measures == {"contiguous_ranks": 10, "research": 2, "publications": 1}


def test_without_report_files_each_section_says_which_file_and_how_to_get_it(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    r = cli("plan", "-s", "IM", "--score", "245", "--state", "NY", "--format", "json")
    assert r.exit_code == 0, r.output
    assert "Charting Outcomes: Not available" in r.output and "data.js" in r.output
    assert "Programs: Not available" in r.output and "Program_Results" in r.output
    assert "Rank order list length: Not available" in r.output and "matchstats fetch" in r.output
    data = json.loads((home / "reports" / "plans" / "plan.json").read_text())
    assert data["profile"]["specialty_ids"] == ["internal-medicine"]
    assert "missing" in data["specialties"][0]["img_share"]


def test_long_tailed_counts_are_cut_and_said():
    from pipeline.charts import plan as pc

    st = {"n": 2649, "min": 0, "q1": 2, "median": 3, "q3": 5, "max": 150, "small": False, "suppressed": False}
    block = {"measure": "research", "label": "Research experiences", "unit": "experiences", "year": 2026,
             "source": "S", "matched": st, "not_matched": {**st, "max": 20}, "value": 2}
    spec = pc.standing(block, "Internal Medicine")
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1] < 16
    assert any("Whiskers cut at 15; highest: matched 150, did not match 20." in line for line in spec["title"]["subtitle"])
    # Step 2 CK is never cut
    s2 = pc.standing({**block, "measure": "step2ck", "matched": {**st, "q1": 240, "median": 251, "q3": 259,
                                                                    "min": 209, "max": 284}, "not_matched": None,
                      "value": 245}, "Internal Medicine")
    assert s2["layer"][0]["encoding"]["x"]["scale"]["domain"][1] > 284


def test_flags_replace_the_fields_of_a_profile_file(tmp_path):
    f = tmp_path / "student.yml"
    f.write_text("name: Student B\nspecialties: [Peds]\nstep2ck: 230\nstates: [NY]\nmeasures: {research: 1}\n")
    p = plan_report.from_flags(f, [], None, ["fl"], None, ["publications=2"], None)
    assert p.specialty_ids == ["pediatrics"] and p.step2ck == 230 and p.states == ["FL"] and p.name == "Student B"
    assert p.measures == {"research": 1, "publications": 2}
    assert plan_report.from_flags(f, [], None, [], None, [], None).states == ["NY"]
    with pytest.raises(PlanInputError) as e:
        plan_report.from_flags(f, [], "999", [], None, [], None)
    assert e.value.where == f"{f}, field `step2ck`"


def test_the_summary_says_why_a_specialty_has_no_img_share_as_the_page_does(con):
    # neurology has no positions in the fixture's state report: the terminal summary gives the page's note
    p = _plan(con, specialties=["neurology"])
    assert "IMG share: No 2025 positions of this specialty in NRMP's state report." in p.summary()
    assert "No 2025 positions of this specialty" in p.html()
