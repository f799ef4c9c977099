"""Issue 25: `matchstats check ARTICLE` judges a figure only in a reading the text makes certain.

Reading tests (no data): every example of the issue and every structure it lists is read with the right
metric and dimensions, or is "not checked: unsure which ..." when the text does not give a deciding dimension.
Fixture tests (made-up numbers, tests/test_check_article.py's published home): the hint of an unsure figure,
the summary that keeps "contradicted" apart from "could not place", and exit code 1 only for contradictions.
Integration tests (real reports): the issue's examples get their right verdicts, and the evaluation texts of
tests/article_eval/ are decided without false confirmations or false accusations as measured.
"""

from __future__ import annotations

from functools import partial

import pytest

from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.helpers import cli
from tests.test_check_article import C, DD, NC, WV, WY, db, doc_of, figures, read  # noqa: F401 (db is a fixture)


def real_verdicts(real_home, text: str, name: str = "t.md") -> dict:
    """stated -> (verdict, note) of a text checked against a published home of the real reports."""
    return {f.stated: (f.verdict, f.note) for f in figures(check_document(paths(real_home), doc_of(text, name)))}


def reading(text: str, name: str = "t.md") -> list[tuple]:
    return [(f.stated, f.metric, {k: d.value for k, d in f.dims.items()}) for f in read(text, name)]


def unsure(text: str, stated: str, name: str = "t.md"):
    f = next(f for f in read(text, name) if f.stated == stated)
    assert f.metric is None and f.unsure is not None, (stated, f.reason)
    return f


# ---------------------------------------------------------------- the issue's examples, read

def test_parallel_list_keeps_each_subject():
    text = ("In 2025, U.S. MD seniors matched at 93.5% and DO seniors at 92.6%, while U.S.-citizen IMGs matched at "
            "67.8% and non-U.S.-citizen IMGs at 58.0%.")
    got = [(s, m, d["applicant_type"]) for s, m, d in reading(text)]
    assert got == [("93.5%", "match_rate_pct", "us_md_senior"), ("92.6%", "match_rate_pct", "us_do_senior"),
                   ("67.8%", "match_rate_pct", "us_img"), ("58.0%", "match_rate_pct", "non_us_img")]


def test_clauses_joined_by_and_keep_their_subjects():
    got = reading("In 2024 the non-U.S. IMG rate stood at 58.5% and U.S. MD seniors matched at 93.5%.")
    assert got == [("58.5%", "match_rate_pct", {"year": 2024, "applicant_type": "non_us_img"}),
                   ("93.5%", "match_rate_pct", {"year": 2024, "applicant_type": "us_md_senior"})]
    got = reading("In 2025, 58% of non-US IMGs matched, and IMGs filled 40% of internal medicine PGY-1 positions.")
    assert got == [("58%", "match_rate_pct", {"year": 2025, "applicant_type": "non_us_img"}),
                   ("40%", "img_share_pct", {"year": 2025, "specialty_id": "internal-medicine",
                                             "position_level": "PGY-1"})]


def test_of_its_positions_is_the_whole_and_the_share_is_the_groups():
    got = reading("In 2025, for IMGs, internal medicine remains the main door: of its 12,952 positions, IMGs filled "
                  "40.3%.")
    assert got == [("12,952", "positions", {"year": 2025, "specialty_id": "internal-medicine"}),
                   ("40.3%", "img_share_pct", {"year": 2025, "specialty_id": "internal-medicine"})]


def test_x_of_y_and_x_out_of_y():
    for text in ("Non-U.S. IMGs, 2025: 6,653 of 11,465 matched.",
                 "In 2025, 6,653 out of 11,465 non-U.S. IMGs matched."):
        got = reading(text)
        assert got == [("6,653", "matched_pgy1", {"year": 2025, "applicant_type": "non_us_img"}),
                       ("11,465", "active_applicants", {"year": 2025, "applicant_type": "non_us_img"})], text


def test_took_a_share_of_the_positions_filled_is_a_share_not_a_fill_rate():
    got = reading("In 2025, in internal medicine, graduates of international schools took 40.3% of the first-year "
                  "positions filled.")
    assert got == [("40.3%", "img_share_pct", {"year": 2025, "specialty_id": "internal-medicine",
                                                "position_level": "PGY-1"})]
    f = read("In 2025, surgery programs took 22.1% of the positions filled.")[0]
    assert f.metric is None and "unsure which group" in f.reason  # whose share is not said: never a fill rate


def test_down_from_x_in_year_is_the_same_group():
    got = reading("In 2024, 67.0% of U.S.-citizen IMGs matched, down from 67.6% in 2023.")
    assert got == [("67.0%", "match_rate_pct", {"year": 2024, "applicant_type": "us_img"}),
                   ("67.6%", "match_rate_pct", {"year": 2023, "applicant_type": "us_img"})]
    got = reading("The U.S.-citizen IMG match rate was 67.8% in 2025, compared with 67.0% in 2024.")
    assert [d["year"] for s, m, d in got] == [2025, 2024]  # the comparison's year dates only its own figure


def test_fill_by_program_type():
    got = reading("In 2025 only 56.4% of preliminary surgery positions filled, against 99.8% of categorical surgery "
                  "positions. Preliminary internal medicine positions filled at 90.9%, categorical ones at 96.8%.")
    assert [(s, m, d.get("specialty_id"), d.get("program_type")) for s, m, d in got] == [
        ("56.4%", "program_type_fill_pct", "surgery", "preliminary"),
        ("99.8%", "program_type_fill_pct", "surgery", "categorical"),
        ("90.9%", "program_type_fill_pct", "internal-medicine", "preliminary"),
        ("96.8%", "program_type_fill_pct", "internal-medicine", "categorical")]
    got = reading("In 2025, categorical internal medicine programs offered 11,347 positions and filled 10,979.")
    assert [m for s, m, d in got] == ["program_type_positions", "program_type_filled"]


def test_those_who_did_not_is_the_other_outcome_of_the_same_group():
    got = reading("In the 2026 Charting Outcomes report, non-U.S. IMGs who matched to their preferred specialty had "
                  "a median Step 2 CK of 248; the median of those who did not was 242.")
    assert [(s, d["applicant_type"], d["outcome"]) for s, m, d in got] == [("248", "non_us_img", "matched"),
                                                                          ("242", "non_us_img", "not_matched")]


def test_a_list_item_with_its_own_subject():
    text = "For comparison:\n\n- Non-US IMGs in 2024: 58.5% (5,864 out of 10,021 active applicants)\n"
    figs = read(text)
    active = next(f for f in figs if f.stated == "10,021")
    assert (active.metric, active.dims["applicant_type"].value, active.dims["year"].value) == \
        ("active_applicants", "non_us_img", 2024)
    for stated in ("58.5%", "5,864"):  # what they are is not said: not judged, never as all applicants
        f = next(f for f in figs if f.stated == stated)
        assert f.metric is None and "unsure which metric" in f.reason


def test_counts_n_group_matched():
    for n in ("3,181", "3,500"):
        assert reading(f"In 2024, {n} U.S.-citizen IMGs matched.") == \
            [(n, "matched_pgy1", {"year": 2024, "applicant_type": "us_img"})]


def test_back_reference_they():
    got = reading("In 2025 the U.S. MD senior match rate was 93.5%. They numbered 20,368 active applicants.")
    assert got[1] == ("20,368", "active_applicants", {"year": 2025, "applicant_type": "us_md_senior"})


def test_total_of_the_two_img_counts():
    got = reading("In 2025, 3,108 U.S.-citizen IMGs and 6,653 non-U.S.-citizen IMGs matched, 9,761 in all.")
    assert got[2] == ("9,761", "img_matched_pgy1", {"year": 2025})


def test_preferred_specialty_counts():
    text = ("From the 2026 Charting Outcomes report, non-U.S. IMGs by the specialty they preferred:\n\n"
            "- Pediatrics: 791 applicants, 542 matched, 249 did not; a 68.5% match rate\n")
    assert [(s, m, d.get("specialty_id"), d.get("applicant_type")) for s, m, d in reading(text)] == [
        ("791", "preferred_specialty_applicants", "pediatrics", "non_us_img"),
        ("542", "preferred_specialty_matched", "pediatrics", "non_us_img"),
        ("249", "preferred_specialty_not_matched", "pediatrics", "non_us_img"),
        ("68.5%", "preferred_specialty_match_rate_pct", "pediatrics", "non_us_img")]


def test_a_share_of_matches_is_a_share_of_the_applicants_matched_not_a_match_rate():
    """'IMGs made up 25.9% of all PGY-1 matches' is IMGs' share of the matched, not the IMG match rate (60.8%)."""
    assert reading("Nationally, IMGs made up 25.9% of all PGY-1 matches in 2025.") == [
        ("25.9%", "img_share_of_matched_pct", {"year": 2025})]


def test_preferred_specialty_count_takes_the_verb_after_its_own_group():
    got = reading("5,964 non-U.S. IMGs did not match to their preferred specialty in the 2026 report. "
                  "5,721 non-U.S. IMGs matched into their preferred specialty in the 2026 report.")
    assert [(s, m) for s, m, _ in got] == [("5,964", "preferred_specialty_not_matched"),
                                           ("5,721", "preferred_specialty_matched")]
    # a verb a few words away that may be another's: not read as the applicants who preferred it
    f = next(f for f in read("In the 2026 report, 5,964 non-U.S. IMGs who preferred internal medicine, "
                             "most of them from India, did not match.") if f.stated == "5,964")
    assert f.metric != "preferred_specialty_applicants", f.reason


def test_a_share_followed_by_its_part_and_whole_in_parentheses():
    """'58.0% (6,653 of 11,465)': the part and the whole of the share, with the share's group and year."""
    got = reading("2025 Match, PGY-1 match rates:\n\n- US-citizen IMGs: 67.8% (3,108 out of 4,587)\n"
                  "- Non-US IMGs: 58.0% (6,653 of 11,465)\n")
    assert [(s, m, d.get("applicant_type"), d.get("year")) for s, m, d in got] == [
        ("67.8%", "match_rate_pct", "us_img", 2025), ("3,108", "matched_pgy1", "us_img", 2025),
        ("4,587", "active_applicants", "us_img", 2025), ("58.0%", "match_rate_pct", "non_us_img", 2025),
        ("6,653", "matched_pgy1", "non_us_img", 2025), ("11,465", "active_applicants", "non_us_img", 2025)]


def test_the_whole_of_a_share_is_read_only_as_the_text_names_it():
    got = reading("In 2025, surgery filled 82.3% of its 2,972 positions. Internal medicine, 2025: IMGs filled 40.3% "
                  "of the 12,439 filled positions.")
    assert got == [("82.3%", "fill_pct", {"year": 2025, "specialty_id": "surgery"}),
                   ("2,972", "positions", {"year": 2025, "specialty_id": "surgery"}),
                   ("40.3%", "img_share_pct", {"year": 2025, "specialty_id": "internal-medicine"}),
                   ("12,439", "filled", {"year": 2025, "specialty_id": "internal-medicine"})]
    # before: 12,952 read as the positions IMGs filled (wrong value 5,015); a whole after "of <name>'s" is the
    # share's whole, and the whole of a share of filled positions is not read unless the text says "filled"
    f = next(f for f in read("In 2025, IMGs filled 40.3% of internal medicine's 12,952 positions.")
             if f.stated == "12,952")
    assert f.metric is None and "whole of 40.3%" in f.reason
    # the words after the whole of an unread part are the part's ("... went to IMGs"), not the whole's
    f = next(f for f in read("In 2025, 5,015 of internal medicine's 12,439 filled positions went to IMGs.")
             if f.stated == "12,439")
    assert f.metric is None and "whole of 5,015" in f.reason
    # a share by program type: its whole is that program type's positions, never all positions
    f = next(f for f in read("In 2025, categorical surgery programs filled 99.8% of their 1,600 positions.")
             if f.stated == "1,600")
    assert f.metric == "program_type_positions" and f.dims["program_type"].value == "categorical", f.metric


def test_a_states_programs_are_where_the_figure_is():
    got = reading("In 2025, California's programs filled 3,928 positions, 14.4% of them with IMGs. "
                  "New Jersey programs filled 92.8% of their positions in 2025.")
    assert ("3,928", "filled", {"year": 2025, "state": "CA"}) in got  # the IMGs are the 14.4%'s, not the 3,928's
    # "14.4% of them with IMGs": IMGs' share of the positions the figure before counts, in the same place
    assert ("14.4%", "img_share_pct", {"year": 2025, "state": "CA"}) in got
    assert ("92.8%", "fill_pct", {"year": 2025, "state": "NJ"}) in got
    # the clause's state, when the sentence names another in its next clause
    got = reading("New York programs filled 1,742 positions with IMGs in 2025; Florida's filled 1,018.")
    assert got[0] == ("1,742", "img_filled", {"year": 2025, "state": "NY"})


def test_the_two_groups_together_are_the_union_the_data_give():
    text = ("In the 2025 Match, 67.8% of U.S.-citizen IMGs and 58.0% of non-U.S.-citizen IMGs matched to a PGY-1 "
            "position. The two groups together matched at 60.8%.")
    assert reading(text)[-1] == ("60.8%", "img_match_rate_pct", {"year": 2025})
    # MD and DO seniors together are not one applicant type of the data: not judged (not all applicants either)
    f = next(f for f in read("In 2025, 93.5% of U.S. MD seniors and 92.6% of DO seniors matched. The two groups "
                             "together matched at 93%.") if f.stated == "93%")
    assert f.metric is None and "unsure which group" in f.reason


