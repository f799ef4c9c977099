"""Issue 25, round 9: clauses that keep their own subject, years a comparison names, table columns that say what
they count, program types named as a cause or a comparison, and a whole's verb shared with its part.

Reading tests (no data) for each rule, and one integration test on the real reports for the verdicts.
"""

from __future__ import annotations

from functools import partial

import pytest

from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.test_check_article import C, DD, WV, doc_of, figures, read


def real_verdicts(home, text: str) -> dict:
    """stated -> verdict of a text checked against a published home of the real reports."""
    return {f.stated: f.verdict for f in figures(check_document(paths(home), doc_of(text)))}


def reading(text: str, name: str = "t.md") -> dict:
    return {f.stated: (f.metric, {k: d.value for k, d in f.dims.items()}) for f in read(text, name)}


def test_a_new_subject_after_a_spelled_out_percent_has_its_own_clause():
    got = reading("In 2025, osteopathic seniors matched at 92.6 percent, while U.S.-citizen graduates of international "
                  "medical schools matched at 67.8 percent and non-U.S.-citizen graduates at 58.0 percent.")
    assert got["67.8 percent"][1]["applicant_type"] == "us_img", got
    assert got["58.0 percent"][1]["applicant_type"] == "non_us_img", got


def test_the_same_as_in_a_year_is_a_comparison_not_the_figures_year():
    text = ("# Match Day 2025\n\nU.S. MD seniors again did best: 19,404 of 20,368 matched, a rate of 93.5 percent, "
            "exactly the same as in 2024.")
    got = reading(text)
    assert got["20,368"][1].get("year") == 2025, got  # the heading's year, not the one compared with
    # "the same as 2024's 58.5%": the possessive year is the figure's after it
    got = reading("In 2025, 58.0% of non-U.S.-citizen IMGs matched, almost exactly the same as 2024's 58.5%.")
    assert got["58.5%"][1].get("year") == 2024, got


def test_a_positions_column_beside_a_filled_column_takes_no_verb_or_group_from_the_caption():
    text = ("All figures are from the NRMP's 2025 report on positions offered and filled by specialty; \"IMG share\" "
            "is the share of filled positions that went to international medical graduates.\n\n"
            "| Specialty (2025) | Level | Positions | Filled | IMG share |\n|---|---|---|---|---|\n"
            "| Internal medicine | PGY-1 | 12,952 | 12,439 | 40.3% |\n")
    got = reading(text)
    assert got["12,952"][0] == "positions", got
    assert got["12,439"][0] == "filled" and got["40.3%"][0] == "img_share_pct", got


def test_a_program_type_named_as_the_cause_or_the_comparison_is_not_the_figures():
    got = reading("In 2025, surgery looks weak overall (82.3% filled) only because of preliminary positions.")
    assert got["82.3%"][0] == "fill_pct" and "program_type" not in got["82.3%"][1], got
    got = reading("In 2025 general surgery's first-year positions were more plentiful than the categorical tracks "
                  "alone suggest: the specialty listed 2,972 PGY-1 positions nationally and filled 2,447.")
    assert got["2,972"][0] == "positions" and "program_type" not in got["2,972"][1], got
    assert got["2,447"][0] == "filled", got  # the verb before a later figure, after "and", is that figure's


def test_a_figures_own_level_wins_over_all_levels_named_later():
    got = reading("In 2025 anesthesiology had 311 PGY-2 positions next to its first-year ones, so across all levels "
                  "it offered 2,268 positions.")
    assert got["311"][1].get("position_level") == "PGY-2", got
    assert got["2,268"][1].get("position_level") is None, got


def test_a_whole_whose_relative_clause_ends_in_the_parts_verb():
    got = reading("In the 2026 Charting Outcomes report, pediatrics stands out: 542 of 791 non-U.S. IMGs who "
                  "preferred it matched, a rate of 68.5%.")
    assert got["542"][0] == "preferred_specialty_matched", got
    assert got["791"][0] == "preferred_specialty_applicants", got


def test_one_position_found_is_not_what_a_whole_counts():
    got = reading("In 2025, U.S. MD seniors matched at 93.5 percent, with 19,044 of 20,368 finding a position.")
    assert got["20,368"][0] == "active_applicants", got


def test_a_share_of_everyone_matched_is_the_groups_share_of_matches():
    got = reading("So is the share: IMGs were 25.1% of everyone matched in 2024 and 26.9% in 2025.")
    assert got["25.1%"] == ("img_share_of_matched_pct", {"year": 2024}), got


