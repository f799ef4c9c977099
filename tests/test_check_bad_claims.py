"""One bad claim no longer stops a claims file: the good ones are checked and reported, every bad
one is listed with its line and the valid choices, and the exit code is 2."""

from __future__ import annotations

from tests.helpers import runner
from pipeline.cli import app

CLAIMS = """claims:
  - text: "67.8% of U.S.-citizen IMGs matched in 2025"
    metric: match_rate_pct
    dimensions: {year: 2025, applicant_type: us_img}
    stated: "67.8%"
  - text: "a misspelt metric"
    metric: match_rate_percent
    dimensions: {year: 2025, applicant_type: us_img}
    stated: "67.8%"
  - text: "a misspelt applicant type"
    metric: match_rate_pct
    dimensions: {year: 2025, applicant_type: usimg}
    stated: "58.0%"
"""


def test_bad_claims_are_listed_and_the_good_ones_checked(home, tmp_path):
    assert runner.invoke(app, ["pipeline", "--no-reports"]).exit_code == 0
    f = tmp_path / "guide.yml"
    f.write_text(CLAIMS)
    r = runner.invoke(app, ["check", str(f)])
    assert r.exit_code == 2
    out = r.output
    assert "Claim 1:" in out and "CONFIRMED" in out and "1 of 1 claim(s) confirmed" in out
    assert "2 claim(s) could not be checked" in out
    assert "claim 2 (line 6): unknown metric 'match_rate_percent'" in out and "use one of: match_rate_pct" in out
    assert "claim 3 (line 10): unknown applicant_type 'usimg'" in out and "us_img, non_us_img" in out
    assert (home / "reports" / "check" / "guide.csv").read_text().count("\n") == 2  # header + the good claim
    page = (home / "reports" / "check" / "guide.html").read_text()
    # the page lists the claims it could not check too, each with its line and the valid choices
    assert "2 claim(s) could not be checked" in page
    assert "claim 2 (line 6): unknown metric &#x27;match_rate_percent&#x27;" in page and "us_img, non_us_img" in page


LONG_NOTES = """claims:
  - text: "In 2019, 58.0% of non-U.S.-citizen IMGs matched to a first-year position"
    metric: match_rate_pct
    dimensions: {year: 2019, applicant_type: non_us_img}
    stated: "58.0%"
  - text: "Registered applicants reached 52,498 in 2024"
    metric: registered_applicants
    dimensions: {year: 2024}
    stated: "52,498"
  - text: "67.8% of U.S.-citizen IMGs matched in 2025"
    metric: match_rate_pct
    dimensions: {year: 2025, applicant_type: us_img}
    stated: "67.8%"
"""

LAYOUT = """(() => {
  const table = document.querySelector('table').getBoundingClientRect();
  const notes = [...document.querySelectorAll('tr.r dd')].map(d => d.getBoundingClientRect());
  const sizes = [...document.querySelectorAll('body *')].filter(e => e.childNodes.length &&
      [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(e =>
      parseFloat(getComputedStyle(e).fontSize));
  return {table: table.width, widths: notes.map(r => r.width), heights: notes.map(r => r.height),
          scroll: document.documentElement.scrollWidth, smallest: Math.min(...sizes),
          text: document.body.innerText};
})()"""


def test_results_page_reads_at_desktop_and_phone_width(home, tmp_path):
    """The note and citation run across the page under each claim, not in a tall column squeezed beside
    nine others (before: a 10-column table); at 390 px the page fits without sideways scrolling."""
    import pytest

    from pipeline.reports import browser

    if browser.find_chromium() is None:
        pytest.skip("chromium is not installed")
    assert runner.invoke(app, ["pipeline", "--no-reports"]).exit_code == 0
    f = tmp_path / "long.yml"
    f.write_text(LONG_NOTES)
    r = runner.invoke(app, ["check", str(f)])
    assert r.exit_code == 1, r.output
    page_path = home / "reports" / "check" / "long.html"
    with browser.Chromium() as b:
        page = b.new_page(width=1280, height=900)
        page.goto(page_path.as_uri())
        wide = page.evaluate(LAYOUT)
        page.set_viewport(390, 800, mobile=True)
        phone = page.evaluate(LAYOUT)
        assert page.console_errors == [] and page.requests == [page_path.as_uri()], page.requests
    assert "not in data" in wide["text"] and "the data cover" in wide["text"]
    assert len(wide["widths"]) >= 3  # a note per claim at least (series and citation as well)
    for w, h in zip(wide["widths"], wide["heights"]):
        assert w >= 0.75 * wide["table"], (w, wide["table"])  # across the table, not one column of ten
        assert h <= 5 * 24, h  # no note runs over five lines at 1280 px
    assert phone["scroll"] <= 390, phone["scroll"]
    assert phone["smallest"] >= 11, phone["smallest"]


SPECIALTY_CLAIMS = """claims:
  - text: "Neuro filled 99% of its positions in 2025"
    metric: fill_pct
    dimensions: {year: 2025, specialty_id: neuro}
    stated: "99%"
  - text: "Cardiology filled 99% of its positions in 2025"
    metric: fill_pct
    dimensions: {year: 2025, specialty_id: cardiology}
    stated: "99%"
  - text: "Interal medicine filled 99% of its positions in 2025"
    metric: fill_pct
    dimensions: {year: 2025, specialty_id: interal medicine}
    stated: "99%"
  - text: "Internal medicine filled 99% of its positions in 2025"
    metric: fill_pct
    dimensions: {year: 2025, specialty_id: Internal Medicine}
    stated: "99%"
"""


def test_claim_specialty_names_read_like_the_specialty_report(tmp_path):
    """A claim's specialty is read as `matchstats report --specialty` reads it: an ambiguous name lists its
    choices, a fellowship says where it matches and which residency leads to it; a claim takes no guessed name."""
    from pipeline.check.claims import parse_claims

    problems = []
    claims = parse_claims(SPECIALTY_CLAIMS, tmp_path / "s.yml", problems)
    assert [c.dims["specialty_id"] for c in claims] == ["internal-medicine"]
    msgs = [str(p) for p in problems]
    assert len(msgs) == 3
    assert "claim 1 (line 2)" in msgs[0] and "'neuro' could mean 3 specialties" in msgs[0]
    assert "Neurology (neurology)" in msgs[0] and "Neurological Surgery (neurological-surgery)" in msgs[0]
    assert "claim 2 (line 6)" in msgs[1] and "'cardiology' is a fellowship (Cardiovascular Disease)" in msgs[1]
    assert "Specialties Matching Service" in msgs[1] and "Internal Medicine (internal-medicine)" in msgs[1]
    assert "claim 3 (line 10)" in msgs[2] and "not an exact name" in msgs[2] and "internal-medicine" in msgs[2]