def test_a_list_for_comparison_measures_what_the_list_before_measures():
    """'For comparison:' introduces items of the measure the list before names ('PGY-1 match rates'); their years
    are their own, never the earlier lead-in's."""
    text = ("2025 Match, PGY-1 match rates:\n\n- U.S. MD seniors: 93.5%\n\nFor comparison:\n\n"
            "- Non-US IMGs in 2024: 58.5%\n- MD seniors in 2024: 93.2%\n- US IMGs: 67.0%\n")
    got = reading(text)
    assert got[:3] == [("93.5%", "match_rate_pct", {"year": 2025, "applicant_type": "us_md_senior"}),
                       ("58.5%", "match_rate_pct", {"year": 2024, "applicant_type": "non_us_img"}),
                       ("93.2%", "match_rate_pct", {"year": 2024, "applicant_type": "us_md_senior"})]
    f = unsure(text, "67.0%")  # the year compared is not the earlier list's 2025
    assert "year" in f.reason
    # without "for comparison" a list's lead-in is its own: a bare percentage of a group is not read as a rate
    unsure("2025 Match, PGY-1 match rates:\n\n- U.S. MD seniors: 93.5%\n\nAnd then:\n\n"
           "- MD seniors in 2024: 93.2%\n", "93.2%")


def test_the_year_of_the_report_a_figure_is_from_is_not_a_baseline():
    """'from the 2026 Charting Outcomes report' dates the figures (before: read as a baseline like 'from 2023',
    and the year taken from the paragraph before)."""
    text = ("Where IMGs land in 2025: internal medicine.\n\nThe scary stat is from the 2026 Charting Outcomes report: "
            "only 49% of non-US IMGs matched into their preferred specialty.")
    assert reading(text, "t.txt") == [("49%", "preferred_specialty_match_rate_pct",
                                       {"year": 2026, "applicant_type": "non_us_img"})]
    # a change's starting year still is a baseline
    f = next(f for f in read("Where IMGs land in 2025: internal medicine.\n\nThe rate rose from 2023 to 61%.")
             if f.stated == "61%")
    assert f.metric is None or f.dims["year"].value != 2023


def test_table_cells_take_row_and_column():
    text = ("<h1>PGY-1 match rates</h1><p>Rates are the share of active applicants who matched.</p>"
            "<table><tr><th>Applicant type</th><th>2024</th><th>2025</th></tr>"
            "<tr><td>U.S. DO seniors</td><td>92.3%</td><td>92.6%</td></tr></table>")
    assert reading(text, "t.html") == [("92.3%", "match_rate_pct", {"year": 2024, "applicant_type": "us_do_senior"}),
                                       ("92.6%", "match_rate_pct", {"year": 2025, "applicant_type": "us_do_senior"})]


# ---------------------------------------------------------------- certainty: no default is judged

@pytest.mark.parametrize("text, stated, which", [
    ("In 2025, 67.8% matched.", "67.8%", "unsure which group"),  # no group named
    ("U.S.-citizen IMGs matched at 67.8%.", "67.8%", "unsure which year"),  # no year anywhere
    ("In 2025, U.S.-citizen IMGs: 67.8%.", "67.8%", "unsure which metric"),  # what the percentage is: not said
    ("The 2025 Match.\n\nIn 2024, 67.0% of U.S.-citizen IMGs matched.\n\nFamily medicine filled 85.0% of its "
     "positions.", "85.0%", "unsure which year"),  # paragraphs before name 2025 and 2024
    ("In 2025, programs filled 3,928 positions, a figure California's governor praised.", "3,928",
     "unsure which state"),  # a state named, not as where the positions are ("California's programs" is)
])
def test_a_dimension_the_text_does_not_give_is_not_judged(text, stated, which):
    f = unsure(text, stated)
    assert which in f.reason


def test_applicants_without_a_group_are_all_applicants_by_the_words():
    f = read("In 2025, 52,498 applicants registered for the Match.")[0]
    assert f.metric == "registered_applicants" and f.dims["applicant_type"].value == "all_applicants"
    assert "no group named: all applicants" in f.dims["applicant_type"].source


def test_a_figure_about_something_without_a_metric_is_not_checked():
    f = read("In 2025, 70% of my mentees matched.")[0]
    assert f.metric is None and f.unsure is None


# ---------------------------------------------------------------- on the fixture: hints, summary, exit code

def test_unsure_figure_says_what_it_equals(db):
    ac = check_document(paths(), doc_of("In 2025, 65.0% matched. In 2025, 58.5% matched."))
    first, second = figures(ac)
    assert first.verdict == NC and "65.0% is the 2025 PGY-1 match rate of U.S.-citizen IMGs" in first.note
    assert second.verdict == NC and "unsure which group" in second.note and "2025" not in second.note.split(".")[-1]


def test_exit_code_one_only_for_contradictions(db, tmp_path):
    placed = tmp_path / "placed.md"
    placed.write_text("In 2019, 58.5% of non-U.S.-citizen IMGs matched.\n")  # not in data: could not place
    r = cli("check", str(placed), "--out", str(tmp_path / "o"))
    assert r.exit_code == 0, r.output
    assert "could not place" in r.output and "contradicted" not in r.output
    wrong = tmp_path / "wrong.md"
    wrong.write_text("In 2025, 71.0% of U.S.-citizen IMGs matched.\n")  # 65.0% in the fixture
    r = cli("check", str(wrong), "--out", str(tmp_path / "o"))
    assert r.exit_code == 1, r.output
    assert "1 contradicted: 1 wrong value" in r.output


def test_a_contradiction_another_reading_of_the_text_confirms_is_not_judged(db):
    # read for non-U.S.-citizen IMGs, 65.0% is wrong (50.0% in the fixture), but it is the rate of the U.S.-citizen
    # IMGs the same sentence names: which group is meant is not certain
    text = "U.S.-citizen IMGs did well in 2025: 65.0% of non-U.S.-citizen IMGs matched."
    f = figures(check_document(paths(), doc_of(text)))[0]
    assert f.verdict == NC and "unsure which group" in f.note and "65.0% is the 2025" in f.note
    alone = figures(check_document(paths(), doc_of("In 2025, 65.0% of non-U.S.-citizen IMGs matched.")))[0]
    assert alone.verdict == WV  # one group named: the reading is certain, and the data contradict it


def test_a_group_from_outside_the_clause_leaves_the_paragraphs_other_groups_plausible(db):
    # the group of "their rate" is the sentence's (non-U.S.-citizen IMGs, 50.0% in the fixture), but the paragraph
    # also names U.S.-citizen IMGs, whose rate 65.0% is: which group is meant is not certain
    text = "U.S.-citizen IMGs did well in 2025. Non-U.S.-citizen IMGs applied too, and in 2025 their rate was 65.0%."
    f = figures(check_document(paths(), doc_of(text)))[-1]
    assert f.verdict == NC and "unsure which group" in f.note, (f.verdict, f.note)
    own = figures(check_document(paths(), doc_of("In 2025 the rate of non-U.S.-citizen IMGs was 65.0%.")))[-1]
    assert own.verdict == WV, (own.verdict, own.note)  # the group in the figure's own clause: certain


# ---------------------------------------------------------------- round 3 (tests/article_holdout/ as tuning)

def test_a_count_of_people_is_not_read_as_positions():
    text = ("In 2025, family medicine, which drew 23 Lakeshore students, filled 85.0% of its 5,357 positions "
            "nationally.")
    f = next(f for f in read(text) if f.stated == "23")
    # not positions filled: "filled" is the verb of the 85.0% after it; students by specialty have no metric
    assert f.metric is None and ("a count of people" in f.reason or "applicants by specialty" in f.reason), \
        (f.metric, f.reason)
    assert [m for s, m, _ in reading(text) if s == "5,357"] == ["positions"]


def test_two_verbs_of_different_counts_after_a_figure_leave_the_metric_open():
    f = next(f for f in read("In 2024, 4,751 U.S.-citizen IMGs took part as active applicants.") if f.stated == "4,751")
    assert f.metric is None and "unsure which metric" in f.reason, (f.metric, f.reason)
    # the words of the whole before the figure are not its verb: "Of those active applicants, 37,667 matched"
    got = reading("In 2025, 47,208 applicants certified a rank order list. Of those active applicants, 37,667 matched.")
    assert ("37,667", "matched_pgy1", {"year": 2025, "applicant_type": "all_applicants"}) in got, got


def test_a_list_item_that_names_a_specialty_is_not_read_for_all_specialties():
    text = ("In the 2026 Charting Outcomes report for non-U.S. IMGs:\n\n"
            "- **Pathology.** 375 non-U.S. IMGs preferred it and 169 matched to it. Those who matched had a median "
            "Step 2 CK of 244; those who did not, 235.\n")
    for f in read(text):
        if f.stated in ("244", "235"):
            assert f.metric is None or "specialty_id" in f.dims, (f.stated, f.metric, f.dims)
    # the same sentence outside a list, with no specialty anywhere, is the all-specialty figure
    got = reading("In the 2026 Charting Outcomes report, non-U.S. IMGs who did not match had a median Step 2 CK of "
                  "242.")
    assert got and got[0][1] == "step2_median" and "specialty_id" not in got[0][2], got


def test_a_groups_share_of_filled_positions_in_a_state():
    got = reading("In 2025, the IMG share of filled positions in California was 14.4%.")
    assert got == [("14.4%", "img_share_pct", {"year": 2025, "state": "CA"})], got
    # "the share of filled positions" is someone's share of them, not the fill rate: with no group the data give
    # a share for, whose share is not certain
    for text in ("In 2025, the DO share of filled positions in California was 14.4%.",
                 "In 2025, the share of filled positions in internal medicine was 14.4%."):
        f = next(f for f in read(text) if f.stated == "14.4%")
        assert f.metric is None and "unsure which group" in f.reason, (text, f.metric, f.reason)


def test_a_positions_column_beside_a_filled_column_is_the_positions_offered():
    table = ("2025 Match by state:\n\n| State | Positions | Filled | IMG share of filled |\n|---|---|---|---|\n"
             "| California | 4,111 | 3,982 | 14.4% |\n")
    assert reading(table) == [("4,111", "positions", {"year": 2025, "state": "CA"}),
                              ("3,982", "filled", {"year": 2025, "state": "CA"}),
                              ("14.4%", "img_share_pct", {"year": 2025, "state": "CA"})]
    # without a "Filled" column, "Positions" may be offered, filled or unfilled: not read
    alone = "2025 Match by state:\n\n| State | Positions |\n|---|---|\n| California | 4,111 |\n"
    unsure(alone, "4,111")


def test_average_rank_order_list_length_with_its_outcome_and_group():
    text = ("In 2024, non-U.S. IMGs who matched had ranked 7.03 programs on average, those who did not match 3.25. "
            "U.S.-citizen IMGs who matched that year ranked 9.80, against 3.37 for the unmatched.")
    got = [(s, m, d["applicant_type"], d["outcome"]) for s, m, d in reading(text)]
    assert got == [("7.03", "avg_rol_length", "non_us_img", "matched"),
                   ("3.25", "avg_rol_length", "non_us_img", "unmatched"),
                   ("9.80", "avg_rol_length", "us_img", "matched"),
                   ("3.37", "avg_rol_length", "us_img", "unmatched")], got
    # not an average list length: ranks per position, a whole number of programs (advice), no outcome, no group
    for text, stated in (("Programs that filled in 2025 ranked 12.74 applicants per position offered.", "12.74"),
                         ("In 2025, rank at least 12 programs if you can.", "12"),
                         ("In 2025, U.S. MD seniors ranked 13.86 programs on average.", "13.86"),
                         ("In 2025, those who matched ranked 12.02 programs on average.", "12.02")):
        f = next(f for f in read(text) if f.stated == stated)
        assert f.metric is None, (text, f.metric, f.dims)


def test_a_lead_in_that_lists_every_program_type_is_all_types_together():
    text = ("The rates below count every program type in a specialty (categorical, preliminary, advanced and "
            "reserved):\n\n| Specialty | Filled 2023 | Filled 2024 |\n|---|---:|---:|\n"
            "| Emergency medicine | 83.6% | 95.5% |\n")
    got = reading(text)
    assert [(s, m, d.get("year"), d.get("program_type")) for s, m, d in got] == [
        ("83.6%", "fill_pct", 2023, None), ("95.5%", "fill_pct", 2024, None)], got
    # one type named beside the figure is still that type ("prelims" too)
    got = reading("In 2024, IM prelims filled 91.9%.")
    assert got[0][1] == "program_type_fill_pct" and got[0][2]["program_type"] == "preliminary", got


def test_a_labelled_list_item_takes_its_state_and_the_lead_ins_specialty():
    text = ("Share of filled first-year internal medicine positions that went to IMGs in 2025:\n\n"
            "- New Jersey: 60.8%\n- Florida: 56.0% (520 of 929 filled positions)\n")
    got = {s: (m, d.get("state"), d.get("specialty_id")) for s, m, d in reading(text)}
    assert got["60.8%"] == ("img_share_pct", "NJ", "internal-medicine"), got
    assert got["56.0%"] == ("img_share_pct", "FL", "internal-medicine"), got
    # a label that is no state leaves the figure national
    got = reading("Share of filled first-year internal medicine positions that went to IMGs in 2025:\n\n"
                  "- Nationally: 40.3%\n")
    assert got and "state" not in got[0][2], got
    # the verb's other forms: "went on to certify a rank order list"
    assert reading("In 2024, 44,853 applicants went on to certify a rank order list.")[0][1] == "active_applicants"


def test_a_specialtys_fill_with_a_year_after_each_figure():
    got = reading("Surgery prelim fill: 52.3% in 2024, 51.4% in 2023.")
    assert [(s, m, d["year"], d.get("program_type")) for s, m, d in got] == [
        ("52.3%", "program_type_fill_pct", 2024, "preliminary"), ("51.4%", "program_type_fill_pct", 2023, "preliminary")
    ], got
    # without a specialty, "fill" alone says no whose positions: not read as a fill rate
    assert all(m != "fill_pct" for _, m, _ in reading("Overall fill: 93.5% in 2024."))


