"""Issue 25, round 18: pairs that point back, the Charting Outcomes report's counts, and where a state, a year or
"all specialties" comes from, as unseen texts wrote them.

- "Among non-U.S.-citizen IMGs the figures were 7.62 and 3.20" / "The year before, the figures were 13.95 and 7.03"
  take the two readings of the sentence before, with the lead's group or year;
- "Charting Outcomes for the 2026 Match ... In internal medicine, 3,392 of 6,992 matched" counts non-U.S. IMGs by
  the specialty they preferred, not positions filled in the Match;
- "after a difficult 2024 in which the rate fell to 92.0% and 150 positions went unfilled": 150 is 2024's;
- "as New Jersey, where they held 60.8%": the where-clause's state; "Across all specialties, ..." opening a
  paragraph: its later figures are of all specialties;
- "Match Day draws 47,208 applicants" does not count those who matched;
- "91.9% in the rank order list report; MD seniors at 93.7%": the words before the semicolon are not 93.7%'s.

Reading tests without data, and integration tests on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read_by_stated as reading, verdict_of_each

ROL = ("In 2025, applicants who matched had ranked 12.02 programs on average, against 4.04 for those who did not. "
       "Among non-U.S.-citizen IMGs the figures were 7.26 and 3.20.")


def test_a_pair_that_points_back_takes_the_readings_before_with_its_own_group():
    got = reading(ROL)
    for stated, outcome in (("7.26", "matched"), ("3.20", "unmatched")):
        f = got[stated]
        assert f.metric == "avg_rol_length", (stated, f.metric, f.reason)
        assert (value(f, "applicant_type"), value(f, "outcome"), value(f, "year")) == ("non_us_img", outcome, 2025), \
            f.dims


def test_a_pair_that_points_back_a_year_before_or_to_a_year_of_its_own():
    text = ("In the 2025 rank order list report, matched U.S. MD seniors had ranked 13.68 programs on average, and those "
            "who did not match 6.87. The year before, the figures were 13.95 and 7.03. In 2021 they were 13.98 and 7.52.")
    got = reading(text)
    for stated, year in (("13.95", 2024), ("7.03", 2024), ("13.98", 2021), ("7.52", 2021)):
        assert got[stated].metric == "avg_rol_length" and value(got[stated], "year") == year, (
            stated, got[stated].metric, got[stated].dims)
    assert value(got["7.52"], "applicant_type") == "us_md_senior" and value(got["7.52"], "outcome") == "unmatched"


def test_a_pair_does_not_point_back_with_a_place_of_its_own_or_words_after_it():
    got = reading(ROL.replace("Among non-U.S.-citizen IMGs", "In Ohio"))
    assert got["7.26"].metric is None, (got["7.26"].metric, got["7.26"].dims)
    got = reading(ROL.replace("7.26 and 3.20.", "7.26 and 3.20 for the interviews they attended."))
    assert got["7.26"].metric is None, (got["7.26"].metric, got["7.26"].dims)


CHARTING = ("Charting Outcomes for the 2026 Match shows what non-U.S. IMGs face. Of 11,685 non-U.S. IMGs who named a "
            "preferred specialty, 5,721 matched in it. In internal medicine, 3,392 of 6,992 matched.")


def test_counts_in_a_specialty_dated_by_the_charting_outcomes_report_are_that_reports():
    got = reading(CHARTING)
    assert got["3,392"].metric == "preferred_specialty_matched", (got["3,392"].metric, got["3,392"].reason)
    assert got["6,992"].metric == "preferred_specialty_applicants", (got["6,992"].metric, got["6,992"].reason)
    assert (value(got["3,392"], "applicant_type"), value(got["3,392"], "specialty_id"), value(got["3,392"], "year")) \
        == ("non_us_img", "internal-medicine", 2026), got["3,392"].dims


def test_counts_are_not_the_reports_where_the_sentence_names_the_match_or_another_group_is_named():
    got = reading(CHARTING.replace("In internal medicine, 3,392", "In the Main Residency Match, internal medicine: 3,392"))
    assert not (got["3,392"].metric or "").startswith("preferred"), got["3,392"].metric
    got = reading(CHARTING.replace("In internal medicine,", "Among DO seniors, in internal medicine,"))
    assert not (got["3,392"].metric or "").startswith("preferred"), got["3,392"].metric


def test_a_count_in_the_in_which_clause_of_a_year_is_that_years():
    got = reading("Pediatrics looks healthier. Its categorical programs filled 3,042 of 3,139 positions in 2025, or "
                  "95.3%, after a difficult 2024 in which the rate fell to 92.0% and 150 positions went unfilled.")
    assert value(got["92.0%"], "year") == 2024, got["92.0%"].dims
    assert value(got["150"], "year") != 2025, (got["150"].metric, got["150"].dims, got["150"].reason)


def test_a_where_clause_after_a_state_places_the_figure_there():
    got = reading("Internal medicine offered 12,952 PGY-1 positions nationally in 2025. In Ohio we are not as dependent "
                  "on IMGs as New Jersey, where they held 60.8% of filled internal medicine PGY-1 positions.")
    assert value(got["60.8%"], "state") == "NJ", got["60.8%"].dims


ALL_SPECIALTIES = """# Our region

