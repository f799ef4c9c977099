"""Where a figure's dimensions come from (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

The windows a dimension or cue may come from (the clause, the sentence, a table cell's headers, a list's lead-in,
a question before its answer, the previous sentence when this one refers back), whose mention is whose (another
figure's own group, the words of another figure's clause) and "applicants" without a group. The section's
specialty or group and a text's scope statement are ``pipeline.check.article_sections``; the year is
``pipeline.check.article_years``; the other readings the text offers, ``pipeline.check.article_alternatives``.
"""

from __future__ import annotations

import re

from pipeline.check.article_certainty import Skip
from pipeline.check.article_numbers import STATISTIC, Dim, Figure, Mention
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_patterns import ATTACHED_RE, NATIONAL_ALL_RE, NATIONWIDE_RE, STATE_OF_NEXT_RE
from pipeline.check.article_sections import _group_heading, _section_group, list_sentence_lead, scope_group
from pipeline.check.article_tables import cell_windows, later_columns
from pipeline.check.article_years import _year
from pipeline.check.registry import METRICS


def _windows(r, f: Figure, lo: int, hi: int) -> list:
    """Where a dimension or cue may come from, in order: the clause, the sentence, the table cell's header,
    row and caption or a list item's label (its first, short sentence) and lead-in, and the previous sentence when
    this one refers back to it."""
    u = f.ctx
    end = u.end
    if u.kind == "sentence" and hi < u.end and re.match(r"\s(?:and|while|but|whereas)\s+(?:[a-z]+\s+){0,2}\d[\d,.]*(?:\s*%|"
                                                      r"\s+percent)?\s+of\s+(?:them|those|these)\b", r.m[hi:hi + 60]):
        end = hi  # "40,041 PGY-1 positions and 37,667 of them were filled", "had 1,597 positions and filled 90.9% of
        # them": the rest of the sentence is the part's
    out = [("sentence", lo, hi), ("sentence", u.start, end)] + cell_windows(r, u)
    label = block_label(r, u)
    if label is not None:  # "- **Neurology.** 513 applicants, 215 matched": the item's (or paragraph's) label
        out.insert(2, ("item label", *label))
    lead = list_sentence_lead(r, u)
    if lead is not None:  # "... by specialty. Internal medicine 40.3%, family medicine 31.3%.": like a list's items
        out.append(("list lead-in", *lead))
    later = [g.start for g in r.unit_figures(f) if g.kind == STATISTIC and g.start > f.end]
    own_hi = min([hi] + later)  # "offered 38,106 positions and filled 36,719 of them": the "them" is the 36,719's
    back = r.find("anaphora", u.start, own_hi) if u.kind == "sentence" else []
    them = u.kind == "sentence" and OF_THEM_RE.match(r.m, f.end) and not any(  # "- **47,208** of them certified a
        g.kind == STATISTIC and g.end <= f.start for g in r.unit_figures(f))  # rank order list": them, in the one before
    if back or them:
        prev = r.block_units[u.block][u.index - 1] if u.index > 0 else None
        if prev is None and them and r.doc.blocks[u.block].kind == "item" and u.block > 0 and \
                r.doc.blocks[u.block - 1].kind == "item":  # the list item before
            prev = (r.block_units.get(u.block - 1) or [None])[-1]
        if prev is None and u.block > 0 and r.doc.blocks[u.block - 1].kind in ("paragraph", "item") and \
                not r.doc.conversation and any("comparison" in m.text.lower() for m in back):
            # "2024 for comparison: DO seniors 92.3%" opening a paragraph compares with the paragraph before
            prev = (r.block_units.get(u.block - 1) or [None])[-1]
        if prev is not None:
            out.append((f"earlier sentence: {_q(r.excerpt(prev.start, prev.end))}", prev.start, prev.end))
        if them and prev is not None and re.search(r"\b(?:filled|took|held|occupied)\s+\Z", r.m[lo:f.start]) and \
                not [m for m in r.find("noun", u.start, f.start) if m.value == "positions"] and not any(
                g.kind == STATISTIC and g.end <= f.start for g in r.unit_figures(f)) and not any(
                g.kind == STATISTIC for g in r.figures if prev.start <= g.start < prev.end):
            # "Who takes these spots? In 2025, U.S. MD seniors filled 1,433 of them": positions no figure counts
            raise Skip(f"unsure what {_q(r.m[f.end:f.end + 12].strip())} counts: no figure before it says")
    return out


def block_label(r, u):
    """(start, end) of the short first sentence that labels the list item or paragraph of unit u ("**Texas.**",
    "**Neurology.**"), when u is a later sentence of it; else None."""
    if u.kind != "sentence" or u.index == 0 or r.doc.blocks[u.block].kind not in ("item", "paragraph"):
        return None
    first = r.block_units[u.block][0]
    words = r.m[first.start:first.end].split()
    if not words or len(words) > 5:
        return None
    blk = r.doc.blocks[u.block]
    raw = r.doc.text[blk.start:first.end + 2].strip()  # (with the bold's closing marks after the sentence's end)
    if blk.kind == "paragraph" and not re.fullmatch(r"(?:\*\*|__)[^*_]+(?:\*\*|__)\s*[.:]?|(?:\*\*|__)[^*_]+[.:](?:\*\*|__)", raw):
        return None  # a paragraph's label is set apart, in bold: "**Texas.** Texas filled ..."
    return first.start, first.end


CAPTION_CLAUSE_RE = re.compile(r";|[.!?](?=\s)")


