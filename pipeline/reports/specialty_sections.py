"""The parts of a specialty report that weigh what they show (``pipeline.reports.specialty`` puts them in the page).

- **Fill by program type.** Preliminary positions fill far less often than categorical ones, so a
  specialty's fill over all types (surgery 2025: 82.3%) hides two figures (categorical 99.8%,
  preliminary 56.4%). The fill card shows the specialty's main type and names it; the others, and
  all types together, are in its definition and in a table (mart ``specialty_fill_by_program_type``).
- **One ranking.** Every rank shown is the rank of the mart ``img_friendly_specialties`` (PGY-1
  positions only, at least 100 PGY-1 positions and 20 filled): the card says which rule and how many
  specialties it ranks ("1 of 20"), and so do the comparison section and its chart.
- **Small numbers.** A percentage or change whose base is under ``SMALL_BASE`` (20) is muted, marked
  "small number", never ranked, and a change from it is given as counts ("4 → 4 positions").
- **Two reports, two figures.** NRMP's state/specialty report and its Program Results report list a
  few positions differently; the positions card says so with both figures.

Every value is formatted here (``pipeline.reports.formatting``); HTML only through ``Markup``.
"""

from __future__ import annotations

from pipeline.reports.formatting import (GROUPS, POSITION_TYPES, SMALL_BASE, TYPE_OF_CODE, count, fmt_int, fmt_pct, fmt_signed_pct,
                                         is_small, mark, pct_of, _missing)
from pipeline.reports.specialty_data import ReportData, ranking_rule


def _type_label(r: dict) -> tuple[str, str, str]:
    return POSITION_TYPES[r["position_type"]]


def fill_types(data: ReportData, sid: str, year: int | None) -> dict | None:
    """Positions, filled and fill per program type in ``year`` (the table "Fill by program type")."""
    rows = data.fill_by_type(sid, year)
    if not rows:
        return None
    out = []
    for r in rows:
        label, codes, what = _type_label(r)
        out.append({"type": label, "codes": codes, "what": what, "programs": fmt_int(r["programs"]),
                    "quota": fmt_int(r["quota"]), "filled": fmt_int(r["filled"]),
                    "fill_pct": pct_of(r["fill_pct"], r["quota"]), "unfilled": fmt_int(r["unfilled"]),
                    "main": r is rows[0], "small": is_small(r["quota"])})
    quota, filled = sum(int(r["quota"]) for r in rows), sum(int(r["filled"]) for r in rows)
    total = {"programs": fmt_int(sum(int(r["programs"]) for r in rows)), "quota": fmt_int(quota),
             "filled": fmt_int(filled), "fill_pct": pct_of(100 * filled / quota if quota else None, quota),
             "unfilled": fmt_int(quota - filled)}
    return {"year": year, "rows": out, "raw": rows, "total": total, "one_type": len(rows) == 1}


def fill_card(name: str, tot: dict, types: dict | None, year: int | None) -> dict:
    """The headline card of fill: the main program type's fill, which type it is, and the others."""
    all_types = (f"All program types together: {fmt_pct(tot['fill_pct'])} ({fmt_int(tot['filled'])} of "
                 f"{fmt_int(tot['positions'])})")
    if not types or types["year"] != year:
        return {"label": "Filled in the Match, all program types", "value": fmt_pct(tot["fill_pct"]), "year": year,
                "definition": f"positions filled / positions offered ({fmt_int(tot['filled'])} of "
                              f"{fmt_int(tot['positions'])}), before SOAP; categorical, preliminary, advanced and "
                              "reserved positions together (the Program Results report, which splits them, is "
                              "not in the data)",
                **_small(tot["positions"], "position")}
    main, rest = types["raw"][0], types["raw"][1:]
    label, codes, _ = _type_label(main)
    definition = (f"{fmt_int(main['filled'])} of {count(main['quota'], label.lower() + ' position')} ({codes}) "
                  "filled before SOAP (Program Results report)")
    if rest:
        definition += ". " + "; ".join(
            f"{_type_label(r)[0]}: {fmt_pct(r['fill_pct'])} ({fmt_int(r['filled'])} of {fmt_int(r['quota'])}"
            + (", a small number" if is_small(r["quota"]) else "") + ")" for r in rest)
    else:
        definition += f"; every {name} position is {label.lower()}"
    return {"label": f"{label} positions filled", "value": fmt_pct(main["fill_pct"]), "year": year,
            "definition": f"{definition}. {all_types}.", **_small(main["quota"], "position")}