def test_a_state_in_a_later_clause_is_that_clauses_and_one_that_opens_the_sentence_is_all_of_its():
    got = reading("In 2025, Pennsylvania's internal medicine programs gave 38.0% of their filled first-year spots to "
                  "IMGs, and in Ohio IMGs held 40.3% of them.")
    assert got["38.0%"][1].get("state") != "OH", got
    got = reading("In Pennsylvania internal medicine, 275 of the 735 positions filled in 2025 went to non-U.S.-citizen "
                  "IMGs; family medicine filled 296 of 345.")
    assert got["296"][1].get("state") == "PA", got


def test_counting_other_levels_as_well_is_every_level():
    got = reading("Counting PGY-2 and physician-level positions as well, neurology offered 1,185 positions in 2025 "
                  "and filled 1,177 of them.")
    assert got["1,185"] == ("positions", {"year": 2025, "specialty_id": "neurology"}), got
    # the data give IMGs' matches for first-year positions only: not judged for all levels
    f = next(f for f in read("Counting PGY-2 and physician positions as well, IMGs filled 10,095 of the 40,764 "
                             "positions filled in 2025.") if f.stated == "10,095")
    assert f.metric is None and "all position levels" in f.reason, f.reason


def test_a_part_or_whole_that_cannot_be_read_leaves_its_partner_unread():
    # (since round 19 "and 19,404 out of 20,368 U.S. MD seniors" is read, both, as the pair before with its group)
    got = {f.stated: f for f in read("In 2025, 7,737 of 8,392 DO seniors matched, and 19,404 out of 20,368 U.S. MD "
                                     "seniors.")}
    assert (got["19,404"].metric, got["20,368"].metric) == ("matched_pgy1", "active_applicants"), got["20,368"].dims
    # "filled 1,433 of them" after a sentence with no figure: which positions "them" are is not said
    f = next(f for f in read("Psychiatry is steady.\n\nWho takes these spots? In 2025, U.S. MD seniors filled 1,433 of "
                             "them and DO seniors 542.") if f.stated == "1,433")
    assert f.metric is None and "them" in f.reason, f.reason


def test_a_national_word_after_a_later_figure_is_that_figures():
    text = ("# New Jersey\n\nNew Jersey programs filled 1,253 first-year positions in 2025.\n\n"
            "IMGs took 43.2% of its first-year positions, against 25.9% nationally.\n")
    from pipeline.check.article_places import narrower
    from pipeline.check.article import Reader
    from pipeline.check.article_numbers import STATISTIC
    r = Reader(doc_of(text))
    figs = [f for f in r.read() if f.kind == STATISTIC]
    from pipeline.check.article import interpret
    for f in figs:
        interpret(r, f)
    f = next(f for f in figs if f.stated == "43.2%")
    # "nationally" is the 25.9%'s: 43.2% is New Jersey's, the one state the title (and the text) names
    assert f.metric == "img_share_pct" and f.dims["state"].value == "NJ", (f.metric, f.dims, narrower(r, f))


def test_changes_with_an_approximation_and_an_active_pool():
    got = reading("In 2020 the active pool numbered 40,084, and it grew by some 2,300 applicants after that.")
    assert got["40,084"][0] == "active_applicants", got
    f = next(f for f in read("In 2020 the active pool grew by some 2,300 applicants.") if f.stated == "2,300")
    assert f.metric is None and "a change" in f.reason, f.reason


def test_a_lead_in_that_names_two_groups_leaves_a_share_unsure():
    text = ("Taken together, IMGs took 25.9% of the PGY-1 positions filled in 2025, and non-U.S.-citizen IMGs alone held "
            "17.7% of them. In some specialties the share is far higher (2025, PGY-1 positions):\n\n"
            "- **Neurology:** 29.1%, with 932 first-year positions offered.\n")
    f = next(f for f in read(text) if f.stated == "29.1%")
    assert f.metric is None and "names several" in f.reason, (f.metric, f.reason)
    got = reading(text)
    assert got["932"][0] == "positions", got  # positions offered do not depend on the group


def test_a_preferred_specialty_table_reads_its_columns_verbs_and_scores():
    text = ("# Charting Outcomes for non-U.S.-citizen IMGs, 2026\n\n| Preferred specialty | Applicants | Matched to it "
            "| Median Step 2 CK, matched |\n|---|---|---|---|\n| Family medicine | 1,112 | 599 | 231 |\n")
    got = reading(text)
    assert got["1,112"][0] == "preferred_specialty_applicants", got
    assert got["599"][0] == "preferred_specialty_matched", got
    assert got["231"][0] == "step2_median", got


