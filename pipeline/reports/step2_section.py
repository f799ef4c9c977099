"""The specialty report's section on non-U.S. IMGs who preferred the specialty (Charting Outcomes).

Figures from the marts ``step2_by_specialty`` and ``preferred_specialty_overall`` (a
transcription of NRMP's *Charting Outcomes in the Match: Characteristics of Non-U.S. IMGs*,
not NRMP's file): how many non-U.S. IMGs preferred the specialty, how many matched to it, and
the USMLE Step 2 CK quartiles of those who matched and of those who did not, with the caveats
(another Match year than the other sections; consenting applicants only; a score profile, not
a probability; a transcription). When the data are absent the section says which file is
missing and how to get it. ``section(data, sid)`` returns what the template shows, formatted.
"""

from __future__ import annotations

from pipeline.reports.formatting import _missing, fmt_int, fmt_pct

KIND = "charting_outcomes_img"
MARTS = ("step2_by_specialty", "preferred_specialty_overall")
OUTCOMES = (("matched", "Matched to it"), ("not_matched", "Did not match to it"))


def _frames(data) -> dict:
    """The two marts (None when absent), read once per run and shared by every report."""
    key = ("step2_section", "frames")
    if key not in data._memo:
        from pipeline import marts
        from pipeline.store import warehouse

        out = {}
        con = warehouse.connect(data.paths)
        try:
            present = set(marts.available(con))
            for name in MARTS:
                out[name] = marts.mart(name, con) if name in present else None
        finally:
            con.close()
        data._memo[key] = out
    return data._memo[key]


def _sources(data) -> list:
    key = ("step2_section", "sources")
    if key not in data._memo:
        from pipeline.sources import catalogue

        try:
            cat = catalogue.load(data.paths)
            data._memo[key] = [(s, cat.status(s, data.paths)) for s in cat.of_kind(KIND)]
        except Exception:  # the section must render; it then names the kind only
            data._memo[key] = []
    return data._memo[key]


def _missing_note(data) -> str:
    srcs = _sources(data)
    if not srcs:
        return ("Not available: no file of the kind charting_outcomes_img (the transcription of NRMP's Charting "
                "Outcomes: Non-U.S. IMGs) is catalogued in data/raw/sources.yml.")
    missing = [(s, st) for s, st in srcs if not st.ok]
    if missing:
        parts = [f"data/raw/{s.path} ({s.citation()}) is "
                 f"{'missing' if st.state == 'missing' else 'not the catalogued file'}; to get it, "
                 f"{s.how_to_get(data.paths)}" for s, st in missing]
        return "Not available: " + "; ".join(parts) + ". Then run `make pipeline`."
    return ("Not available: the tables preferred_specialty_outcomes and applicant_measures are not in the published "
            "data; run `make pipeline` (or `matchstats pipeline`).")


def _score(v) -> str:
    if _missing(v):
        return "–"
    v = float(v)
    return f"{v:.0f}" if v.is_integer() else f"{v:.1f}"


def _citation(data) -> str:
    cites = [s.citation() for s, _ in _sources(data)]
    return "; ".join(dict.fromkeys(cites)) or "a transcription of NRMP's Charting Outcomes report"


def section(data, sid: str) -> dict:
    """What the template shows: ``title``, and ``note`` (absent data) or the figures and ``caveats``."""
    from pipeline.ingest.specialties import crosswalk

    name = crosswalk().names.get(sid, sid)
    frames = _frames(data)
    df = frames["step2_by_specialty"]
    if df is None or df.empty:
        return {"title": "Non-U.S. IMGs who preferred this specialty (Charting Outcomes)", "note": _missing_note(data)}
    year = int(df["match_year"].max())
    df = df[df["match_year"] == year]
    out: dict = {"title": f"Non-U.S. IMGs who preferred this specialty ({year} Charting Outcomes)", "year": year,
                 "citation": _citation(data), "charted": len(df)}
    caveats = [
        f"A transcription, not NRMP's own file: the figures come from {out['citation']}.",
        f"The {year} Match" + (f", while the other sections describe the {data.year} Match." if data.year and
                                 data.year != year else "."),
        "Preferred specialty = the specialty of the first program on the applicant's rank order list; \"did not "
        "match to it\" includes applicants who matched to another specialty.",
        "Only applicants who consented to the use of their data are in the score figures (n); the counts of "
        "applicants cover every non-U.S. IMG who preferred the specialty.",
        "A score profile of who matched and who did not in one Match, not a probability of matching with a given "
        "score. Cohorts of fewer than 20 are marked as small numbers; the report suppresses the smallest.",
    ]
    out["caveats"] = caveats
    hit = df[df["specialty_id"] == sid]
    if hit.empty:
        out["note"] = (f"The {year} Charting Outcomes report for non-U.S. IMGs charts {len(df)} specialties; {name} "
                       "is not among them.")
        return out
    r = hit.iloc[0].to_dict()
    out.update({
        "applicants": fmt_int(r["applicants"]), "matched": fmt_int(r["matched"]),
        "not_matched": fmt_int(r["not_matched"]), "rate": fmt_pct(r["match_rate_pct"]),
        "rate_small": bool(r["applicants_small"]), "rank": int(r["match_rate_rank"]),
    })
    rows = []
    for outcome, label in OUTCOMES:
        p = f"step2_{outcome}_"
        row = {"label": label, "count": fmt_int(r[outcome]), "n": fmt_int(r[p + "n"]),
               "suppressed": bool(r[p + "suppressed"]), "small": bool(r[p + "small"])}
        row.update({s: _score(r[p + s]) for s in ("min", "q1", "median", "q3", "max")})
        rows.append(row)
    out["rows"] = rows
    gap = r["step2_median_gap"]
    if not _missing(gap):
        g = float(gap)
        out["gap"] = (f"The median score of those who matched was {_score(abs(g))} points "
                      f"{'higher than' if g > 0 else 'lower than'} that of those who did not"
                      if g else "The two medians are equal")
        if any(row["small"] for row in rows):
            out["gap"] += " (small numbers: read with care)"
        out["gap"] += "."
    ov = frames["preferred_specialty_overall"]
    if ov is not None and len(ov[ov["match_year"] == year]):
        o = ov[ov["match_year"] == year].iloc[0].to_dict()
        out["overall"] = {
            "applicants": fmt_int(o["applicants"]), "matched": fmt_int(o["matched"]),
            "rate": fmt_pct(o["match_rate_pct"]), "headline": fmt_pct(o["mean_specialty_match_rate_pct"]),
            "specialties": fmt_int(o["charted_specialties"]),
            "median_matched": _score(o["step2_median_matched"]),
            "median_not_matched": _score(o["step2_median_not_matched"])}
    return out
