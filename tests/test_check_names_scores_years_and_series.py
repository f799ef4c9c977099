"""Issue 25, round 19: what unseen texts wrote that the fact-check read as another figure.

- "Internal medicine–psychiatry filled 92.0%": a combined specialty written with a hyphen or dash for the
  report's slash is that combined specialty, not psychiatry;
- a table under "Median USMLE Step 2 CK scores ..." with columns "| Matched | Not matched |" (or "| Median,
  matched |") holds scores, not counts of applicants;
- "Programs offered 43,237 positions, 40,041 of them at the PGY-1 level; 40,764 positions were filled, a fill rate
  of 94.3%": the PGY-1 level is the part's before the semicolon, not the figures' after it;
- "projects the Texas share will pass 45% by 2028" is a forecast; "graduated 2023" is a person's year, not the
  year of the figures after it;
- "4,356 non-U.S.-citizen IMGs matched in 2021, 4,571 in 2022 and 5,023 in 2023": the figures after the first,
  each with its own year, repeat its reading;
- "4,587 were active in 2025" counts active applicants; "U.S. MD seniors took 492 and DO seniors 145" of a
  specialty's filled positions are positions filled by each (new metrics: us_md_senior_filled,
  us_do_senior_filled); "non-U.S.-citizen IMGs filled 3,794 ... positions and U.S.-citizen IMGs 1,221" and
  "19,044 MD seniors matched out of 19,755, and 7,773 DO seniors out of 8,932" repeat the reading before with
  their own group;
- rank order list lengths: a table's group from its caption ("Describe the trend for all applicants"), "the
  averages were 7.26 for those who matched and 3.32 for those who did not" after a sentence about ranking, items
  "7.26 vs. 3.2" under "matched vs. unmatched:", and "Matched applicants' lists peaked at 12.58 programs";
- "| Transitional year | 1,747 |": the year of a specialty's name is no duration; "3,108 ... matched in 2025
  against 3,181 the year before": 3,181 is the same count a year earlier (not a duration);
- "| Positions, all levels | PGY-1 positions | Filled, all levels | Filled, PGY-1 |": the positions columns beside
  filled ones count positions offered, and "Filled, all levels" counts positions filled;
- "A year earlier, 41,503 positions had been offered and 38,941 filled." after sentences dated by an earlier
  sentence of their paragraph: a year before theirs, for both figures.

Reading tests without data, and integration tests on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read as reading_all, read_by_stated as reading, verdict_of_each


@pytest.mark.parametrize("name", ["internal medicine–psychiatry", "Internal medicine-psychiatry",
                                  "internal medicine / psychiatry", "Internal Medicine/Psychiatry"])
def test_a_combined_specialty_with_a_dash_for_its_slash_is_the_combined_one(name):
    got = reading(f"In the 2025 Match, {name} filled 92.0% of its positions.")
    assert value(got["92.0%"], "specialty_id") == "internal-medicine-psychiatry", got["92.0%"].dims


def test_two_specialties_side_by_side_are_not_read_as_a_combined_one():
    got = reading("| State | Internal medicine | Psychiatry |\n|---|---|---|\n| Ohio | 38.0 | 8.1 |\n\n"
                  "IMG share (%) of filled PGY-1 positions, 2025.")
    assert value(got["38.0"], "specialty_id") != "internal-medicine-psychiatry", got["38.0"].dims
    got = reading("In 2025 internal medicine filled 98.2% of its positions and psychiatry 99.7%.")
    assert value(got["98.2%"], "specialty_id") == "internal-medicine", got["98.2%"].dims


STEP2_TABLE = ("<h3>Median USMLE Step 2 CK scores, non-U.S.-citizen IMGs, 2026 Charting Outcomes</h3>\n<table>"
               "<thead><tr><th>Preferred specialty</th><th>Matched</th><th>Not matched</th></tr></thead><tbody>"
               "<tr><td>Pathology</td><td>245</td><td>235</td></tr></tbody></table>\n")


def test_a_table_of_medians_under_matched_and_not_matched_holds_scores():
    got = reading(STEP2_TABLE, "t.html")
    for stated, outcome in (("245", "matched"), ("235", "not_matched")):
        assert got[stated].metric == "step2_median", (stated, got[stated].metric, got[stated].reason)
        assert (value(got[stated], "outcome"), value(got[stated], "specialty_id")) == (outcome, "pathology")


def test_a_table_with_counts_beside_its_medians_keeps_its_counts():
    text = ("Charting Outcomes for the 2026 Match, non-U.S. IMGs: median Step 2 CK scores and outcomes.\n\n"
            "| Preferred specialty | Applicants | Matched | Median Step 2 CK, matched |\n|---|---|---|---|\n"
            "| Pathology | 375 | 169 | 244 |\n")
    got = reading(text)
    assert got["169"].metric == "preferred_specialty_matched", (got["169"].metric, got["169"].reason)
    assert got["244"].metric == "step2_median", (got["244"].metric, got["244"].reason)


SIZE = ("In the 2025 Main Residency Match, 47,208 applicants certified a rank order list. Programs offered 43,237 "
        "positions, 40,041 of them at the PGY-1 level; 40,764 positions were filled, a fill rate of 94.3%.")


def test_a_parts_level_before_a_semicolon_is_not_the_next_clauses():
    got = reading(SIZE)
    assert got["40,041"].metric == "positions_pgy1", got["40,041"].metric
    assert got["40,764"].metric == "filled_total", (got["40,764"].metric, got["40,764"].dims)
    assert got["94.3%"].metric == "fill_pct" and value(got["94.3%"], "position_level") is None, got["94.3%"].dims
    got = reading("In 2025 New York offered 4,484 PGY-1 positions; IMGs filled 37.7% of those filled.")
    assert value(got["37.7%"], "position_level") == "PGY-1", got["37.7%"].dims  # no part before: the scene's level


def test_a_projection_is_not_a_figure_of_the_data():
    got = reading("Texas: 295 of 802 (38.6%). A state workforce report projects the Texas share will pass 45% by 2028.")
    assert got["45%"].metric is None and "projects" in got["45%"].reason, (got["45%"].metric, got["45%"].reason)


def test_a_graduation_year_does_not_date_the_figures_after_it():
    text = ("Pakistani grad, graduated 2023, one research pub, planning to apply in IM.\n\n"
            "so 58% of non-US IMGs match in all specialties?")
    f = reading(text)["58%"]
    assert value(f, "year") != 2023, f.dims
    f = reading(text.replace("graduated 2023", "looking at 2023"))["58%"]
    assert value(f, "year") == 2023, f.dims  # a year that dates: the rule is the graduation's


SERIES = ("Behind those rates are real people: 4,356 non-U.S.-citizen IMGs matched in 2021, 4,571 in 2022 and 5,023 in "
          "2023. The fourth chart climbs steadily: the Match offered 31,757 positions in 2017, 35,185 in 2019 and "
          "37,256 in 2020.")


def test_figures_each_with_a_year_after_a_figure_with_words_repeat_its_reading():
    got = reading(SERIES)
    for stated, year in (("4,571", 2022), ("5,023", 2023)):
        f = got[stated]
        assert (f.metric, value(f, "applicant_type"), value(f, "year")) == ("matched_pgy1", "non_us_img", year), \
            (stated, f.metric, f.dims, f.reason)
    for stated, year in (("35,185", 2019), ("37,256", 2020)):
        assert (got[stated].metric, value(got[stated], "year")) == ("positions_total", year), got[stated].dims


def test_a_figure_after_a_number_or_a_semicolon_does_not_repeat_the_reading():
    got = reading("In 2025 4,356 non-U.S.-citizen IMGs matched to 1,221 programs in 2021, 4,571 in 2022.")
    assert got["4,571"].metric != "matched_pgy1" or value(got["4,571"], "applicant_type") is None, got["4,571"].dims
    got = reading("In 2021 4,356 non-U.S.-citizen IMGs matched; positions in 2021, 4,571 in 2022.")
    assert got["4,571"].metric is None, (got["4,571"].metric, got["4,571"].dims)


def test_a_count_that_were_active_counts_active_applicants():
    f = reading("The U.S.-citizen IMG group shrank: 4,587 were active in 2025.")["4,587"]
    assert (f.metric, value(f, "applicant_type")) == ("active_applicants", "us_img"), (f.metric, f.dims, f.reason)


SENIORS = ("In 2025 U.S. MD seniors filled 492 neurology PGY-1 positions and DO seniors 145. Non-U.S.-citizen IMGs "
           "filled 3,794 internal medicine PGY-1 positions and U.S.-citizen IMGs 1,221.")


def test_seniors_and_imgs_after_a_group_that_filled_positions_filled_them_too():
    got = reading(SENIORS)
    for stated, metric, spec in (("492", "us_md_senior_filled", "neurology"), ("145", "us_do_senior_filled", "neurology"),
                                 ("1,221", "us_img_filled", "internal-medicine")):
        f = got[stated]
        assert (f.metric, value(f, "specialty_id"), value(f, "year")) == (metric, spec, 2025), (stated, f.metric, f.dims)


def test_a_part_with_its_group_before_of_repeats_the_part_before():
    got = reading("In raw numbers for 2025, 19,044 MD seniors matched out of 19,755, and 7,773 DO seniors out of 8,932.")
    f = got["7,773"]
    assert (f.metric, value(f, "applicant_type")) == ("matched_pgy1", "us_do_senior"), (f.metric, f.dims)
    got = reading("In 2025 U.S. MD seniors accounted for 20,368 active applicants, of whom 19,044 matched; U.S. DO "
                  "seniors for 8,392, of whom 7,412 matched.")
    assert got["8,392"].metric != "matched_pgy1", (got["8,392"].metric, got["8,392"].dims)


def test_a_rank_list_table_takes_its_one_group_from_the_caption():
    text = ("NRMP's rank order list report gives the mean number of programs ranked by applicants who matched and by "
            "those who did not (couples excluded). Describe the trend for all applicants.\n\n| Year | Matched: mean "
            "programs ranked | Not matched: mean programs ranked |\n|---|---|---|\n| 2022 | 12.85 | 4.42 |\n")
    got = reading(text)
    for stated, outcome in (("12.85", "matched"), ("4.42", "unmatched")):
        f = got[stated]
        assert (f.metric, value(f, "applicant_type"), value(f, "outcome"), value(f, "year")) == (
            "avg_rol_length", "all_applicants", outcome, 2022), (stated, f.metric, f.dims, f.reason)
    got = reading(text.replace("for all applicants", "for each group"))
    assert got["12.85"].metric is None, got["12.85"].dims


ROL = ("In 2025 applicants who matched ranked an average of 12.02 programs, while applicants who did not match ranked "
       "an average of 4.04. For non-U.S.-citizen IMGs the averages were 7.26 for those who matched and 3.32 for those "
       "who did not.\n\nMatched applicants' lists peaked at 12.58 programs in 2022 and have shortened every year "
       "since, to 12.43 in 2023.\n\nAverage number of programs ranked in 2025, matched vs. unmatched:\n\n"
       "- Non-U.S. IMGs: 7.26 vs. 3.2\n- U.S. IMGs: 10.06 vs. 3.37\n")


def test_averages_after_a_sentence_about_ranking_legends_and_applicants_lists_are_list_lengths():
    got = {(f.stated, f.number): f for f in reading_all(ROL)}
    want = {"3.32": ("non_us_img", "unmatched", 2025), "12.58": ("all_applicants", "matched", 2022),
            "12.43": ("all_applicants", "matched", 2023), "3.2": ("non_us_img", "unmatched", 2025),
            "10.06": ("us_img", "matched", 2025), "3.37": ("us_img", "unmatched", 2025)}
    for (stated, _), f in got.items():
        if stated in want:
            assert f.metric == "avg_rol_length", (stated, f.metric, f.reason)
            assert (value(f, "applicant_type"), value(f, "outcome"), value(f, "year")) == want[stated], (stated, f.dims)


def test_the_year_of_transitional_year_is_no_duration():
    got = reading("| Specialty | Positions offered, 2025 | Unfilled after the Match, 2025 | Unfilled, 2024 |\n"
                  "|---|---|---|---|\n| Transitional year | 1,747 | 243 | 231 |\n")
    for stated, year in (("243", 2025), ("231", 2024)):
        f = got[stated]
        assert (f.metric, value(f, "specialty_id"), value(f, "year")) == ("program_unfilled", "transitional-year",
                                                                         year), (stated, f.metric, f.dims, f.reason)
    f = reading("Residents spent 3 years in training in 2025.")["3"]
    assert "duration" in f.reason, f.reason  # a year that is no specialty's still is


def test_a_figure_the_year_before_after_a_figure_in_its_year_is_the_same_count_a_year_earlier():
    got = reading("In raw numbers, 3,108 U.S.-citizen IMGs matched in 2025 against 3,181 the year before.")
    f = got["3,181"]
    assert (f.metric, value(f, "applicant_type"), value(f, "year")) == ("matched_pgy1", "us_img", 2024), \
        (f.metric, f.dims, f.reason)


MARKET = ("| Match year | Positions, all levels | PGY-1 positions | Filled, all levels | Filled, PGY-1 |\n"
          "|---|---|---|---|---|\n| 2023 | 40,375 | 37,425 | 37,690 | 34,075 |\n")


def test_columns_of_positions_and_filled_with_a_level_after_a_comma():
    got = reading(MARKET)
    want = {"40,375": "positions_total", "37,425": "positions_pgy1", "37,690": "filled_total", "34,075": "filled_pgy1"}
    for stated, metric in want.items():
        f = got[stated]
        assert (f.metric, value(f, "year")) == (metric, 2023), (stated, f.metric, f.dims, f.reason)


EARLIER = ("In 2025 the Match filled 40,764 positions. 2,473 positions were left unfilled after the algorithm ran, and "
           "2,521 were offered in SOAP. A year earlier, 41,503 positions had been offered and 38,941 filled.")


def test_a_year_earlier_counts_from_a_sentence_dated_by_its_paragraph():
    got = reading(EARLIER)
    for stated, metric in (("41,503", "positions_total"), ("38,941", "filled_total")):
        f = got[stated]
        assert (f.metric, value(f, "year")) == (metric, 2024), (stated, f.metric, f.dims, f.reason)
    got = reading("In 2025, 2,473 positions were unfilled when the algorithm finished, down from 2,652 a year earlier, "
                  "and 2,575 were offered in SOAP.")
    assert value(got["2,575"], "year") != 2024, got["2,575"].dims  # "a year earlier" is 2,652's only


@pytest.mark.integration
def test_combined_specialties_and_a_score_table_are_judged_as_written(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, "In the 2025 Match, internal medicine–psychiatry filled 92.0% of its positions "
                                     "and pediatrics–medical genetics filled 96.4%.")
    assert (got["92.0%"], got["96.4%"]) == ("confirmed", "confirmed"), got  # psychiatry: 99.7, pediatrics: 95.3
    got = verdict_of_each(real_home, STEP2_TABLE, "t.html")
    assert (got["245"], got["235"]) == ("wrong value", "confirmed"), got  # matched: 244 (169 matched to it)
    got = verdict_of_each(real_home, SIZE)
    assert (got["40,764"], got["94.3%"]) == ("confirmed", "confirmed"), got  # PGY-1: 37,667 filled, 94.1%
    got = verdict_of_each(real_home, SERIES)
    assert (got["4,571"], got["5,023"], got["35,185"], got["37,256"]) == ("confirmed", "wrong value", "confirmed",
                                                                          "confirmed"), got  # 2023: 5,032
    got = verdict_of_each(real_home, SENIORS)
    assert (got["492"], got["145"], got["1,221"]) == ("confirmed", "wrong value", "confirmed"), got  # DO: 154
    got = verdict_of_each(real_home, EARLIER)
    assert (got["41,503"], got["38,941"]) == ("confirmed", "confirmed"), got
    got = verdict_of_each(real_home, MARKET)
    assert (got["40,375"], got["37,690"], got["34,075"]) == ("confirmed", "confirmed", "wrong year"), got  # 34,822
    got = verdict_of_each(real_home, ROL)
    assert (got["3.32"], got["12.58"], got["12.43"], got["3.37"]) == ("wrong year", "confirmed", "confirmed",
                                                                      "wrong year"), got  # 2025: 3.20 and 3.36
