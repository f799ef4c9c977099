"""Issue 25, round 15: words a figure must take from further away, and words it must not. A section heading above a
table's lead-in ("## Maryland by specialty (PGY-1, 2025)", then "The committee asked for ...:") says where the
table's cells are; "## 1. The overall picture" over a list names no applicant group; a sentence that opens by
comparing ("That compares with about 38,500 ... in 2024.") dates the figure compared with, not the next sentence's;
"My son's school said 100% of their DO class matched" is a school's own figure. A year cell in a row dates the
row; the whole of a share that is not read ("40.3% of the 12,439 that were filled") is not the subject's count; a
"Headline match rate" column is the headline series and names no group where the row names one; a card headed by a
group's name is not all applicants'; "In it," refers to the report named before; a sentence opening with "Across
our ... member institutions" is local. "85.0% nationally" is national; "Their rate" after "the non-U.S.-citizen
group" is that group's; a figure compared with "the year before" is not this year's; "Figures are from the 2025
Match unless another year is given" dates the figures below it; "the no-couples series" names the series and is no
count of couples; words after "but" belong to the next figure. A label with a year before a colon ("Active
applicants in 2025: 47,208") is the figure's clause; a group in an "including ..." aside is not the figure's; the
operands of the text's own calculation ("4,587 minus 3,108") and a hedged figure "a decade earlier" are not judged;
"the matched applicants" of a later clause are all applicants; the earlier value of a difference of list lengths is
no length. A specialty (and program type) the header row of a table names is the table's; "The 49.0% is ..." after
the 49.0% was stated is a reference back, not judged again. A clause's own "Kansas programs" come before a state of
another clause; "80.9% ROL" names the rank-order-list series. Figures after others dated one by one ("58.1% in 2022
and 59.8% in 2023 before 58.5%") take none of their years; "up about 4% on 2024" names a baseline; "4,655 of them"
after "8,703 who did not match" is no count of the matched; "out of 47,208 who certified" is the whole's clause.
"U.S.-citizen plus non-U.S.-citizen international medical graduates" are all IMGs. A state's own specialty as the
subject ("New Jersey IM is ... at 60.8%", "and California family medicine 88.6%") names the state; "31.5% of all its
first-year positions" has no specialty.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import C, dim_value as value, read, read_by_stated as reading, verdict_of_each

MARYLAND = """# Regional Match report

Figures for our own programs are from our records.

## 2. Maryland by specialty (PGY-1, 2025)

The committee asked for the specialties in which we sponsor programs:

| Specialty | Positions | Filled | IMG share of filled |
|---|---:|---:|---:|
| Internal medicine | 308 | 305 | 50.5% |
| Family medicine | 32 | 32 | 31.3% |
"""


def test_a_heading_above_a_tables_lead_in_names_its_state():
    got = reading(MARYLAND)
    assert value(got["308"], "state") == "MD", (got["308"].dims, got["308"].reason)
    assert value(got["31.3%"], "state") == "MD", got["31.3%"].dims


def test_a_heading_above_a_paragraph_that_is_no_lead_in_does_not():
    text = MARYLAND.replace("programs:", "programs.")
    got = reading(text)
    assert value(got["308"], "state") is None, got["308"].dims


def test_the_overall_picture_names_no_group():
    text = ("# Applying as a non-US IMG\n\n## 1. The overall picture\n\n- In the 2025 Match:\n"
            "  - 11,465 non-U.S.-citizen IMGs were active applicants;\n  - 6,653 of them matched to a PGY-1 position;\n"
            "  - that is a match rate of 58.0%, slightly down from 58.5% in 2024.\n")
    got = reading(text)
    assert value(got["58.0%"], "applicant_type") != "all_applicants", (got["58.0%"].dims, got["58.0%"].reason)
    # an overall rate still is all applicants'
    got = reading("## The 2025 Match\n\n- The overall match rate was 79.8%.\n")
    assert value(got["79.8%"], "applicant_type") == "all_applicants", got["79.8%"].dims


def test_a_sentence_opening_with_a_comparison_dates_the_compared_figure_only():
    text = ("In the 2025 Main Residency Match, 52,498 applicants registered. There were 43,237 positions across all "
            "levels. That compares with about 38,500 first-year positions in 2024. After the Match, 2,473 positions "
            "were still unfilled.")
    f = reading(text)["2,473"]
    assert value(f, "year") is None, (f.dims, f.reason)
    # a sentence before that is no comparison still dates the next one
    f = reading(text.replace("That compares with about 38,500 first-year positions in 2024.",
                             "The NRMP published the 2024 figures later."))["2,473"]
    assert value(f, "year") == 2024, (f.dims, f.reason)


def test_a_childs_school_is_a_local_figure():
    f = reading("My son's school said 100% of their DO class matched. And DO seniors matched at 92.6% in 2025.")
    assert f["100%"].metric is None and "local" in f["100%"].reason, (f["100%"].metric, f["100%"].reason)
    assert f["92.6%"].metric == "match_rate_pct"


@pytest.mark.integration
def test_round_15_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, MARYLAND)
    # Maryland's family medicine share is 37.5%; 31.3% is the nation's, which must not confirm it
    assert got["31.3%"] == "wrong value" and got["50.5%"] == C and got["308"] == C, got


def test_a_year_cell_in_a_row_dates_the_row():
    text = ("| State | Year | Positions offered |\n|---|---|---|\n| New York | 2023 | 4,862 |\n"
            "| New York | 2025 | 5,105 |\n")
    got = reading(text)
    assert value(got["4,862"], "year") == 2023 and value(got["5,105"], "year") == 2025, (got["4,862"].dims,
                                                                                           got["5,105"].dims)


def test_the_whole_of_an_unread_share_is_not_the_subjects_count():
    got = reading("Nationally the specialty offered 12,952 PGY-1 positions in 2025, and IMGs filled 40.3% of the "
                  "12,439 that were filled.")
    assert got["12,439"].metric is None, (got["12,439"].metric, got["12,439"].dims)
    # a whole that names its own noun is still read
    got = reading("In 2025 internal medicine offered 12,952 PGY-1 positions, and IMGs filled 40.3% of the 12,439 "
                  "positions that were filled.")
    assert got["12,439"].metric == "filled", got["12,439"].metric


def test_a_headline_column_is_the_headline_series():
    text = ("The rank order list report leaves couples out; the headline rate counts them.\n\n"
            "| 2024, by applicant group | Headline match rate | Rank order list report match rate (no couples) |\n|---|---|---|\n"
            "| All applicants | 80.2% | 80.9% |\n| Non-U.S.-citizen IMGs | 58.5% | 58.8% |\n")
    got = reading(text)
    assert value(got["80.2%"], "year") == 2024 and value(got["80.2%"], "applicant_type") == "all_applicants"
    # "headline match rate" in the column header names no group when the row names one
    assert value(got["58.5%"], "applicant_type") == "non_us_img", got["58.5%"].dims


def test_a_card_headed_by_a_group_is_not_all_applicants():
    text = ("# Match 2025 at a glance\n\nEach card shows one group.\n\n## U.S. DO seniors\n\nmatched in 2025: 7,773 "
            "of 8,392 active applicants. In 2024 the rate was 92.3%.\n\n## The Match as a whole\n\n"
            "In 2025, 47,208 applicants were active.\n")
    got = reading(text)
    assert value(got["8,392"], "applicant_type") != "all_applicants", got["8,392"].dims
    assert value(got["92.3%"], "applicant_type") != "all_applicants", got["92.3%"].dims
    assert value(got["47,208"], "applicant_type") == "all_applicants", got["47,208"].dims


def test_in_it_refers_to_the_report_named_before():
    text = ("NRMP's rank order list report leaves couples out, so its rates differ a little. In it, non-U.S.-citizen "
            "IMGs matched at 58.3% in 2025 (6,653 matched, 4,655 unmatched).")
    got = reading(text)
    assert value(got["58.3%"], "applicant_type") == "non_us_img", got["58.3%"].dims


def test_a_sentence_opening_with_our_institutions_is_local():
    f = reading("Across our 64 member institutions the 2025 match rate of IMG applicants was 71.4%, well above the "
                "national figure.")["71.4%"]
    assert f.metric is None and "local" in f.reason, (f.metric, f.reason)
    f = reading("In our analysis of the NRMP data, the 2025 match rate of IMG applicants was 60.8%.")["60.8%"]
    assert f.metric is not None, f.reason


@pytest.mark.integration
def test_round_15_tables_and_reports_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    text = ("The rank order list report leaves couples out; the headline rate counts them.\n\n"
            "| 2024, by applicant group | Headline match rate | Rank order list report match rate (no couples) |\n|---|---|---|\n"
            "| All applicants | 80.2% | 80.9% |\n| Non-U.S.-citizen IMGs | 58.5% | 58.8% |\n")
    got = verdict_of_each(real_home, text)
    assert got["80.2%"] == C and got["58.5%"] == C and got["80.9%"] == C, got
    text = ("NRMP's rank order list report leaves couples out, so its rates differ a little. In it, non-U.S.-citizen "
            "IMGs matched at 58.3% in 2025 (6,653 matched, 4,655 unmatched).")
    got = verdict_of_each(real_home, text)
    assert got["6,653"] != C, got  # 6,653 is the headline count (couples included), not the report's
    text = ("| State | Year | Positions offered |\n|---|---|---|\n| New York | 2023 | 4,862 |\n"
            "| New York | 2025 | 5,105 |\n")
    got = verdict_of_each(real_home, text)
    assert got["4,862"] == "not checked" and got["5,105"] == C, got  # no state figures for 2023 in the data


def test_a_national_word_right_after_the_figure_makes_it_national():
    f = reading("Ohio had 1,826 PGY-1 positions in 2025. Family medicine in Ohio filled 88.2%, a bit better than "
                "the 85.0% nationally.")
    assert value(f["85.0%"], "state") is None and value(f["88.2%"], "state") == "OH", (f["85.0%"].dims,
                                                                                      f["88.2%"].dims)


def test_their_after_a_named_group_is_not_all_applicants():
    f = reading("In 2025 the non-U.S.-citizen group grew the most: 11,465 active applicants against 10,021 the "
                "year before. Their rate slipped from 58.5% to 58.0%.")["58.0%"]
    assert value(f, "applicant_type") in (None, "non_us_img"), f.dims
    f = reading("In 2023 the U.S.-citizen IMG rate was 67.6% and the non-U.S.-citizen rate 59.4%.")["59.4%"]
    assert value(f, "applicant_type") == "non_us_img", f.dims


def test_compared_with_the_year_before_is_not_this_years():
    f = reading("In 2025 U.S. MD seniors matched at 93.5% again. And DO seniors did even better than the year "
                "before: 92.6% against 92.3%.")["92.3%"]
    assert value(f, "year") != 2025, (f.dims, f.reason)


def test_a_default_year_statement_dates_figures_below_it():
    text = ("# Facts\n\n*Handout for the Class of 2027, December 2026*\n\nFigures are from the NRMP 2025 Main "
            "Residency Match unless another year is given.\n\n- **The big picture, 2025**\n"
            "  - Positions offered, all levels: 43,237\n    - PGY-1 positions filled: 37,667\n")
    f = reading(text)["37,667"]
    assert value(f, "year") == 2025 and f.metric == "filled_pgy1", (f.dims, f.metric, f.reason)
    assert "filled_total" not in f.alternatives.get("metric", []), f.alternatives  # the label names the level


def test_a_no_couples_series_is_no_count_of_couples():
    f = reading("In that same no-couples series 35,987 of 44,690 applicants matched in 2025.")["35,987"]
    assert "couples" not in f.reason, f.reason


@pytest.mark.integration
def test_round_15_series_words_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "In that same no-couples series 35,987 of 44,690 applicants matched in 2025, "
                          "or 80.5%, and MD seniors matched at 93.5%.")
    assert got["93.5%"] == "different definition", got  # the series gives 93.7
    got = verdict_of_each(real_home, "One caution: the overall rate in 2020 was 80.8%, but the no-couples series "
                          "says 81.3%.")
    assert got["80.8%"] == C, got  # the words after "but" are the 81.3%'s
    got = verdict_of_each(real_home, "Ohio had 1,826 PGY-1 positions in 2025. Family medicine in Ohio filled "
                          "88.2%, a bit better than the 85.0% nationally.")
    assert got["85.0%"] == C and got["88.2%"] == C, got


def test_a_label_with_a_year_before_a_colon_is_the_figures_clause():
    got = reading("- Active applicants in 2025: 47,208; matched to PGY-1: 37,667\n")
    assert got["47,208"].metric == "active_applicants" and got["37,667"].metric == "matched_pgy1", (
        got["47,208"].metric, got["37,667"].metric)
    # a long sentence before a colon, with a year of its own, is no label: "in 2025" after the figure dates it
    f = reading("**Emergency medicine** has recovered from its 2023 slump: 3,003 of 3,068 positions filled in "
                "2025.")["3,003"]
    assert value(f, "year") != 2023, (f.dims, f.reason)


def test_a_group_in_an_including_aside_is_not_the_figures():
    f = reading("Across everyone who took part, including graduates of earlier years and international graduates, "
                "the rate is lower: 79.8% of active applicants matched in 2025, down from 80.2% in 2024.")["80.2%"]
    assert f.metric != "img_match_rate_pct", (f.metric, f.dims)


def test_figures_of_the_texts_own_calculation_are_not_judged():
    got = reading("In 2025 about one in three U.S.-citizen IMGs did not match: 4,587 minus 3,108 leaves 1,479.")
    assert got["4,587"].metric is None and "calculation" in got["4,587"].reason, (got["4,587"].metric,
                                                                                 got["4,587"].reason)
    assert got["3,108"].metric is None, got["3,108"].metric


def test_a_hedged_figure_a_decade_earlier_is_not_judged():
    f = reading("In 2025 IMGs filled 40.3% of internal medicine's first-year positions, a share that was probably "
                "nearer 35% a decade earlier.")["35%"]
    assert f.metric is None or value(f, "year") != 2025, (f.metric, f.dims)


def test_the_matched_applicants_of_a_later_clause_are_all_applicants():
    f = reading("In 2024, 93.5% of U.S. MD seniors matched, and in the NRMP's rank-order-list report (couples left "
                "out) the matched applicants that year ranked 12.14 programs on average.")["12.14"]
    assert value(f, "applicant_type") == "all_applicants", (f.dims, f.reason)
    # a group that labels the applicants is theirs
    f = reading("- U.S.-citizen IMGs, 2020: matched applicants ranked 8.8 programs on average.")["8.8"]
    assert value(f, "applicant_type") == "us_img", (f.dims, f.reason)


def test_the_earlier_value_of_a_difference_of_list_lengths_is_not_a_length():
    f = reading("In 2025 matched applicants ranked 7.98 more programs on average than unmatched ones, up from 5.63 "
                "in 2015.")["5.63"]
    assert f.metric is None and "difference" in f.reason, (f.metric, f.reason)


def test_a_specialty_in_the_header_row_is_the_tables():
    text = ("| Year | Preliminary surgery positions | Filled | Fill rate |\n|---|---:|---:|---:|\n"
            "| 2024 | 1,152 | 603 | 52.3% |\n| 2025 | 1,194 | 673 | 56.4% |\n")
    f = reading(text)["56.4%"]
    assert value(f, "specialty_id") == "surgery" and value(f, "year") == 2025, (f.dims, f.reason)
    # a table by specialty (rows name them) takes no specialty from its header
    text = ("| Specialty | Fill rate (surgery programs' data) |\n|---|---:|\n| Pediatrics | 95.3% |\n")
    f = reading(text)["95.3%"]
    assert value(f, "specialty_id") in (None, "pediatrics"), f.dims


def test_the_figure_stated_before_referred_to_again_is_not_judged_again():
    got = read("Of 11,685 non-U.S. IMGs in the report, 5,721 matched to their preferred specialty. That's 49.0%. In "
               "the 2025 Match, 58.0% of non-U.S.-citizen IMGs matched. The 49.0% is about getting the specialty "
               "you wanted.", "t.md")
    last = [f for f in got if f.stated == "49.0%"][-1]
    assert last.metric is None and "reference back" in last.reason, (last.metric, last.reason)


@pytest.mark.integration
def test_round_15_a_header_specialty_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    text = ("| Year | Preliminary surgery positions | Filled | Fill rate |\n|---|---:|---:|---:|\n"
            "| 2024 | 1,152 | 603 | 52.3% |\n| 2025 | 1,194 | 673 | 56.4% |\n")
    got = verdict_of_each(real_home, text)
    assert got["52.3%"] == C and got["56.4%"] == C, got  # surgery's preliminary fill, not all specialties' (~80%)


def test_the_clauses_own_programs_state_comes_before_another_clauses():
    f = reading("In 2025, in Arkansas, IMGs filled 158 of the 341 positions filled, and Kansas programs, which "
                "offered 304 positions, filled 269 of them.")["304"]
    assert value(f, "state") == "KS", (f.dims, f.reason)


@pytest.mark.integration
def test_round_15_a_rol_label_after_the_figure_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "In 2024 the MD senior rate was 93.5% in both series, while for all applicants "
                          "it was 80.2% headline vs. 80.9% ROL.")
    assert got["80.9%"] != "different definition", got  # "ROL" after it names the rank-order-list series


def test_figures_after_others_dated_one_by_one_take_none_of_their_years():
    got = reading("Non-U.S.-citizen IMGs' match rate has held in a narrow band: 58.1% in 2022 and 59.8% in 2023 "
                  "before 58.5% and 58.0% in the two latest Matches.")
    assert value(got["58.5%"], "year") is None and value(got["58.0%"], "year") is None, (got["58.5%"].dims,
                                                                                       got["58.0%"].dims)
    # a figure after one dated figure and its baseline keeps the sentence's year
    f = reading("Non-U.S.-citizen IMGs are flat: 58.0% in 2025, down from 58.5% in 2024: 6,653 matched out of "
                "11,465 who were active.")["6,653"]
    assert value(f, "year") == 2025, (f.dims, f.reason)


def test_the_year_a_change_is_on_is_its_baseline():
    f = reading("The 2025 Main Residency Match, by the numbers: 43,237 positions offered, a record and up about 4% "
                "on 2024.")["43,237"]
    assert value(f, "year") == 2025, (f.dims, f.reason)


def test_a_part_of_those_who_did_not_match_is_not_a_count_of_the_matched():
    f = reading("The rank-order-list report counts 8,703 applicants who did not match in 2025 — 4,655 of them "
                "non-U.S.-citizen IMGs.")["4,655"]
    assert f.metric is None, (f.metric, f.dims)


def test_the_wholes_relative_clause_is_not_the_parts():
    f = reading("Headline says that in 2025, 79.8% matched. That's 37,667 people out of 47,208 who certified a "
                "list.")["37,667"]
    assert f.metric != "active_applicants", (f.metric, f.reason)


def test_u_s_citizen_plus_non_u_s_citizen_imgs_are_all_imgs():
    text = ("IMG share (%) of **filled PGY-1 positions**, 2025 Main Residency Match, by state of the program. IMGs = "
            "U.S.-citizen plus non-U.S.-citizen international medical graduates.\n\n"
            "| State | Internal medicine | Family medicine |\n|---|---|---|\n| New York | 57.1 | 52.1 |\n")
    f = reading(text)["52.1"]
    assert f.metric == "img_share_pct", (f.metric, f.dims)


def test_a_states_own_specialty_as_the_subject_names_the_state():
    got = reading("Michigan IM had 528 PGY-1 positions in 2025 and filled 507, and IMGs took 56.4% of them. Statewide, "
                  "IMGs held 31.5% of Michigan's PGY-1 positions filled, against 37.7% in New York. New Jersey IM is "
                  "even more IMG-heavy at 60.8%, and in New York IM, IMGs took 51.7% of the 1,740 positions filled.")
    assert value(got["60.8%"], "state") == "NJ", (got["60.8%"].dims, got["60.8%"].reason)
    got = reading("In 2025 Texas family medicine filled only 85.0% of its 283 first-year positions, and California "
                  "family medicine 88.6%.")
    assert value(got["88.6%"], "state") in (None, "CA"), got["88.6%"].dims


def test_of_all_its_positions_is_no_specialty():
    f = reading("In 2025, IMGs filled 56.4% of Michigan's internal medicine first-year positions and 31.5% of all its "
                "first-year positions.")["31.5%"]
    assert value(f, "specialty_id") is None, (f.dims, f.reason)