## Internal medicine in our region, 2025 (PGY-1 positions)

Internal medicine programs in Ohio filled 539 PGY-1 positions in 2025.

Across all specialties, New York programs offered 4,654 PGY-1 positions in 2025. In Ohio the IMG share of filled
PGY-1 positions was 23.6%, against 31.5% in Michigan.
"""


def test_a_paragraph_that_opens_across_all_specialties_speaks_of_them_all():
    got = reading(ALL_SPECIALTIES)
    assert value(got["23.6%"], "specialty_id") is None, got["23.6%"].dims
    assert value(got["31.5%"], "specialty_id") is None and value(got["31.5%"], "state") == "MI", got["31.5%"].dims
    got = reading(ALL_SPECIALTIES.replace("In Ohio the IMG share", "In Ohio's internal medicine programs the IMG share"))
    assert value(got["23.6%"], "specialty_id") == "internal-medicine", got["23.6%"].dims  # named after the opening


def test_applicants_a_match_draws_are_not_those_who_matched():
    got = reading("# Record number of residency slots filled as 2025 Match Day draws 47,208 applicants")
    assert got["47,208"].metric != "matched_pgy1", (got["47,208"].metric, got["47,208"].dims)


@pytest.mark.integration
def test_words_of_the_figure_before_a_semicolon_do_not_name_the_next_ones_series(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "DO seniors matched at 91.6% in 2023 by the headline measure and 91.9% in the rank "
                                     "order list report; MD seniors at 93.7% and 93.5%.")
    assert got["93.7%"] == "confirmed", got  # the headline rate of 2023 (the report without couples gives 93.8)


@pytest.mark.integration
def test_a_rank_list_report_names_the_series_without_couples(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "One correction: the non-US IMG rate in 2024 was 58.8%, I checked the rank list "
                                     "report.")
    assert got["58.8%"] == "confirmed", got  # the headline rate is 58.5%


@pytest.mark.integration
def test_charting_outcomes_counts_are_judged_against_that_report(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, CHARTING + " In surgery, 124 of 433 matched. In pediatrics 542 of 719 matched.")
    assert (got["3,392"], got["6,992"], got["124"], got["433"]) == ("confirmed",) * 4, got
    assert got["719"] == "wrong value", got  # 791 non-U.S. IMGs preferred pediatrics


CARDS = """<html><body><h1>The 2025 Main Residency Match at a glance</h1>
<figure class="box"><div class="big">52,498</div>
<figcaption>applicants registered for the 2025 Match.</figcaption></figure>
<ul class="tiles"><li><span class="label">PGY-1 positions offered, 2025</span> <span class="value">40,041</span></li></ul>
<div class="card"><h3>Positions filled, all levels (2025)</h3><p class="big">40,764</p></div>
<div class="tile"><span class="label">Internal medicine, preliminary, 2025</span><span class="value">91.9%</span><span
class="note">1,507 filled, 145 left open</span></div>
</body></html>"""


def test_a_dashboards_cards_read_as_the_sentences_they_show():
    from tests.test_check_article import doc_of

    got = reading(CARDS, "cards.html")
    assert got["52,498"].metric == "registered_applicants" and value(got["52,498"], "year") == 2025, (
        got["52,498"].metric, got["52,498"].reason)
    assert got["40,041"].metric == "positions_pgy1", (got["40,041"].metric, got["40,041"].reason)
    assert got["40,764"].metric == "filled_total", (got["40,764"].metric, got["40,764"].reason)
    text = doc_of(CARDS, "cards.html").text
    assert "91.9%1,507" not in text and "1,507 filled" in text, text
    assert len(text) == len(doc_of(CARDS.replace('class="big"', 'class="x"'), "cards.html").text)  # offsets kept


ILLINOIS = """<html><body><h1>Illinois Graduate Medical Education Dashboard</h1>
<p>Excerpt: 2025 Main Residency Match, programs located in Illinois.</p>
<p>Share of filled PGY-1 positions taken by IMGs: 19.7%; national: 24.8%</p>
<p>Neighbouring Indiana and Wisconsin are not shown.</p>
</body></html>"""


@pytest.mark.integration
def test_a_dashboards_national_count_under_a_title_naming_one_state_is_not_judged_nationally(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, ILLINOIS, "il.html")
    assert got["19.7%"] == "not checked", got  # Illinois's share, or the nation's? (nationally 25.9)


def test_list_items_of_a_year_or_label_and_a_figure_count_what_the_lead_in_names():
    got = reading("Pulled from the reports. PGY-1 positions offered:\n\n- 2025: 40,041\n- 2023: 37,245\n")
    for stated, year in (("40,041", 2025), ("37,245", 2023)):
        assert got[stated].metric == "positions_pgy1" and value(got[stated], "year") == year, (
            stated, got[stated].metric, got[stated].reason, got[stated].dims)
    got = reading("Pulled from the reports. PGY-1 positions offered:\n\n- 2025: 40,041 and rising\n")
    assert got["40,041"].metric is None, got["40,041"].metric  # words of its own: not only a label and a figure


PARAGRAPH_GROUP = ("For the U.S.-citizen IMGs on the list: in 2025, 3,108 U.S.-citizen IMGs matched to PGY-1, out of "
                   "4,587 active applicants. In 2024, 3,181 of 4,751 matched.")


def test_a_sentence_opening_with_a_year_goes_on_about_the_one_group_of_its_paragraph():
    got = reading(PARAGRAPH_GROUP)
    for stated, metric in (("3,181", "matched_pgy1"), ("4,751", "active_applicants")):
        assert got[stated].metric == metric and value(got[stated], "applicant_type") == "us_img", (
            stated, got[stated].metric, got[stated].reason, got[stated].dims)


def test_the_count_in_a_year_of_its_own_is_the_count_of_the_sentence_before():
    got = reading("In 2025, 3,108 U.S.-citizen IMGs matched to PGY-1 positions. In 2023 the count was 3,356.")
    f = got["3,356"]
    assert f.metric == "matched_pgy1" and (value(f, "applicant_type"), value(f, "year")) == ("us_img", 2023), (
        f.metric, f.reason, f.dims)


def test_no_paragraph_group_when_two_are_named_or_a_series_is():
    got = reading(PARAGRAPH_GROUP.replace("out of 4,587 active applicants.", "while 7,773 DO seniors matched."))
    assert value(got["3,181"], "applicant_type") is None, got["3,181"].dims
    got = reading(PARAGRAPH_GROUP.replace("to PGY-1,", "to PGY-1 in the rank order list report,"))
    assert value(got["3,181"], "applicant_type") is None, got["3,181"].dims


def test_list_items_of_a_group_and_a_percentage_under_a_lead_in_naming_rates_are_match_rates():
    got = reading("A few headline rates I quote to every applicant:\n\n- U.S. MD seniors matched at 93.5% in 2025;\n"
                  "- non-U.S.-citizen IMGs at 58.0%, against 58.5% in 2024.\n")
    assert got["58.0%"].metric == "match_rate_pct" and value(got["58.0%"], "applicant_type") == "non_us_img", (
        got["58.0%"].metric, got["58.0%"].reason)
    got = reading("A few figures I quote to every applicant:\n\n- U.S. MD seniors matched at 93.5% in 2025;\n"
                  "- non-U.S.-citizen IMGs at 58.0%, against 58.5% in 2024.\n")  # no rate named: unsure
    assert got["58.0%"].metric is None, got["58.0%"].metric


REPORT_TABLE = """# Where non-U.S. IMGs aim

