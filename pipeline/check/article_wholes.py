"""Parts and wholes in an article (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

"A out of B", "A among the B", "A of the B": B is A's whole (``wholes`` in vocabulary.yml: the metric of the
whole by the metric of the part and the whole's noun). "A out of B (C%)", "A of B, or C%": C is the share A / B
(``ratios``). "C% (A out of B)", "C% (A of B)": A and B are the part and the whole of the share C.
"""

from __future__ import annotations

import re

from pipeline.check.article_certainty import Skip
from pipeline.check.article_context import GENERIC
from pipeline.check.article_nouns import _before, noun_of
from pipeline.check.article_numbers import FILLED, STATISTIC, Dim, Figure
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_series import _precision
from pipeline.check.registry import METRICS

FILLED_SHARES = ("img_share_pct", "us_img_share_pct", "non_us_img_share_pct")  # shares of the positions filled


def _whole_of(r, f: Figure, lo: int):
    """In "A out of B" / "A among the B" / "A of the B", B is A's whole: returns A."""
    before = r.m[max(lo, f.start - 24):f.start]
    if not re.search(r"\b(?:out of|among|of the|of all|of its|of their|of a total of)\s+(?:the\s+|a total of\s+|all\s+)?\Z",
                     before) \
            and not re.search(r"\d(?:%|\s+percent)?\s+(?:matched\s+|filled\s+)?of\s+\Z|\d\s*/\s*\Z", before) \
            and not re.search(r"\d%?\s+of\s+(?:[\w\-]+\s+){0,3}?[\w\-]+(?:'s|\u2019s|s')\s+\Z",
                              r.m[max(lo, f.start - 60):f.start]):  # "40.3% of internal medicine's 12,952"
        return None
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and lo <= g.start and g.end <= f.start
            and g.number < f.number]
    if not prev:
        return None
    if prev[-1].metric is None:
        if prev[-1].unit == f.unit and re.fullmatch(r"\s*/\s*|\s*(?:out\s+of|of|among)\s+(?:the\s+|all\s+|its\s+|"
                                                    r"their\s+)?(?:[\w\-]+\s+){0,3}?(?:[\w\-]+(?:'s|\u2019s|s')\s+)?",
                                                    r.m[prev[-1].end:f.start]) and \
                re.match(r"[^,.;:()!?]*?\b(?:went|were|was|are|is|matched|filled|took|taken|held|got)\b",
                         r.m[f.end:f.end + 60]):
            # "5,015 of the 12,439 filled positions went to IMGs": the words after B are A's, and A is not read
            raise Skip(f"the whole of {prev[-1].stated}, which is not read: its words are not this figure's")
        if prev[-1].unit == "percent" and f.unit != "percent" and re.fullmatch(
                r"\s*(?:percent\s+)?of\s+(?:the\s+|all\s+|its\s+|their\s+)?", r.m[prev[-1].end:f.start]) and \
                re.match(r"\s+(?:that|which)\s", r.m[f.end:f.end + 8]):
            # "IMGs filled 40.3% of the 12,439 that were filled", the 40.3% not read: the share's whole, whose verb
            # after it says what the whole counts, not whose part it is
            raise Skip(f"the whole of {prev[-1].stated}, which is not read")
        hi = r._clause(f, f.ctx)[1]
        if re.fullmatch(r"\s*/\s*|\s*(?:out\s+of|of)\s+(?:the\s+)?", r.m[prev[-1].end:f.start]) and not any(
                r.find(f"cue:{c}", f.end, hi) for c in r.v.raw["cues"]):  # "..., and 19,404 out of 20,368 U.S. MD
            raise Skip(f"the whole of {prev[-1].stated}, which is not read, with no verb of its own")  # seniors"
        return None
    f.whole_of = prev[-1]
    return prev[-1]


PEOPLE_PARTS = ("matched_pgy1", "img_matched_pgy1", "preferred_specialty_matched")


