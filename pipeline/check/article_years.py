"""Where a figure's year comes from (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

The figure's own clause first (a year right after it is its own), then its sentence, a table cell's headers or a
list item's lead-in, the sentence before, the paragraphs before it under the same heading, the headings above, and
the one year of the text's opening paragraphs. A year that is another figure's (right after it, in brackets or a
relative clause with it, a possessive before it, in a comparison after this figure) or a baseline ("since 2024")
is not this figure's; a year given relative to another ("last year") or one that earlier paragraphs contradict is
unsure; a conversation carries no year from one message to the next.
"""

from __future__ import annotations

import re

from pipeline.check.article_certainty import Skip
from pipeline.check.article_numbers import COMPARED_LEAD_IN, STATISTIC, Dim, Figure, Mention
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_tables import cell_windows
from pipeline.check.document import BLOCK_GAP


BASELINE = re.compile(r"(?i)\b(?:against|compar(?:ed|es|ing) (?:with|to)|versus|vs\.?|since|than(?: in)?|from|same as(?: in)?|as in)\s+(?:the\s+|in\s+)?"
                      r"\Z|\b(?:exactly|precisely|matching|equal\s+to|identical\s+to|level\s+with)\s+(?:their|its|the)\s+\Z")
# ("93.5%, exactly their 2024 rate": the year of the figure it equals)


# "from the 2026 Charting Outcomes report": the year of the source the figures come from, not a baseline
SOURCE_AFTER = re.compile(r"(?i)\s+(?:[\w\-]+\s+){0,3}?(?:report|edition|survey|publication)\b")


def _baseline(r, a: int, y, f: Figure | None = None) -> bool:
    """The year is a baseline ("since 2024", "compared with 2023", "from 2023", "the same as in 2024", "after the
    2023 low"), not the year of the figures (of the figure f before it: "85.0%, falling since 2018, when it was
    97.6%")."""
    before = r.m[max(a, y.start - 20):y.start]
    if re.match(r"\s*(?:is\s+|are\s+)?(?:given\s+|shown\s+)?(?:for|as\s+a)\s+comparison\b", r.m[y.end:y.end + 30]) and \
            re.search(r"\([^()]*\Z", r.m[max(0, y.start - 40):y.start]):
        return True  # "2025 Match (fill rate in 2024 for comparison)": an aside's year (not "2024 for comparison: ...")
    if f is not None and f.end <= y.start and re.search(r"(?i)\bafter\s+(?:the\s+)?\Z", before):
        return True  # "97.9%, after the 2023 low when only 81.6% filled": a later figure may be that year's
    if f is not None and y.end <= f.start and re.search(r"(?i)\bafter\s+(?:an?\s+|the\s+)?(?:[\w\-]+\s+){0,2}\Z", before) \
            and any(g.kind == STATISTIC and y.end <= g.start and g.end <= f.start and re.match(
                r"\s+(?:in\s+which|when|during\s+which)\b", r.m[y.end:g.start]) and re.search(r"[,;]", r.m[g.end:f.start])
            for g in r.unit_figures(f)):  # (not "... 2024 in which the rate fell to 92.0% and 150 went unfilled": its)
        return True  # "after a bruising 2023 in which only 81.6 percent filled, recovered to 97.9 percent": 81.6's
    if re.search(r"(?i)\b(?:up|down)\s+(?:about\s+|roughly\s+|nearly\s+|some\s+|almost\s+)?[\d.,]+\s*(?:%|percent|"
                 r"points?)?\s+on\s+(?:the\s+)?\Z", r.m[max(a, y.start - 40):y.start]):
        return True  # "43,237 positions offered, a record and up about 4% on 2024": the baseline of the change
    when = re.match(r"\s*,\s*when\b", r.m[y.end:y.end + 8])
    if f is not None and y.end <= f.start and re.match(r"[^.;:]{0,20}?\bwhen\b", r.m[y.end:f.start]):
        return False  # "a long way back from the 2023 low, when only 81.6% ... filled": the when-clause's year
    if not BASELINE.search(before) or re.match(r"['\u2019]s\b", r.m[y.end:y.end + 8]) or \
            (when and not (f is not None and f.end <= y.start)):
        return False  # "the same as 2024's 58.5%", "better than in 2024, when the rate was 53.2%": the figure's year
    return not (re.search(r"(?i)\bfrom\s+the\s+\Z", before) and SOURCE_AFTER.match(r.m[y.end:y.end + 50]))


