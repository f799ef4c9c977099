"""Every cited figure is published, with or without a rate, and `matchstats check` confirms it.

The bundled facts cite counts for which no source gives a rate (2017 and 2021 all applicants active;
2019 and 2020 IMGs matched) and registered applicants (cited with the national totals). They used to
be dropped; now each is a row of match_summary (rate null) or a figure of one, and a claims file of
the seven figures is confirmed on the bundled facts alone.
"""

from __future__ import annotations

import yaml

from tests.helpers import cli

FIGURES = [  # metric, dimensions, stated
    ("active_applicants", {"year": 2017, "applicant_type": "all_applicants"}, "35,969"),
    ("matched_pgy1", {"year": 2019, "applicant_type": "non_us_img"}, "4,028"),
    ("matched_pgy1", {"year": 2020, "applicant_type": "us_img"}, "3,154"),
    ("matched_pgy1", {"year": 2020, "applicant_type": "non_us_img"}, "4,222"),
    ("active_applicants", {"year": 2021, "applicant_type": "all_applicants"}, "42,508"),
    ("registered_applicants", {"year": 2019}, "44,603"),
    ("registered_applicants", {"year": 2020}, "44,959"),
]


def _query(sql: str) -> list[str]:
    r = cli("query", sql, "--csv")
    assert r.exit_code == 0, r.output
    return r.output.strip().splitlines()[1:]


def test_the_seven_cited_figures_are_published_and_confirmed(home, tmp_path):
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    assert "published with the counts only (match_rate_pct null)" in r.output
    assert _query("select active_applicants, match_rate_pct is null from match_summary "
                  "where match_year = 2017 and applicant_type = 'all_applicants'") == ["35969,True"]
    assert _query("select registered_applicants from match_summary where applicant_type = 'all_applicants' "
                  "and match_year in (2019, 2020) order by match_year") == ["44603", "44959"]
    claims = tmp_path / "cited.yml"
    claims.write_text(yaml.safe_dump({"title": "Cited figures", "claims": [
        {"id": f"c{i}", "text": f"{stated} ({metric})", "metric": metric, "dimensions": dims, "stated": stated}
        for i, (metric, dims, stated) in enumerate(FIGURES, 1)]}, sort_keys=False))
    r = cli("check", str(claims), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "7 of 7 claim(s) confirmed" in r.output, r.output


def test_a_disputed_figure_with_nothing_else_gives_no_row(home):
    """2020 U.S. MD seniors: the two sources' rates disagree (documented), and they give nothing else."""
    assert cli("pipeline", "--no-reports").exit_code == 0
    assert _query("select count(*) from match_summary where match_year = 2020 "
                  "and applicant_type = 'us_md_senior'") == ["0"]