def test_a_thread_post_number_and_a_unit_in_the_label():
    text = "2/ Match rates (%), 2025: MD seniors 93.5 · DO seniors 92.6 · US-citizen IMGs 67.8 · non-US IMGs 58.0"
    assert "2" not in [f.stated for f in read(text)]  # the post's number is no statistic
    got = [(s, m, d["applicant_type"]) for s, m, d in reading(text)]
    assert got == [("93.5", "match_rate_pct", "us_md_senior"), ("92.6", "match_rate_pct", "us_do_senior"),
                   ("67.8", "match_rate_pct", "us_img"), ("58.0", "match_rate_pct", "non_us_img")], got
    # no "(%)": a bare decimal is no percentage; a "/" inside a sentence is no post number
    assert reading("Match rates, 2025: MD seniors 93.5")[0][1] is None
    assert [f.stated for f in read("In 2025, 3/4 of applicants matched.")] == ["3", "4"]


def test_filled_a_of_their_b_positions_by_program_type():
    got = reading("Categorical internal medicine programs filled 10,979 of their 11,347 positions in 2025. In 2024, "
                  "categorical surgery programs filled 1,712 of 1,717 positions.")
    assert [(s, m, d.get("program_type")) for s, m, d in got] == [
        ("10,979", "program_type_filled", "categorical"), ("11,347", "program_type_positions", "categorical"),
        ("1,712", "program_type_filled", "categorical"), ("1,717", "program_type_positions", "categorical")], got


# ---------------------------------------------------------------- on the real reports

@pytest.mark.integration
def test_the_issues_examples_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    cases = [
        ("In 2025, U.S. MD seniors matched at 93.5% and DO seniors at 92.6%, while U.S.-citizen IMGs matched at "
         "67.8% and non-U.S.-citizen IMGs at 58.0%.", [C, C, C, C]),
        ("In 2024 the non-U.S. IMG rate stood at 58.5% and U.S. MD seniors matched at 93.5%.", [C, C]),
        ("In 2025, 58% of non-US IMGs matched, and IMGs filled 40% of internal medicine PGY-1 positions.", [C, C]),
        ("In 2025, for IMGs, internal medicine remains the main door: of its 12,952 positions, IMGs filled 40.3%.",
         [C, C]),
        ("Non-U.S. IMGs, 2025: 6,653 of 11,465 matched.", [C, C]),
        ("In 2025, in internal medicine, graduates of international schools took 40.3% of the first-year positions "
         "filled.", [C]),
        ("In 2024, 67.0% of U.S.-citizen IMGs matched, down from 67.6% in 2023.", [C, C]),
        ("In 2025 only 56.4% of preliminary surgery positions filled, against 99.8% of categorical surgery "
         "positions.", [C, C]),
        ("In the 2026 Charting Outcomes report, non-U.S. IMGs who matched to their preferred specialty had a median "
         "Step 2 CK of 248; the median of those who did not was 242.", [C, C]),
        ("For comparison:\n\n- Non-US IMGs in 2024: 58.5% (5,864 out of 10,021 active applicants)\n", [NC, NC, C]),
        ("In 2024, 3,181 U.S.-citizen IMGs matched.", [C]),
        ("In 2024, 3,500 U.S.-citizen IMGs matched.", [WV]),
        ("In 2024, 67.8% of U.S.-citizen IMGs matched.", [WY]),
    ]
    for text, want in cases:
        ac = check_document(paths(real_home), doc_of(text))
        assert [f.verdict for f in figures(ac)] == want, (text, [(f.stated, f.verdict, f.note) for f in figures(ac)])
    ac = check_document(paths(real_home), doc_of("For comparison:\n\n- Non-US IMGs in 2024: 58.5% (5,864 out of "
                                                 "10,021 active applicants)\n"))
    hints = [f.note for f in figures(ac)[:2]]
    assert "58.5% is the 2024 PGY-1 match rate of non-U.S.-citizen IMGs" in hints[0]
    assert "5,864 is the 2024 applicants matched to PGY-1 of non-U.S.-citizen IMGs" in hints[1]