def test_a_year_given_for_comparison_in_a_caption_aside_is_not_the_tables():
    text = ("<table><caption>Internal medicine by program type, 2025 Match (fill rate in 2024 for comparison)</caption>"
            "<tr><th>Program type</th><th>Positions</th><th>Filled</th></tr><tr><td>Categorical</td><td>11,347</td>"
            "<td>10,979</td></tr></table>")
    got = reading(text, "t.html")
    assert got["11,347"][1]["year"] == 2025, got
    # a line that opens with the comparison year is that year's: "2024 for comparison: DO seniors 92.3%"
    got = reading("2/ Match rates, 2025: DO seniors 92.6%\n\n3/ 2024 for comparison: DO seniors 92.3%.")
    assert got["92.3%"][1].get("year") != 2025, got


def test_a_year_in_a_later_clause_with_its_own_figures_is_theirs():
    got = reading("In 2025, after the algorithm ran, 2,473 positions were unfilled, and 2,521 were offered in SOAP; "
                  "in 2024 the numbers were 2,562 unfilled and 2,575 offered.")
    assert got["2,473"][1].get("year") == 2025 and got["2,521"][1].get("year") == 2025, got
    got = reading("That is better than in 2024, when the preliminary surgery fill rate was 53.2%.")
    assert got["53.2%"][1].get("year") == 2024, got
    got = reading("In 2025 registered applicants numbered 52,498 (2024: 50,413).")
    assert got["52,498"][1].get("year") == 2025, got


def test_a_definition_list_item_reads_its_term():
    text = ("<h2>Specialties, 2025 (PGY-1 positions)</h2><dl><dt>Emergency medicine</dt>"
            "<dd>3,068 positions, 97.9% filled</dd></dl>")
    got = reading(text, "t.html")
    assert got["97.9%"][0] == "fill_pct" and got["97.9%"][1]["specialty_id"] == "emergency-medicine", got
    got = reading("<dl><dt>IMGs' share of applicants matched to PGY-1, 2025</dt><dd>25.9% (2024: 25.1%)</dd></dl>", "t.html")
    assert got["25.1%"] == ("img_share_of_matched_pct", {"year": 2024}), got


def test_national_words_before_a_figure_and_the_texts_own_figures():
    got = reading("In 2025 Ohio's programs filled 179 of 203 family medicine positions, or 88.2%, still above the "
                  "national family medicine fill rate of 85.0%.")
    assert got["85.0%"] == ("fill_pct", {"year": 2025, "specialty_id": "family-medicine"}), got
    f = next(f for f in read("In 2025 our 96 percent sits above the national MD senior rate.") if f.stated == "96 percent")
    assert f.metric is None and "own figure" in f.reason, f.reason


def test_a_part_of_them_keeps_its_verb_and_a_lead_in_that_names_both_definitions():
    got = reading("In 2025 there were 12,952 PGY-1 positions in internal medicine, and 12,439 of them were filled.")
    assert got["12,952"][0] == "positions" and got["12,439"][0] == "filled", got
    got = reading("Of 2,972 PGY-1 surgery positions in 2025, 82.3% were filled, but that number hides the preliminary "
                  "slots.")
    assert "program_type" not in got["82.3%"][1], got


def test_a_table_row_reads_its_own_definition_not_another_rows():
    text = ("| Metric | 2020 | 2025 |\n|---|---|---|\n| Headline PGY-1 match rate, all applicants | 80.8% | 79.8% |\n"
            "| Programs ranked on average, matched applicants (couples excluded) | 11.45 | 12.02 |\n")
    got = reading(text)
    assert got["79.8%"] == ("match_rate_pct", {"year": 2025, "applicant_type": "all_applicants"}), got


def test_a_row_under_a_state_column_the_reader_cannot_name_is_unsure():
    text = ("<table><caption>Family medicine PGY-1 positions in selected states, 2025</caption><tr><th>State</th>"
            "<th>Positions</th><th>Filled</th></tr><tr><td>Washington</td><td>156</td><td>125</td></tr></table>")
    f = next(f for f in read(text, "t.html") if f.stated == "156")
    assert f.metric is None and "unsure which state" in f.reason, (f.metric, f.reason)