def _own_years(r, a: int, b: int) -> list:
    """The single years of [a, b) that date what they stand with: not a change's earlier value ("up from 67.0% in
    2024") nor a baseline ("since 2024", "compared with 2023")."""
    return [y for y in r.years_in(a, b, free=True) if y.value is not None
            and not _baseline(r, a, y)]


def _after_other(r, f: Figure, y: Mention) -> bool:
    """Whether year y is another figure's: right after it ("95.5% in 2024"), before it as a possessive ("2024's
    58.5%"), or in a comparison after this figure ("38,106 positions, 850 more than the 37,526 offered in 2020")."""
    return _whose_year(r, f, y) is not None


def _whose_year(r, f: Figure, y: Mention) -> str | None:
    """How year y is another figure's ("after": "95.5% in 2024"; "possessive": "2024's 58.5%"; "compared": in a
    comparison after this figure), else None."""
    for g in r.unit_figures(f):
        if g is f or g.kind != STATISTIC:
            continue
        if y.end <= g.start and re.fullmatch(r"['\u2019]s\s+", r.m[y.end:g.start]):
            return "possessive"
        rel = next((m for m in RELATIVE_CLAUSE_RE.finditer(r.m, f.ctx.start, f.ctx.end)
                    if m.start() <= g.start and m.start() <= y.start and y.end <= m.end()), None)
        if rel is not None and not rel.start() <= f.start < rel.end():
            return "compared"  # "The specialty, which filled 99.5% of its positions in 2021, filled only 92.5%"
        if f.end <= g.start and g.end <= y.start and COMPARISON_BEFORE_RE.search(r.m, f.end, g.start) and \
                not re.search(r"[.;]", r.m[g.end:y.start]):
            return "compared"
        if g.end <= y.start and re.fullmatch(r"(?:\s*%|\s+percent)?\s+(?:in|for|of)\s+(?:the\s+)?", r.m[g.end:y.start]):
            return "after"
        if f.end <= y.start and y.end <= g.start and re.search(r"[,;]", r.m[f.end:y.start]) and \
                re.fullmatch(r"\s+(?:[\w\-]+\s+){0,4}?(?:was|were|is|stood\s+at|reached|hit|came\s+to)\s+(?:just\s+|only\s+)?",
                             r.m[y.end:g.start]):
            return "labels"  # "In 2020 their rate was 90.7%, in 2021 it was 89.1%": 2021 opens the next clause
        if f.end <= y.start and y.end <= g.start and re.search(r"\s(?:and|while|but|whereas)\s+(?:its|their|the|in)?\s*\Z",
                                                               r.m[f.end:y.start]) and \
                re.fullmatch(r"(?:['\u2019]s)?\s+(?:[a-zA-Z\-]+\s+){0,3}?", r.m[y.end:g.start]):
            return "labels"  # "Its 2019 rate was 79.6% and its 2020 rate 80.8%": the 2020 is the 80.8%'s
    return None


def _dated_in_turn(r, f: Figure, y: Mention) -> bool:
    """Whether the sentence dates its figures one by one and year y is an earlier figure's: "It filled only 81.6% of
    its 3,010 positions in 2023, then recovered to 95.5% in 2024 and to 97.9% in the table above" (not 97.9%'s)."""
    figs = [g for g in r.unit_figures(f) if g is not f and g.kind == STATISTIC]
    return y.end <= f.start and any(g.end <= y.start for g in figs) and any(
        y.end <= g.start and g.end <= f.start and g.role != "earlier value" and not re.search(
            r"(?i)\b(?:from|than|against|versus|vs\.?|compared\s+(?:with|to))\s+(?:about\s+|the\s+)?\Z",
            r.m[y.end:g.start]) and any(
            x.value not in (None, y.value) and re.fullmatch(r"(?:\s*%|\s+percent)?\s+(?:in|for)\s+(?:the\s+)?",
                                                           r.m[g.end:x.start]) and
            re.search(r"(?i)\b(?:and|then)\b", r.m[x.end:f.start]) for x in r.years_in(g.end, f.start))
        for g in figs)


