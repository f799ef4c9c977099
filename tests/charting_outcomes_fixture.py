"""Small made-up tables of the Charting Outcomes transcription (non-U.S. IMGs by preferred specialty), for
tests that build every mart from fixture tables (tests/test_analyses.py ``ALL_TABLES``, the notebooks).

Internal Medicine: 30 of 60 matched (50.0%), Step 2 CK median 251 (matched, n 25) vs 243 (n 22);
Family Medicine: 12 of 20 (60.0%), 230 vs 231; Dermatology: 1 of 5 (20.0%), matched suppressed (n 1).
Totals 43 of 85 (50.6% applicant-weighted; the mean of the three rates is 43.3%), medians 248 vs 242.
"""

from __future__ import annotations

import pandas as pd

OUTCOME_COLS = ["match_year", "applicant_type", "specialty_id", "positions", "applicants_all_types", "applicants",
                "matched", "not_matched"]
MEASURE_COLS = ["match_year", "applicant_type", "specialty_id", "outcome", "measure", "n", "min", "q1", "median",
                "q3", "max", "mean", "sd"]
MEASURES = ("step2ck", "contiguous_ranks", "specialties_ranked", "research", "abstracts", "presentations",
            "publications", "work", "volunteer")
STEP2 = {"internal-medicine": ((25, 210, 240, 251, 259, 280, 249, 14), (22, 209, 233, 243, 253, 279, 242, 14)),
         "family-medicine": ((10, 215, 222, 230, 239, 260, 231, 12), (6, 214, 223, 231, 241, 262, 232, 13)),
         "dermatology": ((1,) + (None,) * 7, (4, 230, 235, 250, 255, 260, 246, 11))}


def preferred_specialty_outcomes() -> pd.DataFrame:
    rows = [(2026, "non_us_img", "internal-medicine", 100, 150, 60, 30, 30),
            (2026, "non_us_img", "family-medicine", 80, 90, 20, 12, 8),
            (2026, "non_us_img", "dermatology", 20, 60, 5, 1, 4),
            (2026, "non_us_img", None, 210, 300, 85, 43, 42)]
    return pd.DataFrame(rows, columns=OUTCOME_COLS)


def applicant_measures() -> pd.DataFrame:
    rows = []
    counts = {"internal-medicine": (30, 30), "family-medicine": (12, 8), "dermatology": (1, 4)}
    for sid, (m, nm) in counts.items():
        for measure in MEASURES:
            for outcome, total, i in (("matched", m, 0), ("not_matched", nm, 1)):
                if measure == "step2ck":
                    stats = STEP2[sid][i]
                elif total >= 5:
                    stats = (min(total, 8), 0, 1, 2, 3, 10, 2.5, 1.5)
                else:
                    stats = (total,) + (None,) * 7
                rows.append((2026, "non_us_img", sid, outcome, measure) + tuple(stats))
    for measure in MEASURES:
        for outcome, med in (("matched", 248 if measure == "step2ck" else 3), ("not_matched",
                                                                              242 if measure == "step2ck" else 2)):
            rows.append((2026, "non_us_img", None, outcome, measure, None, None, None, med, None, None, None, None))
    df = pd.DataFrame(rows, columns=MEASURE_COLS)
    for c in MEASURE_COLS[5:]:
        df[c] = pd.to_numeric(df[c]).astype("float64")
    df["n"] = df["n"].astype("Int64")
    return df
