"""What a figure counts (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

``noun_of``: the noun class of what a count counts (people, positions, matches, a duration, other things), from
the noun or group after it, the whole of "N out of M ...", the figure before it ("of which", "of them") or "the
number of ... was N". ``of_phrase``: what "X% of ..." is a share of (matched applicants, positions, a group of
people).
"""

from __future__ import annotations

import re

from pipeline.check.article_numbers import STATISTIC, STOP, Dim, Figure, quote


def noun_of(r, f: Figure, hi: int):
    """The noun class of what the figure counts: the noun (or group) after it, within three words, or after
    the whole of "N out of M ..."."""
    for start in (f.end, after_whole(r, f, hi)):
        if start is None:
            continue
        win_end = min(hi, start + 60)
        stop = re.search(r"[,;:()!?]|(?<!\b[A-Za-z])\.(?=\s|\Z)", r.m[start:win_end])  # not "U.S."
        win_end = start + stop.start() if stop else win_end
        cands = [(m, "people" if cat == "group" else m.value) for cat in ("noun", "group")
                 for m in r.find(cat, start, win_end)
                 if not (m.value == "duration" and (re.search(
                     r"(?i)\b(?:first|second|third|PGY|this|last|next|that|the\s+same|previous|each|every|per)[\s\-]*\Z",
                     r.m[max(0, m.start - 14):m.start]) or re.match(r"\s+(?:before|earlier)\b", r.m[m.end:m.end + 9])))
                 and not (cat == "group" and m.text.lower() == "overall")]  # "Filled: 40,764 overall": no noun
        for m, cls in sorted(cands, key=lambda c: c[0].start):
            gap = r.m[start:m.start].lower().replace("-", " ").split()
            if len(gap) <= 3 and not STOP & set(gap) and not (gap and gap[-1] in ("a", "an") and cls != "duration") \
                    and not re.search(r"(?<![\w-])\d+(?:,\d{3})*(?![\w-])", r.m[start:m.start]):  # ("243 open across 210
                # programs": the 210's noun; not the 1 of "PGY-1")
                return cls, m  # ("20,368 finding a position": one position is what each found, not what is counted)
            break
        who = re.match(r"\s*(?:who|that)?\s*(?:went\s+on\s+to\s+|then\s+)?(matched|registered|certified|submitted|applied|ranked|"
                       r"match|register|certify|submit|matching|registering|certifying|went unmatched|"
                       r"did not match|did not|didn't|were matched|were not matched|were active|was active|were registered)\b"
                       r"|\s*(?:who|that)\b", r.m[start:win_end])
        if who:  # "37,667 matched", "the 11,465 who certified ...": people
            return "people", None
        if re.match(r"\s*(?:were|was|went|remained|stayed)\s+(?:\w+\s+)?(?:filled|offered|unfilled|open|vacant|left)\b"
                    r"|\s*(?:filled|unfilled)\s+(?:overall|in\s+all|in\s+total|altogether)\b",
                    r.m[start:win_end]):  # "... and 37,667 were filled", "40,674 filled overall": positions
            return "positions", None
    # "offered 11,347 positions and filled 10,979": the noun of the figure before, with another verb
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if prev and re.search(r"\bof (?:which|whom|them|these)\b[^.;:]{0,50}\Z", r.m[prev[-1].end:f.start]):
        return noun_of(r, prev[-1], f.start)  # "12,952 positions, of which IMGs filled 5,015"
    if prev and re.match(r"\s+(?:were\s+)?(?:filled|offered|unfilled|left unfilled|went unfilled)\b", r.m[f.end:hi]):
        cls, m = noun_of(r, prev[-1], f.start)  # "38,494 positions offered; 35,984 filled"
        if cls == "positions":
            return cls, m
    if prev and re.fullmatch(r"\s+(?:[\w\-]+\s+){1,6}(?:and|but|yet)\s+(?:\w+\s+)?(?:filled|offered|matched|had|left)\s+",
                             r.m[prev[-1].end:f.start]):
        cls, m = noun_of(r, prev[-1], f.start)
        if cls == "positions":
            return cls, m
    # "40,041 of them": what the previous figure of the sentence counts
    them = re.match(r"\s*of\s+(?:them|these|those|whom|which)\b\s*", r.m[f.end:hi])
    if them:
        rest = f.end + them.end()
        own = [(m, "people" if cat == "group" else m.value) for cat in ("noun", "group")
               for m in r.find(cat, rest, min(hi, rest + 30)) if m.start == rest]
        if own:  # "40,041 of those positions were PGY-1"
            return own[0][1], own[0][0]
        if re.match(r"(?:who\s+)?(?:matched|registered|certified|submitted|ranked|went\s+unmatched|did\s+not|didn't|"
                    r"(?:were\s+|was\s+)?(?:active|registered|matched)\b|"  # "4,587 of them were active"
                    r"got|landed|secured|found|obtained)\b", r.m[rest:hi]):  # "47,208 of them certified a rank order list"
            return "people", None
        prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start] or _before(r, f)
        if prev:
            cls, m = noun_of(r, prev[-1], prev[-1].ctx.end)
            if cls == "other:programs" and re.match(r"\s*(?:were\s+|was\s+)?(?:filled|offered|unfilled|left)\b", r.m[rest:hi]):
                return "positions", None  # "... in 251 programs, and 673 of them were filled": positions
            return cls, m
    # "Florida offered 2,995", "and filled 1,709": what is offered or filled is positions
    if f.unit == "count" and re.search(r"(?i)\b(?:offered|filled|offering|filling)\s+(?:only\s+|just\s+|all\s+)?\Z",
                                       r.m[max(0, f.start - 25):f.start]):
        return "positions", None
    # "the number of U.S.-citizen IMGs who matched was 3,108": the noun before
    m = re.search(r"\b(?:number|count|total)\s+of\s+(?:the\s+)?", r.m[f.ctx.start:f.start])
    if m and re.search(r"\b(?:was|were|is|are|stood at|reached|came to|totaled|totalled)\s*\Z|:\s*\Z", r.m[:f.start]):
        a = f.ctx.start + m.end()
        hits = sorted([(x, "people" if cat == "group" else x.value) for cat in ("noun", "group")
                       for x in r.find(cat, a, f.start)], key=lambda c: c[0].start)
        if hits and hits[0][0].start - a <= 20:
            return hits[0][1], hits[0][0]
    return None, None


