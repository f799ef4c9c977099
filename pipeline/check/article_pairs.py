"""Pairs of figures that take the readings of the two figures before them (`matchstats check ARTICLE`; the rules are
``pipeline.check.article``).

"In 2024 those numbers were 2,562 and 2,557", "DO seniors: 13.53 vs 5.78", "Among non-U.S.-citizen IMGs the figures
were 7.62 and 3.20", "The year before, the figures were 13.95 and 7.03": a sentence that is only a pair of figures
after words that point back (and a year or subject of its own) reads them as the two figures of the sentence before,
in order, with that year or subject in place of theirs.
"""

from __future__ import annotations

import re

from pipeline.check.article_numbers import AT, STATISTIC, Dim, Figure
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_series import _precision


def _semicolon_clause(r, f: Figure) -> tuple:
    """The part of f's sentence between the semicolons around it ("In pediatrics the medians were 230 and 233; in
    surgery, 256 and 247."), as (start, end)."""
    u = f.ctx
    lo = r.m.rfind(";", u.start, f.start)
    hi = r.m.find(";", f.end, u.end)
    return (lo + 1 if lo >= 0 else u.start), (hi if hi >= 0 else u.end)


def _pair(r, f: Figure, joint, to_end: bool = True) -> list | None:
    """The two figures of f's sentence, or of its part between semicolons (not its paragraph's first), joined by
    ``joint``, f one of them and (with ``to_end``) the sentence or part ending after the second; else None."""
    u = f.ctx
    if u is None or u.kind != "sentence" or f.role:
        return None
    lo, hi = _semicolon_clause(r, f)
    if u.index == 0 and lo == u.start:
        return None
    pair = [g for g in r.unit_figures(f) if g.kind == STATISTIC and lo <= g.start < hi]
    if len(pair) != 2 or f not in pair or not joint.fullmatch(r.m, pair[0].end, pair[1].start) or \
            to_end and not re.fullmatch(r"[\s.;!)]*", r.m[pair[1].end:hi]):
        return None
    return pair


def _pair_before(r, f: Figure, pair: list, same_metric: bool = False) -> list | None:
    """The two figures of the sentence before (or of the part of f's sentence before its semicolon), read (with a
    year, or with one metric for both when ``same_metric``) and in the units of ``pair``; else None."""
    u = f.ctx
    lo, _ = _semicolon_clause(r, f)
    if lo > u.start:
        start = r.m.rfind(";", u.start, lo - 1)
        start = start + 1 if start >= 0 else u.start
        prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and start <= g.start < lo]
    else:
        before = r.block_units[u.block][u.index - 1]
        prev = [g for g in r.figures if g.ctx is before and g.kind == STATISTIC]
        if len(prev) > 2:  # "...; for U.S.-citizen IMGs, 10.06 and 3.63.": the pair after its last semicolon
            prev = [g for g in prev if g.start > r.m.rfind(";", before.start, prev[-1].start)]
    if len(prev) != 2 or not all(g.metric and (same_metric or "year" in g.dims) for g in prev) or \
            same_metric and prev[0].metric != prev[1].metric or [g.unit for g in prev] != [g.unit for g in pair]:
        return None
    return prev


def _take(r, f: Figure, g: Figure, dims: dict, why: str) -> bool:
    """f read as g, with ``dims`` (year first)."""
    f.metric, f.metric_from, f.like = g.metric, f"the same as {g.stated} ({why})", g
    f.dims = {k: dims[k] for k in ("year",) if k in dims} | {k: d for k, d in dims.items() if k != "year"}
    _precision(r, f, f.ctx.start)
    return True


def _as(g: Figure) -> dict:
    return {k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items()}


# "In 2024 those numbers were 2,562 and 2,557": the two figures of the sentence before, in their order, in a year of
# their own
THOSE_NUMBERS_RE = re.compile(r"(?i)\W*(?:in\s+((?:19|20)\d\d)\s*,?\s+)?(?:those|these|the\s+same|the\s+two)\s+(?:two\s+)?"
                              r"(?:numbers|figures|counts|rates)\s+(?:were|was|stood\s+at|came\s+to)\s+(?:only\s+)?")
AND_RE = re.compile(r"\s+and\s+")


def those_numbers(r, f: Figure) -> bool:
    """"... 2,473 positions were unfilled, and 2,512 went into SOAP. In 2024 those numbers were 2,562 and 2,557.": a
    pair that names the two figures of the sentence before takes their readings in order, with its own year."""
    pair = _pair(r, f, AND_RE, to_end=False)
    m = THOSE_NUMBERS_RE.match(r.m, _semicolon_clause(r, f)[0]) if pair else None
    if m is None or pair[0].start != m.end() or not m.group(1):
        return False
    prev = _pair_before(r, f, pair)
    if prev is None:
        return False
    g = prev[pair.index(f)]
    said = _q(m.group().strip())
    return _take(r, f, g, {**_as(g), "year": Dim(int(m.group(1)), f"sentence: {said}")}, said)


