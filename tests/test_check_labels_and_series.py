"""Issue 25, round 17: labels, levels, groups and series that unseen texts named in ways the rules missed.

- "a gap of 6.81 programs" is a difference, also where the figure is a rank order list length;
- "Filled: 40,764 overall" and "40,674 filled overall" count positions ("overall" is no group of people);
- "counting PGY-1, PGY-2 and physician-level positions" names all levels, not the physician level;
- "we were 11,465 active applicants" under a heading that names one group is not all applicants;
- "166 non-U.S.-citizen IMGs and 39 U.S.-citizen IMGs ..., 38.0% of the 539 filled" is the IMGs' share together;
- "in this series" / "the series rate" mean the series the section (or the text's opening) names.

Reading tests without data, and integration tests on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read_by_stated as reading


def test_a_gap_between_two_list_lengths_is_a_difference():
    got = reading("Among applicants who did not participate as a couple in 2025, matched U.S. MD seniors had ranked "
                  "13.68 programs on average, against 6.87 for those who did not match, a gap of 6.81 programs.")
    assert got["6.81"].metric is None and "change" in got["6.81"].reason, (got["6.81"].metric, got["6.81"].reason)
    assert got["6.87"].metric == "avg_rol_length", got["6.87"].metric


def test_a_difference_of_is_a_difference():
    got = reading("In 2025 U.S. MD seniors matched at 93.5% and DO seniors at 92.6%, a difference of 0.9 between the two.")
    assert got["0.9"].metric is None, (got["0.9"].metric, got["0.9"].dims)


def test_a_label_filled_counts_positions_and_overall_is_no_group():
    got = reading("Positions: 43,237 offered at all levels in 2025, 40,041 of them PGY-1. Filled: 40,764 overall.")
    assert got["40,764"].metric == "filled_total", (got["40,764"].metric, got["40,764"].reason)
    got = reading("In 2025, 40,674 filled overall, and 2,473 were still unfilled after the algorithm ran.")
    assert got["40,674"].metric == "filled_total", (got["40,674"].metric, got["40,674"].reason)


def test_overall_after_a_rate_still_means_all_applicants():
    got = reading("In 2025 the match rate was 79.8% overall.")
    assert got["79.8%"].metric == "match_rate_pct" and value(got["79.8%"], "applicant_type") == "all_applicants", (
        got["79.8%"].metric, got["79.8%"].dims)


def test_levels_listed_to_mean_all_levels_are_not_one_level():
    got = reading("Kentucky's teaching hospitals offered 425 residency positions in the 2025 Main Residency Match, "
                  "counting PGY-1, PGY-2 and physician-level positions, and filled 392 of them (92.2%).")
    assert value(got["92.2%"], "position_level") != "Physician", got["92.2%"].dims
    assert value(got["392"], "position_level") != "Physician", got["392"].dims
    got = reading("Physician-level positions in Kentucky filled 92.2% in 2025.")  # one level named alone is its level
    assert value(got["92.2%"], "position_level") == "Physician", got["92.2%"].dims


GROUP_HEADING = """# Notes for our group

**1. Our match rate (non-U.S.-citizen IMGs)**

In 2025 we were 11,465 active applicants and 6,653 of us matched to a PGY-1 position, a rate of 58.0%.
"""


def test_we_under_a_heading_that_names_one_group_are_not_all_applicants():
    got = reading(GROUP_HEADING)
    assert value(got["58.0%"], "applicant_type") != "all_applicants", (got["58.0%"].dims, got["58.0%"].reason)
    assert value(got["11,465"], "applicant_type") != "all_applicants", got["11,465"].dims


def test_applicants_as_a_whole_under_a_heading_about_imgs_are_all_applicants():
    text = ("# An advising session\n\n**Q: People on the forums keep saying more IMGs match every year.**\n\n"
            "In 2025 the Match as a whole placed 37,667 applicants in PGY-1 positions out of 47,208 active "
            "applicants, a rate of 79.8%.\n")
    got = reading(text)
    assert value(got["79.8%"], "applicant_type") == "all_applicants", (got["79.8%"].dims, got["79.8%"].reason)


def test_a_share_after_two_counts_of_the_two_img_groups_is_the_share_of_both():
    got = reading("In Ohio internal medicine, 166 non-U.S.-citizen IMGs and 39 U.S.-citizen IMGs started in PGY-1 "
                  "positions in 2025, 38.0% of the 539 filled.")
    assert got["38.0%"].metric == "img_share_pct", (got["38.0%"].metric, got["38.0%"].dims)
    got = reading("In Ohio internal medicine, 166 non-U.S.-citizen IMGs and 39 U.S. MD seniors started in PGY-1 "
                  "positions in 2025, 38.0% of the 539 filled.")  # two groups the data do not give as one
    assert got["38.0%"].metric != "img_share_pct" or value(got["38.0%"], "applicant_type") is None, (
        got["38.0%"].metric, got["38.0%"].dims)


SECTION_SERIES = """# Five charts

