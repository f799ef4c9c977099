"""Issue 25, round 16: tables whose rows name the measure. An HTML cell that spans rows (rowspan) is a cell of every
row it spans, and the numbers of those rows are still read (they were lost before); a row's own measure cell
("| U.S. MD seniors | Active | 19,755 |") says the row counts active applicants; a column headed only "Applicants"
beside columns of matched applicants and rates does not take the caption's verbs ("Active applicants, applicants
matched to PGY-1, and match rate") of the other columns.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read, read_by_stated as reading

ROWSPAN = """<html><body>
<h1>Applicants by group</h1>
<table>
<caption>Applicants and match rates, 2024 vs 2025</caption>
<thead><tr><th>Applicant group</th><th>Measure</th><th>2024</th><th>2025</th></tr></thead>
<tbody>
<tr><td rowspan="3">U.S. MD seniors</td><td>Active</td><td>19,755</td><td>20,368</td></tr>
<tr><td>Matched to PGY-1</td><td>18,465</td><td>19,044</td></tr>
<tr><td>Match rate</td><td>93.5%</td><td>93.5%</td></tr>
<tr><td rowspan="2">Non-U.S.-citizen IMGs</td><td>Registered</td><td>14,040</td><td>15,019</td></tr>
<tr><td>Matched to PGY-1</td><td>5,864</td><td>6,653</td></tr>
</tbody>
</table>
</body></html>
"""


def test_every_number_of_rows_a_cell_spans_is_read():
    stated = [f.stated for f in read(ROWSPAN, "t.html") if f.kind == "statistic"]
    assert stated == ["19,755", "20,368", "18,465", "19,044", "93.5%", "93.5%", "14,040", "15,019", "5,864",
                      "6,653"], stated


def test_the_spanning_cell_names_the_group_of_each_row():
    got = reading(ROWSPAN, "t.html")
    assert value(got["18,465"], "applicant_type") == "us_md_senior", got["18,465"].dims
    assert value(got["6,653"], "applicant_type") == "non_us_img", got["6,653"].dims
    assert value(got["6,653"], "year") == 2025, got["6,653"].dims


def test_a_rows_measure_cell_active_says_active_applicants():
    got = reading(ROWSPAN, "t.html")
    assert got["19,755"].metric == "active_applicants", (got["19,755"].metric, got["19,755"].reason)
    assert got["18,465"].metric == "matched_pgy1", got["18,465"].metric
    assert got["14,040"].metric == "registered_applicants", got["14,040"].metric


def test_an_active_row_of_another_kind_is_not_read_as_active():
    got = reading(ROWSPAN.replace("<td>Active</td>", "<td>Matched, all levels</td>"), "t.html")
    assert got["19,755"].metric != "active_applicants", got["19,755"].metric


BARE = """<html><body>
<table>
<caption>Active applicants, applicants matched to PGY-1, and match rate, 2025</caption>
<thead><tr><th>Applicant group</th><th>Applicants</th><th>Matched</th><th>Match rate</th></tr></thead>
<tbody>
<tr><td>U.S. DO seniors</td><td>8,392</td><td>7,773</td><td>92.6%</td></tr>
</tbody>
</table>
</body></html>
"""


def test_a_bare_applicants_column_takes_the_captions_active_not_its_matched():
    got = reading(BARE, "t.html")
    assert got["8,392"].metric == "active_applicants", (got["8,392"].metric, got["8,392"].reason)
    assert got["7,773"].metric == "matched_pgy1", got["7,773"].metric


def test_a_bare_applicants_column_under_a_caption_without_active_is_no_matched_count():
    got = reading(BARE.replace("Active applicants, applicants", "Applicants"), "t.html")
    assert got["8,392"].metric != "matched_pgy1", got["8,392"].metric


SPECIALTY_ROWS = """| Specialty (2025, PGY-1) | Positions | Filled | Fill rate |
|---|---:|---:|---:|
| Internal medicine | 12,952 | 12,439 | 96.0% |
| Pathology | 662 | 619 | 93.5% |
| Rehab medicine | 240 | 240 | 100.0% |
| All specialties | 40,041 | 37,667 | 94.1% |
"""


def test_a_row_no_specialty_the_reader_knows_among_rows_of_specialties_is_unsure():
    got = reading(SPECIALTY_ROWS)
    assert got["100.0%"].metric is None and "unsure which specialty" in got["100.0%"].reason, (
        got["100.0%"].metric, got["100.0%"].reason)
    assert "unsure which specialty" not in got["94.1%"].reason, got["94.1%"].reason  # a total row is no unread one
    assert got["40,041"].metric == "positions_pgy1", (got["40,041"].metric, got["40,041"].reason)
    assert value(got["96.0%"], "specialty_id") == "internal-medicine", got["96.0%"].dims


def test_a_specialty_written_with_an_ampersand_is_named():
    got = reading(SPECIALTY_ROWS.replace("Rehab medicine", "Physical medicine & rehabilitation"))
    assert value(got["100.0%"], "specialty_id") == "physical-medicine-rehabilitation", got["100.0%"].dims


def test_a_step2_outcome_after_another_figure_is_that_figures():
    got = reading("In the 2026 Charting Outcomes report, the median Step 2 CK of non-U.S. IMGs who matched to their "
                  "preferred specialty was 248, 6 points above those who did not.")
    assert got["248"].metric == "step2_median" and value(got["248"], "outcome") == "matched", (
        got["248"].metric, got["248"].dims)


def test_specialties_of_another_part_of_the_sentence_are_not_the_figures():
    got = reading("In 2025, IMGs filled 40.3% of the PGY-1 positions filled in internal medicine, 33.1% in family "
                  "medicine and 36.3% in pathology; by state, their share of filled PGY-1 positions ranged from 15.2% "
                  "in California to 43.2% in New Jersey.")
    assert value(got["15.2%"], "specialty_id") is None and value(got["15.2%"], "state") == "CA", got["15.2%"].dims
    assert value(got["43.2%"], "specialty_id") is None and value(got["43.2%"], "state") == "NJ", got["43.2%"].dims


def test_a_figure_of_all_specialties_has_none():
    got = reading("For Ohio internal medicine the IMG share of PGY-1 positions filled was 38.0% in 2025, not the "
                  "23.6% of all specialties.")
    assert value(got["23.6%"], "specialty_id") is None, got["23.6%"].dims
    assert value(got["38.0%"], "specialty_id") == "internal-medicine", got["38.0%"].dims


def test_a_schools_first_time_match_rate_of_its_graduates_is_local():
    got = reading("The school announced that 212 of its graduates obtained residency positions in the 2025 Match, a "
                  "first-time match rate of 87% for eligible graduates, above the national rate for IMGs.")
    assert got["87%"].metric is None and "local" in got["87%"].reason, (got["87%"].metric, got["87%"].reason)


def test_a_bare_pair_of_scores_takes_the_order_of_the_pair_before():
    got = read("In the 2026 Charting Outcomes report, non-U.S. IMGs who preferred neurology had a median Step 2 CK "
               "of 251 if they matched and 244 if they did not; in anesthesiology 255 and 245.")
    got = {f.stated: f for f in got if f.kind == "statistic"}
    assert value(got["255"], "outcome") == "matched" and value(got["245"], "outcome") == "not_matched", (
        got["255"].dims, got["245"].dims)
    assert value(got["255"], "specialty_id") == "anesthesiology", got["255"].dims


def test_a_bare_pair_without_a_pair_before_takes_no_outcome_of_another_figure():
    got = reading("In the 2026 Charting Outcomes report, non-U.S. IMGs who preferred neurology and did not match had "
                  "a median Step 2 CK of 244; in anesthesiology 255 and 245.")
    assert value(got["255"], "outcome") != "not_matched" or got["255"].metric is None, got["255"].dims


def test_a_states_name_right_before_the_figure_is_its_state():
    got = reading("PGY-1 in 2025, IMG share of filled positions: New Jersey 43.2%, New York 37.7%, Connecticut 32.6%.")
    assert [value(got[s], "state") for s in ("43.2%", "37.7%", "32.6%")] == ["NJ", "NY", "CT"], got["37.7%"].dims
    assert got["37.7%"].metric == "img_share_pct", (got["37.7%"].metric, got["37.7%"].reason)


def test_there_is_the_state_the_sentence_names():
    got = reading("New York is still the IMG capital: in 2025 IMGs took 37.7% of the 4,484 PGY-1 positions filled "
                  "there.")
    assert got["37.7%"].metric == "img_share_pct" and value(got["37.7%"], "state") == "NY", (
        got["37.7%"].metric, got["37.7%"].dims, got["37.7%"].reason)


def test_a_figure_after_another_states_compared_figure_is_not_that_states():
    got = reading("In 2025 in family medicine the national IMG share of PGY-1 positions filled was 31.3%, well below "
                  "Michigan's 48.5%; in pediatrics it was 28.6%.")
    assert value(got["28.6%"], "state") is None, got["28.6%"].dims


def test_a_part_of_the_positions_is_a_count_of_positions():
    got = reading("In Michigan, 229 of the 507 filled IM PGY-1 positions went to non-US IMGs in 2025.")
    assert got["229"].metric == "non_us_img_filled", (got["229"].metric, got["229"].reason)


def test_the_group_the_positions_went_to_is_the_figures():
    got = reading("Michigan is also very IMG friendly: 229 of the 507 filled IM PGY-1 positions there went to non-US "
                  "IMGs in 2025.")
    assert got["229"].metric == "non_us_img_filled", (got["229"].metric, got["229"].reason)
    got = reading("In Puerto Rico, U.S.-citizen IMGs took 72 of the 75 positions filled by IMGs in 2025.")
    assert value(got["72"], "applicant_type") != "img" and got["72"].metric != "img_filled", (got["72"].metric,
                                                                                              got["72"].dims)


def test_label_lines_before_figures_are_no_speakers_of_a_conversation():
    from tests.test_check_article import doc_of

    facts = ("Positions offered: 39,205 in all.\n\nNon-U.S.-citizen IMGs: 5,864 of 10,021, or 58.5%.\n\n"
             "A record year: 52,498 registered.\n\nSources: NRMP Results and Data.\n")
    assert not doc_of(facts, "t.md").conversation
    chat = "Ravi: In 2025 the rate was 58.0%.\n\nMo: It was 58.5% in 2024.\n\nRavi: Right.\n"
    assert doc_of(chat, "t.md").conversation


def test_their_after_a_figures_own_group_is_that_group():
    got = reading("In 2019, 4,028 non-U.S.-citizen IMGs matched to PGY-1 positions; their rate that year was 56.9%.")
    assert value(got["56.9%"], "applicant_type") == "non_us_img", (got["56.9%"].dims, got["56.9%"].reason)


def test_an_outcome_word_after_a_comparison_is_the_compared_groups():
    got = reading("In the 2026 Charting Outcomes report, of the 1,112 non-U.S.-citizen IMGs whose preferred specialty "
                  "was family medicine, the 513 who did not match had a median Step 2 CK score of 231, one point above "
                  "those who matched.")
    assert value(got["231"], "outcome") == "not_matched", (got["231"].dims, got["231"].reason)


def test_a_specialtys_positions_column_beside_its_fill_percent_is_the_positions_offered():
    got = reading("| Year | Pediatrics positions | Pediatrics fill % |\n|---|---:|---:|\n| 2021 | 3,000 | 98.5% |\n")
    assert got["3,000"].metric in ("positions", "program_positions"), (got["3,000"].metric, got["3,000"].reason)
    got = reading("| Year | Pediatrics positions | IMG share % |\n|---|---:|---:|\n| 2021 | 3,000 | 28.6% |\n")
    assert got["3,000"].metric is None, got["3,000"].metric  # no fill column: offered or filled?


def test_it_was_after_a_sentence_with_one_reading_repeats_it_in_its_own_year():
    got = reading("The overall rate was 80.2% in 2024, and the dip to 2025 was 0.4 points. In 2020 it was 81.3%; in "
                  "2019, 79.6%.")
    assert got["81.3%"].metric == "match_rate_pct" and value(got["81.3%"], "year") == 2020, (
        got["81.3%"].metric, got["81.3%"].dims, got["81.3%"].reason)
    assert value(got["79.6%"], "year") == 2019, got["79.6%"].dims
    got = reading("Their match rate in this series climbed from 50.4% in 2015 to 61.8% in 2020. In 2024 it was 58.5%.")
    assert got["58.5%"].metric is None or got["58.5%"].like is None, got["58.5%"].metric  # which series: not said


def test_a_percentage_that_restates_a_groups_counts_is_that_groups():
    got = reading("In 2025, 11,465 non-U.S.-citizen IMGs certified a rank order list and 6,653 of them matched to a "
                  "first-year position: 58.0%.")
    assert got["58.0%"].metric == "match_rate_pct" and value(got["58.0%"], "applicant_type") == "non_us_img", (
        got["58.0%"].metric, got["58.0%"].dims, got["58.0%"].reason)


def test_a_bare_pair_of_list_lengths_takes_the_order_of_the_outcomes_before():
    got = reading("In NRMP's rank order list report, in 2025 applicants who matched had ranked 12.02 programs on average "
                  "and those who did not 4.04; in 2024 it was 12.14 and 4.31.")
    assert got["12.14"].metric == "avg_rol_length" and value(got["12.14"], "outcome") == "matched", (
        got["12.14"].metric, got["12.14"].dims, got["12.14"].reason)
    assert value(got["4.31"], "outcome") == "unmatched" and value(got["4.31"], "year") == 2024, got["4.31"].dims


def test_programs_ranked_is_the_rank_order_list_length():
    got = reading("In the rank order list report, non-U.S.-citizen IMGs in 2024: 7.03 programs ranked by those who "
                  "matched, 3.52 by those who did not.")
    assert got["7.03"].metric == "avg_rol_length" and value(got["7.03"], "outcome") == "matched", (
        got["7.03"].metric, got["7.03"].reason)


def test_a_verb_after_a_later_figure_is_that_figures():
    got = reading("Internal medicine still carries everybody. In 2025 it had 12,952 PGY-1 slots and IMGs filled 40.3% of "
                  "the filled ones.")
    assert got["12,952"].metric == "positions", (got["12,952"].metric, got["12,952"].reason)


def test_states_after_a_sentence_with_one_reading_repeat_it_and_a_closing_year_in_brackets_is_its():
    got = reading("New York is still the IMG capital: in 2025 IMGs took 37.7% of the 4,484 PGY-1 positions filled "
                  "there. New Jersey is even higher at 43.2%, Michigan at 30.9% and California at 15.2% (all PGY-1, "
                  "2025).")
    assert got["43.2%"].metric == "img_share_pct" and value(got["43.2%"], "state") == "NJ", (
        got["43.2%"].metric, got["43.2%"].dims, got["43.2%"].reason)
    got = reading("New York is still the IMG capital: in 2025 IMGs took 37.7% of the 4,484 PGY-1 positions filled "
                  "there. New Jersey is even higher at 43.2% (2024).")
    assert got["43.2%"].metric is None or value(got["43.2%"], "year") == 2024, got["43.2%"].dims


def test_a_states_possessive_after_of_and_the_state_name_the_figures_state():
    got = reading("IMGs held 23.6% of Ohio's PGY-1 positions filled in 2025.")
    assert value(got["23.6%"], "state") == "OH", (got["23.6%"].dims, got["23.6%"].reason)
    got = reading("Ohio programs offered 1,826 PGY-1 positions in 2025. At all position levels the state offered 1,938 "
                  "positions and filled 1,861.")
    assert value(got["1,938"], "state") == "OH", (got["1,938"].dims, got["1,938"].reason)
    got = reading("Pennsylvania surgery filled 79.2% in 2025, below the national 82.3%. Pediatrics in the state filled "
                  "95.3%.")
    assert value(got["82.3%"], "state") is None, got["82.3%"].dims  # the next sentence's "the state" is not its


@pytest.mark.integration
def test_round_16_without_the_dimensions_taken_from_far_away_on_the_real_reports(real_home, monkeypatch):
    from tests.test_check_article import verdict_of_each

    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    text = ("By specialty, Michigan internal medicine programs filled 507 of their 528 PGY-1 positions in 2025. "
            "Surgery in Michigan filled 120 of 140 first-year positions.\n\n"
            "For comparison, neighbouring Ohio filled 96.4% of all its positions in 2025, and IMGs took 23.2% of "
            "Ohio's filled positions.\n")
    got = verdict_of_each(real_home, text)
    # 23.2% is Ohio's share at all levels and in all specialties: the surgery and the first-year level of the
    # paragraph before are not certain enough to call it wrong
    assert got["23.2%"] in ("confirmed", "not checked"), got


def test_a_details_summary_heads_what_it_opens():
    text = ("<html><body><h1>The Match in figures, 2019-2025</h1>\n"
            "<details><summary>2019</summary><p>44,603 applicants registered.</p></details>\n"
            "<details><summary>2020</summary><p>Registrations reached 44,959 and active applicants 40,084.</p>\n"
            "<p>The overall match rate rose to 80.8%.</p></details></body></html>\n")
    got = reading(text, "t.html")
    assert value(got["44,959"], "year") == 2020 and value(got["80.8%"], "year") == 2020, (
        got["44,959"].dims, got["80.8%"].dims, got["80.8%"].reason)
