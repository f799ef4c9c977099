"""`matchstats plan`: one applicant's profile, checked, and the figures of their page (no formatting here).

A profile names the applicant type (``non_us_img``, the default, or ``us_img``), a USMLE Step 2 CK score
(optional), 1-5 specialties as people type them, states (optional: USPS codes or names) and, optionally,
the other measures Charting Outcomes reports (research experiences, publications, contiguous ranks ...).
``parse_profile`` checks it all before anything is read or written: a bad field is one ``PlanInputError``
naming the field. ``assemble(profile, con)`` reads the published analyses (``pipeline.marts``) and returns
plain data (JSON-ready): per specialty, where the score and measures stand among the non-U.S. IMGs who
preferred it (Charting Outcomes, a transcription), the preferred-specialty match rate, contiguous ranks,
the IMG share of filled PGY-1 positions nationally and in the chosen states with the states ranked by
IMG matches, and the programs of the chosen states 2015 onwards; for the applicant type, rank-order-list
length of matched vs unmatched applicants. A section whose analysis is missing carries ``missing``: which
table and file, and how to get it; the rest is still given.

Every figure carries its year, source and definition. The figures describe past applicants: no
probability, no model (NRMP's terms forbid using their data in ML/AI tools).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.errors import UsageError, shorten
from pipeline.marts.access import SMALL_BASE, MartUnavailable, is_small
from pipeline.reports.formatting import STATE_NAMES

APPLICANT_TYPES = {"non_us_img": "Non-U.S.-citizen IMGs", "us_img": "U.S.-citizen IMGs"}
MEASURES = {  # profile key -> (applicant_measures.measure, label, unit)
    "contiguous_ranks": ("contiguous_ranks", "Contiguous ranks of the specialty", "programs"),
    "specialties_ranked": ("specialties_ranked", "Specialties ranked", "specialties"),
    "research": ("research", "Research experiences", "experiences"),
    "abstracts": ("abstracts", "Abstracts", "abstracts"),
    "presentations": ("presentations", "Presentations", "presentations"),
    "publications": ("publications", "Publications", "publications"),
    "work": ("work", "Work experiences", "experiences"),
    "volunteer": ("volunteer", "Volunteer experiences", "experiences"),
}
PROFILE_KEYS = ("name", "applicant_type", "step2ck", "specialties", "states", "measures")
MAX_SPECIALTIES = 5
SCORE_RANGE = (1, 300)
CO_KIND = "charting_outcomes_img"
DEFINITIONS = {
    "preferred": ("Preferred specialty = the specialty of the first program on the applicant's rank order list. "
                  "Match rate to it = non-U.S. IMGs who matched to their preferred specialty / non-U.S. IMGs who "
                  "preferred it (NRMP's Charting Outcomes headline rate of a specialty); \"did not match to it\" "
                  "includes applicants who matched to another specialty."),
    "standing": ("Quartiles of the consenting non-U.S. IMGs who preferred the specialty, matched to it and not: "
                 "lower quartile (Q1), median, upper quartile (Q3), lowest and highest. A profile of past "
                 "applicants, not a chance of matching."),
    "contiguous": ("Contiguous ranks = programs of the preferred specialty ranked before the first program of "
                   "another specialty (self-reported)."),
    "img_share": ("IMG share = (U.S.-citizen IMGs + non-U.S.-citizen IMGs) / positions filled; IMGs in a state = "
                  "positions filled there by IMGs. PGY-1 positions, or those of the level holding most of the "
                  "specialty's positions when that is another (PGY-2 for a specialty that starts after a "
                  "preliminary year). It describes who filled the positions, not an applicant's chance."),
    "programs": ("Quota = positions offered; filled = positions filled in the Match; unfilled after the Match = "
                 "quota - filled, the positions that go to the Supplemental Offer and Acceptance Program (SOAP). "
                 "One row per program code (a program's categorical, preliminary and advanced tracks are separate)."),
    "rol": ("Average number of programs ranked on the certified rank order list of applicants who matched and of "
            "those who did not (NRMP Impact of Length of Rank Order List on Match Outcomes; couples excluded)."),
}
NO_PROGRAM_LEVEL = ("NRMP publishes no program-level IMG share and no program's visa sponsorship: the program table "
                    "gives positions and fill only; the IMG shares are by state and specialty.")
US_IMG_CAVEAT = ("You are a U.S.-citizen IMG: the Charting Outcomes figures (Step 2 CK, measures, preferred-specialty "
                 "match rate, contiguous ranks) describe non-U.S.-citizen IMGs; NRMP's report on U.S.-citizen IMGs "
                 "is not in the data, so read them as the closest published group, not as yours.")


class PlanInputError(UsageError):
    """A profile field cannot be used (the field is named in ``where``)."""


@dataclass
class Profile:
    specialties: list[str]                    # as typed
    applicant_type: str = "non_us_img"
    step2ck: int | None = None
    states: list[str] = field(default_factory=list)  # USPS codes
    measures: dict[str, int] = field(default_factory=dict)
    name: str = ""
    specialty_ids: list[str] = field(default_factory=list)  # resolved
    notes: list[str] = field(default_factory=list)          # what a name was taken for

    def to_dict(self) -> dict:
        return asdict(self)


EXAMPLE = """\
# A matchstats plan profile: one applicant. Edit it, then run `matchstats plan THIS_FILE`.
name: Example applicant
applicant_type: non_us_img   # non_us_img (non-U.S.-citizen IMG) or us_img (U.S.-citizen IMG)
step2ck: 245                 # USMLE Step 2 CK score, 1-300 (optional)
specialties:                 # 1 to 5, as you would type them (IM, family med, peds, ...)
  - Internal Medicine
  - family med
