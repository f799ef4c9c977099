"""Small numbers in charts and tables: whole-number ticks on count axes, a missing year is a gap (in the lines
and as a row of the table), small bases marked in the notebooks' state chart.

The charts are drawn to SVG with vl-convert (the renderer the notebooks use for their static copy), so the
tests read what a reader sees: the tick labels, and the path of each line.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pipeline.charts import figures
from pipeline.charts import specialty as sc
from tests.test_specialty_report import _text, published  # noqa: F401  (fixtures)
from tests.test_specialty_report import _published_template  # noqa: F401


def _svg(spec) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec if isinstance(spec, dict) else spec.to_dict())


def _axis_labels(svg: str, title: str) -> list[str]:
    """The tick labels of the axis whose title is ``title``."""
    for axis in re.findall(r'aria-roledescription="axis".*?</g></g></g>', svg, re.S):
        if f">{title}</text>" in axis:
            labels = re.search(r'role-axis-label".*?</g>', axis, re.S).group(0)
            return re.findall(r">([^<]+)</text>", labels)
    raise AssertionError(f"no axis titled {title!r}")


def _line_paths(svg: str) -> list[str]:
    return re.findall(r'<path[^>]*aria-roledescription="line mark"[^>]*d="([^"]+)"', svg) or \
        re.findall(r'class="mark-line role-mark[^"]*".*?<path[^>]*d="([^"]+)"', svg, re.S)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 40, 400])
@pytest.mark.parametrize("narrow", [False, True])
def test_count_axes_have_whole_distinct_ticks(n, narrow):
    """Nuclear medicine's "0 0 0 1 1 1 1": a count axis over a tiny domain shows 0, 1, … once each."""
    groups = pd.DataFrame({"group": ["U.S. MD seniors", "Non-U.S.-citizen IMGs"], "n": [0, n], "share": [0.0, 100.0]})
    labels = _axis_labels(_svg(sc.who_filled(groups, "Nuclear Medicine", 2025, "src", small=True, narrow=narrow)),
                          "Positions filled")
    values = [int(v.replace(",", "")) for v in labels]
    assert len(values) >= 2 and len(set(values)) == len(values) and values == sorted(values), labels
    assert values[0] == 0 and values[-1] >= n
    states = pd.DataFrame({"state": ["WY", "AK"], "us_img": [0, n], "non_us_img": [1, 0]})
    labels = _axis_labels(_svg(sc.states_by_img(states, "Nuclear Medicine", 2025, "src", narrow=narrow)),
                          "IMGs matched")
    assert len(set(labels)) == len(labels) and all(re.fullmatch(r"[\d,]+", v) for v in labels), labels
    trend = pd.DataFrame({"match_year": [2023, 2024, 2025], "quota": [1, 1, 2], "filled": [0, 1, 1]})
    labels = _axis_labels(_svg(sc.fill_trend(trend, "Nuclear Medicine", "src", narrow=narrow)), "Positions")
    assert len(set(labels)) == len(labels) and all(re.fullmatch(r"[\d,]+", v) for v in labels), labels


def test_a_year_without_programs_is_a_gap_in_the_fill_trend():
    """Nuclear medicine had no programs in 2019: its lines stop at 2018 and start again in 2020."""
    trend = pd.DataFrame({"match_year": [2017, 2018, 2020, 2021], "quota": [6, 5, 1, 1], "filled": [5, 4, 0, 0]})
    spec = sc.fill_trend(trend, "Nuclear Medicine", "src")
    rows = spec["datasets"]["rows"]
    assert {(r["what"], r["n"]) for r in rows if r["match_year"] == 2019} == {
        ("Positions offered", None), ("Positions filled", None)}
    paths = _line_paths(_svg(spec))
    assert len(paths) == 2 and all(p.count("M") == 2 for p in paths), paths  # two pieces each: 2017–18, 2020–21
    whole = _line_paths(_svg(sc.fill_trend(trend[trend["match_year"] != 2017], "X", "src")))
    assert all(p.count("M") == 2 for p in whole)


def test_a_year_without_a_rate_is_a_gap_in_the_match_rate_charts():
    """All applicants 2020 → 2024 in one definition: no straight segment across 2021–2023."""
    rows = []
    for y in range(2016, 2026):
        rows.append({"match_year": y, "applicant_type": "us_img", "definition": "headline",
                     "match_rate_pct": 60.0 + y % 3, "matched": 100, "active_applicants": 160})
        if y in (2019, 2020, 2024, 2025):
            rows.append({"match_year": y, "applicant_type": "all_applicants", "definition": "no_couples",
                         "match_rate_pct": 80.0, "matched": 1000, "active_applicants": 1250})
    df = pd.DataFrame(rows)
    filled = figures.complete_years(df, ["applicant_type", "definition"])
    gap = filled[(filled["applicant_type"] == "all_applicants") & filled["match_year"].between(2021, 2023)]
    assert len(gap) == 3 and gap["match_rate_pct"].isna().all()
    assert len(filled[filled["applicant_type"] == "us_img"]) == 10  # a complete series gets no row
    pieces = sorted(p.count("M") for p in _line_paths(_svg(figures.match_rate_trends(df))))
    assert pieces == [1, 2], pieces  # U.S. IMGs one line; all applicants two pieces
    summary = pd.DataFrame({"match_year": [2015, 2016, 2018, 2019], "applicant_type": ["us_img"] * 4,
                            "match_rate_pct": [50.0, 51.0, 53.0, 54.0], "matched_pgy1": [1, 2, 3, 4],
                            "active_applicants": [2, 4, 6, 8]})
    pieces = [p.count("M") for p in _line_paths(_svg(figures.match_rate_by_applicant_type(summary)))]
    assert pieces == [2], pieces  # 2017 has no rate: a gap


def test_the_state_chart_marks_small_bases():
    """Notebook 02: "54.5% of 11 filled" is a small number, marked † and explained under the title."""
    df = pd.DataFrame({"match_year": [2025] * 2, "state": ["WY", "NY"], "specialty_id": ["im", "im"],
                       "position_level": ["PGY-1"] * 2, "positions": [12, 500], "filled": [11, 480],
                       "us_img": [2, 50], "non_us_img": [4, 150], "img_share_pct": [54.5, 41.7]})
    svg = _svg(figures.img_matches_by_state(df))
    texts = re.findall(r">([^<]+)</text>", svg)
    assert "6  (54.5% of 11 filled †)" in texts
    assert "200  (41.7% of 480 filled)" in texts
    assert "† small number: fewer than 20 positions filled in the state" in re.sub(r"<[^>]+>", "", svg)


def test_the_trend_table_shows_a_year_without_programs(published, monkeypatch):  # noqa: F811
    """The year is a row of the table ("no programs"), not dropped; the chart has its gap."""
    from pipeline.config import paths
    from pipeline.reports import specialty as specialty_report
    from pipeline.reports import specialty_data

    data = specialty_data.load_data(paths())
    t = data.trends
    data.trends = t[~((t["specialty_id"] == "dermatology") & (t["match_year"] == 2023))]
    data._memo.clear() if hasattr(data, "_memo") else None
    html = specialty_report.render(data, "dermatology")
    text = _text(html)
    assert re.search(r"2022 .*? 2023 no programs in the Program Results report \S+ 2024 ", text), text[:3000]
    assert "Fill trend 2021–2025" in text