def about_another_measure(r, f: Figure, m: Mention, label: str, a: int, b: int) -> bool:
    """Whether a mention in a table's caption or a list's lead-in stands in a clause about another measure than the
    figure's: in "Match rates are first-year (PGY-1) match rates; fill rates count all program types", the PGY-1 is
    the match rates', not that of a "Positions offered" row (its own cell and headers name no match rate)."""
    if label not in ("table caption", "list lead-in") or f.ctx is None:
        return False
    cuts = [a] + [x.end() for x in CAPTION_CLAUSE_RE.finditer(r.m, a, b)] + [b]
    lo = max(c for c in cuts if c <= m.start)
    hi = min(c for c in cuts if c >= m.end)
    classes = r.v.raw["cues"]
    theirs = {c for c in classes if r.find(f"cue:{c}", lo, hi)}
    u = f.ctx
    own = [(u.start, u.end)] + [(x, y) for lab, x, y in u.extra if lab in ("column header", "row", "parent item")]
    mine = {c for c in classes for x, y in own if r.find(f"cue:{c}", x, y)}
    if not mine and not any(r.find(f"cue:{c}", x, y) for c in classes for x, y in zip(cuts, cuts[1:]) if (x, y) != (lo, hi)):
        return False  # "Table 1. IMGs' share of PGY-1 positions filled (%)": the one measure the caption names is the table's
    return bool(theirs) and not theirs & mine


def _label(label: str, m: Mention, r, lo: int, hi: int) -> str:
    if label.startswith("earlier sentence"):
        return f"{label} ({_q(m.text)})"
    return f"{label}: {_q(r.words(m.start, m.end, 1, lo, hi) if label == 'sentence' else m.text)}"


def _owned(r, f: Figure, m: Mention) -> bool:
    """A group that is another figure's own noun ("9,800 IMGs", "58% of non-U.S. IMGs", "14.4% of them with IMGs")
    belongs to it."""
    for g in r.unit_figures(f):
        if g is not f and g.kind == STATISTIC and 0 <= m.start - g.end <= 24 and \
                re.fullmatch(r"\s*(?:of\s+(?:the\s+|all\s+|(?:them|those)\s+(?:(?:\w+\s+)?(?:with|by|to)\s+)?)?|among\s+)?",
                             r.m[g.end:m.start]):  # "3,928 positions, 14.4% of them (filled) with IMGs"
            return True
    return False


# cues that make a figure another metric altogether: only from its own clause (or one without a figure)
OWN_CUES = ("soap", "unfilled", "registered", "active", "offered", "fill_rate", "step2", "preferred", "unmatched",
            "filled")


def _anothers_word(r, f: Figure, m: Mention) -> bool:
    """A cue word right after another figure is that figure's ("3,068 positions, 97.9% filled"), and so is one
    that describes the whole of "A of the B positions offered were filled" (offered is B's, filled is A's), and a verb
    right before a later figure after "and" ("listed 2,972 positions and filled 2,447": filled is the 2,447's)."""
    if m.start >= f.end and any(g is not f and g.kind == STATISTIC and g.start >= m.end and (
            g.unit == "percent" or g.value is not None and g.value >= 100  # (not a footnote's: "did not 7 .")
            or re.search(r"(?:\band|,)\s+$", r.m[max(0, m.start - 6):m.start]))  # "22 positions and filled 21"
            and re.fullmatch(r"\s{1,2}(?:at\s+)?", r.m[m.end:g.start]) for g in r.unit_figures(f)):
        return True  # ("its 25 preliminary positions filled 92.0%", "305 advanced positions filled at 99.7%")
    if m.end <= f.start and re.fullmatch(r"\s*,?\s*(?:and|but|while|whereas)\s+", r.m[m.end:f.start]) and \
            any(g is not f and g.kind == STATISTIC and g.end <= m.start for g in r.unit_figures(f)):
        return True  # "47,208 people certified a rank order list and 9,541 of them did not match"
    for g in r.unit_figures(f):
        if g is not f and g.kind == STATISTIC and f.end <= g.start and g.end <= m.start and re.fullmatch(
                r"\s+(?:people\s+|applicants\s+)?(?:out of|of|among)\s+(?:the\s+|all\s+)?", r.m[f.end:g.start]) and \
                re.fullmatch(r"\s+(?:[\w\-]+\s+){0,2}?(?:who|that)\s+", r.m[g.end:m.start]):
            return True  # "37,667 people out of 47,208 who certified a list": the whole's relative clause
        if g is not f and g.kind == STATISTIC and f.end <= g.start and g.end <= m.start and \
                re.fullmatch(r"\s*(?:out of|of|among)\s+(?:the\s+|all\s+)?", r.m[f.end:g.start]) and \
                re.fullmatch(r"\s+(?:[\w\-]+\s+){0,3}", r.m[g.end:m.start]) and \
                not re.search(r"(?i)\b(?:were|was|are|is|had|have|has)\b", r.m[g.end:m.start]) and \
                re.match(r"(?i)\s*(?:were|was|are|is|have been|had been)\b", r.m[m.end:m.end + 15]):
            return True
    return any(g is not f and g.kind == STATISTIC and g.end <= m.start and re.fullmatch(r"\s{0,2}", r.m[g.end:m.start])
               and not (  # "6,653 of 11,465 matched"
        f.end <= g.start and re.fullmatch(r"\s*(?:out of|of|among)\s+(?:the\s+|all\s+)?", r.m[f.end:g.start]))
        for g in r.unit_figures(f))


