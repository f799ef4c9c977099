"""The other readings a text offers for a figure (`matchstats check ARTICLE`; the rules are
``pipeline.check.article``): the other groups, specialties and states its sentence names, another metric its words
allow, the first-year level when it names none, the reading without a dimension taken from far away. A
contradiction one of them would confirm is not certain (issue 25; ``pipeline.check.article_output``).
"""

from __future__ import annotations

import re

from pipeline.check.article_context import TO_SPECIALTY
from pipeline.check.article_numbers import AT, SHARE, STATISTIC, Figure
from pipeline.check.article_wholes import N_EQUALS_RE
from pipeline.check.registry import METRICS


# where a dimension comes from when it is not the figure's own sentence, table cell or list item
FAR_SOURCES = ("the title", "earlier sentence", "earlier paragraph", "earlier list item", "heading", "table caption", "list lead-in",
               "section")


LEVEL_SIBLING = {"positions_total": "positions_pgy1", "positions_pgy1": "positions_total",
                 "filled_total": "filled_pgy1", "filled_pgy1": "filled_total",
                 # "IMGs filled 10,095 of the 40,764 positions": matched to PGY-1, or every level's positions filled?
                 "img_matched_pgy1": "img_filled", "img_share_of_matched_pct": "img_share_pct"}
NATIONAL_TO_STATE = ("positions_total", "positions_pgy1", "filled_total", "filled_pgy1")
ALL_LEVELS_IN = re.compile(r"(?i)\ball\s+(?:position\s+)?levels\b")
SHARE_OF_FILLED_AFTER_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+of\s+(?:the\s+|all\s+)?(?:[\w\-]+\s+){0,3}?"
                                      r"(?:positions|spots|slots)\s+filled\b")