In the 2026 Charting Outcomes report, 11,685 non-U.S.-citizen IMGs named a preferred specialty.

Internal medicine dominates: about 60% of these applicants preferred it.

| Preferred specialty | Applicants | Matched | Match rate |
|---|---:|---:|---:|
| Internal medicine | 6,992 | 3,392 | 48.5% |
| Pediatrics | 791 | 542 | 68.5% |
"""


def test_a_charting_outcomes_table_is_about_the_group_the_text_names_with_the_report():
    got = reading(REPORT_TABLE)
    for stated, metric in (("6,992", "preferred_specialty_applicants"), ("542", "preferred_specialty_matched"),
                           ("68.5%", "preferred_specialty_match_rate_pct")):
        f = got[stated]
        assert f.metric == metric and value(f, "applicant_type") == "non_us_img", (stated, f.metric, f.reason)
    got = reading(REPORT_TABLE.replace("non-U.S.-citizen IMGs named", "non-U.S.-citizen IMGs and U.S.-citizen IMGs named"))
    assert value(got["6,992"], "applicant_type") != "non_us_img", got["6,992"].dims  # two groups named: whose?


def test_a_charting_outcomes_answer_without_the_questions_specialty_is_not_read_for_all_specialties():
    text = ("# Flashcards\n\nThe Charting Outcomes cards refer to the 2026 edition for non-U.S.-citizen IMGs.\n\n"
            "**Q:** In Charting Outcomes 2026, how many non-U.S.-citizen IMGs preferred internal medicine,\nand how "
            "many of them matched?\n\n**A:** 6,992 preferred it and 3,392 matched (48.5%).\n")
    got = reading(text)
    assert got["48.5%"].metric is None or value(got["48.5%"], "specialty_id") == "internal-medicine", (
        got["48.5%"].metric, got["48.5%"].dims)  # never the 49.0% of all specialties


LAST_COLUMN = """# Positions year by year

