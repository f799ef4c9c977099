"""Issue 25, round 20: what unseen texts wrote that the fact-check read as another figure.

- "<caption>... 2025 Main Residency Match ... Last column: fill rate of the same specialty in 2024.</caption>": the
  caption's words about the last column of figures date that column only, not the other cells (which are 2025);
- "| Filled, 2025 |" (a year after a comma) heads a column of positions filled, as "| Filled |" does.

Reading tests without data.
"""

from __future__ import annotations

import pytest

from tests.test_check_article import dim_value as value, read_by_stated as reading

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
