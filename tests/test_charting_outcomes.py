"""Charting Outcomes (non-U.S. IMGs, a transcription of NRMP's report): the reader, the two tables, their
checks, the marts, the chart, the fact-check metrics, the specialty-report section and notebook 05.

Unit tests write small data.js files of their own (made-up figures, same layout as the transcription);
integration tests read the real file (MATCHSTATS_RAW_MIRROR or data/raw/) and check the issue's figures.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.config import paths
from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import _charting_outcomes as co
from pipeline.ingest import applicant_measures, preferred_specialty_outcomes
from pipeline.sources.catalogue import Source
from pipeline.store import dictionary
from tests.helpers import cli, recatalogue, snapshot

SOURCE_ID = "nrmp_charting_outcomes_img_2026_transcription"
REL_PATH = "transcriptions/img-match-2026/data.js"
LABELS = {"contiguous_ranks": "Contiguous ranks", "step2ck": "USMLE Step 2 CK", "publications": "Publications",
          "abstracts": "Abstracts", "presentations": "Presentations", "research": "Research experiences",
          "work": "Work experiences", "volunteer": "Volunteer experiences",
          "specialties_ranked": "Distinct specialties ranked"}
STEP2 = {  # name -> (matched, not matched) Step 2 CK: n, min, q1, median, q3, max, mean, sd (None: suppressed)
    "Internal Medicine": ((25, 210, 240, 251, 259, 280, 249, 14), (22, 209, 233, 243, 253, 279, 242, 14)),
    "Family Medicine": ((10, 215, 222, 230, 239, 260, 231, 12), (6, 214, 223, 231, 241, 262, 232, 13)),
    "Dermatology": ((1, None), (4, 230, 235, 250, 255, 260, 246, 11)),
}
COUNTS = {  # name -> positions, all applicants, matched, not matched, printed rate
    "Internal Medicine": (100, 150, 30, 30, 50.0),
    "Family Medicine": (80, 90, 12, 8, 60.0),
    "Dermatology": (20, 60, 1, 4, 20.0),
}


def _stats(n, *vals) -> dict:
    if not vals or vals[0] is None:
        return {"n": n, **{k: None for k in co.STATS[1:]}}
    mn, q1, med, q3, mx, mean, sd = vals
    return {"n": n, "min": mn, "q1": float(q1), "median": float(med), "q3": float(q3), "max": mx,
            "iqr": float(q3 - q1), "mean": float(mean), "sd": float(sd)}


def make_data() -> dict:
    """A small transcription: three specialties whose counts add up to the totals."""
    specialties = []
    for name, (pos, allapp, m, nm, rate) in COUNTS.items():
        metrics = {}
        for key in LABELS:
            if key == "step2ck":
                a, b = STEP2[name]
                metrics[key] = {"matched": _stats(*a), "not_matched": _stats(*b)}
            else:
                metrics[key] = {"matched": _stats(min(m, 8), 0, 1, 2, 3, 10, 2.5, 1.5) if m >= 5 else _stats(m),
                                "not_matched": _stats(min(nm, 8), 0, 1, 2, 3, 10, 2.5, 1.5) if nm >= 5
                                else _stats(nm)}
        specialties.append({"name": name, "short": name, "positions": pos, "allApplicants": allapp, "imgMatched": m,
                            "imgNotMatched": nm, "imgTotal": m + nm, "matchRate": rate,
                            "allPerPos": round(allapp / pos, 2), "imgPerPos": round((m + nm) / pos, 2),
                            "metrics": metrics, "phd": {"matched": 1.0, "not_matched": None},
                            "gradDegree": {"matched": 20.0, "not_matched": 25.0}})
    aggregate = [{"measure": label, "matched": "248" if key == "step2ck" else "3.0",
                  "notMatched": "242" if key == "step2ck" else "2.0", "separates": key == "step2ck"}
                 for key, label in LABELS.items()]
    aggregate += [{"measure": "Has a Ph.D.", "matched": "2.2%", "notMatched": "2.0%", "separates": False},
                  {"measure": "Has another graduate degree", "matched": "21.1%", "notMatched": "24.3%",
                   "separates": False}]
    return {
        "overall": {"activeApplicants": 1000, "imgShareOfPool": 10.0, "analysisSample": 60, "consentedMatched": 35,
                    "consentedNotMatched": 30, "totalImgMatched": 43, "totalImgNotMatched": 42, "totalImg": 85,
                    "weightedMatchRate": 50.6, "reportHeadlineRate": 43.3, "totalPositions": 210,
                    "totalAllApplicants": 300, "aggregate": aggregate},
        "metrics": [{"key": k, "label": v, "unit": "score" if k == "step2ck" else "count", "verified": k == "step2ck",
                     "desc": "...", "higherBetter": True} for k, v in LABELS.items()],
        "specialties": specialties,
    }


def to_js(data: dict) -> str:
    return "const DATA = " + json.dumps(data, indent=1) + ";\n"


def write_js(path: Path, data: dict | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else to_js(data), encoding="utf-8")
    return path


def source(path=REL_PATH, years=(2026,)) -> Source:
    return Source(id=SOURCE_ID, publisher="NRMP (transcription)", title="Charting Outcomes: Non-U.S. IMGs",
                  years=years, path=path, landing_page="https://example.org", md5="", size=0, terms="",
                  kind=co.KIND, transcription=True)


def inputs(file: Path, years=(2026,)) -> Inputs:
    return Inputs({SOURCE_ID: file}, {SOURCE_ID: source(years=years)})


def build(file: Path) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    a = preferred_specialty_outcomes.build(inputs(file))
    fails = list(a.attrs.get("failures", ()))
    a.attrs.clear()
    b = applicant_measures.build(inputs(file))
    b.attrs.clear()
    return (dictionary.conform(preferred_specialty_outcomes.TABLE, a),
            dictionary.conform(applicant_measures.TABLE, b), fails)


def one(df: pd.DataFrame, **where) -> pd.Series:
    m = pd.Series(True, index=df.index)
    for k, v in where.items():
        m &= df[k].isna() if v is None else (df[k] == v)
    assert int(m.sum()) == 1, where
    return df[m].iloc[0]


# -- reading ------------------------------------------------------------------------------------------

def test_reads_the_small_file(tmp_path):
    outcomes, measures, fails = build(write_js(tmp_path / "data.js", make_data()))
    assert fails == []
    assert len(outcomes) == 4 and len(measures) == 3 * 9 * 2 + 9 * 2
    im = one(outcomes, specialty_id="internal-medicine")
    assert (im["match_year"], im["applicant_type"], im["applicants"], im["matched"], im["not_matched"],
            im["positions"], im["applicants_all_types"]) == (2026, "non_us_img", 60, 30, 30, 100, 150)
    assert im["_source_line"] == "specialties[0]" and im["_source_file"] == REL_PATH
    total = one(outcomes, specialty_id=None)
    assert (total["applicants"], total["matched"], total["not_matched"]) == (85, 43, 42)
    assert total["_source_line"] == "overall"
    s2 = one(measures, specialty_id="internal-medicine", outcome="matched", measure="step2ck")
    assert (s2["n"], s2["q1"], s2["median"], s2["q3"], s2["min"], s2["max"]) == (25, 240, 251, 259, 210, 280)
    assert s2["_source_line"] == "specialties[0].metrics.step2ck.matched"
    derm = one(measures, specialty_id="dermatology", outcome="matched", measure="step2ck")
    assert derm["n"] == 1 and all(pd.isna(derm[c]) for c in ("min", "q1", "median", "q3", "max", "mean", "sd"))
    agg = one(measures, specialty_id=None, outcome="not_matched", measure="step2ck")
    assert agg["median"] == 242 and pd.isna(agg["n"]) and pd.isna(agg["q1"])
    assert agg["_source_line"] == "overall.aggregate[1].notMatched"
    data_cols = measures.drop(columns=["_source_file", "_source_line"])
    assert dictionary.check_schema(applicant_measures.TABLE, data_cols) == []


def test_year_comes_from_the_catalogue_entry(tmp_path):
    f = write_js(tmp_path / "data.js", make_data())
    df = preferred_specialty_outcomes.build(inputs(f, years=(2031,)))
    assert set(df["match_year"]) == {2031}
    with pytest.raises(InputError, match="one Match year"):
        preferred_specialty_outcomes.build(inputs(f, years=(2025, 2026)))


def test_the_file_is_parsed_never_evaluated(tmp_path):
    js = to_js(make_data()).replace('"totalImg": 85', '"totalImg": 43 + 42')
    with pytest.raises(InputError, match=r"not valid at line \d+ column \d+"):
        co.parse_json(write_js(tmp_path / "a.js", js))
    with pytest.raises(InputError, match="text after the closing"):
        co.parse_json(write_js(tmp_path / "b.js", to_js(make_data()).rstrip() + "\nfetch('https://example.org');\n"))
    with pytest.raises(InputError, match="does not start with `const DATA"):
        co.parse_json(write_js(tmp_path / "c.js", "DATA = " + json.dumps(make_data()) + ";"))


def _edit(case: str) -> tuple[dict | str, str]:
    """A malformed file and (a part of) the error it must give."""
    d = make_data()
    s2 = d["specialties"][1]["metrics"]["step2ck"]["matched"]
    if case == "truncated":
        js = to_js(d)
        return js[: len(js) // 2], "looks truncated"
    if case == "key renamed":
        s2["Q1"] = s2.pop("q1")
        return d, "specialties[1].metrics.step2ck.matched: no key 'q1' and unexpected key 'Q1'"
    if case == "quartile out of order":
        s2["q1"] = 235.0
        return d, "specialties[1].metrics.step2ck.matched.median: median = 230 is below q1 = 235"
    if case == "mean outside the range":
        s2["mean"] = 300.0
        return d, "specialties[1].metrics.step2ck.matched.mean"
    if case == "partly suppressed":
        d["specialties"][0]["metrics"]["work"]["matched"]["sd"] = None
        return d, "specialties[0].metrics.work.matched.sd: null while"
    if case == "n above the outcome":
        d["specialties"][0]["metrics"]["step2ck"]["not_matched"]["n"] = 31
        return d, "specialties[0].metrics.step2ck.not_matched.n: n = 31 is more than the 30 applicants"
    if case == "count as text":
        d["specialties"][2]["imgMatched"] = "1"
        return d, "specialties[2].imgMatched: expected a count"
    if case == "measure missing":
        del d["specialties"][2]["metrics"]["volunteer"]
        return d, "specialties[2].metrics: no key 'volunteer'"
    if case == "unknown measure":
        d["metrics"][0]["key"] = "step3"
        return d, "metrics[0].key: unknown measure 'step3'"
    if case == "unknown specialty label":
        d["specialties"][2]["name"] = "Dermatology (Made Up)"
        return d, "'Dermatology (Made Up)'"
    if case == "duplicate key":
        js = to_js(d).replace('"imgTotal": 60,', '"imgTotal": 60,\n  "imgTotal": 61,', 1)
        return js, "specialties[0]: the key 'imgTotal' appears more than once"
    if case == "totals disagree":
        d["overall"]["totalImg"] = 86
        return d, "overall.totalImg"
    raise AssertionError(case)


CASES = ["truncated", "key renamed", "quartile out of order", "mean outside the range", "partly suppressed",
         "n above the outcome", "count as text", "measure missing", "unknown measure", "unknown specialty label",
         "duplicate key", "totals disagree"]


@pytest.mark.parametrize("case", CASES)
def test_malformed_file_names_the_key_path(tmp_path, case):
    data, expected = _edit(case)
    f = write_js(tmp_path / "data.js", data)
    with pytest.raises(InputError) as exc:
        preferred_specialty_outcomes.build(inputs(f))
    msg = exc.value.message
    assert expected in msg, msg
    assert str(f) in msg and "What to do:" in msg


def test_printed_rates_are_checked_against_the_counts(tmp_path):
    d = make_data()
    d["specialties"][1]["matchRate"] = 61.0           # 12 / 20 = 60.0
    d["overall"]["reportHeadlineRate"] = 50.6         # that is the weighted rate, not the mean of 50, 60, 20
    d["overall"]["weightedMatchRate"] = 43.3
    _, _, fails = build(write_js(tmp_path / "data.js", d))
    by_check = {f.check: f for f in fails}
    assert set(by_check) == {"printed_match_rate_matches_counts", "printed_weighted_rate_matches_counts",
                             "printed_headline_rate_is_mean_of_specialty_rates"}
    ex = by_check["printed_match_rate_matches_counts"].examples[0]
    assert ex["source_line"] == "specialties[1].matchRate" and ex["printed_match_rate"] == 61.0
    assert by_check["printed_headline_rate_is_mean_of_specialty_rates"].observed == 50.6


# -- validation --------------------------------------------------------------------------------------

def test_suites_pass_on_good_tables_and_fail_on_bad_rows(tmp_path):
    from pipeline.validate.suites import validate_frame

    outcomes, measures, _ = build(write_js(tmp_path / "data.js", make_data()))
    for table, df in ((preferred_specialty_outcomes.TABLE, outcomes), (applicant_measures.TABLE, measures)):
        v = validate_frame(table, df)
        assert v.failures == [], [f.describe() for f in v.failures]
    bad = outcomes.copy()
    bad.loc[bad["specialty_id"] == "family-medicine", "matched"] = 13
    bad = pd.concat([bad, bad[bad["specialty_id"].isna()]], ignore_index=True)
    details = " ".join(f.detail for f in validate_frame(preferred_specialty_outcomes.TABLE, bad).failures)
    assert "count_sum_gap" in details and "total_rows_in_year" in details and "rows_per_key" in details
    bad = measures.copy()
    i = bad.index[(bad["specialty_id"] == "internal-medicine") & (bad["measure"] == "step2ck")
                  & (bad["outcome"] == "matched")][0]
    bad.loc[i, "q3"] = 300.0
    j = bad.index[(bad["specialty_id"] == "family-medicine") & (bad["measure"] == "work")][0]
    bad.loc[j, "mean"] = None
    details = " ".join(f.detail for f in validate_frame(applicant_measures.TABLE, bad).failures)
    assert "quartiles_out_of_order" in details and "partly_suppressed" in details


def test_reconcile_keeps_both_totals_and_names_both_figures(tmp_path):
    from pipeline.validate import discrepancies
    from pipeline.validate.failures import Failure

    d = make_data()
    d["overall"].update(totalImgMatched=45, totalImgNotMatched=44, totalImg=89, weightedMatchRate=50.6)
    outcomes, measures, _ = build(write_js(tmp_path / "data.js", d))
    fails = preferred_specialty_outcomes.reconcile(outcomes, {})
    got = {f.check: (f.year, f.observed, f.expected) for f in fails}
    assert got == {"specialty_matched_sum_equals_total": (2026, 43, 45),
                   "specialty_not_matched_sum_equals_total": (2026, 42, 44)}
    blocking, documented = discrepancies.triage(fails)
    assert documented == [] and len(blocking) == 2  # not these figures: they fail
    # the real report's figures are documented (data/reference/known_discrepancies.csv), exactly these
    real = [Failure(preferred_specialty_outcomes.TABLE, "specialty_matched_sum_equals_total", "x", year=2026,
                    observed=5708, expected=5721),
            Failure(preferred_specialty_outcomes.TABLE, "specialty_not_matched_sum_equals_total", "x", year=2026,
                    observed=5941, expected=5964),
            Failure(preferred_specialty_outcomes.TABLE, "specialty_not_matched_sum_equals_total", "x", year=2026,
                    observed=5940, expected=5964)]
    blocking, documented = discrepancies.triage(real)
    assert len(documented) == 2 and [f.observed for f in blocking] == [5940]
    assert "24" in documented[0].documented
    # n against the counts of the other table
    assert applicant_measures.reconcile(measures, {preferred_specialty_outcomes.TABLE: outcomes}) == []
    fewer = outcomes.copy()
    fewer.loc[fewer["specialty_id"] == "internal-medicine", "matched"] = 20
    fails = applicant_measures.reconcile(measures, {preferred_specialty_outcomes.TABLE: fewer})
    assert [f.check for f in fails] == ["n_le_applicants_with_outcome"]


# -- through the pipeline -----------------------------------------------------------------------------

def _install(home: Path, data) -> Path:
    f = write_js(home / "data" / "raw" / REL_PATH, data)
    recatalogue(home, SOURCE_ID, f)
    return f


def test_pipeline_publishes_tables_and_marts(home):
    _install(home, make_data())
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    assert "preferred_specialty_outcomes: 4 rows" in r.output and "applicant_measures: 72 rows" in r.output
    assert "transcription of NRMP's Charting Outcomes" in r.output
    q = cli("query", "select specialty_id, applicants, matched, match_rate_pct, applicants_small, "
                     "step2_matched_median, step2_not_matched_median, step2_median_gap, step2_matched_small, "
                     "step2_matched_suppressed, match_rate_rank from step2_by_specialty", "--csv")
    assert q.exit_code == 0, q.output
    assert q.output.strip().splitlines() == [
        "specialty_id,applicants,matched,match_rate_pct,applicants_small,step2_matched_median,"
        "step2_not_matched_median,step2_median_gap,step2_matched_small,step2_matched_suppressed,match_rate_rank",
        "family-medicine,20,12,60.0,False,230.0,231.0,-1.0,True,False,1",
        "internal-medicine,60,30,50.0,False,251.0,243.0,8.0,False,False,2",
        "dermatology,5,1,20.0,True,,250.0,,True,True,3"]
    q = cli("query", "select applicants, matched, match_rate_pct, mean_specialty_match_rate_pct, "
                     "charted_specialties, step2_median_matched, step2_median_not_matched "
                     "from preferred_specialty_overall", "--csv")
    assert q.output.strip().splitlines()[1] == "85,43,50.6,43.3,3,248.0,242.0"
    d = cli("dictionary", "applicant_measures")
    assert d.exit_code == 0 and "transcription" in d.output and "step2ck" in d.output


@pytest.mark.parametrize("case", ["truncated", "key renamed", "quartile out of order"])
def test_malformed_file_through_the_pipeline_publishes_nothing(home, case):
    _install(home, make_data())
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    data, expected = _edit(case)
    _install(home, data)  # the user declared a "new edition"
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert expected in " ".join(r.output.split()), r.output
    assert "data.js" in r.output and "What to do:" in r.output and "Traceback" not in r.output
    assert snapshot(home / "data" / "processed") == before


def test_undocumented_total_difference_fails_the_run(home):
    d = make_data()
    d["overall"].update(totalImgMatched=45, totalImgNotMatched=44, totalImg=89)
    _install(home, d)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1 and "nothing was published" in r.output
    assert "specialty_matched_sum_equals_total" in r.output and "43" in r.output and "45" in r.output


# -- chart, fact-check, report section, notebook ----------------------------------------------------

@pytest.fixture
def small_home(home):
    _install(home, make_data())
    assert cli("pipeline", "--no-reports").exit_code == 0
    return home


def test_chart_has_titles_source_and_suppressed_labels(small_home):
    from pipeline import charts, marts
    from pipeline.charts import export

    df = marts.mart("step2_by_specialty")
    spec = charts.step2_by_specialty(df).to_dict()
    text = json.dumps(spec)
    assert "USMLE Step 2 CK of non-U.S. IMGs" in text and "2026 Match" in text
    assert "USMLE Step 2 CK score (points)" in text
    assert "a transcription, not the publisher's file" in text and "Source: " in text
    assert "Matched: suppressed by the report (n = 1)" in text
    assert "Dermatology \\u00b7 20.0% of 5 (small)" in text or "Dermatology · 20.0% of 5 (small)" in text
    assert any(c.stem == "step2_by_specialty" for c in export.chart_specs())
    empty = charts.step2_by_specialty(df.iloc[0:0]).to_dict()
    assert "No rows to show." in json.dumps(empty)


def test_check_confirms_a_median_and_names_the_headline_definition(small_home, tmp_path):
    f = tmp_path / "claims.yml"
    f.write_text(
        "claims:\n"
        "  - text: non-U.S. IMGs who matched into internal medicine had a median Step 2 CK of 251\n"
        "    metric: step2_median\n"
        "    dimensions: {year: 2026, specialty_id: internal-medicine, outcome: matched}\n"
        "    stated: 251\n"
        "  - text: 43.3% of non-U.S. IMGs matched to their preferred specialty\n"
        "    metric: preferred_specialty_match_rate_pct\n"
        "    dimensions: {year: 2026}\n"
        "    stated: 43.3%\n"
        "  - text: 60% matched in family medicine\n"
        "    metric: preferred_specialty_match_rate_pct\n"
        "    dimensions: {year: 2026, specialty_id: Family Medicine}\n"
        "    stated: 60%\n")
    r = cli("check", str(f), "--out", str(tmp_path / "out"))
    out = " ".join(r.output.split())
    assert r.exit_code == 1, r.output
    assert out.count("CONFIRMED") == 2 and "DIFFERENT DEFINITION" in out
    assert "unweighted mean of the charted specialties' rates" in out
    assert "a transcription, not the publisher's file" in out
    m = cli("check", "--metrics")
    assert "step2_median" in m.output and "outcome" in m.output


def test_report_section_says_which_file_is_missing(home):
    from pipeline.reports import step2_section
    from pipeline.reports.specialty_data import load_data
    from tests.specialty_fixture import publish_fixture

    publish_fixture(home, script_in_catalogue=False)
    sec = step2_section.section(load_data(paths()), "internal-medicine")
    assert "rows" not in sec
    assert f"data/raw/{REL_PATH}" in sec["note"] and "matchstats fetch" in sec["note"]
    assert "raw.githubusercontent.com/saieeshb/img-match-2026" in sec["note"]


def test_report_section_with_data(home):
    from pipeline.reports import specialty, step2_section
    from pipeline.reports.specialty_data import load_data
    from tests.specialty_fixture import publish_fixture

    _install(home, make_data())
    publish_fixture(home, script_in_catalogue=False)
    data = load_data(paths())
    sec = step2_section.section(data, "internal-medicine")
    assert sec["title"] == "Non-U.S. IMGs who preferred this specialty (2026 Charting Outcomes)"
    assert (sec["applicants"], sec["matched"], sec["rate"]) == ("60", "30", "50.0%")
    assert [(r["label"], r["q1"], r["median"], r["q3"]) for r in sec["rows"]] == [
        ("Matched to it", "240", "251", "259"), ("Did not match to it", "233", "243", "253")]
    assert "8 points higher" in sec["gap"]
    caveats = " ".join(sec["caveats"])
    assert "2025 Match" in caveats and "consented" in caveats and "not a probability" in caveats
    assert "transcription" in caveats
    derm = step2_section.section(data, "dermatology")
    assert derm["rows"][0]["suppressed"] and derm["rate_small"]
    html = specialty.render(data, "internal-medicine")
    assert 'id="step2"' in html and "Non-U.S. IMGs who preferred this specialty (2026 Charting Outcomes)" in html
    assert "43.3%" in html and "50.6%" in html  # both rates, named
    assert "a transcription, not the publisher" in html  # in the Sources too


def test_notebook_helpers_place_a_score():
    from pipeline.charts import step2_answers

    q = {"min": 210, "q1": 240, "median": 251, "q3": 259, "max": 280}
    assert [step2_answers.band(s, q) for s in (200, 220, 245, 255, 265, 290)] == [
        "below every score", "lowest quarter (below Q1)", "second quarter (Q1 to median)",
        "third quarter (median to Q3)", "top quarter (Q3 and above)", "above every score"]
    assert step2_answers.score_bands(None, 250) is None
    assert "not available" in step2_answers.answer(None)


def _run_notebook(home: Path, monkeypatch):
    from tests.test_notebooks import execute

    return execute("05-step2-ck.ipynb", home, monkeypatch)


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def errors(nb) -> list[str]:
    return [f"{o.get('ename')}: {o.get('evalue')}" for o in _outputs(nb) if o.get("output_type") == "error"]


def markdown(nb) -> list[str]:
    """Every Markdown output: the notes of marts.load and the texts written from the data."""
    return [o["data"]["text/markdown"] for o in _outputs(nb) if "text/markdown" in o.get("data", {})]


def svgs(nb) -> list[str]:
    return [o["data"]["image/svg+xml"] for o in _outputs(nb) if "image/svg+xml" in o.get("data", {})]


def test_notebook_is_committed_without_outputs_and_computes_its_figures():
    import re

    import nbformat

    from tests.test_notebooks import NOTEBOOKS_DIR

    nb = nbformat.read(NOTEBOOKS_DIR / "05-step2-ck.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown" and "**Question.**" in nb.cells[0].source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")
    assert "marts.load(" in code and "step2_answers.answer(" in code and "duckdb" not in code
    # no figure of the data typed into a cell: the code holds no number of three or more digits
    assert not re.search(r"\b\d{3,}\b", code)


def test_notebook_runs_offline_and_with_data(home, monkeypatch):
    from pipeline.run import run

    run(paths(home), say=lambda m: None, reports=False)
    nb = _run_notebook(home, monkeypatch)
    assert errors(nb) == [] and svgs(nb) == []
    assert any("`step2_by_specialty`" in n and REL_PATH in n for n in markdown(nb))
    _install(home, make_data())
    run(paths(home), say=lambda m: None, reports=False)
    nb = _run_notebook(home, monkeypatch)
    assert errors(nb) == []
    text = " ".join(markdown(nb))
    assert "Not available" not in text
    assert "**43**" in text and "85" in text and "50.6%" in text and "43.3%" in text
    assert len(svgs(nb)) == 1 and "transcription" in svgs(nb)[0]


# -- integration: the real transcription --------------------------------------------------------------

@pytest.fixture(scope="module")
def real_tables():
    from tests.conftest import real_source

    from pipeline.config import PROJECT_DIR
    from pipeline.sources import catalogue

    f = real_source(SOURCE_ID)
    src = catalogue.load(paths(PROJECT_DIR)).get(SOURCE_ID)
    inp = Inputs({SOURCE_ID: f}, {SOURCE_ID: src})
    a = preferred_specialty_outcomes.build(inp)
    fails = list(a.attrs.get("failures", ()))
    a.attrs.clear()
    b = applicant_measures.build(inp)
    b.attrs.clear()
    return (dictionary.conform(preferred_specialty_outcomes.TABLE, a),
            dictionary.conform(applicant_measures.TABLE, b), fails)


@pytest.mark.integration
def test_real_file_done_when_figures(real_tables):
    outcomes, measures, fails = real_tables
    assert fails == []
    spec = outcomes[outcomes["specialty_id"].notna()]
    assert len(spec) == 24 and set(outcomes["match_year"]) == {2026}
    im = one(outcomes, specialty_id="internal-medicine")
    assert (im["matched"], im["applicants"]) == (3392, 6992) and round(100 * 3392 / 6992, 1) == 48.5
    s = measures[measures["measure"] == "step2ck"]
    m = one(s, specialty_id="internal-medicine", outcome="matched")
    u = one(s, specialty_id="internal-medicine", outcome="not_matched")
    assert (m["median"], m["n"], m["q1"], m["q3"]) == (251, 2649, 240, 259)
    assert (u["median"], u["n"]) == (243, 2730)
    fm = [one(s, specialty_id="family-medicine", outcome=o)["median"] for o in ("matched", "not_matched")]
    assert fm == [230, 231]
    derm = one(s, specialty_id="dermatology", outcome="matched")
    assert pd.isna(derm["median"]) and derm["n"] == 4
    assert [one(s, specialty_id=None, outcome=o)["median"] for o in ("matched", "not_matched")] == [248, 242]
    total = one(outcomes, specialty_id=None)
    assert (total["matched"], total["not_matched"], total["applicants"]) == (5721, 5964, 11685)
    assert (int(spec["matched"].sum()), int(spec["not_matched"].sum())) == (5708, 5941)


@pytest.mark.integration
def test_real_file_validates_and_its_discrepancy_is_documented(real_tables):
    from pipeline.validate import discrepancies
    from pipeline.validate.suites import validate_frame

    outcomes, measures, _ = real_tables
    for table, df in ((preferred_specialty_outcomes.TABLE, outcomes), (applicant_measures.TABLE, measures)):
        assert validate_frame(table, df).failures == []
    assert applicant_measures.reconcile(measures, {preferred_specialty_outcomes.TABLE: outcomes}) == []
    fails = preferred_specialty_outcomes.reconcile(outcomes, {})
    assert {(f.check, f.observed, f.expected) for f in fails} == {
        ("specialty_matched_sum_equals_total", 5708, 5721), ("specialty_not_matched_sum_equals_total", 5941, 5964)}
    blocking, documented = discrepancies.triage(fails)
    assert blocking == [] and len(documented) == 2


@pytest.mark.integration
def test_real_file_through_the_pipeline_marts_check_and_notebook(home, monkeypatch, tmp_path):
    from tests.conftest import real_source

    dst = home / "data" / "raw" / REL_PATH
    dst.parent.mkdir(parents=True)
    shutil.copy(real_source(SOURCE_ID), dst)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    out = " ".join(r.output.split())
    assert "documented source discrepancy: preferred_specialty_outcomes" in out and "5,708" in out
    q = cli("query", "select matched, applicants, match_rate_pct, step2_matched_median, step2_matched_n, "
                     "step2_matched_q1, step2_matched_q3, step2_not_matched_median, step2_not_matched_n "
                     "from step2_by_specialty where specialty_id = 'internal-medicine'", "--csv")
    assert q.output.strip().splitlines()[1] == "3392,6992,48.5,251.0,2649,240.0,259.0,243.0,2730"
    q = cli("query", "select count(*), count(*) filter (where step2_matched_suppressed) from step2_by_specialty",
            "--csv")
    assert q.output.strip().splitlines()[1] == "24,7"
    q = cli("query", "select match_rate_pct, mean_specialty_match_rate_pct, step2_median_matched, "
                     "step2_median_not_matched from preferred_specialty_overall", "--csv")
    assert q.output.strip().splitlines()[1] == "49.0,41.5,248.0,242.0"
    f = tmp_path / "claims.yml"
    f.write_text("claims:\n"
                 "  - text: non-U.S. IMGs who matched into internal medicine had a median Step 2 CK of 251\n"
                 "    metric: step2_median\n"
                 "    dimensions: {year: 2026, specialty_id: internal-medicine, outcome: matched}\n"
                 "    stated: 251\n"
                 "  - text: 48.5% of non-U.S. IMGs who preferred internal medicine matched to it\n"
                 "    metric: preferred_specialty_match_rate_pct\n"
                 "    dimensions: {year: 2026, specialty_id: internal-medicine}\n"
                 "    stated: 48.5%\n"
                 "  - text: 41.5% of non-U.S. IMGs matched to their preferred specialty\n"
                 "    metric: preferred_specialty_match_rate_pct\n"
                 "    dimensions: {year: 2026}\n"
                 "    stated: 41.5%\n")
    c = cli("check", str(f), "--out", str(tmp_path / "out"))
    text = " ".join(c.output.split())
    assert text.count("CONFIRMED") == 2 and "DIFFERENT DEFINITION" in text and "49.0" in text
    nb = _run_notebook(home, monkeypatch)
    assert errors(nb) == [] and len(svgs(nb)) == 1
    answer = markdown(nb)[0]
    assert "**5,721** of 11,685" in answer and "49.0%" in answer and "41.5%" in answer and "**248**" in answer
    assert "3,392 of 6,992 matched (48.5%)" in answer and "251 (matched, n = 2,649)" in answer


# -- registering a new transcription: `matchstats add data.js --year YYYY --source URL` -----------------------

def test_add_registers_a_transcription_with_its_year_and_source(home, tmp_path):
    import yaml

    js = write_js(tmp_path / "new" / "data.js", make_data())
    before = snapshot(home / "data" / "raw")
    r = cli("add", str(js))  # the file prints no year: refused, naming what to give
    assert r.exit_code == 1 and "prints no Match year" in r.output and "--year YYYY --source URL" in r.output
    r = cli("add", str(js), "--year", "2027")  # a transcription says where it is published
    assert r.exit_code == 1 and "not the publisher's file" in r.output and "--source" in r.output
    r = cli("add", str(js), "--year", "2027", "--source", "not a url")
    assert r.exit_code == 1 and "is not a web address" in r.output
    assert snapshot(home / "data" / "raw") == before  # nothing written by the refusals

    r = cli("add", str(js), "--year", "2027", "--source", "https://github.com/someone/charting-2027")
    assert r.exit_code == 0, r.output
    entry = yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"][-1]
    assert (entry["id"], entry["kind"], entry["years"], entry["path"], entry["transcription"]) == (
        "nrmp_charting_outcomes_img_2027_transcription", co.KIND, [2027], "transcriptions/2027/data.js", True)
    assert entry["landing_page"] == "https://github.com/someone/charting-2027"
    assert "transcription" in entry["publisher"] and "not NRMP's file" in entry["terms"]
    assert (home / "data" / "raw" / "transcriptions" / "2027" / "data.js").read_bytes() == js.read_bytes()
    assert "nothing to do" in cli("add", str(js), "--year", "2027", "--source", "https://x.org").output

    r = cli("pipeline", "--no-reports")  # the new edition builds its tables with no code change
    assert r.exit_code == 0, r.output
    assert "preferred_specialty_outcomes: 4 rows from nrmp_charting_outcomes_img_2027_transcription" in r.output
    q = cli("query", "select distinct match_year from applicant_measures")
    assert q.exit_code == 0 and "2027" in q.output


def test_add_refuses_a_broken_transcription_and_a_year_the_file_contradicts(home, tmp_path):
    data = make_data()
    del data["overall"]["weightedMatchRate"]
    js = write_js(tmp_path / "data.js", data)
    before = snapshot(home / "data" / "raw")
    r = cli("add", str(js), "--year", "2027", "--source", "https://example.org/t")
    assert r.exit_code == 1 and "weightedMatchRate" in r.output  # read in full before it is registered
    from tests.test_by_the_numbers import make_sheet

    sheet = make_sheet(tmp_path / "sheet.pdf")  # prints 2031 (and 2030)
    r = cli("add", str(sheet), "--year", "2029")
    assert r.exit_code == 1 and "--year 2029, but the file prints 2030-2031" in r.output
    assert snapshot(home / "data" / "raw") == before
