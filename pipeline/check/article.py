"""Reading the figures of an article (`matchstats check ARTICLE`): rules, not models.

Every number in the text (``pipeline.check.document``) becomes a :class:`Figure`
(``pipeline.check.article_numbers`` finds the numbers, their kind and their context). The rules below decide
what it is and, for a statistic the data can check, the claim it makes: a metric of the registry
(``pipeline.check.registry.METRICS``), its dimensions and the stated value with its precision (parsed as in
claims files: ``claims.parse_stated`` / ``Stated``). The words the rules look for are data, in
``vocabulary.yml`` beside this module; the specialties are the crosswalk's names and labels
(``pipeline.ingest.specialties``) plus the vocabulary's aliases.

1. **What a number is.** Phone numbers, dates, times, and numbers that are part of a name (PGY-1, Step 2,
   COVID-19, H-1B, Table 3, ordinals) are listed and not read further. A four-digit number 1950-2099 without
   a comma, a percent sign or a unit is a year ("2,024 applicants" is a count). Two numbers joined by "to",
   "-" or "and" are a range ("18 to 36 months"), except "from A to B" beside a verb of change. A number with a
   currency sign is money; with "percentage points", "increase" or after "rose"/"by" it is a change.
2. **Context.** Each number belongs to a sentence (or a table cell, read with its column header, its row's
   first cell and the table's caption) and, within it, to a clause (split at ";", ":", dashes and ", and",
   ", while", ", compared with" ...). A dimension is taken from the clause, else the sentence, else the wider
   context named below; the nearest mention wins.
3. **Year.** The sentence's year nearest the number; else the nearest earlier year mention in the same
   paragraph (a sentence "In 2024 alone, ..." gives its year to the next one), then in earlier paragraphs
   under the same heading, then the headings above. A sentence that only names a span of years is ambiguous
   (not checked). No year anywhere: the latest year the data give for the claim (said so).
4. **Applicant type** from the group phrases (``groups``): the group in "X% of <group>" or "N <group>"
   first, else the nearest in the clause and sentence; a sentence that refers back ("it", "they", "the
   rate") takes the previous sentence's group. None named: all applicants (the metric's default, said so).
   Populations the data do not describe ("U.S. seniors", Step 2 CK of anyone but non-U.S. IMGs) are not
   checked.
5. **Specialty, position level, state** from the crosswalk and the vocabulary; a specialty also from the
   nearest section heading (not the title) for per-specialty metrics.
6. **Metric** from the unit (percent, count, score), what the number counts (the noun after it or the
   "of ..." phrase) and the clause's cue words (``cues``): match rate, share of positions filled, share of
   matched applicants, fill rate, positions offered / filled / unfilled / in SOAP, registered, active or
   matched applicants, IMGs matched, Step 2 CK median, preferred-specialty match rate. "A out of B (C%)"
   reads B as A's whole (``wholes``) and C as the share A/B (``ratios``).
7. **Not checked**, with the reason: a topic without a metric (``not_checked``: practicing physicians,
   ECFMG, visas, ...), advice or a hypothesis ("aim for 250", "255+", "might"), a change, a duration, a
   count of something else (programs, interviews), a percentage or count no rule reads. A bound ("more than
   9,000", "nearly 60%") is listed with the data's value but not judged; an approximate figure ("about
   9,000") is compared at the precision as written (a whole number's trailing zeros are rounding).

A reading that is not sure is not checked: no rule guesses a metric or a group it cannot see in the text.
A rule that cannot see what it needs raises :class:`Skip`: the figure is "not checked", with the reason.
"""

from __future__ import annotations

import re

from pipeline.check.article_numbers import (AT, COMPARED_RE, IMG_GROUPS, SHARE, STATISTIC, Dim, Figure, Mention,
                                            Reader, noun_of, of_phrase)
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_certainty import ALL_GROUPS, GROUP_LABELS, Skip, Unsure, reason as _unsure_reason
from pipeline.check.registry import METRICS


WEAK = "(default)"  # a reading without a verb: used only when no window gives a better one


def interpret(r, f: Figure) -> None:
    try:
        _interpret(r, f)
        if f.metric:
            f.alternatives = _alternatives(r, f)
    except Skip as exc:
        if isinstance(exc, Unsure) and f.role != "bound":
            f.unsure = exc
        f.metric, f.dims, f.role = None, {}, ""
        f.reason = str(exc)


def _alternatives(r, f: Figure) -> dict:
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
    for cat, dim in (("group", "applicant_type"), ("specialty", "specialty_id"), ("state", "state")):
        if dim not in m.dims:
            continue
        vals = {x.value for a, b in spans for x in r.find(cat, a, b)}
        if dim == "applicant_type":
            vals &= set(AT)
        vals.discard(f.dims[dim].value if dim in f.dims else None)
        if vals:
            out[dim] = sorted(vals)
    if "position_level" in m.dims and "position_level" not in f.dims:  # no level named: PGY-1 is as plausible
        out["position_level"] = ["PGY-1"]
    if f.metric in ("fill_pct", "positions", "filled", "program_fill_pct", "program_positions", "program_filled") \
            and "specialty_id" in f.dims and "state" not in f.dims:  # no program type named: categorical ones?
        out["program_type"] = ["categorical"]
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


def _windows(r, f: Figure, lo: int, hi: int) -> list:
    """Where a dimension or cue may come from, in order: the clause, the sentence, the table cell's header,
    row and caption or a list item's lead-in, and the previous sentence when this one refers back to it."""
    u = f.ctx
    out = [("sentence", lo, hi), ("sentence", u.start, u.end)] + list(u.extra)
    if u.kind == "sentence" and u.index > 0 and r.find("anaphora", u.start, u.end):
        prev = r.block_units[u.block][u.index - 1]
        out.append((f"earlier sentence: {_q(r.excerpt(prev.start, prev.end))}", prev.start, prev.end))
    return out


def _label(label: str, m: Mention, r, lo: int, hi: int) -> str:
    if label.startswith("earlier sentence"):
        return f"{label} ({_q(m.text)})"
    return f"{label}: {_q(r.words(m.start, m.end, 1, lo, hi) if label == 'sentence' else m.text)}"


def _owned(r, f: Figure, m: Mention) -> bool:
    """A group that is another figure's own noun ("9,800 IMGs", "58% of non-U.S. IMGs") belongs to it."""
    for g in r.unit_figures(f):
        if g is not f and g.kind == STATISTIC and 0 <= m.start - g.end <= 24 and \
                re.fullmatch(r"\s*(?:of\s+(?:the\s+|all\s+)?|among\s+)?", r.m[g.end:m.start]):
            return True
    return False


# cues that make a figure another metric altogether: only from its own clause (or one without a figure)
OWN_CUES = ("soap", "unfilled", "registered", "active", "offered", "fill_rate", "step2", "preferred", "unmatched",
            "filled")


