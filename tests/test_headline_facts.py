"""Headline PGY-1 figures 2016-2021 from the bundled facts: one row per source, which must agree.

The 2016-2021 facts (data/raw/manual/nrmp_headline_by_applicant_type_2016_2021.csv) cite each
figure as NRMP, ECFMG, AMA, AAMC, AACOM, AOA or NBOME printed it, one row per source and quote.
Rows of one (year, applicant type) merge into one; a figure two sources give differently fails the
run naming both lines and figures, unless data/reference/known_discrepancies.csv records exactly
that disagreement (2020 U.S. MD seniors: 93.9 in NRMP's May 2020 release, 93.7 in the AMA's
article): then the figure is not published and the run says so.
"""

from __future__ import annotations

from tests.helpers import cli, recatalogue, snapshot

FACTS = "manual/nrmp_headline_by_applicant_type_2016_2021.csv"


def _query(sql: str) -> list[str]:
    r = cli("query", sql, "--csv")
    assert r.exit_code == 0, r.output
    return r.output.strip().splitlines()[1:]


def test_sources_of_one_figure_merge_and_the_documented_disagreement_is_left_out(home):
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    # ECFMG's release (5,323 / 2,869 / 53.9) and the AMA's article (5,323; 53.9) agree: one row
    assert _query("select active_applicants, matched_pgy1, match_rate_pct from match_summary "
                  "where match_year = 2016 and applicant_type = 'us_img'") == ["5323,2869,53.9"]
    assert _query("select match_rate_pct from match_summary where match_year = 2017 "
                  "and applicant_type = 'us_md_senior'") == ["94.3"]          # printed rate only
    assert _query("select count(*) from match_summary where match_year = 2020 "
                  "and applicant_type = 'us_md_senior'") == ["0"]
    assert "documented source discrepancy: match_summary: nrmp_headline_by_applicant_type_2016_2021.csv" in r.output
    assert "lines 27 and 28 both give 2020 us_md_senior" in r.output and "93.9 (line 27) vs 93.7 (line 28)" in r.output
    assert "no match rate for 2017 all_applicants (line 14)" in r.output   # a count only: published, rate null
    # said as a note of the ingest, after the table's rows line (not an untagged line that reads like an error)
    note = next(line for line in r.output.splitlines() if "no match rate for 2017" in line)
    assert note.startswith("[ingest] note: match_summary: "), note
    rows = next(i for i, line in enumerate(r.output.splitlines()) if line.startswith("[ingest] match_summary: "))
    assert r.output.splitlines().index(note) > rows
    # 2011: the registered applicants cited with the national totals (the only figure of that year)
    assert _query("select min(match_year), max(match_year) from match_summary") == ["2011,2025"]


def test_an_undocumented_disagreement_fails_the_run_naming_both_figures(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    f = home / "data" / "raw" / FACTS
    text = f.read_text()
    # the AMA's 2016 U.S.-citizen IMG rate, 53.9, typed as 54.9
    line = next(ln for ln in text.splitlines() if ln.startswith("2016,us_img,,,53.9,AMA"))
    f.write_text(text.replace(line, line.replace(",53.9,", ",54.9,", 1)))
    recatalogue(home, "nrmp_headline_2016_2021_manual", f)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code != 0
    assert "facts_agree us_img match_rate_pct" in r.output and "53.9" in r.output and "54.9" in r.output
    assert "nothing was published" in r.output
    assert snapshot(home / "data" / "processed") == before
