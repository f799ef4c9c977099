"""Issue 25, round 20: what unseen texts wrote that the fact-check read as another figure.

- "<caption>... 2025 Main Residency Match ... Last column: fill rate of the same specialty in 2024.</caption>": the
  caption's words about the last column of figures date that column only, not the other cells (which are 2025);
- "| Filled, 2025 |" (a year after a comma) heads a column of positions filled, as "| Filled |" does;
- "U.S. MD seniors matched at 93.5%, exactly their 2024 rate; ... DO seniors ...: 92.6%": the year a figure is said
  to equal is not the year of the figures after it;
- "In that same series, non-U.S. IMGs matched at 58.3%, a shade above the headline figure because couples are
  excluded, and U.S.-citizen IMGs at 67.8%": "headline" is the 58.3%'s words, and the 67.8% is of the series named
  before (where it is 68.4%);
- "Neurology filled 49 of its 50 PGY-1 positions, and IMGs took 29.1% of those filled" where 49 and 50 are right only
  for the state the text speaks of: the 29.1%, confirmed nationally, may be that state's;
- a pattern read at a figure's end does not run on into the next block ("| Anesthesiology | 7.3% |" then "In all,
  9,045 IMGs matched ...": not "7.3% in all", every level);
- "The year before, preliminary surgery filled 52.3%" after "... 56.4% ... filled in 2025 ..., against 99.8% of
  categorical surgery positions": a year before the 99.8%'s, which it has from the 56.4% its sentence dates;
- "For non-U.S. IMGs the figures were 7.26 and 3.20; for U.S.-citizen IMGs, 10.06 and 3.63.": each part between
  semicolons is a pair that takes the readings of the pair before it (the sentence before, or the part before the
  semicolon), in order; "Across all applicants the averages were 12.02 and 4.13." too;
- "- Rates by group: U.S. MD seniors 93.5%, DO seniors 92.3%, ...": a label of rates over a list of groups and their
  figures says each is a match rate;
- "Fill 100% of positions in the Match by 2027": a target for a year the data do not cover is not judged (not "not in
  data");
- a figure whose year is unsure between the text's candidates ("the nearest earlier paragraph names 2026, but the
  paragraphs before it name 2025") when the data hold its metric for only one of them, the latest: confirmed when
  its value is that year's (the other readings cannot be judged at all), else still not judged;
- "Of the 47,208 applicants who certified a rank order list, 37,667 matched, a rate of 79.8%": a percentage right
  after two counts read as one group's matched and active applicants, and equal to their ratio, is its match rate;
- an image's alt text "Bar chart of the share of PGY-1 positions filled by IMGs in 2025, by specialty. Internal
  medicine 40.3%, family medicine 31.3%.": a sentence of names and figures only reads the sentence before as its
  lead-in, as a list's items do.

Reading tests without data, and integration tests on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read_by_stated as reading, verdict_of_each

LAST_COLUMN_TABLE = (
    "<table><caption>Table 1. Positions offered and filled by specialty, 2025 Main Residency Match, all program "
    "types combined. Last column: fill rate of the same specialty in 2024.</caption>"
    "<thead><tr><th>Specialty</th><th>Positions offered</th><th>Filled</th><th>Fill rate</th>"
    "<th>Fill rate, 2024</th>{extra_head}</tr></thead><tbody><tr><td>Psychiatry</td><td>2,388</td><td>2,380</td>"
    "<td>99.7%</td><td>99.5%</td>{extra_cell}</tr></tbody></table>\n")


def test_a_captions_words_about_the_last_column_date_that_column_only():
    got = reading(LAST_COLUMN_TABLE.format(extra_head="", extra_cell=""), "t.html")
    for stated in ("2,388", "2,380", "99.7%"):
        assert value(got[stated], "year") == 2025, (stated, got[stated].dims)
    assert value(got["99.5%"], "year") == 2024, got["99.5%"].dims


def test_the_last_column_of_figures_is_not_a_column_of_words():
    got = reading(LAST_COLUMN_TABLE.format(extra_head="<th>Grade</th>", extra_cell="<td>A</td>"), "t.html")
    assert value(got["99.7%"], "year") == 2025, got["99.7%"].dims
    assert value(got["99.5%"], "year") == 2024, got["99.5%"].dims


@pytest.mark.parametrize("head", ["Filled, 2025", "Filled (2025)", "Filled in 2025"])
def test_a_filled_column_with_a_year_counts_positions_filled(head):
    got = reading(f"| Specialty | Program type | Positions, 2025 | {head} | Fill rate, 2025 |\n|---|---|---|---|---|\n"
                  "| Surgery | Categorical | 1,778 | 1,774 | 99.8% |\n")
    assert got["1,774"].metric == "program_type_filled", (got["1,774"].metric, got["1,774"].note)


def test_the_year_a_figure_equals_is_not_the_year_of_the_figures_after_it():
    got = reading("In the 2025 Match, 79.8% of applicants matched. U.S. MD seniors matched at 93.5%, exactly their 2024 "
                  "rate. DO seniors did almost as well: 7,737 of 8,392, or 92.6%.\n")
    assert value(got["92.6%"], "year") == 2025, got["92.6%"].dims


def test_a_figure_at_the_end_of_a_table_does_not_read_the_next_paragraph():
    table = ("Share of filled PGY-1 positions taken by IMGs, 2025:\n\n| Specialty | IMG share |\n|---|---|\n"
             "| Internal medicine | 40.3% |\n| Anesthesiology | 7.3% |\n\n")
    got = reading(table + "In all, 9,045 IMGs matched to PGY-1 positions in 2025.\n")
    assert value(got["7.3%"], "position_level") == "PGY-1", got["7.3%"].dims
    got = reading("The Match offered 43,237 positions\n\nin all.\n")
    assert value(got["43,237"], "position_level") is None, got["43,237"].dims


def test_a_specialty_in_a_heading_is_not_joined_to_the_program_type_opening_the_paragraph():
    got = reading("## Compared with surgery\n\nPreliminary surgery is the real problem: only 56.4% of its 1,194 "
                  "positions filled in 2025.\n")
    assert value(got["56.4%"], "program_type") == "preliminary", got["56.4%"].dims


def test_a_year_before_counts_from_a_compared_figure_dated_by_its_sentence():
    got = reading("Preliminary surgery is the real problem child: only 56.4% of its 1,194 positions filled in 2025 "
                  "(637 filled), against 99.8% of categorical surgery positions. The year before, preliminary surgery "
                  "filled 52.3%.\n")
    assert value(got["52.3%"], "year") == 2024, got["52.3%"].dims


MICHIGAN = ("<header><p>Home &gt; Workforce</p><h1>Residency Programs in Michigan: What the 2025 Match Tells Us</h1>"
            "</header><p>Michigan's residency programs offered 2,020 positions in the 2025 Main Residency Match.</p>"
            "<ul><li>Neurology filled 49 of its 50 PGY-1 positions, and IMGs took {share} of those filled.</li></ul>\n")
SERIES = ("NRMP's analysis of rank order lists, which leaves couples out, shows that non-U.S. IMGs who matched in 2025 "
          "had ranked an average of 7.26 programs; those who did not match ranked only 3.20. In that same series, "
          "non-U.S. IMGs matched at 58.3% in 2025, a shade above the headline figure because couples are excluded, "
          "and U.S.-citizen IMGs at {rate}.\n")


@pytest.mark.integration
def test_captions_series_and_states_are_judged_as_written(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, LAST_COLUMN_TABLE.format(extra_head="", extra_cell=""), "t.html")
    assert (got["2,388"], got["2,380"], got["99.7%"], got["99.5%"]) == ("confirmed",) * 4, got  # psychiatry 2024: 99.5
    got = verdict_of_each(real_home, SERIES.format(rate="67.8%"))
    assert (got["58.3%"], got["67.8%"]) == ("confirmed", "different definition"), got  # no couples: 68.4
    got = verdict_of_each(real_home, SERIES.format(rate="68.4%"))
    assert got["68.4%"] == "confirmed", got
    got = verdict_of_each(real_home, MICHIGAN.format(share="29.1%"), "t.html")  # national 29.1, Michigan 32.7
    assert (got["49"], got["29.1%"]) == ("not checked", "not checked"), got
    national = MICHIGAN.format(share="29.1%").replace("in Michigan", "").replace("Michigan's", "All")
    got = verdict_of_each(real_home, national, "t.html")  # no state around it: 49 and 50 are not right anywhere
    assert got["29.1%"] == "confirmed", got


ROL_PAIRS = ("NRMP's rank order list report leaves couples out. In 2025, U.S. MD seniors who matched had ranked 13.68 "
             "programs on average, while those who went unmatched had ranked 6.87. For non-U.S. IMGs the figures were "
             "7.26 and 3.20; for U.S.-citizen IMGs, 10.06 and 3.63. Across all applicants the averages were 12.02 "
             "and 4.13.\n")


def test_pairs_between_semicolons_take_the_readings_of_the_pair_before():
    got = reading(ROL_PAIRS)
    for stated, group, outcome in (("7.26", "non_us_img", "matched"), ("3.20", "non_us_img", "unmatched"),
                                   ("10.06", "us_img", "matched"), ("3.63", "us_img", "unmatched"),
                                   ("12.02", "all_applicants", "matched"), ("4.13", "all_applicants", "unmatched")):
        f = got[stated]
        assert (f.metric, value(f, "year"), value(f, "applicant_type"), value(f, "outcome")) == (
            "avg_rol_length", 2025, group, outcome), (stated, f.metric, f.dims)
    got = reading("In 2016 non-U.S. IMGs matched at 50.5% and U.S. IMGs at 54.0%; in 2017 the rates were 52.4% and "
                  "54.8%.")
    assert [(got[s].metric, value(got[s], "year"), value(got[s], "applicant_type")) for s in ("52.4%", "54.8%")] == [
        ("match_rate_pct", 2017, "non_us_img"), ("match_rate_pct", 2017, "us_img")], (got["52.4%"].dims, got["54.8%"].dims)


def test_a_label_of_rates_over_groups_and_figures_makes_each_a_match_rate():
    got = reading("In 2024:\n\n- Rates by group: U.S. MD seniors 93.5%, DO seniors 92.3%, non-U.S. IMGs 58.5%.\n")
    for stated, group in (("93.5%", "us_md_senior"), ("92.3%", "us_do_senior"), ("58.5%", "non_us_img")):
        assert (got[stated].metric, value(got[stated], "applicant_type")) == ("match_rate_pct", group), \
            (stated, got[stated].metric, got[stated].dims, got[stated].reason)
    got = reading("In 2024:\n\n- Rates by group: U.S. MD seniors 93.5%, and DO seniors said 92.3%.\n")
    assert got["92.3%"].metric != "match_rate_pct", got["92.3%"].dims  # words of its own: not only a list


@pytest.mark.integration
def test_a_target_for_a_later_year_is_not_judged(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "### Action items\n\n- Fill 100% of positions in the Match by 2027.\n")
    assert got["100%"] == "not checked", got
    got = verdict_of_each(real_home, "In 2027, the Match filled 100% of positions.\n")
    assert got["100%"] == "not in data", got


CANDIDATES = ("# The 2025 Match\n\nIn the 2025 Match, 79.8% of active applicants matched.\n\nNRMP's 2026 Charting "
              "Outcomes report covers non-U.S. IMGs.\n\nOf the non-U.S. IMGs who preferred internal medicine, {rate} "
              "matched to it.\n")


@pytest.mark.integration
def test_a_year_among_candidates_of_which_the_data_hold_one_is_that_one(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, CANDIDATES.format(rate="48.5%"))  # the 2026 report: 48.5
    assert got["48.5%"] == "confirmed", got
    assert verdict_of_each(real_home, CANDIDATES.format(rate="47.5%"))["47.5%"] == "not checked"
    assert verdict_of_each(real_home, CANDIDATES.format(rate="49%"))["49%"] == "not checked"  # a round figure
    later = ("# The 2026 Match\n\nThe 2026 Match is the largest yet.\n\nIn 2025, 79.8% of active applicants "
             "matched.\n\nU.S. MD seniors matched at 93.5%.\n")  # the data hold 2025, not 2026 (the later one)
    assert verdict_of_each(real_home, later)["93.5%"] == "not checked"


def test_a_rate_right_after_the_counts_it_restates_is_their_match_rate():
    text = "In 2025, of the 47,208 applicants who certified a rank order list, 37,667 matched to a PGY-1 position, {}."
    got = reading(text.format("a rate of 79.8%"))
    assert (got["79.8%"].metric, value(got["79.8%"], "year"), value(got["79.8%"], "applicant_type")) == (
        "match_rate_pct", 2025, "all_applicants"), (got["79.8%"].metric, got["79.8%"].dims)
    assert reading(text.format("or 79.8%"))["79.8%"].metric == "match_rate_pct"
    assert reading(text.format("a rate of 78.8%"))["78.8%"].metric is None  # not their ratio: another figure


def test_a_sentence_of_names_and_figures_reads_the_sentence_before_as_its_lead_in():
    got = reading('<img src="a.png" alt="Bar chart of the share of PGY-1 positions filled by IMGs in 2025, by specialty. '
                  'Internal medicine 40.3%, family medicine 31.3%.">\n<p>Map of the IMG share of PGY-1 positions '
                  'filled in 2025. Darkest: New Jersey 43.2%, Florida 38.1%.</p>\n', "t.html")
    for stated, where in (("40.3%", ("specialty_id", "internal-medicine")), ("31.3%", ("specialty_id", "family-medicine")),
                          ("43.2%", ("state", "NJ")), ("38.1%", ("state", "FL"))):
        f = got[stated]
        assert (f.metric, value(f, "year"), value(f, *where[:1])) == ("img_share_pct", 2025, where[1]), (stated, f.dims)
    got = reading("Map of the IMG share of PGY-1 positions filled in 2025. New Jersey rose to 43.2%, Florida 38.1%.\n")
    assert got["43.2%"].metric is None or "list lead-in" not in str(got["43.2%"].dims), got["43.2%"].dims