def alternatives(r, f: Figure) -> dict:
    """Other readings the text itself offers: the other groups, specialties and states its sentence (with a table
    cell's headers or a list item's lead-in) names, and the other years its paragraph names when the figure's own
    clause gives none. A contradiction that one of them would confirm is not certain (pipeline.check.article_output)."""
    u = f.ctx
    spans = [(u.start, u.end)] + [(a, b) for label, a, b in u.extra]
    m = METRICS[f.metric]
    out = {}
    if "specialty_id" not in f.dims and (f.metric in TO_SPECIALTY or "specialty_id" in m.dims):
        # a specialty the sentence before or a heading above names: "General surgery offered 2,972 positions.
        # IMGs filled 542 positions" (nationally, or in surgery?)
        near = []
        if u.kind == "sentence" and u.index > 0:
            prev = r.block_units[u.block][u.index - 1]
            near += [(prev.start, prev.end)]
        near += [(b.start, b.end) for b in r.doc.blocks[:u.block] if b.kind == "heading"]
        vals = sorted({x.value for a, b in near for x in r.find("specialty", a, b)})
        if vals:
            out["specialty_id"] = vals
    lo, hi = r._clause(f, u) if u.kind == "sentence" else (u.start, u.end)
    if re.search(r":\s*\Z", r.m[u.start:lo]) and not [g for g in r.unit_figures(f) if u.start <= g.start < lo
                                                     and g.kind == STATISTIC]:
        lo = u.start  # "PGY-1 positions filled: 40,764": the label before the colon is the figure's clause
    blk = r.doc.blocks[u.block]
    for cat, dim in (("group", "applicant_type"), ("specialty", "specialty_id"), ("state", "state")):
        if dim not in m.dims:
            continue
        wide = spans
        d = f.dims.get(dim)
        if d is not None and u.kind == "sentence" and not any(x.value == d.value for x in r.find(cat, lo, hi)):
            wide = spans + [(blk.start, blk.end)]  # a value from outside the figure's clause: the paragraph's others
        if dim == "state" and d is None:  # no place named for the figure: the paragraph's or the headings' states
            wide = spans + [(blk.start, blk.end)] + [(b.start, b.end) for b in r.doc.blocks[:u.block]
                                                     if b.kind == "heading"]
            cat = "state_name"
        vals = {x.value for a, b in wide for x in r.find(cat, a, b)}
        if dim == "applicant_type":
            vals &= set(AT)
        vals.discard(f.dims[dim].value if dim in f.dims else None)
        if vals:
            out[dim] = sorted(vals)
    if f.metric in SHARE.values() and u.kind == "sentence" and not r.find("group", lo, hi):
        # "... 229 were not U.S. citizens and 75 were Americans who studied abroad. Nationally, their share was
        # 40.3 percent": whose share, when the group is not the clause's own? Any group the paragraph names
        named = {SHARE[x.value] for x in r.find("group", blk.start, blk.end) if x.value in SHARE} - {f.metric}
        if r.find("cue:fill_rate", lo, hi):  # "..., and the specialty filled 96.0% of what it offered": a fill rate
            named.add("fill_pct")
        if named:
            out.setdefault("metric", []).extend(sorted(named))
    if f.metric in ("fill_pct", "program_fill_pct") and r.find("group", blk.start, blk.end) and \
            SHARE_OF_FILLED_AFTER_RE.match(r.m, f.end):
        # "60.8% of the PGY-1 positions filled", in a paragraph about IMGs: a fill rate, or the IMGs' share of them?
        out["metric"] = ["img_share_pct"]
    if "position_level" in m.dims and "position_level" not in f.dims and not getattr(f, "all_levels", False):
        # no level named (and not "all position levels"): PGY-1 is as plausible
        out["position_level"] = ["PGY-1"]
    for dim in ("state", "specialty_id", "position_level"):  # a dimension the figure's own sentence does not give:
        d = f.dims.get(dim)                                  # the reading without it (national, all specialties,
        if d is not None and d.source.startswith(FAR_SOURCES):  # all levels) is as plausible
            out.setdefault(dim, []).append(None)
    if f.metric in ("fill_pct", "positions", "filled", "program_fill_pct", "program_positions", "program_filled") \
            and "specialty_id" in f.dims and "state" not in f.dims:  # no program type named: categorical ones, or
        # a type the paragraph names ("preliminary positions filled 56.4%")?
        named = sorted({x.value for x in r.find("program_type", blk.start, blk.end)} - {"categorical"})
        out["program_type"] = ["categorical"] + named
    if N_EQUALS_RE.search(r.m, max(0, f.start - 12), f.start):  # "93.5% (n = 19,044)": the rate's whole (active
        parts = {x for x, y, _ in r.v.raw["ratios"] if y == f.metric}  # applicants), or its part (those who matched)?
        if parts:
            out.setdefault("metric", []).extend(sorted(parts))
    if f.metric in LEVEL_SIBLING and not r.find("level", lo, hi) and not ALL_LEVELS_IN.search(r.m, lo, hi):
        # "41,503 positions": all levels or first-year? The figure's own clause does not say
        out.setdefault("metric", []).append(LEVEL_SIBLING[f.metric])
    if f.metric in NATIONAL_TO_STATE and "state" not in f.dims:  # a national count, or that of a state the
        states = sorted({x.value for x in r.find("state_name", blk.start, blk.end)})  # paragraph names?
        if states:
            out["state"] = states
    if "year" in f.dims and u.kind == "sentence":  # a table cell's year (its column or row) is its own
        lo, hi = r._clause(f, u)
        one = {y.value for y in r.years_in(u.start, u.end) if y.value is not None} == {f.dims["year"].value}
        if not any(y.value == f.dims["year"].value for y in r.years_in(lo, hi)) and not (
                one and f.dims["year"].source.startswith("sentence")):  # the only year its sentence names is firm
            blk = r.doc.blocks[u.block]
            vals = {y.value for y in r.years_in(blk.start, blk.end) if y.value is not None}
            vals.discard(f.dims["year"].value)
            if vals:
                out["year"] = sorted(vals)
    return out
