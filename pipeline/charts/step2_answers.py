"""Notebook 05 (Step 2 CK): the answer paragraph and "where does a score fall", computed from the marts.

``answer(step2, overall)`` writes the notebook's opening paragraph from the marts
``step2_by_specialty`` and ``preferred_specialty_overall`` (a transcription of NRMP's *Charting
Outcomes: Non-U.S. IMGs*, not NRMP's file); nothing in it is typed by hand.
``score_bands(step2, score)`` places a Step 2 CK score among the scores of the applicants who
matched to each specialty and among those who did not: the quarter of each distribution it falls
in. That is where a score stood in one Match, not a chance of matching.
"""

from __future__ import annotations

import pandas as pd

from pipeline.charts.notebook import count, pct

NOT_LOADED = "*{what} is not available here (see the note above), so this part of the answer is left out.*"
OUTCOMES = {"matched": "matched", "not_matched": "did not match"}


def _n(v) -> str:
    return count(v)


def _score(v) -> str:
    return "–" if v is None or pd.isna(v) else (f"{float(v):.0f}" if float(v).is_integer() else f"{float(v):.1f}")


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def comparable(step2: pd.DataFrame) -> pd.DataFrame:
    """Specialties of the latest year with both medians shown and no small number (a base of 20 or more)."""
    d = step2[step2["match_year"] == step2["match_year"].max()]
    ok = (~d["step2_matched_suppressed"].astype(bool) & ~d["step2_not_matched_suppressed"].astype(bool)
          & ~d["step2_matched_small"].astype(bool) & ~d["step2_not_matched_small"].astype(bool))
    return d[ok]


def answer(step2: pd.DataFrame | None, overall: pd.DataFrame | None = None) -> str:
    """The opening paragraph of notebook 05, from the marts (None: not available)."""
    if step2 is None or step2.empty:
        return NOT_LOADED.format(what="The Charting Outcomes transcription (non-U.S. IMGs by preferred specialty)")
    year = int(step2["match_year"].max())
    d = step2[step2["match_year"] == year]
    out = []
    if overall is not None and len(overall[overall["match_year"] == year]):
        o = overall[overall["match_year"] == year].iloc[0]
        out.append(f"In the {year} Match, **{_n(o['matched'])}** of {_n(o['applicants'])} non-U.S. IMGs matched to "
                   f"their preferred specialty: **{pct(o['match_rate_pct'])}**, applicant-weighted. The report's "
                   f"headline rate, {pct(o['mean_specialty_match_rate_pct'])}, is another definition: the unweighted "
                   f"mean of the {_n(o['charted_specialties'])} charted specialties' rates.")
        if not pd.isna(o["step2_median_matched"]):
            out.append(f"Over all specialties, the median USMLE Step 2 CK score of those who matched was "
                       f"**{_score(o['step2_median_matched'])}**, of those who did not "
                       f"{_score(o['step2_median_not_matched'])}.")
    comp = comparable(d)
    if len(comp):
        gaps = comp.sort_values(["step2_median_gap", "applicants"], ascending=[False, False])
        higher = gaps[gaps["step2_median_gap"] > 0]
        top = [f"{r.specialty} ({_score(r.step2_matched_median)} vs {_score(r.step2_not_matched_median)})"
               for r in higher.head(3).itertuples()]
        which = (f"In {len(higher)} of the {len(comp)} specialties" if len(comp) > 1 else
                 f"In {'the' if len(higher) else 'no'} specialty")
        widest = "the widest gap" + ("s" if len(top) > 1 else "")
        out.append(f"{which} with at least 20 applicants in each group the median of those who matched was higher"
                   + (f"; {widest}: {_names(top)}" if top else "") + ".")
        rest = gaps[gaps["step2_median_gap"] <= 0]
        if len(rest):
            same = [f"{r.specialty} ({_score(r.step2_matched_median)} vs {_score(r.step2_not_matched_median)})"
                    for r in rest.itertuples()]
            out.append(f"Not in {_names(same)}: there those who did not match had the same or a higher median.")
    big = d.sort_values("applicants", ascending=False).iloc[0]
    out.append(f"{big['specialty']}, the specialty most non-U.S. IMGs preferred: {_n(big['matched'])} of "
               f"{_n(big['applicants'])} matched ({pct(big['match_rate_pct'])}); median "
               f"{_score(big['step2_matched_median'])} (matched, n = {_n(big['step2_matched_n'])}) vs "
               f"{_score(big['step2_not_matched_median'])} (did not match, n = {_n(big['step2_not_matched_n'])}).")
    out.append("These are score profiles of who matched and who did not, not chances of matching; the figures are "
               "from a transcription of NRMP's report, not NRMP's own file.")
    return " ".join(out)


def band(score: float, q: dict) -> str:
    """The part of one distribution (min, q1, median, q3, max) a score falls in, in words."""
    if score < q["min"]:
        return "below every score"
    if score > q["max"]:
        return "above every score"
    if score < q["q1"]:
        return "lowest quarter (below Q1)"
    if score < q["median"]:
        return "second quarter (Q1 to median)"
    if score < q["q3"]:
        return "third quarter (median to Q3)"
    return "top quarter (Q3 and above)"


def score_bands(step2: pd.DataFrame | None, score: float | None) -> pd.DataFrame | None:
    """Per specialty (latest year, by match rate): where ``score`` falls among the Step 2 CK scores of the
    non-U.S. IMGs who matched to it and among those who did not (None: the mart is not available)."""
    if step2 is None or score is None:
        return None
    d = step2[step2["match_year"] == step2["match_year"].max()].sort_values("match_rate_rank")
    rows = []
    for r in d.to_dict("records"):
        row = {"specialty": r["specialty"], "match_rate_pct": r["match_rate_pct"], "applicants": r["applicants"]}
        for outcome, label in OUTCOMES.items():
            p = f"step2_{outcome}_"
            if bool(r[p + "suppressed"]):
                text = f"suppressed by the report (n = {_n(r[p + 'n'])})"
            else:
                text = band(float(score), {k: float(r[p + k]) for k in ("min", "q1", "median", "q3", "max")})
                if bool(r[p + "small"]):
                    text += f"; small number (n = {_n(r[p + 'n'])})"
            row[f"among those who {label}"] = text
        rows.append(row)
    return pd.DataFrame(rows)