BASELINE_BEFORE_RE = re.compile(r"(?i)\b(?:after|from|since|than|compared\s+(?:with|to)|against|versus|vs\.?|same\s+as|"
                                r"similar\s+to|in\s+line\s+with|unlike|exactly|precisely|matching|equal\s+to|identical\s+to|level\s+with|"
                                r"close\s+to|unchanged\s+from)\b(?:[^.;]|\.(?=\d))*\Z")  # ("the same as the 86.8% of 2024")


def _a_baselines_year(r, f: Figure, y: Mention) -> bool:
    """Whether year y dates a later figure of f's sentence that a baseline word introduces ("85.0% ..., after
    filling 88.7% in 2024", "97.9 percent ..., after a low of 81.6 percent in 2023")."""
    return any(g.kind == STATISTIC and f.end <= g.start and g.end <= y.start and re.fullmatch(
        r"(?:\s*%|\s+percent)?\s+(?:in|for|of)\s+(?:the\s+)?", r.m[g.end:y.start]) and
        BASELINE_BEFORE_RE.search(r.m, f.end, g.start) for g in r.unit_figures(f))


# between a figure and a year that opens the next clause ("67.6%, so 2024 was ...", "67.6%, and 2024 ...")
NEXT_CLAUSE_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s*[,;]\s*(?:so|and|but|while|whereas|then|yet)\s+(?:in\s+)?")


RELATIVE_CLAUSE_RE = re.compile(r",\s*(?:which|who)\b(?:[^,;()]|\([^()]*\))*,")  # (brackets inside: its own)


COMPARISON_BEFORE_RE = re.compile(r"(?i)\b(?:than|compared\s+(?:with|to)|versus|vs\.?|up\s+from|down\s+from|below\s+the|"
                                  r"above\s+the)\b")  # ("79.8 percent, slightly below the 80.2 percent of 2024")


# a sentence that opens by comparing: "That compares with ...", "By comparison, ...", "This is down from ..."
COMPARISON_OPENS_RE = re.compile(r"(?i)\s*(?:[*_>]+\s*)?(?:(?:that|this|it)(?:'s|\s+is|\s+was)?\s+(?:compares?|compared|"
                                 r"up|down|against)\b|compare\s+(?:that|this)|by\s+comparison|in\s+comparison|"
                                 r"compared\s+(?:with|to))")


def _bracketed(r, g: Figure, y: Mention, f: Figure) -> bool:
    """Whether figure g and year y stand inside one pair of brackets that figure f is not in."""
    a = r.m.rfind("(", 0, g.start)
    if a < 0 or ")" in r.m[a:g.start]:
        return False
    b = r.m.find(")", y.end)
    return b >= 0 and "(" not in r.m[y.end:b] and not a <= f.start < b


ARROW_AFTER_RE = re.compile(r"(?:\s*%|\s+percent)?\s*(?:\u2192|->)\s*[\d$]")  # "80.2% \u2192 79.8%": the earlier side
ARROW_BEFORE_RE = re.compile(r"\d(?:\s*%|\s+percent)?\s*(?:\u2192|->)\s*\Z")  # the later side
SPAN_RE = re.compile(r"\b((?:19|20)\d\d)\s*(?:\u2192|->|vs\.?|versus|to|and|(?:first)?,?\s*then)\s*((?:19|20)\d\d)\b")  # (not a range: "2015\u20132025")


def arrow_year(r, f: Figure):
    """"- **Overall match rate:** 80.2% \u2192 79.8%" under "# What changed in the Match, 2024 \u2192 2025": a pair joined
    by an arrow is the two years of the span the text names nearest before it (its own line first, then the blocks
    above); the one before the arrow is the earlier year's. None when the figure is not one side of an arrow, or
    stands between two."""
    after, before = ARROW_AFTER_RE.match(r.m, f.end), ARROW_BEFORE_RE.search(r.m, max(0, f.start - 16), f.start)
    if bool(after) == bool(before) or f.ctx is None:
        return None
    spans = [m for m in SPAN_RE.finditer(r.m, f.ctx.start, f.ctx.end) if m.end() <= f.start]
    if any(y.value is not None and not any(m.start() <= y.start < m.end() for m in spans)
           for y in r.years_in(f.ctx.start, f.ctx.end)):
        return None  # "non-US IMG: 2016 50.2% \u2192 2025 58.0%": its line dates its figures itself
    for blk in ([] if spans else reversed(r.doc.blocks[:f.ctx.block])):
        spans = list(SPAN_RE.finditer(r.m, blk.start, blk.end))
        if spans:
            break
    if not spans:
        return None
    m = spans[-1]
    k = 1 if after else 2
    return Dim(int(m.group(k)), f"{'the earlier' if after else 'the later'} side of the text's span {_q(m.group())}")


