"""`matchstats check`: claims files, verdicts, precision, reports, exit codes.

Unit tests publish small made-up tables into a temporary home and build the real
analyses (pipeline/marts/*.sql) over them with warehouse.build, so the registry is
exercised against the actual marts. One test runs the pipeline on the bundled facts;
the integration test checks the example claims file against the real reports.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import check
from pipeline.store import dictionary
from pipeline.store import warehouse
from pipeline.config import PROJECT_DIR, paths
from pipeline.errors import InputError
from tests.conftest import real_source
from tests.helpers import cli

EXAMPLE = PROJECT_DIR / "claims" / "examples" / "img-residency-guide.yml"

# ---------------------------------------------------------------- fixture tables (made-up numbers)

MS_COLS = ["match_year", "applicant_type", "registered_applicants", "active_applicants", "matched_pgy1",
           "match_rate_pct", "source_id"]
MATCH_SUMMARY = [
    (2025, "all_applicants", 1100, 1000, 800, 80.0, "nrmp_by_the_numbers_2025"),
    (2025, "us_img", None, 200, 130, 65.0, "nrmp_by_the_numbers_2025"),
    (2025, "non_us_img", None, 300, 150, 50.0, "nrmp_by_the_numbers_2025"),
    (2024, "all_applicants", 1000, 900, 720, 80.0, "nrmp_by_the_numbers_2025"),
    (2024, "us_img", None, 190, 120, 63.2, "nrmp_by_the_numbers_2025"),      # 63.157...%
    (2024, "non_us_img", None, 200, 117, 58.5, "nrmp_by_the_numbers_2025"),  # exactly 58.5%
    (2023, "us_img", None, None, 100, 61.0, "nrmp_headline_manual"),         # printed rate only
]
ROL = [  # match_year, group_name, outcome, n, pct, avg_rol_length, avg_ranks_per_position
    (2025, "us_img", "matched", 120, 66.7, 9.1, None), (2025, "us_img", "unmatched", 60, 33.3, 4.2, None),
    (2024, "us_img", "matched", 100, 62.5, 9.0, None), (2024, "us_img", "unmatched", 60, 37.5, 4.0, None),
    (2025, "all_applicants", "matched", 700, 77.8, 11.0, None),
    (2025, "all_applicants", "unmatched", 200, 22.2, 5.0, None),
    (2019, "us_img", "matched", 93, 62.0, 8.0, None), (2019, "us_img", "unmatched", 57, 38.0, 3.9, None),
]  # 2019: only the no-couples rate of the rank-order-list report (62.0%), no headline figure
POSITIONS = [  # match_year, positions_total, positions_pgy1, filled_total, filled_pgy1, unfilled, soap
    (2025, 1200, 1100, 900, 800, 300, 310),
    (2024, 1100, 1000, 820, 720, 280, None),
]
SSR = [  # year, state, specialty, level, positions, filled, us_img, non_us_img (rest filled by U.S. MD seniors)
    (2025, "NY", "family-medicine", "PGY-1", 100, 90, 10, 20),
    (2025, "TX", "family-medicine", "PGY-1", 50, 50, 5, 5),
    (2025, "NY", "internal-medicine", "PGY-1", 200, 200, 40, 60),
    (2025, "NY", "internal-medicine", "Physician", 10, 8, 0, 0),
    (2024, "NY", "family-medicine", "PGY-1", 100, 100, 10, 15),
    (2024, "TX", "family-medicine", "PGY-1", 50, 50, 2, 3),
]
LABELS = {"family-medicine": "Family Medicine", "internal-medicine": "Internal Medicine"}
PROGRAMS = [  # year, state, specialty, code, type, quota, filled
    (2025, "NY", "family-medicine", "120", "C", 100, 90), (2025, "TX", "family-medicine", "120", "C", 50, 50),
    (2024, "NY", "family-medicine", "120", "C", 100, 100), (2024, "TX", "family-medicine", "120", "C", 50, 50),
    (2023, "NY", "family-medicine", "120", "C", 90, 85), (2023, "TX", "family-medicine", "120", "C", 40, 40),
    (2025, "NY", "internal-medicine", "140", "C", 200, 200), (2025, "NY", "internal-medicine", "140", "R", 10, 8),
    (2024, "NY", "internal-medicine", "140", "C", 190, 190),
]


def _frames() -> dict[str, pd.DataFrame]:
    ssr = pd.DataFrame([
        {"match_year": y, "state": st, "specialty_label": LABELS[sp], "specialty_id": sp, "position_level": lvl,
         "positions": pos, "filled": fil, "us_md_senior": fil - us - non, "us_md_grad": 0, "us_do_senior": 0,
         "us_do_grad": 0, "us_img": us, "non_us_img": non, "other": 0}
        for y, st, sp, lvl, pos, fil, us, non in SSR])
    programs = pd.DataFrame([
        {"match_year": y, "program_code": f"1234{code}{typ}{i}", "institution": "Made-up Hospital", "state": st,
         "city": "Somewhere", "program_name": LABELS[sp], "specialty_code": code, "specialty_id": sp,
         "program_type": typ, "track": str(i), "quota": q, "filled": f, "source_id": "fixture_program_results",
         "printed_in": "fixture_program_results", "name_key": LABELS[sp].lower(), "name_clipped": 0}
        for i, (y, st, sp, code, typ, q, f) in enumerate(PROGRAMS)])
    return {
        "program_results": programs,
        "match_summary": pd.DataFrame(MATCH_SUMMARY, columns=MS_COLS),
        "rol_length": pd.DataFrame(ROL, columns=["match_year", "group_name", "outcome", "n", "pct", "avg_rol_length",
                                                 "avg_ranks_per_position"]),
        "positions_summary": pd.DataFrame(POSITIONS, columns=dictionary.spec("positions_summary").column_names),
        "state_specialty_results": ssr,
    }


INPUTS = {"match_summary": ["nrmp_headline_manual", "nrmp_by_the_numbers_2025"],
          "rol_length": ["nrmp_rol_impact_2025"],
          "positions_summary": ["nrmp_national_positions_manual", "nrmp_by_the_numbers_2025"],
          "state_specialty_results": ["nrmp_state_specialty_2025"],
          "program_results": ["nrmp_program_results_2021_2025"]}


def publish_fixture(home: Path, tables: list[str]) -> None:
    """Publish made-up tables like the pipeline does: a version folder, meta, marts, symlink."""
    version = home / "data" / "versions" / "fixture"
    version.mkdir(parents=True)
    frames = _frames()
    for t in tables:
        dictionary.conform(t, frames[t]).to_parquet(version / f"{t}.parquet", index=False)
        (version / f"{t}.meta.json").write_text(json.dumps(
            {"table": t, "inputs": [{"id": i} for i in INPUTS[t]]}))
    warehouse.build(version, tables, say=lambda *_: None)
    (version / ".complete").write_text("fixture")
    os.symlink(version, home / "data" / "processed")


@pytest.fixture
def fixture_db(home):
    publish_fixture(home, ["match_summary", "rol_length", "positions_summary", "state_specialty_results",
                           "program_results"])
    return home


def write_claims(folder: Path, claims: list[dict], name: str = "claims.yml") -> Path:
    import yaml

    f = folder / name
    f.write_text(yaml.safe_dump({"claims": claims}, sort_keys=False, allow_unicode=True))
    return f


def claim(metric: str, stated: str, text: str = "a quoted figure", **dims) -> dict:
    return {"text": text, "metric": metric, "dimensions": dims, "stated": stated}


def run(home: Path, tmp_path: Path, claims: list[dict]) -> list[check.Result]:
    return check.check_file(paths(), write_claims(tmp_path, claims))


# ---------------------------------------------------------------- verdicts on fixture marts


def test_confirmed_at_stated_precision(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        claim("match_rate_pct", "65.0%", year=2025, applicant_type="us_img"),
        claim("match_rate_pct", "65%", year=2025, applicant_type="us_img"),
        claim("match_rate_pct", "63.16", year=2024, applicant_type="us_img"),   # 120/190 = 63.157...
        claim("img_matched_pgy1", "280", year=2025),                            # 130 + 150
        claim("img_share_of_matched_pct", "35.0%", year=2025),                  # 280 / 800
        claim("registered_applicants", "1,100", year=2025),
        claim("img_share_pct", "28.6%", year=2025, specialty_id="family-medicine"),  # 40 / 140 = 28.57
        claim("img_share_pct", "33.3", year=2025, specialty_id="Family Medicine", state="ny"),  # 30 / 90
    ])
    assert [r.verdict for r in res] == [check.CONFIRMED] * 8
    assert res[0].data_value == "65.0" and res[0].source_table == "match_rate_trends (definition = headline)"
    assert res[2].data_value == "63.16"
    assert res[6].source_table == "img_share_by_specialty"
    assert res[7].source_table == "img_share_by_state" and res[7].claim.dims == {
        "year": 2025, "specialty_id": "family-medicine", "state": "NY"}
    assert "Match Rates by Specialty and State" in res[6].citation
    assert res[0].citation == "NRMP, 2025 Main Residency Match By the Numbers"


def test_never_rounds_beyond_stated_precision(fixture_db, tmp_path):
    # 117 / 200 = 58.5% exactly: "58%" stands for [57.5, 58.5) and does not contain it; "59%" does
    res = run(fixture_db, tmp_path, [
        claim("match_rate_pct", "58%", year=2024, applicant_type="non_us_img"),
        claim("match_rate_pct", "59%", year=2024, applicant_type="non_us_img"),
        claim("match_rate_pct", "63.2", year=2024, applicant_type="us_img"),
        claim("match_rate_pct", "63.15", year=2024, applicant_type="us_img"),  # 63.157... is 63.16
        claim("match_rate_pct", "63", year=2024, applicant_type="us_img"),
    ])
    assert [r.verdict for r in res] == [check.WRONG_VALUE, check.CONFIRMED, check.CONFIRMED, check.WRONG_VALUE,
                                        check.CONFIRMED]
    assert res[0].data_value == "58.5" and res[0].difference == "-0.5 points"
    assert "59 at the stated precision" in res[0].note
    assert res[3].data_value == "63.16" and res[3].difference == "-0.01 points"


def test_printed_only_value_is_an_interval(fixture_db, tmp_path):
    # 2023: only the printed 61.0 (no applicant count): it stands for [60.95, 61.05)
    res = run(fixture_db, tmp_path, [
        claim("match_rate_pct", "61%", year=2023, applicant_type="us_img"),
        claim("match_rate_pct", "61.04", year=2023, applicant_type="us_img"),
        claim("match_rate_pct", "61.05", year=2023, applicant_type="us_img"),  # 61.047 prints as both
        claim("match_rate_pct", "61.06", year=2023, applicant_type="us_img"),
        claim("match_rate_pct", "60.9", year=2023, applicant_type="us_img"),
    ])
    assert [r.verdict for r in res] == [check.CONFIRMED, check.CONFIRMED, check.CONFIRMED, check.WRONG_VALUE,
                                        check.WRONG_VALUE]
    assert "printed, rounded 61.0" in res[0].note
    assert res[4].data_value == "61.0"
    assert "NRMP (compiled by this project)" not in res[0].citation
    assert "Intealth" in res[0].citation  # the row's own citation from the bundled facts file


def test_wrong_year_names_the_year(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        claim("match_rate_pct", "65.0%", year=2024, applicant_type="us_img"),
        claim("img_share_pct", "20%", year=2025, specialty_id="family-medicine"),  # 2024: 30 / 150
        claim("filled_total", "820", year=2025),
    ])
    assert [r.verdict for r in res] == [check.WRONG_YEAR] * 3
    assert res[0].found_in == "2025" and res[0].data_value == "63.2" and res[0].data_year == 2024
    assert res[0].difference == "+1.8 points"
    assert "65.0% is the figure for 2025 (65.0); the 2024 figure is 63.2" in res[0].note
    assert res[1].found_in == "2024" and res[1].data_value == "28.6"
    assert res[2].found_in == "2024" and res[2].difference == "-80"


def test_different_definition_names_the_series(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        # the no-couples series: 120 / 180 = 66.7% (headline 65.0%)
        claim("match_rate_pct", "66.7%", year=2025, applicant_type="us_img"),
        # PGY-1 only (100 / 200 = 50.0) quoted for all levels (100 / 208 = 48.1)
        claim("img_share_pct", "50%", year=2025, specialty_id="internal-medicine"),
        # all levels quoted for PGY-1
        claim("img_share_pct", "48.1", year=2025, specialty_id="internal-medicine", position_level="pgy-1"),
        # share of positions offered (40 / 150 = 26.7) instead of filled (28.6)
        claim("img_share_pct", "26.7%", year=2025, specialty_id="family-medicine"),
        # all positions offered quoted as PGY-1 positions
        claim("positions_pgy1", "1,200", year=2025),
        # the no-couples count of matched applicants
        claim("matched_pgy1", "700", year=2025),
    ])
    assert [r.verdict for r in res] == [check.DIFFERENT_DEFINITION] * 6
    assert "no-couples series" in res[0].found_in and res[0].data_value == "65.0"
    assert "Impact of Length of Rank Order List" in res[0].citation  # rol_length's source is cited too
    assert "PGY-1 positions only = 50.0" in res[1].note and res[1].data_value == "48.1"
    assert "all position levels" in res[2].found_in and res[2].data_value == "50.0"
    assert res[2].claim.dims["position_level"] == "PGY-1"
    assert "share of positions offered" in res[3].found_in
    assert "all positions offered" in res[4].note and res[4].data_value == "1,100"
    assert "no-couples" in res[5].found_in


def test_specialty_positions_from_both_reports(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        claim("program_positions", "150", year=2025, specialty_id="family-medicine"),
        claim("program_fill_pct", "93.3%", year=2025, specialty_id="family-medicine"),   # 140 / 150
        claim("program_positions", "130", year=2025, specialty_id="family-medicine"),
        claim("program_positions", "200", year=2025, specialty_id="internal-medicine"),  # 210 with type R
        claim("positions", "190", year=2024, specialty_id="internal-medicine"),  # state report: 2025 only
        claim("fill_pct", "100%", year=2024, specialty_id="internal-medicine"),
    ])
    assert [r.verdict for r in res] == [check.CONFIRMED, check.CONFIRMED, check.WRONG_YEAR,
                                        check.DIFFERENT_DEFINITION, check.NOT_IN_DATA, check.NOT_IN_DATA]
    assert res[0].source_table == "specialty_fill_trends"
    assert res[0].citation == "NRMP, Program Results: Main Residency Match 2021-2025 Appointment Years"
    assert res[2].found_in == "2023"
    assert "PGY-1 only (state/specialty report)" in res[3].found_in and res[3].data_value == "210"
    assert ("in 2024 it matches another series: positions offered, all program types (program results) = 190"
            in res[4].note)
    assert "the data cover 2025" in res[5].note


def test_wrong_value_gives_data_and_difference(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        claim("img_share_pct", "31.6%", year=2025, specialty_id="family-medicine"),
        claim("img_matched_pgy1", "300", year=2025),
    ])
    assert [r.verdict for r in res] == [check.WRONG_VALUE] * 2
    assert res[0].data_value == "28.6" and res[0].difference == "+3.0 points"
    assert "share of positions offered (not filled) = 26.7" in res[0].note
    assert res[1].data_value == "280" and res[1].difference == "+20"


def test_not_in_data(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        claim("match_rate_pct", "60%", year=2019, applicant_type="us_img"),
        claim("img_share_pct", "10%", year=2025, specialty_id="family-medicine", position_level="Physician"),
        claim("img_share_pct", "28.6%", year=2023, specialty_id="family-medicine"),
        claim("img_share_of_matched_pct", "30%", year=2023),  # no all_applicants row in 2023
        claim("unfilled_offered_in_soap", "310", year=2024),  # null in the data
    ])
    assert [r.verdict for r in res] == [check.NOT_IN_DATA] * 5
    assert "the data cover 2023, 2024, 2025" in res[0].note
    # the note names what the data do have for 2019: the no-couples rate (93 / 150), and cites its report
    assert ("for 2019 the data have a related series (a different definition, not the claimed one): "
            "no-couples series (rank-order-list report) = 62.0") in res[0].note
    assert "Impact of Length of Rank Order List" in res[0].citation
    assert "related series" not in res[2].note  # 2023: the state report has no related series for that year
    assert "no year for these dimensions" in res[1].note
    assert "the stated value equals the figure for 2025 (28.6)" in res[2].note
    assert res[0].data_value == "" and res[0].difference == ""


def test_missing_analysis_is_not_in_data(home, tmp_path):
    publish_fixture(home, ["match_summary", "positions_summary"])  # no state_specialty_results, no rol_length
    res = run(home, tmp_path, [
        claim("img_share_pct", "28.6%", year=2025, specialty_id="family-medicine"),
        claim("match_rate_pct", "65.0%", year=2025, applicant_type="us_img"),
    ])
    assert res[0].verdict == check.NOT_IN_DATA
    assert "img_share_by_specialty is not in the database" in res[0].note and "state_specialty_results" in res[0].note
    # without rol_length there is no match_rate_trends: the headline comes from match_rate_headline
    assert res[1].verdict == check.CONFIRMED and res[1].source_table == "match_rate_headline (definition = headline)"


def test_sql_gets_claim_values_as_parameters(fixture_db, tmp_path):
    res = run(fixture_db, tmp_path, [
        claim("img_share_pct", "28.6%", year=2025, specialty_id="family-medicine", state="NY"),
    ])
    assert res[0].verdict == check.WRONG_VALUE  # NY alone: 30 / 90 = 33.3
    checker = check.Checker(paths())
    try:
        seen = []
        con = checker.con

        class Spy:
            def execute(self, sql, params=None):
                seen.append((sql, params))
                return con.execute(sql, params) if params is not None else con.execute(sql)

        checker.con = Spy()
        checker.fetch(check.METRICS["img_share_pct"].primary, {"year": 2025, "state": "NY' OR 1=1 --"})
    finally:
        con.close()
    assert seen and "NY'" not in seen[0][0] and seen[0][1] == ["NY' OR 1=1 --"]


# ---------------------------------------------------------------- claims file errors


@pytest.mark.parametrize("entry, expected", [
    (claim("match_rate", "60%", year=2024), ["claim 1", "unknown metric 'match_rate'", "match_rate_pct",
                                             "img_share_pct"]),
    (claim("match_rate_pct", "60%", year=2024, specialty=1), ["unknown dimension(s) specialty", "year, applicant_type",
                                                              "specialty_id"]),
    (claim("positions_total", "60", year=2024, specialty_id="family-medicine"),
     ["metric positions_total has no dimension(s) specialty_id", "metrics positions, filled"]),
    (claim("match_rate_pct", "about 60%", year=2024), ["not a number"]),
    (claim("matched_pgy1", "60%", year=2024), ["is a percentage but metric matched_pgy1 is a count"]),
    (claim("match_rate_pct", "60%", applicant_type="us_img"), ["no year"]),
    (claim("match_rate_pct", "60%", year=24), ["year '24' is not a Match year"]),
    (claim("match_rate_pct", "60%", year=2024, applicant_type="img"), ["unknown applicant_type 'img'", "us_img"]),
    (claim("step2_median", "245", year=2026, outcome="matchd"), ["unknown outcome 'matchd'", "matched, not_matched"]),
    (claim("img_share_pct", "60%", year=2024, specialty_id="famly medicin"), ["unknown specialty",
                                                                               "family-medicine"]),
    ({"text": "x", "metric": "match_rate_pct", "dimensions": {"year": 2024}}, ["missing stated"]),
    ({**claim("match_rate_pct", "60%", year=2024), "value": 3}, ["unknown key(s) value", "stated"]),
])
def test_claim_errors_name_file_claim_and_fix(tmp_path, entry, expected):
    ok = claim("match_rate_pct", "60%", year=2024)
    f = write_claims(tmp_path, [ok, entry])
    with pytest.raises(InputError) as exc:
        check.load_claims(f)
    msg = exc.value.message
    assert str(f) in msg and "claim 2 (line " in msg and "What to do:" in msg
    for e in expected:
        assert e.replace("claim 1", "claim 2") in msg


def test_file_level_errors(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("claims:\n  - text: \"unterminated\n")
    with pytest.raises(InputError, match="not valid YAML"):
        check.load_claims(bad)
    bad.write_text("- just a list\n")
    with pytest.raises(InputError, match="top-level `claims:` list"):
        check.load_claims(bad)
    bad.write_text("claim:\n  - text: x\n")
    with pytest.raises(InputError, match="unknown top-level key"):
        check.load_claims(bad)


def test_stated_keeps_digits_as_written(tmp_path):
    f = tmp_path / "c.yml"
    f.write_text("claims:\n  - text: t\n    metric: match_rate_pct\n    dimensions: {year: 2024}\n    stated: 58.10\n"
                 "  - text: t\n    metric: matched_pgy1\n    dimensions: {year: 2024}\n    stated: 36,000\n"
                 "    decimals: -3\n")
    a, b = check.load_claims(f)
    assert a.stated.decimals == 2 and a.stated.value == pytest.approx(58.1)
    assert b.stated.decimals == -3 and b.stated.precision(False) == "nearest 1,000"
    assert b.dims == {"year": 2024, "applicant_type": "all_applicants"}


def test_metric_registry_is_consistent():
    for m in check.METRICS.values():
        assert m.dims[0] == "year" and set(m.dims) <= set(check.DIMENSIONS)
        for src in m.primary.sources:
            assert set(src.dims) == set(m.dims) or set(src.dims) < set(m.dims)
            assert src.dims["year"] == "match_year"
        for r in m.related:
            # every related series can be selected by the claim's dimensions, as changed by `drop` and `set`
            need = (set(m.dims) - set(r.drop)) | set(r.set)
            assert any(need <= set(src.dims) or (need - {"state"}) <= set(src.dims) for src in r.series.sources), \
                (m.name, r.label)
    out = cli("check", "--metrics")
    assert out.exit_code == 0 and "img_share_of_matched_pct" in out.output and "img_share_by_specialty" in out.output


# ---------------------------------------------------------------- the command, on the bundled facts


def test_check_command_on_bundled_facts(home, tmp_path):
    assert cli("pipeline", "--no-reports").exit_code == 0
    claims = write_claims(tmp_path, [
        claim("match_rate_pct", "67.8%", text="US IMGs matched at 67.8% in 2024 <script>alert(1)</script>",
              year=2024, applicant_type="us_img"),
        claim("match_rate_pct", "58%", year=2025, applicant_type="non_us_img"),
        claim("positions_pgy1", "43,237", year=2025),
        claim("match_rate_pct", "66.0", year=2024, applicant_type="us_img"),
        claim("img_share_pct", "31.6%", year=2025, specialty_id="family-medicine"),
    ], name="guide.yml")
    out = tmp_path / "out"
    r = cli("check", str(claims), "--out", str(out))
    assert r.exit_code == 1, r.output
    assert "Claim 1" in r.output and "WRONG YEAR" in r.output and "found in      2025" in r.output
    assert "1 of 5 claim(s) confirmed (1 confirmed, 1 wrong year, 1 wrong value, 1 different definition, " \
           "1 not in data)" in r.output
    rows = list(csv.DictReader(io.StringIO((out / "guide.csv").read_text())))
    assert list(rows[0]) == check.CSV_COLUMNS
    assert [(x["verdict"], x["data_value"], x["found_in"]) for x in rows] == [
        ("wrong year", "67.0", "2025"),
        ("confirmed", "58.0", "2025"),                 # 6,653 / 11,465 = 58.03%
        ("different definition", "40,041", "2025, all positions offered (PGY-1, PGY-2 and physician)"),
        ("wrong value", "67.0", ""),
        ("not in data", "", ""),
    ]
    assert rows[0]["source_table"] == "match_rate_headline (definition = headline)"
    assert rows[3]["difference"] == "-1.0 points"
    cited = rows[2]["citation"].split("; NRMP")  # every bundled facts file of positions_summary, catalogue order
    assert cited[0] == ("NRMP (compiled by this project), National positions offered and filled, 2015 and "
                        "2024-2025 (one citation per row)")
    assert ", AMA (compiled by this project), National positions offered and filled, 2016-2021" in cited[1]
    assert any("National positions offered and filled, 2011-2015" in c for c in cited[2:])
    page = (out / "guide.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http" not in page.replace("http-equiv", "")  # self-contained: no external resources
    assert not (home / "reports" / "check").exists()

    ok = write_claims(tmp_path, [claim("match_rate_pct", "67.8%", year=2025, applicant_type="us_img")], "ok.yml")
    r = cli("check", str(ok))
    assert r.exit_code == 0, r.output
    assert (home / "reports" / "check" / "ok.csv").exists() and (home / "reports" / "check" / "ok.html").exists()

    bad = write_claims(tmp_path, [claim("nope", "1", year=2025)], "bad.yml")
    r = cli("check", str(bad))
    assert r.exit_code == 2 and "unknown metric 'nope'" in r.output
    assert cli("check", str(tmp_path / "missing.yml")).exit_code == 2


def test_an_article_that_is_binary_or_utf16_is_refused_with_what_to_do(home, tmp_path):
    pdf = tmp_path / "report.md"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00stream 58.0%")
    wide = tmp_path / "article.txt"
    wide.write_bytes("Non-U.S. IMGs matched at 58.0% in 2025.".encode("utf-16-le"))  # valid UTF-8 bytes, with NULs
    for f in (pdf, wide):
        r = cli("check", str(f))
        assert r.exit_code == 2, (f.name, r.output)
        assert f.name in r.output and "NUL bytes" in r.output and "save the article as UTF-8 text" in r.output, \
            r.output
        assert "Traceback" not in r.output


def test_check_without_database(home, tmp_path):
    r = cli("check", str(write_claims(tmp_path, [claim("match_rate_pct", "60%", year=2024)])))
    assert r.exit_code == 2 and "no published database yet" in r.output


# ---------------------------------------------------------------- the example file on the real data


@pytest.mark.integration
def test_example_claims_on_real_data(home, tmp_path):
    for sid in ("nrmp_by_the_numbers_2025", "nrmp_state_specialty_2025", "nrmp_rol_impact_2025"):
        src = real_source(sid)
        import yaml

        entry = next(s for s in yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"]
                     if s["id"] == sid)
        dest = home / "data" / "raw" / entry["path"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    r = cli("check", str(EXAMPLE), "--out", str(tmp_path))
    assert r.exit_code == 1, r.output
    rows = {x["id"]: x for x in csv.DictReader(io.StringIO((tmp_path / "img-residency-guide.csv").read_text()))}
    got = {k: (v["verdict"], v["data_value"], v["found_in"]) for k, v in rows.items()}
    assert got == {
        "us-img-rate": ("wrong year", "67.0", "2025"),
        "non-us-img-rate": ("wrong year", "58.5", "2025, 2022"),
        "img-matched": ("confirmed", "9,045", "2024"),
        "all-matched": ("confirmed", "35,984", "2024"),
        "img-share-of-matched": ("confirmed", "25.1", "2024"),
        "registered": ("confirmed", "50,413", "2024"),
        "family-medicine-img-share": ("wrong value", "31.3", ""),
    }
    fm = rows["family-medicine-img-share"]
    assert fm["difference"] == "+0.3 points" and fm["source_table"] == "img_share_by_specialty"
    assert "IMGs' share of positions offered (not filled) = 26.6" in fm["note"]
    assert fm["citation"] == "NRMP, 2025 Main Residency Match: Match Rates by Specialty and State"
    assert rows["us-img-rate"]["source_table"] == "match_rate_trends (definition = headline)"
    assert rows["us-img-rate"]["citation"] == "NRMP, 2025 Main Residency Match By the Numbers"
    assert "59 at the stated precision" in rows["non-us-img-rate"]["note"]
    # 2022's figure comes from a bundled fact: its own citation is given
    assert "WhiteCoatPockets" in rows["non-us-img-rate"]["citation"]
    assert rows["img-matched"]["citation"] == "NRMP, 2025 Main Residency Match By the Numbers"
