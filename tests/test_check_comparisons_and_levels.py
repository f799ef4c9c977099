"""Issue 25, round 13: whose words a figure takes in a comparison or a pair of clauses: "had 22 positions and filled
21" (the verb is the 21's), a clause that says "nationally" after a state's clause, a state right before the other
figure of a comparison ("well above the share in Ohio, 31.5%"), "its 2019 rate was 79.6% and its 2020 rate 80.8%",
and "29.1% of the first-year positions and 28.9% of all of them" after "at all levels"; a group's part, whole and
rate ("DO seniors: 7,773 out of 8,392, or 92.6%"), "3,181 matched, which is 67.8 percent", a speaker's own earlier
year in a transcript, an aside that explains a group, "almost all of them advanced positions", "active DO seniors",
"after a bruising 2023 in which ...", a subset "with a reported score", "when PGY-2 and physician positions are
counted too", "the state's" beside a national figure, and a quoted claim with no year.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.test_check_article import C, NC, doc_of, figures, read, verdict_of_each


def reading(text: str) -> dict:
    return {f.stated: f for f in read(text, "t.md")}


def dim(f, name):
    d = f.dims.get(name)
    return None if d is None else d.value


def test_a_verb_before_a_later_small_figure_is_that_figures():
    got = reading("In 2024 PM&R's reserved track had 22 positions and filled 21.")
    assert got["22"].metric == "program_type_positions", got["22"].metric
    assert got["21"].metric == "program_type_filled", got["21"].metric


def test_a_clause_that_says_nationally_takes_no_state_of_another_clause():
    got = reading("In New York, IMGs filled 51.7% of family medicine PGY-1 positions in 2025, and nationally IMGs "
                  "filled 40.3% of internal medicine ones.")
    assert dim(got["51.7%"], "state") == "NY" and dim(got["40.3%"], "state") is None, got["40.3%"].dims
    assert got["40.3%"].metric == "img_share_pct", (got["40.3%"].metric, got["40.3%"].reason)
    # "across the country" after another figure is that figure's: the state before stays the first one's
    f = reading("In New Jersey, general surgery filled 77 of 106 first-year positions (72.6%) in 2025, below the "
                "83.2% that PGY-1 surgery positions filled across the country.")["77"]
    assert dim(f, "state") == "NJ", f.dims


def test_a_state_right_before_the_other_figure_of_a_comparison_is_that_figures():
    got = reading("New Jersey programs offered 1,353 PGY-1 positions in 2025.\n\nInternational medical graduates "
                  "took 43.2% of the filled first-year positions in the state, well above the share in Ohio, 31.5%.")
    assert dim(got["43.2%"], "state") != "OH", got["43.2%"].dims
    assert dim(got["31.5%"], "state") == "OH", got["31.5%"].dims
    # a list keeps each state with the figure it follows, and a state with no comparison before the next figure
    # stays the first figure's
    got = reading("In 2025 IMGs took 26.5% of first-year positions in Pennsylvania, 23.6% in Ohio, 30.9% in Michigan.")
    assert [dim(got[s], "state") for s in ("26.5%", "23.6%", "30.9%")] == ["PA", "OH", "MI"], got
    f = reading("In 2025, 1,742 international graduates filled positions in New York, 35.4 percent of the 4,922 "
                "positions filled there.")["1,742"]
    assert dim(f, "state") == "NY", f.dims


def test_a_year_that_labels_the_next_figure_of_a_pair_is_its_own():
    got = reading("Its 2019 rate for all applicants was 79.6% and its 2020 rate 80.8%.")
    assert (dim(got["79.6%"], "year"), dim(got["80.8%"], "year")) == (2019, 2020), (got["79.6%"].dims, got["80.8%"].dims)


def test_all_of_them_after_all_levels_is_all_levels():
    figs = read("Neurology offered 932 PGY-1 positions in 2025 but 1,185 at all levels; IMGs filled 29.1% of the "
                "first-year positions and 28.9% of all of them.", "t.md")
    got = {f.stated: f for f in figs}
    assert dim(got["29.1%"], "position_level") == "PGY-1", got["29.1%"].dims
    assert dim(got["28.9%"], "position_level") is None and got["28.9%"].metric == "img_share_pct", got["28.9%"].dims


@pytest.mark.integration
def test_round_13_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "In 2024 PM&R's reserved track had 22 positions and filled 20.\n\nIn New York, IMGs filled 51.7% "
                   "of internal medicine PGY-1 positions in 2025, and nationally IMGs filled 40.3% of internal "
                   "medicine ones.\n\nThe headline series has gaps. Its 2019 rate for all applicants was 79.6% and "
                   "its 2020 rate 80.8%.\n")
    assert [got[s] for s in ("22", "20", "51.7%", "40.3%", "79.6%", "80.8%")] == [C] * 6, got
    both = [f for f in figures(check_document(paths(real_home), doc_of(
        "Neurology offered 932 PGY-1 positions in 2025 but 1,185 at all levels; IMGs filled 29.1% of the first-year "
        "positions and 29.1% of all of them.", "t.md"))) if f.stated == "29.1%"]
    assert both[0].verdict == C, (both[0].verdict, both[0].note)  # the second is the all-levels share (28.9%)
    assert both[1].verdict != C and "28.9" in both[1].note, (both[1].verdict, both[1].note)
    # "offered 3,794 and filled 3,928": the whole's level is unsure (3,794 is the PGY-1 count), and a part larger
    # than it is not confirmed in the same reading (3,928 is the all-levels count); with the level named, both are
    got = verdict_of_each(real_home, "In 2025 California offered 3,794 and filled 3,928.\n")
    assert got["3,928"] == NC and got["3,794"] == NC, got
    got = verdict_of_each(real_home, "In 2025 California offered 3,794 PGY-1 positions and filled 3,622.\n")
    assert got["3,794"] == C and got["3,622"] == C, got


def test_a_groups_part_whole_and_rate_are_matched_active_and_match_rate_when_the_arithmetic_holds():
    got = reading("Key numbers for 2025:\n\n- U.S. DO seniors: 7,773 out of 8,392, or 92.6%\n"
                  "- U.S.-citizen IMGs: 3,108 of 4,587; rate 67.8%\n")
    assert [got[s].metric for s in ("7,773", "8,392", "92.6%", "3,108", "4,587", "67.8%")] == [
        "matched_pgy1", "active_applicants", "match_rate_pct"] * 2, got
    assert got["3,108"].dims["applicant_type"].value == "us_img", got["3,108"].dims
    # 7,773 / 8,932 is 87.0%, not 92.6%: one of the three is not what it seems, and none is read as a match
    got = reading("Key numbers for 2025:\n\n- DO seniors: 7,773 of 8,932, or 92.6%\n")
    assert got["7,773"].metric is None and got["8,932"].metric is None, (got["7,773"].metric, got["8,932"].metric)
    # nothing narrower than the group: a specialty makes it another count
    got = reading("In 2025, non-U.S. IMGs who preferred surgery: 124 of 433, or 28.6%.")
    assert got["124"].metric != "matched_pgy1", got["124"].metric


def test_a_percentage_right_after_a_count_that_matched_and_of_them_were_active():
    got = reading("In 2025, U.S. citizens who went to medical school abroad: 4,587 of them were active, and 3,108 "
                  "matched, which is 67.8 percent.")
    assert got["4,587"].metric == "active_applicants", (got["4,587"].metric, got["4,587"].reason)
    assert got["67.8 percent"].metric == "match_rate_pct", (got["67.8 percent"].metric, got["67.8 percent"].reason)


def test_a_speakers_earlier_message_gives_the_year_in_a_transcript():
    text = ("Q: How many took part this year?\n\nA: In the 2025 Match, 52,498 applicants registered.\n\n"
            "Q: And international graduates?\n\nA: U.S.-citizen IMGs matched at 67.8 percent.\n")
    f = reading(text)["67.8 percent"]
    assert dim(f, "year") == 2025 and "same speaker" in f.dims["year"].source, f.dims
    # another speaker's year in between: not certain
    text = text.replace("Q: And international graduates?", "Q: In 2024 it was lower, wasn't it?")
    assert dim(reading(text)["67.8 percent"], "year") is None


def test_an_aside_that_explains_a_group_and_almost_all_of_them():
    got = reading("IMGs, counting U.S. citizens who studied abroad and non-U.S. citizens together, took 565 of the "
                  "filled PGY-1 positions in Michigan in 2025, or 31.5%.")
    assert got["31.5%"].metric == "img_share_pct", (got["31.5%"].metric, got["31.5%"].reason)
    got = reading("Dermatology filled 573 of 576 positions in 2025, almost all of them advanced positions that start "
                  "at PGY-2.")
    assert "program_type" not in got["573"].dims, got["573"].dims
    f = reading("In 2025 IMGs filled 10,095 positions across all levels, 25.9% of those filled.")["10,095"]
    assert f.metric != "img_matched_pgy1", f.metric


def test_active_before_a_group_and_a_year_of_another_figures_clause_after_after():
    f = reading("DO seniors were close behind, and their numbers keep climbing, with 8,392 active DO seniors in 2025 "
                "against 8,033 a year earlier.")["8,392"]
    assert f.metric == "active_applicants", f.metric
    got = reading("Emergency medicine, after a bruising 2023 in which only 81.6 percent of its positions filled, "
                  "recovered to 97.9 percent.")
    assert dim(got["81.6 percent"], "year") == 2023 and dim(got["97.9 percent"], "year") != 2023, got["97.9 percent"].dims
    # "after the 2025 algorithm, 2,473 ... and 2,521": a year that opens the sentence is still all its figures'
    got = reading("After the 2025 Match 2,473 positions were left unfilled, and 2,521 positions were offered through "
                  "SOAP.")
    assert dim(got["2,521"], "year") == 2025, got["2,521"].dims


def test_a_subset_of_applicants_and_positions_counted_at_every_level():
    f = reading("In the 2026 Charting Outcomes for non-U.S. IMGs, internal medicine is where most go: the 2,649 "
                "matched applicants with a reported score sat between 240 and 262.")["2,649"]
    assert f.metric is None and "reported score" in f.reason, (f.metric, f.reason)
    f = reading("For comparison, nationally 37,667 PGY-1 positions were filled in 2025, and IMGs held 24.8% of all "
                "filled positions when PGY-2 and physician positions are counted too.")["24.8%"]
    assert dim(f, "position_level") is None and f.metric == "img_share_pct", (f.metric, f.dims)


def test_the_states_figure_beside_a_national_one_and_a_state_the_reading_cannot_name():
    text = ("New Jersey's teaching hospitals offered 1,434 residency positions in the 2025 Main Residency Match.\n\n"
            "International medical graduates filled 541 of the state's first-year positions, or 43.2% of those "
            "filled, compared with 25.9% nationally.\n")
    got = reading(text)
    assert dim(got["43.2%"], "state") == "NJ" and dim(got["541"], "state") == "NJ", got["43.2%"].dims
    # two states named before: "the state's" is not certain, and the figure is not read as national either
    f = reading("Ohio and Michigan programs filled most of their positions in 2025. IMGs took 22.8% of the state's "
                "filled first-year positions.")["22.8%"]
    assert f.metric is None and "the state's" in f.reason, (f.metric, f.dims, f.reason)


def test_a_quoted_claim_with_no_year_is_not_dated_by_the_text():
    text = "# Fact check: the 2025 Match\n\n**Claim:** \"Only 50% of international graduates match.\"\n"
    f = reading(text)["50%"]
    assert f.metric is None and "quotation" in f.reason, (f.metric, f.reason)
    # a quotation the text states with its year, or one with no claim word, is read as usual
    f = reading("# The 2025 Match\n\nThe NRMP said \"a record 43,237 positions\" were offered.\n")["43,237"]
    assert f.metric == "positions_total" and dim(f, "year") == 2025, (f.metric, f.dims)


def test_from_a_figure_in_one_year_to_another_in_a_later_year_is_not_a_range():
    got = reading("PGY-1 positions offered went from 27,860 in 2016 to 35,194 in 2020.")
    assert got["35,194"].kind != "range" and dim(got["35,194"], "year") == 2020, (got["35,194"].kind, got["35,194"].dims)
    assert reading("Class sizes of 2,000 to 2,500 are common.")["2,500"].kind == "range"
    # "slipped in 2025, to 79.8%": the year before "to" is the figure's year, not a range's start
    f = reading("The national match rate slipped in 2025, to 79.8%.")["79.8%"]
    assert f.kind != "range" and dim(f, "year") == 2025, (f.kind, f.dims)


def test_a_figures_aside_in_brackets_and_all_levels_after_a_semicolon():
    f = reading("In 2025 IMGs took 48.8% of West Virginia's internal medicine PGY-1 positions (39 residents, 35 of "
                "them U.S. citizens), well above the national internal medicine share of 40.3%.")["40.3%"]
    assert f.metric == "img_share_pct" and dim(f, "applicant_type") is None, (f.metric, f.dims)
    f = reading("Nationally, IMGs filled 9,761 first-year positions in 2025; counting all levels, their share was "
                "24.8% of the 40,764 positions filled.")["24.8%"]
    assert f.metric == "img_share_pct" and dim(f, "position_level") is None, (f.metric, f.dims)


@pytest.mark.integration
def test_round_13_certainty_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # a rate that is not the share of its own confirmed part and whole is not confirmed in another definition
    text = ("The rank order list report leaves couples out. In 2024 there were 10,021 active non-U.S.-citizen "
            "IMGs, and 5,864 of them matched, a rate of {}.\n")
    assert verdict_of_each(real_home, text.format("58.8 percent"))["58.8 percent"] == NC
    assert verdict_of_each(real_home, text.format("58.5 percent"))["58.5 percent"] == C
    # "the separate report on rank order lists leaves out applicants who matched as couples" names that series
    got = verdict_of_each(real_home, "**Couples.** The NRMP's separate report on rank order lists leaves out "
                          "applicants who matched as couples. In that report, 80.5% of applicants matched in 2025, a "
                          "bit higher than the headline numbers.\n")
    assert got["80.5%"] == C, got
    # "the national 25.9%" after the figure is that figure's: the sentence before still says which state
    got = verdict_of_each(real_home, "Programs in Pennsylvania filled 2,287 PGY-1 positions in 2025. Graduates of "
                          "international medical schools took 26.5% of those, a little above the national 25.9%.\n")
    assert got["26.5%"] == NC, got
