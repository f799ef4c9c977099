"""Issue 25, round 14: what a table's caption says for its cells, and other readings. A caption "IMGs' share of
PGY-1 positions filled (%)" over columns of states (bare numbers are percentages, PGY-1 their level), "Positions
offered, 2025" over state columns, a "United States" column (national, not a count of states), a "Positions" column
beside a "Fill rate" one, a caption's report that is another column's, a paragraph above a table whose "counting
every position level" is its own figure's, a column named for a school beside one named for a group; positions
filled by U.S.-citizen and by non-U.S.-citizen IMGs as counts; a state after the figure compared with ("79.2% here
against 82.6% in Ohio"); a clause that names its own state ("..., and Pennsylvania's programs filled 97.2%"); "our
seniors"; the words of a compared figure naming its series; quiz options; a share "of the positions offered"; a
title that names the Match and Charting Outcomes together.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import C, read, verdict_of_each


def reading(text: str, name: str = "t.md") -> list:
    return [f for f in read(text, name) if f.kind == "statistic"]


def dims(f) -> dict:
    return {k: d.value for k, d in f.dims.items()}


FOUR_STATES = """## Table 1. IMGs' share of PGY-1 positions filled (%)

| Year | California | New York | United States |
|---|---|---|---|
| 2025 | 14.4 | 37.7 | 25.9 |

## Table 2. Positions offered, 2025