def _year(r, f: Figure, lo: int, hi: int) -> Dim | None:
    u = f.ctx
    arrow = arrow_year(r, f)
    if arrow is not None:
        return arrow
    rel = RELATIVE.search(r.m[u.start:u.end])
    before = r.block_units[u.block][u.index - 1] if u.kind == "sentence" and u.index > 0 else None
    dated_before = before is not None and any(y.value is not None for y in r.years_in(before.start, before.end))
    if rel and any(g.kind == STATISTIC and f.end <= g.start and not (dated_before and THIS_YEAR_RE.search(r.m, f.end, g.start)) and re.fullmatch(r"(?:\s*%|\s+percent)?\s+", r.m[g.end:u.start + rel.start()])
                   for g in r.unit_figures(f)):
        rel = None  # "79.8%, down from 80.2% the year before": the later figure's own year, not this one's
    if rel and not [y for y in r.years_in(lo, hi) if y.value is not None]:
        if rel.start() + u.start < f.start:  # "...was 2,521; a year earlier, 2,575 positions were offered there"
            step = _before_that(r, f, rel) or _relative_to_figure_before(r, f, rel.group())
            if step:
                return step
        return None, f"the text gives the year relative to another ({_q(rel.group())})"
    ago = YEARS_AGO.search(r.m, u.start, f.start)  # before the figure: after it, the years of a comparison
    if ago and (not [y for y in r.years_in(u.start, u.end) if y.value is not None] or not [  # ("filled in 2025, two
            y for y in r.years_in(ago.end(), u.end) if y.value is not None]):  # years after a Match in which 554 sat
        return None, f"the text gives the year relative to another ({_q(ago.group())})"  # empty": not 2025)
    nxt = min([g.start for g in r.unit_figures(f) if g.kind == STATISTIC and g.start > f.end] + [hi])
    this = THIS_YEAR_AFTER_RE.match(r.m, f.end)
    if this and [y for y in r.years_in(u.start, u.end) if y.value is not None and not _in_relative_clause(r, f, y)
                 and not _baseline(r, u.start, y, f) and not _after_other(r, f, y)]:
        # "categorical surgery filled 99.7% in 2024 and 99.8% this year": not the year the sentence names
        return None, f"the text gives the year relative to its own date ({_q(this.group().strip())})"
    own_rel = RELATIVE.search(r.m, f.end, min(nxt, f.end + 50)) or YEARS_AGO.search(r.m, f.end, min(nxt, f.end + 30))
    if own_rel:  # "filled only 92.5% of its 2,921 positions this year": the figure's own year is a relative one
        step = _relative_to_figure_before(r, f, own_rel.group())  # "58.0%, compared with 58.5% a year earlier"
        if step:
            return step
        return None, f"the text gives the year relative to another ({_q(own_rel.group())})"
    when = [y for y in r.years_in(u.start, f.start) if y.value is not None and
            re.fullmatch(r"\s*,\s*when\b[^.;:()]*", r.m[y.end:f.start])]
    if when:  # "down from 80.2% in 2024, when 35,984 out of 44,853 active applicants matched": the when-clause's
        return Dim(when[-1].value, f"sentence: {_q(r.words(when[-1].start, when[-1].end, 2, u.start, u.end))}")
    both = re.match(r"\s*(?:percent\s+)?in\s+both\s+(?:19|20)\d\d\s+and\s+((?:19|20)\d\d)\b", r.m[f.end:f.end + 40])
    if both:  # "93.5% in both 2024 and 2025": the later year (the earlier one is judged with it in the note)
        return Dim(int(both.group(1)), f"sentence: {_q(both.group().strip())}")
    own = [("sentence", lo, hi), ("sentence", u.start, u.end)] * (not this) + [  # (a table caption less its words
        w for w in cell_windows(r, u, years=True) if w[0] != COMPARED_LEAD_IN]  # about another column: "Last column: ... 2024")
    later = any(g.kind == STATISTIC and g.start >= hi for g in r.unit_figures(f)) and hi < u.end
    for i, (label, a, b) in enumerate(own):
        ys = [y for y in r.years_in(a, b, free=i > 0)  # "Against 2024, the rate fell ...": the baseline's year
              if not _baseline(r, u.start, y, f) and not _in_relative_clause(r, f, y)]
        if i == 0:  # in the clause, a year attached to the figure itself counts; one of another figure does not
            ys = [y for y in ys if y.start not in r.attached or 0 <= y.start - f.end <= 30 and not any(  # (not past
                g.kind == STATISTIC and f.end <= g.start and g.end <= y.start for g in r.unit_figures(f))]  # another)
        elif later:  # "2,473 positions were unfilled ...; in 2024 the numbers were 2,562 ...": a year in a later
            ys = [y for y in ys if y.start < hi]  # clause with figures of its own is theirs
        # "... this year (2,652 in 2024)": a year right after another figure in brackets the figure is not in is
        # that figure's
        ys = [y for y in ys if not any(g is not f and g.kind == STATISTIC and re.fullmatch(
            r"(?:\s*%|\s+percent)?\s+(?:in|for)\s+(?:the\s+)?", r.m[g.end:y.start]) and _bracketed(r, g, y, f)
            for g in r.unit_figures(f) + [x for x in r.figures if a <= x.start < b] if g.end <= y.start)]
        single = [y for y in ys if y.value is not None]
        # "- EM 2023: only 81.6% of positions filled, then 95.5% in 2024": a year right after another figure is
        # that figure's when the sentence names a year of no figure's
        single = [y for y in single if _whose_year(r, f, y) not in ("possessive", "compared")]  # never this one's
        single = [y for y in single if not (y.start > f.end and re.match(r"\s*:\s*\d|[ \t]+\d", r.m[y.end:y.end + 4]))]
        single = [y for y in single if not _dated_in_turn(r, f, y)]
        if any(y.end <= f.start for y in single):  # "the 2023 US-IMG rate was 67.6%, so 2024 was a small dip": a year
            single = [y for y in single if not (y.start > f.end and NEXT_CLAUSE_RE.fullmatch(r.m, f.end, y.start))]  # after
        # ("52,498 (2024: 50,413)", "In 2023 it was 67.6%, in 2022 61.8%": the year labels the figure after it)
        free = [y for y in single if not _after_other(r, f, y)]
        if len(free) < len(single):
            in_sentence = [y for y in r.years_in(u.start, u.end) if y.value is not None and not _after_other(r, f, y)
                           and not _baseline(r, u.start, y)]
            if free or in_sentence:
                single = free
            else:  # "filled only 85.0% of its 5,357 positions, after filling 88.7% in 2024": not 2024
                single = [y for y in single if not _a_baselines_year(r, f, y)]
                after = [y for y in r.years_in(u.start, f.start) if y.value is not None
                         and _whose_year(r, f, y) == "after"]
                dated = sorted({y.value for y in after})
                if len(dated) > 1 and re.search(r"(?i)\b(?:before|then|followed\s+by)\b", r.m[after[-1].end:f.start]):  # "58.1% in 2022 and 59.8% in 2023 before 58.5% and 58.0% in the two latest
                    return None, (f"the sentence dates its other figures one by one "  # Matches": neither year
                                  f"({', '.join(map(str, dated))}), and this one has no year of its own")
        if single:
            # "52.3% in 2024, 51.4% in 2023": a year right after the figure ("in 2023") is the figure's own
            own_y = [x for x in single if x.start >= f.end and re.fullmatch(
                r"\s*(?:percent\s+|(?:PGY-1\s+)?(?:programs|positions|applicants)\s+)?(?:(?:in|for|during)\s+(?:the\s+|both\s+)?|\(\s*)",
                r.m[f.end:x.start])]  # "11.72 (2015)", "to 227 programs in 2025" (not "from 100 programs ... in 2015")
            y = own_y[0] if own_y else \
                min(single, key=lambda x: (x.start - f.end, 1) if x.start >= f.end else (f.start - x.end, 0))
            words = r.words(y.start, y.end, 2, a, b) if label == "sentence" else r.excerpt(a, b)
            return Dim(y.value, f"{label}: {_q(words)}")
        if ys and label == "sentence" and (a, b) == (u.start, u.end):
            span = r.words(ys[0].start, ys[-1].end, 0) if len(ys) > 1 else r.words(ys[0].start, ys[0].end, 1)
            if any(y.value is not None for y in ys):  # years the filters above gave to other figures
                raise Skip(f"unsure which year: the sentence's year ({_q(span)}) is another figure's")
            raise Skip(f"the year is ambiguous: the sentence names a span of years ({_q(span)})")
    if u.kind == "sentence":
        for prev in reversed(r.block_units[u.block][: u.index]):
            ys = [y for y in _own_years(r, prev.start, prev.end)  # (not a label of its figures in brackets: "(2024:
                  if not (re.match(r"\s*:\s*\d", r.m[y.end:y.end + 4]) and r.m[y.start - 1:y.start] == "(")]  # 41,503)")
            if len({y.value for y in ys}) > 1 and not r.years_in(u.start, u.end):
                # "... filled 93.6% in 2015 and 92.4% in 2021. Anesthesiology's advanced positions filled 308 of 309."
                return None, (f"the sentence before names several years "
                              f"({', '.join(map(str, sorted({y.value for y in ys})))})")
            this = THIS_YEAR_RE.search(r.m, prev.start, prev.end)
            if ys and this and any(g.kind == STATISTIC and min(this.end(), ys[-1].end) <= g.start and
                                   g.end <= max(this.start(), ys[-1].start) for g in r.figures if g.ctx is prev):
                # "... matched at 93.5% this year, ... under the 94.3% they reached in 2018. Nationally, 18,465 of
                # 20,368 ...": the sentence before dates its figures by the text's own date and by another year
                return None, (f"the sentence before dates its figures both by the text's own date "
                              f"({_q(this.group())}) and by {ys[-1].value}")
            later = max((y.value for y in r.years_in(0, f.start) if y.value is not None and not SOURCE_AFTER.match(
                r.m, y.end)), default=0)  # (not a report's edition: "the 2026 report on non-U.S. IMGs")
            if ys and any(g.role == "earlier value" for g in r.unit_figures(f)) and not r.years_in(u.start, u.end) \
                    and later > ys[-1].value:
                # "The 2025 Match ... In 2024, 50,413 had registered. The overall match rate slipped to 79.8% from
                # 80.9%.": a change names two years; the one of the sentence before may be the earlier value's
                return None, (f"a change between two values, and the sentence names no year: {ys[-1].value}, "
                              f"the sentence before's, may be the earlier value's ({later} is named before it)")
            if ys and not r.years_in(u.start, u.end) and later != ys[-1].value and \
                    COMPARISON_OPENS_RE.match(r.m, prev.start):
                # "... 43,237 across all levels. That compares with about 38,500 first-year positions in 2024. After
                # the Match, 2,473 positions were still unfilled": the sentence before dates the figure compared with
                return None, (f"the sentence before dates a figure compared with ({ys[-1].value}), and "
                              f"{later} is named before it")
            if ys:
                return Dim(ys[-1].value, f"earlier sentence: {_q(r.excerpt(prev.start, prev.end))}")
    if r.doc.conversation:  # another message's year is its speaker's: not certain for this one
        return _speakers_year(r, f) or (
            None, "the text names no year in this message (a conversation: earlier messages are others')")
    for j, blk in _upward(r, u.block - 1):
        ys = list(_own_years(r, blk.start, blk.end))
        if ys and (blk.kind == "item" or not any(g.kind == STATISTIC for g in r.figures if blk.start <= g.start < blk.end)
                   ) and len({y.value for y in ys}) > 1:  # (or a paragraph with no figure: "from NRMP's 2025 ... and the 2026 report")  # "- Registered applicants: 52,498 (2025),
            return None, (f"the list item before names several years "  # 50,431 (2024)" over "- Positions offered: ..."
                          f"({', '.join(map(str, sorted({y.value for y in ys})))})")
        if ys:
            where = "heading" if blk.kind == "heading" else "earlier list item" if blk.kind == "item" else \
                "earlier paragraph"
            sent = next((x for x in r.block_units[j] if x.start <= ys[-1].start < x.end), None)
            text = r.excerpt(sent.start, sent.end) if sent else r.excerpt(blk.start, blk.end)
            if blk.kind != "heading":
                others = _years_above(r, j - 1)
                said = _default_year(r, u.block)
                if said is not None and said.value == ys[-1].value:
                    return said  # "Figures are from the 2025 Match unless another year is given", "Class of 2027"
                if others - {ys[-1].value}:
                    named = sorted(others | {ys[-1].value}, reverse=True)
                    return named, (f"the nearest earlier paragraph names {ys[-1].value}, but the "
                                   + ("heading above" if _years_above(r, j - 1, True) else "paragraphs before it")
                                   + " name " + ", ".join(str(y) for y in named if y != ys[-1].value))
            return Dim(ys[-1].value, f"{where}: {_q(text)}")
    return _opening_year(r, f)


