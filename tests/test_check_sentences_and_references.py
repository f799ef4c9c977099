"""Issue 25, round 12: where a sentence ends in a chat or after a figure, what a next sentence repeats, words that
refer back, "the year before that", "this year" after a figure, a clause that says it is national, a person's
class; a pair of Step 2 CK scores under a lead-in that names both outcomes,
"because of the couples", "never far from", a confirmation that rests on no position level; "X% of N filled IM
spots", "counting second-year and physician positions as well", "leaving couples out" opening a sentence, a "Match
rate" column between two groups' columns, a specialty right after another figure, a made-up example, "basically"; "Of the N internal medicine positions filled", a column that names no place
beside columns that do, a year that opens the next clause after a figure, "filled at 99.7%"; "U.S.-citizen and
non-U.S.-citizen IMGs" together, "headline" opening a sentence, a sentence that gives both definitions, a state's
possessive right before a figure, a list item before that names several years, "national" after a state's figure.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.test_check_article import C, NC, dim_value as value, doc_of, figures, read, verdict_of_each


def reading(text: str) -> dict:
    return {f.stated: f for f in read(text, "t.md")}


def year(f) -> int | None:
    d = f.dims.get("year")
    return None if d is None else d.value


def test_a_chat_line_that_ends_in_a_figure_ends_its_sentence():
    got = reading("**pete** — Today at 9:12 PM\nDO seniors 2025: 7,773 of 8,392 matched, so 92.6%. in 2024 it was "
                  "7,412 of 8,033\n2021 was the dip, 89.3%.\n")
    assert [year(got[s]) for s in ("7,773", "8,392", "92.6%")] == [2025, 2025, 2025], got
    assert year(got["8,033"]) != 2021, got["8,033"].dims
    # a figure's stop before words that go on ("so 67.8%") does not end the sentence
    f = reading("US-citizen IMGs like me: 3,108 out of 4,751 matched in 2025. so 67.8%")["67.8%"]
    assert f.metric == "match_rate_pct" and year(f) == 2025, (f.metric, f.dims)


def test_a_next_sentence_does_not_repeat_the_other_side_of_a_change():
    got = reading("In 2025 U.S.-citizen IMGs matched at 67.8%, up from 67.0% in 2024. Non-U.S.-citizen IMGs did "
                  "worse, at 58.0%.")
    f = got["58.0%"]
    assert f.dims["applicant_type"].value == "non_us_img" and year(f) == 2025, f.dims


def test_the_year_before_that_counts_from_the_last_year_named():
    got = reading("In the 2025 Match, 6,653 of 11,465 non-U.S.-citizen IMGs matched, which is 58.0%. That was a "
                  "little lower than 2024's 58.8%, and the year before that the rate was 59.4%.")
    assert year(got["59.4%"]) == 2023, got["59.4%"].dims


def test_this_year_after_a_figure_is_not_the_year_the_sentence_names():
    got = reading("Preliminary surgery is the outlier again. In 2024 it filled 52.3% of its 1,152 positions, while "
                  "categorical surgery filled 99.7% in 2024 and 99.8% this year.")
    assert year(got["99.7%"]) == 2024 and year(got["99.8%"]) is None, got["99.8%"].dims
    # "it" refers back, never to the later clause's "categorical surgery"
    f = got["52.3%"]
    assert f.dims.get("program_type") is None or f.dims["program_type"].value != "categorical", f.dims


def test_a_clause_that_says_national_takes_no_specialty_of_another_clause():
    got = reading("In 2025 internal medicine filled 96.8% of its categorical positions, and nationally 94.1% of all "
                  "PGY-1 positions were filled.")
    assert "specialty_id" not in got["94.1%"].dims and got["96.8%"].dims["specialty_id"].value == "internal-medicine"


def test_a_persons_class_is_a_local_figure():
    f = reading("Roughly 9,500 applicants went home without a first-year position in 2025, and one medical school dean "
                "told us 96% of her class matched.")["96%"]
    assert f.metric is None and "local" in f.reason, (f.metric, f.reason)


def test_a_pair_of_scores_takes_the_outcomes_of_its_lead_in_in_order():
    got = reading("Median Step 2 CK scores of non-U.S. IMGs in the 2026 report, of those who matched to their preferred "
                  "specialty and of those who did not:\n\n- Internal medicine: 251 against 243.\n- Family medicine: 230 "
                  "for those who matched, but 213 for those who did not.\n")
    assert [got[s].dims["outcome"].value for s in ("251", "243", "230", "213")] == \
        ["matched", "not_matched", "matched", "not_matched"], {s: got[s].dims.get("outcome") for s in got}


def test_this_year_after_a_figure_takes_no_year_of_its_sentence():
    got = reading("The 2025 Match was kind to some. U.S. citizens who studied abroad fared better, matching at 67.8% "
                  "this year after 67.0% in 2024 and 67.6% in 2023.")
    assert year(got["67.8%"]) == 2025 and year(got["67.0%"]) == 2024, got["67.8%"].dims


def test_never_far_from_is_a_bound():
    f = reading("U.S. MD seniors matched at 93.8% in 2016 and 92.9% in 2023, never far from 94%.")["94%"]
    assert f.role == "bound", (f.role, f.dims)


def test_a_share_of_n_filled_spots_with_a_specialty_word_and_counting_other_levels():
    got = reading("IMGs filled these internal medicine PGY-1 spots in 2025:\n\n- New Jersey: 60.8% of 530 filled IM spots\n")
    assert got["60.8%"].metric == "img_share_pct" and got["530"].metric == "filled", (got["60.8%"].metric,
                                                                                      got["530"].metric)
    f = reading("Counting second-year and physician positions as well, Michigan offered 2,020 positions and filled "
                "1,847, or 92.8%, in 2025.")["92.8%"]
    assert f.all_levels and "position_level" not in f.dims, f.dims


def test_a_rate_column_between_two_groups_columns_is_unsure():
    table = ("<table><caption>IMGs matched to first-year positions, by year</caption><tr><th>Year</th><th>Non-U.S.-"
             "citizen IMGs matched</th><th>Match rate</th><th>U.S.-citizen IMGs matched</th><th>Match rate</th></tr>"
             "<tr><td>2024</td><td>5,864</td><td>58.5%</td><td>3,181</td><td>67.0%</td></tr></table>")
    got = {f.stated: f for f in read(table, "t.html")}
    assert got["58.5%"].metric is None and "unsure which group" in got["58.5%"].reason, got["58.5%"].reason
    assert got["5,864"].dims["applicant_type"].value == "non_us_img", got["5,864"].dims


def test_a_specialty_right_after_another_figure_is_that_ones():
    got = reading("In New Jersey in 2025, IMGs filled 43.2% of the state's filled PGY-1 positions, 56.4% in internal "
                  "medicine and 64.9% in pediatrics.")
    assert "specialty_id" not in got["43.2%"].dims, got["43.2%"].dims
    assert got["56.4%"].dims["specialty_id"].value == "internal-medicine", got["56.4%"].dims


def test_a_made_up_example_and_basically_are_not_judged():
    f = reading("A made-up case shows the arithmetic: a program that filled 18 of its 20 positions in 2025 has a fill "
                "rate of 90%.")["90%"]
    assert f.metric is None and "hypothetical" in f.reason, (f.metric, f.reason)
    assert reading("Psychiatry offered 2,388 positions in 2025 and filled basically 100%.")["100%"].approximate


def test_positions_filled_after_the_noun_and_filled_at_a_rate():
    got = reading("In 2025, of the 539 internal medicine positions filled in Ohio, non-U.S.-citizen IMGs took 166.")
    assert got["539"].metric == "filled", got["539"].metric
    got = reading("In 2025, anesthesiology's 305 advanced positions filled at 99.7%.")
    assert got["305"].metric not in ("filled", "program_filled", "program_type_filled"), got["305"].metric


def test_a_column_that_names_no_place_beside_places_is_unsure():
    table = ("First-year positions in the 2025 Match, internal medicine:\n\n| Measure | Piedmont Valley | Georgia | "
             "National |\n|---|---|---|---|\n| IMG share of filled | 61.1% | 50.3% | 40.3% |\n")
    got = {f.stated: f for f in read(table, "t.md")}
    assert got["61.1%"].metric is None and "names no place" in got["61.1%"].reason, got["61.1%"].reason
    assert got["40.3%"].metric == "img_share_pct", got["40.3%"].reason


def test_a_year_that_opens_the_next_clause_after_a_figure_is_not_its_own():
    f = reading("Small correction: the 2023 US-IMG rate was 67.6%, so 2024 was actually a small dip.")["67.6%"]
    assert year(f) == 2023, f.dims


def test_both_citizen_groups_together_are_imgs_and_a_states_possessive_is_its_figures():
    got = reading("Taken together, U.S.-citizen and non-U.S.-citizen IMGs matched at 60.8% in 2025.")
    assert got["60.8%"].metric == "img_match_rate_pct", (got["60.8%"].metric, got["60.8%"].dims)
    from pipeline.config import PROJECT_DIR

    name = "706-ohio-hospital-association-release.md"  # "... or 23.6% of the total, below Michigan's 31.5% and
    text = (PROJECT_DIR / "tests" / "article_holdout133" / name).read_text(encoding="utf-8")  # Pennsylvania's 26.5%"
    got = {f.stated: f for f in read(text, name)}
    # round 16: the state's name right before the figure is its state (before, the figure was left unsure)
    assert value(got["31.5%"], "state") == "MI", (got["31.5%"].dims, got["31.5%"].reason)
    assert value(got["26.5%"], "state") == "PA", (got["26.5%"].dims, got["26.5%"].reason)


def test_a_list_item_before_that_names_several_years_and_national_after_a_states_figure():
    got = reading("Key numbers:\n\n- Registered applicants: 52,498 (2025), 50,413 (2024)\n- Positions offered: 43,237\n")
    assert got["43,237"].metric is None and "several years" in got["43,237"].reason, got["43,237"].reason
    got = reading("In 2025 surgery is rough everywhere: NY filled 83.1%, TX 84.5%, and the national PGY-1 number was 82.3%.")
    assert "state" not in got["82.3%"].dims, got["82.3%"].dims


@pytest.mark.integration
def test_round_12_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    def verdicts(text):
        return verdict_of_each(real_home, text)

    got = verdicts("In 2025 U.S.-citizen IMGs matched at 67.8%, up from 67.0% in 2024. Non-U.S.-citizen IMGs did "
                   "worse, at 58.0%.\n\nIn 2025 internal medicine filled 96.8% of its categorical positions, and nationally "
                   "94.1% of all PGY-1 positions were filled.\n")
    assert (got["58.0%"], got["94.1%"], got["96.8%"]) == (C, C, C), got
    got = verdicts("Preliminary surgery is the outlier again. In 2024 it filled 52.3% of its 1,152 positions, while "
                   "categorical surgery filled 99.7% in 2024 and 99.8% this year.")
    assert got["99.7%"] == C and got["99.8%"] == NC and got["52.3%"] in (C, NC), got
    # a text that says its rates differ "because of the couples" names the no-couples series
    got = verdicts("The rank order list report gives its own match rates, which differ slightly from the headline "
                   "numbers because of the couples. By that count, 80.5 percent of applicants matched in 2025.")
    assert got["80.5 percent"] == C, got
    # words that open a sentence name the definition of all its figures: 58.0% is the headline rate, not the
    # no-couples one (58.3%) the sentence is about
    got = verdicts("Leaving couples out again, non-U.S.-citizen IMGs matched at 50.4 percent in 2015 and 58.0 percent "
                   "in 2025.")
    assert got["58.0 percent"] == "different definition", got
    # "headline" opening a sentence names its definition, whatever the text names elsewhere; a sentence that gives
    # both definitions' values does not contradict the other one
    got = verdicts("The rank order list report leaves couples out.\n\nAmir: headline non-US IMG rate was 54.8% in 2021, "
                   "58.2% in 2022.\n\nLast one: how many non-US IMGs matched nationally in 2025? I've seen 6,653 out "
                   "of 11,465 (58.0%) and also 6,512 matched with a 58.3% rate.\n")
    assert got["58.2%"] == "different definition" and got["58.0%"] == C and got["58.3%"] == NC, got
    # a state's fill rate with no level named, in a table of PGY-1 positions: the all-levels figure (96.4) is not
    # confirmed when the PGY-1 one (96.3) differs, and the note gives both; in a table that does not say, it is
    table = "In the 2025 Match:\n\n| State | PGY-1 positions | Fill rate |\n|---|---|---|\n| New York | 4,654 | 96.4% |\n"
    f = next(f for f in figures(check_document(paths(real_home), doc_of(table, "t.md"))) if f.stated == "96.4%")
    assert f.verdict == NC and "PGY-1 figure is 96.3" in f.note, (f.verdict, f.note)
    assert verdicts(table.replace("PGY-1 positions", "Positions").replace("4,654", "5,105"))["96.4%"] == C
