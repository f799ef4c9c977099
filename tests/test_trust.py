"""Numbers a reader can trust at a glance (issue #14), on the real report files.

One published home per module (the real reports, every stage of `matchstats pipeline` with reports): the
ranks, small numbers, fill by program type, counts in words, both NRMP reports' positions, the validation
page and the table counts, as a new user sees them.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import make_home, real_raw_dir
from tests.helpers import cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    raw = real_raw_dir()
    home = make_home(tmp_path_factory.mktemp("trust"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATCHSTATS_HOME", str(home))
        mp.setenv("MATCHSTATS_RAW_MIRROR", str(raw))
        r = cli("pipeline", "--fetch")  # what `make pipeline` runs
        assert r.exit_code == 0, r.output
        mp.delenv("MATCHSTATS_RAW_MIRROR")
        yield home, r.output


def _text(html: str) -> str:
    html = re.sub(r"<(svg|script|noscript|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", html)


def _report(home, sid: str) -> str:
    return _text((home / "reports" / "specialties" / f"{sid}.html").read_text())


def _index_row(home, sid: str) -> str:
    index = (home / "reports" / "index.html").read_text()
    return re.search(rf'<tr data-sid="{sid}".*?</tr>', index, re.S).group(0)


def test_internal_medicine_ranks_first_of_20_everywhere(real):
    home, _ = real
    im = _report(home, "internal-medicine")
    assert "Rank by IMG share (PGY-1) 1 of 20" in im
    assert "among the 20 specialties with at least 100 PGY-1 positions offered and 20 filled" in im
    assert "ranks 1 of 20 specialties in the 2025 Match" in im
    assert "4 of 45" not in im and " of 45" not in im
    assert '<td class="num rank">1 of 20</td>' in _index_row(home, "internal-medicine")
    # the specialties that were "ahead" of it on 2, 1 and 8 positions filled are not ranked at all
    for sid in ("nuclear-medicine", "diagnostic-radiology-nuclear-medicine", "internal-medicine-preventive-medicine"):
        assert "Rank by IMG share (PGY-1) Not ranked" in _report(home, sid), sid
        assert '<td class="num rank">–</td>' in _index_row(home, sid)


def test_small_numbers_are_flagged_not_ranked_and_not_percent_changes(real):
    home, _ = real
    nm = _report(home, "nuclear-medicine")
    assert "IMG share of filled positions 100.0% small number: 1 position filled (under 20)" in nm
    assert "Positions 2015–2025 4 → 4 positions small number" in nm
    assert not re.search(r"Positions 20\d\d–2025 [+-]\d", nm)  # no percentage change from 4 positions
    row = _index_row(home, "nuclear-medicine")
    assert row.count('class="sn"') == 3 and "4 → 4 positions" in row and "%</span>" not in row.split("trend")[-1]
    # sorted after every other value, whichever the direction: never ranked
    n = len(re.findall(r'<tr data-sid="', (home / "reports" / "index.html").read_text()))
    assert re.search(r"--o-img-d:(\d+);", row).group(1) == re.search(r"--o-img-a:(\d+);", row).group(1)
    assert int(re.search(r"--o-img-d:(\d+);", row).group(1)) > n - 25  # among the small ones, after the others


def test_fill_is_split_by_program_type(real):
    home, _ = real
    surgery = _report(home, "surgery")
    assert "Categorical positions filled 99.8%" in surgery
    assert "1,774 of 1,778 categorical positions (C/M) filled before SOAP" in surgery
    assert "Preliminary: 56.4% (673 of 1,194)" in surgery and "All program types together: 82.3%" in surgery
    ty = _report(home, "transitional-year")
    assert "Preliminary positions filled 86.9%" in ty and "every Transitional Year position is preliminary" in ty
    assert re.search(r'99\.8%<span class="ft">categorical</span>', _index_row(home, "surgery"))
    assert re.search(r'86\.9%<span class="ft">preliminary</span>', _index_row(home, "transitional-year"))


def test_counts_are_worded_and_both_reports_positions_are_on_the_card(real):
    home, _ = real
    for f in (home / "reports").rglob("*.html"):
        text = _text(f.read_text())
        assert not re.search(r"(?<![\w,.-])1 (positions|programs|specialties|IMGs)\b", text), f.name
    im = _report(home, "internal-medicine")
    assert ("Positions offered 12,952 2025: all position levels (NRMP's Match Rates by Specialty and State report). "
            "NRMP's Program Results report lists 12,944 for 2025 (8 fewer); neither is adjusted") in im
    assert "9,039 in 2015 to 12,944 in 2025 (Program Results report; 12,952 in 2025 in the state/specialty report)" \
        in im


def test_validation_page_shows_discrepancies_expectations_and_editions(real):
    home, output = real
    assert "[report] reports/validation.html" in output
    page = _text((home / "reports" / "validation.html").read_text())
    for figure in ("43,218 43,237 -19", "40,745 40,764 -19", "5,708 5,721", "5,941 5,964"):
        assert figure in page, figure
    assert "program_results: 3 edition(s); 41,056 counts printed by more than one edition compared, 0 differed" in page
    assert "state_specialty_results 30 / 30 pass" in page and "Reconciliations between tables" in page
    assert "Per year, the programs' quotas and filled positions add up to the national totals." in page
    index = (home / "reports" / "index.html").read_text()
    assert 'href="validation.html"' in index


def test_tables_prints_thousands_separators(real):
    r = cli("tables")
    assert r.exit_code == 0
    assert re.search(r"^program_results\s+table\s+61,831$", r.output, re.M)
    assert "61831" not in r.output


def test_missing_nothing_means_no_next_steps(real):
    _, output = real
    assert "[sources] 13 of 13" in output or "missing" not in output.split("[ingest]")[0]
    assert "Next: get the" not in output
