"""Issue 25, round 11: a comparison's two sides are not read alike, a definition is the one named nearest before
the figure, a count of another NRMP table is not "the same positions" in a table of first-year positions, a share
whose own parts are misread is unsure, a bold first line or a memo's "Re:" line is a title; and the reading rules of the round (a year
that opens the next clause, the year of a when-clause, "of N filled spots", "applicants certifying a rank list",
"active applicants matched" as a whole, "or so", "mine is", the Physician level, "Transitional years", "PGY-1
positions in all", a Step 2 CK outcome word that leads to the next score, "U.S. citizens" among IMGs, "every
position level", "N of them non-U.S. citizens", a figure with a question mark, "M.D. seniors", a year that dates
only a later baseline figure, the whole of an unsure share, "tops", "every applicant", an
approximate figure in a year the data do not hold, "Matching" in the NRMP's name, a definition named after ";", a program type after "because", a
"Median" column).

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.test_check_article import C, NC, WV, doc_of, figures, read


def reading(text: str) -> dict:
    return {f.stated: f for f in read(text, "t.md")}


def test_a_year_that_opens_the_next_clause_is_the_next_figures():
    got = reading("For osteopathic seniors this has been a long climb. In 2020 their rate was 90.7%, in 2021 it was "
                  "89.1%, and in 2022 it reached 91.3%.")
    assert [got[s].dims["year"].value for s in ("90.7%", "89.1%", "91.3%")] == [2020, 2021, 2022], got


def test_a_when_clause_takes_the_year_before_it_and_active_applicants_are_the_whole():
    got = reading("In 2025, 37,667 of 47,208 active applicants matched. That is down from 80.2% in 2024, when 35,984 "
                  "out of 44,853 active applicants matched.")
    assert got["35,984"].metric == "matched_pgy1" and got["35,984"].dims["year"].value == 2024, got["35,984"].dims
    assert got["44,853"].metric == "active_applicants" and got["44,853"].dims["year"].value == 2024


def test_applicants_certifying_a_rank_list_are_active_applicants():
    got = reading("The headline match rate slipped to 79.8% in 2025, with 47,208 applicants certifying a rank list.")
    assert got["47,208"].metric == "active_applicants", got["47,208"].metric


def test_a_percentage_of_n_filled_spots_is_a_share_never_a_fill_rate():
    got = reading("In 2025, family medicine comes next at 31.3% of 4,552 filled spots.")
    assert got["31.3%"].metric != "fill_pct", got["31.3%"].metric
    assert got["4,552"].metric == "filled", got["4,552"].metric


def test_or_so_after_a_figure_makes_it_approximate():
    f = reading("Pediatrics filled 92% or so in 2024.")["92%"]
    assert f.approximate and f.metric == "fill_pct", (f.approximate, f.metric)
    assert not reading("Pediatrics filled 92% in 2024.")["92%"].approximate


def test_mine_is_a_persons_own_figure():
    f = reading("The median Step 2 CK for non-U.S. IMGs who matched internal medicine in 2026 was 251. Mine is "
                "248.")["248"]
    assert f.metric is None and "own figure" in f.reason, f.reason


def test_the_physician_level_and_transitional_years_are_read():
    f = reading("At the Physician level, IMGs filled 14 of 25 neurology positions in 2025, 56.0%.")["56.0%"]
    assert f.dims["position_level"].value == "Physician", f.dims
    f = reading("Transitional years filled 86.9% of their positions in 2025.")["86.9%"]
    assert f.dims["specialty_id"].value == "transitional-year", f.dims


def test_the_other_side_of_a_comparison_read_like_the_first_is_unsure():
    got = reading("In 2025 IMGs held 56.4% of the filled PGY-1 positions in Michigan; in "
                  "family medicine 48.5% against 31.3%; in pediatrics 52.3% against 28.6%.")
    assert got["48.5%"].metric == "img_share_pct" and got["52.3%"].metric == "img_share_pct", got
    for side in ("31.3%", "28.6%"):
        assert got[side].metric is None and got[side].reason.startswith("unsure: compared with"), got[side].reason
    assert got["52.3%"].like is got["48.5%"] or got["52.3%"].like is None or got["52.3%"].like.metric
    # (round 21) a first pair whose other side names its own place ("against 40.3% nationally") is read as that
    # place's, and is the legend of the later pairs: their other sides are national
    got = reading("In 2025 IMGs held 56.4% of the filled PGY-1 positions in Michigan, against 40.3% nationally; in "
                  "family medicine 48.5% against 31.3%; in pediatrics 52.3% against 28.6%.")
    for side, spec in (("31.3%", "family-medicine"), ("28.6%", "pediatrics")):
        assert got[side].metric == "img_share_pct" and "state" not in got[side].dims, (side, got[side].dims)
        assert got[side].dims["specialty_id"].value == spec, got[side].dims


def test_a_comparison_whose_first_pair_says_what_differs_reads_the_later_pairs_by_it():
    got = reading("In 2025 the fill rate of internal medicine was 96.0% in Ohio, against 96.5% in Michigan; in "
                  "pediatrics 95.0% against 93.0%.")
    assert got["96.5%"].dims.get("state") and got["96.5%"].dims["state"].value == "MI", got["96.5%"].dims
    assert got["93.0%"].dims["state"].value == "MI" and got["95.0%"].dims["state"].value == "OH", \
        (got["93.0%"].dims, got["95.0%"].dims)


def test_a_level_right_after_the_count_is_its_own_even_with_in_all():
    got = reading("In 2025 the Match offered 40,041 PGY-1 positions in all, and 37,667 were filled.")
    assert got["40,041"].metric == "positions_pgy1", got["40,041"].metric
    assert reading("In 2025 the Match offered 43,237 positions in all.")["43,237"].metric == "positions_total"


def test_a_step_2_outcome_word_that_leads_to_the_next_score_is_that_scores():
    got = reading("Step 2 CK medians for non-U.S. IMGs in family medicine (2026): matched applicants had 230 and "
                  "those who didn't match had 231.")
    assert got["230"].dims["outcome"].value == "matched" and got["231"].dims["outcome"].value == "not_matched", \
        (got["230"].dims, got["231"].dims)


def test_us_citizens_among_imgs_are_the_citizen_subgroup():
    got = reading("In 2025, among international medical graduates (IMGs), U.S. citizens matched at 67.8 percent and "
                  "non-U.S. citizens at 58.5 percent.")
    assert (got["67.8 percent"].metric, got["67.8 percent"].dims["applicant_type"].value) == ("match_rate_pct", "us_img")
    assert got["58.5 percent"].dims["applicant_type"].value == "non_us_img", got["58.5 percent"].dims
    both = reading("In 2025, international graduates as a whole (U.S. citizens and non-citizens together) took 25.9% "
                   "of all the PGY-1 positions filled through the Match.")["25.9%"]
    assert both.metric is None or both.metric.startswith("img_"), both.metric


def test_every_position_level_is_all_levels_even_beside_not_just_first_year():
    f = reading("Counting every position level, not just first-year positions, New York offered 5,105 positions in "
                "2025.")["5,105"]
    assert "position_level" not in f.dims and f.metric == "positions", (f.metric, f.dims)


def test_n_of_them_citizens_names_the_subgroup_of_the_count():
    f = reading("In 2025 New York's internal medicine programs filled 1,709 first-year positions; IMGs filled 51.7% "
                "of them, 685 of them non-U.S. citizens.")["685"]
    assert f.metric is None and f.reason.startswith("unsure which group: 'non-U.S. citizens'"), (f.metric, f.reason)


def test_a_figure_with_a_question_mark_is_not_stated():
    f = reading("In 2019, U.S. DO seniors matched at 88.9%?? (check, not in tables)")["88.9%"]
    assert f.metric is None and "asks about or doubts" in f.reason, f.reason


def test_md_and_do_with_dots_are_the_senior_groups():
    got = reading("In 2025, U.S. M.D. seniors matched at 93.5% and U.S. D.O. seniors at 92.6%.")
    assert got["93.5%"].dims["applicant_type"].value == "us_md_senior", got["93.5%"].dims
    assert got["92.6%"].dims["applicant_type"].value == "us_do_senior", got["92.6%"].dims


def test_a_year_that_dates_only_a_later_baseline_figure_is_not_the_figures():
    f = reading("Family medicine, by contrast, filled only 85.0% of its 5,357 positions, after filling 88.7% in "
                "2024.")["85.0%"]
    assert f.metric is None or f.dims.get("year") is None or f.dims["year"].value != 2024, f.dims
    g = reading("Family medicine filled 85.0% of its positions in 2025, after filling 88.7% in 2024.")["85.0%"]
    assert g.dims["year"].value == 2025, g.dims


def test_tops_is_a_bound_and_every_applicant_is_all_applicants():
    assert reading("In 2025 the unfilled count tops 3,000.")["3,000"].role == "bound"
    got = reading("U.S.-citizen IMGs matched at 67.0 percent in 2024. Across every applicant, the rate that year was "
                  "80.2 percent.")
    assert got["80.2 percent"].dims["applicant_type"].value == "all_applicants", got["80.2 percent"].dims


def test_matching_in_the_nrmps_name_is_no_cue():
    f = reading("According to the National Resident Matching Program, 52,498 applicants registered for the 2025 Main "
                "Residency Match.")["52,498"]
    assert f.metric == "registered_applicants", f.metric


def test_a_program_type_after_because_is_a_cause_and_a_median_column_is_no_count():
    f = reading("In 2025 surgery is the outlier: 82.3% of its PGY-1 positions filled, because preliminary surgery "
                "positions filled at only 56.4%.")["82.3%"]
    assert "program_type" not in f.dims, f.dims
    table = ("Non-U.S. IMGs in the 2026 Match, by preferred specialty.\n\n| Preferred specialty | Preferred it | "
             "Matched to it | Median, matched | Median, not matched |\n|---|---|---|---|---|\n| Pediatrics | 791 | 542 | "
             "240 | 233 |\n")
    got = reading(table)
    assert got["233"].metric in (None, "step2_median"), got["233"].metric
    assert got["542"].metric == "preferred_specialty_matched", got["542"].metric


@pytest.mark.integration
def test_round_11_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    def verdicts(text, name="t.md"):
        return {f.stated: (f.verdict, f.note) for f in figures(check_document(paths(real_home), doc_of(text, name)))}

    # a table of first-year positions: the program results' filled count (12,431, all program types) is not the
    # same positions as its PGY-1 filled (12,439); without the first-year header it still is
    table = ("In the 2025 Match:\n\n| Specialty | PGY-1 positions | Filled |\n|---|---|---|\n| Internal Medicine | 12,952 | 12,431 |\n")
    got = verdicts(table)
    assert got["12,431"][0] != C and got["12,952"][0] == C, got
    got = verdicts(table.replace("PGY-1 positions", "Positions"))
    assert got["12,431"][0] == C and "another of its tables" in got["12,431"][1], got
    # a share of two counts that are both far from the data as read: unsure, not wrong
    box = ("Non-U.S.-citizen IMGs: 6,653 of 11,167 matched in 2025.\n\nFor comparison, 2024: 35,984 matched of "
           "44,583 active applicants (80.2%).\n")
    got = verdicts(box)
    assert got["80.2%"][0] == NC and got["80.2%"][1].startswith("unsure of the reading: the share of 35,984"), got
    # a press release's bold first line names its state: a national figure is not confirmed for it
    from pipeline.config import PROJECT_DIR

    name = "471-michigan-press-release.md"
    got = verdicts((PROJECT_DIR / "tests" / "article_holdout86" / name).read_text(encoding="utf-8"), name)
    assert got["85.0%"][0] == NC and got["85.0%"][1].startswith("unsure whether national"), got["85.0%"]
    assert got["204"][0] == C and "read for MI" in got["204"][1], got
    # a memo's "Re:" line names its state: a figure that is that state's is confirmed for it, a national one unsure
    name = "491-ohio-gme-memo.md"
    got = verdicts((PROJECT_DIR / "tests" / "article_holdout90" / name).read_text(encoding="utf-8"), name)
    assert got["60.0%"][0] == C and got["60.0%"][1].startswith("read for OH"), got["60.0%"]
    assert got["95.3%"][0] == NC and got["95.3%"][1].startswith("unsure whether national"), got["95.3%"]
    # the definition named nearest before the figure: the headline, then the rank-order-list report after it
    para = ("Counting couples, as NRMP's headline figure does, 79.6% of active applicants matched to a PGY-1 position "
            "in 2019. In 2024 the rate was 80.9%. NRMP's rank order list report, which leaves couples out, shows a "
            "lower start.\n")
    got = verdicts(para)  # 80.9% is the 2024 no-couples rate (headline 80.2%)
    assert got["80.9%"][0] == NC and got["80.9%"][1].startswith("unsure which definition"), got
    named = ("NRMP's rank order list report leaves couples out. In 2024 the match rate of all applicants was 80.9%.\n")
    assert verdicts(named)["80.9%"][0] == C, verdicts(named)
    # the year of a when-clause: both counts confirmed for 2024
    got = verdicts("In the 2025 Main Residency Match, 37,667 of 47,208 active applicants matched to a PGY-1 position. "
                   "That is down from 80.2% in 2024, when 35,984 out of 44,853 active applicants matched.")
    assert got["35,984"][0] == C and got["44,853"][0] == C, got
    # the whole of a share whose own reading is unsure is unsure too
    got = verdicts("In 2025, 1,742 international graduates filled positions in New York, 35.4 percent of the 4,922 "
                   "positions filled there.")
    assert got["4,922"][0] == NC and got["4,922"][1].startswith("unsure: read as the whole of 35.4 percent"), got
    # the Charting Outcomes report's own headline rate, named as an average over its specialties
    got = verdicts("In the 2026 Charting Outcomes report, averaged over the 24 specialties the report charts, without "
                   "weighting, the rate at which non-U.S. IMGs matched to their preferred specialty is 41.5%.")
    assert got["41.5%"][0] == C, got
    # an approximate figure for a year the data do not hold is not judged (not "not in data")
    got = verdicts("In 2010 the Match offered roughly 25,000 positions.")
    assert got["25,000"][0] == NC and got["25,000"][1].startswith("approximate ('roughly 25,000'), not judged"), got
    # the definition a later clause names (after ";") is not the figure's: the headline count is confirmed
    got = verdicts("In 2025, the headline counts 47,208 active applicants and 37,667 matched; the rank order list "
                   "report counts 44,690 applicants and 35,987 matched.")
    assert got["37,667"][0] == C and got["35,987"][0] == C, got
    # a wrong count near the data's stays wrong
    assert verdicts("In 2024, 44,900 applicants certified a rank order list.")["44,900"][0] == WV