def _in_other_figures_clause(r, f: Figure, m: Mention) -> bool:
    """The mention stands in another clause of the sentence, one that has a figure of its own ("In 2025, 58% of
    non-US IMGs matched, and IMGs filled 40% of internal medicine positions": internal medicine is the 40%'s)."""
    lo, hi = r._clause(f, f.ctx)
    if lo <= m.start < hi:
        return False
    for g in r.unit_figures(f):
        if g is not f and g.kind == STATISTIC:
            a, b = r._clause(g, g.ctx)
            if a <= m.start < b and not (a <= f.start < b):
                return True
    return False


# "## 1. The overall picture": "overall" says what kind of picture, not whose figures
OVERALL_NOT_GROUP_RE = re.compile(r"(?i)\s+(?:picture|trends?|view|outlook|summary|context|story|landscape|look|"
                                  r"patterns?|lessons?|message|takeaways?|numbers|figures|data|impression)\b")


def _qualifier(r, m: Mention) -> bool:
    """"IMGs overall": "overall" qualifies the group before it; "the overall picture" another noun: neither is all
    applicants."""
    return m.value == "all_applicants" and m.text.lower() == "overall" and (bool(
        [x for x in r.find("group", max(0, m.start - 40), m.start) if re.fullmatch(r"\s{0,2}", r.m[x.end:m.start])])
        or bool(OVERALL_NOT_GROUP_RE.match(r.m, m.end)))


# "Pediatrics filled 96.4 percent of its 194 slots, and IMGs took 44.2 percent of them": "them" are the slots of
# the clause before, in that clause's specialty
OF_THEM_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+of\s+(?:them|those|these)\b")


def _state_of_next(r, f: Figure, x: Mention) -> bool:
    """A state right before another figure, in a comparison after this one ("..., above the share in Ohio, 31.5%"), is
    that one's."""
    figures = [g for g in r.unit_figures(f) if g.kind == STATISTIC]
    def own_state_after(g) -> bool:  # "... in New York, 22.4% in California": the 22.4% has its own
        return any(re.fullmatch(r"(?:\s*%|\s+percent)?\s*", r.m[g.end:y.start]) for y in r.find("state", g.end, g.end + 24))

    return x.start > f.end and not any(f.end <= g.start < x.start for g in figures) and \
        re.search(r"(?i)\b(?:above|below|than|against|compared|versus|vs\.?|while|whereas|but)\b", r.m[f.end:x.start]) and any(
        g.start >= x.end and STATE_OF_NEXT_RE.fullmatch(r.m, x.end, g.start) and not own_state_after(g)
        for g in figures) and not \
        (ATTACHED_RE.fullmatch(r.m, f.end, x.start) or re.fullmatch(r"(?:\s*%|\s+percent)?\s*", r.m[f.end:x.start]))
    # (not "92.5% in Michigan, 93.5% in Pennsylvania": Michigan is the 92.5%'s)


def _state_after_other(r, f: Figure, x: Mention) -> bool:
    """A state right after another figure is that figure's: "..., 48.5% in Michigan and 29.6% in Texas", and "filled
    79.2% here against 82.6% in Ohio" (but a clause about the place is its own too: "94.2% in Illinois, where IMGs
    took 35 of the 145 filled")."""
    return any(g is not f and g.kind == STATISTIC and g.end <= x.start and
               re.fullmatch(r"(?:\s*%|\s+percent)?\s*", r.m[g.end:x.start]) for g in r.unit_figures(f)) and \
        not (x.end <= f.start and re.match(r"\s*,\s*where\b", r.m[x.end:f.start]))


def said_nationwide(r, f: Figure) -> bool:
    """The figure's clause says it is national ("and nationally IMGs filled 40.3%"), not after or before another
    figure ("77 of 106 positions (72.6%), below the 83.2% that ... filled across the country")."""
    lo, hi = r._clause(f, f.ctx)
    others = [g for g in r.unit_figures(f) if g is not f and g.kind == STATISTIC]
    return any(not any(min(f.end, m.end()) <= g.start and g.end <= max(f.start, m.start()) for g in others)
               for m in NATIONWIDE_RE.finditer(r.m, lo, hi))


def _explains_group(r, f: Figure, x: Mention) -> bool:
    """A group in an aside right after another group explains that one ("IMGs, counting U.S. citizens who studied
    abroad and non-U.S. citizens together, took 565"): it is not the figure's."""
    u = f.ctx
    a = r.m.rfind(",", u.start, x.start)
    if a < 0 or not any(re.fullmatch(r"(?i)(?:\s+as\s+a\s+whole|\s+together|\s+combined)?\s*", r.m[g.end:a])
                        for g in r.find("group", max(u.start, a - 40), a)):  # ("IMGs as a whole, citizens and non-")
        return False
    b = r.m.find(",", x.end, u.end)
    return b >= 0 and not any(a < g.start < b for g in r.unit_figures(f) if g.kind == STATISTIC)


INCLUDING_RE = re.compile(r"(?i)\s*(?:including|counting|such\s+as|as\s+well\s+as|among\s+them)\b")