## 5. How long a rank order list do matched applicants submit?

This chart uses the NRMP's rank-order-list report, which leaves couples out, so its rates differ slightly from the headline ones.

In 2025, matched applicants had ranked 12.02 programs on average, and unmatched applicants 4.04.

In this series the overall match rate was 80.5% in 2025, against the headline 79.8%. For U.S. MD seniors the series rate was 93.5% in 2025.
"""

OPENING_SERIES = """<html><body><article>
<h1>How many programs did they rank? Rank order list length by outcome, 2015-2025</h1>
<p>Every year the NRMP publishes the average number of programs ranked. The report leaves out applicants in
couples, so its counts and match rates differ slightly from the headline figures.</p>
<p>Those figures are not the ones in the press release. The headline 2025 rate for all applicants, couples
included, was 79.8%.</p>
<h2>Ten years of non-U.S. IMGs</h2>
<p>For non-U.S.-citizen IMGs, the match rate in this series rose from 50.4% in 2015 to a peak of 61.8% in
2020, then fell to 54.8% in 2021.</p>
</article></body></html>
"""


@pytest.mark.integration
def test_this_series_is_the_one_the_section_names_two_paragraphs_before(real_home, monkeypatch):
    from tests.test_check_article import verdict_of_each

    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, SECTION_SERIES)
    assert got["80.5%"] == "confirmed", got  # the no-couples rate, as the section says
    assert got["93.5%"] == "different definition", got  # the headline rate; the series gives 93.7


@pytest.mark.integration
def test_this_series_in_a_text_about_the_rank_order_list_report_is_that_reports(real_home, monkeypatch):
    from tests.test_check_article import verdict_of_each

    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, OPENING_SERIES, "t.html")
    assert got["54.8%"] == "different definition", got  # the headline 2021 rate; the report's is 55.3


ROL_TABLE = """<html><body>
<h1>How many programs did they rank?</h1>
<table>
<caption>Mean number of programs ranked, by applicant group and Match outcome (couples excluded)</caption>
<thead>
<tr><th rowspan="2">Year</th><th colspan="2">All applicants</th><th colspan="2">Non-U.S.-citizen IMGs</th></tr>
<tr><th>Matched</th><th>Unmatched</th><th>Matched</th><th>Unmatched</th></tr>
</thead>
<tbody>
<tr><td>2015</td><td>10.41</td><td>4.66</td><td>7.30</td><td>4.26</td></tr>
<tr><td>2021</td><td>12.35</td><td>4.47</td><td>7.52</td><td>3.51</td></tr>
</tbody>
</table>
</body></html>
"""


def test_a_table_of_programs_ranked_reads_group_and_outcome_from_its_headers():
    got = reading(ROL_TABLE, "t.html")
    assert got["10.41"].metric == "avg_rol_length", (got["10.41"].metric, got["10.41"].reason)
    assert (value(got["10.41"], "applicant_type"), value(got["10.41"], "outcome"), value(got["10.41"], "year")) == \
        ("all_applicants", "matched", 2015), got["10.41"].dims
    assert (value(got["3.51"], "applicant_type"), value(got["3.51"], "outcome"), value(got["3.51"], "year")) == \
        ("non_us_img", "unmatched", 2021), got["3.51"].dims


def test_a_ranking_table_of_another_measure_or_without_outcome_is_not_read_as_list_length():
    got = reading(ROL_TABLE.replace("Mean number of programs ranked", "Ranks per position"), "t.html")
    assert got["10.41"].metric != "avg_rol_length", got["10.41"].metric
    got = reading(ROL_TABLE.replace("<th>Matched</th>", "<th>Mean</th>").replace("<th>Unmatched</th>", "<th>Median</th>"),
                  "t.html")
    assert got["10.41"].metric is None and "outcome" in got["10.41"].reason, (got["10.41"].metric, got["10.41"].reason)


ONE_STATE = ("Ohio programs offered 1,826 PGY-1 positions in the 2025 Match. In internal medicine, 539 PGY-1 positions "
             "were filled.\n\nTexas programs offered 2,667 PGY-1 positions in 2025. In internal medicine, 593 PGY-1 "
             "positions were filled.\n\nNew York and Texas both grew in 2025. In internal medicine, 539 PGY-1 "
             "positions were filled.\n")


@pytest.mark.integration
def test_a_figure_unsure_only_of_its_state_is_confirmed_as_the_one_state_named_around_it(real_home, monkeypatch):
    from pipeline.check.article_output import check_document
    from pipeline.config import paths
    from tests.test_check_article import doc_of

    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = [(f.stated, f.verdict, f.dims.get("state") and f.dims["state"].value)
           for f in check_document(paths(real_home), doc_of(ONE_STATE, "t.md")).figures if f.kind == "statistic"]
    assert got[1] == ("539", "confirmed", "OH"), got  # Ohio's internal medicine: 539 (nationally 12,439)
    assert got[3][:2] == ("593", "not checked"), got  # not Texas's value: unsure, never wrong
    assert got[4][:2] == ("539", "not checked"), got  # two states named: which one?


STEP2_BEFORE = """# Scores