states: [NY, FL]             # optional: USPS codes or state names; none = every state
measures:                    # optional, counted as Charting Outcomes counts them
  contiguous_ranks: 10       # programs of the specialty you plan to rank before any other specialty
  research: 2
  publications: 1
"""


def _fail(field_: str, what: str, todo: str, where: str = "profile") -> PlanInputError:
    return PlanInputError(what, where=f"{where}, field `{field_}`", todo=todo)


def resolve_state(text, where: str = "profile") -> str:
    t = " ".join(str(text).split())
    up = t.upper()
    if up in STATE_NAMES:
        return up
    for code, name in STATE_NAMES.items():
        if name.casefold() == t.casefold():
            return code
    raise _fail("states", f"unknown state {shorten(t)!r}", "give USPS codes (NY, FL, CA) or state names "
                "(New York), e.g. --state NY --state \"New Jersey\"", where)


def resolve_specialty(text, where: str = "profile") -> tuple[str, str]:
    """(specialty_id, note) of a typed name, or PlanInputError: unknown (with suggestions), ambiguous (all
    candidates, never a guess) or a fellowship."""
    from pipeline.ingest.specialties import crosswalk, lookup

    cw = crosswalk()
    hit = lookup(str(text), cw)
    if hit.ok:
        note = hit.message(cw.names) if hit.kind != "exact" or hit.note else ""
        return hit.sid, note
    raise _fail("specialties", hit.message(cw.names).rstrip("."),
                "give a specialty's name, id or a common short name (`matchstats specialties` lists them), e.g. "
                "--specialty IM --specialty \"family med\"", where)


def _int(field_: str, v, lo: int, hi: int | None, where: str) -> int:
    if isinstance(v, bool) or v is None:
        ok = False
    elif isinstance(v, int):
        ok = True
    elif isinstance(v, float) and v.is_integer():
        v, ok = int(v), True
    elif isinstance(v, str) and re.fullmatch(r"\s*\d+\s*", v):
        v, ok = int(v), True
    else:
        ok = False
    if not ok or v < lo or (hi is not None and v > hi):
        rng = f"{lo}-{hi}" if hi is not None else f"{lo} or more"
        raise _fail(field_, f"{shorten(v)!r} is not a whole number {rng}",
                    f"give {field_} as a whole number {rng}" + (" (a USMLE Step 2 CK score)" if field_ == "step2ck"
                                                                 else ""), where)
    return v


def parse_profile(raw: dict, where: str = "profile") -> Profile:
    """Check every field of a profile (a mapping, from a file or the flags) and resolve its names."""
    if not isinstance(raw, dict):
        raise PlanInputError(f"a profile is a mapping of fields ({', '.join(PROFILE_KEYS)}), not "
                             f"{type(raw).__name__}", where=where, todo="start from `matchstats plan --example`")
    raw = {str(k).strip().lower().replace("-", "_"): v for k, v in raw.items()}
    if "score" in raw and "step2ck" not in raw:
        raw["step2ck"] = raw.pop("score")
    unknown = [k for k in raw if k not in PROFILE_KEYS]
    if unknown:
        raise _fail(unknown[0], f"unknown field {shorten(unknown[0])!r}",
                    f"use only {', '.join(PROFILE_KEYS)} (see `matchstats plan --example`)", where)
    atype = str(raw.get("applicant_type") or "non_us_img").strip().lower().replace("-", "_").replace(" ", "_")
    if atype not in APPLICANT_TYPES:
        raise _fail("applicant_type", f"unknown applicant type {shorten(atype)!r}",
                    "use non_us_img (non-U.S.-citizen IMG) or us_img (U.S.-citizen IMG)", where)
    specs = raw.get("specialties")
    specs = [specs] if isinstance(specs, str) else specs
    if not specs or not isinstance(specs, list) or len(specs) > MAX_SPECIALTIES:
        raise _fail("specialties", f"give 1 to {MAX_SPECIALTIES} specialties, not "
                    f"{len(specs) if isinstance(specs, list) else shorten(specs)!r}",
                    "e.g. --specialty IM --specialty \"family med\", or a list under `specialties:`", where)
    ids, notes = [], []
    for s in specs:
        sid, note = resolve_specialty(s, where)
        if sid not in ids:
            ids.append(sid)
        if note:
            notes.append(note)
    score = raw.get("step2ck")
    score = None if score is None or score == "" else _int("step2ck", score, *SCORE_RANGE, where)
    states = raw.get("states") or []
    states = [states] if isinstance(states, str) else states
    if not isinstance(states, list):
        raise _fail("states", "states is a list of USPS codes or names", "e.g. states: [NY, FL]", where)
    codes = list(dict.fromkeys(resolve_state(s, where) for s in states))
    meas = raw.get("measures") or {}
    if not isinstance(meas, dict):
        raise _fail("measures", "measures is a mapping (measure: count)", "e.g. measures: {research: 2}", where)
    measures = {}
    for k, v in meas.items():
        key = str(k).strip().lower().replace("-", "_").replace(" ", "_")
        if key not in MEASURES:
            raise _fail(f"measures.{shorten(k)}", f"unknown measure {shorten(k)!r}",
                        f"use {', '.join(MEASURES)}", where)
        measures[key] = _int(f"measures.{key}", v, 0, 999, where)
    name = str(raw.get("name") or "").strip()
    return Profile(specialties=[str(s) for s in specs], applicant_type=atype, step2ck=score, states=codes,
                   measures=measures, name=shorten(name, 80) if name else "", specialty_ids=ids, notes=notes)


def read_profile(path: Path) -> Profile:
    """A profile file (YAML) checked; a file that cannot be read or parsed is a PlanInputError naming it."""
    import yaml

    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanInputError(f"cannot read the profile: {exc.__class__.__name__}: {shorten(exc)}", where=where,
                             todo="give a YAML profile file (`matchstats plan --example > profile.yml`)") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        raise PlanInputError(f"the profile is not valid YAML{at}: {shorten(getattr(exc, 'problem', exc))}",
                             where=where, todo="fix the file; `matchstats plan --example` prints one to start "
                             "from") from None
    return parse_profile(raw, where)


# -- figures -------------------------------------------------------------------------------------------

def _num(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _citation(kind: str, year: int | None = None) -> str:
    from pipeline.charts.theme import citation

    return citation(kind, year=year)


class _Marts:
    """The analyses, read once; a missing one is remembered with why and what to do."""

    def __init__(self, con, home=None):
        self.con, self.home, self.frames, self.missing = con, home, {}, {}

    def get(self, name: str) -> pd.DataFrame | None:
        if name not in self.frames and name not in self.missing:
            from pipeline import marts

            try:
                self.frames[name] = marts.mart(name, self.con) if self.con is not None else None
                if self.con is None:
                    raise MartUnavailable(name, "there is no published database", "run `make pipeline` "
                                          "(`matchstats pipeline --fetch`)")
            except MartUnavailable as exc:
                self.frames.pop(name, None)
                self.missing[name] = f"Not available: the analysis {name}: {exc.reason}. What to do: {exc.todo}."
        return self.frames.get(name)

    def why(self, name: str) -> str:
        return self.missing.get(name, f"Not available: {name}.")


def position(value: float, st: dict) -> dict:
    """Where ``value`` stands in a distribution (min, q1, median, q3, max): a band and its words."""
    q1, med, q3, lo, hi = (st.get(k) for k in ("q1", "median", "q3", "min", "max"))

    def n(v):
        return f"{v:g}"
    if med is None:
        return {"band": "suppressed", "text": "not given (the report suppresses this small cohort)"}
    if lo is not None and value < lo:
        return {"band": "below_min", "text": f"below the lowest ({n(lo)})"}
    if hi is not None and value > hi:
        return {"band": "above_max", "text": f"above the highest ({n(hi)})"}
    if q1 is not None and value < q1:
        return {"band": "below_q1", "text": f"below the lower quartile ({n(q1)})"}
    if q1 is not None and value == q1:
        return {"band": "at_q1", "text": f"at the lower quartile ({n(q1)})"}
    if value < med:
        return {"band": "q1_median", "text": f"between the lower quartile ({n(q1)}) and the median ({n(med)})"}
    if value == med:
        return {"band": "at_median", "text": f"at the median ({n(med)})"}
    if q3 is not None and value < q3:
        return {"band": "median_q3", "text": f"between the median ({n(med)}) and the upper quartile ({n(q3)})"}
    if q3 is not None and value == q3:
        return {"band": "at_q3", "text": f"at the upper quartile ({n(q3)})"}
    return {"band": "above_q3", "text": f"above the upper quartile ({n(q3)})"}


def versus_median(value: float, st: dict) -> str:
    med = st.get("median")
    if med is None:
        return "not comparable (the report suppresses this small cohort)"
    word = "above" if value > med else "below" if value < med else "at"
    return f"{word} the median ({med:g})"


def standing_sentence(value: float, matched: dict, not_matched: dict) -> str:
    """"between the lower quartile (240) and the median (251) of those who matched; above the median (243) of
    those who did not"."""
    if matched.get("median") is None:
        first = "the figures of those who matched are suppressed by the report (a small cohort)"
    else:
        first = f"{position(value, matched)['text']} of those who matched"
    if not_matched.get("median") is None:
        return first + "; the figures of those who did not are suppressed by the report (a small cohort)"
    return f"{first}; {versus_median(value, not_matched)} of those who did not"


