"""A group's match in three figures (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

"DO seniors: 7,773 of 8,392, or 92.6%", "U.S.-citizen IMGs: 3,108 of 4,587; rate 67.8%": a part, its whole and a
percentage that is the part's share of the whole, for one applicant group and nothing narrower (no specialty, state,
program type or positions), are that group's applicants matched to PGY-1, its active applicants and its match rate.
The text's own arithmetic is what makes the reading certain: when the percentage is not the part over the whole (to
its stated precision), one of the three is not what it seems, and the rule reads none of them.
"""

from __future__ import annotations

import re
from fractions import Fraction

from pipeline.check.article_numbers import AT, STATISTIC, Dim, Figure
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_years import _year

PART_OF_RE = re.compile(r"\s*(?:out\s+of|of)\s+(?:the\s+)?")
# between the whole and its rate: ", or 92.6%", "; rate 67.8%", " (48.5%)", ", i.e. 80.1%", ", a rate of 23.8%"
RATE_AFTER_RE = re.compile(r"(?i)\s*(?:,\s*(?:or|i\.e\.,?|so|that\s+is|which\s+is)\s+|[,;]\s*(?:a\s+)?(?:match\s+)?rate"
                           r"(?:\s+of)?:?\s+|\s*\(\s*)")
NARROWER = ("specialty", "state_name", "program_type", "cue:preferred", "cue:filled", "cue:fill_rate", "cue:share")
ROLES = ("matched_pgy1", "active_applicants", "match_rate_pct")


def _triple(r, f: Figure):
    """(part, whole, rate) of the unit that f is one of, else None."""
    figs = [g for g in r.unit_figures(f) if g.kind == STATISTIC]
    for a, b, c in zip(figs, figs[1:], figs[2:]):
        if f in (a, b, c) and a.unit in ("count", "number") and b.unit in ("count", "number") and c.unit == "percent" \
                and PART_OF_RE.fullmatch(r.m, a.end, b.start) and RATE_AFTER_RE.fullmatch(r.m, b.end, c.start):
            return a, b, c
    return None


def _said(c: Figure, a: Figure, b: Figure) -> bool:
    """Whether the percentage is the part over the whole, to the precision it is stated with."""
    if a.value is None or b.value is None or c.value is None or not b.value:
        return False
    return abs(Fraction(100) * a.value / b.value - c.value) <= Fraction(1, 2 * 10 ** c.decimals)


def rate_triple(r, f: Figure) -> bool:
    """Read f as one of a group's matched, active and match-rate figures; False when it is not one of them."""
    t = _triple(r, f)
    u = f.ctx
    if t is None or u is None or f.role or any(g.role for g in t) or not _said(t[2], t[0], t[1]):
        return False
    lo, hi = u.start, u.end
    groups = {x.value for a, z in [(lo, hi)] + [(a, z) for _, a, z in u.extra] for x in r.find("group", a, z)}
    if len(groups) != 1 or not groups <= set(AT) - {"all_applicants"} or any(r.find(cat, lo, hi) for cat in NARROWER) \
            or re.search(r"(?i)\b(?:positions?|spots?|slots?|programs?)\b", r.m[lo:hi]):
        return False
    lo, hi = r._clause(f, u)
    y = _year(r, f, lo, hi)
    if not isinstance(y, Dim):
        return False
    group = groups.pop()
    f.metric = ROLES[t.index(f)]
    f.metric_from = (f"the group's part, whole and rate ({_q(r.m[t[0].start:t[2].end])}: "
                     f"{t[0].stated} / {t[1].stated} is {t[2].stated})")
    f.dims = {"year": y, "applicant_type": Dim(group, "the sentence's one applicant group")}
    return True


# between the last count and the rate that restates them: ", a rate of 79.8%", ", or 79.8%", " (79.8%)"
RATE_OF_COUNTS_RE = re.compile(r"(?i)[^.;:,()%]{0,60}?(?:,\s*(?:or|i\.e\.,?|that\s+is|which\s+is)\s+|,\s*(?:a|the)\s+"
                               r"(?:match\s+)?rate\s+of\s+|\s*\(\s*)")  # (after the last count's own words: " matched to a
# PGY-1 position, a rate of")


def rate_of_counts(r, f: Figure) -> bool:
    """"Of the 47,208 applicants who certified a rank order list, 37,667 matched, a rate of 79.8%": a percentage right
    after a sentence's two counts, read as one group's applicants matched to PGY-1 and its active applicants in one
    year, that is the first over the second to its stated precision, is that group's match rate that year."""
    u = f.ctx
    if u is None or f.unit != "percent" or f.role:
        return False
    counts = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start][-2:]
    if len(counts) != 2 or not RATE_OF_COUNTS_RE.fullmatch(r.m, counts[-1].end, f.start):
        return False
    by = {g.metric: g for g in counts}
    part, whole = by.get("matched_pgy1"), by.get("active_applicants")
    if part is None or whole is None or any(g.role for g in counts) or \
            {k: d.value for k, d in part.dims.items()} != {k: d.value for k, d in whole.dims.items()} or \
            set(part.dims) != {"year", "applicant_type"} or not _said(f, part, whole) or \
            not part.dims["applicant_type"].source.startswith("sentence"):  # (a group its own words name)
        return False
    f.metric = "match_rate_pct"
    f.metric_from = f"the rate of the counts before it ({part.stated} / {whole.stated} is {f.stated})"
    f.dims = dict(part.dims)
    return True