The NRMP's 2026 Charting Outcomes report for non-U.S.-citizen IMGs gives median Step 2 CK scores by preferred specialty.

In family medicine the medians of non-U.S. IMGs were almost equal, 230 for those who matched and 231 for those who did not.
"""


def test_a_median_of_a_score_after_the_text_named_step_2_ck_is_of_step_2_ck():
    got = reading(STEP2_BEFORE)
    assert got["230"].metric == "step2_median" and value(got["230"], "outcome") == "matched", (
        got["230"].metric, got["230"].reason)
    assert got["231"].metric == "step2_median" and value(got["231"], "outcome") == "not_matched", got["231"].dims


def test_a_median_is_not_of_step_2_ck_when_the_text_names_another_score_or_a_count_follows():
    got = reading(STEP2_BEFORE.replace("gives median", "gives Step 1 and median"))
    assert got["230"].metric != "step2_median", got["230"].metric
    got = reading(STEP2_BEFORE + "\nDiagnostic radiology had 175 applicants in 2026, and those who matched had a "
                                 "median of 250.\n")
    assert got["175"].metric != "step2_median", got["175"].metric


def test_an_earlier_edition_gives_no_year():
    got = reading("In the 2026 Charting Outcomes report, non-U.S. IMGs who matched had a median Step 2 CK score of 248. "
                  "An earlier edition had reported a median Step 2 CK of 238 for matched non-U.S. IMGs.")
    assert got["238"].metric is None and "year" in got["238"].reason, (got["238"].metric, got["238"].reason)


def test_it_was_does_not_repeat_a_sentence_whose_other_figure_is_unsure():
    text = ("Charting Outcomes for the 2026 Match gives medians for non-U.S. IMGs by the specialty they preferred. In "
            "internal medicine, those who matched had a median Step 2 CK of 251 and those who did not 243. In surgery "
            "it was 256 against 244.")
    got = reading(text)  # 256 is the surgery median of those who matched: never read as the other outcome's
    assert value(got["256"], "outcome") != "not_matched", got["256"].dims


def test_the_measure_of_the_sentence_before_in_years_of_its_own():
    got = reading("Categorical family medicine programs offered 5,357 positions in 2025 and filled 4,552 of them (85.0%). "
                  "The fill had been 87.8% in 2024 and 88.5% in 2023.")
    for stated, year in (("87.8%", 2024), ("88.5%", 2023)):
        assert got[stated].metric == "program_type_fill_pct", (stated, got[stated].metric, got[stated].reason)
        assert (value(got[stated], "year"), value(got[stated], "specialty_id"), value(got[stated], "program_type")) == \
            (year, "family-medicine", "categorical"), got[stated].dims
    got = reading("Categorical family medicine programs offered 5,357 positions in 2025 and filled 4,552 of them (85.0%). "
                  "The fill had been 87.8%.")  # no year of its own: not the same series in another year
    assert got["87.8%"].metric is None or value(got["87.8%"], "year") != 2024, got["87.8%"].dims


ITEMS = """# States

