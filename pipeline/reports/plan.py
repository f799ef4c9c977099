"""`matchstats plan`: one applicant's page, their terminal summary and JSON, and ``plan(profile)`` for Python.

The figures come from ``plan_data.assemble`` (the published analyses); the charts from
``pipeline.charts.plan`` (Vega-Lite specs, drawn in the page by the inlined Vega: nothing is loaded from
the network). The page has the reports' look (``_report.css.j2``), is readable at 390 px and prints to PDF
with headless Chromium like the specialty reports. Output goes to ``reports/plans/<name>.html`` (``.pdf``,
``.json``) unless a path is given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline.config import Paths
from pipeline.reports import plan_data
from pipeline.reports.formatting import STATE_NAMES, PROGRAM_TYPES, fmt_int, fmt_pct, mark, template_env
from pipeline.reports.plan_data import APPLICANT_TYPES, Profile, parse_profile, read_profile  # noqa: F401

TEMPLATE = "plan.html.j2"
SUBDIR = "plans"
NARROW_BELOW = 520


@dataclass
class Plan:
    """What ``plan(profile)`` returns: the figures (``data``, JSON-ready) and the charts (Vega-Lite specs by
    name: ``standing:<specialty_id>``, ``measure:<specialty_id>:<measure>``, ``states:<specialty_id>``,
    ``rol``), and the summary a terminal prints."""

    profile: Profile
    data: dict
    charts: dict = field(default_factory=dict)

    def summary(self) -> str:
        return summary(self.data)

    def to_json(self) -> str:
        return json.dumps(self.data, indent=1, ensure_ascii=False, default=str)

    def html(self, generated_at: str | None = None) -> str:
        return render(self, generated_at)

    def markdown(self) -> str:
        """The summary as Markdown (a notebook's answer): the specialties as headings, their figures as a list."""
        out = []
        for line in self.summary().splitlines():
            if not line.strip():
                continue
            if line.startswith("    "):
                out.append(f"    - {line.strip()}")
            elif line.startswith("  "):
                out.append(f"- {line.strip()}")
            elif line.startswith("Plan:"):
                out.append(f"**{line}**\n")
            elif any(line == s["name"] for s in self.data["specialties"]):
                out.append(f"\n#### {line}\n")
            else:
                out.append(f"\n{line}\n")
        return "\n".join(out)

    def _repr_markdown_(self) -> str:  # a notebook shows the summary
        return self.markdown()

    def chart(self, name: str, narrow: bool = False) -> dict | None:
        """A chart's Vega-Lite spec by name (``standing:<specialty_id>``, ``states:<specialty_id>``, ``rol``, ...),
        or None when its figures are not available."""
        pair = self.charts.get(name)
        return None if pair is None else pair[1 if narrow else 0]

    def programs_frame(self, sid: str):
        """The programs of one specialty in the chosen states as a DataFrame (None when not available): quota and
        filled of the latest year, years listed, years with positions unfilled after the Match, change in quota."""
        import pandas as pd

        spec = next((s for s in self.data["specialties"] if s["specialty_id"] == sid), None)
        if spec is None or "rows" not in spec["programs"]:
            return None
        rows = [{"state": r["state"], "institution": r["institution"], "program_name": r["program_name"],
                 "program_code": r["program_code"], "program_type": PROGRAM_TYPES.get(r["program_type"],
                                                                                       r["program_type"]),
                 "first_year": r["first_year"], "last_year": r["last_year"], "quota": r["quota_latest"],
                 "filled": r["filled_latest"], "years_unfilled": len(r["unfilled_years"]),
                 "unfilled_years": ", ".join(map(str, r["unfilled_years"])), "quota_change": r["growth"]}
                for r in spec["programs"]["rows"]]
        return pd.DataFrame(rows)


def plan(profile, home=None) -> Plan:
    """The plan of ``profile`` (a Profile, a mapping of its fields, or a profile file's path) from the
    published data of ``home`` (default MATCHSTATS_HOME or the checkout)."""
    from pipeline.errors import MatchstatsError

    if isinstance(profile, (str, Path)):
        profile = read_profile(Path(profile))
    elif isinstance(profile, dict):
        profile = parse_profile(profile)
    con = None
    try:
        from pipeline import marts

        con = marts.connect(home)
    except MatchstatsError:
        con = None
    try:
        data = plan_data.assemble(profile, con, home)
    finally:
        if con is not None:
            con.close()
    return Plan(profile, data, charts(data))


def charts(data: dict) -> dict:
    from pipeline.charts import plan as pc

    out = {}
    for s in data["specialties"]:
        sid, name, co = s["specialty_id"], s["name"], s["charting"]
        if co.get("standing"):
            out[f"standing:{sid}"] = (pc.standing(co["standing"], name), pc.standing(co["standing"], name, True))
        for b in co.get("measures") or []:
            out[f"measure:{sid}:{b['measure']}"] = (pc.standing(b, name), pc.standing(b, name, True))
        im = s["img_share"]
        if im.get("ranked"):
            args = (im["ranked"], name, im["year"], im["level"], im["source"])
            out[f"states:{sid}"] = (pc.states(*args), pc.states(*args, narrow=True))
    r = data["rol"]
    if r.get("rows"):
        out["rol"] = (pc.rol(r["rows"], r["label"], r["source"]), pc.rol(r["rows"], r["label"], r["source"], True))
    return out


# -- the terminal summary ---------------------------------------------------------------------------------

def _n(v) -> str:
    return fmt_int(v)


def _note(label: str, part: dict, kinds: tuple[str, ...] = ("missing", "absent")) -> list[str]:
    """The line saying why a part of the plan has no figures: its ``missing`` note (an analysis not
    published) or its ``absent`` one (nothing in it for this specialty or applicant type), of the ``kinds``
    the summary says; [] when there is none, and the part's figures are shown instead."""
    return next(([f"{label}: {part[k]}"] for k in kinds if part.get(k)), [])


def _charting_lines(co: dict, step2ck, define: bool) -> list[str]:
    """Charting Outcomes: the Step 2 CK standing, the other measures, the preferred-specialty match rate (with
    what "preferred" means when ``define``) and contiguous ranks."""
    lines = []
    st = co.get("standing")
    tag = f"({co['year']} Charting Outcomes, non-U.S. IMGs who preferred it; a transcription)"
    if st and st.get("sentence"):
        lines.append(f"  Step 2 CK {step2ck}: {st['sentence']} {tag}.")
    elif step2ck is None and st:
        lines.append(f"  Step 2 CK median: {st['matched']['median']:g} matched vs "
                     f"{st['not_matched']['median']:g} not {tag}.")
    for b in co.get("measures") or []:
        if b.get("sentence"):
            lines.append(f"  {b['label']} {b['value']}: {b['sentence']}.")
    r = co["rate"]
    small = " (small number)" if r["small"] else ""
    lines.append(f"  Matched to it as preferred specialty: {_n(r['matched'])} of {_n(r['applicants'])}, "
                 f"{fmt_pct(r['pct'])}{small} ({co['year']})"
                 + (" — preferred = first program on the rank order list" if define else ""))
    c = co.get("contiguous")
    if c and c["matched"] and c["not_matched"] and not c["matched"]["suppressed"]:
        lines.append(f"  Contiguous ranks, median: {c['matched']['median']:g} (matched) vs "
                     f"{c['not_matched']['median']:g} (not matched)")
    return lines


def _img_share_lines(im: dict) -> list[str]:
    """The national IMG share of the specialty's filled positions, and each chosen state's with its rank."""
    if not im.get("national"):
        return []
    nat = im["national"]
    lines = [f"  IMG share of filled {im['level']} positions, {im['year']}: {fmt_pct(nat['pct'])} "
             f"nationally ({_n(nat['img'])} of {_n(nat['filled'])})"]
    for st in im["states"]:
        rank = f"rank {st['rank']} of {im['of_states']} by IMG matches" if st["rank"] else "no positions"
        sm = " (small number)" if st["small"] and st["pct"] is not None else ""
        lines.append(f"    {st['state_name']}: {fmt_pct(st['pct'])}{sm} ({_n(st['img'])} of "
                     f"{_n(st['filled'])}); {rank}")
    return lines


def _programs_lines(pr: dict) -> list[str]:
    """The specialty's programs in the chosen states: the latest year's counts and the years' changes."""
    sm, (y0, y1) = pr["summary"], pr["years"]
    where = ", ".join(pr["states"]) if pr["states"] else "all states"
    return [f"  Programs ({where}), {y1}: {_n(sm['programs_latest'])} programs, "
            f"{_n(sm['positions_latest'])} positions; {_n(sm['unfilled_latest'])} had positions unfilled "
            f"after the Match; {_n(sm['ever_unfilled'])} programs had some in {y0}–{y1}; "
            f"{_n(sm['new'])} first listed after {y0} (a new program or a new program code)"]


def _rol_lines(r: dict) -> list[str]:
    """The latest year's rank order list lengths of the applicant type, matched against not matched."""
    if not r.get("latest"):
        return []
    la = r["latest"]
    return [f"Rank order list length, {r['label']} {la['year']}: {la['matched']:.2f} programs ranked on "
            f"average by those who matched vs {la['unmatched']:.2f} by those who did not"]


def summary(data: dict) -> str:
    p = data["profile"]
    lines = [f"Plan: {p['name'] or 'one applicant'} · {APPLICANT_TYPES[p['applicant_type']]}"
             + (f" · Step 2 CK {p['step2ck']}" if p["step2ck"] is not None else "")
             + (f" · states {', '.join(p['states'])}" if p["states"] else " · all states")]
    lines += [f"  {n}" for n in p["notes"]]
    if p["applicant_type"] == "us_img":
        lines.append("  Note: " + plan_data.US_IMG_CAVEAT)
    said_def = False  # "preferred" is defined once, at the first match rate shown
    for s in data["specialties"]:
        lines += ["", s["name"]]
        co = s["charting"]
        note = _note("  Charting Outcomes", co)
        lines += note or _charting_lines(co, p["step2ck"], define=not said_def)
        said_def = said_def or not note
        # the IMG share says why it has no figures as the page does (no positions of the specialty in the state
        # report); the programs part has no "absent" note of its own
        lines += _note("  IMG share", s["img_share"]) or _img_share_lines(s["img_share"])
        lines += _note("  Programs", s["programs"], ("missing",)) or _programs_lines(s["programs"])
    r = data["rol"]
    lines.append("")
    lines += _note("Rank order list length", r) or _rol_lines(r)
    lines.append("")
    lines.append("Descriptive figures of past Matches, not a chance of matching. " + plan_data.NO_PROGRAM_LEVEL)
    sources = [x.get("source") for s in data["specialties"] for x in (s["charting"], s["img_share"], s["programs"])]
    sources = list(dict.fromkeys(filter(None, sources + [r.get("source")])))
    if sources:
        lines.append("Sources: " + "; ".join(sources) + ".")
    return "\n".join(lines)


# -- the page ----------------------------------------------------------------------------------------------

def _standing_view(b: dict | None) -> dict | None:
    if not b:
        return None
    def q(st):
        if not st:
            return None
        if st["suppressed"]:
            return {"suppressed": True, "n": _n(st["n"])}
        return {"suppressed": False, "n": mark(_n(st["n"]), st["small"]), **{k: f"{st[k]:g}" if st[k] is not None else "–"
                                                         for k in ("min", "q1", "median", "q3", "max")}}
    return {**b, "m": q(b["matched"]), "u": q(b["not_matched"])}


def _program_rows(pr: dict) -> list[dict]:
    y0, y1 = pr["years"]
    out = []
    for r in pr["rows"]:
        cells = []
        for y in range(y0, y1 + 1):
            qf = r["years"].get(y)
            cells.append({"text": f"{qf[0]}/{qf[1]}" if qf else "–", "unfilled": bool(qf and qf[0] > qf[1])})
        listed = f"{r['first_year']}–{r['last_year']}" if r["first_year"] != r["last_year"] else str(r["first_year"])
        out.append({**r, "cells": cells, "listed": listed,
                    "type": PROGRAM_TYPES.get(r["program_type"], r["program_type"]),
                    "unfilled_text": ", ".join(str(y) for y in r["unfilled_years"]) or "none",
                    "growth_text": "–" if r["growth"] is None else f"{r['growth']:+d}"})
    return out


def context(p: Plan, generated_at: str | None = None) -> dict:
    from pipeline.charts.vega import embed_json

    data = p.data
    specs = []
    for s in data["specialties"]:
        co = s["charting"]
        view = {**s, "standing": _standing_view(co.get("standing")),
                "measures": [_standing_view(b) for b in co.get("measures") or []],
                "contiguous": _standing_view(co.get("contiguous"))}
        if s["programs"].get("rows") is not None:
            view["program_rows"] = _program_rows(s["programs"])
            y0, y1 = s["programs"]["years"]
            view["program_years"] = list(range(y0, y1 + 1))
        specs.append(view)
    charts = {k: embed_json(v[0]) for k, v in p.charts.items()}
    narrow = {k: embed_json(v[1]) for k, v in p.charts.items()}
    return {"d": data, "profile": data["profile"], "specs": specs, "charts": charts, "narrow": narrow,
            "rol": data["rol"], "defs": data["definitions"], "caveats": data["caveats"],
            "applicant_label": APPLICANT_TYPES[data["profile"]["applicant_type"]], "state_list": [STATE_NAMES.get(c, c) for c in data["profile"]["states"]],
            "generated_at": generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "fmt_int": fmt_int, "fmt_pct": fmt_pct, "mark": mark, "narrow_below": NARROW_BELOW}




def render(p: Plan, generated_at: str | None = None) -> str:
    from pipeline.charts.vega import javascript

    ctx = context(p, generated_at)
    return template_env().get_template(TEMPLATE).render(**ctx, vega_js=javascript() if ctx["charts"] else "")


def default_path(paths: Paths, profile: Profile, suffix: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", (profile.name or "plan").casefold()).strip("-")[:60] or "plan"
    return paths.reports / SUBDIR / f"{slug}{suffix}"


def write(p: Plan, paths: Paths, fmt: str = "html", out: Path | None = None) -> list[Path]:
    """Write the page (html; pdf: the page and its PDF) or the JSON; return the files written."""
    from pipeline.store import publish

    if fmt == "json":
        target = out or default_path(paths, p.profile, ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        publish.write_atomic(target, p.to_json() + "\n")
        return [target]
    html_path = (out.with_suffix(".html") if out is not None and fmt == "pdf" else out) or \
        default_path(paths, p.profile, ".html")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    publish.write_atomic(html_path, render(p))
    written = [html_path]
    if fmt == "pdf":
        from pipeline.reports import browser

        pdf = (out if out is not None and out.suffix == ".pdf" else html_path.with_suffix(".pdf"))
        footer = ('<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:sans-serif;'
                  'display:flex;justify-content:space-between"><span>matchstats plan</span>'
                  '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')
        written += browser.print_pdfs([(html_path, pdf)], footer=footer, say=lambda m: None)
    return written


# -- the command ---------------------------------------------------------------------------------------------

FORMATS = ("html", "pdf", "json")


def from_flags(profile_file: Path | None, specialties: list[str], score: str | None, states: list[str],
               applicant_type: str | None, measures: list[str], name: str | None) -> Profile:
    """The profile of a file and/or the flags (a flag given replaces the file's field), checked."""
    from pipeline.reports.plan_data import PlanInputError

    raw: dict = {}
    where = "the command line"
    if profile_file is not None:
        import yaml

        p = read_profile(Path(profile_file))  # checks the file on its own first
        raw = yaml.safe_load(Path(profile_file).read_text(encoding="utf-8")) or {}
        raw = {str(k).strip().lower().replace("-", "_"): v for k, v in raw.items()}
        if "score" in raw:
            raw["step2ck"] = raw.pop("score")
        where = str(profile_file)
        if not (specialties or score is not None or states or applicant_type or measures or name):
            return p
    if specialties:
        raw["specialties"] = list(specialties)
    if score is not None:
        raw["step2ck"] = score
    if states:
        raw["states"] = list(states)
    if applicant_type:
        raw["applicant_type"] = applicant_type
    if name:
        raw["name"] = name
    if measures:
        meas = dict(raw.get("measures") or {})
        for m in measures:
            key, sep, value = m.partition("=")
            if not sep:
                raise PlanInputError(f"--measure {m!r} is not NAME=COUNT", where="the command line, field `measures`",
                                     todo="e.g. --measure research=2 --measure contiguous_ranks=10")
            meas[key.strip()] = value.strip()
        raw["measures"] = meas
    if not raw.get("specialties"):
        raise PlanInputError("no specialty given", where=f"{where}, field `specialties`",
                             todo="give 1 to 5 with --specialty NAME (or a profile file; `matchstats plan --example` "
                                  "prints one)")
    return parse_profile(raw, where)


def command(paths: Paths, profile_file, specialties, score, states, applicant_type, measures, name, fmt, out,
            echo=print) -> list[Path]:
    """`matchstats plan`: check everything, then print the summary and write the page (or PDF / JSON)."""
    from pipeline.reports.plan_data import PlanInputError

    fmt = (fmt or "html").strip().lower()
    if fmt not in FORMATS:
        raise PlanInputError(f"unknown format {fmt!r}", where="the command line, field `--format`",
                             todo="use html, pdf or json")
    profile = from_flags(profile_file, specialties, score, states, applicant_type, measures, name)
    p = plan(profile, paths.home)
    echo(p.summary())
    written = write(p, paths, fmt, Path(out) if out else None)
    for f in written:
        echo(f"Wrote {f}")
    return written