def _whole_metric(r, f: Figure, a: Figure, noun):
    wholes = r.v.raw["wholes"].get(a.metric) or {}
    noun = noun or noun_of(r, a, f.ctx.end)[0]
    if noun is None and a.metric in PEOPLE_PARTS and re.fullmatch(r"\s*(?:out\s+of|of)\s+", r.m[a.end:f.start]):
        noun = "people"  # "DO seniors matched: 7,773 of 8,392": people matched of the people of that group
    metric = wholes.get(noun) if noun else (_share_whole(r, a) or wholes.get(noun))  # "C% (A of B)": B is C's whole
    own = re.match(r"\s+(?:[\w\-]+\s+){0,2}?(?:who\s+|that\s+|were\s+)?(matched|registered|certified)\b",
                   r.m[f.end:f.end + 50])
    if own and re.search(r"(?i)\b(?:active|registered)\b", own.group()[:own.start(1) - own.start()]):
        own = None  # "35,984 out of 44,853 active applicants matched": the whole is the active applicants
    lo = r._clause(a, a.ctx)[0]
    verb_before = r.find("cue:share", lo, a.start) or re.search(r"(?i)\b(?:were|was|are|is|made up|numbered)\b",
                                                              r.m[lo:a.start])
    if own and verb_before and noun == "people" and own.group(1) != "certified":
        # "6,653 of the 37,667 applicants matched to PGY-1 positions": the whole says what it counts itself
        if own.group(1) == "matched" and a.metric in ("matched_pgy1", "img_matched_pgy1"):
            if not GENERIC.match(r.m[f.end:f.end + 50].strip()):
                raise Skip(f"the whole of {a.stated}: unsure which group's matched applicants")
            return "matched_pgy1", {**{k: v for k, v in a.dims.items() if k == "year"}, "applicant_type": Dim(
                "all_applicants", f"the whole of {a.stated}: {_q(r.m[f.start:f.end + own.end()])}")}, \
                f"the whole of {a.stated} ({_q(r.m[a.start:f.end + own.end()])})"
        raise Skip(f"the whole of {a.stated}: {own.group(1)} applicants, not the whole of {a.metric}")
    if (metric in (None, "positions") and a.metric in FILLED_SHARES and re.match(r"\s+(?:[\w\-]+\s+){0,3}?positions?\s+(?:that\s+"
                                                                r"were\s+)?filled\b", r.m[f.end:f.end + 50])
            or metric in (None, "positions") and a.metric in (*FILLED_SHARES, "filled")
            and re.match(r"\s+filled\s+(?:[\w\-]+\s+){0,2}?(?:positions|spots|slots|seats)\b", r.m[f.end:f.end + 50])) \
            and noun == "positions":
        metric = "filled"  # "IMGs filled 40.3% of the 12,439 filled positions", "1,482 of 4,552 filled positions":
        # the whole is the positions filled, as the text says
    if metric is None:
        raise Skip(f"the whole of {a.stated} ({a.metric}): no metric for it")
    m = METRICS[metric]
    lost = [k for k in a.dims if k not in m.dims and k != "applicant_type"]
    if lost:  # "categorical surgery filled 99.8% of its 1,400 positions": no whole by program type
        raise Skip(f"the whole of {a.stated} ({a.metric}): the data give {metric} without {', '.join(lost)}")
    dims = {k: v for k, v in a.dims.items() if k in m.dims}
    if "applicant_type" in m.dims and "applicant_type" not in dims:
        dims["applicant_type"] = Dim("all_applicants", f"the whole of {a.stated}: all applicants")
    return metric, dims, f"the whole of {a.stated} ({_q(r.m[a.start:f.end])})"


RATE_OF_RE = re.compile(r"[:,]\s*(?:for\s+)?(?:a|an|the)\s+(?:[\w\-]+\s+){0,2}?rate\s+of\s+(?:just\s+|about\s+)?\Z")


THAT_IS_RE = re.compile(r"(?i)[\W_]*(?:that|this|it)(?:['\u2019]s|\s+is|\s+was|\s+makes)\s+(?:a\s+(?:match\s+)?rate\s+of\s+|"
                        r"just\s+|only\s+)?")


def _ratio(r, f: Figure, lo: int):
    """"A out of B (C%)": C is the share A / B; so is C in a sentence of its own right after ("... 6,653 non-US IMGs
    matched out of 11,465 who certified a rank list. That's 58.0%.")."""
    u = f.ctx
    if f.unit == "percent" and u.kind == "sentence" and u.index > 0 and THAT_IS_RE.fullmatch(r.m, u.start, f.start) and \
            re.fullmatch(r"[\s.!)]*", r.m[f.end:u.end]):
        prev = r.block_units[u.block][u.index - 1]
        pair = next((g for g in reversed(r.figures) if g.ctx is prev and g.whole_of is not None and g.metric), None)
        return _share(r, f, pair) if pair is not None else None
    if f.unit == "percent" and RATE_OF_RE.search(r.m, max(f.ctx.start, f.start - 60), f.start):
        lo = f.ctx.start  # "6,653 ... matched, out of 11,465 who certified a rank order list: a match rate of 58.0%"
    elif f.unit != "percent" or not re.search(r"(?:\(\s*|,\s*or\s+|,\s*that is\s+|,\s*)(?:or\s+|about\s+|roughly\s+|around\s+)?\Z",
                                              r.m[lo:f.start]):
        return None
    pair = next((g for g in reversed(r.unit_figures(f)) if g.whole_of is not None and lo <= g.start
                 and g.end <= f.start and g.metric), None)
    if pair is None or re.search(r"[^,\s],\s*\Z", r.m[lo:f.start]) and \
            not re.fullmatch(r"(?:\s+[\w\-]+){0,3},\s*", r.m[pair.end:f.start]):
        return None  # a bare comma: "179 of 182 pediatric positions filled, 95.3%", right after the pair only
    return _share(r, f, pair)