Non-US IMG here, Step 2 CK 246, trying to decide where to apply. I pulled the 2025 state-level tables. All numbers
are PGY-1 unless I say otherwise, and "IMG share" means share of the positions that were actually filled:

- **New York**: 4,654 positions, 4,484 filled. IMGs took 37.7% of filled spots.
- **Ohio**: 1,826 positions, 431 IMGs, 23.6%.
"""


def test_a_list_items_state_label_is_the_state_of_its_figures():
    got = reading(ITEMS)
    assert value(got["37.7%"], "state") == "NY", (got["37.7%"].dims, got["37.7%"].reason)
    assert value(got["4,484"], "state") == "NY", got["4,484"].dims
    got = reading(ITEMS.replace("IMGs took 37.7% of filled spots.", "Nationally, IMGs took 25.9% of filled spots."))
    assert value(got["25.9%"], "state") is None, got["25.9%"].dims


@pytest.mark.integration
def test_a_count_under_a_lead_in_that_says_pgy_1_is_not_confirmed_at_all_levels(real_home, monkeypatch):
    from tests.test_check_article import verdict_of_each

    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, ITEMS)
    assert got["431"] == "not checked", got  # Ohio's IMGs at all levels; the lead-in says PGY-1 (413)


def test_the_first_year_part_of_positions_before_it():
    got = reading("In 2025 the Match offered 43,237 positions, but only 40,041 of them were PGY-1. In 2021 there were "
                  "38,106 positions; 36,179 filled, of which 33,353 at PGY-1.")
    assert got["40,041"].metric == "positions_pgy1" and value(got["40,041"], "year") == 2025, (
        got["40,041"].metric, got["40,041"].dims, got["40,041"].reason)
    assert got["33,353"].metric == "filled_pgy1" and value(got["33,353"], "year") == 2021, (
        got["33,353"].metric, got["33,353"].dims)
    got = reading("In 2025 the Match offered 43,237 positions, and more than 40,000 of them were PGY-1.")
    assert got["40,000"].role == "bound" or got["40,000"].metric is None, (got["40,000"].role, got["40,000"].metric)


def test_unfilled_positions_of_a_specialty_read_the_program_results():
    got = reading("In 2025 family medicine filled 4,552 categorical positions and left 805 unfilled.\n\nIn the 2024 Match "
                  "255 pediatrics positions went unfilled.")  # (a paragraph that names no program type)
    assert (got["805"].metric, value(got["805"], "program_type")) == ("program_type_unfilled", "categorical"), (
        got["805"].metric, got["805"].dims, got["805"].reason)
    assert (got["255"].metric, value(got["255"], "specialty_id"), value(got["255"], "year")) == \
        ("program_unfilled", "pediatrics", 2024), (got["255"].metric, got["255"].dims)
    got = reading("Categorical surgery filled nearly all of its positions. Preliminary surgery is the opposite story. "
                  "It left 521 positions unfilled in 2025.")
    assert (got["521"].metric, value(got["521"], "program_type")) == ("program_type_unfilled", "preliminary"), (
        got["521"].metric, got["521"].dims, got["521"].reason)


def test_unfilled_positions_by_level_or_with_an_unread_program_type_are_not_read():
    got = reading("Internal medicine left 513 PGY-1 positions unfilled in 2025.")
    assert got["513"].metric is None, (got["513"].metric, got["513"].dims)
    got = reading("Categorical internal medicine, with more than 11,000 positions, left 368 empty in 2025, and "
                  "preliminary internal medicine 154.")
    assert got["368"].metric is None or value(got["368"], "program_type") == "categorical", (
        got["368"].metric, got["368"].dims)
    got = reading("- **Emergency medicine:** 95.5% of its 3,068 positions filled in 2025, two years after a Match in "
                  "which 554 sat unfilled.")
    assert got["554"].metric is None or value(got["554"], "year") != 2025, got["554"].dims


def test_a_chat_export_between_fences_is_read_as_a_conversation():
    from tests.test_check_article import doc_of, read

    chat = ("# Parents group (WhatsApp export)\n\n```\n"
            "[17/03/25, 21:04] Ramesh: Results are out!!\n"
            "[17/03/25, 21:07] Anil: NRMP numbers for 2025: 6,653 non-US IMGs matched out of 11,465. That is 58.0%\n"
            "[17/03/25, 21:08] Anjali: Last year it was 58.5% no?\n```\n")
    stated = [f.stated for f in read(chat) if f.kind == "statistic"]
    assert stated == ["6,653", "11,465", "58.0%", "58.5%"], stated
    assert doc_of(chat).conversation  # each message its speaker's
    code = "# Script\n\n```\nrate = 6653 / 11465  # 58.0%\nprint(rate)\nx = 1\n```\n"
    assert [f.stated for f in read(code) if f.kind == "statistic"] == [], read(code)


def test_those_numbers_of_the_sentence_before_in_a_year_of_their_own():
    got = reading("In 2025, 2,473 positions were unfilled after the algorithm, and 2,521 unfilled positions went into "
                  "SOAP. In 2024 those numbers were 2,562 and 2,575.")
    assert (got["2,562"].metric, value(got["2,562"], "year")) == ("unfilled", 2024), (got["2,562"].metric,
                                                                                      got["2,562"].reason)
    assert (got["2,575"].metric, value(got["2,575"], "year")) == ("unfilled_offered_in_soap", 2024), got["2,575"].dims
    got = reading("In 2025, 2,473 positions were unfilled after the algorithm, and 2,521 unfilled positions went into "
                  "SOAP. Those numbers were 2,562 and 2,575.")  # no year of their own: not repeated
    assert got["2,562"].metric is None or value(got["2,562"], "year") != 2025, got["2,562"].dims


def test_a_pair_with_a_subject_of_its_own_takes_the_two_readings_before_it():
    got = reading("In the 2025 rank order list report, MD seniors who matched ranked 13.68 programs on average; those "
                  "who did not, 7.03. DO seniors: 13.53 vs 5.81.")
    assert (got["13.53"].metric, value(got["13.53"], "applicant_type"), value(got["13.53"], "outcome")) == \
        ("avg_rol_length", "us_do_senior", "matched"), (got["13.53"].metric, got["13.53"].dims, got["13.53"].reason)
    assert (value(got["5.81"], "applicant_type"), value(got["5.81"], "outcome")) == ("us_do_senior", "unmatched"), \
        got["5.81"].dims
    got = reading("In the 2025 rank order list report, MD seniors who matched ranked 13.68 programs on average; those "
                  "who did not, 7.03. DO seniors did better, at 13.53 vs 5.81.")  # words of its own: not just a subject
    assert value(got["5.81"], "outcome") != "matched", got["5.81"].dims


def test_imgs_took_positions_and_the_other_group_the_rest():
    got = reading("In internal medicine alone, non-U.S.-citizen IMGs took 3,794 PGY-1 positions in 2025 and U.S.-citizen "
                  "IMGs 1,221.")
    assert got["3,794"].metric == "non_us_img_filled", (got["3,794"].metric, got["3,794"].reason)
    assert got["1,221"].metric == "us_img_filled", (got["1,221"].metric, got["1,221"].reason)
    got = reading("New York's programs filled 4,484 PGY-1 positions in 2025, and IMGs took 1,690 of them. Of the IMGs, "
                  "498 were U.S. citizens and 1,192 were not.")  # the IMGs are the whole, not 498's group
    assert got["498"].metric != "img_filled", (got["498"].metric, got["498"].dims)
