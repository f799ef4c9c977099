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
