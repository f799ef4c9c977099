"""Issue 25, round 10: a figure far from what the data give as read, or equal to another quantity (positions
offered where filled was read), is unsure of its reading rather than wrong; and four reading rules from the
round (a definition named across a line break, a year that labels the figure after it, a later figure's "all
levels", a level of the figure's own).

Fixture tests on the made-up home of tests/test_check_article.py (family medicine 2025: 150 positions offered,
140 filled; non-U.S.-citizen IMGs 2025: 50.0%; PGY-1 positions 1,100 of 1,200), reading tests without data, and
one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from pipeline.check.article_certainty import far_from_data
from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.test_check_article import C, DD, NC, WV, check_text, db, doc_of, figures, read  # noqa: F401 - db: fixture


def one(text: str):
    (f,) = figures(check_text(text))
    return f


def test_far_from_data_is_half_again_for_counts_and_twice_for_percentages():
    assert not far_from_data(149, "100", percent=False) and far_from_data(150, "100", percent=False)
    assert far_from_data(66, "100", percent=False) and not far_from_data(67, "100", percent=False)
    assert not far_from_data(39.9, "20.0", percent=True) and far_from_data(40.0, "20.0", percent=True)
    assert far_from_data(1740, "884", percent=False) and not far_from_data(2451, "2,388", percent=False)
    assert far_from_data(0, "12", percent=False) and not far_from_data(0, "0", percent=False)
    assert not far_from_data(12, "n/a", percent=False)  # no number to compare with: no opinion


def test_a_count_far_from_the_reading_is_unsure_and_a_near_one_is_wrong(db):
    far = one("In 2025, family medicine programs offered 400 positions.")
    assert far.verdict == NC and far.note.startswith("unsure of the reading: 400 is far from"), far.note
    assert "150 for 2025" in far.note and far.result.verdict == WV  # the data's value is still shown
    near = one("In 2025, family medicine programs offered 160 positions.")
    assert near.verdict == WV and near.data_value == "150", near.note


def test_a_percentage_is_far_only_at_twice_or_half(db):
    assert one("In 2025, 30.0% of non-U.S.-citizen IMGs matched.").verdict == WV  # 50.0: three fifths of it
    far = one("In 2025, 20.0% of non-U.S.-citizen IMGs matched.")
    assert far.verdict == NC and "far from" in far.note, far.note


def test_a_figure_equal_to_another_quantity_is_unsure_which_and_another_definition_is_still_judged(db):
    f = one("In 2025, family medicine programs filled 150 positions.")  # 150 were offered, 140 filled
    assert f.verdict == NC and f.note.startswith("unsure which quantity: read as positions filled"), f.note
    assert f.result.verdict == DD and f.result.other_quantity  # the checker's own verdict, for claims files
    g = one("In 2025, 1,200 PGY-1 positions were offered.")  # all levels' count for PGY-1: another definition
    assert g.verdict == DD and not g.result.other_quantity, g.note


def test_a_wrong_value_near_the_data_still_fails_the_check(db):
    ac = check_text("In 2025, family medicine programs offered 160 positions, and 400 were filled.")
    assert [f.verdict for f in figures(ac)] == [WV, NC] and ac.failed


def reading(text: str) -> dict:
    return {f.stated: (f.metric, {k: d.value for k, d in f.dims.items()}) for f in read(text, "t.md")}


def test_a_year_followed_by_a_figure_labels_that_figure():
    got = reading("U.S.-citizen IMGs matched at 67.8% in 2025. In 2023 it was 67.6%, in 2022 61.8%, and back in "
                  "2017 just 53.9%.")
    assert got["67.6%"][1]["year"] == 2023 and got["61.8%"][1]["year"] == 2022, got
    # a year right after the figure with nothing after it is still the figure's own
    assert reading("U.S.-citizen IMGs matched at 67.0% in 2024.")["67.0%"][1]["year"] == 2024


def test_all_levels_after_a_later_figure_is_that_figures():
    got = reading("Across all specialties, international medical graduates filled 25.9% of first-year positions "
                  "in 2025 and 24.8% of positions at all levels.")
    first_year = got["25.9%"][0] == "img_share_of_matched_pct" or got["25.9%"][1].get("position_level") == "PGY-1"
    assert first_year, got  # (the IMGs' share of those matched to PGY-1 positions is the first-year share)
    assert "position_level" not in got["24.8%"][1], got


@pytest.mark.integration
def test_round_10_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    def verdicts(text):
        return {f.stated: (f.verdict, f.note) for f in figures(check_document(paths(real_home), doc_of(text)))}

    # the report named across a line break ("rank order\nlist report") is the definition of the figures after it
    text = ("# The Rank List Letter\n\nNRMP's rank order\nlist report, which leaves out applicants who matched or "
            "ranked as couples, keeps answering yes.\n\n## The big picture\n\nIn 2025, 35,987 single applicants "
            "matched.\n")
    got = verdicts(text)
    assert got["35,987"][0] == C and "no-couples" in got["35,987"][1], got
    # positions offered read as filled: unsure which quantity, with both figures in the note
    got = verdicts("In 2025, internal medicine programs filled 12,952 PGY-1 positions.")  # 12,439 filled
    assert got["12,952"][0] == NC and got["12,952"][1].startswith("unsure which quantity"), got
    assert "positions offered = 12,952" in got["12,952"][1], got
    # a national count read for a state: far from the state's figure, so not called wrong
    got = verdicts("In 2025, Ohio's internal medicine programs offered 12,952 PGY-1 positions.")
    assert got["12,952"][0] == NC and "is far from what the data give as read (559" in got["12,952"][1], got
    # a lead that says where the figures below come from scopes the whole text, even past a subheading, and even
    # when it names the headline rates it differs from
    lead = ("# How many programs do applicants rank?\n\nThe figures below come from its rank order list report, "
            "which leaves out applicants who matched as couples, so its match rates differ slightly from the headline "
            "rates.\n\n## Main Residency Match 2025\n\n| Applicant group | Match rate |\n|---|---|\n"
            "| U.S. MD seniors | 93.7% |\n")
    assert verdicts(lead)["93.7%"][0] == C, verdicts(lead)
    unscoped = lead.replace("The figures below come from", "The NRMP also publishes")
    assert verdicts(unscoped)["93.7%"][0] != C, verdicts(unscoped)
    # IMGs' positions filled with no level: matched to PGY-1 (9,761), or every level's (10,095)? Not certain
    got = verdicts("Nationally, international medical graduates (IMGs) filled 10,095 of the 40,764 residency positions "
                   "filled in the 2025 Main Residency Match, or 24.8%.")
    assert got["10,095"][0] == NC and got["10,095"][1].startswith("unsure which metric"), got
    assert got["24.8%"][0] == NC, got
    # a lead that defines both series (and scopes neither): each column says which, not the lead
    both = ("# Match rates by applicant group: headline vs. rank-order-list report\n\nThe **headline** rate divides "
            "applicants matched to PGY-1 positions by active applicants, couples included. The **rank-order-list "
            "(ROL) report** covers only applicants who ranked programs individually (couples are excluded).\n\n"
            "## Main Residency Match, 2025\n\n| Group | Matched to PGY-1 | ROL report: matched |\n|---|---:|---:|\n"
            "| U.S. MD seniors | 19,044 | 17,645 |\n")
    got = verdicts(both)
    assert got["19,044"][0] == C and got["17,645"][0] == C, got
    # positions left unfilled after the algorithm (2,562 in 2024) are another quantity than those offered in SOAP
    got = verdicts("In 2024, 2,562 unfilled positions were offered in SOAP.")
    assert got["2,562"][0] == NC and got["2,562"][1].startswith("unsure which quantity"), got
    assert verdicts("In 2024, 2,575 unfilled positions were offered in SOAP.")["2,575"][0] == C
    # a figure read nationally and confirmed, in a text about one state that the reading leaves out: not certain
    from pipeline.config import PROJECT_DIR

    name = "252-florida-img-residents.md"
    text = (PROJECT_DIR / "tests" / "article_holdout43" / name).read_text(encoding="utf-8")
    got = {f.stated: f for f in figures(check_document(paths(real_home), doc_of(text, name)))}
    assert got["14.4%"].verdict == NC and got["14.4%"].note.startswith("unsure whether national"), got["14.4%"].note
    # a near wrong value is still wrong: the non-U.S.-citizen IMG rate of 2025 is 58.0%
    got = verdicts("In 2025, 56.0% of non-U.S.-citizen IMGs matched.")
    assert got["56.0%"][0] == WV and "58.0" in got["56.0%"][1], got


def test_a_clause_of_only_a_year_repeats_the_reading_before_it_in_its_own_year():
    got = reading("Non-U.S.-citizen IMGs matched at 58.0% in 2025. In 2018 it reached 56.1%; in 2021 it dipped to "
                  "55.8%.")
    assert got["55.8%"] == ("match_rate_pct", {"year": 2021, "applicant_type": "non_us_img"}), got
    got = reading("In 2016 there were 27,860 PGY-1 positions. In 2017, 28,849 were offered; in 2018 it was 30,232.")
    assert got["30,232"][1].get("year") == 2018, got


def test_a_state_that_stood_at_a_figure_is_that_figures_subject():
    got = reading("In 2025, IMGs' share of filled PGY-1 positions in internal medicine was 56.4% in Michigan; Texas "
                  "stood at 38.0%.")
    assert got["38.0%"][0] == got["56.4%"][0] and got["38.0%"][1].get("state") == "TX", got


def test_a_year_earlier_counts_from_the_figure_before_it_in_the_sentence():
    got = reading("In 2025 the number offered in SOAP was 2,521; a year earlier, 2,575 were offered in SOAP.")
    assert got["2,575"][1].get("year") == 2024, got
    got = reading("U.S.-citizen IMGs matched at 67.8% in 2025, up from 67.0% a year before.")
    assert got["67.0%"][1] == {"year": 2024, "applicant_type": "us_img"}, got
    # "last year" counts from a date the text does not give: still unsure
    assert "year" not in reading("U.S.-citizen IMGs matched at 67.8% in 2025, up from 67.0% last year.")["67.0%"][1]


def test_a_year_after_after_or_in_a_relative_clause_or_a_since_when_is_not_the_figures():
    text = ("# Emergency medicine in 2025\n\nEmergency medicine's recovery continued: 3,003 of 3,068 positions "
            "filled, or 97.9%, after the 2023 low when only 81.6% filled.")
    got = reading(text)
    assert got["97.9%"][1]["year"] == 2025 and got["3,003"][1]["year"] == 2025, got
    assert got["81.6%"][1]["year"] == 2023, got  # the figure of that year, after it
    got = reading("Emergency medicine, which scared students off after 2023, filled 97.9 percent of its positions "
                  "in 2025.")
    assert got["97.9 percent"][1]["year"] == 2025, got
    got = reading("# Family medicine, 2025\n\nThe family medicine fill rate, 85.0%, has been falling since 2018, "
                  "when it was 97.6%.")
    assert got["85.0%"][1]["year"] == 2025 and got["97.6%"][1]["year"] == 2018, got
    # "Two years later": counted from a year the sentence does not name, so no year of its own (unsure)
    got = reading("Emergency medicine filled 81.6% in 2023. Two years later it filled 97.9%.")
    assert "year" not in got["97.9%"][1], got


def test_all_levels_said_of_the_figure_before_is_not_this_ones():
    got = reading("In 2025, nationally the Match offered 43,237 positions at all levels, 40,041 of them at the PGY-1 "
                  "level.")
    assert got["43,237"][0] == "positions_total" and got["40,041"][0] == "positions_pgy1", got


def test_a_subject_alone_repeats_the_one_reading_of_the_sentence_before():
    got = reading("In 2025, IMGs filled 33.5% of PGY-1 positions in Michigan. Texas stood at 22.8%.")
    assert got["22.8%"] == ("img_share_pct", {"year": 2025, "position_level": "PGY-1", "state": "TX"}), got
    # two readings in the sentence before (matched, not matched): which one "251" repeats is not certain
    got = reading("In the 2026 report, non-U.S. IMGs who matched to their preferred specialty had a median Step 2 CK "
                  "score of 248, and those who did not 242. For internal medicine: 251 vs 243.")
    assert got["251"][0] is None and got["243"][0] is None, got
    # another subject before the figure than its own: whose figure it is is not certain
    got = reading("In 2025, IMGs filled 33.5% of PGY-1 positions in Michigan. New Jersey went higher still: 60.8% in "
                  "internal medicine.")
    assert got["60.8%"][0] is None, got


def test_a_column_header_says_where_its_cells_are():
    text = ("IMG share of filled PGY-1 positions, Michigan and United States, 2025 Match:\n\n"
            "| Specialty | Positions offered (MI) | IMG share, Michigan | IMG share, U.S. |\n|---|---|---|---|\n"
            "| Internal medicine | 530 | 56.4% | 40.3% |\n")
    got = reading(text)
    assert got["530"][1].get("state") == "MI" and got["56.4%"][1].get("state") == "MI", got
    assert got["40.3%"][0] == "img_share_pct" and "state" not in got["40.3%"][1], got  # national, not unsure


def test_a_list_of_figures_with_no_group_in_a_sentence_that_names_several_is_unsure():
    got = reading("The situation of international graduates has improved: in 2016 non-U.S. IMGs matched at 50.5% and "
                  "U.S. IMGs at 54.0%; in 2017 the rates were 52.4%, 54.8% and 55.1%.")
    assert got["52.4%"][0] is None and got["54.8%"][0] is None, got
    assert got["50.5%"][1].get("applicant_type") == "non_us_img", got
    # (a pair that points back, "in 2017 the rates were 52.4% and 54.8%", is the two groups before it, in order: round
    # 20, tests/test_check_columns_captions_and_years.py)
    # a part and its whole are no list: "DO seniors matched at 89.1%, with 6,327 of 7,011 placed" keeps its group
    got = reading("In 2021, non-U.S.-citizen IMGs matched at 54.8% and U.S.-citizen IMGs at 59.5%; DO seniors matched "
                  "at 89.1%, with 6,327 of 7,011 placed.")
    assert got["6,327"][1].get("applicant_type") == "us_do_senior", got


def test_every_program_type_before_the_clause_is_the_figures():
    text = ("**Preliminary surgery.** In 2025 only 673 of 1,194 preliminary surgery positions filled. Counting every "
            "program type, surgery filled 82.3% of 2,972 positions in 2025.\n")
    got = reading(text)
    assert got["82.3%"][0] == "fill_pct" and "program_type" not in got["82.3%"][1], got


def test_the_whole_after_a_slash_is_not_read_as_what_its_part_did():
    got = reading("2025 NUS IMGs: 6,653/11,465 matched = 58.0%")
    assert got["11,465"][0] is None, got  # the whole of 6,653 (not read), not the number who matched


def test_all_levels_before_a_figure_that_names_its_own_level_after_it_is_the_figure_befores():
    got = reading("In 2025 international medical graduates filled 30.9 percent of Michigan's filled positions across "
                  "all levels and 31.5 percent of its filled PGY-1 positions.")
    assert got["31.5 percent"][1].get("position_level") == "PGY-1", got
    assert "position_level" not in got["30.9 percent"][1], got


def test_the_whole_named_filled_positions_is_the_positions_filled():
    got = reading("In 2025 DO seniors took many family medicine positions. Family medicine: 1,482 of 4,552 filled "
                  "positions, close to a third.")
    assert got["4,552"][0] == "filled", got
    # "3,003 of 3,068 positions filled": the verb is the part's, the whole the positions offered
    got = reading("In 2025 emergency medicine had 3,003 of 3,068 positions filled.")
    assert got["3,068"][0] == "positions", got


def test_a_line_break_inside_a_paragraph_is_a_space():
    got = reading("Now look at the people who went to school abroad. In 2025 only 3,108 out\nof 4,587 U.S.-citizen "
                  "IMGs matched, a rate of 67.8%.")
    assert got["4,587"][0] == "active_applicants" and got["3,108"][0] == "matched_pgy1", got


def test_the_year_before_at_the_start_of_a_sentence_counts_from_the_sentence_before():
    got = reading("In 2025, 9,761 IMGs matched to PGY-1 positions. The year before, 9,045 IMGs matched to PGY-1 "
                  "positions.")
    assert got["9,045"][1].get("year") == 2024, got


def test_a_baseline_year_with_a_when_clause_is_the_when_clauses_figures():
    got = reading("Emergency medicine filled 97.9% of its PGY-1 positions in 2025, a long way back from the 2023 low, "
                  "when only 81.6% of its positions were filled.")
    assert got["81.6%"][1].get("year") == 2023 and got["97.9%"][1].get("year") == 2025, got


def test_a_sentence_before_that_names_several_years_gives_none():
    figs = {f.stated: f for f in read("Internal medicine's preliminary track filled 93.6% in 2015 and 92.4% in 2021. "
                                      "Anesthesiology's advanced positions filled 308 of 309.", "t.md")}
    assert figs["308"].metric is None and "names several years (2015, 2021)" in figs["308"].reason, figs["308"].reason
    # one year there is still the figure's
    figs = {f.stated: f for f in read("Internal medicine's preliminary track filled 92.4% in 2021. Anesthesiology's "
                                      "advanced positions filled 308 of 309.", "t.md")}
    assert figs["308"].dims["year"].value == 2021


def test_a_positions_column_with_its_year_is_still_the_positions_offered():
    text = ("In 2025 anesthesiology's programs offered 2,266 positions and filled 2,260. By program type:\n\n"
            "| Program type | Positions (2025) | Filled | Fill rate |\n|---|---|---|---|\n"
            "| Categorical | 1,805 | 1,804 | 99.9% |\n")
    got = reading(text)
    assert got["1,805"][0] == "program_type_positions" and got["1,804"][0] == "program_type_filled", got
    html = ("<table><caption>Positions offered and fill rate by specialty, 2023 and 2025</caption>"
            "<tr><th>Specialty</th><th>Positions 2023</th><th>Fill rate 2023</th></tr>"
            "<tr><td>Emergency medicine</td><td>3,010</td><td>81.6%</td></tr></table>")
    assert reading_html(html)["3,010"][0] in ("positions", "program_positions"), reading_html(html)


def reading_html(text: str) -> dict:
    return {f.stated: (f.metric, {k: d.value for k, d in f.dims.items()}) for f in read(text, "t.html")}


def test_an_html_header_spanning_columns_gives_each_its_state():
    html = ("<table><caption>PGY-1 positions offered and filled, and IMGs' share of filled positions, 2025 Match"
            "</caption><thead><tr><th rowspan=\"2\">Specialty</th><th colspan=\"2\">Michigan</th>"
            "<th colspan=\"2\">Illinois</th></tr><tr><th>Positions</th><th>IMG share</th><th>Positions</th>"
            "<th>IMG share</th></tr></thead><tbody><tr><td>Internal medicine</td><td>528</td><td>54.6%</td>"
            "<td>530</td><td>40.3%</td></tr></tbody></table>")
    got = reading_html(html)
    assert got["54.6%"][1].get("state") == "MI" and got["40.3%"][1].get("state") == "IL", got
    assert got["40.3%"][0] == "img_share_pct" and got["40.3%"][1].get("specialty_id") == "internal-medicine", got


def test_all_specialties_and_levels_a_bracket_in_a_relative_clause_and_like_as_about():
    got = reading("In 2025, IMGs took 60.8% of the filled internal medicine PGY-1 positions in New Jersey, and across "
                  "all specialties and levels they held 41.7% of the state's filled positions.")
    assert "position_level" not in got["41.7%"][1], got
    got = reading("Categorical emergency medicine, which left more than 550 positions unfilled in 2023 (a fill rate of "
                  "81.6%), filled 97.9% in 2025.")
    assert got["97.9%"][1].get("year") == 2025, got
    figs = {f.stated: f for f in read("Aisha: did you see the 2025 numbers? overall like 80% of applicants matched",
                                      "t.md")}
    assert figs["80%"].approximate == "like", figs["80%"].approximate


def test_a_group_after_the_figure_that_is_a_later_figures_own_noun_is_not_this_ones():
    got = reading("Five years ago, in 2020, the overall match rate was 80.8% and 5,986 DO seniors matched.")
    assert got["80.8%"][1].get("applicant_type") == "all_applicants", got  # DO seniors are the 5,986's
    got = reading("In the 2026 Match, 11,685 non-U.S.-citizen IMGs had a preferred specialty. Of those, 5,721 matched "
                  "to it and 5,941 did not, which makes 49.0% overall.")
    assert got["5,721"][1].get("applicant_type") == "non_us_img", got


def test_a_bracketed_abbreviation_is_not_a_group_of_its_own():
    got = reading("In 2025, U.S. MD seniors matched at 93.5%, U.S.-citizen international medical graduates (IMGs) at "
                  "67.8% and non-U.S.-citizen IMGs at 58.0%.")
    assert got["67.8%"] == ("match_rate_pct", {"year": 2025, "applicant_type": "us_img"}), got


def test_html_cells_spanning_rows_and_columns_are_repeated_where_they_stand():
    from pipeline.check.document import _expand

    rows = [["Specialty", "Michigan", "Illinois"], ["Positions", "Share", "Positions", "Share"],
            ["IM", "1", "2", "3", "4"]]
    spans = [[(1, 2, True), (2, 1, True), (2, 1, True)], [(1, 1, True)] * 4, [(1, 1, False)] * 5]
    assert _expand(rows, spans) == [["Specialty", "Michigan", "Michigan", "Illinois", "Illinois"],
                                    ["Specialty", "Positions", "Share", "Positions", "Share"],
                                    ["IM", "1", "2", "3", "4"]]
    assert _expand([["a", "b"], ["c"], ["d", "e"]], [[(1, 3, False), (1, 1, False)], [(1, 1, False)],
                                                     [(1, 1, False), (1, 1, False)]]) == \
        [["a", "b"], ["a", "c"], ["a", "d", "e"]]


def test_a_program_type_that_pulled_the_figure_down_is_not_the_figures():
    got = reading("In 2025, general surgery filled 2,447 of its 2,972 first-year positions, or 82.3% - a figure pulled "
                  "down by one-year preliminary spots.")
    assert got["82.3%"][0] == "fill_pct" and "program_type" not in got["82.3%"][1], got


def test_an_active_column_under_a_caption_naming_active_and_matched_is_active():
    html = ("<table><caption>Active applicants and applicants matched to PGY-1 positions</caption>"
            "<tr><th>Applicant group</th><th>2024 active</th><th>2024 matched</th></tr>"
            "<tr><td>U.S. MD seniors</td><td>19,755</td><td>18,465</td></tr></table>")
    got = reading_html(html)
    assert got["19,755"][0] == "active_applicants" and got["18,465"][0] == "matched_pgy1", got