SPEAKER_RE = re.compile(r"\s*(?:\[[^\]]{1,20}\]\s*)?(?:\*\*)?([A-Z][\w .'\-]{0,24}?)(?:\*\*)?:\s")


def _speakers_year(r, f: Figure) -> Dim | None:
    """In a conversation, the year of the speaker's own last message that names one ("A: In the 2025 Match, ..." over
    "A: You have to split them in two ..."), when no message since names another year."""
    def speaker(k):
        b = r.doc.blocks[k]
        m = SPEAKER_RE.match(r.m, max(r.m.rfind("\n", 0, b.start), r.m.rfind(BLOCK_GAP, 0, b.start)) + 1)
        return m.group(1).strip() if m and b.kind == "paragraph" else None

    me = speaker(f.ctx.block) if f.ctx is not None and f.ctx.block is not None else None
    if me is None:
        return None
    seen = set()
    for k in range(f.ctx.block - 1, -1, -1):
        ys = {y.value for y in _own_years(r, r.doc.blocks[k].start, r.doc.blocks[k].end)}
        if speaker(k) == me and ys:
            if len(ys) == 1 and not seen - ys:
                y = ys.pop()
                return Dim(y, f"an earlier message of the same speaker ({me}): {_q(r.excerpt(r.doc.blocks[k].start, r.doc.blocks[k].end))}")
            return None
        seen |= ys
    return None