@pytest.mark.integration
def test_evaluation_texts_on_real_data(real_home, monkeypatch):
    """The measure benchmarks/article_extraction.py prints, on the tuning and the test half of tests/article_eval/."""
    import importlib.util

    from pipeline.config import PROJECT_DIR

    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    spec = importlib.util.spec_from_file_location("article_extraction", PROJECT_DIR / "benchmarks"
                                                  / "article_extraction.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from tests.article_eval.gold import TEST, TUNING

    # both halves are tuning texts now (the even half was run once as a test half, then re-designated, see
    # tests/article_eval/README.md; the held-out texts are tests/article_holdout/). No false confirmation and no
    # false accusation on any of the 12 texts; decided right at least as measured (odd half 94.2%, even half 97.8%:
    # round 8 made one right contradiction unsure, an all-specialty median in a paragraph about surgery)
    for half, least_right in ((TUNING, 0.94), (TEST, 0.97)):
        s = mod.evaluate(half)
        counts = {k: v for k, v in s.items() if k != "wrong"}
        assert s["unannotated"] == 0 and s["false confirmations"] == 0, (counts, s["wrong"])
        assert s["false accusations"] == 0, (counts, s["wrong"])
        assert s["checkable right"] / s["checkable"] >= least_right, (counts, s["wrong"])
    # tests/article_holdout/: held out in round 2, tuning texts since round 3 (see its README); its guard: no
    # false confirmation, no false accusation, and decided right at least as measured at the end of round 3
    from tests.article_holdout.gold import TEXTS

    s = mod.evaluate(TEXTS, folder=mod.HOLDOUT)
    counts = {k: v for k, v in s.items() if k != "wrong"}
    assert s["false confirmations"] == 0 and s["false accusations"] == 0, (counts, s["wrong"])
    assert s["checkable right"] >= 225, (counts, s["wrong"])  # 227 until round 10, 226 until round 11 (two made unsure)
    # tests/article_holdout2/: held out in round 3, tuning texts since round 4 (see its README)
    from tests.article_holdout2.gold import TEXTS as TEXTS2

    s = mod.evaluate(TEXTS2, folder=mod.ROOT / "tests" / "article_holdout2")
    counts = {k: v for k, v in s.items() if k != "wrong"}
    assert s["false confirmations"] == 0 and s["false accusations"] == 0, (counts, s["wrong"])
    assert s["checkable right"] >= 151, (counts, s["wrong"])
    # tests/article_holdout3/ to tests/article_holdout254/: held out in rounds 4 to 21, tuning texts since (their
    # READMEs give the first runs; in round 11, holdout47-50 and 83-86 were read once holdout87-90 were written, and
    # each later batch of four once the next was; in round 12, holdout107-114 once 115-122 were written, 115-118 once
    # 119-126 were, 119-122 once 127-130 were, 123-130 once 131-134 were, and 131-134 once 135-138 were; in round 13,
    # 135-138 once 139-146 were written, 139-142 once 143-146 were run, 143-146 once 147-150 were written, and
    # 147-150 once 151-154 were; in round 14, 151-154 once 155-162 were written, 155-158 once they were run, and
    # 159-162, 163-166, 167-170 and 171-174 each once they were run and the next batch was being written; in round
    # 15, 175-178 once 179-186 were written, and 179-182, 183-186, 187-190, 191-194, 195-198, 199-202 and 203-206
    # each once it was run, the batch after it being written or written and run; in round 16, 207-210 once 211-218
    # were written, and 211-214 once they were run; in round 17, 215-222 once 219-222 were run and 223-230 written;
    # in round 18, 223-230 once 227-230 were run and 231-238 written; in round 19, 231-238 once 239-246 were
    # written and run; in round 20, 239-246 once 247-254 were written and run; in round 21, 247-254 once 255-262
    # were written and run). The sets with no false verdict at the end of round 21 keep none, and each keeps its decided
    # right at least as
    # measured then (the certainty guards of rounds 10 to 14 made a few right verdicts unsure: figures far from the
    # data's value, another quantity's value, a comparison's two sides read alike, a definition named nearest, a
    # national figure in a text whose title names a state, "this year" after a figure, "national" after a state's
    # figure; in round 13, holdout95's wrong 58.5 percent, once read as all IMGs' rate, is now the non-U.S.-citizen
    # IMGs' an aside names, unsure of its year, and holdout102's 85.0% after a sentence about Texas, once read
    # nationally, is unsure of its state; in round 14, holdout87's, 145's and 148's wrong rates of IMGs together, once
    # judged against a value the data do not hold for them, are unsure of their group, holdout19's, 100's and 136's
    # figures after figures dated one by one, or after a sentence dated both "this year" and by another year, are
    # unsure of their year: each was right by chance; holdout52's fill rate in a table of PGY-1 figures that also
    # says "program results" is unsure of its definition; holdout104's 25.1% "of all positions" beside a neurology
    # card is unsure of its specialty; in round 15, holdout145's "40.3%" after the 40.3% stated before is a
    # reference back, not judged again; in round 16, holdout30's "both filled 100%" after two specialties is unsure
    # of its specialty, and holdout200's "California at 14.4%", once unread, is read as California's all-level share
    # although the sentence before speaks of PGY-1 positions (a false confirmation), while its "Texas at 22.8%" is no
    # longer called wrong; holdout33's "it was 8,392 applicants with 7,737 matched", once unsure of its group, takes
    # the DO seniors of the clause before, which "it" refers to, and the verb of that clause: read as matched;
    # holdout45's wrong 96.0% for Ohio internal medicine, whose specialty and level come from far away, is unsure:
    # 96.0% is the reading without both, right by chance; in round 17, holdout161's "554 positions unfilled and a
    # fill rate of 86.1%, before 95.5% in 2024 and 97.9% in 2025", once unread, is read with the new unfilled metric
    # and takes 2024, the year of a later figure (a false accusation: leaving such figures unsure of their year cost
    # 32 right verdicts elsewhere), and holdout163's chat, now read as a conversation, no longer carries one
    # message's year to the next: two fewer right; in round 19, holdout198's wrong 3,181 (2024's count, stated for
    # 2025), once called a wrong value, is unsure of its year, and holdout211's categorical pediatrics 95.3%, now
    # read like the 92.0% before it, is unsure as that figure is (which program type): one fewer right each; in
    # round 20, holdout180's reply that quotes a true line before it ("> 6,992 non-US IMGs preferred IM", annotated
    # not checkable as a quote), once unsure of its year between the 2026 report and the 2025 Match, is read in
    # 2026, the one year the data hold for it: a false confirmation (leaving such quoted lines unjudged cost 13 right
    # verdicts elsewhere, where the annotators judged them); in round 21, holdout187's wrong 157 ("non-U.S.-citizen
    # IMGs accounted for 157 of them"), once called a different definition, is read as the part of the positions
    # before it the group took, like a figure whose own reading is unsure: one fewer right)
    import importlib

    ZERO_FALSE = (
        ("holdout3", 181), ("holdout4", 190), ("holdout5", 145), ("holdout6", 192), ("holdout7", 199),
        ("holdout8", 174), ("holdout9", 170), ("holdout10", 156), ("holdout11", 172), ("holdout12", 201),
        ("holdout13", 156), ("holdout15", 156), ("holdout16", 193), ("holdout17", 150), ("holdout18", 130),
        ("holdout19", 113), ("holdout20", 133), ("holdout21", 96), ("holdout23", 149), ("holdout25", 145),
        ("holdout26", 158), ("holdout28", 141), ("holdout30", 150), ("holdout31", 162), ("holdout32", 139),
        ("holdout34", 116), ("holdout35", 128), ("holdout36", 149), ("holdout37", 132), ("holdout39", 118),
        ("holdout41", 123), ("holdout42", 108), ("holdout44", 143), ("holdout46", 111), ("holdout47", 135),
        ("holdout48", 126), ("holdout49", 154), ("holdout51", 170), ("holdout52", 130), ("holdout53", 154),
        ("holdout55", 138), ("holdout57", 140), ("holdout58", 152), ("holdout61", 143), ("holdout62", 139),
        ("holdout63", 170), ("holdout64", 127), ("holdout65", 119), ("holdout66", 171), ("holdout67", 159),
        ("holdout68", 123), ("holdout70", 123), ("holdout73", 142), ("holdout75", 136), ("holdout76", 129),
        ("holdout77", 127), ("holdout79", 101), ("holdout80", 168), ("holdout83", 147), ("holdout85", 175),
        ("holdout86", 154), ("holdout88", 141), ("holdout90", 129), ("holdout92", 139), ("holdout93", 149),
        ("holdout94", 113), ("holdout95", 101), ("holdout96", 117), ("holdout97", 117), ("holdout100", 110),
        ("holdout103", 133), ("holdout105", 145), ("holdout106", 142), ("holdout107", 148), ("holdout108", 130),
        ("holdout109", 145), ("holdout111", 156), ("holdout112", 146), ("holdout113", 153), ("holdout114", 137),
        ("holdout115", 110), ("holdout117", 169), ("holdout118", 158), ("holdout119", 152), ("holdout120", 104),
        ("holdout121", 150), ("holdout122", 136), ("holdout123", 112), ("holdout125", 167), ("holdout127", 153),
        ("holdout128", 151), ("holdout129", 133), ("holdout130", 148), ("holdout131", 115), ("holdout132", 135),
        ("holdout135", 127), ("holdout137", 144), ("holdout139", 153), ("holdout140", 173), ("holdout141", 130),
        ("holdout142", 141), ("holdout143", 156), ("holdout144", 170), ("holdout146", 129), ("holdout147", 138),
        ("holdout148", 120), ("holdout149", 163), ("holdout151", 155), ("holdout152", 119), ("holdout153", 150),
        ("holdout154", 136), ("holdout155", 161), ("holdout156", 143), ("holdout157", 145), ("holdout158", 148),
        ("holdout159", 185), ("holdout160", 164), ("holdout162", 149), ("holdout163", 122), ("holdout164", 177),
        ("holdout165", 207), ("holdout166", 112), ("holdout167", 177), ("holdout168", 131), ("holdout169", 130),
        ("holdout170", 186), ("holdout171", 154), ("holdout172", 122), ("holdout173", 128), ("holdout174", 171),
        ("holdout175", 180), ("holdout176", 139), ("holdout177", 161), ("holdout178", 168), ("holdout179", 188),
        ("holdout181", 131), ("holdout182", 180), ("holdout183", 98), ("holdout185", 122), ("holdout186", 161),
        ("holdout188", 150), ("holdout189", 127), ("holdout190", 146), ("holdout191", 151), ("holdout193", 175),
        ("holdout194", 124), ("holdout195", 134), ("holdout196", 133), ("holdout199", 167), ("holdout202", 149),
        ("holdout203", 142), ("holdout206", 179), ("holdout207", 147), ("holdout208", 181), ("holdout209", 154),
        ("holdout210", 156), ("holdout211", 164), ("holdout212", 220), ("holdout213", 164), ("holdout214", 174),
        ("holdout216", 133), ("holdout217", 146), ("holdout218", 175), ("holdout219", 168), ("holdout220", 198),
        ("holdout221", 109), ("holdout222", 162), ("holdout223", 165), ("holdout224", 184), ("holdout225", 175),
        ("holdout227", 168), ("holdout228", 188), ("holdout229", 160), ("holdout230", 156), ("holdout231", 178),
        ("holdout232", 178), ("holdout233", 142), ("holdout234", 143), ("holdout235", 162), ("holdout236", 143),
        ("holdout237", 163), ("holdout240", 157), ("holdout241", 162), ("holdout242", 159), ("holdout243", 169),
        ("holdout245", 127), ("holdout246", 162), ("holdout247", 168), ("holdout249", 183), ("holdout250", 139),
        ("holdout251", 172), ("holdout252", 149), ("holdout253", 200), ("holdout254", 180)
    )
    for name, least in ZERO_FALSE:
        texts = importlib.import_module(f"tests.article_{name}.gold").TEXTS
        s = mod.evaluate(texts, folder=mod.ROOT / "tests" / f"article_{name}")
        counts = {k: v for k, v in s.items() if k != "wrong"}
        assert s["false confirmations"] == 0 and s["false accusations"] == 0, (name, counts, s["wrong"])
        assert s["checkable right"] >= least, (name, counts, s["wrong"])
    # the tuned sets that still have false verdicts at the end of round 11: no more than then, and as many decided
    SOME_FALSE = (
        ("holdout14", 2, 0, 115), ("holdout22", 0, 1, 152), ("holdout24", 0, 2, 111), ("holdout27", 0, 1, 110),
        ("holdout29", 1, 1, 151), ("holdout33", 0, 1, 113), ("holdout38", 0, 1, 168), ("holdout40", 0, 1, 85),
        ("holdout43", 0, 2, 113), ("holdout45", 0, 2, 147), ("holdout50", 0, 1, 137), ("holdout54", 1, 0, 84),
        ("holdout56", 1, 0, 147), ("holdout59", 1, 0, 150), ("holdout60", 1, 1, 80), ("holdout69", 1, 1, 156),
        ("holdout71", 0, 2, 138), ("holdout72", 1, 0, 159), ("holdout74", 0, 1, 129), ("holdout78", 1, 0, 117),
        ("holdout81", 1, 0, 135), ("holdout82", 0, 2, 125), ("holdout84", 1, 0, 134), ("holdout87", 1, 2, 147),
        ("holdout89", 0, 1, 154), ("holdout91", 1, 0, 118), ("holdout98", 0, 1, 137), ("holdout99", 2, 0, 154),
        ("holdout101", 0, 1, 137), ("holdout102", 0, 2, 104), ("holdout104", 0, 1, 122), ("holdout110", 0, 2, 167),
        ("holdout116", 0, 1, 129), ("holdout124", 0, 2, 135), ("holdout126", 2, 0, 131), ("holdout133", 1, 0, 158),
        ("holdout134", 1, 1, 133), ("holdout136", 1, 0, 147), ("holdout138", 1, 0, 119), ("holdout145", 0, 2, 132),
        ("holdout150", 0, 1, 129), ("holdout161", 0, 1, 160), ("holdout180", 1, 0, 166), ("holdout184", 1, 0, 168),
        ("holdout187", 0, 1, 172), ("holdout192", 0, 1, 115), ("holdout197", 0, 1, 146), ("holdout198", 0, 2, 165),
        ("holdout200", 1, 1, 155), ("holdout201", 1, 1, 180), ("holdout204", 0, 1, 169), ("holdout205", 1, 1, 146),
        ("holdout215", 1, 0, 159), ("holdout226", 0, 1, 130), ("holdout238", 1, 0, 140), ("holdout239", 1, 0, 160),
        ("holdout244", 0, 2, 167), ("holdout248", 0, 1, 163)
    )
    for name, most_fc, most_fa, least in SOME_FALSE:
        texts = importlib.import_module(f"tests.article_{name}.gold").TEXTS
        s = mod.evaluate(texts, folder=mod.ROOT / "tests" / f"article_{name}")
        counts = {k: v for k, v in s.items() if k != "wrong"}
        assert s["false confirmations"] <= most_fc and s["false accusations"] <= most_fa, (name, counts, s["wrong"])
        assert s["checkable right"] >= least, (name, counts, s["wrong"])


@pytest.mark.integration
def test_round_3_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    def verdicts(text):
        return [(f.stated, f.verdict, f.note) for f in figures(check_document(paths(real_home), doc_of(text)))]

    # the headline rate ends in 2025 but the data hold 2026 (Charting Outcomes): the figure may be that report's,
    # so it is not placed rather than "not in data"; a year no table holds is still "not in data"
    got = verdicts("In 2026, 45.1% of non-U.S.-citizen IMGs matched.")
    assert got[0][1] == NC and got[0][2].startswith("could not place: the data hold 2026"), got
    assert verdicts("In 2031, 45.1% of non-U.S.-citizen IMGs matched.")[0][1] == "not in data"
    # a paragraph that names the rank-order-list report (no couples) makes its rate the figure's definition
    named = ("NRMP's report on rank order list length leaves out couples, so its rates differ. In that report, "
             "58.3% of non-U.S.-citizen IMGs matched in 2025.")
    assert [v for _, v, _ in verdicts(named)] == [C], verdicts(named)
    bare = verdicts("In 2025, 58.3% of non-U.S.-citizen IMGs matched.")
    assert [v for _, v, _ in bare] == ["different definition"], bare
    # the average rank order list length (rol_length): 7.03 and 3.25 are the 2024 figures; 7.52 is 2021's, not 2023's
    rol = verdicts("In 2024, non-U.S. IMGs who matched had ranked 7.03 programs on average, those who did not match "
                   "3.25. In 2023 the non-U.S. IMGs who matched ranked 7.52 programs on average.")
    assert [v for _, v, _ in rol] == [C, C, WY], rol
    # a specialty's fill rate in a year the state/specialty report lacks (2024): the program results' rate
    fill = verdicts("In 2024, emergency medicine filled 95.5% of its positions.")
    assert [v for _, v, _ in fill] == [C] and "program results" in fill[0][2], fill


# ---------------------------------------------------------------- round 4 (tests/article_holdout2/ as tuning)

def test_a_sub_item_takes_its_parent_items_specialty_and_program_type():
    text = ("Fill rates by program type:\n\n"
            "- Preliminary surgery, 2024: 52.3%\n"
            "  - 2025: 56.4%\n"
            "- Categorical internal medicine, 2025: 95.8%\n")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["56.4%"] == ("program_type_fill_pct", {"year": 2025, "specialty_id": "surgery",
                                                      "program_type": "preliminary"}), got
    # a top-level item is nobody's sub-item: it keeps its own specialty and type
    assert got["95.8%"][1]["specialty_id"] == "internal-medicine", got


def test_a_caption_clause_about_another_measure_does_not_give_its_level():
    text = ("<p>Match rates are first-year (PGY-1) match rates of active applicants; fill rates count all program "
            "types.</p><table><tr><th>Measure</th><th>2023</th></tr>"
            "<tr><td>Positions offered</td><td>40,375</td></tr>"
            "<tr><td>Match rate, U.S. MD seniors</td><td>93.7%</td></tr></table>")
    got = {s: (m, d) for s, m, d in reading(text, "t.html")}
    assert got["40,375"] == ("positions_total", {"year": 2023}), got  # all levels, not PGY-1
    assert got["93.7%"][0] == "match_rate_pct", got


def test_what_happens_typically_is_not_one_years_figure():
    text = ("In 2025, orthopaedic surgery filled 100.0% of its 929 positions. Family medicine typically fills about "
            "85% of its positions.")
    f = next(f for f in read(text) if f.stated == "85%")
    assert f.metric is None and "a general statement" in f.reason, (f.metric, f.reason)
    # a clause with a year of its own is that year's figure
    got = reading("In 2025 family medicine usually fills, and filled 85.0% of its positions.")
    assert got and got[0][2].get("year") == 2025 and got[0][1] == "fill_pct", got


def test_across_all_specialties_takes_no_specialty_from_the_sentence_before():
    text = ("In the 2026 Charting Outcomes report, among non-U.S. IMGs who preferred family medicine, 53.9 percent "
            "matched to it. Across all specialties, 49.0 percent of non-U.S. IMGs matched to their preferred "
            "specialty.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["53.9 percent"][1]["specialty_id"] == "family-medicine", got
    assert got["49.0 percent"][0] == "preferred_specialty_match_rate_pct", got
    assert "specialty_id" not in got["49.0 percent"][1], got


def test_the_state_of_the_programs_the_state_and_the_title():
    text = ("# Florida hospitals fill most residency slots\n\n"
            "Florida programs offered 1,009 first-year internal medicine positions in 2025 and filled 929; IMGs "
            "took 56.0 percent of the filled spots.\n\n"
            "In 2025, emergency medicine programs in the state filled 239 of 254 positions.\n\n"
            "In 2025, pediatrics filled 96.4 percent of its 194 first-year slots, and IMGs took 44.2 percent of "
            "them.\n\n"
            "Nationally, the 2025 Match offered 43,237 positions.\n")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["56.0 percent"][1].get("state") == "FL", got  # the sentence's one state, its programs' place
    assert got["239"][1].get("state") == "FL" and got["254"][1].get("state") == "FL", got  # "in the state"
    assert got["96.4 percent"][1].get("state") == "FL", got  # the title's only state
    assert got["44.2 percent"][1].get("specialty_id") == "pediatrics", got  # "of them": the slots before
    assert "state" not in got["43,237"][1], got  # "Nationally"
    # a text whose title names one state but which names another too: the title does not place a figure
    other = reading("# Florida hospitals\n\nIn 2025, pediatrics filled 96.4 percent of its positions; Ohio did "
                    "too.\n")
    assert all("state" not in d or d["state"] != "FL" for s, m, d in other if s == "96.4 percent"), other


def test_a_count_after_percent_of_is_the_whole():
    got = {s: (m, d) for s, m, d in reading("In 2025, general surgery filled 88.2 percent of 215 positions.")}
    assert got["215"][0] == "positions" and got["88.2 percent"][0] == "fill_pct", got


def test_a_series_of_figures_each_in_its_year_shares_one_reading():
    got = reading("- Non-U.S.-citizen IMGs matched: 5,032 in 2023, 5,864 in 2024\n")
    assert got == [("5,032", "matched_pgy1", {"year": 2023, "applicant_type": "non_us_img"}),
                   ("5,864", "matched_pgy1", {"year": 2024, "applicant_type": "non_us_img"})], got
    got = reading("Family medicine filled 85.0% of its positions in 2025, compared with 87.8% in 2023.")
    assert [(s, m, d.get("year"), d.get("specialty_id")) for s, m, d in got] == [
        ("85.0%", "fill_pct", 2025, "family-medicine"), ("87.8%", "fill_pct", 2023, "family-medicine")], got
    # words of its own between the two ("were first-year positions"): not the same reading
    got = reading("In 2025, 43,237 positions were offered, of which 40,041 were first-year positions, compared "
                  "with 41,503 positions in 2024.")
    assert ("41,503", "positions_pgy1", {"year": 2024}) not in got, got


def test_the_parts_of_a_rate_in_brackets_and_a_rate_of_after_a_colon():
    got = {s: (m, d) for s, m, d in reading("U.S. DO seniors matched at 92.6% in 2025 (7,773 of 8,392).")}
    assert got["7,773"] == ("matched_pgy1", {"year": 2025, "applicant_type": "us_do_senior"}), got
    assert got["8,392"] == ("active_applicants", {"year": 2025, "applicant_type": "us_do_senior"}), got
    text = ("In the 2026 Charting Outcomes report, among non-U.S. IMGs who preferred family medicine, 53.9 percent "
            "matched to it (599 of 1,112).")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["599"][0] == "preferred_specialty_matched", got
    assert got["1,112"][0] == "preferred_specialty_applicants", got
    assert got["1,112"][1]["specialty_id"] == "family-medicine", got
    text = ("In 2025, 6,653 non-U.S.-citizen international medical graduates matched to a first-year position, out "
            "of 11,465 who certified a rank order list: a match rate of 58.0%.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["6,653"] == ("matched_pgy1", {"year": 2025, "applicant_type": "non_us_img"}), got
    assert got["58.0%"] == ("match_rate_pct", {"year": 2025, "applicant_type": "non_us_img"}), got


def test_rank_order_list_length_under_a_heading_and_for_applicants():
    text = ("## Rank order list length, 2024 (couples excluded)\n\n"
            "- Non-U.S. IMGs who matched: 7.03 programs on average\n"
            "- Non-U.S. IMGs who did not match: 3.25\n")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["7.03"] == ("avg_rol_length", {"year": 2024, "applicant_type": "non_us_img", "outcome": "matched"})
    assert got["3.25"] == ("avg_rol_length", {"year": 2024, "applicant_type": "non_us_img", "outcome": "unmatched"})
    got = {s: (m, d) for s, m, d in reading("NRMP data for 2025 show that applicants who matched had ranked 12.02 "
                                            "programs on average.")}
    assert got["12.02"][1]["applicant_type"] == "all_applicants", got
    # a heading about something else gives no ranking: the same list is not read as rank order list lengths
    other = reading("## Interviews, 2024\n\n- Non-U.S. IMGs who matched: 7.03 on average\n")
    assert all(m != "avg_rol_length" for s, m, d in other), other


# ---------------------------------------------------------------- round 5 (tests/article_holdout3/ as tuning)

def test_a_footnote_marker_ends_a_sentence_like_its_full_stop():
    text = ("Emergency medicine's fill rate fell to 81.6% in 2023 before recovering to 95.5% in 2024.[13] In "
            "preliminary general surgery programs, 52.3% of positions filled in 2024.[14]")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["95.5%"][1].get("specialty_id") == "emergency-medicine", got
    assert got["52.3%"][1].get("program_type") == "preliminary", got


def test_hearsay_guesses_and_forecasts_are_not_statistics():
    for text, stated in (("DEV: I'd bet we cross 50,000 active applicants next year.", "50,000"),
                         ("Mo: I heard IM takes like 3794 non US IMGs in 2025", "3794"),
                         ("In 2026, 49.0% matched to their preferred specialty, up from roughly 45% in the previous "
                          "edition.", "45%")):
        f = next(f for f in read(text) if f.stated == stated)
        assert f.metric is None, (text, f.metric, f.dims)


def test_a_later_clauses_reference_back_does_not_bring_the_sentence_before():
    text = ("By 2020 the number of positions had risen to 37,256 (34,662 of them at the PGY-1 level). The 2021 Match "
            "offered 38,106 positions and filled 36,719 of them.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["38,106"] == ("positions_total", {"year": 2021}), got  # not PGY-1 from the sentence before


def test_a_group_the_metric_cannot_hold_is_not_dropped():
    text = "In 2025, U.S. DO seniors took 1,482 of the positions that went unfilled."
    f = next(f for f in read(text) if f.stated == "1,482")
    assert f.metric is None and "not for U.S. DO seniors" in f.reason, (f.metric, f.reason)


def test_a_year_in_brackets_after_another_figure_is_that_figures():
    text = "Nationally, 2,473 positions went unfilled after the algorithm this year (2,652 in 2024)."
    got = {s: (m, d) for s, m, d in reading(text)}
    assert "2,473" not in got or got["2,473"][1].get("year") != 2024, got
    assert got["2,652"] == ("unfilled", {"year": 2024}), got
    # outside brackets the sentence's year is shared: "A at 99.8% in 2025, while B at 52.3%"
    got = {s: (m, d) for s, m, d in reading("In general surgery, categorical positions filled at 99.8% in 2025, "
                                            "while preliminary surgery positions filled at just 52.3%.")}
    assert got["52.3%"][1].get("year") == 2025, got


def test_an_outcome_comes_from_the_figures_own_clause():
    text = ("In the 2026 Charting Outcomes report, 6,992 non-U.S. IMGs preferred internal medicine and 3,392 of "
            "them matched to it. Their median Step 2 CK was 251; those who did not match had a median of 243.")
    got = {s: d.get("outcome") for s, m, d in reading(text) if m == "step2_median"}
    assert got == {"251": "matched", "243": "not_matched"}, got


def test_an_images_text_alternative_is_read():
    text = ('<p>Intro.</p><figure><img src="m.png" alt="In 2025, IMGs filled 41.7% of the filled positions in New '
            'Jersey."><figcaption>Figure 1.</figcaption></figure>')
    got = reading(text, "t.html")
    assert ("41.7%", "img_share_pct", {"year": 2025, "state": "NJ"}) in got, got


def test_a_column_headed_as_percentages_and_all_position_levels():
    text = ("<table><caption>The 2025 Main Residency Match, all position levels (PGY-1, PGY-2 and Physician)"
            "</caption><tr><th>State</th><th>Positions offered</th><th>Filled by IMGs</th>"
            "<th>IMG share of filled (%)</th></tr>"
            "<tr><td>New York</td><td>5,105</td><td>1,724</td><td>35.4</td></tr></table>")
    figs = {f.stated: f for f in read(text, "t.html")}
    assert figs["35.4"].unit == "percent" and figs["35.4"].metric == "img_share_pct", figs["35.4"]
    assert figs["1,724"].metric == "img_filled" and "position_level" not in figs["1,724"].dims, figs["1,724"].dims
    assert figs["1,724"].all_levels and "position_level" not in figs["1,724"].alternatives
    # a count column is not a percentage; a cell with words is not read as one either
    assert figs["5,105"].unit == "count"


def test_an_abstracts_rank_list_chain_sample_sizes_and_fractions():
    text = ("Results: among U.S. MD seniors, the mean ROL length of matched applicants increased from 11.72 (2015) "
            "to a peak of 14.31 (2022) and then declined to 13.68 (2025); unmatched U.S. MD seniors ranked fewer.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["14.31"] == ("avg_rol_length", {"year": 2022, "applicant_type": "us_md_senior", "outcome": "matched"})
    assert got["13.68"] == ("avg_rol_length", {"year": 2025, "applicant_type": "us_md_senior", "outcome": "matched"})
    got = {s: (m, d) for s, m, d in reading("In 2025, headline match rates were 93.5% for U.S. MD seniors "
                                            "(n = 20,368) and 58.0% for non-U.S.-citizen IMGs (n = 11,465).")}
    assert got["20,368"] == ("active_applicants", {"year": 2025, "applicant_type": "us_md_senior"}), got
    assert got["11,465"] == ("active_applicants", {"year": 2025, "applicant_type": "non_us_img"}), got
    got = {s: (m, d) for s, m, d in reading("In 2024, U.S.-citizen IMGs matched at 67.0% (3,181/4,751).")}
    assert got["3,181"] == ("matched_pgy1", {"year": 2024, "applicant_type": "us_img"}), got
    assert got["4,751"] == ("active_applicants", {"year": 2024, "applicant_type": "us_img"}), got
    # "(couples included)" says what the headline rate counts: it is not a figure about couples
    got = {s: (m, d) for s, m, d in reading("The headline PGY-1 match rate (couples included) was 79.6% in 2019.")}
    assert got["79.6%"] == ("match_rate_pct", {"year": 2019, "applicant_type": "all_applicants"}), got
    f = next(f for f in read("In 2025, 1,900 couples took part in the Couples Match.") if f.stated == "1,900")
    assert f.metric is None and "couples" in f.reason, (f.metric, f.reason)


def test_a_wire_storys_applicants_numbered_went_on_to_certify_and_of_those():
    text = ("Applicants to the 2024 Main Residency Match numbered 50,413 at registration, and 44,853 went on to "
            "certify a rank order list. Of those, 35,984 matched to a first-year position.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["50,413"] == ("registered_applicants", {"year": 2024, "applicant_type": "all_applicants"}), got
    assert got["44,853"] == ("active_applicants", {"year": 2024, "applicant_type": "all_applicants"}), got
    assert got["35,984"] == ("matched_pgy1", {"year": 2024, "applicant_type": "all_applicants"}), got
    got = {s: (m, d) for s, m, d in reading("In 2024, U.S. citizens who studied medicine abroad fared worse: 3,181 "
                                            "of 4,751 matched. Non-U.S. citizens who studied abroad: 5,864 matching "
                                            "out of 10,021.")}
    assert got["3,181"][1]["applicant_type"] == "us_img" and got["4,751"][0] == "active_applicants", got
    assert got["5,864"] == ("matched_pgy1", {"year": 2024, "applicant_type": "non_us_img"}), got


def test_a_chat_export_is_one_message_per_paragraph_and_no_year_carries_over():
    from pipeline.check import document

    text = ("[21:04] Sana: last yr 58.5\n[21:05] Ravi: no 59.4 was 2023\n[21:06] Mo: and us 6653 matched out of "
            "11465\n[21:07] Lin: FM charting: 599 matched of 1112\n")
    doc = document.parse("chat.txt", text, "text")
    assert len(doc.blocks) == 4 and doc.conversation  # (a short first line of a plain text reads as its title)
    f = next(f for f in read(text, "chat.txt") if f.stated == "6653")
    assert f.metric is None and "year" in f.reason, (f.metric, f.dims, f.reason)
    # an article's paragraphs are not a conversation: the year of the paragraph before carries over
    art = document.parse("a.txt", "In 2025, the Match grew.\n\nPrograms offered 43,237 positions.\n", "text")
    assert not art.conversation
    assert reading("In 2025, the Match grew.\n\nPrograms offered 43,237 positions.\n", "a.txt")[0][2] == {"year": 2025}


def test_a_level_after_the_whole_is_the_parts_too():
    got = {s: (m, d) for s, m, d in reading("In 2025, dermatology filled 523 of 542 PGY-2 positions.")}
    assert got["523"][1].get("position_level") == "PGY-2" and got["542"][1].get("position_level") == "PGY-2", got


def test_a_list_of_specialties_from_the_charting_outcomes_report():
    text = ("## Your preferred specialty\n\n"
            "NRMP's Charting Outcomes report for the 2026 Match follows non-U.S. IMGs by their preferred specialty. "
            "Some specialties from that report:\n\n"
            "- **Neurology.** 513 applicants, 215 matched (41.9%). Medians: 252 matched, 244 not matched.\n"
            "- **Obstetrics and gynecology.** Only 44 of 134 applicants matched, 32.8%.\n")
    got = {s: (m, d) for s, m, d in reading(text)}
    want = {"year": 2026, "applicant_type": "non_us_img", "specialty_id": "neurology"}
    assert got["513"] == ("preferred_specialty_applicants", want), got
    assert got["215"] == ("preferred_specialty_matched", want), got
    assert got["41.9%"] == ("preferred_specialty_match_rate_pct", want), got
    assert got["252"][0] is None, got  # "Medians:" without saying of what: not read as a count of the matched
    assert got["44"][0] in (None, "preferred_specialty_matched"), got  # who matched, never the applicants
    # the same list under a section that does not name the report is not read as its figures
    other = {s: m for s, m, d in reading(text.replace("NRMP's Charting Outcomes report for the 2026 Match follows "
                                                      "non-U.S. IMGs by their preferred specialty. ", ""))}
    assert other.get("513") != "preferred_specialty_applicants", other


def test_a_list_of_years_repeats_the_first_items_reading():
    text = ("- 2023: non-US IMGs matched at 59.4%\n"
            "- 2024: 58.5% (5,864 matched)\n"
            "- 2025: 58.0%, i.e. 6,653 out of 11,465 active applicants\n")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["58.5%"] == ("match_rate_pct", {"year": 2024, "applicant_type": "non_us_img"}), got
    assert got["5,864"] == ("matched_pgy1", {"year": 2024, "applicant_type": "non_us_img"}), got
    assert got["58.0%"] == ("match_rate_pct", {"year": 2025, "applicant_type": "non_us_img"}), got
    assert got["6,653"] == ("matched_pgy1", {"year": 2025, "applicant_type": "non_us_img"}), got
    assert got["11,465"] == ("active_applicants", {"year": 2025, "applicant_type": "non_us_img"}), got
    # an item with words of its own after the label is read by its own words
    got = {s: (m, d) for s, m, d in reading("- 2023: 5,032 non-US IMGs matched\n- 2024: 41,503 positions were "
                                            "offered\n")}
    assert got["41,503"][0] == "positions_total", got


def test_a_label_that_declares_percent_and_a_paragraph_for_comparison():
    text = ("2/ Match rates (%), 2025: MD seniors 93.5 · DO seniors 92.6 · non-US IMGs 58.0\n\n"
            "3/ 2024 for comparison: DO seniors 92.3%, non-US IMGs 58.5%.\n")
    got = {s: (m, d) for s, m, d in reading(text, "t.txt")}
    assert got["93.5"] == ("match_rate_pct", {"year": 2025, "applicant_type": "us_md_senior"}), got
    assert got["58.0"] == ("match_rate_pct", {"year": 2025, "applicant_type": "non_us_img"}), got
    assert got["92.3%"] == ("match_rate_pct", {"year": 2024, "applicant_type": "us_do_senior"}), got
    # without "(%)" a bare number is not a percentage, and without "for comparison" a paragraph is its own
    got = {s: (m, d) for s, m, d in reading("Match rates, 2025: MD seniors 93.5\n\n2024: DO seniors 92.3%.\n",
                                            "t.txt")}
    assert got["93.5"][0] is None and got["92.3%"][0] is None, got


def test_short_names_of_specialties():
    got = {s: d.get("specialty_id") for s, m, d in reading("In 2025, psych filled 2,380 of 2,388 positions; gen "
                                                          "surg filled 82.3% and derm 99.8%.")}
    assert got["2,380"] == "psychiatry" and got["82.3%"] == "surgery", got


def test_a_newsletters_scope_statement_capital_headings_and_opening_year():
    text = ("Subject: What the new Charting Outcomes means for you\n\n"
            "The 2026 edition is out. All figures below are for non-U.S. IMGs and are about matching to the specialty "
            "you said you preferred.\n\n"
            "FAMILY MEDICINE\n1,112 applicants, 599 matched, a rate of 53.9%. Median Step 2 CK: 230 for matched "
            "applicants.\n\n"
            "THE ACTUAL MATCH\nIn the 2025 Main Residency Match itself, 6,653 non-U.S.-citizen IMGs matched to "
            "first-year positions.\n")
    from pipeline.check import document

    doc = document.parse("n.txt", text, "text")
    assert [r for r in (text[b.start:b.end] for b in doc.blocks if b.kind == "heading")][-2:] == [
        "FAMILY MEDICINE", "THE ACTUAL MATCH"]
    got = {s: (m, d) for s, m, d in reading(text, "n.txt")}
    want = {"year": 2026, "applicant_type": "non_us_img", "specialty_id": "family-medicine"}
    assert got["1,112"] == ("preferred_specialty_applicants", want), got
    assert got["599"] == ("preferred_specialty_matched", want), got
    assert got["53.9%"] == ("preferred_specialty_match_rate_pct", want), got
    assert got["230"][0] == "step2_median" and got["230"][1]["applicant_type"] == "non_us_img", got
    # the Main Residency Match itself is not the report the scope statement names
    assert got["6,653"] == ("matched_pgy1", {"year": 2025, "applicant_type": "non_us_img"}), got


# ---------------------------------------------------------------- round 6 (tests/article_holdout4/ as tuning)

def test_a_year_after_a_bound_word_and_a_label_year_before_another_figures_year():
    got = {s: (m, d) for s, m, d in reading("In 2025 non-U.S.-citizen IMGs matched at 58.0%. That's slightly below "
                                            "2024, when the rate was 58.5% (5,864 matched out of 10,021).")}
    assert got["58.5%"][1]["year"] == 2024 and got["10,021"][1]["year"] == 2024, got
    got = {s: (m, d) for s, m, d in reading("- EM 2023: only 81.6% of positions filled, then 95.5% in 2024\n")}
    assert got["81.6%"][1]["year"] == 2023 and got["95.5%"][1]["year"] == 2024, got


def test_the_specialty_refers_to_the_one_named_before_or_is_not_read():
    text = "Psychiatry grew fast. In 2015 the specialty offered 1,357 positions across all program types."
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["1,357"][1].get("specialty_id") == "psychiatry", got
    f = next(f for f in read("In 2015 the specialty offered 1,357 positions.") if f.stated == "1,357")
    assert f.metric is None and "unsure which specialty" in f.reason, (f.metric, f.reason)


def test_more_words_for_the_first_year_and_for_matching():
    got = {s: (m, d) for s, m, d in reading("In 2019 programs offered 35,185 positions, 32,194 of them in the "
                                            "first postgraduate year.")}
    assert got["32,194"] == ("positions_pgy1", {"year": 2019}), got
    text = ("In the 2026 Charting Outcomes report, non-U.S. IMGs who preferred dermatology matched at 16.7%, which "
            "means only 5 applicants got in.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["5"][0] == "preferred_specialty_matched", got


def test_a_bold_paragraph_label_names_the_paragraphs_state_and_a_share_of_positions_filled():
    text = ("**Texas.** Texas, the second-largest state, filled 2,712 of 2,871 positions in 2025; 22.0% went to IMGs. "
            "Pediatrics filled 219 of 223 first-year positions that year.\n")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert got["219"][1].get("state") == "TX", got  # the paragraph's label, not "unsure which state"
    # a short first sentence not set apart in bold is no label
    plain = {s: (m, d) for s, m, d in reading("Texas is big. Pediatrics filled 219 of 223 first-year positions in "
                                              "2025.\n")}
    assert plain["219"][1].get("state") != "TX", plain
    # "60.8% of the PGY-1 positions filled" in a paragraph about IMGs: a fill rate, or the IMGs' share of them
    f = next(f for f in read("In 2025 IMGs filled 41.7% of the positions filled in New Jersey, and in internal "
                             "medicine, 60.8% of the PGY-1 positions filled.") if f.stated == "60.8%")
    assert f.metric != "fill_pct" or f.alternatives.get("metric") == ["img_share_pct"], (f.metric, f.alternatives)


# ---------------------------------------------------------------- round 7 (holdout5 and holdout6 as tuning)

def test_program_types_of_another_clause_and_every_program_type():
    text = ("In 2017, 917 of its 932 advanced positions filled, and counting every program type diagnostic "
            "radiology filled 98.4% of its positions.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert "program_type" not in got["98.4%"][1], got
    text = ("Internal medicine filled 11,366 of 11,583 positions (95.6%) in 2023, and its preliminary positions "
            "filled at 91.9%.")
    got = {s: (m, d) for s, m, d in reading(text)}
    assert "program_type" not in got["95.6%"][1], got  # the preliminary positions are the 91.9%'s
    assert got["91.9%"][0] is None or got["91.9%"][1].get("program_type") == "preliminary", got


def test_it_refers_to_the_specialty_of_the_sentence_before():
    got = {s: (m, d) for s, m, d in reading("Internal medicine, by far. In 2018 it offered 9,799 positions across "
                                            "all program types.")}
    assert got["9,799"][1].get("specialty_id") == "internal-medicine", got


def test_years_that_are_another_figures():
    # in a comparison after the figure, in a relative clause, or a possessive before another figure
    f = next(f for f in read("In the 2021 Match, programs offered 38,106 positions. Programs offered 38,106 "
                             "positions, 850 more than the 37,526 offered in 2020.") if f.stated == "38,106"
             and f.ctx.index == 1)
    assert f.metric is None or f.dims["year"].value != 2020, (f.dims, f.reason)
    f = next(f for f in read("The specialty, which filled 99.5% of its positions in 2021, filled only 92.5% of its "
                             "2,921 positions this year.") if f.stated == "92.5%")
    assert f.metric is None or f.dims["year"].value != 2021, (f.dims, f.reason)
    f = next(f for f in read("6,653 of 11,645 non-US IMGs matched that year, almost the same as 2024's 58.5%.")
             if f.stated == "6,653")
    assert f.metric is None or f.dims.get("year") is None or f.dims["year"].value != 2024, (f.dims, f.reason)


def test_own_verb_local_that_is_and_a_table_row_group():
    got = {s: (m, d) for s, m, d in reading("In 2025, of the 40,041 first-year positions offered, 37,667 were "
                                            "filled.")}
    assert got["37,667"][0] == "filled_pgy1", got
    f = next(f for f in read("Of our 142 students who entered the Match, 139 matched. That is 97.9 percent, above "
                             "the national rate.") if f.stated == "97.9 percent")
    assert f.metric is None and "local" in f.reason, (f.metric, f.reason)
    text = ("<table><caption>Internal medicine PGY-1 positions filled in 2025, by applicant type</caption>"
            "<tr><th>Applicant type</th><th>Positions filled</th></tr>"
            "<tr><td>U.S. MD seniors</td><td>5,122</td></tr></table>")
    f = next(f for f in read(text, "t.html") if f.stated == "5,122")
    assert f.metric is None and "not for U.S. MD seniors" in f.reason, (f.metric, f.reason)


def test_a_quoted_claim_and_a_share_of_filled_column():
    for text, stated in (("The article reported that family medicine filled 85.0% of its positions in 2023.", "85.0%"),
                         ('Your line that "U.S. IMGs matched at 61.4%" uses the 2022 figure.', "61.4%")):
        f = next(f for f in read(text) if f.stated == stated)
        assert f.metric is None and "quotes from another" in f.reason, (text, f.metric, f.reason)
    # a correction of the text's own earlier version is the text's statement: judged
    got = {s: m for s, m, d in reading("An earlier version of this article said that psychiatry filled 99.5 percent "
                                       "of its positions in 2025.")}
    assert got["99.5 percent"] is not None, got
    text = ("<table><caption>Internal medicine PGY-1 positions filled in 2025</caption><tr><th>Applicant type</th>"
            "<th>Share of filled positions</th></tr><tr><td>All applicants</td><td>100%</td></tr></table>")
    f = next(f for f in read(text, "t.html") if f.stated == "100%")
    assert f.metric is None, (f.metric, f.dims)


@pytest.mark.integration
def test_round_4_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    def verdicts(text, name="t.md"):
        return {f.stated: (f.verdict, f.note) for f in
                figures(check_document(paths(real_home), doc_of(text, name)))}

    # a text about Florida: its figures are Florida's (2,995 offered, 92.4% filled in 2025)
    fl = verdicts("# Florida hospitals fill most residency slots\n\nIn 2025, hospitals offered 2,995 positions "
                  "and filled 92.4 percent of them.\n")
    assert fl["2,995"][0] == C and fl["92.4 percent"][0] == C, fl
    # ... but a national figure in it (82.3%: surgery nationally; Florida's is 82.8%) is not called wrong: the
    # national reading is as plausible when the sentence does not say where
    nat = verdicts("# Florida hospitals fill most residency slots\n\nIn 2025, general surgery filled 82.3 "
                   "percent of its positions.\n")
    assert nat["82.3 percent"][0] == NC and "unsure which state" in nat["82.3 percent"][1], nat
    assert "82.3 percent is the 2025 fill rate nationally" in nat["82.3 percent"][1], nat  # what it equals, in words
    # the sub-item's 2025 preliminary surgery fill rate (56.4%), and a table's caption that gives PGY-1 to the
    # match rates only: 40,375 is all the positions offered in 2023
    sub = verdicts("Preliminary surgery fill rates:\n\n- 2024: 52.3%\n  - 2025: 56.4%\n")
    assert sub["56.4%"][0] == C, sub
    cap = verdicts("<p>Match rates are first-year (PGY-1) match rates.</p><table><tr><th>Measure</th><th>2023</th>"
                   "</tr><tr><td>Positions offered</td><td>40,375</td></tr></table>", "t.html")
    assert cap["40,375"][0] == C, cap
    # round 5: a specialty's counts in a year the state/specialty report lacks come from the program results
    # (emergency medicine, 2023: 2,456 of 3,010 filled); a year from an earlier paragraph that another year of the
    # series would confirm (dermatology's 523 PGY-2 positions filled are 2025's) is not judged
    em = verdicts("In 2023, emergency medicine filled only 2,456 of its 3,010 positions.")
    assert em["2,456"][0] == C and em["3,010"][0] == C, em
    far = verdicts("In 2024, the Match grew.\n\nDermatology filled 523 of its 542 PGY-2 positions.\n")
    assert far["523"][0] == NC and "unsure which year" in far["523"][1], far
    # round 6: "all program types" names the program results' count (3,217 pediatrics positions in 2025; the
    # state/specialty report has 3,218); a list under a lead-in naming the rank order list report is its series
    named = verdicts("Across all program types, pediatrics offered 3,217 positions in 2025.")
    assert named["3,217"][0] == C, named
    rol = verdicts("**ROL stuff (NRMP rank order list report, couples NOT included)**\n\n- U.S. MD seniors 2025: "
                   "in this report they had a match rate of 93.7%.\n")
    assert rol["93.7%"][0] == C, rol
    # New Jersey internal medicine: 60.8% is the IMGs' share of the PGY-1 positions filled, not the fill rate (94.9%)
    nj = verdicts("In 2025 IMGs filled 41.7% of the positions filled in New Jersey, and in internal medicine, 60.8% of "
                  "the PGY-1 positions filled.")
    assert nj["41.7%"][0] == C and nj["60.8%"][0] in (C, NC), nj
    tx = verdicts("**Texas.** Texas filled 2,712 of 2,871 PGY-1 positions in 2025; 22.0% went to IMGs.\n")
    assert [tx[k][0] for k in ("2,712", "2,871", "22.0%")] == [DD, DD, DD], tx  # (all levels' figures for PGY-1)
    tx = verdicts("**Texas.** At all position levels, Texas filled 2,712 of 2,871 positions in 2025.\n")
    assert [tx[k][0] for k in ("2,712", "2,871")] == [C, C], tx


def test_a_reading_that_selects_nothing_in_a_covered_year_is_not_placed(db):
    # the fixture's IMG shares cover 2025 (family medicine), not dermatology: "not in data" would say the figure
    # cannot be placed, when it is the reading (dermatology) that selects nothing; a year the data do not cover
    # at all is still "not in data" (could not place)
    f = figures(check_document(paths(), doc_of("In 2025, IMGs took 31.6% of dermatology spots.")))[0]
    assert f.metric is not None and f.dims["specialty_id"].value == "dermatology", f.reason
    assert f.verdict == NC and f.note.startswith("could not place: the data hold 2025"), (f.verdict, f.note)
    old = figures(check_document(paths(), doc_of("In 2005, 58.5% of non-U.S.-citizen IMGs matched.")))[0]
    assert old.verdict == "not in data", (old.verdict, old.note)


# ---------------------------------------------------------------- round 8 (national counts in narrower text)

def narrower_of(text: str, stated: str, name: str = "t.md") -> str:
    f = next(f for f in read(text, name) if f.stated == stated)
    assert f.metric is not None, (stated, f.reason)
    return f.narrower


def test_a_national_count_beside_a_narrower_subject_is_unsure():
    # its own sentence, an earlier sentence of its paragraph or a heading names a specialty or state first
    # (the subject that opens the sentence is the figure's own: a count the data give nationally only is not judged)
    f = next(f for f in read("Emergency medicine's fill rate fell to 81.6% in 2023, with 545 positions offered in "
                             "SOAP.") if f.stated == "545")  # (unfilled positions by specialty: the program results')
    assert f.metric is None and "not by specialty" in f.reason, (f.metric, f.reason)
    assert narrower_of("Texas programs had a good year. In 2025, 2,473 positions went unfilled after the "
                       "algorithm.", "2,473") == "Texas"
    assert narrower_of("# Pediatrics in 2025\n\nIn 2025, 2,473 positions went unfilled after the algorithm.\n",
                       "2,473") == "Pediatrics"
    # ... not when the words nearer the figure say it is national, or when nothing narrower is named
    assert narrower_of("Texas programs had a good year. Nationally, 2,473 positions went unfilled in 2025.",
                       "2,473") == ""
    assert narrower_of("Texas programs had a good year. Across the country, programs offered 43,237 positions in "
                       "2025. After the algorithm ran, 2,473 positions remained unfilled.", "2,473") == ""
    assert narrower_of("In 2025 the Main Residency Match offered 43,237 positions; 2,473 went unfilled after the "
                       "algorithm.", "2,473") == ""
    assert narrower_of("In 2025, 2,473 positions went unfilled after the algorithm.", "2,473") == ""


def test_a_table_cell_reads_its_own_headers_not_the_other_rows():
    text = ("<table><tr><th></th><th>2025</th></tr><tr><td>Positions offered</td><td>43,237</td></tr>"
            "<tr><td>Fill rate, emergency medicine</td><td>97.9%</td></tr></table>")
    assert narrower_of(text, "43,237", "t.html") == ""


@pytest.mark.integration
def test_round_8_national_counts_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    verdicts = partial(real_verdicts, real_home)

    # 2025: 2,473 positions unfilled nationally; 2,600 is wrong nationally, but the text may mean Texas's
    got = verdicts("# Texas residency programs\n\nIn 2025, 2,600 positions went unfilled after the algorithm.\n")
    assert got["2,600"][0] == NC and "unsure whether national" in got["2,600"][1] and "Texas" in got["2,600"][1], got
    got = verdicts("# Texas residency programs\n\nNationally, 2,600 positions went unfilled after the algorithm in "
                   "2025.\n")
    assert got["2,600"][0] == WV, got
    got = verdicts("# Texas residency programs\n\nNationally, 2,473 positions went unfilled after the algorithm in "
                   "2025.\n")
    assert got["2,473"][0] == C, got


def test_a_year_after_a_figure_compared_with_is_that_figures():
    # "a little below the 80.2% recorded in 2024": 2024 is the 80.2%'s; the 79.8% takes the text's 2025
    text = ("The 2025 Main Residency Match drew 47,208 active applicants. Of those active applicants, 37,667 matched "
            "to a first-year (PGY-1) position, a match rate of 79.8%, a little below the 80.2% recorded in 2024.")
    got = {s: d.get("year") for s, m, d in reading(text)}
    assert got["37,667"] == 2025 and got["79.8%"] == 2025 and got["80.2%"] == 2024, got


def test_years_counted_back_from_no_named_year_are_unsure():
    f = next(f for f in read("Ten years ago, advisers say, the IMG share in internal medicine was 35%.")
             if f.stated == "35%")
    assert f.metric is None and "relative to another" in f.reason, (f.metric, f.dims, f.reason)
    # ... but years counted in a comparison after the figure leave its own year alone
    got = {s: d.get("year") for s, m, d in reading("In 2020, 3,154 U.S.-citizen IMGs matched, about 250 more than "
                                                   "two years earlier.")}
    assert got["3,154"] == 2020, got


def test_a_rounded_approximation_is_listed_not_judged():
    f = next(f for f in read("In 2022, around 3,100 U.S.-citizen IMGs matched.") if f.stated == "3,100")
    assert f.approximate == "around" and f.decimals == -2, (f.approximate, f.decimals)
    for text, stated in (("In 2024, some 38,941 positions were filled.", "38,941"),
                         ("In 2025, about 60.8 percent of IMGs matched.", "60.8 percent")):
        f = next(f for f in read(text) if f.stated == stated)
        assert f.approximate == "", (text, f.approximate)  # its digits are exact: judged as written


@pytest.mark.integration
def test_round_8_approximations_and_tables_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    verdicts = partial(real_verdicts, real_home)

    # 2022: 3,099 U.S.-citizen IMGs matched; "around 3,100" is consistent, "around 4,100" is not: neither is judged
    got = verdicts("In 2022, around 3,100 U.S.-citizen IMGs matched. In 2022, around 4,100 U.S.-citizen IMGs matched.")
    assert got["3,100"][0] == NC and "consistent with it at the precision as written" in got["3,100"][1], got
    assert got["4,100"][0] == NC and "not consistent" in got["4,100"][1], got
    # internal medicine, 2025: the program results print 12,944 positions, the state/specialty report 12,952
    got = verdicts("Internal medicine's 1,096 programs offered 12,944 positions in 2025.")
    assert got["12,944"][0] == C and "another of its tables" in got["12,944"][1], got
    got = verdicts("Internal medicine's programs offered 12,964 positions in 2025.")
    assert got["12,964"][0] == WV, got


def test_a_subset_and_a_part_have_their_own_clauses():
    # "most of them then offered through SOAP" is a subset's: the 2,473 were left unfilled
    got = {s: m for s, m, d in reading("In 2025, once the algorithm had run, 40,764 positions were filled and 2,473 "
                                       "were left unfilled, most of them then offered through the Supplemental Offer "
                                       "and Acceptance Program.")}
    assert got["2,473"] == "unfilled", got
    # "40,041 PGY-1 positions and 37,667 of them were filled": the verb is the part's, not the whole's
    got = {s: m for s, m, d in reading("Anyway, in 2025 there were 40,041 PGY-1 positions and 37,667 of them were "
                                       "filled.")}
    assert got["40,041"] != "filled_pgy1" and got["37,667"] == "filled_pgy1", got
    # a group after "(A of B) and" starts a new clause: it is not the first figures' group
    got = {s: d.get("applicant_type") for s, m, d in reading("2024 was 80.2% (35,984 of 44,853) and DO seniors "
                                                             "matched at 92.3% that year.") if m}
    assert "80.2%" not in got or got["80.2%"] != "us_do_senior", got
    assert got.get("92.3%") == "us_do_senior", got


def test_a_part_and_whole_repeat_the_part_and_whole_before():
    text = ("In 2025, 6,653 non-U.S. IMGs matched out of 11,465 who ranked programs; for U.S.-citizen IMGs it was "
            "3,108 of 4,587.")
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading(text)}
    assert got["3,108"] == ("matched_pgy1", "us_img") and got["4,587"] == ("active_applicants", "us_img"), got
    # with a share in its clause, the part and whole are read with the share, not like the figure before
    text = ("In 2016, non-U.S. IMGs matched at 50.5% (3,796 of 7,460) and U.S.-citizen IMGs at 53.9% (2,869 of "
            "5,069).")
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading(text)}
    assert got["2,869"] == ("matched_pgy1", "us_img") and got["5,069"] == ("active_applicants", "us_img"), got


def test_positions_left_are_unfilled():
    f = next(f for f in read("Pathology filled 99.5% in 2025, when only 3 positions were left.") if f.stated == "3")
    assert f.metric is None or f.metric not in ("program_filled", "filled", "positions"), (f.metric, f.dims)


@pytest.mark.integration
def test_round_8_named_definitions_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    verdicts = partial(real_verdicts, real_home)

    # "couples included" names the headline, not the no-couples series: 58.8% (no-couples, 2024) is wrong there
    got = verdicts("Match rates are the headline rates (couples included) unless an item says otherwise.\n\n"
                   "- **2024.** Non-U.S. IMGs matched at 58.8%.\n")
    assert got["58.8%"][0] == DD, got
    # "in the same series" is the series the paragraph before names (couples left out): 58.3% is its 2025 value,
    # and 53.2% its 2015 value (a year the headline series lacks)
    got = verdicts("6/ In the rank-order-list report (couples left out), DO seniors matched at 92.8% in 2025.\n\n"
                   "7/ In the same series, non-US IMGs matched at 50.5% in 2015 and 58.3% in 2025, US IMGs at 53.2% "
                   "and 68.4%.\n")
    assert got["58.3%"][0] == C and got["68.4%"][0] == C, got
    assert got["53.2%"][0] == NC and "53.2% is the 2015 PGY-1 match rate of U.S.-citizen IMGs" in got["53.2%"][1], got


def test_a_quoted_list_is_read_item_by_item():
    text = ("> **Summary**\n>\n> - In the 2025 Main Residency Match, 47,208 applicants certified a rank order list "
            "and 37,667 of them\n>   matched to a first-year (PGY-1) position.\n> - Internal medicine leans on IMGs "
            "more than any other large specialty: they filled 40.3% of its PGY-1\n>   positions.\n")
    doc = doc_of(text)
    assert [b.kind for b in doc.blocks] == ["paragraph", "item", "item"], doc.blocks
    got = {s: (m, d.get("specialty_id")) for s, m, d in reading(text)}
    assert got["37,667"] == ("matched_pgy1", None), got  # not read with the next item's internal medicine


def test_an_institution_named_after_a_state_is_not_the_state():
    got = {s: d.get("state") for s, m, d in reading("In 2025, the University of Michigan's hospitals in Ann Arbor "
                                                    "offered 241 positions and filled 238.") if m}
    assert "MI" not in got.values(), got
    got = {s: d.get("state") for s, m, d in reading("In 2025, Michigan's programs offered 2,020 positions.") if m}
    assert got["2,020"] == "MI", got


def test_whose_share_when_the_clause_names_no_group():
    # "their share": the paragraph names IMGs, non-U.S. citizens and Americans who studied abroad
    text = ("In 2025, international graduates held 56.4 percent of those spots: 229 were not U.S. citizens and 75 were "
            "U.S.-citizen IMGs. Nationally, their share of internal medicine was 40.3 percent.")
    f = next(f for f in read(text) if f.stated == "40.3 percent")
    assert f.metric is None or "img_share_pct" in f.alternatives.get("metric", []) or f.metric == "img_share_pct", \
        (f.metric, f.alternatives)


def test_a_groups_share_of_a_whole_and_a_share_with_its_counts_after_a_colon():
    f = next(f for f in read("In 2025, 25.9% of all applicants matched to PGY-1 positions were IMGs.")
             if f.stated == "25.9%")
    assert f.metric is None and f.unsure is not None and "img_share_of_matched_pct" in f.unsure.open["metric"], \
        (f.metric, f.reason)
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading(
        "In the 2025 Main Residency Match, 58.0% of non-U.S.-citizen IMGs who certified a rank order list matched to a "
        "PGY-1 position: 6,653 out of 11,465.")}
    assert got["6,653"] == ("matched_pgy1", "non_us_img") and got["11,465"] == ("active_applicants", "non_us_img"), got


def test_arrow_and_emoji_bullets_are_list_items():
    text = ("Here is what the NRMP data say about the 2025 Match:\n\n"
            "\u27a1\ufe0f 11,465 non-U.S.-citizen IMGs certified a rank order list. 6,653 matched. That is 58.0%.\n"
            "\u27a1\ufe0f U.S.-citizen IMGs did better: 67.8%, 3,108 matched.\n")
    assert [b.kind for b in doc_of(text).blocks] == ["paragraph", "item", "item"]
    got = {s: d.get("applicant_type") for s, m, d in reading(text) if m}
    assert got.get("58.0%") in (None, "non_us_img") and got.get("3,108") == "us_img", got  # not the next item's group


def test_its_categorical_and_its_preliminary_positions_keep_their_types():
    got = {s: d.get("program_type") for s, m, d in reading(
        "In 2025, internal medicine's categorical positions filled at 96.8% and its preliminary positions at 90.9%.")}
    assert got["96.8%"] in (None, "categorical") and got.get("90.9%") in (None, "preliminary"), got
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading("By 2024 the DO class had grown to 8,033 active "
                                                                  "applicants.")}
    assert got["8,033"] == ("active_applicants", "us_do_senior"), got


@pytest.mark.integration
def test_round_8_report_headline_named_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    text = ("NRMP's Charting Outcomes report on non-U.S. IMGs in the 2026 Match: of the 11,685 non-U.S. IMGs in it, "
            "5,721 matched to their preferred specialty, 49.0% (the report's own headline rate, an average over "
            "specialties, is 41.5%).")
    got = {f.stated: f.verdict for f in figures(check_document(paths(real_home), doc_of(text)))}
    assert got["49.0%"] == C and got["41.5%"] == C, got


def test_a_reading_without_the_state_or_specialty_the_text_names_is_unsure():
    # the bold question above names the state the paragraph answers for; the reading has none
    text = ("**And in New Jersey?**\n\nHere internal medicine offered 530 PGY-1 positions in 2025 and filled 503 of "
            "them.\n")
    f = next(f for f in read(text) if f.stated == "530")
    assert f.metric is None or "state" in f.dims or f.narrower == "New Jersey", (f.metric, f.dims, f.narrower)
    # ... a short paragraph that is neither a question nor a label in bold is not the next one's subject
    text = ("Family medicine again had the most open seats.\n\nIn 2025, IMGs made up 26.9% of all applicants who "
            "matched.\n")
    assert narrower_of(text, "26.9%") == ""
    # "had 1,597 positions in 2025 and filled 90.9% of them": "filled" is the 90.9%'s, not the 1,597's
    got = {s: m for s, m, d in reading("Preliminary internal medicine had 1,597 positions in 2025 and filled 90.9% "
                                       "of them.")}
    assert got["1,597"] not in ("program_type_filled", "filled"), got


@pytest.mark.integration
def test_round_8_unsure_state_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # (a bold line after a paragraph: a label of the next one; a bold first line is the text's title, round 11)
    text = ("Our look at the 2025 Match goes on.\n\n**And in New Jersey?**\n\nHere internal medicine offered 530 "
            "PGY-1 positions in 2025.\n")
    got = {f.stated: (f.verdict, f.note) for f in figures(check_document(paths(real_home), doc_of(text)))}
    assert got["530"][0] == NC and "New Jersey" in got["530"][1], got  # not "wrong value" against 12,952


def test_national_words_states_bounds_and_lists_of_counts():
    # "well above the national share of 25.9 percent": national, though the sentence opens "In Michigan"
    got = {s: d.get("state") for s, m, d in reading(
        "In 2025, in Michigan, IMGs filled 565 of the 1,795 first-year positions that were filled, 31.5 percent, well "
        "above the national share of 25.9 percent.") if m}
    assert got.get("31.5 percent") == "MI" and got.get("25.9 percent") is None, got
    # "the IMG share was 23.6%, in Illinois 18.4%": Illinois is the 18.4%'s, not the 23.6%'s
    got = {s: d.get("state") for s, m, d in reading("In 2025, in Ohio the IMG share was 23.6%, in Illinois 18.4%.")
           if m}
    assert got.get("23.6%") != "IL", got
    # "passed 80%" is a bound; "near 25%" an approximation; "her program took 9" a local figure
    f = next(f for f in read("In 2020 the overall rate passed 80%.") if f.stated == "80%")
    assert f.role == "bound" or f.metric is None, (f.role, f.metric)
    f = next(f for f in read("In 2025 IMGs' share of first-year positions hovered near 25%.") if f.stated == "25%")
    assert f.metric is None or f.approximate == "near", (f.metric, f.approximate)
    f = next(f for f in read("In 2025 she said her program took 9 IMGs.") if f.stated == "9")
    assert f.metric is None and "local" in f.reason, (f.metric, f.reason)
    # "38,106 positions, 36,179 filled": the verb is the 36,179's
    got = {s: m for s, m, d in reading("In 2021: 38,106 positions, 36,179 filled.")}
    assert got["38,106"] not in ("filled_total", "filled_pgy1") and got["36,179"] in ("filled_total", "filled_pgy1"), got


def test_of_them_refers_to_the_list_item_before():
    text = ("## By the numbers: the 2025 Main Residency Match\n\n- **52,498** applicants registered for the Match\n"
            "- **47,208** of them certified a rank order list\n")
    f = next(f for f in read(text) if f.stated == "47,208")
    # the count is of applicants who certified a list: active applicants (the group is the item before's)
    assert f.metric == "active_applicants" or (f.unsure is not None and f.unsure.metric == "active_applicants") or \
        "certified" in (f.metric_from or ""), (f.metric, f.reason, f.metric_from)
    # "IMGs ... matched at 60.8%, and 9,761 of them got a PGY-1 spot": people, the IMGs of its own sentence
    got = {s: m for s, m, d in reading("In 2025 IMGs overall (both kinds) matched at 60.8%, and 9,761 of them got a "
                                       "PGY-1 spot.")}
    assert got["9,761"] in (None, "img_matched_pgy1"), got


def test_a_groups_matches_in_text_about_a_state_are_unsure():
    text = ("# Michigan\n\nIn 2025, Michigan programs filled 1,795 first-year positions. Non-U.S.-citizen IMGs took "
            "409 of those positions.\n")
    f = next(f for f in read(text) if f.stated == "409")
    assert f.metric != "matched_pgy1" or f.narrower, (f.metric, f.dims, f.narrower)


def test_from_one_figure_to_another_is_one_series():
    got = {s: (m, d.get("year")) for s, m, d in reading("Registrations rose from 50,413 in 2024 to 52,498 in 2025.")}
    assert got["50,413"] == ("registered_applicants", 2024) and got["52,498"] == ("registered_applicants", 2025), got
    # a paragraph with no subject of its own continues the one before: its national count is unsure there
    text = ("Title: Emergency medicine's bad year\n\nCallout: 545 of 3,010 positions went unfilled\n\n"
            "Axis note: Positions offered grew from 1,895 in 2015 to 3,068 in 2025\n")
    assert narrower_of(text, "3,068", "t.txt") == "Emergency medicine"


def test_what_is_offered_or_filled_is_positions():
    got = {s: (m, d.get("state")) for s, m, d in reading("In 2025, New York offered 4,654 first-year positions; "
                                                         "Florida offered 2,761.")}
    assert got["2,761"] == ("positions", "FL"), got


def test_a_subject_that_comes_next_repeats_the_reading_before():
    got = {s: (m, d.get("specialty_id")) for s, m, d in reading(
        "In the 2026 Charting Outcomes report, non-U.S. IMGs who preferred internal medicine matched to it at 48.5%. "
        "Psychiatry comes next at 58.3%.")}
    assert got["58.3%"] == ("preferred_specialty_match_rate_pct", "psychiatry"), got


def test_a_groups_bare_percentage_in_text_about_matching_is_its_match_rate():
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading(
        "In 2025 US MD seniors were at 93.7% and DO seniors at 92.6%, a good year for matching.")}
    assert got["93.7%"] == ("match_rate_pct", "us_md_senior") and got["92.6%"] == ("match_rate_pct", "us_do_senior"), got
    # ... not in text about positions or shares, nor without a word about matching
    for text in ("In 2025, in internal medicine, non-U.S.-citizen IMGs held 30.5% of the filled positions and "
                 "U.S.-citizen IMGs 9.8%.", "In 2025 U.S.-citizen IMGs: 67.8%."):
        got = {s: m for s, m, d in reading(text)}
        assert "match_rate_pct" not in got.values(), (text, got)
    # "67.0% (3,181/4,751)": the part and whole of the share, not the figures before
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading(
        "In 2024 the corresponding figure for non-U.S.-citizen IMGs was 58.5% (5,864/10,021), and for U.S.-citizen "
        "IMGs 67.0% (3,181/4,751).")}
    assert got["3,181"][0] in (None, "matched_pgy1") and got["4,751"][0] in (None, "active_applicants"), got


@pytest.mark.integration
def test_round_8_a_figure_read_like_an_unsure_one_is_unsure_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # 2025 IMG shares: Ohio 23.6% (PGY-1) / 23.2% (all levels); Illinois 19.7% (PGY-1) / 18.4% (all levels). The
    # text does not say which level: 23.6% is unsure, and 18.4%, read like it, is not confirmed either
    text = "In 2025, in Ohio the IMG share was 23.6%, in Illinois 18.4%."
    got = {f.stated: (f.verdict, f.note) for f in figures(check_document(paths(real_home), doc_of(text)))}
    assert got["23.6%"][0] == NC and got["18.4%"][0] == NC and "read like 23.6%" in got["18.4%"][1], got


def test_positions_counted_as_the_whole_of_their_parts_are_offered():
    for text, stated in (("In 2024: 41,503 positions, 38,941 filled.", "41,503"),
                         ("In 2025: 43,237 positions in total, and 40,041 of them were PGY-1.", "43,237"),
                         ("In 2016 there were 30,750 positions, 27,860 of them first-year.", "30,750")):
        got = {s: m for s, m, d in reading(text)}
        assert got[stated] == "positions_total", (text, got)
    f = next(f for f in read("In 2025, 2,473 positions were still there.") if f.stated == "2,473")
    assert f.metric is None and f.unsure is not None, (f.metric, f.reason)  # no verb and no parts: unsure


def test_a_list_of_states_each_with_its_figure():
    got = {s: (m, d.get("state")) for s, m, d in reading(
        "In 2025 surgery was hard to fill everywhere: New York filled 83.1% of its PGY-1 surgery positions, Florida "
        "82.8%, Texas 80.1% and California 84.5%.")}
    assert got == {"83.1%": ("fill_pct", "NY"), "82.8%": ("fill_pct", "FL"), "80.1%": ("fill_pct", "TX"),
                   "84.5%": ("fill_pct", "CA")}, got


def test_a_tables_own_heading_places_it_and_a_level_positions_column_is_offered():
    text = ("# Policy brief\n\n### Table 1. Texas first-year (PGY-1) positions by specialty, 2025\n\n"
            "| Specialty | Positions offered | Positions filled |\n|---|---|---|\n| Internal medicine | 856 | 802 |\n")
    got = {s: d.get("state") for s, m, d in reading(text) if m}
    assert got == {"856": "TX", "802": "TX"}, got
    # the title far above a table is not its heading: "Nationally, ..." before it
    text = ("# Michigan's first-year positions\n\nNationally, these filled unevenly in 2025:\n\n"
            "| Program type | Positions | Filled |\n|---|---|---|\n| Surgery, preliminary | 1,194 | 673 |\n")
    got = {s: d.get("state") for s, m, d in reading(text) if m}
    assert "MI" not in got.values(), got
    text = ("# First-year positions by specialty, 2025\n\n| Specialty | PGY-1 positions | Filled |\n|---|---:|---:|\n"
            "| Internal medicine | 12,952 | 12,439 |\n")
    got = {s: m for s, m, d in reading(text)}
    assert got["12,952"] == "positions", got


@pytest.mark.integration
def test_round_8_the_titles_state_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # Michigan, 2025: family medicine filled 204 of 260 first-year positions (nationally 4,552 of 5,357). The text
    # names Ohio too, so the title's state is not certain enough to read every figure for it; a figure that is
    # exactly Michigan's is confirmed for Michigan, one that is nobody's is not judged
    text = ("# Michigan hospitals leave more residency slots empty than most states\n\nNeighboring Ohio filled more "
            "of its positions.\n\nIn family medicine, programs filled 204 of 260 first-year positions in 2025. In "
            "pediatrics, programs filled 207 of 213 first-year positions in 2025.\n")
    figs = figures(check_document(paths(real_home), doc_of(text)))
    got = {f.stated: (f.verdict, f.note) for f in figs}
    assert got["204"][0] == C and "the state the title names" in got["204"][1], got
    f204 = next(f for f in figs if f.stated == "204")
    assert f204.dims["state"].value == "MI", f204.dims  # the reading shown is the one confirmed
    assert got["260"][0] == C, got
    assert got["207"][0] != WV and got["213"][0] != WV, got


def test_a_tables_row_labels_and_people_columns():
    text = ("<table><tr><th>Year</th><th>Applicant group</th><th>Active applicants</th><th>Match rate</th></tr>"
            "<tr><td>2025</td><td>U.S. DO seniors</td><td>8,392</td><td>92.6%</td></tr></table>")
    got = {s: (m, d.get("applicant_type"), d.get("year")) for s, m, d in reading(text, "t.html")}
    assert got["8,392"] == ("active_applicants", "us_do_senior", 2025), got
    assert got["92.6%"] == ("match_rate_pct", "us_do_senior", 2025), got
    text = ("# Lakeshore's 2025 Match\n\n| Lakeshore class of 2025 | Graduates |\n|---|---|\n| Internal medicine | 41 |\n")
    f = next(f for f in read(text) if f.stated == "41")
    assert f.metric is None, (f.metric, f.dims)  # graduates are people, not positions filled


def test_a_share_with_its_part_and_whole_and_another_phrasing_of_us_citizen_imgs():
    got = {s: (m, d.get("applicant_type")) for s, m, d in reading(
        "In 2025, U.S. MD seniors again matched at the highest rate, 93.5 percent, with 19,044 of 20,368 finding a "
        "position.")}
    assert got["19,044"] == ("matched_pgy1", "us_md_senior"), got
    got = {s: d.get("applicant_type") for s, m, d in reading(
        "In 2025, osteopathic seniors matched at 92.6 percent, U.S. citizens who studied at international medical "
        "schools at 67.8 percent, and non-U.S.-citizen international graduates at 58.0 percent.")}
    assert got == {"92.6 percent": "us_do_senior", "67.8 percent": "us_img", "58.0 percent": "non_us_img"}, got


@pytest.mark.integration
def test_round_8_a_table_the_text_says_leaves_couples_out_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # 2024 U.S. DO seniors matched: 7,412 with couples (headline), 6,921 without (rank-order-list report)
    text = ("The NRMP publishes how many programs applicants ranked. The figures leave couples out.\n\n"
            "| Applicant group (2024) | Matched |\n|---|---|\n| U.S. DO seniors | 6,921 |\n| U.S. MD seniors | 17,091 |\n")
    got = {f.stated: f.verdict for f in figures(check_document(paths(real_home), doc_of(text)))}
    assert got == {"6,921": C, "17,091": C}, got
    got = {f.stated: f.verdict for f in figures(check_document(paths(real_home), doc_of(text.replace("6,921", "7,412"))))}
    assert got["7,412"] == DD, got  # the count with couples, in a table the text says leaves them out


def test_up_from_after_a_part_and_whole_is_unsure_which():
    f = next(f for f in read("In 2025, 6,653 non-U.S.-citizen IMGs matched out of 11,465, up from 5,864 in 2024.")
             if f.stated == "5,864")
    assert f.metric is None and f.unsure is not None and set(f.unsure.open["metric"]) == \
        {"matched_pgy1", "active_applicants"}, (f.metric, f.reason)


@pytest.mark.integration
def test_round_8_by_that_measure_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # 2025 non-U.S.-citizen IMGs: 58.0% headline, 58.3% without couples
    text = ("I use the NRMP's rank order list report, which counts only applicants who did not enter as couples. By "
            "that measure 80.5% of applicants matched in 2025, and non-U.S.-citizen IMGs {} in 2025.")
    got = {f.stated: f.verdict for f in figures(check_document(paths(real_home), doc_of(text.format("58.3%"))))}
    assert got["58.3%"] == C, got
    got = {f.stated: f.verdict for f in figures(check_document(paths(real_home), doc_of(text.format("58.0%"))))}
    assert got["58.0%"] == DD, got


def test_in_all_is_every_level_and_another_figures_all_levels_are_not_this_ones():
    got = {s: m for s, m, d in reading("In 2025 programs across the country offered 40,041 PGY-1 positions and 43,237 "
                                       "positions in all.")}
    assert got["40,041"] == "positions_pgy1" and got["43,237"] == "positions_total", got
    got = {s: (m, d.get("position_level")) for s, m, d in reading("Michigan offered 1,941 PGY-1 positions in 2025 and "
                                                                  "2,020 at all levels.")}
    assert got["1,941"] == ("positions", "PGY-1"), got


@pytest.mark.integration
def test_round_8_a_table_of_programs_ranked_and_a_specialtys_fill_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    # 2025 U.S. MD seniors matched: 19,044 headline, 17,645 in the rank-order-list report (its table of averages)
    text = ("## The 2025 Match\n\n| Applicant group | Matched | Avg. programs ranked (matched) |\n|---|---|---|\n"
            "| U.S. MD seniors | 17,645 | 13.68 |\n")
    assert real_verdicts(real_home, text)["17,645"][0] == C
    # "IMGs took 41.3% of internal medicine's ... positions, and the specialty filled 96.0%": the fill rate is as
    # plausible as the IMGs' share, so the 96.0% is not called wrong
    got = real_verdicts(real_home, "Nationally in 2025, IMGs took 40.3% of internal medicine's filled first-year "
                                   "positions, and the specialty filled 96.0% of what it offered.")
    assert got["96.0%"][0] in (C, NC), got
