"""Issue 25, round 9: clauses that keep their own subject, years a comparison names, table columns that say what
they count, program types named as a cause or a comparison, and a whole's verb shared with its part.

Reading tests (no data) for each rule, and one integration test on the real reports for the verdicts.
"""

from __future__ import annotations

import pytest

from pipeline.check.article_output import check_document
from pipeline.config import paths
from tests.test_check_article import C, DD, WV, WY, doc_of, figures, read  # noqa: F401


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


@pytest.fixture(scope="module")
def real_home(tmp_path_factory):
    from tests.conftest import published_real_home

    yield from published_real_home(tmp_path_factory, "clauses_real")


@pytest.mark.integration
def test_round_9_rules_on_real_data(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))

    def verdicts(text):
        return {f.stated: f.verdict for f in figures(check_document(paths(real_home), doc_of(text)))}

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