def _before(r, f: Figure) -> list:
    """The figures of the unit before f's: the sentence before in its paragraph, or the list item before."""
    u = f.ctx
    if u is None or u.block is None:
        return []
    if u.index > 0:
        prev = r.block_units[u.block][u.index - 1]
    elif u.block > 0 and r.doc.blocks[u.block].kind == "item" and r.doc.blocks[u.block - 1].kind == "item":
        prev = (r.block_units.get(u.block - 1) or [None])[-1]
    else:
        return []
    return [g for g in r.figures if g.ctx is prev and g.kind == STATISTIC] if prev is not None else []


def after_whole(r, f: Figure, hi: int):
    m = re.match(r"\s*(?:out of|of the|among the|among|of)\s+(?:the\s+|a total of\s+|all\s+)?(?:\d{1,3}(?:,\d{3})+|\d+)"
                 r"(?:\.\d+)?", r.m[f.end:hi])
    return f.end + m.end() if m else None


def of_phrase(r, f: Figure, hi: int):
    """What "X% of ..." is a share of: matched applicants, positions, a group of people, or a topic."""
    them = re.match(r"\s*of\s+(?:them|these|those)\s+(?:(?:filled|taken|held)\s+)?(?:with|by|to|went\s+to)\s+",
                    r.m[f.end:hi])
    if them:  # "3,928 positions, 14.4% of them with IMGs": a share of what the figure before counts, by the group
        prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == "count"]
        a = f.end + them.end()
        grp = [x for x in r.find("group", a, min(hi, a + 60)) if x.start == a]
        if prev and grp and noun_of(r, prev[-1], f.start)[0] == "positions":
            return "positions", Dim(grp[0].value, f"sentence: {quote(r.m[f.start:grp[0].end])}")
    m = re.match(r"\s*\)?\s*(?:of|among)\s+(?:the\s+|all\s+|those\s+|these\s+|its\s+|their\s+)?", r.m[f.end:hi])
    if not m:
        return None, None
    a = f.end + m.end()
    stop = re.search(r"[,;:()!?]|\.(?=\s|\Z)|\b(?:in|for|and|was|were|is|are|compared|while|but)\b",
                     r.m[a:min(hi, a + 70)])
    b = a + (stop.start() if stop else min(hi, a + 70) - a)
    who = re.match(r"[^,.;:()!?]*?\b(?:who|that)\s+(?:\w+\s+){0,2}?matched\b", r.m[a:min(hi, a + 90)])
    if r.find("cue:matched_people", a, b) or who:
        return "matched_people", None
    if r.find("cue:unmatched", a, b):
        return "unmatched_people", None
    # the first thing named decides: "of family-medicine spots" (positions), "of non-U.S. IMGs matched to a
    # position" (people)
    hits = sorted([(m, {"people": "people", "positions": "positions", "matches": "matched_people"}.get(m.value))
                   for m in r.find("noun", a, b)] + [(m, "group") for m in r.find("group", a, b)]
                  + [(m, "positions") for m in r.find("specialty", a, b)], key=lambda h: h[0].start)
    hits = [h for h in hits if h[1]]
    if not hits:
        return None, None
    m, what = hits[0]
    if what in ("positions", "matched_people"):  # "25.9% of all PGY-1 matches": a share of the matched
        return what, None
    return "people", (Dim(m.value, f"sentence: {quote(r.m[f.start:m.end])}") if what == "group" else None)