def _share(r, f: Figure, pair: Figure):
    """The reading of a percentage that is the share of a part (``pair.whole_of``) in its whole (``pair``)."""
    a = pair.whole_of
    f.share_parts = (a, pair)
    metric = next((c for x, y, c in r.v.raw["ratios"] if x == a.metric and y == pair.metric), None)
    if metric is None:
        raise Skip(f"the share {a.stated} / {pair.stated}: no metric for it")
    m = METRICS[metric]
    dims = {k: v for k, v in a.dims.items() if k in m.dims}
    if a.value and pair.value:
        share = 100 * a.value / pair.value
        f.notes.append(f"{a.stated} / {pair.stated} = {float(share):.2f}%")
    return metric, dims, f"the share {a.stated} / {pair.stated}"


def _part_of_share(r, f: Figure, lo: int):
    """"C% (A out of B)", "C% (A of B)": A is the part of the share C (its numerator), read with C's dimensions.

    Only when C was read as a share the data give as a ratio (``ratios``) with one part; returns (metric, dims,
    why) or None."""
    after = r.m[f.end:f.end + 20]
    if f.unit != "count" or not (re.match(r"\s+(?:out\s+of|of)\s+(?:the\s+)?\d|\s*/\s*\d", after) or
                                 re.match(r"\s+(?:matched|filled)\s*\)", after)):
        return None  # "C% (A of B)", "C% (A/B)", "C% (A matched)"
    share = next((g for g in reversed(r.unit_figures(f)) if g.end <= f.start and g.kind == STATISTIC), None)
    between = r.m[share.end:f.start] if share is not None else ""
    colon = re.fullmatch(r"(?:(?![.!?]\s)[^;:()%]){0,140}:\s*", between)  # "58.0% of non-U.S. IMGs ... matched: 6,653 out of"
    if share is None or share.unit != "percent" or not share.metric or (share.start < lo - 80 and not colon) or \
            not (colon or re.fullmatch(r"\s*(?:[\w\-]+\s+){0,4}?\(\s*|\s*,\s*(?:i\.\s?e\.|that\s+is|or|with)\s*,?\s*",
                                       between)):  # "92.6% in 2025 (", "matched to it (", "58.0%, i.e. ", "93.5%, with "
        return None
    parts = {x for x, _, c in r.v.raw["ratios"] if c == share.metric}
    if len(parts) != 1:
        return None
    metric = parts.pop()
    f.share_of = share
    dims = {k: v for k, v in share.dims.items() if k in METRICS[metric].dims}
    return metric, dims, f"the part of {share.stated} ({_q(r.m[share.start:f.end])})"


def _share_whole(r, a: Figure):
    """The whole's metric when its part was read from the share before them ("C% (A of B)"), else None."""
    share = getattr(a, "share_of", None)
    if share is None:
        return None
    wholes = {y for x, y, c in r.v.raw["ratios"] if x == a.metric and c == share.metric}
    return wholes.pop() if len(wholes) == 1 else None


N_EQUALS_RE = re.compile(r"(?i)\(\s*n\s*=\s*\Z")


def _sample_size(r, f: Figure, lo: int):
    """"93.5% for U.S. MD seniors (n = 20,368)": the count after "n =" is the whole the share before it is of
    (a match rate's active applicants, a fill rate's positions); (metric, dims, why) or None."""
    if f.unit != "count" or not N_EQUALS_RE.search(r.m, max(0, f.start - 12), f.start) or \
            re.match(r"\s+(?:of|out\s+of)\s+\d", r.m[f.end:f.end + 12]):  # ("n = 37,667 of 47,208": a part)
        return None
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if not prev or prev[-1].unit != "percent" or not prev[-1].metric or r.m[prev[-1].end:f.start].count("(") != 1 \
            or ")" in r.m[prev[-1].end:f.start]:
        return None
    g = prev[-1]
    wholes = {y for _, y, c in r.v.raw["ratios"] if c == g.metric}
    if len(wholes) != 1:
        return None
    metric = wholes.pop()
    dims = {k: v for k, v in g.dims.items() if k in METRICS[metric].dims}
    return metric, dims, f"the whole of {g.stated} ({_q(r.m[g.start:f.end])})"


