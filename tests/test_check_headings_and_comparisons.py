"""Issue 25, round 15: words a figure must take from further away, and words it must not. A section heading above a
table's lead-in ("## Maryland by specialty (PGY-1, 2025)", then "The committee asked for ...:") says where the
table's cells are; "## 1. The overall picture" over a list names no applicant group; a sentence that opens by
comparing ("That compares with about 38,500 ... in 2024.") dates the figure compared with, not the next sentence's;
"My son's school said 100% of their DO class matched" is a school's own figure.

Reading tests without data, and one integration test on the real reports.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import C, dim_value as value, read_by_stated as reading, verdict_of_each

MARYLAND = """# Regional Match report

Figures for our own programs are from our records.

## 2. Maryland by specialty (PGY-1, 2025)

The committee asked for the specialties in which we sponsor programs:

| Specialty | Positions | Filled | IMG share of filled |
|---|---:|---:|---:|
| Internal medicine | 308 | 305 | 50.5% |
| Family medicine | 32 | 32 | 31.3% |
"""


def test_a_heading_above_a_tables_lead_in_names_its_state():
    got = reading(MARYLAND)
    assert value(got["308"], "state") == "MD", (got["308"].dims, got["308"].reason)
    assert value(got["31.3%"], "state") == "MD", got["31.3%"].dims


def test_a_heading_above_a_paragraph_that_is_no_lead_in_does_not():
    text = MARYLAND.replace("programs:", "programs.")
    got = reading(text)
    assert value(got["308"], "state") is None, got["308"].dims


def test_the_overall_picture_names_no_group():
    text = ("# Applying as a non-US IMG\n\n## 1. The overall picture\n\n- In the 2025 Match:\n"
            "  - 11,465 non-U.S.-citizen IMGs were active applicants;\n  - 6,653 of them matched to a PGY-1 position;\n"
            "  - that is a match rate of 58.0%, slightly down from 58.5% in 2024.\n")
    got = reading(text)
    assert value(got["58.0%"], "applicant_type") != "all_applicants", (got["58.0%"].dims, got["58.0%"].reason)
    # an overall rate still is all applicants'
    got = reading("## The 2025 Match\n\n- The overall match rate was 79.8%.\n")
    assert value(got["79.8%"], "applicant_type") == "all_applicants", got["79.8%"].dims


def test_a_sentence_opening_with_a_comparison_dates_the_compared_figure_only():
    text = ("In the 2025 Main Residency Match, 52,498 applicants registered. There were 43,237 positions across all "
            "levels. That compares with about 38,500 first-year positions in 2024. After the Match, 2,473 positions "
            "were still unfilled.")
    f = reading(text)["2,473"]
    assert value(f, "year") is None, (f.dims, f.reason)
    # a sentence before that is no comparison still dates the next one
    f = reading(text.replace("That compares with about 38,500 first-year positions in 2024.",
                             "The NRMP published the 2024 figures later."))["2,473"]
    assert value(f, "year") == 2024, (f.dims, f.reason)


def test_a_childs_school_is_a_local_figure():
    f = reading("My son's school said 100% of their DO class matched. And DO seniors matched at 92.6% in 2025.")
    assert f["100%"].metric is None and "local" in f["100%"].reason, (f["100%"].metric, f["100%"].reason)
    assert f["92.6%"].metric == "match_rate_pct"


@pytest.mark.integration
def test_round_15_on_the_real_reports(real_home, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(real_home))
    got = verdict_of_each(real_home, MARYLAND)
    # Maryland's family medicine share is 37.5%; 31.3% is the nation's, which must not confirm it
    assert got["31.3%"] == "wrong value" and got["50.5%"] == C and got["308"] == C, got