def _included_aside(r, f: Figure, x: Mention) -> bool:
    """The mention stands in an aside that lists who is included ("Across everyone who took part, including
    graduates of earlier years and international graduates, the rate is lower: 79.8% ..."), which the figure is not
    in: a part of the figure's people, not its group."""
    u = f.ctx
    a = r.m.rfind(",", u.start, x.start)
    if a < 0 or not INCLUDING_RE.match(r.m, a + 1):
        return False
    ends = [i for i in (r.m.find(",", x.end, u.end), r.m.find(":", x.end, u.end)) if i >= 0]
    return bool(ends) and not a < f.start < min(ends)


def _bracketed_aside(r, f: Figure, x: Mention) -> bool:
    """The mention stands in brackets of its sentence that the figure is not in."""
    u = f.ctx
    a = r.m.rfind("(", u.start, x.start)
    b = r.m.find(")", x.end, u.end)
    return a >= 0 and b >= 0 and ")" not in r.m[a:x.start] and "(" not in r.m[x.end:b] and not a < f.start < b


def _both(p, bad):
    """The mention filter p (None: any mention) that also turns away the mentions bad accepts."""
    return (lambda x: not bad(x)) if p is None else (lambda x: p(x) and not bad(x))


def _attached_to_other(r, f: Figure, x: Mention) -> bool:
    """A mention right after another figure ("56.4% in internal medicine") is that figure's."""
    return any(g is not f and g.kind == STATISTIC and g.end <= x.start and ATTACHED_RE.fullmatch(r.m, g.end, x.start)
               for g in r.unit_figures(f))


def _first(r, cat: str, windows: list, f: Figure, pred=None) -> Dim | None:
    """The nearest mention in the first window that has one; beyond the clause, one before the figure first
    and, for groups, not another figure's own."""
    for i, (label, a, b) in enumerate(windows):
        m = None
        p = pred
        if cat == "group":
            p = _both(p, lambda x: _qualifier(r, x))
        if cat == "group":  # "IMGs, counting U.S. citizens ... and non-U.S. citizens together, took 31.5%"; "(39
            p = _both(p, lambda x: _explains_group(r, f, x) or _bracketed_aside(r, f, x)  # residents, 35 of them
                      or _included_aside(r, f, x))  # U.S. citizens), well above the national share of 40.3%": an
            # aside in brackets the figure is not in; "Across everyone, including ... international graduates, ..."
        if cat == "group" and (i > 0 or getattr(f, "_counts_positions", False)):
            # "1,427 IMGs in 4,552 filled positions": IMGs are the 1,427's, not the 4,552's
            their = r.find("anaphora", r._clause(f, f.ctx)[0], f.start) if f.ctx.kind == "sentence" else []
            p = _both(_both(pred, lambda x: _qualifier(r, x) or _included_aside(r, f, x)),  # ("4,028 non-U.S. IMGs
                      lambda x: _owned(r, f, x) and not (their and x.end <= their[0].start or x.end <= f.start and
                                                         f.unit == "percent" and f.ctx.kind == "sentence" and
                                                         APPOSITIVE_RE.search(r.m, max(f.ctx.start, f.start - 24),
                                                                              f.start)))  # matched; their rate
            # was 56.9%": "their" is the group of the figure before) (beyond the clause, a
            # group in brackets may name the one the words before it describe: "U.S. citizens who studied abroad
            # (U.S.-citizen IMGs) matched at 53.9%")
        elif cat == "group":  # "their share was 14.9%, made up of 315 U.S.-citizen IMGs and 113 non-U.S.-citizen
            # IMGs": a group after the figure that is a later figure's own noun is that figure's
            p = _both(p, lambda x: x.start > f.end and _owned(r, f, x))
        if cat == "group" and label == "column header" and any(
                x.value != "all_applicants" for lab, c, d in f.ctx.extra if lab == "row" for x in r.find("group", c, d)):
            # "| Non-U.S.-citizen IMGs | 58.5% |" under "| Headline match rate |": the row's group, not all applicants
            p = _both(p, lambda x: x.value == "all_applicants")
        whole = i > 0 and (a, b) == (f.ctx.start, f.ctx.end)  # the figure's whole sentence
        appositive = cat == "group" and f.unit == "percent" and f.ctx.kind == "sentence" and \
            APPOSITIVE_RE.search(r.m, max(f.ctx.start, f.start - 24), f.start)  # ("6,653 of them matched: 58.0%")
        if whole and cat in ("group", "specialty", "program_type", "state") and not appositive and \
                (cat == "state" or not r.find("anaphora", r._clause(f, f.ctx)[0], f.start)) and not (
                    cat == "specialty" and OF_THEM_RE.match(r.m, f.end)):  # "those who did not": the referent
            # not a mention in a clause of another figure (a state that opens the sentence sets the scene for all
            # its clauses: "In Pennsylvania IM, ...; family medicine filled 296 of 345")
            p = _both(p, (lambda x: x.start > f.end and _in_other_figures_clause(r, f, x)) if cat in ("state", "specialty")
                      else (lambda x: _in_other_figures_clause(r, f, x)))
        elif whole and cat in ("group", "specialty", "program_type"):
            # "In 2024 it filled 52.3% ..., while categorical surgery filled 99.7%": "it" never refers forward
            p = _both(p, lambda x: x.start > f.end and _in_other_figures_clause(r, f, x))
        if cat in ("specialty", "program_type") and later_columns(r, f, label, cat):  # "The last column is the fill
            continue  # rate of family medicine's categorical programs" over "| Positions offered, all levels |"
        if cat == "specialty" and f.ctx.kind == "sentence":  # "IMGs filled 43.2% of the state's positions, 56.4% in
            p = _both(p, lambda x: _attached_to_other(r, f, x))  # internal medicine and 64.9% in pediatrics"
        if cat == "specialty" and f.ctx.kind == "sentence" and label == "sentence" and _listed_elsewhere(r, f):  # "40.3% ... in internal medicine, 33.1% in
            p = _both(p, lambda x: True)  # family medicine ...; by state, their share ranged from 15.2% in California"
        if whole and cat == "specialty" and NATIONAL_ALL_RE.search(r.m, *r._clause(f, f.ctx)):
            # "internal medicine filled 96.8% ..., and nationally 94.1% of all PGY-1 positions were filled"
            p = _both(p, lambda x: _in_other_figures_clause(r, f, x))
        if whole and cat == "state" and said_nationwide(r, f):
            # "In New York, IMGs filled 51.7% of ..., and nationally IMGs filled 40.3% of ...": not New York's
            own = r._clause(f, f.ctx)
            p = _both(p, lambda x: not own[0] <= x.start < own[1])
        if cat == "state" and f.ctx.kind == "sentence":  # "43.2% ..., well above the share in Ohio, 31.5%": Ohio's
            p = _both(p, lambda x: _state_of_next(r, f, x)  # is the 31.5%
                      or _state_after_other(r, f, x))  # "IMGs filled 31.3% ..., 48.5% in Michigan": the 48.5%'s
        if cat == "level" and label in ("table caption", "list lead-in"):
            p = _both(p, lambda x, _l=label, _a=a, _b=b: about_another_measure(r, f, x, _l, _a, _b))
        if i > 0 and a <= f.start < b:
            m = r.nearest(cat, a, f.start, f, p)
        m = m or r.nearest(cat, a, b, f, p)
        if m is not None and cat == "group" and label == "list lead-in":  # the groups the lead-in names: several
            named = [x for x in r.find(cat, a, b) if p is None or p(x)]  # make its group unsure (those of its last
            ends = [a] + [x.start for units in r.block_units.values() for x in units if a < x.start < b]  # sentence, or
            own = [x for x in named if x.start >= ends[-1]] or [x for x in named if x.start >= ends[-2:][0]]  # the one
            f._lead_groups, m = ({x.value for x in own}, own[-1]) if own and len(ends) > 1 else ({x.value for x in named}, m)  # before it: "IMGs held 31.3% .... Other shares at PGY-1 in 2025:")
        if m is not None:
            return Dim(m.value, _label(label, m, r, a, b))
    return None


