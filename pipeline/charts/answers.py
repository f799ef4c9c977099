"""The answers the notebooks open with: one function per notebook, Markdown with the figures computed from the marts.

Each function takes the marts its notebook loads (``pipeline.marts.load``: a DataFrame, or None
when the mart is not available) and returns a short paragraph; nothing in it is typed by hand.
Percentages are the marts' (``round(x, 1)`` in SQL) or computed here the same way from exact counts.
"""

from __future__ import annotations

import pandas as pd

from pipeline.charts.notebook import count, number, pct
from pipeline.charts.theme import APPLICANT_LABELS

NOT_LOADED = "*{what} is not available here (see the note above), so this part of the answer is left out.*"


def _label(code: str, start: bool = False) -> str:
    """An applicant type's label, lower-cased where it does not start a sentence ("non-U.S.-citizen IMGs")."""
    label = APPLICANT_LABELS.get(code, code)
    return label if start or not label.startswith(("Non-", "All ")) else label[0].lower() + label[1:]


def _share(part, whole) -> float | None:
    return None if not whole else round(100 * float(part) / float(whole), 1)


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- 01 ------------------------------------------------------------------------------------------

def match_rates(trends: pd.DataFrame | None) -> str:
    """Notebook 01: the latest headline rates by applicant type, and the long run of the rank-list series."""
    if trends is None or trends.empty:
        return NOT_LOADED.format(what="No match rate")
    head = trends[trends["definition"] == "headline"]
    year = int(head["match_year"].max())
    now = head[head["match_year"] == year].set_index("applicant_type")
    out = []
    if "all_applicants" in now.index:
        a = now.loc["all_applicants"]
        out.append(f"In the {year} Main Residency Match, **{pct(a['match_rate_pct'])}** of the applicants who "
                   f"certified a rank order list matched to a PGY-1 position ({count(a['matched'])} of "
                   f"{count(a['active_applicants'])}).")
    types = now.drop(index="all_applicants", errors="ignore").sort_values("match_rate_pct", ascending=False)
    if len(types):
        parts = [f"{_label(t, start=i == 0)} {pct(r['match_rate_pct'])}" for i, (t, r) in enumerate(types.iterrows())]
        hi, lo = types.iloc[0], types.iloc[-1]
        out.append(f"By applicant type: {_names(parts)}; {_label(types.index[-1])} matched "
                   f"{number(hi['match_rate_pct'] - lo['match_rate_pct'], 1)} percentage points less often than "
                   f"{_label(types.index[0])}.")
    rl = trends[trends["definition"] == "no_couples"]
    if rl.empty:
        years = sorted(head["match_year"].unique())
        out.append(f"Only NRMP's headline rates ({years[0]}–{years[-1]}) are loaded; the long series from the "
                   "rank-order-list report (2006–2025) needs that report (see the note above).")
        return " ".join(out)
    y0, y1 = int(rl["match_year"].min()), int(rl["match_year"].max())
    first = rl[rl["match_year"] == y0].set_index("applicant_type")["match_rate_pct"]
    last = rl[rl["match_year"] == y1].set_index("applicant_type")["match_rate_pct"]
    moves = [f"{_label(t)} {'went ' if not i else ''}from {pct(first[t])} to {pct(last[t])}" for i, t in
             enumerate(t for t in ("us_img", "non_us_img") if t in first.index and t in last.index)]
    if moves:
        out.append(f"From {y0} to {y1} (NRMP's rank-order-list report: couples excluded, a match to any position) "
                   f"the rate of {_names(moves)}.")
    md = rl[rl["applicant_type"] == "us_md_senior"]["match_rate_pct"]
    if len(md):
        out.append(f"U.S. MD seniors stayed between {pct(md.min())} and {pct(md.max())}.")
    if "all_applicants" in now.index and "all_applicants" in last.index and y1 == year:
        out.append(f"The two definitions differ: for all applicants in {year} the report gives "
                   f"{pct(last['all_applicants'])}, the headline {pct(now.loc['all_applicants', 'match_rate_pct'])}.")
    return " ".join(out)


# -- 02 ------------------------------------------------------------------------------------------

def img_friendly(ranked: pd.DataFrame | None, share: pd.DataFrame | None = None,
                 by_state: pd.DataFrame | None = None) -> str:
    """Notebook 02: the specialties where IMGs fill the largest share of PGY-1 positions, the largest one, the states."""
    if ranked is None or ranked.empty:
        return NOT_LOADED.format(what="The IMG share by specialty")
    r = ranked.sort_values(["rank", "specialty"])
    year = int(r["match_year"].iloc[0])
    top = [f"**{x.specialty}** ({pct(x.img_share_pct)}: {count(x.us_img + x.non_us_img)} of {count(x.filled)} "
           "positions filled)" for x in r.head(3).itertuples()]
    out = [f"In the {year} Match, IMGs filled the largest share of PGY-1 positions in {_names(top)}, "
           f"among the {len(r)} specialties ranked."]
    big = r.sort_values("positions", ascending=False).iloc[0]
    counts = (f"{count(big['us_img'])} U.S.-citizen and {count(big['non_us_img'])} non-U.S.-citizen IMGs of "
              f"{count(big['filled'])} positions filled = {pct(big['img_share_pct'])}")
    where = "is also" if int(big["rank"]) <= 3 else f"ranks {int(big['rank'])} and is"
    out.append(f"{big['specialty']} {where} the largest specialty ({count(big['positions'])} PGY-1 positions): "
               f"{counts}.")
    low = r.iloc[-1]
    out.append(f"At the other end, {low['specialty']}: {pct(low['img_share_pct'])}.")
    if by_state is not None and not by_state.empty:
        from pipeline.marts import state_totals

        s = state_totals(by_state)
        first = [f"{x.state} ({count(x.img)}, {pct(x.img_share_pct)} of its positions filled)"
                 for x in s.head(3).itertuples()]
        out.append(f"By state (all specialties and levels), most IMGs matched in {_names(first)}.")
    return " ".join(out)