def _anothers_word(r, f: Figure, m: Mention) -> bool:
    """A cue word right after another figure is that figure's ("3,068 positions, 97.9% filled"), and so is one
    that describes the whole of "A of the B positions offered were filled" (offered is B's, filled is A's)."""
    if m.end <= f.start and re.fullmatch(r"\s*,?\s*(?:and|but|while|whereas)\s+", r.m[m.end:f.start]) and \
            any(g is not f and g.kind == STATISTIC and g.end <= m.start for g in r.unit_figures(f)):
        return True  # "47,208 people certified a rank order list and 9,541 of them did not match"
    for g in r.unit_figures(f):
        if g is not f and g.kind == STATISTIC and f.end <= g.start and g.end <= m.start and \
                re.fullmatch(r"\s*(?:out of|of|among)\s+(?:the\s+|all\s+)?", r.m[f.end:g.start]) and \
                re.fullmatch(r"\s+(?:[\w\-]+\s+){0,3}", r.m[g.end:m.start]) and \
                not re.search(r"(?i)\b(?:were|was|are|is|had|have|has)\b", r.m[g.end:m.start]) and \
                re.match(r"(?i)\s*(?:were|was|are|is|have been|had been)\b", r.m[m.end:m.end + 15]):
            return True
    return any(g is not f and g.kind == STATISTIC and 0 <= m.start - g.end <= 2 and not (  # "6,653 of 11,465 matched"
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


def _qualifier(r, m: Mention) -> bool:
    """"IMGs overall": "overall" qualifies the group before it; it is not all applicants."""
    return m.value == "all_applicants" and m.text.lower() == "overall" and bool(
        [x for x in r.find("group", max(0, m.start - 40), m.start) if re.fullmatch(r"\s{0,2}", r.m[x.end:m.start])])


def _first(r, cat: str, windows: list, f: Figure, pred=None) -> Dim | None:
    """The nearest mention in the first window that has one; beyond the clause, one before the figure first
    and, for groups, not another figure's own."""
    for i, (label, a, b) in enumerate(windows):
        m = None
        p = pred
        if cat == "group":
            q0 = p
            p = (lambda x: not _qualifier(r, x)) if q0 is None else (lambda x: q0(x) and not _qualifier(r, x))
        if cat == "group" and (i > 0 or getattr(f, "_counts_positions", False)):
            # "1,427 IMGs in 4,552 filled positions": IMGs are the 1,427's, not the 4,552's
            p = (lambda x: not _owned(r, f, x)) if pred is None else (lambda x: pred(x) and not _owned(r, f, x))
        if i > 0 and cat in ("group", "specialty") and (a, b) == (f.ctx.start, f.ctx.end) and \
                not r.find("anaphora", r._clause(f, f.ctx)[0], f.start):  # "those who did not": the referent
            # not a mention in a clause of another figure
            q = p
            p = (lambda x: not _in_other_figures_clause(r, f, x)) if q is None else \
                (lambda x: q(x) and not _in_other_figures_clause(r, f, x))
        if i > 0 and a <= f.start < b:
            m = r.nearest(cat, a, f.start, f, p)
        m = m or r.nearest(cat, a, b, f, p)
        if m is not None:
            return Dim(m.value, _label(label, m, r, a, b))
    return None


# ---------------------------------------------------------------- year

BASELINE = re.compile(r"(?i)\b(?:against|compar(?:ed|es|ing) (?:with|to)|versus|vs\.?|since|than(?: in)?|from)\s+(?:the\s+|in\s+)?"
                      r"\Z")


RELATIVE = re.compile(r"(?i)\b(?:a year (?:earlier|before|ago|later)|the (?:year|match) before|the (?:previous|prior|"
                      r"preceding|following|next) (?:year|match|cycle)|last year|last year's|the year after)\b")


def _own_years(r, a: int, b: int) -> list:
    """The single years of [a, b) that date what they stand with: not a change's earlier value ("up from 67.0% in
    2024") nor a baseline ("since 2024", "compared with 2023")."""
    return [y for y in r.years_in(a, b, free=True) if y.value is not None
            and not BASELINE.search(r.m[max(a, y.start - 20):y.start])]


def _year(r, f: Figure, lo: int, hi: int) -> Dim | None:
    u = f.ctx
    rel = RELATIVE.search(r.m[u.start:u.end])
    if rel and not [y for y in r.years_in(lo, hi) if y.value is not None]:
        return None, f"the text gives the year relative to another ({_q(rel.group())})"
    own = [("sentence", lo, hi), ("sentence", u.start, u.end)] + list(u.extra)
    for i, (label, a, b) in enumerate(own):
        ys = [y for y in r.years_in(a, b, free=i > 0)  # "Against 2024, the rate fell ...": the baseline's year
              if not BASELINE.search(r.m[max(u.start, y.start - 20):y.start])]
        if i == 0:  # in the clause, a year attached to the figure itself counts; one of another figure does not
            ys = [y for y in ys if y.start not in r.attached or 0 <= y.start - f.end <= 30]
        single = [y for y in ys if y.value is not None]
        if single:
            y = min(single, key=lambda x: (x.start - f.end, 1) if x.start >= f.end else (f.start - x.end, 0))
            words = r.words(y.start, y.end, 2, a, b) if label == "sentence" else r.excerpt(a, b)
            return Dim(y.value, f"{label}: {_q(words)}")
        if ys and label == "sentence" and (a, b) == (u.start, u.end):
            span = r.words(ys[0].start, ys[-1].end, 0) if len(ys) > 1 else r.words(ys[0].start, ys[0].end, 1)
            raise Skip(f"the year is ambiguous: the sentence names a span of years ({_q(span)})")
    if u.kind == "sentence":
        for prev in reversed(r.block_units[u.block][: u.index]):
            ys = [y for y in _own_years(r, prev.start, prev.end)]
            if ys:
                return Dim(ys[-1].value, f"earlier sentence: {_q(r.excerpt(prev.start, prev.end))}")
    level = None
    for j in range(u.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "heading":
            if level is not None and blk.level >= level:
                continue
            level = blk.level
        elif level is not None:
            continue
        ys = [y for y in _own_years(r, blk.start, blk.end)]
        if ys:
            where = "heading" if blk.kind == "heading" else "earlier list item" if blk.kind == "item" else \
                "earlier paragraph"
            sent = next((x for x in r.block_units[j] if x.start <= ys[-1].start < x.end), None)
            text = r.excerpt(sent.start, sent.end) if sent else r.excerpt(blk.start, blk.end)
            if blk.kind != "heading":
                others = _years_above(r, j - 1)
                if others - {ys[-1].value}:
                    named = sorted(others | {ys[-1].value}, reverse=True)
                    return named, (f"the nearest earlier paragraph names {ys[-1].value}, but the "
                                   + ("heading above" if _years_above(r, j - 1, True) else "paragraphs before it")
                                   + " name " + ", ".join(str(y) for y in named if y != ys[-1].value))
            return Dim(ys[-1].value, f"{where}: {_q(text)}")
    return None


def _years_above(r, j: int, headings_only: bool = False) -> set:
    """The year of the section a paragraph stands in: the free years of the nearest heading above block j
    that names one; without one, those of the blocks before j in its section."""
    level, paragraphs = None, set()
    for k in range(j, -1, -1):
        blk = r.doc.blocks[k]
        if blk.kind == "heading":
            if level is not None and blk.level >= level:
                continue
            level = blk.level
        elif level is not None:
            continue
        ys = {y.value for y in _own_years(r, blk.start, blk.end)}
        if blk.kind == "heading" and ys:
            return ys
        if blk.kind != "heading":
            paragraphs |= ys
    return set() if headings_only else paragraphs


# ---------------------------------------------------------------- the reading

def _interpret(r, f: Figure) -> None:
    u = f.ctx
    lo, hi = r._clause(f, u)
    if re.search(r":\s*\Z", r.m[u.start:lo]) and not [g for g in r.unit_figures(f) if u.start <= g.start < lo]:
        lo = u.start  # "SOAP: 2,575 positions offered": the label before the colon is part of the figure's clause
    windows = _windows(r, f, lo, hi)
    near = windows[:2]
    if f.unit == "percent" and f.value is not None and f.value > 100:
        raise Skip("a percentage over 100")
    topic = _topic(r, f, lo, hi)
    if topic:
        raise Skip(topic)
    if _other_side(r, f, lo, hi) or _elliptic(r, f, lo, hi) or _total(r, f):
        return
    adv = r.find("advice", max(lo, f.start - 70), f.start) or r.find("advice_after", f.end, min(hi, f.end + 25))
    if adv:
        raise Skip(f"advice or a hypothesis, not a statistic ({_q(adv[0].text)})")
    if f.role == "or more" and (r.find("cue:score", u.start, u.end) or r.find("cue:step2", u.start, u.end)):
        raise Skip(f"advice, not a statistic: a score threshold ({_q(f.stated)})")
    change = _change(r, f, lo, hi)
    if change:
        raise Skip(f"a change, not a level ({_q(change)})")
    noun, noun_m = noun_of(r, f, hi)
    if noun is None and u.kind == "cell":  # a table cell counts what its column header (or row) names
        for label, a, b in sorted(u.extra, key=lambda w: w[0] != "column header"):
            label = "column header" if label == "row" else label
            hits = [m for m in r.find("noun", a, b) if m.value != "matches"] + r.find("group", a, b)
            if label == "column header" and hits:
                noun_m = min(hits, key=lambda m: m.start)
                noun = noun_m.value if noun_m in r.find("noun", a, b) else "people"
                break
            if label == "column header" and (r.find("cue:matched_people", a, b) or r.find("cue:match_rate", a, b)) \
                    and f.unit == "count":
                noun = "people"  # "Matched to PGY-1": people who matched
                break
            if label == "column header" and f.unit == "count" and \
                    re.fullmatch(r"(?i)\W*(?:positions?\s+)?(?:filled|offered|unfilled)\W*", r.m[a:b]):
                noun = "positions"  # "| Filled |": positions filled
                break
    label = re.search(r"([^:;.]{3,60}):\s*\Z", r.m[u.start:f.start]) if noun is None else None
    if label is not None:  # "Positions offered: 43,237": the label before the colon names what it counts
        a = u.start + label.start(1)
        hits = sorted([m for m in r.find("noun", a, f.start) if m.value not in ("matches", "duration")]
                      + r.find("group", a, f.start), key=lambda m: m.start)  # "Transitional year: 86.9%"
        if hits:
            noun_m = hits[0]
            noun = noun_m.value if noun_m in r.find("noun", a, f.start) else "people"
        elif f.unit == "count" and (r.find("cue:matched_people", a, f.start) or r.find("cue:match_rate", a, f.start)):
            noun = "people"
    f._counts_positions = noun == "positions" and noun_m is not None and noun_m.start >= f.end
    if noun == "duration":
        raise Skip(f"a duration ({_q(r.words(f.start, noun_m.end, 0))}): no metric for it")
    if noun and noun.startswith("other:"):
        raise Skip(f"no metric for counts of {noun[6:]} ({_q(r.words(f.start, noun_m.end, 0))})")
    base, base_group = of_phrase(r, f, hi) if f.unit == "percent" else (None, None)

    whole = _whole_of(r, f, lo)
    own_group = None
    if whole is None:
        if noun_m is not None and noun == "people" and noun_m in r.find("group", noun_m.start, noun_m.end) \
                and noun_m.start >= f.end:
            own_group = Dim(noun_m.value, f"sentence: {_q(r.m[f.start:noun_m.end])}")
        own_group = own_group or base_group
        if own_group is None and base in ("matched_people", "positions"):
            # "IMGs made up 26.9% of all applicants who matched": the "of ..." names the whole; the subject before
            # the figure is whose share it is
            subj = r.nearest("group", lo, f.start, f)
            if subj is not None:
                own_group = Dim(subj.value, f"sentence: {_q(r.words(subj.start, subj.end, 1, lo, hi))}")
    after_of = r.m[f.end:hi]
    share_of_filled = f.unit == "percent" and bool(r.find("cue:share", lo, f.start)) and bool(re.match(
        r"\s*of\s+(?:the\s+|all\s+)?(?:[\w\-]+\s+){0,3}?(?:positions?|spots?|slots?|seats?)\s+(?:that\s+were\s+)?filled\b"
        r"|\s*of\s+(?:the\s+|all\s+)?filled\b", after_of))
    # "Of the 40,041 first-year positions, 94.1% were filled": the figure after it says what happened to them
    opens_with_of = bool(re.fullmatch(r"(?i)\W*(?:[\w\-]+\s+){0,3}?of\s+(?:the\s+|all\s+)?", r.m[u.start:f.start]))
    offered_whole = f.unit != "percent" and (bool(re.search(r"\bof\s+(?:its|their)\s+(?:\w+\s+){0,2}\Z",
                                                           r.m[max(lo, f.start - 30):f.start])) or opens_with_of) and \
        not re.match(r"\s+(?:[\w\-]+\s+)?filled\b", r.m[f.end:f.end + 30])  # "of its 12,439 filled positions"
    group = own_group
    for cat, what in (("specialty", "specialties"), ("group", "applicant groups")):
        joined = _joined(r, cat, lo, hi) or (not r.find(cat, lo, hi) and _joined(r, cat, u.start, u.end))
        if joined:
            raise Skip(f"the clause names several {what} together ({_q(joined)}): which one is not said")
    if re.match(r"\s*(?:U\.?S\.?[\s\-]*|non[\s\-]*(?:U\.?S\.?[\s\-]*)?)citizens?\b(?![\s\-]+(?:IMG|international|foreign))",
                r.m[f.end:f.end + 24], re.I):  # "(67.8% U.S. citizens, 58.0% non-citizens)": which group exactly?
        raise Skip("unsure which group: the figure's own words name citizens, not an applicant type of the data")
    for x in r.find("group", lo, hi):  # "IMGs who are ...", "IMGs from India": a subgroup the words do not name
        if x.value == "img" and re.match(r"\s+(?:who|that|with|without|from|holding|on)\b", r.m[x.end:x.end + 12]):
            raise Skip(f"unsure which group: {_q(r.words(x.start, x.end, 4, lo, hi))} is a group the data may not "
                       "describe")
    spec = _first(r, "specialty", windows, f)
    spec_near = spec is not None and spec.source.startswith(("sentence", "row", "column", "table", "question"))
    if spec is None:
        spec = _section_specialty(r, f)
    # a position level after the figure's own words belongs to what follows ("43,237 positions were offered,
    # 40,041 of them at the PGY-1 level")
    level = _first(r, "level", windows, f, pred=lambda x: x.start < f.end or x.start - f.end <= 40
                   and not any(g is not f and g.kind == STATISTIC and f.end <= g.start < x.start
                               for g in r.unit_figures(f)))
    state = _first(r, "state", near, f)
    if state is None and u.kind == "cell":  # a table's row named by a state: "| New York | 35.4% |"
        state = _first(r, "state_name", [w for w in windows if w[0] == "row"], f)

    part_of = re.search(r"\b(?:out of|among(?: the)?|of the|of)\s+(?:the\s+)?(?:\d{1,3}(?:,\d{3})+|\d+)", r.m[f.end:hi])
    if part_of is not None:  # "A ... out of B ...": what follows "out of" describes B
        windows[0] = ("sentence", lo, f.end + part_of.start())
    part = part_of is not None and part_of.start() <= 2
    ratio = _ratio(r, f, lo)
    if ratio is not None:
        metric, dims, why = ratio
    elif whole is not None:
        metric, dims, why = _whole_metric(r, f, whole, noun)
    else:
        metric = why = weak = reason = None
        refers = u.kind == "sentence" and bool(r.find("anaphora", u.start, f.start))
        # "38,941 positions were filled and 2,575 went to SOAP": with words of its own before the next figure, the
        # words after that figure are the next figure's
        nxt = next((g for g in r.unit_figures(f) if g.kind == STATISTIC and g.start >= f.end and g.start < hi), None)
        own_end = nxt.start if nxt is not None and (any(r.find(f"cue:{c}", f.end, nxt.start) for c in r.v.raw["cues"])
                                                    or opens_with_of) else None
        pref = next(((m, label) for label, a, b in windows for m in r.find("cue:preferred", a, b)), None)
        generic = (noun == "people" and noun_m is not None and own_group is None and f.end <= noun_m.start < hi
                   and noun_m not in r.find("group", noun_m.start, noun_m.end))  # "2,024 applicants": all applicants
        for k in range(1, len(windows) + 1):
            asked = [w for w in windows if w[0] == "question"]  # a question before the answer is its lead-in
            group = own_group or _first(r, "group", windows[:1] + asked if generic and not refers else
                                        windows[:max(k, 2)] + asked, f)
            cues = {}
            for label, a, b in windows[:k]:
                entire = (a, b) == (u.start, u.end) and not r.find("anaphora", lo, f.start)
                for cls in r.v.raw["cues"]:  # not the words of another figure, or of another figure's clause
                    m = r.nearest(f"cue:{cls}", a, b, f, pred=lambda x: not _anothers_word(r, f, x) and not (
                        entire and cls in OWN_CUES and _in_other_figures_clause(r, f, x)) and not (
                        own_end is not None and x.start >= own_end and a <= f.start < b))
                    if m is not None and cls not in cues:
                        cues[cls] = (m, label)
            if pref is not None and "preferred" not in cues:  # the list lead-in or caption says which report
                cues["preferred"] = pref
            got = _metric(f, cues, noun, base, group, spec if spec_near else None, level, part, share_of_filled,
                          offered_whole, state is not None)
            if got[0] and got[2] != WEAK:
                metric, extra, why = got
                break
            if got[0] and weak is None:
                weak = got + (group,)
            if not got[0] and got[2] and not reason:
                reason = got[2]  # the first reason a rule gave for not reading it
        if not metric and weak is not None:  # no verb anywhere: a bare count of applicants or positions
            metric, extra, _, group = weak
            why = "'" + (noun or "") + "' (no verb: the default reading)"
            if noun != "positions":  # "5,864 out of 10,021 active applicants": registered, active or matched?
                g = group or _first(r, "group", windows, f) or _generic_all(r, f, windows)
                y = _year(r, f, lo, hi)
                known = {**({"applicant_type": g.value} if g is not None else {}),
                         **({"year": y.value} if isinstance(y, Dim) else {})}
                open_ = {"metric": ["matched_pgy1", "active_applicants", "registered_applicants"],
                         **({} if isinstance(y, Dim) else {"year": None})}
                if g is None:
                    open_["applicant_type"] = list(ALL_GROUPS)
                raise Unsure(f"unsure which metric: {noun or 'a count'} with no verb (registered, certified a "
                             "rank order list, matched?)", metric, known, open_)
            # "2,473 positions were still there": offered, filled or left unfilled? (a table's "Positions" column,
            # "of its 12,952 positions" and "N positions were offered" say so)
            y = _year(r, f, lo, hi)
            spec_d = {"specialty_id": spec.value} if spec is not None and spec_near else {}
            known = {**spec_d, **({"year": y.value} if isinstance(y, Dim) else {})}
            open_ = {"metric": ["positions", "filled"] if spec_d else ["positions_total", "filled_total", "unfilled",
                                                                       "positions_pgy1", "filled_pgy1"],
                     **({} if isinstance(y, Dim) else {"year": None})}
            raise Unsure("unsure which metric: positions with no verb (offered, filled, unfilled?)", metric, known,
                         open_)
        if not metric:
            g = own_group or _first(r, "group", windows, f)
            bare_rate = re.search(r"(?i)\b(?<!fill )(?<!pass )(?<!fill-)rates?\b", r.m[lo:hi])
            if r.find("topic", lo, hi) or r.find("cue:fill_rate", lo, hi):
                bare_rate = None
            if f.unit == "percent" and reason is None and g is not None and g.value in AT + ("img",) and bare_rate:
                # "U.S. MD seniors' rate dipped to 93.5%": the rate of an applicant group is its match rate
                metric, extra, why = ("img_match_rate_pct" if g.value == "img" else "match_rate_pct"), {}, \
                    f"{_q(r.words(bare_rate.start() + lo, bare_rate.end() + lo, 1, lo, hi))} of an applicant group"
                group = g
            elif f.unit == "percent" and reason is None and g is not None and g.value in AT:
                # "US-citizen IMGs: 67.8% in 2025": the data's only percentage by applicant group is the match rate,
                # but the text does not say so: shown as a hint, not judged
                y = _year(r, f, lo, hi)
                known = {"applicant_type": g.value, **({"year": y.value} if isinstance(y, Dim) else {})}
                raise Unsure("unsure which metric: the text does not say what the percentage of "
                             f"{GROUP_LABELS.get(g.value, g.value)} is", "match_rate_pct", known,
                             {} if isinstance(y, Dim) else {"year": None})
            if not metric:
                raise Skip(reason or f"no metric recognised for this "
                           f"{'percentage' if f.unit == 'percent' else 'number'}")
        if group is None:  # "They numbered 20,368 active applicants": the earlier sentence's group; "Non-US IMGs
            # in 2024: (5,864 out of 10,021 active applicants)": the item's subject; a list's lead-in, a table's headers
            group = _first(r, "group", windows if refers else [w for w in windows if not w[0].startswith("earlier")],
                           f)
        if group is None and metric in CHARTING:  # only non-U.S. IMGs: the section heading may name them
            group = _section_group(r, f)
        if group is None and "applicant_type" in METRICS[metric].dims:
            group = _generic_all(r, f, windows)
        if group is not None and group.source.startswith("earlier sentence") and \
                re.search(r"\b(?:DO|MD|IMGs?|FMGs?|[Oo]steopathic|[Aa]llopathic|citizens?|seniors?|graduates?)\b",
                          "".join(c if not any(m.start <= i < m.end for m in r.find("group", lo, hi)) else " "
                                  for i, c in enumerate(r.m[lo:hi], lo))):
            # "Their DO peers matched at 92.6%": the clause names a group of its own the words do not say exactly
            raise Skip(f"unsure which group: the clause names one of its own, not {group.value} of the sentence before")
        dims = _dims(METRICS[metric], group, spec, spec_near, level, state, extra)
        metric = dims.pop("_metric", metric)  # a national count read for the state the text names
        metric, dims = _program_type(r, f, windows, metric, dims)
        if metric == "img_share_pct" and not {"specialty_id", "state"} & set(dims) and \
                dims.get("position_level") is not None and dims["position_level"].value == "PGY-1":
            # IMGs' share of all first-year positions filled nationally is their share of the applicants matched to
            # PGY-1 (the headline series, which covers more years than the specialty report)
            metric, dims = "img_share_of_matched_pct", {k: v for k, v in dims.items() if k == "year"}
    f.metric, f.metric_from = metric, why or ""
    m = METRICS[metric]
    if f.unit == "percent" and not m.percent:
        raise Skip(f"a percentage, but {metric} is a count")
    if f.unit != "percent" and m.percent:
        raise Skip(f"a number without a percent sign, but {metric} is a percentage")
    open_, why_open = {}, {}
    if "year" not in dims:
        y = _year(r, f, lo, hi) if whole is None or "year" not in whole.dims else whole.dims["year"]
        if isinstance(y, Dim):
            dims["year"] = y
        else:
            open_["year"], why_open["year"] = (y[0], y[1]) if y else (None, "the text names no year")
    if "applicant_type" in dims and dims["applicant_type"] is None:
        del dims["applicant_type"]
        allowed = r.v.raw["metric_populations"].get(metric)
        open_["applicant_type"] = list(allowed or ALL_GROUPS)
        why_open["applicant_type"] = "the text names no applicant group"
    at = dims.get("applicant_type")
    if at is not None:
        reason = r.v.raw["populations_not_in_data"].get(at.value)
        allowed = r.v.raw["metric_populations"].get(metric)
        if reason:
            raise Skip(f"a population the data do not describe: {reason} ({at.source})")
        if allowed and at.value not in allowed:
            raise Skip(f"a population the data do not describe: {metric} is given for "
                       f"{', '.join(allowed)} only ({at.source})")
    f.dims = {k: dims[k] for k in ("year",) + tuple(d for d in m.dims if d != "year") if k in dims}
    _precision(r, f, lo)
    if "state" not in f.dims and ("state" in m.dims or metric in STATE_METRICS) and u.kind == "sentence" and \
            u.index > 0 and \
            not NATIONAL.search(r.m[u.start:u.end]):
        prev = r.block_units[u.block][u.index - 1]
        named = {x.value for x in r.find("state_name", prev.start, prev.end)}
        if len(named) == 1:  # "Programs in Pennsylvania filled 2,487. IMGs filled 25.3% of them.": there or nationally?
            code = named.pop()
            raise Unsure(f"unsure which state: the sentence before is about {code}, this one names no place", metric,
                         {k: d.value for k, d in f.dims.items()}, {"state": [None, code]})
    if "state" not in f.dims:
        named = [x for a, b in [(u.start, u.end)] + [(a, b) for _, a, b in u.extra] for x in r.find("state_name", a, b)]
        if named:  # "California's programs filled 3,928 positions": national or that state's?
            raise Unsure(f"unsure which state: the text names {_q(named[0].text)} but not as where the figure is",
                         metric, {k: d.value for k, d in f.dims.items()}, {"state": [None, named[0].value]})
    if open_:
        raise Unsure(_unsure_reason(open_, why_open), metric, {k: d.value for k, d in f.dims.items()}, open_)
    if f.role == "earlier value":
        yd = f.dims.get("year")
        if yd is None or not re.match(r"\s*(?:in|for)\s+(?:the\s+)?\d{4}", r.m[f.end:f.end + 16]):
            raise Skip("the earlier value of a change: the text gives no year for it")
        f.role, f.compared = "", True


def _other_side(r, f: Figure, lo: int, hi: int) -> bool:
    """"67.0% in 2024, down from 67.6% in 2023", "67.8%, compared with 67.0% in 2024": the other side of a
    comparison, with its own year and no subject of its own, is the same series as the figure it is compared
    with (the same metric, group, specialty, ...) in that year."""
    before = r.m[max(f.ctx.start, f.start - 40):f.start]
    if f.role != "earlier value" and not COMPARED_RE.search(before):
        return False
    y = re.match(r"\s*(?:in|for)\s+(?:the\s+)?((?:19[5-9]|20\d)\d)\b", r.m[f.end:f.end + 16])
    if y is None and f.role == "earlier value":
        raise Skip("the earlier value of a change: the text gives no year for it")
    if y is None or any(r.find(c, lo, hi) for c in ("group", "specialty", "level", "state")):
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit
            and (g.metric or g.unsure is not None)]
    if not prev:
        return False
    g = prev[-1]
    year = Dim(int(y.group(1)), f"sentence: {_q(r.m[f.start:f.end + y.end()])}")
    f.role, f.compared = "", True
    if g.metric is None:
        known = {k: v for k, v in g.unsure.known.items() if k != "year"}
        open_ = {k: v for k, v in g.unsure.open.items() if k != "year"}
        known["year"] = year.value
        raise Unsure(g.reason.split(". ")[0], g.unsure.metric, known, open_)
    f.metric, f.metric_from = g.metric, f"the same series as {g.stated} ({_q(r.m[g.start:f.end])})"
    f.dims = {"year": year, **{k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items()
                               if k != "year"}}
    _precision(r, f, lo)
    return True


def _total(r, f: Figure) -> bool:
    """"3,108 U.S.-citizen IMGs and 6,653 non-U.S.-citizen IMGs matched, 9,761 in all": the sum of the two IMG
    types is the IMGs matched."""
    if not re.match(r"\s*(?:in all|in total|altogether|combined|together|all told)\b", r.m[f.end:f.end + 14]):
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.metric]
    groups = {g.dims["applicant_type"].value for g in prev if g.metric == "matched_pgy1" and "applicant_type" in g.dims}
    if groups != {"us_img", "non_us_img"}:
        raise Skip("a total of the figures before it: no metric for that sum")
    g = prev[-1]
    f.metric, f.metric_from = "img_matched_pgy1", f"the total of the IMG counts before it ({_q(r.m[prev[0].start:f.end])})"
    f.dims = {"year": Dim(g.dims["year"].value, f"the same as {g.stated}: {g.dims['year'].source}")} \
        if "year" in g.dims else {}
    if not f.dims:
        raise Skip("a total of the figures before it, which have no year")
    return True


NATIONAL = re.compile(r"(?i)\b(?:nationally|nationwide|national|across the (?:country|nation|U\.?S\.?)|in the "
                      r"(?:U\.?S\.?|United States|country)|all states|overall)\b")
STATE_METRICS = {"positions_total": ("positions", None), "positions_pgy1": ("positions", "PGY-1"),
                 "filled_total": ("filled", None), "filled_pgy1": ("filled", "PGY-1"),
                 "img_matched_pgy1": ("img_filled", None)}


OWN = {"group": "applicant_type", "specialty": "specialty_id", "state": "state", "level": "position_level",
       "program_type": "program_type"}


TO_SPECIALTY = {"img_matched_pgy1": ("img_filled", None), "filled_total": ("filled", None),
                "filled_pgy1": ("filled", "PGY-1"), "positions_total": ("positions", None),
                "positions_pgy1": ("positions", "PGY-1"), "img_share_of_matched_pct": ("img_share_pct", "PGY-1")}
BY_TYPE = {"positions": "program_type_positions", "filled": "program_type_filled", "fill_pct": "program_type_fill_pct",
           "program_positions": "program_type_positions", "program_filled": "program_type_filled",
           "program_fill_pct": "program_type_fill_pct"}


def _program_type(r, f: Figure, windows: list, metric: str, dims: dict):
    """"56.4% of preliminary surgery positions filled", "categorical internal medicine programs offered 11,347
    positions": a program type named with a specialty figure reads the program results by program type."""
    t = _first(r, "program_type", windows[:2] + [w for w in windows[2:] if not w[0].startswith("earlier")], f)
    if t is None:
        return metric, dims
    new = BY_TYPE.get(metric)
    if new is None:
        raise Skip(f"the data give no {METRICS[metric].description.split(',')[0].split(' (')[0]} by program type "
                   f"({t.source})")
    if "state" in dims:
        raise Skip(f"the data give figures by program type nationally, not by state ({t.source})")
    dims = {k: v for k, v in dims.items() if k in METRICS[new].dims}
    dims["program_type"] = t
    return new, dims


def _elliptic(r, f: Figure, lo: int, hi: int) -> bool:
    """"U.S. MD seniors matched at 93.5% and DO seniors at 92.6%", "IMGs held 36.3% of the filled positions; in
    neurology, 28.9%", "categorical ones at 96.8%": a clause with a subject of its own and no words that say what
    the figure is repeats the reading of the figure before it in the sentence, with its own subject."""
    if f.ctx.kind != "sentence" or f.role:
        return False
    if any(r.find(f"cue:{c}", lo, hi) for c in r.v.raw["cues"]) or r.find("noun", lo, hi) and \
            not re.search(r"\bones?\b", r.m[lo:hi]) and not COMPARED_RE.search(r.m[lo:f.start]):
        return False
    own = {dim: r.nearest(cat, lo, hi, f) for cat, dim in OWN.items()}
    own = {d: m for d, m in own.items() if m is not None}
    if not own:
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit
            and g.metric and not (lo <= g.start < hi) and not getattr(g, "compared", False)]
    if not prev:
        return False
    g = prev[-1]
    metric = g.metric
    grp = own.get("applicant_type")
    if grp is not None:
        if metric in SHARE.values() and grp.value in IMG_GROUPS:
            metric = SHARE[grp.value]
        elif metric in ("match_rate_pct", "img_match_rate_pct"):
            metric = "img_match_rate_pct" if grp.value == "img" else "match_rate_pct"
    m = METRICS[metric]
    dims = {k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items() if k in m.dims}
    for d, x in own.items():
        if d not in m.dims and not (d == "applicant_type" and metric in (*SHARE.values(), "img_match_rate_pct")):
            return False  # the figure before has no such dimension: not the same series
        if d in m.dims:
            dims[d] = Dim(x.value, f"sentence: {_q(r.words(x.start, x.end, 1, lo, hi))}")
    y = r.years_in(lo, hi)
    if y and y[0].value is not None:
        dims["year"] = Dim(y[0].value, f"sentence: {_q(r.words(y[0].start, y[0].end, 1, lo, hi))}")
    f.metric, f.metric_from = metric, f"the same as {g.stated} ({_q(r.m[g.start:f.end])})"
    f.dims = {k: dims[k] for k in ("year",) + tuple(d for d in m.dims if d != "year") if k in dims}
    _precision(r, f, lo)
    return True