# a percentage that restates the counts before it: "6,653 of them matched to a first-year position: 58.0%"
APPOSITIVE_RE = re.compile(r"(?i)(?:\w\s*[:=]|\d[,;]?\s+(?:or|so|that'?s|i\.e\.,?|a\s+rate\s+of)|\d\s*\()\s*\Z")


def _listed_elsewhere(r, f: Figure) -> bool:
    """Whether the figure's part of its sentence between semicolons names no specialty and the rest names several:
    none of them is this figure's."""
    u = f.ctx
    lo = r.m.rfind(";", u.start, f.start) + 1 or u.start
    hi = r.m.find(";", f.end, u.end) % (u.end + 1) or u.end
    if lo == u.start and hi == u.end or r.find("specialty", lo, hi):
        return False
    return len({x.value for x in r.find("specialty", u.start, u.end) if not lo <= x.start < hi}) >= 2


# ---------------------------------------------------------------- year


TO_SPECIALTY = {"img_matched_pgy1": ("img_filled", None), "filled_total": ("filled", None),
                "filled_pgy1": ("filled", "PGY-1"), "positions_total": ("positions", None),
                "positions_pgy1": ("positions", "PGY-1"), "img_share_of_matched_pct": ("img_share_pct", "PGY-1")}


GENERIC = re.compile(r"(?:active\s+|registered\s+)?(?:applicant|candidate|registrant|people|person|individual)s?\b", re.I)


YEAR_LED_RE = re.compile(r"(?i)[\W_]*(?:(?:(?:in|for|by)\s+)?(?:19|20)\d\d\b|the\s+(?:year|match)\s+before\b|a\s+year\s+"
                         r"(?:earlier|before)\b|the\s+(?:previous|prior|preceding)\s+(?:year|match|cycle)\b)")


def paragraph_group(r, f: Figure) -> Dim | None:
    """"For the US-citizen IMGs on the list: in 2025, 3,108 US-citizen IMGs matched ... In 2024, 3,181 of 4,751
    matched.": a sentence that opens with a year (or "the year before") and names no group (nor applicants in
    general) goes on about the one group the sentences before it in its paragraph name."""
    u = f.ctx
    if u is None or u.kind != "sentence" or u.index == 0 or not YEAR_LED_RE.match(r.m, u.start) or \
            r.find("group", u.start, u.end) or GENERIC.search(r.m, u.start, u.end):
        return None
    before = r.block_units[u.block][: u.index]
    named = {m.value for x in before for m in r.find("group", x.start, x.end)}
    if len(named) != 1 or re.search(r"(?i)\bseries\b|\breport\b|\bcouples\b",
                                    r.m[r.doc.blocks[u.block].start:u.end]):
        return None  # ("their match rate in this series climbed ... In 2024 it was 58.5%": which series is not said)
    m = next(m for x in before[::-1] for m in r.find("group", x.start, x.end))
    return Dim(m.value, f"the one group of its paragraph: {_q(m.text)} (the sentence opens with a year of its own)")


