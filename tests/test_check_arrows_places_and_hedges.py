"""Issue 25, round 21: what unseen texts wrote that the fact-check read as another figure, or did not read.

- "- Registered applicants: 50,413 → 52,498" under "# Match headline figures, 2024 vs 2025": the figure after the
  arrow is the same series as the one before it, in the later year of the span ("2024 vs 2025", "2024 → 2025");
  without a span it is unsure of its year, and a chain of different units ("6,992 → 3,392 → 48.5%": applicants,
  matched, rate) is not one series;
- "243 of 1,885 positions unfilled, 86.9% filled, almost exactly the 86.8% of 2024": the year of the figure the
  others are said to equal is not theirs;
- "Surgery filled 82.3% of its 2,972 PGY-1 positions in 2025 — but that includes preliminary spots": a program type
  the figure is said to include is not the figure's; nor is the type of a part ("Almost all of the 525 surgery
  positions left unfilled in 2025 were preliminary");
- "For U.S. MD seniors the matched average was about 13.7" where the data give 13.68: the writer's rounding, listed
  and not judged (a figure with the data's own digits, "about 13.68", is still compared as written);
- a paragraph with no figure that names two years ("NRMP's 2025 Main Residency Match reports and the 2026 Charting
  Outcomes report") does not date the list below it;
- "| Specialty | PGY-1 offered | PGY-1 filled | PGY-2 offered |": a column header of a level and a verb counts
  positions, as "| Filled |" does;
- "IMGs were 25.9% of all applicants matched to PGY-1 positions": IMGs' share of the applicants matched, not a match
  rate;
- "IMGs took 56.4% of the state's filled first-year positions in Michigan, compared with 38.0% in Ohio and 40.3%
  nationally": the other side of a comparison with a place of its own is the same series for that place;
- "Figures from the NRMP rank-order-list report, which leaves couples out, so the rates differ slightly from the
  headline rates": a text that names the headline series only as what its figures are not names one series;
- "Surgery, our second-largest program, reflects a national pattern. Surgery filled 82.3% ..." in a text about one
  state, and a list under "with 2025 national PGY-1 results:": said to be national;
- "The overall PGY-1 match rate was 79.8%, down from 80.2% the year before": the year before that of the figure
  compared with, wherever the text gives that year;
- a list's lead-in whose last sentence names no group ("IMGs held 31.3% of filled FM PGY-1 spots. Other shares at
  PGY-1 in 2025:") takes the group of the sentence before it, not of the whole paragraph;
- "In 2025 internal medicine filled 12,439 PGY-1 positions. Non-U.S.-citizen IMGs took 3,794 of them": the positions
  of that specialty the group filled;
- "| Avg. ranks, matched |" under a caption that speaks of rates ("so the rates differ from the headline rates"): the
  caption's rates are another column's, and the cells are average list lengths;
- "4,655 did not match": the rank order list report's count of the unmatched (the only one the data hold); a count
  that is not that value ("4,812 did not", a text's own active minus matched) is judged only when the text names that
  report;
- "The split leans toward U.S. citizens more than in New York: 451 U.S.-citizen IMGs": a place compared with is not
  the figure's;
- "... 25.1% of all applicants who matched ... Their combined match rate was 60.8%": "their" after a sentence that
  names several groups besides all applicants is not all applicants;
- "Family medicine offered 5,357 positions in 814 programs": a specialty's count of programs in the Match (program
  results; by program type when one is named), not in a state; a noun after another number is that number's
  ("leaving 243 open across 210 programs"), and "of them were filled" after a count of programs counts positions.

Reading tests without data, and integration tests on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read_by_stated as reading, verdict_of_each

ARROWS = ("# Match headline figures{span}\n\nQuick reference for the newsroom.\n\n"
          "- Registered applicants: 50,413 \u2192 52,498\n- Active applicants: 44,853 \u2192 47,208\n")


@pytest.mark.parametrize("span", [", 2024 vs 2025", ", 2024 \u2192 2025", " (2024 and 2025)"])
def test_the_figure_after_an_arrow_is_the_same_series_in_the_later_year(span):
    got = reading(ARROWS.format(span=span))
    for before, after, metric in (("50,413", "52,498", "registered_applicants"),
                                  ("44,853", "47,208", "active_applicants")):
        assert (got[before].metric, value(got[before], "year")) == (metric, 2024), got[before].dims
        assert (got[after].metric, value(got[after], "year")) == (metric, 2025), (got[after].metric, got[after].dims)


def test_the_figure_after_an_arrow_without_a_span_of_years_is_unsure_of_its_year():
    got = reading(ARROWS.format(span=" for the 2025 newsroom"))
    assert got["52,498"].metric is None and "arrow" in got["52,498"].reason, got["52,498"].reason


def test_a_chain_of_arrows_between_different_units_is_not_one_series():
    got = reading("# Charting Outcomes, 2026 report\n\n**Specialty-wise (applicants \u2192 matched \u2192 rate):**\n\n"
                  "- Internal Medicine: 6,992 \u2192 3,392 \u2192 48.5%\n")
    assert got["3,392"].metric != got["6,992"].metric or got["6,992"].metric is None, got["3,392"].metric_from
    assert "the same series" not in (got["3,392"].metric_from or ""), got["3,392"].metric_from


def test_the_year_of_a_figure_said_to_be_equal_is_not_the_others():
    got = reading("# The 2025 Match left these specialties with the most empty seats\n\n"
                  "1. **Transitional year**: 243 of 1,885 positions unfilled, 86.9% filled, almost exactly the 86.8% "
                  "of 2024.\n")
    for stated in ("243", "86.9%"):
        assert value(got[stated], "year") != 2024, (stated, got[stated].dims, got[stated].reason)


def test_a_program_type_the_figure_includes_or_a_part_has_is_not_the_figures():
    got = reading("Surgery filled 82.3% of its 2,972 PGY-1 positions in 2025 \u2014 but that includes preliminary "
                  "spots.\n")
    for stated in ("82.3%", "2,972"):
        assert value(got[stated], "program_type") is None, (stated, got[stated].metric, got[stated].dims)
    got = reading("Almost all of the 525 surgery positions left unfilled in 2025 were preliminary.\n")
    assert value(got["525"], "program_type") is None, (got["525"].metric, got["525"].dims)


def test_a_paragraph_with_no_figure_that_names_two_years_does_not_date_the_list_below():
    got = reading("Mods here. Below is our list, each with the figure we see quoted and where it comes from (NRMP's "
                  "2025 Main Residency Match reports and the 2026 Charting Outcomes report for non-U.S. IMGs).\n\n"
                  "1. **\"80% of applicants match.\"** Close.\n")
    assert value(got["80%"], "year") is None, got["80%"].dims


def test_a_column_of_a_level_and_a_verb_counts_positions():
    got = reading("Figures for 2025.\n\n| Specialty | PGY-1 offered | PGY-1 filled | PGY-2 offered |\n|---|---|---|---|\n"
                  "| Neurology | 932 | 925 | 228 |\n")
    assert (got["932"].metric, value(got["932"], "position_level")) == ("positions", "PGY-1"), got["932"].dims
    assert (got["925"].metric, value(got["925"], "position_level")) == ("filled", "PGY-1"), got["925"].dims
    assert (got["228"].metric, value(got["228"], "position_level")) == ("positions", "PGY-2"), got["228"].dims


@pytest.mark.parametrize("text", [
    "IMGs were 25.9% of all applicants matched to PGY-1 positions in 2025.",
    "Together, IMGs matched to 9,761 PGY-1 positions in 2025, 25.9% of all applicants matched.",
])
def test_imgs_share_of_all_applicants_matched_is_not_a_match_rate(text):
    assert reading(text + "\n")["25.9%"].metric == "img_share_of_matched_pct"


def test_a_group_of_imgs_is_not_their_share_of_all_matched():
    got = reading("Non-U.S. IMGs were 17.4% of all applicants matched in 2025.\n")
    assert got["17.4%"].metric != "img_share_of_matched_pct", got["17.4%"].metric


PLACES = ("In internal medicine in 2025, IMGs took 56.4% of the state's filled first-year positions in Michigan, "
          "compared with 38.0% in Ohio and 40.3% nationally.\n")


def test_the_other_side_of_a_comparison_with_a_place_of_its_own_is_that_places():
    got = reading(PLACES)
    assert got["38.0%"].metric == got["56.4%"].metric == "img_share_pct", (got["38.0%"].metric, got["38.0%"].reason)
    assert value(got["38.0%"], "state") == "OH" and value(got["38.0%"], "specialty_id") == "internal-medicine"
    assert got["40.3%"].metric == "img_share_pct" and value(got["40.3%"], "state") is None, got["40.3%"].dims


def test_a_figure_in_brackets_is_not_the_one_compared_with():
    got = reading("IMGs held 23.6% of Ohio's filled PGY-1 positions in 2025 (up from 22.1% in 2024), against 31.5% "
                  "in Michigan.\n")
    assert value(got["31.5%"], "year") != 2024, got["31.5%"].dims


def test_a_leadins_group_is_that_of_its_last_sentence_or_the_one_before():
    got = reading("Non-US IMGs alone took 3,749 of them and US-citizen IMGs 1,221. Family medicine is next: IMGs held "
                  "31.3% of filled family medicine PGY-1 spots in 2025, 1,427 of 5,357. Other shares at PGY-1 in 2025:"
                  "\n\n- Pathology: 36.3%\n- Neurology: 29.1%\n")
    assert got["36.3%"].metric == "img_share_pct", (got["36.3%"].metric, got["36.3%"].reason)
    got = reading("In 2025 IMGs held 31.3% of its filled first-year positions: 810 went to non-U.S. IMGs and 626 to "
                  "U.S.-citizen IMGs. The other specialties, again for PGY-1 positions in 2025:\n\n- neurology: 25.1%\n")
    assert got["25.1%"].metric is None and "several" in got["25.1%"].reason, got["25.1%"].reason


ROL_TABLE = ("# Who did not match? Unmatched applicants by type, 2024\u20132025\n\nFigures from the NRMP rank-order-list "
             "report, which leaves couples out, so the rates differ slightly from the headline rates in *Results and "
             "Data*.\n\n| Year | Applicant type | Matched | Match rate |\n|---|---|---|---|\n"
             "| 2025 | U.S. MD seniors | 17,645 | 93.7% |\n")


@pytest.mark.integration
def test_arrows_places_and_series_are_judged_as_written(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, ARROWS.format(span=", 2024 vs 2025").replace("52,498", "52,948"))
    assert (got["50,413"], got["52,948"], got["47,208"]) == ("confirmed", "wrong value", "confirmed"), got
    got = verdict_of_each(real_home, PLACES)
    assert (got["56.4%"], got["38.0%"], got["40.3%"]) == ("confirmed",) * 3, got
    got = verdict_of_each(real_home, ROL_TABLE)
    assert (got["17,645"], got["93.7%"]) == ("confirmed", "confirmed"), got
    got = verdict_of_each(real_home, ROL_TABLE.replace(", so the rates differ slightly from the headline rates in "
                                                       "*Results and Data*", "; the headline rates count couples"))
    assert got["93.7%"] == "not checked", got  # both series named: unsure which


@pytest.mark.integration
def test_a_hedged_figure_the_data_hold_with_more_digits_is_not_judged(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    text = "In 2025 U.S. MD seniors who matched ranked {n} programs on average.\n"
    assert verdict_of_each(real_home, text.format(n="about 13.7"))["13.7"] == "not checked"  # the data: 13.68
    assert verdict_of_each(real_home, text.format(n="about 13.68"))["13.68"] == "confirmed"
    assert verdict_of_each(real_home, text.format(n="13.7"))["13.7"] == "confirmed"  # compared as written


@pytest.mark.integration
def test_national_words_before_the_figure_and_the_year_before(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    ohio = ("# Riverbend Health welcomes its largest resident class ever\n\n**FOR IMMEDIATE RELEASE \u2014 Columbus, "
            "Ohio**\n\nRiverbend Health today welcomed 64 new residents to its teaching hospitals in central Ohio.\n\n"
            "## Our programs\n\nIn Ohio, IMGs filled 38.0% of internal medicine PGY-1 positions in 2025, against 51.7% "
            "in New York.\n\n")
    said = ohio + ("Surgery, our second-largest program, reflects a national pattern. Surgery filled 82.3% of its "
                   "2,972 PGY-1 positions in 2025.\n")
    got = verdict_of_each(real_home, said)
    assert (got["82.3%"], got["2,972"]) == ("confirmed", "confirmed"), got
    got = verdict_of_each(real_home, said.replace("reflects a national pattern", "is our pride"))
    assert got["82.3%"] == "not checked", got  # the text is about Ohio: national, or Ohio's?
    got = verdict_of_each(real_home, ohio + "Other specialties, with 2025 national PGY-1 results:\n\n- Family "
                                            "medicine filled 85.0% of its 5,357 PGY-1 positions.\n")
    assert (got["85.0%"], got["5,357"]) == ("confirmed", "confirmed"), got
    got = verdict_of_each(real_home, "# The 2025 Match\n\nIn the Match, 37,667 applicants matched.\n\n"
                                     "The overall PGY-1 match rate was 79.8%, down from 80.2% the year before.\n")
    assert (got["79.8%"], got["80.2%"]) == ("confirmed", "confirmed"), got


def test_a_groups_part_of_them_is_the_positions_it_filled_there():
    got = reading("In 2025 internal medicine filled 12,439 PGY-1 positions. Non-U.S.-citizen IMGs took 3,794 of them.\n")
    assert got["3,794"].metric == "non_us_img_filled", (got["3,794"].metric, got["3,794"].reason)
    assert value(got["3,794"], "specialty_id") == "internal-medicine" and value(got["3,794"], "year") == 2025
    got = reading("In 2025 the Match filled 37,667 PGY-1 positions. Non-U.S.-citizen IMGs took 6,653 of them.\n")
    assert got["6,653"].metric != "non_us_img_filled", got["6,653"].metric  # nationally: the group's matches


def test_a_captions_rates_do_not_stop_a_column_of_list_lengths():
    got = reading(ROL_TABLE.replace("| Match rate |", "| Avg. ranks, matched |").replace("| 93.7% |", "| 13.68 |"))
    assert got["13.68"].metric == "avg_rol_length", (got["13.68"].metric, got["13.68"].reason)
    assert (value(got["13.68"], "applicant_type"), value(got["13.68"], "outcome")) == ("us_md_senior", "matched")


def test_a_place_compared_with_is_not_the_figures():
    got = reading("Florida offered 2,761 PGY-1 positions in 2025 and filled 2,545. IMGs took 907 of them. The split "
                  "leans toward U.S. citizens more than in New York: 451 U.S.-citizen IMGs and 591 non-U.S. citizens.\n")
    assert value(got["451"], "state") != "NY", got["451"].dims


def test_their_after_a_sentence_of_several_groups_is_not_all_applicants():
    got = reading("In 2025, 9,761 IMGs (U.S.-citizen and non-U.S.-citizen together) matched to PGY-1 positions, 25.9% "
                  "of all applicants who matched. Their combined match rate was 60.8%.\n")
    assert value(got["60.8%"], "applicant_type") != "all_applicants", (got["60.8%"].metric, got["60.8%"].dims)


@pytest.mark.integration
def test_counts_of_the_unmatched_are_the_rank_order_list_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "In 2025, 6,512 non-U.S.-citizen IMGs matched and 4,655 did not.\n")
    assert got["4,655"] == "confirmed", got
    got = verdict_of_each(real_home, "In 2025, 6,653 non-U.S.-citizen IMGs matched and 4,812 did not.\n")
    assert got["4,812"] == "not checked", got  # 11,465 - 6,653: the text's own arithmetic, not a count of the data
    got = verdict_of_each(real_home, "In NRMP's rank order list report, which leaves couples out, 6,512 non-U.S. IMGs "
                                     "matched in 2025 and 4,565 did not.\n")
    assert got["4,565"] == "wrong value", got  # the report named: its count is 4,655
    got = verdict_of_each(real_home, "In 2025 internal medicine filled 12,439 PGY-1 positions. Non-U.S.-citizen IMGs "
                                     "took 3,749 of them.\n")
    assert got["3,749"] == "wrong value", got  # 3,794


def test_a_specialtys_count_of_programs_is_read():
    got = reading("In 2025 family medicine offered 5,357 positions in 814 programs.\n")
    assert (got["814"].metric, value(got["814"], "specialty_id")) == ("program_count", "family-medicine"), got["814"].reason
    got = reading("In 2025, 822 categorical internal medicine programs offered 11,347 positions.\n")
    assert (got["822"].metric, value(got["822"], "program_type")) == ("program_type_count", "categorical")
    assert reading("In 2025 Ohio had 45 family medicine programs.\n")["45"].metric is None  # no state counts
    got = reading("In 2025 transitional year programs offered 1,858 positions and filled 1,615, leaving 243 open across "
                  "210 programs.\n")
    assert got["243"].metric != "program_count", got["243"].metric
    got = reading("In 2025 preliminary surgery offered 1,194 positions, in 251 programs, and 673 of them were filled.\n")
    assert got["673"].metric != "program_type_count", got["673"].metric


@pytest.mark.integration
def test_counts_of_programs_are_judged(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "In 2025 family medicine offered 5,357 positions in 814 programs.\n")
    assert got["814"] == "confirmed", got
    got = verdict_of_each(real_home, "In 2025 family medicine offered 5,357 positions in 841 programs.\n")
    assert got["841"] == "wrong value", got