def _small(base, unit: str, after: str = "") -> dict:
    """The card fields of a small number: ``small`` and the note saying what the base is."""
    if is_small(base):
        return {"small": True, "small_note": f"small number: {count(base, unit)}{after} (under {SMALL_BASE})"}
    return {"small": False}


def positions_card(name: str, tot: dict, year: int | None, program_quota: int | None) -> dict:
    """Positions offered (state/specialty report), and what the Program Results report lists for the same year."""
    definition = "all position levels (NRMP's Match Rates by Specialty and State report)"
    if program_quota is not None and program_quota != int(tot["positions"]):
        gap = int(tot["positions"]) - program_quota
        definition += (f". NRMP's Program Results report lists {fmt_int(program_quota)} for {year} "
                       f"({fmt_int(abs(gap))} {'fewer' if gap > 0 else 'more'}); neither is adjusted")
    return {"label": "Positions offered", "value": fmt_int(tot["positions"]), "year": year,
            "definition": definition, "small": False}


def img_share_card(tot: dict, year: int | None) -> dict:
    img = int(tot["us_img"]) + int(tot["non_us_img"])
    return {"label": "IMG share of filled positions", "value": fmt_pct(tot["img_share_pct"]), "year": year,
            "definition": f"(U.S.-citizen IMGs + non-U.S.-citizen IMGs) / positions filled "
                          f"({fmt_int(img)} of {fmt_int(tot['filled'])})", "key": True,
            **_small(tot["filled"], "position", " filled")}


def imgs_card(tot: dict, year: int | None) -> dict:
    img = int(tot["us_img"]) + int(tot["non_us_img"])
    return {"label": "IMGs matched", "value": fmt_int(img), "year": year, "small": False,
            "definition": f"{count(tot['us_img'], 'U.S.-citizen IMG')} and "
                          f"{count(tot['non_us_img'], 'non-U.S.-citizen IMG')}"}


def trend_card(first: dict, last: dict, state_positions: int | None) -> dict:
    """Positions offered, first to last year of the Program Results report; counts when the base is small."""
    from pipeline.reports.formatting import change

    y0, y1 = int(first["match_year"]), int(last["match_year"])
    text, small = change(first["quota"], last["quota"])
    definition = (f"positions offered, {fmt_int(first['quota'])} in {y0} to {fmt_int(last['quota'])} in "
                  f"{y1} (Program Results report")
    if state_positions is not None and state_positions != int(last["quota"]):
        definition += f"; {fmt_int(state_positions)} in {y1} in the state/specialty report"
    definition += ")"
    card = {"label": f"Positions {y0}–{y1}", "value": text, "year": f"{y0}–{y1}", "definition": definition,
            **_small(first["quota"], "position", f" in {y0}")}
    if small:
        card["small_note"] += "; the change is given as counts, not as a percentage"
        card["small"] = True
    return card


def unfilled_card(un, progs: int | None, year: int | None) -> dict:
    positions = int(un["unfilled"].sum())
    by_type = un.groupby(un["program_type"].map(TYPE_OF_CODE))["unfilled"].sum() if len(un) else None
    parts = ""
    if by_type is not None and len(by_type) > 1:
        order = [t for t in POSITION_TYPES if t in by_type.index]
        parts = ": " + ", ".join(f"{fmt_int(by_type[t])} {POSITION_TYPES[t][0].lower()}" for t in order)
    return {"label": "Programs with unfilled positions", "value": fmt_int(len(un)), "year": year, "small": False,
            "definition": f"{count(positions, 'position')} unfilled after the matching algorithm{parts} (they go to "
                          "SOAP)" + (f"; {count(progs, 'program')} in all" if progs else "")}