def test_the_program_type_named_with_the_specialty_wins_over_one_in_an_aside():
    got = reading("Preliminary surgery, one-year positions for residents who have not secured a categorical spot, "
                  "filled only 673 of its 1,194 positions in 2025.")
    assert got["673"][1].get("program_type") != "categorical", got
    got = reading("In 2025 categorical surgery filled 99.8% of its positions and preliminary surgery 56.4%.")
    assert got["99.8%"][1].get("program_type") == "categorical", got


def test_a_pair_of_list_lengths_after_a_semicolon_takes_the_order_of_the_pair_before():
    # (round 16: a bare pair takes the outcomes in the order the sentence named them; before, it was unsure, and
    # never the last outcome word before it, "did not match", for the first of the pair)
    got = {f.stated: f for f in read("In 2025, matched U.S. MD seniors ranked a mean of 13.68 programs versus 7.03 for "
                                     "those who did not match; for non-U.S. IMGs the means were 7.26 and 3.2.")}
    f, g = got["7.26"], got["3.2"]
    assert f.metric == "avg_rol_length" and f.dims["outcome"].value == "matched", (f.metric, f.reason)
    assert g.dims["outcome"].value == "unmatched" and g.dims["applicant_type"].value == "non_us_img", g.dims


def test_in_both_years_and_took_part_and_a_local_tally():
    got = reading("U.S. MD seniors matched at 94.3% in 2018 and 93.5% in both 2024 and 2025.")
    assert got["93.5%"][1]["year"] == 2025, got
    f = next(f for f in read("# The 2025 Match\n\nOur newsroom's own tally of local programs: 212 positions, 207 filled.")
             if f.stated == "212")
    assert f.metric is None, f.metric
    got = reading("In 2025, 37,667 applicants matched. That is 79.8 percent of the 47,208 applicants who took part.")
    assert got["47,208"][0] != "matched_pgy1", got


@pytest.mark.integration
def test_round_9_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    verdicts = partial(real_verdicts, real_home)

    # 2025: U.S.-citizen IMGs 67.8%, non-U.S.-citizen IMGs 58.0%; 2023: DO seniors 91.6% (no couples 91.9%)
    got = verdicts("# Match Day 2025\n\nU.S. MD seniors again did best: 19,404 of 20,368 matched, exactly the same "
                   "rate as in 2024. Osteopathic seniors matched at 92.6 percent, while U.S.-citizen graduates of "
                   "international medical schools matched at 67.8 percent and non-U.S.-citizen graduates at 58.0 "
                   "percent.")
    assert got["20,368"] == C and got["67.8 percent"] == C and got["58.0 percent"] == C, got
    assert got["19,404"] == WV, got  # 19,044 matched: the swapped digits are still caught
    got = verdicts("In 2023, MD seniors matched at 93.7% (93.9% couples excluded), DO seniors at 91.6% (91.9%).")
    assert got["91.6%"] == C, got
    text = ("All figures are from the NRMP's 2025 report on positions offered and filled by specialty; \"IMG share\" "
            "is the share of filled positions that went to international medical graduates.\n\n"
            "| Specialty (2025) | Level | Positions | Filled | IMG share |\n|---|---|---|---|---|\n"
            "| Internal medicine | PGY-1 | 12,952 | 12,439 | 40.3% |\n| Family medicine | PGY-1 | 5,537 | 4,525 | 31.3% |\n")
    got = verdicts(text)
    assert got["12,952"] == C and got["12,439"] == C and got["40.3%"] == C, got
    assert got["5,537"] == WV, got  # 5,357 offered
    got = verdicts("In the 2026 Charting Outcomes report, pediatrics stands out: 542 of 791 non-U.S. IMGs who "
                   "preferred it matched, a rate of 68.5%.")
    assert got == {"542": C, "791": C, "68.5%": C}, got


def test_a_caption_in_percent_over_year_columns_makes_its_cells_percentages():
    text = ("<table><caption>PGY-1 match rate by applicant group (%)</caption><tr><th>Group</th><th>2024</th>"
            "<th>2025</th></tr><tr><td>U.S. DO seniors</td><td>92.3</td><td>92.6</td></tr></table>")
    got = reading(text, "t.html")
    assert got["92.6"] == ("match_rate_pct", {"year": 2025, "applicant_type": "us_do_senior"}), got
    # a caption without a percent sign keeps a count a count
    got = reading(text.replace(" (%)", "").replace("match rate", "matched"), "t.html")
    assert got["92.6"][0] != "match_rate_pct", got