GENERIC = re.compile(r"(?:active\s+|registered\s+)?(?:applicant|candidate|registrant|people|person|individual)s?\b", re.I)


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
    if u.kind == "sentence" and [m for m in r.find("anaphora", u.start, f.start)
                                 if not re.match(r"(?i)them\b", m.text)]:
        return None
    spans = [(lab, a, b) for lab, a, b in windows if not lab.startswith("earlier sentence")]
    if any(x.value != "all_applicants" for _, a, b in spans for x in r.find("group", a, b)):
        return None
    for label, a, b in spans:
        for m in r.find("noun", a, b):
            if m.value == "people" and GENERIC.fullmatch(m.text.strip()) or \
                    m.value == "people" and GENERIC.match(r.m[m.start:m.end + 1]):
                return Dim("all_applicants", f"{label}: {_q(m.text)} (no group named: all applicants)")
    return None


def _joined(r, cat: str, lo: int, hi: int) -> str:
    """Two different specialties (or groups) joined by "and" / "or" in the clause: "In internal medicine and
    family medicine, ..." gives one figure for both."""
    hits = r.find(cat, lo, hi)
    for a, b in zip(hits, hits[1:]):
        if a.value != b.value and re.fullmatch(r"\s*(?:,|and|or|&|/|as well as|plus)\s*", r.m[a.end:b.start]):
            return r.m[a.start:b.end]
    return ""