def rank_card(data: ReportData, sid: str) -> dict | None:
    """THE rank (img_friendly_specialties), with its rule and how many specialties it ranks."""
    r = data.ranking(sid)
    if r is None:
        return None
    rule = (f"among the {count(r['of'], 'specialty', 'specialties')} with at least 100 PGY-1 positions offered "
            f"and {SMALL_BASE} filled (1 = highest; img_friendly_specialties)")
    if r["ranked"]:
        return {"label": "Rank by IMG share (PGY-1)", "value": f"{r['rank']} of {r['of']}", "year": data.year,
                "definition": f"by IMG share of filled PGY-1 positions ({r['share']} of {fmt_int(r['filled'])}), "
                              + rule, "small": False}
    return {"label": "Rank by IMG share (PGY-1)", "value": "Not ranked", "year": data.year, "small": False,
            "definition": f"{r['why']}; the ranking covers the {count(r['of'], 'specialty', 'specialties')} with at "
                          "least 100 PGY-1 "
                          f"positions offered and {SMALL_BASE} filled, by IMG share of filled PGY-1 positions"}


def compare(data: ReportData, sid: str, name: str, tot: dict, nat: dict, types: dict | None,
            trend: dict | None) -> dict:
    """The comparison table (this specialty beside all specialties) and where it stands in THE ranking."""
    rows = [("Positions offered", fmt_int(tot["positions"]), fmt_int(nat["positions"])),
            ("Filled (%), all program types", pct_of(tot["fill_pct"], tot["positions"]),
             fmt_pct(nat["fill_pct"]))]
    if types:
        national = data.national_by_type(types["year"])
        for r in types["raw"]:
            label = _type_label(r)[0]
            n = national.get(r["position_type"])
            rows.append((f"{label} positions filled (%), {types['year']}", pct_of(r["fill_pct"], r["quota"]),
                         fmt_pct(n["fill_pct"]) if n else "–"))
    rows.append(("IMG share of filled", pct_of(tot["img_share_pct"], tot["filled"]),
                 fmt_pct(nat["img_share_pct"])))
    rows += [(f"{label} (% of filled)", pct_of(tot[f"{c}_pct"], tot["filled"]), fmt_pct(nat[f"{c}_pct"]))
             for c, label in GROUPS if c != "other"]
    if trend is not None and data.trend_national is not None and len(data.trend_national):
        tn = data.trend_national.sort_values("match_year")
        ch = 100 * (float(tn.iloc[-1]["quota"]) - float(tn.iloc[0]["quota"])) / float(tn.iloc[0]["quota"])
        rows.append((f"Positions {trend['y0']}–{trend['y1']}", mark(trend["positions_change"], trend["change_small"], tag=False),
                     fmt_signed_pct(ch)))
    out = {"rows": [{"label": a, "this": b, "all": c} for a, b, c in rows], "rule": ranking_rule(),
           "ranking": data.ranking(sid)}
    out["small"] = any("sn-tag" in str(r["this"]) for r in out["rows"])
    return out


def compare_rows(data: ReportData, sid: str, name: str, tot: dict) -> list[dict]:
    """The bars of the comparison chart: the specialties ranked (PGY-1), and this one if it is not ranked."""
    from pipeline.ingest.specialties import crosswalk

    if data.friendly is None:
        return []
    if "compare_rows" not in data._memo:
        names = crosswalk().names
        data._memo["compare_rows"] = [
            {"specialty_id": r["specialty_id"], "name": names.get(r["specialty_id"], r["specialty_id"]),
             "img_share_pct": r["img_share_pct"], "filled": r["filled"], "positions": r["positions"], "ranked": True}
            for r in data.friendly[["specialty_id", "img_share_pct", "filled", "positions"]].to_dict("records")]
    rows = [dict(r) for r in data._memo["compare_rows"]]
    if not any(r["specialty_id"] == sid for r in rows):
        rows.append({"specialty_id": sid, "name": f"{name} (not ranked; all levels)",
                     "img_share_pct": None if _missing(tot["img_share_pct"]) else tot["img_share_pct"],
                     "filled": tot["filled"], "positions": tot["positions"], "ranked": False})
    return rows


def national_pgy1_share(data: ReportData) -> float | None:
    """IMG share of all filled PGY-1 positions (the dashed line of the comparison chart)."""
    if "pgy1_share" not in data._memo:
        share = None
        if data.levels is not None:
            lv = data.levels[data.levels["position_level"] == "PGY-1"]
            filled = float(lv["filled"].sum())
            share = round(100 * float((lv["us_img"] + lv["non_us_img"]).sum()) / filled, 1) if filled else None
        data._memo["pgy1_share"] = share
    return data._memo["pgy1_share"]