def _stats(df: pd.DataFrame, sid: str, measure: str, outcome: str) -> dict | None:
    hit = df[(df["specialty_id"] == sid) & (df["measure"] == measure) & (df["outcome"] == outcome)]
    if hit.empty:
        return None
    r = hit.iloc[0]
    out = {k: _num(r[k]) for k in ("n", "min", "q1", "median", "q3", "max", "mean")}
    out["suppressed"] = out["median"] is None
    out["small"] = is_small(out["n"]) if out["n"] is not None else True
    return out


def _measure_block(meas: pd.DataFrame, sid: str, measure: str, label: str, unit: str, value, year: int,
                   source: str) -> dict | None:
    m, u = _stats(meas, sid, measure, "matched"), _stats(meas, sid, measure, "not_matched")
    if m is None and u is None:
        return None
    block = {"measure": measure, "label": label, "unit": unit, "year": year, "source": source,
             "matched": m, "not_matched": u, "value": value,
             "verified": measure == "step2ck", "small": bool((m and m["small"]) or (u and u["small"]))}
    if value is not None and m and u:
        block["position_matched"] = position(value, m)
        block["position_not_matched"] = position(value, u)
        block["sentence"] = standing_sentence(value, m, u)
    return block


def _charting(mx: _Marts, profile: Profile, sid: str) -> dict:
    """Standing, measures, the preferred-specialty match rate and contiguous ranks (Charting Outcomes)."""
    s2 = mx.get("step2_by_specialty")
    if s2 is None:
        return {"missing": _co_missing(mx)}
    year = int(s2["match_year"].max())
    source = _citation(CO_KIND, year)
    s2 = s2[s2["match_year"] == year]
    hit = s2[s2["specialty_id"] == sid]
    if hit.empty:
        return {"year": year, "source": source,
                "absent": f"The {year} Charting Outcomes report for non-U.S. IMGs charts {len(s2)} specialties; "
                          "this specialty is not among them."}
    r = hit.iloc[0]
    out: dict = {"year": year, "source": source, "transcription": True,
                 "rate": {"applicants": _num(r["applicants"]), "matched": _num(r["matched"]),
                          "not_matched": _num(r["not_matched"]), "pct": _num(r["match_rate_pct"]),
                          "small": bool(r["applicants_small"]), "rank": _num(r["match_rate_rank"]),
                          "of": int(len(s2)), "year": year, "source": source}}
    ov = mx.get("preferred_specialty_overall")
    if ov is not None and len(ov[ov["match_year"] == year]):
        o = ov[ov["match_year"] == year].iloc[0]
        out["overall"] = {"applicants": _num(o["applicants"]), "matched": _num(o["matched"]),
                          "pct": _num(o["match_rate_pct"]), "mean_specialty_pct": _num(o["mean_specialty_match_rate_pct"]),
                          "specialties": _num(o["charted_specialties"])}
    con = mx.con
    meas = con.sql(f"select * from applicant_measures where match_year = {year} and applicant_type = "
                   "'non_us_img' and specialty_id is not null").df()
    out["standing"] = _measure_block(meas, sid, "step2ck", "USMLE Step 2 CK", "points", profile.step2ck, year, source)
    out["measures"] = []
    for key, value in profile.measures.items():
        measure, label, unit = MEASURES[key]
        b = _measure_block(meas, sid, measure, label, unit, value, year, source)
        if b:
            out["measures"].append(b)
    c = _measure_block(meas, sid, "contiguous_ranks", MEASURES["contiguous_ranks"][1], "programs",
                       profile.measures.get("contiguous_ranks"), year, source)
    out["contiguous"] = c
    return out


