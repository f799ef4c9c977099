"""Issue 25, round 14: years and groups a figure must not borrow. A sentence that dates its figures one by one
("81.6% ... in 2023, then 95.5% in 2024 and 97.9% in the table above"); a change with no year after a sentence whose
year may be its earlier value's ("In 2024, 50,413 had registered. The rate slipped to 79.8% from 80.9%."); a
sentence before that dates its figures both "this year" and by another year; a comparison "about the same as the
86.8% of 2024"; IMGs of both kinds together where the data give each kind apart ("Their combined match rate"),
and a dash aside that explains them ("whether or not they are U.S. citizens"); "a lot of that is categorical" after a
figure; a state right after another figure; a bold line or a list item as a lead-in; "the 249 who did not match" and
"your 246" beside Step 2 CK medians; "that same report" in a chat; "without weights".

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import C, DD, NC, dim_value, read_by_stated as reading, verdict_of_each


def year_of(f):
    return dim_value(f, "year")


def test_a_figure_after_figures_dated_one_by_one_takes_none_of_their_years():
    got = reading("Emergency medicine had a scare. It filled only 81.6% of its 3,010 positions in 2023, then "
                  "recovered to 95.5% in 2024 and to 97.9% in the table above.")
    assert year_of(got["81.6%"]) == 2023 and year_of(got["95.5%"]) == 2024
    assert got["97.9%"].metric is None and "unsure which year" in got["97.9%"].reason, got["97.9%"].dims
    # an earlier value ("up from 1,375 in 2015") is not a figure of its own year in a sequence
    got = reading("Psychiatry offered 2,388 positions in 2025, up from 1,375 in 2015, and filled 99.7% of them.")
    assert year_of(got["99.7%"]) == 2025, got["99.7%"].reason


def test_a_change_with_no_year_takes_no_earlier_year_a_later_one_may_follow():
    text = ("# The 2025 Match\n\nThis year's Match was the largest ever: 52,498 applicants registered. In 2024, "
            "50,413 had registered. The overall match rate slipped to 79.8% from 80.9%.")
    f = reading(text)["79.8%"]
    assert f.metric is None and "may be the earlier value's" in f.reason, (f.metric, f.dims, f.reason)
    # with no later year named, the year of the sentence before is the change's
    f = reading("In 2025, 7,773 of 8,392 DO seniors matched. U.S.-citizen IMGs matched at 67.8%, up from 67.0%.")[
        "67.8%"]
    assert year_of(f) == 2025 and f.metric == "match_rate_pct", (f.dims, f.reason)


def test_a_sentence_before_dated_this_year_and_by_another_year_gives_no_year():
    text = ("Across the country, U.S. MD seniors matched at 93.5% this year, a little under the 94.3% they reached "
            "in 2018. Nationally, 18,465 U.S. MD seniors matched to a first-year position.")
    f = reading(text)["18,465"]
    assert year_of(f) != 2018 and "unsure which year" in (f.reason or ""), (f.dims, f.reason)
    # "this year" and the year that names it together date the sentence after
    f = reading("In this year's Main Residency Match, the one for the 2025 season, 37,667 applicants matched. "
                "Programs offered a record 43,237 positions.")["43,237"]
    assert year_of(f) == 2025, f.reason


def test_a_year_after_a_compared_figure_is_not_the_figures_before():
    got = reading("- Transitional-year programs offered 1,858 positions and filled 1,651 (86.9%), about the same "
                  "as the 86.8% of 2024.")
    assert year_of(got["86.8%"]) == 2024
    for s in ("1,858", "86.9%"):
        assert year_of(got[s]) != 2024, (s, got[s].dims)


def test_imgs_of_both_kinds_together_are_no_group_of_the_headline_series():
    f = reading("In the 2025 Main Residency Match, 9,761 IMGs matched to first-year positions. Their combined "
                "match rate was 60.8%, against 79.8% for all applicants.")["60.8%"]
    assert f.metric is None and "IMGs of both kinds together" in f.reason, (f.metric, f.dims, f.reason)
    # a report of non-U.S. IMGs only keeps its one group when the text says "international graduates"
    f = reading("# Charting Outcomes for international graduates\n\nIn the 2026 report, 5,721 applicants matched "
                "to their preferred specialty.")["5,721"]
    assert "both kinds" not in (f.reason or ""), f.reason


def test_a_part_of_a_figure_named_after_it_gives_it_no_program_type():
    f = reading("maya_k: 12,952 PGY-1 positions in internal medicine in 2025, 12,439 filled. and a lot of that is "
                "categorical")["12,439"]
    assert "program_type" not in f.dims and f.metric == "filled", (f.metric, f.dims)


def test_a_dash_aside_that_explains_imgs_names_no_subgroup():
    f = reading("IMGs \u2014 graduates of medical schools outside the United States and Canada, whether or not they "
                "are U.S. citizens \u2014 filled 41.7% of all positions filled in New Jersey in 2025.")["41.7%"]
    assert f.metric == "img_share_pct", (f.metric, f.reason)


def test_a_state_right_after_another_figure_is_that_figures():
    got = reading("Nationally, IMGs filled 31.3% of family medicine PGY-1 positions in 2025, 48.5% in Michigan and "
                  "29.6% in Texas.")
    assert (got["31.3%"].dims.get("state") is None), got["31.3%"].dims
    assert got["48.5%"].dims["state"].value == "MI" and got["29.6%"].dims["state"].value == "TX"
    # a clause about that place ("where ...") is its own
    f = reading("In 2025 pediatrics in Michigan filled 87.6%, against 94.2% in Illinois, where IMGs took 35 of the "
                "145 filled positions.")["145"]
    assert f.dims.get("state") is not None and f.dims["state"].value == "IL", (f.dims, f.reason)


def test_a_list_or_table_takes_a_bold_line_or_the_item_above_as_its_lead_in():
    f = reading("**Internal medicine, 2025 Match**\n\n- 12,952 PGY-1 positions offered\n"
                "- IMGs took 40.3% of the filled positions\n")["40.3%"]
    assert f.metric == "img_share_pct" and f.dims["specialty_id"].value == "internal-medicine", (f.dims, f.reason)
    f = reading("7. **Selected specialties in Illinois (PGY-1, 2025 Match).**\n\n"
                "   | Specialty | Positions | Filled | IMG share of filled |\n   |---|---|---|---|\n"
                "   | Anesthesiology | 93 | 93 | 7.5% |\n")["7.5%"]
    assert f.dims.get("state") is not None and f.dims["state"].value == "IL", (f.dims, f.reason)


def test_people_before_a_score_and_a_persons_own_score_are_not_medians():
    got = reading("The NRMP's 2026 Charting Outcomes report shows that 791 non-U.S.-citizen IMGs gave pediatrics as "
                  "their preferred specialty. Of them, 542 matched to pediatrics, a rate of 68.5%; the 249 who did not "
                  "match had a median Step 2 CK score of 233, against 240 for those who matched.")
    assert got["249"].metric != "step2_median" and got["233"].metric == "step2_median", got["249"].metric
    f = reading("According to the 2026 Charting Outcomes report, 3,392 of the 6,992 non-U.S. IMGs who preferred "
                "internal medicine matched to it, a rate of 48.5%. Their median Step 2 CK was 251, against 243 for "
                "those who did not match, so your 246 sits between the two.")["246"]
    assert f.metric is None and "own figure" in f.reason, f.reason


@pytest.mark.integration
def test_round_14_readings_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, (
        "# The 2025 Match\n\nThis year's Match was the largest ever: 52,498 applicants registered. In 2024, 50,413 "
        "had registered. The overall match rate slipped to 79.8% from 80.9%.\n\n"
        "In the 2025 Main Residency Match, 9,761 IMGs matched to first-year positions. Their combined match rate "
        "was 60.8%, against 79.8% for all applicants.\n\n"
        "Emergency medicine filled only 81.6% of its 3,010 positions in 2023, then recovered to 95.5% in 2024 and "
        "to 97.9% in the table above.\n\n"
        "In 2025 internal medicine had 12,952 PGY-1 positions, 12,439 filled. and a lot of that is categorical."))
    assert got["60.8%"] == NC and got["97.9%"] == NC and got["80.9%"] == NC, got
    assert got["12,439"] == C and got["81.6%"] == C and got["95.5%"] == C, got
    # "that same report" in a chat message: the report the message before it named
    chat = ("[3/21/25, 9:30 PM] Chen W: The 2025 rank order list report (it leaves out couples) says non-US IMGs who "
            "matched ranked 7.26 programs on average\n\n[3/21/25, 9:31 PM] Olu B: And in that same report "
            "US-citizen IMGs matched at 67.8% in 2025\n\n[3/21/25, 9:33 PM] Chen W: In that report for 2025, "
            "non-US IMGs: 6,512 matched\n")
    got = verdict_of_each(real_home, chat)
    assert got["6,512"] == C and got["67.8%"] == DD, got
    # "without weights": the Charting Outcomes report's own headline rate
    got = verdict_of_each(real_home, "# Non-U.S. IMGs by preferred specialty: Charting Outcomes 2026 at a glance\n\n"
                          "The 2026 Charting Outcomes report counts 11,685 non-U.S. IMG applicants, of "
                          "whom 5,721 matched to their preferred specialty and 5,964 did not, an overall rate of "
                          "49.0%. Averaging the charted specialties' rates without weights gives 41.5%, because the "
                          "small competitive specialties pull the mean down.")
    assert got["41.5%"] == C, got
