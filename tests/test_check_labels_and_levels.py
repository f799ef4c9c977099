"""Issue 25, round 14 (last batch of rules): labels and levels a figure must not borrow. A year after a baseline
with decimals before it ("92.6%, after 92.3% in 2024 and 91.9% in 2023"); a bracketed year label of other figures
("(2024: 41,503 and 38,449)") carried to the next sentence; "n = 37,667 of 47,208" (a part, not a sample size) and
"(n = 19,044)" after a rate (its whole or its part); "and, at all levels, 30.9%"; "25.9% of all PGY-1 positions"
beside another figure's specialty; "patho" and "emergency physicians"; "Median of matched: 252"; a lead-in's
bracketed year; the next clause's level; "rounded: 47,200"; a caption "Share of filled PGY-1 positions"; another
row's note naming a series; a Methods section naming the report.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import C, NC, dim_value as value, read, read_by_stated as reading, verdict_of_each


def test_years_after_baselines_with_decimals_are_not_the_figures():
    f = reading("U.S. MD seniors matched at 93.7% in 2025; osteopathic seniors at 92.6%, after 92.3% in 2024 and "
                "91.9% in 2023.")["92.6%"]
    assert value(f, "year") == 2025, (f.dims, f.reason)


def test_a_bracketed_year_label_of_other_figures_is_not_carried():
    f = reading("In the 2025 Main Residency Match, 47,208 applicants certified a rank order list. The Match offered "
                "43,237 positions at all levels, of which 40,041 were PGY-1 positions (2024: 41,503 and 38,449, "
                "respectively). After the matching algorithm, 2,473 positions remained unfilled.")["2,473"]
    assert value(f, "year") != 2024, (f.dims, f.reason)


def test_n_equals_before_a_part_and_after_a_rate():
    got = reading("The overall PGY-1 match rate in 2025 was 79.8% (n = 37,667 of 47,208). U.S. MD seniors matched "
                  "at 93.5% (n = 19,044).")
    assert got["37,667"].metric != "active_applicants", (got["37,667"].metric, got["37,667"].reason)
    assert got["19,044"].metric == "active_applicants"  # read as the whole; its part is the other reading (below)


def test_all_levels_after_and_introduces_the_next_figure():
    got = read("In Michigan, IMGs filled 31.5% of filled PGY-1 positions in 2025 and, at all levels, 30.9%.", "t.md")
    first, second = [f for f in got if f.kind == "statistic"]
    assert value(first, "position_level") == "PGY-1" and not first.all_levels, (first.dims, first.all_levels)
    assert value(second, "position_level") is None and second.all_levels, (second.dims, second.all_levels)
    # "at all levels" right after a figure stays that figure's
    got = reading("Programs offered 43,237 positions at all levels in 2025, 40,041 of them at the PGY-1 level.")
    assert got["43,237"].all_levels and got["40,041"].metric == "positions_pgy1", got["40,041"].metric


def test_a_share_of_all_positions_takes_no_specialty_of_another_figure():
    got = reading("Across the whole country IMGs filled about 40% of IM PGY-1 positions and 25.9% of all PGY-1 "
                  "positions filled in 2025.")
    assert value(got["25.9%"], "specialty_id") is None, got["25.9%"].dims


def test_specialty_words_and_a_median_label():
    got = reading("In 2025, IMG share of filled PGY-1 positions: peds 28.6%, neuro 25.1%, patho 36.3%.")
    assert value(got["36.3%"], "specialty_id") == "pathology", got["36.3%"].dims
    f = reading("And to our emergency physicians: the specialty offered 3,068 PGY-1 positions nationally in 2025, "
                "97.9% of them filled.")["97.9%"]
    assert value(f, "specialty_id") == "emergency-medicine", (f.dims, f.reason)
    f = reading("- **Neurology**\n  - 513 applicants, 251 matched (41.9%)\n  - Median of matched: 252, about 8 "
                "points above those who did not\n")["252"]
    assert f.metric is None and "median" in f.reason, (f.metric, f.reason)


def test_a_lead_ins_bracketed_year_and_the_next_clauses_level_are_not_the_figures():
    f = reading("The Match registered 52,498 applicants in 2025 (about 50,400 in 2024). Of the 47,208 active "
                "applicants, 37,667 matched. By group:\n\n- U.S. MD seniors: 19,044 of 20,368 matched (93.5%)\n")["19,044"]
    assert value(f, "year") == 2025, (f.dims, f.reason)
    f = reading("In 2025 IMGs filled 596 Texas positions at all levels, 22.0% of those filled; at the PGY-1 level "
                "they held 573 positions, or 22.8%.")["22.0%"]
    assert value(f, "position_level") is None, f.dims


def test_a_rounded_label_makes_a_figure_approximate():
    f = reading("## Applicants, 2025\n\n- Active applicants (all), rounded: 47,200\n")["47,200"]
    assert f.approximate, (f.approximate, f.reason)


def test_a_tables_caption_of_shares_of_filled_positions_is_no_fill_rate():
    got = read("<p>The table shows how the PGY-1 positions filled in the 2025 Main Residency Match were split between "
               "applicant types.</p><table><caption>Share of filled PGY-1 positions by applicant type, 2025 Main "
               "Residency Match (%)</caption><thead><tr><th>Specialty</th><th>U.S. MD</th><th>U.S.-citizen IMG</th>"
               "</tr></thead><tbody><tr><td>Pediatrics</td><td>50.1</td><td>3.8</td></tr></tbody></table>", "t.html")
    f = next(x for x in got if x.stated == "50.1")
    assert f.metric != "fill_pct", (f.metric, f.reason)


@pytest.mark.integration
def test_round_14_labels_and_levels_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "U.S. MD seniors matched at 93.5% in 2025 (n = 19,044), and U.S. DO seniors "
                          "at 92.6% (n = 8,392).")
    assert got["19,044"] == NC and got["8,392"] == C, got  # the part, read as the whole, is not called wrong
    got = verdict_of_each(real_home, "In Michigan, IMGs filled 31.5% of filled PGY-1 positions in 2025 and, at all "
                          "levels, 30.9%.")
    assert got["31.5%"] == C and got["30.9%"] == C, got
    # a note in another row names the no-couples series; this row's rate is the headline's (the caption says so)
    table = ("Compiled from the NRMP's published headline figures (applicants matched to PGY-1 positions divided by "
             "active applicants, couples included).\n\n| Year | Group | Match rate | Notes |\n|---|---|---|---|\n"
             "| 2019 | All applicants | 79.6% | The rank-order-list report (couples left out) puts 2019 at 80.2%. |\n"
             "| 2020 | All applicants | 81.3% | First virtual interview season began that autumn. |\n")
    got = verdict_of_each(real_home, table)
    assert got["81.3%"] == "different definition" and got["80.2%"] == C, got
    # a Methods section says which report the figures come from
    poster = ("# Rank order lists, 2019-2025\n\n## Methods\n\nSecondary analysis of the NRMP's rank-order-list "
              "report (applicants in couples excluded), 2019-2025.\n\n## Results\n\nIn 2025, 35,987 applicants "
              "matched and 8,703 did not.\n")
    assert verdict_of_each(real_home, poster)["35,987"] == C