def _co_missing(mx: _Marts) -> str:
    """Which Charting Outcomes file is missing and how to get it (the catalogue says)."""
    text = mx.why("step2_by_specialty")
    try:
        from pipeline.config import paths
        from pipeline.sources import catalogue

        p = paths(mx.home)
        cat = catalogue.load(p)
        parts = [f"data/raw/{s.path}" + ("" if f"data/raw/{s.path}" in text else f" ({s.citation()})")
                 + f": to get it, {s.how_to_get(p)}" for s in cat.of_kind(CO_KIND) if not cat.status(s, p).ok]
        if parts:
            text += " Missing " + "; ".join(parts) + "."
    except Exception:  # the note must never fail
        pass
    return text


def _img_share(mx: _Marts, profile: Profile, sid: str) -> dict:
    by_state, by_spec = mx.get("img_share_by_state"), mx.get("img_share_by_specialty")
    if by_state is None or by_spec is None:
        return {"missing": mx.why("img_share_by_state" if by_state is None else "img_share_by_specialty")}
    year = int(by_spec["match_year"].max())
    spec = by_spec[(by_spec["match_year"] == year) & (by_spec["specialty_id"] == sid)]
    if spec.empty:
        return {"year": year, "absent": f"No {year} positions of this specialty in NRMP's state report."}
    # PGY-1 positions, or the level holding most of the specialty's positions when that is not PGY-1 (an
    # advanced specialty such as radiology starts at PGY-2): the level is said with every figure
    levels = spec.groupby("position_level")["positions"].sum()
    level = "PGY-1" if "PGY-1" in levels.index and levels["PGY-1"] >= levels.max() else \
        (str(levels.idxmax()) if len(levels) else None)
    st = by_state[(by_state["match_year"] == year) & (by_state["specialty_id"] == sid)]
    if level:
        spec, st = spec[spec["position_level"] == level], st[st["position_level"] == level]
    cols = ["positions", "filled", "us_img", "non_us_img"]
    nat = {c: int(spec[c].sum()) for c in cols}

    def share(d):
        img = d["us_img"] + d["non_us_img"]
        return {**d, "img": img, "pct": round(100 * img / d["filled"], 1) if d["filled"] else None,
                "small": is_small(d["filled"])}
    states = st.groupby("state", as_index=False)[cols].sum()
    states["img"] = states["us_img"] + states["non_us_img"]
    states = states.sort_values(["img", "state"], ascending=[False, True]).reset_index(drop=True)
    states["rank"] = states["img"].rank(method="min", ascending=False).astype(int)
    ranked = []
    for r in states.to_dict("records"):
        d = share({c: int(r[c]) for c in cols})
        ranked.append({"state": r["state"], "state_name": STATE_NAMES.get(r["state"], r["state"]),
                       "rank": int(r["rank"]), "chosen": r["state"] in profile.states, **d})
    chosen = []
    for code in profile.states:
        row = next((x for x in ranked if x["state"] == code), None)
        chosen.append(row or {"state": code, "state_name": STATE_NAMES.get(code, code), "rank": None,
                              "chosen": True, "positions": 0, "filled": 0, "us_img": 0, "non_us_img": 0, "img": 0,
                              "pct": None, "small": True})
    return {"year": year, "level": level or "all levels", "source": _citation("state_specialty_results", year),
            "national": share(nat), "states": chosen, "ranked": ranked, "of_states": len(ranked)}


