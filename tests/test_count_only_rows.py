"""Counts published without a rate (match_summary rows with a null match_rate_pct, e.g. a cited number of
registered applicants) are no point of the match-rate chart and no row of the index's headline table."""

from __future__ import annotations

import pandas as pd

from pipeline.charts import figures


def _summary() -> pd.DataFrame:
    rows = [(2011, "all_applicants", None, None, 30000),  # a count-only year before the rates start
            (2024, "us_img", 67.0, 3181, 4748), (2025, "us_img", 67.8, 3222, 4752),
            (2024, "all_applicants", 80.3, 30000, 37360), (2025, "all_applicants", 79.8, 30100, 37720)]
    return pd.DataFrame(rows, columns=["match_year", "applicant_type", "match_rate_pct", "matched_pgy1",
                                       "active_applicants"]).astype({"match_rate_pct": "Float64",
                                                                    "matched_pgy1": "Int64"})


def test_a_count_without_rate_adds_no_year_to_the_chart():
    spec = figures.match_rate_by_applicant_type(_summary()).to_dict()
    values = next(iter(spec["datasets"].values()))
    years = {v["match_year"] for v in values}
    assert years == {2024, 2025}, years  # 2011 (a count only) would widen the axis with an empty stretch