# -- 03 ------------------------------------------------------------------------------------------

def fill_totals(fill: pd.DataFrame | None) -> pd.DataFrame | None:
    """Programs, positions, filled and unfilled per year over every specialty, with fill_pct and unfilled_pct."""
    if fill is None:
        return None
    t = fill.groupby("match_year", as_index=False)[["programs", "quota", "filled", "unfilled"]].sum()
    t["fill_pct"] = (100 * t["filled"] / t["quota"]).round(1)
    t["unfilled_pct"] = (100 * t["unfilled"] / t["quota"]).round(1)
    return t.sort_values("match_year", ascending=False, ignore_index=True)


def fill_trends(fill: pd.DataFrame | None, unfilled: pd.DataFrame | None = None, min_quota: int = 50) -> str:
    """Notebook 03: positions left unfilled, the specialties that fill least, and the programs that go to SOAP."""
    if fill is None or fill.empty:
        return NOT_LOADED.format(what="The program results")
    t = fill_totals(fill)
    y1, y0 = t.iloc[0], t.iloc[-1]
    out = [f"In the {int(y1['match_year'])} Match, **{count(y1['unfilled'])}** of {count(y1['quota'])} positions "
           f"offered ({pct(y1['unfilled_pct'])}) were left unfilled after the matching algorithm, against "
           f"{count(y0['unfilled'])} of {count(y0['quota'])} ({pct(y0['unfilled_pct'])}) in {int(y0['match_year'])}."]
    now = fill[(fill["match_year"] == y1["match_year"]) & (fill["quota"] >= min_quota)]
    if len(now):
        lowest = [f"{x.specialty} ({pct(x.fill_pct)} filled)" for x in
                  now.sort_values(["fill_pct", "specialty"]).head(3).itertuples()]
        most = [f"{x.specialty} ({count(x.unfilled)})" for x in
                now.sort_values(["unfilled", "specialty"], ascending=[False, True]).head(3).itertuples()]
        out.append(f"Among the specialties with at least {min_quota} positions, the smallest shares were filled in "
                   f"{_names(lowest)}; most positions were left unfilled in {_names(most)}.")
    if unfilled is not None and not unfilled.empty:
        from pipeline.marts import unfilled_summary

        u = unfilled_summary(unfilled)
        out.append(f"{count(u['programs'].sum())} programs had at least one unfilled position in "
                   f"{int(u['match_year'].iloc[0])}: those positions were offered in SOAP.")
    return " ".join(out)


# -- 04 ------------------------------------------------------------------------------------------

def rol_length(rol: pd.DataFrame | None) -> str:
    """Notebook 04: how much longer the rank order lists of matched applicants are, then and now."""
    if rol is None or rol.empty:
        return NOT_LOADED.format(what="The rank-order-list report")
    y0, y1 = int(rol["match_year"].min()), int(rol["match_year"].max())
    now = rol[rol["match_year"] == y1].set_index("group_name")
    then = rol[rol["match_year"] == y0].set_index("group_name")
    out = []
    if "all_applicants" in now.index:
        a = now.loc["all_applicants"]
        verdict = "Yes." if a["difference"] > 0 else "No."
        out.append(f"{verdict} In {y1}, applicants who matched had ranked **{number(a['avg_rol_matched'])}** programs on "
                   f"average, those who did not {number(a['avg_rol_unmatched'])}: a gap of "
                   f"{number(a['difference'])} ranks.")
        if "all_applicants" in then.index and y0 != y1:
            b = then.loc["all_applicants"]
            out.append(f"In {y0} the gap was {number(b['difference'])} ranks ({number(b['avg_rol_matched'])} "
                       f"vs {number(b['avg_rol_unmatched'])}).")
    groups = now.drop(index="all_applicants", errors="ignore").sort_values("difference", ascending=False)
    if len(groups) > 1:
        hi, lo = groups.iloc[0], groups.iloc[-1]
        out.append(f"By applicant type the gap is widest for {_label(groups.index[0])} ({number(hi['difference'])} "
                   f"ranks) and narrowest for {_label(groups.index[-1])} ({number(lo['difference'])}).")
    out.append("This is an association, not the effect of ranking more programs.")
    return " ".join(out)