def test_a_bold_line_heads_what_follows_it():
    text = ("# Match Day\n\nIn 2015 programs offered 30,212 positions.\n\n**The 2025 Match in figures**\n\n"
            "- Registered applicants: 52,498\n- DO seniors matched: 7,773 of 8,392\n")
    got = reading(text)
    assert got["52,498"] == ("registered_applicants", {"year": 2025, "applicant_type": "all_applicants"}), got
    assert got["8,392"] == ("active_applicants", {"year": 2025, "applicant_type": "us_do_senior"}), got
    # a bold question is its answer's lead-in, not a heading
    from pipeline.check import document
    doc = document.parse("t.md", "**What about DO seniors?**\n\nThey matched at 92.6% in 2025.\n", "markdown")
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]


def test_a_title_that_names_charting_outcomes_scopes_the_text():
    text = ("# Reading the 2026 Charting Outcomes report: a guide\n\n*From an advising blog for international medical "
            "graduates*\n\nThe NRMP's Charting Outcomes report for non-U.S.-citizen IMGs is built around each "
            "applicant's preferred specialty.\n\n## Specialties\n\nPediatrics was kinder: 542 of 791 applicants "
            "matched, 68.5%. Internal medicine–pediatrics was not, at 33.3%.\n")
    got = reading(text)
    assert got["68.5%"] == ("preferred_specialty_match_rate_pct", {"year": 2026, "applicant_type": "non_us_img",
                                                                   "specialty_id": "pediatrics"}), got
    assert got["33.3%"][1]["specialty_id"] == "internal-medicine-pediatrics", got  # an en dash joins the words
    # without the report in the title, and with no group named, the same counts are not that report's
    got = reading(text.replace("Charting Outcomes", "NRMP"))
    assert got["68.5%"][0] != "preferred_specialty_match_rate_pct", got


@pytest.mark.integration
def test_round_9_named_reports_columns_and_shares_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    verdicts = partial(real_verdicts, real_home)

    # 2025 rank-order-list report (couples left out): U.S. MD seniors matched at 93.7%; headline 93.5%
    got = verdicts("The NRMP publishes a report on rank order list length every year. That report leaves couples out."
                   "\n\nOf the MD seniors in the 2025 report, 17,091 matched and 1,191 did not, a match rate of 93.7%.")
    assert got["93.7%"] == C, got
    # Charting Outcomes 2026, family medicine: 1,112 preferred it, 599 matched; medians 230 (matched), 231 (not)
    text = ("# Charting Outcomes for non-U.S.-citizen IMGs, 2026\n\n| Preferred specialty | Applicants | "
            "Matched to it | Median Step 2 CK, matched | Median Step 2 CK, not matched |\n|---|---|---|---|---|\n"
            "| Family medicine | 1,112 | 599 | 230 | 231 |\n")
    assert verdicts(text) == {"1,112": C, "599": C, "230": C, "231": C}, verdicts(text)
    got = verdicts(text.replace("| 230 | 231 |", "| 231 | 230 |"))  # the two medians swapped
    assert got["231"] == DD and got["230"] == DD, got
    # IMGs were 25.1% of everyone matched in 2024 (25.9% in 2025)
    got = verdicts("So is the share: IMGs were 25.1% of everyone matched in 2024 and 25.9% in 2025.")
    assert got == {"25.1%": C, "25.9%": C}, got
    # a lead-in that names both definitions, over an item that names neither: which one is not certain
    text = ("*Where a figure comes from the rank order list report (couples left out), the bullet says so; otherwise "
            "rates are the headline PGY-1 rates, couples included.*\n\n- **2017.** U.S.-citizen IMGs matched at 54.8%; "
            "non-U.S.-citizen IMGs at 53.3%.\n")
    assert verdicts(text)["53.3%"] == "not checked", verdicts(text)  # 53.3% is 2017's no-couples rate (headline 52.4%)