def _upward(r, j: int):
    """(index, block) from block j up: the blocks of its own section, then the headings above it, each of a
    higher level than the last (a paragraph under an earlier heading of the same level is another section's)."""
    level = None
    for k in range(j, -1, -1):
        blk = r.doc.blocks[k]
        if blk.kind == "heading":
            if level is not None and blk.level >= level:
                continue
            level = blk.level
        elif level is not None:
            continue
        yield k, blk


# "Figures are from the NRMP 2025 Main Residency Match unless another year is given."
DEFAULT_YEAR_RE = re.compile(r"(?i)\b(?:figures|numbers|data|statistics|rates|counts)\b[^.;]{0,60}?\b((?:19|20)\d\d)\b"
                             r"[^.;]{0,60}?\bunless\s+(?:another\s+year|a\s+different\s+year|otherwise|stated|noted)")


def _default_year(r, j: int) -> Dim | None:
    """The year a paragraph before block j says every figure has unless another is given, else None."""
    for k in range(j - 1, -1, -1):
        b = r.doc.blocks[k]
        m = DEFAULT_YEAR_RE.search(r.m, b.start, b.end) if b.kind == "paragraph" else None
        if m:
            return Dim(int(m.group(1)), f"what the text says its figures are: {_q(r.m[m.start():m.end()])}")
    return None