def _generic_all(r, f: Figure, windows: list) -> Dim | None:
    """"47,208 applicants", "a match rate of 79.8%" among "those active applicants": applicants without a
    group, in a sentence (or table cell and its headers) that names no group and refers back to none, are all
    applicants. The words say so; it is not a default."""
    u = f.ctx
    if re.match(r"\s*of\s+(?:them|these|those)\b", r.m[f.end:f.end + 20]):  # "47,208 of them": the previous figure's
        prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.metric]
        if prev and "applicant_type" in prev[-1].dims:
            d = prev[-1].dims["applicant_type"]
            return Dim(d.value, f"the group of {prev[-1].stated} ('of them'): {d.source}")
        return None
    if _group_heading(r, f) or re.search(r"\b(?:we|us|our)\b", r.m[u.start:f.start]) and getattr(
            _section_group(r, f), "value", "all_applicants") != "all_applicants":  # "we were 11,465 applicants"
        return None  # under "Our match rate (non-U.S.-citizen IMGs)"; "## U.S. DO seniors" over "matched in 2025: 7,773 of 8,392 active applicants": not all applicants
    if u.kind == "sentence" and [m for m in r.find("anaphora", u.start, f.start)
                                 if not re.match(r"(?i)them\b", m.text)]:
        # "Applicants ... numbered 50,413 ... Of those, 35,984 matched": the sentence referred to names applicants
        # and no group: all applicants
        back = [(lab, a, b) for lab, a, b in windows if lab.startswith("earlier sentence")]
        for label, a, b in back:
            if any(x.value != "all_applicants" for x in r.find("group", a, b)) or \
                    re.search(r"(?i)\bthe\s+[\w.\-]+(?:\s+[\w.\-]+)?\s+group\b", r.m[a:b]):
                return None  # "The non-U.S.-citizen group grew the most: ... Their rate slipped": one group's
            for m in r.find("noun", a, b):
                if m.value == "people" and GENERIC.match(r.m[m.start:m.end + 1]):
                    return Dim("all_applicants", f"{label.split(':')[0]}: {_q(m.text)} (no group named: all "
                                                 "applicants)")
        return None
    spans = [(lab, a, b) for lab, a, b in windows if not lab.startswith("earlier sentence")]
    if any(x.value != "all_applicants" for _, a, b in spans for x in r.find("group", a, b)):
        return None
    for label, a, b in spans:
        for m in r.find("noun", a, b):
            if m.value == "people" and GENERIC.fullmatch(m.text.strip()) or \
                    m.value == "people" and GENERIC.match(r.m[m.start:m.end + 1]):
                return scope_group(r, f) or Dim("all_applicants", f"{label}: {_q(m.text)} (no group named: all "
                                                                  "applicants)")
    return None


TOGETHER_RE = re.compile(r"(?i)\b(?:the|these|those)\s+two(?:\s+groups)?\s+(?:together|combined)\b|\bboth\s+groups\s+"
                         r"(?:together|combined)\b|\b(?:the|these|those)\s+two\s+(?:groups\s+)?taken\s+together\b")
UNIONS = {frozenset({"us_img", "non_us_img"}): "img"}  # two applicant types that together are one of the data


def _groups_together(r, f: Figure, lo: int):
    """"67.8% of U.S.-citizen IMGs and 58.0% of non-U.S.-citizen IMGs matched. The two groups together matched at
    60.8%": the two groups the sentence before names, together, when the data give them as one (IMGs)."""
    u = f.ctx
    m = TOGETHER_RE.search(r.m[lo:f.start])
    if m is None or u.kind != "sentence" or u.index == 0:
        return None
    prev = r.block_units[u.block][u.index - 1]
    named = frozenset(x.value for x in r.find("group", prev.start, prev.end))
    if named not in UNIONS:
        raise Skip(f"unsure which group: {_q(m.group())} of the sentence before, which the data do not give as one")
    return Dim(UNIONS[named], f"earlier sentence: {_q(r.excerpt(prev.start, prev.end))} ({_q(m.group())})")


def counted_together(r, f: Figure, lo: int):
    """"166 non-U.S.-citizen IMGs and 93 U.S.-citizen IMGs started in PGY-1 positions, 38.0% of the 559 filled": a
    percentage right after two counts of two groups joined by "and" is the share of both, when the data give them
    as one (IMGs)."""
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and lo <= g.start and g.end <= f.start]
    if f.unit != "percent" or len(prev) < 2 or prev[-1].unit != "count" or prev[-2].unit != "count":
        return None
    a, b = prev[-2], prev[-1]
    first, second = r.find("group", a.end, b.start), r.find("group", b.end, f.start)
    if len(first) != 1 or len(second) != 1 or r.m[a.end:first[0].start].strip() or \
            r.m[b.end:second[0].start].strip() or not re.fullmatch(r"\s+and\s+", r.m[first[0].end:b.start]) or \
            not re.search(r",\s*\Z", r.m[second[0].end:f.start]):
        return None
    named = frozenset((first[0].value, second[0].value))
    if named not in UNIONS:
        return None
    return Dim(UNIONS[named], f"sentence: {_q(r.m[a.start:f.end])} (the two groups counted before it, together)")


PEOPLE_AFTER_RE = re.compile(r"(?i)\s+(?:[A-Z][\w.'-]*\s+){0,2}(?:students|graduates|alumni|residents|physicians|"
                             r"doctors|trainees|members|interns|fellows)\b")