def test_round_9_last_rules_read():
    # a positions column takes no group from the caption; a row's "share of all PGY-1 matches"
    got = reading("IMGs held more of the filled positions in some states, 2025:\n\n| State | PGY-1 positions | IMGs' share "
                  "of filled |\n|---|---|---|\n| New Jersey | 88 | 64.9% |\n")
    assert got["88"][0] not in ("img_filled", "filled"), got
    text = ("<table><tr><th></th><th>2024</th><th>2025</th></tr><tr><th>IMGs' share of all PGY-1 matches</th>"
            "<td>25.1%</td><td>25.9%</td></tr></table>")
    assert reading(text, "t.html")["25.9%"] == ("img_share_of_matched_pct", {"year": 2025}), reading(text, "t.html")
    # an earlier value's outcome is not the next clause's; a legend "matched vs unmatched" leaves it open
    got = reading("In 2025 applicants who matched ranked 12.02 programs, down from 12.14 in 2024, while unmatched "
                  "applicants ranked only 4.40.")
    assert got["12.14"][1].get("outcome") != "unmatched", got
    f = next(f for f in read("Longer lists went with matching (2025, couples excluded; mean programs ranked, matched vs "
                             "unmatched): all applicants 12.02 vs 4.40.") if f.stated == "12.02")
    assert f.metric is None and "outcome" in f.reason, (f.metric, f.reason)


@pytest.mark.integration
def test_round_9_a_rank_order_list_text_and_its_rows_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    verdicts = partial(real_verdicts, real_home)

    # 2025, couples left out (rank-order-list report): 35,987 of all applicants matched; with couples: 37,667
    text = ("# How long are rank order lists, really?\n\nNRMP publishes an annual report on rank order list length. "
            "Couples are left out of that report.\n\n## All applicants\n\nIn 2025, 35,987 applicants matched.\n")
    assert verdicts(text)["35,987"] == C, verdicts(text)
    assert verdicts(text.replace("35,987", "35,897"))["35,897"] == WV, verdicts(text.replace("35,987", "35,897"))
    # a row's "(couples excluded)" is that row's: the headline row beside it is the headline (79.8% in 2025)
    text = ("| Metric | 2025 |\n|---|---|\n| Headline PGY-1 match rate, all applicants | 79.8% |\n"
            "| Programs ranked on average, matched applicants (couples excluded) | 12.02 |\n")
    assert verdicts(text)["79.8%"] == C, verdicts(text)


def test_the_national_before_a_figure_and_a_shared_verb_after_a_dotted_group():
    got = reading("In 2025 Ohio's family medicine programs filled 179 of 203 PGY-1 positions, well above the national "
                  "85.0 percent.")
    assert "state" not in got["85.0 percent"][1], got
    got = reading("In the 2026 Charting Outcomes report, 5,721 of 11,685 non-U.S.-citizen IMGs matched to their "
                  "preferred specialty.")
    assert got["5,721"][0] == "preferred_specialty_matched" and got["11,685"][0] == "preferred_specialty_applicants", got


def test_a_compared_figures_year_and_a_later_part_of_them():
    got = reading("# Match Day 2025\n\nIn all, 37,667 applicants matched to a first-year position, for a national match "
                  "rate of 79.8 percent, slightly below the 80.2 percent of 2024.")
    assert got["37,667"][1].get("year") != 2024 and got["79.8 percent"][1].get("year") != 2024, got
    got = reading("In 2025, 52,498 applicants registered and 47,208 of them submitted a certified rank order list.")
    assert got["47,208"][0] == "active_applicants", got
    f = next(f for f in read("U.S. DO seniors grew from 6,581 in 2020 to 7,011 in 2021 and 8,392 in 2025; 7,773 of them "
                             "matched this year.") if f.stated == "8,392")
    assert f.metric != "matched_pgy1", (f.metric, f.reason)


def test_a_captions_definition_of_another_column_is_not_this_cells():
    text = ("<p>First-year (PGY-1) positions in the 2025 Main Residency Match, by state. \"IMG share\" is the share of "
            "filled positions taken by graduates of international medical schools.</p><table><tr><th>State</th>"
            "<th>IM positions</th><th>IM: IMG share</th></tr><tr><td>New Jersey</td><td>530</td><td>60.8%</td></tr>"
            "</table>")
    got = reading(text, "t.html")
    assert got["530"][0] != "img_filled", got


def test_a_specialtys_positions_column_and_graduates_of_international_schools():
    text = ("| State | Pediatrics positions | Pediatrics filled | Pediatrics IMG share |\n|---|---|---|---|\n"
            "| New Jersey | 136 | 133 | 64.9% |\n")
    got = reading("In 2025, IMGs filled many of the first-year pediatrics positions by state:\n\n" + text)
    assert got["136"][0] == "positions", got
    got = reading("Graduates of international medical schools filled 40.3% of first-year internal medicine positions "
                  "in 2025.")
    assert got["40.3%"][0] == "img_share_pct", got