def _programs(mx: _Marts, profile: Profile, sid: str) -> dict:
    ph = mx.get("program_history")
    if ph is None:
        return {"missing": mx.why("program_history")}
    ph = ph[ph["specialty_id"] == sid]
    if profile.states:
        ph = ph[ph["state"].isin(profile.states)]
    years_all = mx.frames["program_history"]["match_year"]
    y0, y1 = int(years_all.min()), int(years_all.max())
    rows = []
    for code, g in ph.sort_values("match_year").groupby("program_code", sort=False):
        last = g.iloc[-1]
        years = {int(y): [int(q), int(f)] for y, q, f in zip(g["match_year"], g["quota"], g["filled"])}
        first_y, last_y = min(years), max(years)
        unfilled = [y for y, (q, f) in years.items() if q > f]
        rows.append({
            "program_code": code, "institution": last["institution"], "program_name": last["program_name"],
            "city": last["city"], "state": last["state"], "program_type": last["program_type"],
            "years": years, "first_year": first_y, "last_year": last_y, "listed_latest": last_y == y1,
            "new": first_y > y0, "unfilled_years": unfilled,
            "quota_first": years[first_y][0], "quota_latest": years[y1][0] if y1 in years else None,
            "filled_latest": years[y1][1] if y1 in years else None,
            "growth": (years[y1][0] - years[first_y][0]) if y1 in years else None,
            "gap_years": [y for y in range(first_y, last_y + 1) if y not in years],
        })
    rows.sort(key=lambda r: (r["state"], -len(r["unfilled_years"]), r["institution"], r["program_code"]))
    latest = [r for r in rows if r["listed_latest"]]
    summary = {"programs_latest": len(latest), "positions_latest": sum(r["quota_latest"] for r in latest),
               "filled_latest": sum(r["filled_latest"] for r in latest),
               "unfilled_latest": sum(1 for r in latest if y1 in r["unfilled_years"]),
               "new": sum(1 for r in rows if r["new"]), "no_longer_listed": sum(1 for r in rows if not r["listed_latest"]),
               "ever_unfilled": sum(1 for r in rows if r["unfilled_years"])}
    first_total = int(ph[ph["match_year"] == y0]["quota"].sum())
    summary["positions_first"] = first_total
    return {"years": [y0, y1], "source": _citation("program_results"), "states": list(profile.states),
            "rows": rows, "summary": summary,
            "order": ("Default order: by state, then by the number of years with positions unfilled after the Match "
                      "(most first), then by institution; click a column heading to sort by it.")}