"All levels" counts PGY-1, PGY-2 and physician positions together. The last column is the fill rate of family
medicine's categorical programs.

| Year | Positions offered, all levels | Positions filled, all levels | Family medicine categorical, % filled |
|---|---:|---:|---:|
| 2015 | 30,212 | 28,906 | 95.1% |
"""


def test_a_caption_about_the_last_column_does_not_name_the_other_columns_specialty():
    got = reading(LAST_COLUMN)
    assert got["30,212"].metric == "positions_total" and value(got["30,212"], "specialty_id") is None, (
        got["30,212"].metric, got["30,212"].reason, got["30,212"].dims)
    assert got["95.1%"].metric == "program_type_fill_pct" and value(got["95.1%"], "specialty_id") == "family-medicine", (
        got["95.1%"].metric, got["95.1%"].dims)
    got = reading(LAST_COLUMN.replace("| Year | Positions offered, all levels | Positions filled, all levels | Family "
                                      "medicine categorical, % filled |", "| Year | Family medicine categorical "
                                      "positions | Filled | Fill rate |"))  # named first: the table's specialty
    assert value(got["30,212"], "specialty_id") == "family-medicine", (got["30,212"].metric, got["30,212"].dims)


ARROWS = """# What changed in the Match, 2024 \u2192 2025

## Applicants