# "43,237 positions offered in 2025, but only 40,041 of them were PGY-1", "36,179 filled, of which 33,353 at PGY-1"
LEVEL_OF_THEM_AFTER_RE = re.compile(r"(?i)\s+of\s+(?:them|these|those)\s+(?:were\s+|are\s+|was\s+)?(?:at\s+(?:the\s+)?)?"
                                    r"(PGY-?1|first[-\s]year)\b(?:\s+level)?(?:\s+(?:positions|slots|spots))?\s*(?=[.,;)]|\Z)")
LEVEL_OF_WHICH_RE = re.compile(r"(?i),?\s+of\s+which\s+\Z")
LEVEL_AT_AFTER_RE = re.compile(r"(?i)\s+(?:were\s+)?at\s+(?:the\s+)?(PGY-?1|first[-\s]year)\b(?:\s+level)?\s*(?=[.,;)]|\Z)")
PGY1_OF = {"positions_total": "positions_pgy1", "filled_total": "filled_pgy1"}


def level_part(r, f: Figure) -> bool:
    """A count of positions that is the first-year part of the figure before it, with no verb of its own ("43,237
    positions offered in 2025, but only 40,041 of them were PGY-1"): that figure's measure at the PGY-1 level."""
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if f.unit != "count" or f.role or f.approximate or not prev or not (LEVEL_OF_THEM_AFTER_RE.match(r.m, f.end) or (
            LEVEL_OF_WHICH_RE.search(r.m, prev[-1].end, f.start) and LEVEL_AT_AFTER_RE.match(r.m, f.end))):
        return False
    g = prev[-1]
    if g.metric not in PGY1_OF or not re.fullmatch(r"[^.;:\d]*", re.sub(r"\b(?:19|20)\d\d\b", "", r.m[g.end:f.start])) or "year" not in g.dims:
        return False
    f.metric, f.metric_from, f.like = PGY1_OF[g.metric], f"the first-year part of {g.stated}", g
    f.dims = {"year": g.dims["year"]}  # (where the year of the figure before came from)
    _precision(r, f, f.ctx.start)  # ("more than 40,000 of them were PGY-1": a bound)
    return True


# "Non-US IMGs alone took 3,749 of them", after "IMGs filled 40.3% of IM PGY-1 positions, 5,015 of the 12,952"
GROUP_TOOK_RE = re.compile(r"(?i)\b(?:took|filled|held|claimed|occupied|accounted\s+for|got)\s+(?:only\s+|just\s+|about\s+)?\Z")
OF_THEM_AFTER_RE = re.compile(r"(?i)\s+of\s+(?:them|those|these)\b(?!\s+(?:who|that)\b)")


def group_part(r, f: Figure) -> bool:
    """A count of positions a group took "of them", where "them" are the positions of a specialty or state the
    figure before counts: the positions that group filled there ("In 2025 internal medicine filled 12,439 PGY-1
    positions. Non-U.S.-citizen IMGs took 3,794 of them")."""
    lo = r._clause(f, f.ctx)[0]
    if f.unit != "count" or f.role or not OF_THEM_AFTER_RE.match(r.m, f.end) or \
            not GROUP_TOOK_RE.search(r.m, max(lo, f.start - 30), f.start):
        return False
    groups = {x.value for x in r.find("group", lo, f.start)}
    prev = [g for g in [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start] or _before(r, f)
            if g.unit == "count"]  # (the positions, not a share of them)
    if len(groups) != 1 or not prev or prev[-1].metric not in ("filled", "positions") or \
            not {"specialty_id", "state"} & set(prev[-1].dims) or "year" not in prev[-1].dims:
        return False
    grp, g = groups.pop(), prev[-1]
    if grp not in FILLED:
        return False
    metric = FILLED[grp]
    f.metric, f.metric_from, f.like = metric, f"the part of {g.stated} {grp} took ({_q(r.m[max(lo, f.start - 30):f.end + 9])})", g
    f.dims = {k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items() if k in METRICS[metric].dims}
    _precision(r, f, lo)
    return True