PEOPLE_HEADER_RE = re.compile(r"(?i)\b(?:students|graduates|alumni|residents|physicians|doctors|trainees|members|"
                              r"interns|fellows|class)\b")
POSITION_COUNTS = ("positions", "positions_total", "positions_pgy1", "filled", "filled_total", "filled_pgy1",
                   "unfilled", "unfilled_offered_in_soap", "program_positions", "program_filled",
                   "program_type_positions", "program_type_filled", "program_unfilled", "program_type_unfilled")


def doubt(r, f: Figure) -> None:
    """Raise :class:`Skip` when the reading leaves out something its own words decide: a count of people
    ("23 Lakeshore students") read as a count of positions, or a figure in a list item that names a specialty
    ("**Pathology.** ... those who did not, 235") read without it (the all-specialty figure)."""
    if re.match(r"\s?\?", r.doc.text[f.end:f.end + 2]):  # "2019: 88.9%?? (check, not in tables)", "was it 58%?"
        raise Skip(f"a figure the text asks about or doubts ({_q(r.doc.text[f.start:f.end + 3].strip())}), not one it states")
    if f.metric in POSITION_COUNTS and PEOPLE_AFTER_RE.match(r.doc.text, f.end):
        raise Skip(f"a count of people ({_q(r.excerpt(f.start, f.end + 30))}), not of positions")
    head = next(((a, b) for label, a, b in f.ctx.extra if label == "column header"), None) \
        if f.ctx is not None and f.ctx.kind == "cell" else None
    if f.metric in POSITION_COUNTS and head and PEOPLE_HEADER_RE.search(r.doc.text, *head):
        raise Skip(f"a count of people (the column {_q(r.doc.text[head[0]:head[1]])}), not of positions")
    label = re.search(r"(?i)\bmedians?\s*:\s*\Z", r.m[f.ctx.start:f.start]) if f.ctx is not None else None
    label = label or (re.search(r"(?i)\bmedians?\b", r.doc.text[head[0]:head[1]]) if head else None)  # "| Median, |"
    if label and f.metric != "step2_median":  # "Medians: 252 matched, 244 not matched": medians, not counts
        raise Skip(f"a median ({_q(label.group().strip())}), but the text does not say of what")
    were = SHARE_THAT_WERE_RE.match(r.m, f.end) if f.unit == "percent" and f.ctx is not None else None
    if were and were.end() <= f.ctx.end and f.metric not in GROUP_SHARES and \
            any(x.start == were.end() for x in r.find("group", were.end(), f.ctx.end)):
        # "25.9% of all applicants matched to PGY-1 positions were IMGs": the group's share of that whole
        from pipeline.check.article_certainty import Unsure

        known = {"year": f.dims["year"].value} if "year" in f.dims else {}
        whole = re.sub(r"(?i)^\W*(?:percent\s+)?of\s+|\s+(?:were|was|are|is)\s+(?:the\s+)?$", "", r.m[f.end:were.end()])
        raise Unsure(f"unsure which metric: a group's share of {_q(whole)}", f.metric, known, {"metric": list(GROUP_SHARES), **({} if known else
                                                                                             {"year": None})})
    blk = r.doc.blocks[f.ctx.block] if f.ctx is not None and f.ctx.block is not None else None
    if (blk is not None and blk.kind == "item" and "specialty_id" in METRICS[f.metric].dims
            and "specialty_id" not in f.dims and r.find("specialty", blk.start, blk.end)):
        names = ", ".join(dict.fromkeys(str(m.value) for m in r.find("specialty", blk.start, blk.end)))
        raise Skip(f"unsure which specialty: the list item names {names}, the reading has none (all specialties)")


def _unsure_positions(r, f: Figure, lo: int, hi: int, spec, spec_near, metric) -> None:
    """"2,473 positions were still there": offered, filled or left unfilled? Raise :class:`Unsure`."""
    from pipeline.check.article_certainty import Unsure

    y = _year(r, f, lo, hi)
    spec_d = {"specialty_id": spec.value} if spec is not None and spec_near else {}
    known = {**spec_d, **({"year": y.value} if isinstance(y, Dim) else {})}
    open_ = {"metric": ["positions", "filled"] if spec_d else ["positions_total", "filled_total", "unfilled",
                                                               "positions_pgy1", "filled_pgy1"],
             **({} if isinstance(y, Dim) else {"year": None})}
    raise Unsure("unsure which metric: positions with no verb (offered, filled, unfilled?)", metric, known, open_)


# "25.9% of all applicants matched to PGY-1 positions were IMGs": a share of a whole that a group is
SHARE_THAT_WERE_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+of\s+(?:the\s+|all\s+)?(?:[\w\-()]+\s+){1,8}?(?:were|was|are|is)\s+"
                                r"(?:the\s+)?")
LEVEL_LABEL = r"(?:\s*,\s*(?:all\s+(?:position\s+)?levels|PGY-?\s?1|first[-\s]year)(?:\s+only)?)?"
GROUP_SHARES = ("img_share_of_matched_pct", "img_share_pct", "us_img_share_pct", "non_us_img_share_pct")
POSITIONS_HEADER_RE = re.compile(r"(?i)\s*(?:[A-Za-z/&\-]+\s+){0,3}?(?:total\s+|all\s+)?(?:PGY-?\s?[12]\s+|first-year\s+)?"
                                 r"(?:positions|slots|spots|places)(?:\s+offered)?" + LEVEL_LABEL + r"(?:\s*\(\s*(?:19|20)\d\d\s*\)|\s*,?\s*"
                                 r"(?:in\s+)?(?:19|20)\d\d)?\s*")  # ("| Pediatrics positions |", "| Positions (2025) |",