def _rol(mx: _Marts, profile: Profile) -> dict:
    rol = mx.get("rol_length_vs_match")
    if rol is None:
        return {"missing": mx.why("rol_length_vs_match")}
    g = rol[rol["group_name"] == profile.applicant_type].sort_values("match_year")
    if g.empty:
        return {"absent": "No rank-order-list figures for this applicant type."}
    rows = [{"year": int(r["match_year"]), "matched": _num(r["avg_rol_matched"]),
             "unmatched": _num(r["avg_rol_unmatched"]), "n_matched": _num(r["matched"]),
             "n_unmatched": _num(r["unmatched"]), "small": is_small(r["unmatched"]) or is_small(r["matched"])}
            for r in g.to_dict("records")]
    return {"group": profile.applicant_type, "label": APPLICANT_TYPES[profile.applicant_type], "rows": rows,
            "latest": rows[-1], "years": [rows[0]["year"], rows[-1]["year"]], "source": _citation("rol_impact")}


def assemble(profile: Profile, con, home=None) -> dict:
    """The figures of the page, JSON-ready (``con``: a connection to the published database of ``home``, or
    None when there is none)."""
    from pipeline.ingest.specialties import crosswalk

    names = crosswalk().names
    mx = _Marts(con, home)
    specs = []
    for sid in profile.specialty_ids:
        specs.append({"specialty_id": sid, "name": names[sid], "charting": _charting(mx, profile, sid),
                      "img_share": _img_share(mx, profile, sid), "programs": _programs(mx, profile, sid)})
    caveats = ["Descriptive figures of past Matches: no probability or chance of matching is computed (no model; "
               "NRMP's terms forbid using their data in machine-learning or AI tools).",
               f"Small numbers: a percentage whose base (applicants, positions or positions filled) is under "
               f"{SMALL_BASE} is marked as a small number; it swings on one or two people.",
               "The Charting Outcomes figures come from a transcription of NRMP's report, not NRMP's own file.",
               NO_PROGRAM_LEVEL]
    years = {k: next((s[k]["year"] for s in specs if s[k].get("year")), None) for k in ("charting", "img_share")}
    if years["charting"] and years["img_share"] and years["charting"] != years["img_share"]:
        caveats.insert(3, f"Different Match years: the Charting Outcomes figures describe the {years['charting']} "
                          f"Match, the IMG shares and programs the {years['img_share']} Match (the latest each report "
                          "covers); each figure says its year.")
    if profile.applicant_type == "us_img":
        caveats.insert(0, US_IMG_CAVEAT)
    return {"profile": profile.to_dict(), "specialties": specs, "rol": _rol(mx, profile),
            "definitions": DEFINITIONS, "caveats": caveats, "small_base": SMALL_BASE}