def _opening_year(r, f: Figure) -> Dim | None:
    """The one year the text's opening paragraphs (before its first section heading) name: "The 2026 edition for
    non-U.S.-citizen IMGs is out" above sections headed "INTERNAL MEDICINE", "PEDIATRICS" ..."""
    heads = [j for j, b in enumerate(r.doc.blocks) if b.kind == "heading"]
    first_section = next((j for j in heads if j > 0 and any(r.doc.blocks[k].kind != "heading" for k in range(j))),
                         None)
    if first_section is None or f.ctx.block <= first_section:
        return None
    years = {y.value for j in range(first_section) if r.doc.blocks[j].kind != "heading"
             for y in _own_years(r, r.doc.blocks[j].start, r.doc.blocks[j].end)}
    if len(years) != 1:
        return None
    return Dim(years.pop(), "the text's opening paragraphs")


def _years_above(r, j: int, headings_only: bool = False) -> set:
    """The year of the section a paragraph stands in: the free years of the nearest heading above block j
    that names one; without one, those of the blocks before j in its section."""
    paragraphs = set()
    for _, blk in _upward(r, j):
        ys = {y.value for y in _own_years(r, blk.start, blk.end)}
        if blk.kind == "heading" and ys:
            return ys
        if blk.kind != "heading":
            paragraphs |= ys
    return set() if headings_only else paragraphs