def _topic(r, f: Figure, lo: int, hi: int) -> str:
    of = re.match(r"\s*(?:of|among|in)\s+", r.m[f.end:hi])
    a, b = max(lo, f.start - 45), min(hi, f.end + (70 if of else 40))
    hits = r.find("topic", a, b)
    return r.v.topics[hits[0].value] + f" ({_q(hits[0].text)})" if hits else ""


def _change(r, f: Figure, lo: int, hi: int) -> str:
    after = r.find("change_after", f.end, min(hi, f.end + 22))
    if after and not r.m[f.end:after[0].start].strip(" -"):
        return r.m[f.start:after[0].end]
    before = [m for m in r.find("change_before", max(lo, f.start - 14), f.start) if not r.m[m.end:f.start].strip()
              and not re.search(r"\bmak(?:e|es|ing)|\bmade\s*\Z", r.m[max(lo, m.start - 8):m.start])]  # "make up"
    return r.m[before[-1].start:f.end] if before else ""


CHARTING = ("step2_median", "preferred_specialty_match_rate_pct", "preferred_specialty_applicants",
            "preferred_specialty_matched", "preferred_specialty_not_matched")


def _section_group(r, f: Figure) -> Dim | None:
    """The applicant group of the nearest section heading (not the title), when it names exactly one."""
    for j in range(f.ctx.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "heading":
            if blk.level < 2:
                return None
            hits = {m.value for m in r.find("group", blk.start, blk.end)}
            return Dim(hits.pop(), f"heading: {_q(r.excerpt(blk.start, blk.end))}") if len(hits) == 1 else None
    return None


def _section_specialty(r, f: Figure) -> Dim | None:
    """The specialty of the nearest section heading (not the title, level 1)."""
    for j in range(f.ctx.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "heading":
            if blk.level < 2:
                return None
            hits = r.find("specialty", blk.start, blk.end)
            return Dim(hits[0].value, f"heading: {_q(r.excerpt(blk.start, blk.end))}") if len(hits) == 1 else None
    return None


def _whole_of(r, f: Figure, lo: int):
    """In "A out of B" / "A among the B" / "A of the B", B is A's whole: returns A."""
    before = r.m[max(lo, f.start - 24):f.start]
    if not re.search(r"\b(?:out of|among|of the|of all|of its|of their|of a total of)\s+(?:the\s+|a total of\s+|all\s+)?\Z",
                     before) \
            and not re.search(r"\d\s+(?:matched\s+|filled\s+)?of\s+\Z", before):  # "6,653 (matched) of 11,465"
        return None
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and lo <= g.start and g.end <= f.start
            and g.number < f.number]
    if not prev or prev[-1].metric is None:
        return None
    f.whole_of = prev[-1]
    return prev[-1]


def _whole_metric(r, f: Figure, a: Figure, noun):
    wholes = r.v.raw["wholes"].get(a.metric) or {}
    noun = noun or noun_of(r, a, f.ctx.end)[0]
    metric = wholes.get(noun)
    own = re.match(r"\s+(?:[\w\-]+\s+){0,2}?(?:who\s+|that\s+|were\s+)?(matched|registered|certified)\b",
                   r.m[f.end:f.end + 50])
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
    if metric is None:
        raise Skip(f"the whole of {a.stated} ({a.metric}): no metric for it")
    m = METRICS[metric]
    dims = {k: v for k, v in a.dims.items() if k in m.dims}
    if "applicant_type" in m.dims and "applicant_type" not in dims:
        dims["applicant_type"] = Dim("all_applicants", f"the whole of {a.stated}: all applicants")
    return metric, dims, f"the whole of {a.stated} ({_q(r.m[a.start:f.end])})"


def _ratio(r, f: Figure, lo: int):
    """"A out of B (C%)": C is the share A / B."""
    if f.unit != "percent" or not re.search(r"(?:\(\s*|,\s*or\s+|,\s*that is\s+)(?:or\s+|about\s+|roughly\s+|around\s+)?\Z",
                                            r.m[lo:f.start]):
        return None
    pair = next((g for g in reversed(r.unit_figures(f)) if g.whole_of is not None and lo <= g.start
                 and g.end <= f.start and g.metric), None)
    if pair is None:
        return None
    a = pair.whole_of
    metric = next((c for x, y, c in r.v.raw["ratios"] if x == a.metric and y == pair.metric), None)
    if metric is None:
        raise Skip(f"the share {a.stated} / {pair.stated}: no metric for it")
    m = METRICS[metric]
    dims = {k: v for k, v in a.dims.items() if k in m.dims}
    if a.value and pair.value:
        share = 100 * a.value / pair.value
        f.notes.append(f"{a.stated} / {pair.stated} = {float(share):.2f}%")
    return metric, dims, f"the share {a.stated} / {pair.stated}"


def _dims(m, group, spec, spec_near, level, state, extra) -> dict:
    dims = dict(extra)
    if state is not None and m.name in STATE_METRICS:  # "Programs in Pennsylvania offered 2,654 positions"
        name, lvl = STATE_METRICS[m.name]
        if lvl and level is None:
            level = Dim(lvl, f"{m.name}: PGY-1")
        m = METRICS[name]
        dims["_metric"] = name
    if "applicant_type" in m.dims and "applicant_type" not in dims:
        if group is not None and group.value in AT or (group is not None and group.value not in IMG_GROUPS):
            dims["applicant_type"] = group
        elif group is None and "applicant_type" in m.defaults:
            dims["applicant_type"] = None  # not named: unsure (certainty before any verdict)
    if "specialty_id" in m.dims and spec is not None:
        dims["specialty_id"] = spec
    elif spec is not None and spec_near:
        raise Skip(f"the data give no {m.description.split(',')[0].split(' (')[0]} by specialty ({spec.source})")
    if "position_level" in m.dims and level is not None:
        dims["position_level"] = level
    if state is not None:
        if "state" not in m.dims:
            raise Skip(f"the data give no {m.name} by state ({state.source})")
        dims["state"] = state
    return dims


def _metric(f: Figure, cues: dict, noun, base, group, spec, level, part: bool = False, share_of_filled=False,
            offered_whole=False, in_state=False):
    """(metric, extra dimensions, the words it was read from), or (None, None, a reason)."""
    has = cues.__contains__
    g = group.value if group is not None else None

    def said(*classes):
        ws = [cues[c][0].text for c in classes if c in cues]
        return ", ".join(_q(w) for w in dict.fromkeys(ws))

    if f.unit in ("count", "number") and f.value is not None and f.value.denominator == 1 and 150 <= f.value <= 300 \
            and has("step2"):
        if has("average") and not has("median"):
            return None, None, "the data give Step 2 CK medians, not averages"
        # the outcome word nearest the figure ("255 matched vs 247 unmatched"); after it on a tie
        outs = [(c, "not_matched" if c == "unmatched" else "matched") for c in ("unmatched", "match_rate",
                                                                                 "matched_people") if has(c)]
        if not outs:
            return None, None, "Step 2 CK medians are given for matched and unmatched applicants; the text says neither"

        def gap(c):  # the word just after the figure first ("248 for those who matched", "255 matched")
            m = cues[c][0]
            return ((0, m.start - f.end) if 0 <= m.start - f.end <= 30 else
                    (1, m.start - f.end if m.start >= f.end else f.start - m.end))

        c, value = min(outs, key=lambda o: gap(o[0]))
        outcome = Dim(value, f"{cues[c][1]}: {_q(cues[c][0].text)}")
        return "step2_median", {"outcome": outcome}, said("step2", "median")
    if f.unit in ("count", "number") and has("score") and f.value is not None and 100 <= f.value <= 300:
        return None, None, "a score, but not of Step 2 CK (the only score in the data)"

    if f.unit == "percent":
        if has("preferred"):
            return "preferred_specialty_match_rate_pct", {}, said("preferred")
        if has("match_rate") and re.search(r"(?i)\bwho\s+match", cues["match_rate"][0].text):
            return "match_rate_pct", {}, said("match_rate")  # "the share of active applicants who matched"
        if has("fill_rate") and re.search(r"(?i)\bfill rate", cues["fill_rate"][0].text) and not (
                has("share") and abs(cues["share"][0].start - f.start) < abs(cues["fill_rate"][0].start - f.start)):
            # "the IMG share was 22.1% and the fill rate 82.3%": the nearest metric named is this figure's
            return "fill_pct", {}, said("fill_rate")
        if base == "people" and has("share"):  # "IMGs make up 25% of applicants"
            return None, None, "a share of applicants the data have no metric for"
        if base == "unmatched_people" or (has("unmatched") and not has("match_rate")):
            return None, None, "the share who did not match: no metric for it (the data give the match rate)"
        if base == "matched_people" or (base is None and has("matched_people") and has("share")):
            if spec is not None and g in IMG_GROUPS:
                return SHARE[g], {}, said("share", "matched_people")
            if g == "img":
                return "img_share_of_matched_pct", {}, said("share", "matched_people")
            return None, None, "a share of matched applicants the data have no metric for" + \
                (f" ({group.source})" if group else "")
        to_positions = base == "positions" or (base is None and (has("share") or has("filled"))
                                               and (spec is not None or (noun == "positions")))
        if to_positions:
            if g in IMG_GROUPS:
                return SHARE[g], {}, said("share", "filled")
            if g in (None, "all_applicants") and has("fill_rate") and not share_of_filled:
                return "fill_pct", {}, said("fill_rate")
            if g is None and share_of_filled:  # "took 40.3% of the first-year positions filled": whose share?
                return None, None, "unsure which group: a share of positions filled, and the text names no group"
            return None, None, ("a share of positions the data have no metric for" +
                                (f" ({group.source})" if group else " (no group named)"))
        if has("fill_rate") and "fill rate" in said("fill_rate").lower() and g is None:
            return "fill_pct", {}, said("fill_rate")
        if has("match_rate"):
            if has("unmatched"):
                return None, None, "the share who did not match: no metric for it (the data give the match rate)"
            if spec is not None:
                return None, None, ("the data give match rates by applicant type, not by specialty (by specialty: "
                                    f"fill rates and IMG shares; {spec.source})")
            if g == "img":
                return "img_match_rate_pct", {}, said("match_rate")
            return "match_rate_pct", {}, said("match_rate")
        if base == "people":
            return None, None, "a share of applicants the data have no metric for"
        return None, None, None

    if f.unit != "count" or f.value is None or f.value.denominator != 1:
        return None, None, None
    if has("preferred") and noun in ("people", "matches"):  # Charting Outcomes: non-U.S. IMGs by preferred specialty
        verbs = [c for c in ("unmatched", "match_rate", "matched_people") if has(c)]
        near = min(verbs, key=lambda c: abs(cues[c][0].start - f.end)) if verbs else None
        if near is not None and abs(cues[near][0].start - f.end) <= 12:
            col = "not_matched" if near == "unmatched" else "matched"
            return f"preferred_specialty_{col}", {}, said("preferred", near)
        return "preferred_specialty_applicants", {}, said("preferred")
    if has("soap"):
        return ("unfilled_offered_in_soap", {}, said("soap")) if spec is None else \
            (None, None, "the data give SOAP positions nationally, not by specialty")
    if has("unfilled") and noun in ("positions", None):
        return ("unfilled", {}, said("unfilled")) if spec is None else \
            (None, None, "the data give unfilled positions nationally, not by specialty")
    if noun == "positions":
        pgy1 = level is not None and level.value == "PGY-1"
        if level is not None and level.value != "PGY-1" and spec is None:
            return None, None, f"the data give national positions in total and PGY-1 only ({level.source})"
        near = None if offered_whole else \
            min((c for c in ("offered", "filled", "match_rate") if has(c)), default=None,
                key=lambda c: abs(cues[c][0].start - f.start))
        if near in ("filled", "match_rate"):
            if spec is not None or in_state:
                if g == "img":
                    return "img_filled", {}, said("filled", "match_rate")
                if g in (None, "all_applicants"):
                    return "filled", {}, said("filled", "match_rate")
                return None, None, f"no metric for positions filled by this group by specialty ({group.source})"
            if g == "img":
                return "img_matched_pgy1", {}, said("filled", "match_rate")
            if g in AT and g != "all_applicants":
                return "matched_pgy1", {}, said("filled", "match_rate")
            return ("filled_pgy1" if pgy1 else "filled_total"), {}, said("filled", "match_rate")
        if g in IMG_GROUPS and not has("offered") and not offered_whole:  # "IMGs were in 5,015 positions"
            return None, None, f"unsure which metric: positions of {g} without a verb that says filled ({group.source})"
        if spec is not None:
            return "positions", {}, said("offered") or ("'of its ... positions'" if offered_whole else WEAK)
        return ("positions_pgy1" if pgy1 else "positions_total"), {}, said("offered") or (
            "'of the ... positions'" if offered_whole else WEAK)
    if noun in ("people", "matches"):
        # the verb nearest the count says what it counts; in "A of the B who certified ... matched" the words
        # about B (registered, certified) are not A's
        def dist(cls):
            m = cues[cls][0]
            return (m.start - f.end) if m.start >= f.end else (f.start - m.end)

        verbs = [c for c in ("registered", "active", "unmatched", "match_rate", "filled", "matched_people")
                 if has(c) and not (part and c in ("registered", "active"))]
        verb = min(verbs, key=dist) if verbs else None
        if verb == "registered":
            return "registered_applicants", {}, said("registered")
        if verb == "active":
            return "active_applicants", {}, said("active")
        if verb == "unmatched":
            return None, None, "no metric for the number who did not match"
        if verb is not None or noun == "matches":
            if spec is not None or in_state:  # "In Pennsylvania, 629 IMGs matched": positions filled there
                if g == "img":
                    return "img_filled", {}, said("match_rate", "filled")
                if g in (None, "all_applicants"):
                    return "filled", {}, said("match_rate", "filled")
                return None, None, f"no metric for this group's matches by specialty ({group.source})"
            if g == "img":
                return "img_matched_pgy1", {}, said("match_rate", "filled", "matched_people")
            return "matched_pgy1", {}, said("match_rate", "filled", "matched_people") or "'matches'"
        if spec is not None:
            return None, None, "no metric for applicants by specialty"
        if g == "img":
            return None, None, "no metric for IMG applicants of both types together (only for those matched)"
        return ("registered_applicants" if g in (None, "all_applicants") else "active_applicants"), {}, WEAK
    return None, None, None


def _precision(r, f: Figure, lo: int) -> None:
    """Approximate figures and bounds: the words just before the number."""
    a = max(lo, f.start - 22)
    bound = [m for m in r.find("bounds", a, f.start) if not r.m[m.end:f.start].strip(" ~")]
    approx = [m for m in r.find("approximate", a, f.start) if not r.m[m.end:f.start].strip(" ~")]
    if bound or f.role == "or more":
        f.role = "bound"
        f.notes.append(f"a bound ({_q(bound[-1].text + ' ' + f.stated if bound else f.stated)}), not a figure")
    elif approx:
        word = approx[-1].text
        if f.value is not None and f.value.denominator == 1 and f.decimals == 0 and f.value % 10 == 0:
            zeros = len(str(int(f.value))) - len(str(int(f.value)).rstrip("0"))
            f.decimals = -zeros
        f.notes.append(f"stated as approximate ({_q(word)}): compared at the precision as written")


def finish_range(r, f: Figure) -> None:
    after = r.find("noun", f.end, min(f.ctx.end, f.end + 30))
    if after and after[0].value == "duration" and len(r.m[f.end:after[0].start].split()) <= 3:
        f.reason = f"a duration ({_q(r.m[f.start:after[0].end])}): no metric for it"




def read_document(doc) -> list[Figure]:
    """Every number of the article (a ``document.Document``) as a Figure; the statistics with their reading."""
    r = Reader(doc)
    figures = r.read()
    for f in figures:
        if f.kind == STATISTIC:
            interpret(r, f)
        elif f.kind == "range":
            finish_range(r, f)
    return figures
