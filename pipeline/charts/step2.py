"""USMLE Step 2 CK of non-U.S. IMGs who matched and did not match to their preferred specialty.

One chart of the mart ``step2_by_specialty`` (a transcription of NRMP's *Charting Outcomes in
the Match: Characteristics of Non-U.S. IMGs*, not NRMP's file; the source line says so): per
specialty, a box of the matched applicants' scores beside one of the not-matched applicants'
(q1-q3, the median, whiskers from the lowest to the highest score), specialties ordered by
their match rate. Cohorts the report suppresses are drawn as a label, small ones (a base under
20, the mart's flags) paler.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.charts.theme import WIDTH, _alt, _empty, _finish, _latest, _names, citation, with_source

KIND = "charting_outcomes_img"
OUTCOMES = {"matched": "Matched", "not_matched": "Not matched"}
COLORS = ["#1f77b4", "#d62728"]
STATS = ("n", "min", "q1", "median", "q3", "max")


def source_line(year: int | None = None) -> str:
    """The catalogue's citation of the transcription (it says "a transcription")."""
    return citation(KIND, year=year)


def _long(d: pd.DataFrame) -> pd.DataFrame:
    """One row per specialty and outcome with the Step 2 CK statistics and the flags."""
    rows = []
    for r in d.to_dict("records"):
        for outcome, label in OUTCOMES.items():
            p = f"step2_{outcome}_"
            n = r.get(p + "n")
            rec = {"specialty_label": r["specialty_label"], "outcome": outcome, "outcome_label": label,
                   "match_rate_pct": float(r["match_rate_pct"]), "applicants": int(r["applicants"]),
                   "with_outcome": int(r[outcome]),
                   "suppressed": bool(r[p + "suppressed"]), "small": bool(r[p + "small"])}
            for s in STATS:
                v = r.get(p + s)
                rec[s] = None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
            rec["n_label"] = "–" if n is None or (isinstance(n, float) and math.isnan(n)) else f"{int(n):,}"
            rec["note"] = (f"{label}: suppressed by the report (n = {rec['n_label']})" if rec["suppressed"] else "")
            rows.append(rec)
    return pd.DataFrame(rows)


def step2_by_specialty(df: pd.DataFrame, year: int | None = None):
    """Step 2 CK boxes of matched beside not-matched non-U.S. IMGs, per preferred specialty.

    ``df``: mart step2_by_specialty (``pipeline.marts.mart``). Default: the latest Match year.
    Specialties are ordered by match rate to the preferred specialty (highest first); the label
    gives the rate and the number of non-U.S. IMGs who preferred the specialty.
    """
    alt = _alt()
    title = "USMLE Step 2 CK of non-U.S. IMGs who matched and did not match, by preferred specialty"
    if df is None or df.empty:
        return _empty(title, "No rows to show.", source_line())
    year = _latest(df, year)
    d = df[df["match_year"] == year].copy()
    d["name"] = _names(d)
    d = d.sort_values(["match_rate_rank", "applicants"], ascending=[True, False])
    small = d["applicants_small"].astype(bool)
    d["specialty_label"] = [f"{n} · {float(p):.1f}% of {int(a):,}" + (" (small)" if s else "")
                            for n, p, a, s in zip(d["name"], d["match_rate_pct"], d["applicants"], small)]
    order = d["specialty_label"].tolist()
    long = _long(d)
    shown = long[~long["suppressed"]]
    lo = min(shown["min"].min(), 200.0) if len(shown) else 200.0
    hi = max(shown["max"].max(), 280.0) if len(shown) else 280.0
    lo, hi = 10 * math.floor(lo / 10), 10 * math.ceil(hi / 10)
    outcomes = list(OUTCOMES.values())
    y = alt.Y("specialty_label:N", sort=order, title="Preferred specialty · match rate (%) of those who preferred it",
              axis=alt.Axis(labelLimit=420, titleAngle=0, titleAlign="right", titleBaseline="bottom", titleX=-4,
                            titleY=-6))
    y_off = alt.YOffset("outcome_label:N", sort=outcomes)
    color = alt.Color("outcome_label:N", title="Outcome", sort=outcomes,
                      scale=alt.Scale(domain=outcomes, range=COLORS),
                      legend=alt.Legend(orient="top", direction="horizontal", symbolType="square"))
    opacity = alt.condition("datum.small", alt.value(0.45), alt.value(1.0))
    x = alt.X("min:Q", title="USMLE Step 2 CK score (points)", scale=alt.Scale(domain=[lo, hi], nice=False))
    tooltip = [alt.Tooltip("specialty_label:N", title="Preferred specialty"),
               alt.Tooltip("outcome_label:N", title="Outcome"), alt.Tooltip("n_label:N", title="Applicants (n)"),
               alt.Tooltip("min:Q", title="Lowest", format=".0f"), alt.Tooltip("q1:Q", title="Q1", format=".0f"),
               alt.Tooltip("median:Q", title="Median", format=".0f"), alt.Tooltip("q3:Q", title="Q3", format=".0f"),
               alt.Tooltip("max:Q", title="Highest", format=".0f")]
    base = alt.Chart(shown).encode(y=y, yOffset=y_off, color=color, opacity=opacity, tooltip=tooltip)
    whisker = base.mark_rule(strokeWidth=1.2).encode(x=x, x2="max:Q")
    box = base.mark_bar(height={"band": 0.8}).encode(x="q1:Q", x2="q3:Q")
    median = alt.Chart(shown).mark_tick(color="white", thickness=2.5, size=10).encode(
        y=y, yOffset=y_off, x="median:Q", tooltip=tooltip)
    notes = alt.Chart(long[long["suppressed"]]).mark_text(align="left", dx=2, fontSize=9, color="#666").encode(
        y=y, yOffset=y_off, x=alt.value(2), text="note:N")
    height = max(160, 26 * len(order))
    chart = alt.layer(whisker, box, median, notes).properties(width=WIDTH - 200, height=height)
    src = source_line(year)
    chart = with_source(chart, src, width=WIDTH - 200)
    return _finish(chart, f"{title}, {year} Match",
                   ["Box: middle half of scores (Q1–Q3), white line the median, whiskers lowest to highest score;",
                    "ordered by match rate to the preferred specialty (label: rate of the non-U.S. IMGs who",
                    "preferred it). Paler: fewer than 20 applicants. A score profile of consenting applicants,",
                    "not a chance of matching."],
                   src)