RELATIVE = re.compile(r"(?i)\b(?:a year (?:earlier|before|ago|later)|the (?:year|match) before|the (?:previous|prior|"
                      r"preceding|following|next) (?:year|match|cycle)|last year|last year's|the year after)\b")
THIS_YEAR_RE = re.compile(r"(?i)\bthis\s+(?:year|cycle|Match)\b")
THIS_YEAR_AFTER_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+(?:[\w\-]+\s+){0,3}?this\s+(?:year|cycle|Match)\b")
# "Ten years ago, the IMG share was closer to 35%": years counted back from a year the sentence does not name
YEARS_AGO = re.compile(r"(?i)\b(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\d+) years|"
                       r"(?:a|one|two) decades?) (?:ago|earlier|before|later|after|on)\b|"
                       r"\b(?:an?|the)\s+(?:earlier|older|previous|prior)\s+(?:edition|report|version)s?\b")  # "an
# earlier edition had reported a median of 238": some year before the report's


# a year one before or after another: counted from the figure before it in the sentence, whose year the sentence
# itself names ("58.0% in 2025, compared with 58.5% a year earlier": 2024); "last year" and "a year ago" count from
# a date the text does not give, and stay unsure
STEP = {-1: re.compile(r"(?i)a year (?:earlier|before)|the (?:year|match) before|the (?:previous|prior|preceding) "
                       r"(?:year|match|cycle)"),
        1: re.compile(r"(?i)a year later|the (?:following|next) (?:year|match|cycle)|the year after")}


def _before_that(r, f: Figure, rel) -> Dim | None:
    """"lower than 2024's 58.8%, and the year before that the rate was 59.4%": "before that" counts from the last
    year the sentence names before the words (2023), not from the sentence's first figure."""
    u = f.ctx
    a, b = u.start + rel.start(), u.start + rel.end()
    step = next((k for k, rx in STEP.items() if rx.fullmatch(" ".join(rel.group().split()))), None)
    years = [y for y in r.years_in(u.start, a) if y.value is not None]
    if step is None or not years or not re.match(r"\s+that\b", r.m[b:b + 6]):
        return None
    return Dim(years[-1].value + step, f"{_q(r.m[a:b + 5])}: one year {'before' if step < 0 else 'after'} "
                                        f"{years[-1].value}")


def _relative_to_figure_before(r, f: Figure, words: str) -> Dim | None:
    step = next((k for k, rx in STEP.items() if rx.fullmatch(" ".join(words.split()))), None)
    before = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.metric]
    u = f.ctx
    if not before and u.kind == "sentence" and u.index > 0:  # "In 2025, 9,761 IMGs matched. The year before, 9,045
        prev = r.block_units[u.block][u.index - 1]  # IMGs matched": the sentence before's year
        before = [g for g in r.figures if g.ctx is prev and g.kind == STATISTIC and g.metric]
        if len({g.dims["year"].value for g in before if "year" in g.dims}) > 1:
            return None
    if step is None or not before or "year" not in before[-1].dims:
        return None
    g = before[-1]
    if g.ctx is u and g.dims["year"].source.startswith(_q(words) + ":") and r.m.find(words, u.start, g.start) >= 0:
        return g.dims["year"]  # "A year earlier, 41,503 positions had been offered and 38,941 filled": the year the
    # words before both gave the figure before (not "down from 2,652 a year earlier, and 2,575 were offered")
    if not re.sub(r"\Athe same as [^:]+: ", "", g.dims["year"].source).startswith(("sentence", "earlier sentence")):
        return None  # its year comes from further away (not its paragraph): counting from it would not be certain
        # (or from the figure it is compared with, whose own year its sentence gives: "the same as 56.4%: ...")
    return Dim(g.dims["year"].value + step, f"{_q(words)}: one year {'before' if step < 0 else 'after'} {g.stated}'s "
                                             f"{g.dims['year'].value}")


def _in_relative_clause(r, f: Figure, y) -> bool:
    """"Emergency medicine, which scared students off after 2023, filled 97.9 percent ... in 2025": a year in a
    relative clause between commas that the figure is not in describes the subject, not the figure."""
    return any(m.start() <= y.start and y.end <= m.end() and not m.start() <= f.start < m.end()
               for m in RELATIVE_CLAUSE_RE.finditer(r.m, f.ctx.start, f.ctx.end))