- **Overall match rate:** 80.2% \u2192 79.8% (down 0.4 points)
- **Positions offered, all levels:** 41,503 \u2192 43,237
- **Non-U.S.-citizen IMGs:** 2016 50.5% \u2192 2025 58.0%
"""


def test_a_pair_joined_by_an_arrow_is_the_two_years_of_the_span_the_text_names():
    got = reading(ARROWS)
    for stated, year in (("80.2%", 2024), ("79.8%", 2025), ("41,503", 2024)):
        assert value(got[stated], "year") == year, (stated, got[stated].metric, got[stated].dims)
    assert value(got["50.5%"], "year") != 2024, got["50.5%"].dims  # a line that dates its figures itself
    got = reading(ARROWS.replace("2024 \u2192 2025", "2015\u20132025"))  # a range, not a pair of years
    assert value(got["80.2%"], "year") != 2015, got["80.2%"].dims


def test_the_year_of_a_figure_compared_with_is_not_the_year_of_the_paragraph():
    text = ("# Member bulletin\n\n## The national picture\n\nOf those active applicants, 37,667 matched to a PGY-1 "
            "position in 2025, a headline rate of 79.8%, slightly below the 80.2% of 2024.\n\nBy group, U.S. MD seniors "
            "matched at 93.5%.\n")
    got = reading(text)
    assert value(got["93.5%"], "year") == 2025, (got["93.5%"].metric, got["93.5%"].reason, got["93.5%"].dims)


def test_citizens_and_non_citizens_together_are_all_imgs():
    got = reading("In 2025 IMGs as a whole, citizens and non-citizens, matched at 60.8%, a touch below 2024.")
    assert value(got["60.8%"], "applicant_type") != "non_us_img", (got["60.8%"].metric, got["60.8%"].dims)
    got = reading("In 2025 among IMGs, non-citizens matched at 58.0%.")  # one kind named: its own series
    assert value(got["58.0%"], "applicant_type") == "non_us_img", (got["58.0%"].metric, got["58.0%"].dims)


def test_leaving_out_applicants_who_went_through_the_match_as_couples_names_the_series_without_couples():
    from pipeline.check.article_definitions import NAMED_DEFINITIONS
    from pipeline.check.registry import NO_COUPLES_NOTE

    words = NAMED_DEFINITIONS[NO_COUPLES_NOTE]
    assert words.search("The table leaves out applicants who went through the Match as couples, which is why")
    assert not words.search("The table leaves out applicants who went through the Match early; couplets aside")


def test_an_em_dash_between_spaces_opens_an_aside_not_a_range():
    from tests.test_check_article import read

    figs = {f.stated: f for f in read("In the 2025 Match, U.S. DO seniors matched at 92.6% \u2014 7,773 out of 8,392 "
                                      "who submitted a list. Programs fill 85\u201390% in a good year.")}
    assert figs["7,773"].kind == "statistic" and figs["8,392"].metric != "matched_pgy1", (
        figs["7,773"].kind, figs["8,392"].metric)
    assert figs["85"].kind == "range" or figs.get("90%") is not None and figs["90%"].kind == "range", figs.keys()


def test_a_sentence_opening_with_the_year_before_goes_on_about_the_paragraphs_group():
    got = reading("That last group is not small. In 2025, 11,465 non-U.S.-citizen IMGs certified a rank order list, and "
                  "6,653 of them matched. The year before, 5,864 of 10,021 matched, a rate of 58.5%.")
    for stated, metric in (("5,864", "matched_pgy1"), ("10,021", "active_applicants"), ("58.5%", "match_rate_pct")):
        f = got[stated]
        assert f.metric == metric and (value(f, "applicant_type"), value(f, "year")) == ("non_us_img", 2024), (
            stated, f.metric, f.reason, f.dims)


def test_a_percentage_in_a_sentence_of_its_own_after_a_pair_is_their_share():
    got = reading("In 2025, 6,653 non-US IMGs matched out of 11,465 who certified a rank list. That's 58.0%.")
    f = got["58.0%"]
    assert f.metric == "match_rate_pct" and value(f, "applicant_type") == "non_us_img", (f.metric, f.reason, f.dims)
    got = reading("In 2025, 6,653 non-US IMGs matched out of 11,465 who certified a rank list. That's 58.0% of the "
                  "positions in internal medicine.")  # words of its own after it: not only the share
    assert got["58.0%"].metric != "match_rate_pct", got["58.0%"].metric