def caption_noun(r, f: Figure):
    """What a table cell counts when its column header and row name nothing it could count ("| California |" under
    "Table 2. Positions offered, 2025"; "| U.S. |" under "IMGs' share of PGY-1 positions filled (%)": a share of
    positions): the one noun of the table's caption, as (noun class, mention), else None."""
    u = f.ctx
    labels = [(a, b) for lab, a, b in u.extra if lab in ("column header", "row")]
    cap = next(((a, b) for lab, a, b in u.extra if lab == "table caption"), None)
    if cap is None or any(r.find("noun", a, b) or r.find("group", a, b) or
                          any(r.find(f"cue:{c}", a, b) for c in r.v.raw["cues"]) for a, b in labels):
        return None
    nouns = [m for m in r.find("noun", *cap) if m.value in ("positions", "people")]  # (not "by program type")
    if len({m.value for m in nouns}) != 1 or r.find("group", *cap) and f.unit != "percent":
        return None
    return nouns[0].value, nouns[0]


def lead_in_noun(r, f: Figure):
    """What a list item that is only a year or a label and a figure counts ("- 2025: 40,041" under "PGY-1 positions
    offered:", "- Family medicine: 626."):
    the one noun of the list's lead-in, as (noun class, mention), else None."""
    u = f.ctx
    if u is None or u.kind != "sentence" or r.doc.blocks[u.block].kind != "item" or not re.fullmatch(
            r"[\W_]*(?:(?:19|20)\d\d\s*[:\-\u2013\u2014]\s*|[^\d:;.]{2,40}:\s*)?", r.m[u.start:f.start]) or \
            not re.fullmatch(r"[\s.;,]*", r.m[f.end:u.end]):
        return None
    lead = next(((a, b) for lab, a, b in u.extra if lab == "list lead-in"), None)
    nouns = [m for m in r.find("noun", *lead) if m.value in ("positions", "people")] if lead else []
    return (nouns[0].value, nouns[0]) if len({m.value for m in nouns}) == 1 else None


WENT_TO_RE = re.compile(r"(?i)\s(?:went|were\s+given|were\s+awarded)\s+to\s+(?:the\s+)?\Z|\swere\s+(?:filled|taken)\s+by\s+(?:the\s+)?\Z")
# (a finite verb: not "72 of the 75 positions filled by IMGs", whose words are the whole's)


def went_to(r, f: Figure, hi: int):
    """"229 of the 507 filled IM positions there went to non-US IMGs": the group the positions went to, later in the
    figure's clause with no other figure between, is the figure's own."""
    x = next((x for x in r.find("group", f.end, min(hi, f.end + 90)) if WENT_TO_RE.search(r.m, f.end, x.start)), None)
    if x is None or any(g is not f and g.kind == STATISTIC and f.end <= g.start < x.start and
                        not re.match(r"\s*(?:out\s+)?of\s+(?:the\s+)?\Z", r.m[f.end:g.start]) for g in r.unit_figures(f)):
        return None
    return Dim(x.value, f"sentence: {quote(r.m[f.start:x.end])}")