| Year and level | California | New York |
|---|---|---|
| 2025, PGY-1 | 3,794 | 4,654 |
"""


def test_a_caption_says_what_the_cells_of_state_columns_are():
    got = {f.stated: f for f in reading(FOUR_STATES)}
    f = got["14.4"]
    assert f.unit == "percent" and f.metric == "img_share_pct", (f.unit, f.metric, f.reason)
    assert dims(f) == {"year": 2025, "position_level": "PGY-1", "state": "CA"}, dims(f)
    # "United States" is the nation, not a count of states
    assert got["25.9"].metric == "img_share_of_matched_pct" and "state" not in got["25.9"].dims, got["25.9"].reason
    # the caption's one noun says what the cells count
    assert got["3,794"].metric == "positions" and dims(got["3,794"])["state"] == "CA", got["3,794"].reason
    # a caption whose noun is another kind of thing ("by program type") gives the cells no noun
    f = reading("### Fill rate by program type (%)\n\n| Specialty | Program type | 2015 |\n|---|---|---|\n"
                "| Surgery | Categorical | 99.8 |\n")[0]
    assert f.metric == "program_type_fill_pct", (f.metric, f.reason)


def test_a_positions_column_beside_a_fill_rate_column_is_the_positions_offered():
    f = reading("| Specialty | PGY-1 positions (2025) | Fill rate (2025) |\n|---|---|---|\n"
                "| Internal medicine | 12,952 | 96.0% |\n")[0]
    assert f.metric == "positions", (f.metric, f.reason)


def test_a_caption_naming_another_columns_report_is_not_this_cells():
    text = ("Fill rate and IMG share are PGY-1 figures from the 2025 Match. The last column is the share of non-US "
            "IMGs who matched to the specialty they preferred, from Charting Outcomes (2026 report).\n\n"
            "| Specialty | IMG share of filled (2025) | Non-US IMG preferred-specialty match rate (2026) |\n"
            "|---|---|---|\n| Internal medicine | 40.3% | 48.5% |\n")
    got = {f.stated: f for f in reading(text)}
    assert got["40.3%"].metric == "img_share_pct", (got["40.3%"].metric, got["40.3%"].reason)
    assert got["48.5%"].metric == "preferred_specialty_match_rate_pct", got["48.5%"].reason
    # a title that names the Match and Charting Outcomes together is not a Charting Outcomes text throughout
    f = reading('# "Real numbers for non-US IMGs (2025 Match + Charting Outcomes)"\n\nNon-US IMG match rate was '
                "58.0% in 2025.\n")[0]
    assert f.metric == "match_rate_pct", (f.metric, f.reason)


def test_a_paragraph_above_a_table_counting_every_level_for_its_own_figure():
    text = ("In 2025, 9,761 IMGs matched to PGY-1 positions. Counting every position level, IMGs filled 10,095 "
            "positions.\n\n| Specialty | PGY-1 positions filled | U.S.-citizen IMGs |\n|---|---|---|\n"
            "| Neurology | 925 | 46 |\n")
    f = {f.stated: f for f in reading(text)}["46"]
    assert f.metric == "us_img_filled" and not f.all_levels, (f.metric, f.all_levels, f.reason)


def test_positions_filled_by_each_kind_of_img_are_counts_the_data_hold():
    got = {f.stated: f for f in reading("In 2025, non-U.S.-citizen IMGs filled 158 PGY-1 positions in Georgia and "
                                        "U.S.-citizen IMGs filled 136 in Pennsylvania.")}
    assert got["158"].metric == "non_us_img_filled" and dims(got["158"])["state"] == "GA", got["158"].reason
    assert got["136"].metric == "us_img_filled" and dims(got["136"])["state"] == "PA", got["136"].reason


def test_a_state_after_the_figure_compared_with_is_that_figures():
    got = {f.stated: f for f in reading("Pennsylvania did worse in 2025. General surgery filled 79.2% here against "
                                        "82.6% in Ohio.")}
    assert got["82.6%"].dims.get("state") is not None and dims(got["82.6%"])["state"] == "OH"
    assert "state" not in got["79.2%"].dims or dims(got["79.2%"])["state"] != "OH", dims(got["79.2%"])


def test_quiz_options_and_shares_of_positions_offered_are_not_judged():
    got = reading("Question 4. In 2025, what share of the first-year internal medicine positions filled went to "
                  "IMGs?\n(a) 30.5% (b) 40.3% (c) 38.7%\n")
    options = [f for f in got if f.stated.endswith("%")]
    assert len(options) == 3 and all(f.metric is None and "answer option" in f.reason for f in options), \
        [(f.stated, f.reason) for f in got]
    f = reading("A March 28 article said IMGs filled 40.3% of internal medicine positions offered in 2025.")[0]
    assert f.metric is None and "positions offered" in f.reason, (f.metric, f.reason)


def test_a_column_named_for_something_else_beside_a_groups_column_takes_no_group():
    text = ("Nationally, U.S. MD seniors matched at 93.5% in 2025. Here are the figures side by side.\n\n"
            "| | Lakeshore, 2025 | U.S. MD seniors, 2025 |\n|---|---|---|\n| Match rate | 97.2% | 93.5% |\n")
    got = {f.stated: f for f in reading(text)}
    assert got["97.2%"].metric is None and "the table's other columns name one" in got["97.2%"].reason, \
        got["97.2%"].reason
    assert got["93.5%"].metric == "match_rate_pct", got["93.5%"].reason
    # a column named for a measure ("Rate") beside one that names the group is that group's
    text = ("| Preferred specialty | Non-U.S. IMGs who preferred it | Matched to it | Rate |\n|---|---|---|---|\n"
            "| Internal medicine | 6,992 | 3,392 | 48.5% |\n")
    assert "unsure which group" not in ({f.stated: f for f in reading(text)}["48.5%"].reason or "")


def test_a_clause_that_names_its_own_state_takes_no_state_of_an_earlier_clause():
    f = {f.stated: f for f in reading(
        "Across the state line in Michigan, IMGs took 52.3% of the internal medicine PGY-1 positions filled in 2025, "
        "and Pennsylvania's internal medicine programs filled 97.2% of their first-year positions.")}["97.2%"]
    assert f.dims.get("state") is None or dims(f)["state"] == "PA", (dims(f), f.reason)
    # "our seniors" are a school's own
    f = reading("Over the last five years our seniors have matched at an average of 96.1%, well above the national "
                "rate of 93.5% for U.S. MD seniors in 2025.")[0]
    assert f.metric is None and "local figure" in f.reason, (f.metric, f.reason)


@pytest.mark.integration
def test_round_14_tables_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, FOUR_STATES)
    assert got["14.4"] != C and got["37.7"] == C and got["25.9"] == C, got  # 14.4 is California's all-levels share
    assert got["3,794"] == C, got
    # the figure's own words, not those of the figure it is compared with, say which series
    got = verdict_of_each(real_home, "In 2021 the non-U.S. IMG rate fell to 54.8%, from a rate the rank-order-list "
                          "report puts at 61.8% for 2020 (couples left out).")
    assert got["54.8%"] == C, got
    # PGY-1 figures "from the specialty tables, all program types": not the program results' count of PGY-2 too
    got = verdict_of_each(real_home, "Fill rates are PGY-1 figures from the 2025 specialty tables, all program "
                          "types.\n\n| Specialty | Fill rate (2025) |\n|---|---|\n| Anesthesiology | 99.7% |\n")
    assert got["99.7%"] != C, got
    got = verdict_of_each(real_home, "In 2025, non-U.S.-citizen IMGs filled 801 family medicine PGY-1 positions and "
                          "3,794 internal medicine ones.")
    assert got["801"] == C, got