# "| Positions, all levels |")


def _offered_column(r, f: Figure) -> bool:
    """A table cell under a column headed only "Positions" in a table that also has a "Filled" or a "Fill rate"
    column: the positions offered (the whole the filled column, or the rate, is counted against)."""
    u = f.ctx
    if u is None or u.kind != "cell":
        return False
    head = next(((a, b) for label, a, b in u.extra if label == "column header"), None)
    blk = r.doc.blocks[u.block]
    if head is None or not POSITIONS_HEADER_RE.fullmatch(r.doc.text[head[0]:head[1]]) or not blk.rows or \
            r.find("group", head[0], head[1]) or any(r.find(f"cue:{c}", head[0], head[1]) for c in r.v.raw["cues"]):
        return False  # (not "| IMG positions |": whose?)
    return any(re.fullmatch(r"(?i)\s*(?:[A-Za-z/&\-]+\s+){0,3}?(?:positions\s+)?filled" + LEVEL_LABEL + r"\s*",
                            r.doc.text[a:b]) or
               re.match(r"(?i)\s*(?:[A-Za-z/&\-]+\s+){0,3}?fill(?:\s+rate\b|\s*%|\s*\(%\))", r.doc.text[a:b])  # "|
               # PGY-1 positions (2025) | Fill rate (2025) |", "| Pediatrics positions | Pediatrics fill % |"
               for a, b in blk.rows[0]) or any(  # "<caption>Positions offered and fill rate by specialty</caption>"
        label in ("table caption", "caption") and re.search(r"(?i)\bpositions\s+offered\b", r.doc.text[a:b])
        for label, a, b in u.extra)


# "43,237 positions in total, and 40,041 of them were PGY-1", "41,503 positions, 38,941 filled", "39,205 positions,
# including 36,277 first-year": a count of positions that is the whole its parts are counted against is the offered
WHOLE_OF_PARTS_RE = re.compile(r"(?i)\s+(?:[\w\-]+\s+){0,3}?(?:positions|spots|slots)(?:\s+(?:in\s+total|total|in\s+all|"
                               r"in\s+\d{4}|overall))?\s*(?:[,;:]\s*|\s+)(?:and\s+|with\s+|including\s+)?(?:\d[\d,]*\s+"
                               r"(?:of\s+(?:them|which|these|those)|(?:were\s+|was\s+)?filled|at\s+(?:the\s+)?(?:PGY|first)|"
                               r"first-year|PGY)|of\s+which\s+\d)")
THERE_WERE_RE = re.compile(r"(?i)\b(?:there\s+were|there\s+are|had|has|totall?ed|the\s+total\s+(?:was|reached)|"
                           r"positions\s+(?:rose|grew|climbed|fell)\s+to)\s+\Z")


def whole_of_parts(r, f: Figure) -> bool:
    """Whether a count of positions with no verb is the positions offered: a whole its parts are counted against
    ("41,503 positions, 38,941 filled"), or "there were N positions", "positions rose to N"."""
    return bool(WHOLE_OF_PARTS_RE.match(r.m, f.end) or THERE_WERE_RE.search(r.m, max(0, f.start - 30), f.start)
                and not re.match(r"\s+(?:[\w\-]+\s+){0,2}?(?:open|unfilled|vacant|empty|remaining)\b", r.m[f.end:f.end + 40]))


def _all_types(r, windows: list) -> bool:
    """The first window that names a program type names several, and it is not the figure's own clause: "the rates
    below count every program type (categorical, preliminary, advanced and reserved)" is all types together."""
    for i, (label, a, b) in enumerate(windows):
        types = {m.value for m in r.find("program_type", a, b)}
        if types:
            return i > 0 and len(types) > 1 and (a, b) != tuple(windows[0][1:])
    return False


# a percentage right after a count of people who matched: "3,181 matched, which is 67.8 percent", "matched, so 58%"
MATCHED_SO_RE = re.compile(r"(?i)\d\s+(?:of\s+them\s+)?matched,?\s+(?:which\s+(?:is|was)|so|that\s+is|i\.e\.,?)\s+"
                           r"(?:about\s+|roughly\s+|just\s+(?:over|under)\s+)?\Z")


def matching_text(r, f: Figure) -> bool:
    """Whether a group's bare percentage ("DO seniors: 92.8%") stands in text about who matched and nothing else: its
    paragraph (or list item, with its lead-in) speaks of matching, and its sentence names no specialty, state,
    program type, position or share, nor the preferred-specialty report."""
    u = f.ctx
    if u is None or u.kind != "sentence" or u.block is None:
        return False
    if MATCHED_SO_RE.search(r.m, max(u.start, f.start - 40), f.start):
        return True  # "... and 3,181 matched, which is 67.8 percent": the rate of those who matched
    blk = r.doc.blocks[u.block]
    spans = [(blk.start, blk.end)] + [(a, b) for label, a, b in u.extra]
    if not any(r.find("cue:match_rate", a, b) for a, b in spans):
        return False
    for cat in ("specialty", "state_name", "program_type", "cue:share", "cue:fill_rate", "cue:preferred", "cue:filled",
                "topic"):
        if r.find(cat, u.start, u.end):
            return False
    return not re.search(r"(?i)\b(?:positions?|spots?|slots?|seats?|share|fill)\b", r.m[u.start:u.end])