PAIR_JOIN_RE = re.compile(r"(?i)\s*(?:vs\.?|versus|against|and|/)\s*")


def subject_pair(r, f: Figure) -> bool:
    """"MD seniors who matched ranked 13.68; those who didn't, 7.03. DO seniors: 13.53 vs 5.78.": a pair with a subject
    of its own (one group or specialty) and no other words takes the two readings of the sentence before, in order."""
    pair = _pair(r, f, PAIR_JOIN_RE)
    if pair is None:
        return False
    lo, _ = _semicolon_clause(r, f)
    subj = [(cat, x) for cat in ("group", "specialty") for x in r.find(cat, lo, pair[0].start)]
    if len(subj) != 1:
        return False
    cat, x = subj[0]
    if not re.fullmatch(r"\W*(?:(?:for|in|among)\s+)?", r.m[lo:x.start]) or \
            not re.fullmatch(r"\s*[:,\-\u2013\u2014]?\s*(?:(?:it\s+)?(?:was|is|were|are)\s+)?", r.m[x.end:pair[0].start]):
        return False
    prev = _pair_before(r, f, pair, same_metric=True)
    if prev is None:
        return False
    g = prev[pair.index(f)]
    dim = "applicant_type" if cat == "group" else "specialty_id"
    if dim not in g.dims or (cat == "group" and x.value not in AT):
        return False
    return _take(r, f, g, {**_as(g), dim: Dim(x.value, f"sentence: {_q(x.text)}")}, "a pair with a subject of its own")


# "Among non-U.S.-citizen IMGs the figures were", "The year before, the figures were", "For DO seniors it was": words
# that point back at the two figures before, after a lead of a year or a subject
POINTS_BACK_RE = re.compile(r"(?i)\s*,?\s*(?:the\s+(?:(?:two|same|corresponding|matching)\s+)?(?:figures|numbers|counts|rates|"
                            r"averages|medians|means|values|scores|lengths)|those|these|they|it)\s+(?:were|was|are|is|"
                            r"stood\s+at|came\s+to)\s+(?:only\s+)?\Z")
LEAD_WORDS_RE = re.compile(r"(?i)(?:\s|,|\bin\b|\bfor\b|\bamong\b|\bacross\b|\bthe\b|\ba\b|\byear\b|\bbefore\b|\bearlier\b|\bmatch\b|"
                           r"\bby\s+comparison\b|\band\b)*")
YEAR_BEFORE_LEAD_RE = re.compile(r"(?i)\b(?:a\s+year\s+(?:earlier|before)|the\s+(?:year|match)\s+before)\b")


def back_pair(r, f: Figure) -> bool:
    """"Among non-U.S.-citizen IMGs the figures were 7.62 and 3.20." after "... matched had ranked 12.02 programs on
    average, against 4.04 for those who did not.": a sentence that is only a lead (a year, "the year before", one
    group or specialty), words that point back and a pair of figures takes the two readings of the sentence before,
    in order, with the lead's year or subject in place of theirs."""
    pair = _pair(r, f, PAIR_JOIN_RE)
    lo = _semicolon_clause(r, f)[0] if pair else 0
    back = POINTS_BACK_RE.search(r.m, lo, pair[0].start) if pair else None
    if back is None or back.end() != pair[0].start:
        return False
    lead = (lo, back.start())
    subj = [(cat, x) for cat in ("group", "specialty") for x in r.find(cat, *lead)]
    years = [y for y in r.years_in(*lead) if y.value is not None]
    rest = "".join(" " if any(x.start <= i < x.end for _, x in subj) or any(y.start <= i < y.end for y in years) else c
                   for i, c in enumerate(r.m[lead[0]:lead[1]], lead[0]))
    if len(subj) > 1 or len(years) > 1 or not LEAD_WORDS_RE.fullmatch(rest) or r.find("state_name", *lead):
        return False
    prev = _pair_before(r, f, pair)
    if prev is None:
        return False
    g = prev[pair.index(f)]
    dims = _as(g)
    said = _q(r.m[lead[0]:back.end()].strip())
    if years:
        dims["year"] = Dim(years[0].value, f"sentence: {said}")
    elif YEAR_BEFORE_LEAD_RE.search(r.m, *lead):
        dims["year"] = Dim(g.dims["year"].value - 1, f"{said}: one year before {g.stated}'s {g.dims['year'].value}")
    elif re.search(r"(?i)\b(?:year|earlier|before)\b", rest):
        return False
    if subj:
        cat, x = subj[0]
        dim = "applicant_type" if cat == "group" else "specialty_id"
        if dim not in g.dims or (cat == "group" and x.value not in AT):
            return False
        dims[dim] = Dim(x.value, f"sentence: {_q(x.text)}")
    return _take(r, f, g, dims, said)
