"""Which definition of a series a text names (`matchstats check ARTICLE`; used by ``pipeline.check.article_output``).

The data give, beside a metric's own series, related ones a text may quote instead (the no-couples series of the
rank-order-list report, the program results' count over all program types, the Charting Outcomes report's own
headline rate). A figure that has such a series' value, in a paragraph, list lead-in, table lead-in, title or
lead ("The figures below come from its rank order list report") that names that definition in its own words, is
that series' figure; one confirmed in the metric's own series where the text names the other is another
definition's.
"""

from __future__ import annotations

import re

from pipeline.check.article_sections import SCOPE_RE
from pipeline.check.article_numbers import Figure
from pipeline.check.document import Document
from pipeline.check.registry import DIFFERENT_DEFINITION, METRICS, NO_COUPLES_NOTE, NOT_IN_DATA
from pipeline.check.verdicts import Checker


# the definitions the data give beside a metric's own that a text can name in words of its own (the related
# series' label -> the words): a figure that has that series' value, in a paragraph that names it, is that series
NAMED_DEFINITIONS = {NO_COUPLES_NOTE: re.compile(r"(?i)\bcouples?[-\s](?:excluded|left\s+out|aside|not\s+included|removed|"
                                                 r"out\b|excluding|are\s+(?:left\s+out|excluded))|\b(?:excluding|without|"
                                                 r"leaving\s+(?:out|aside)|leaves?\s+out|excludes?|minus|not\s+counting|"
                                                 r"omit\w*|drops?)\s+(?:the\s+)?couples?\b|\bno[-\s]+couples?\b|\b(?:leaves?|leaving|left|drops?|dropped|"
                                                 r"excludes?|excluded)\s+(?:the\s+)?couples\s+out\b|\brank[-\s](?:order[-\s](?:list[-\s])?|list[-\s])"
                                                 r"(?:lengths?|report)\b|\bROL\s+(?:report|stuff|analys[ie]s|series|rates?)\b|%\s+ROL\b|"
                                                 r"\bwithout\s+a\s+partner\b|\breport\s+on\s+rank[-\s]order[-\s]lists?\b|"
                                                 r"\b(?:leaves?|leaving|left)\s+out\s+(?:[\w\-]+\s+){1,7}?(?:as\s+)?couples\b|\b(?:because\s+of|due\s+to)\s+(?:the\s+)?couples\b|\bnot\s+(?:enter|entering|entered)\s+as\s+"
                                                 r"(?:a\s+)?couples?\b|"
                                                 # a table of average programs ranked: the rank-order-list report's
                                                 r"\b(?:avg\.?|average|mean)\s+(?:number\s+of\s+)?programs\s+ranked\b"),
                     # "pediatrics offered 3,217 positions across all program types": the program results' count
                     "all program types (program results)": re.compile(r"(?i)\ball\s+(?:program\s+)?types\b"),
                     # "the report's own headline rate, an average over specialties, is 41.5%" (Charting Outcomes)
                     "the report's headline rate": re.compile(r"(?i)\b(?:average|mean|averaged)\s+(?:over|of|across)\s+(?:the\s+)?"
                                                              r"(?:\d+\s+)?(?:charted\s+)?specialties|\bwithout\s+weight(?:ing|s)\b|"
                                                              r"\baveraged\s+(?:over|across)\s+"
                                                              r"them\b(?=.{0,40}\bmatch\s+rate)|\bunweighted\b|\breport['\u2019]s\s+"
                                                              r"(?:own\s+)?headline")}


SAME_SERIES = re.compile(r"(?i)\b(?:(?:the\s+)?same|that|this)\s+(?:series|report|definition|measure)\b|"
                         r"\bthe\s+series(?:'s)?\s+(?:rate|figure|value)s?\b|"  # "For U.S. MD seniors the series rate was"
                         r"\A\W*(?:in|by|from|according\s+to)\s+it\s*,")  # "In it, non-U.S.-citizen IMGs ..."


def _named_before(doc: Document, j: int):
    """The nearest block before block j that is not a heading and does not itself say only "the same series" ("In
    that report for 2025, non-US IMGs: 6,512 matched" under "And in that same report ..." under "The rank order list
    report leaves couples out ..."); at most three blocks back."""
    back = [b for b in doc.blocks[:j] if b.kind != "heading"][::-1][:3]
    for b in back:  # in the figure's section, the nearest that names a definition ("This chart uses the rank-order-
        if any(x.kind == "heading" and b.start <= x.start for x in doc.blocks[:j]):  # list report, ..." two
            break  # paragraphs before "In this series the overall match rate was 80.5%")
        if any(w.search(doc.text, b.start, b.end) for w in NAMED_DEFINITIONS.values()):
            return b
    for b in back:
        if not SAME_SERIES.search(doc.text, b.start, b.end) or any(
                w.search(doc.text, b.start, b.end) for w in NAMED_DEFINITIONS.values()):
            return b
    return None


def definition_blocks(doc: Document, f: Figure) -> list:
    """The blocks whose words may name the definition of a figure's series: its own, the heading above, a list's or
    table's lead-in, and the paragraph before when its own says "the same series"."""
    blk = doc.blocks[f.ctx.block]
    heading = next((b for b in reversed(doc.blocks[:f.ctx.block]) if b.kind == "heading"), None)
    lead = next((b for b in reversed(doc.blocks[:f.ctx.block]) if b.kind != "item"), None) \
        if blk.kind in ("item", "table") else None  # a list's or table's lead-in ("The figures leave couples out")
    before = _named_before(doc, f.ctx.block) if SAME_SERIES.search(doc.text, blk.start, blk.end) else None
    # ("in the same series": the one named before, past blocks that also say only "that report")
    u = f.ctx  # "Of the MD seniors in the 2025 report, ...": the report the text named before
    report = next((b for b in reversed(doc.blocks[:f.ctx.block]) if b.kind != "heading" and
                   re.search(r"(?i)\breport\b", doc.text[b.start:b.end])), None) \
        if u.kind == "sentence" and THE_REPORT.search(doc.text, u.start, u.end) else None
    intro = _intro(doc)
    methods = []  # a "Methods" or "Data" section before the figure says which report all the figures are from
    for k, b in enumerate(doc.blocks[:f.ctx.block]):
        if b.kind == "heading" and METHODS_HEADING_RE.match(doc.text, b.start, b.end):
            methods += [x for x in doc.blocks[k + 1:f.ctx.block] if x.kind == "paragraph"][:1]
    return [b for b in (blk, heading, lead, before, report, *intro, *methods) if b is not None]


def _intro(doc: Document) -> list:
    """The opening paragraphs of a text whose title names rank order lists, or whose lead says "the figures below
    come from ...": they say which report all its figures are from."""
    title = next((b for b in doc.blocks if b.kind == "heading"), None)
    if title is None or title.level != 1:
        return []
    opening = []
    for b in doc.blocks[doc.blocks.index(title) + 1:]:
        if b.kind != "paragraph":
            break
        opening.append(b)
    if ROL_TITLE.search(doc.text, title.start, title.end) or any(
            SCOPE_RE.search(doc.text, b.start, b.end) for b in opening):
        return opening
    return []


METHODS_HEADING_RE = re.compile(r"(?i)\W*(?:methods?|data(?:\s+and\s+methods)?|sources?|about\s+the\s+data)\W*$")


ROL_TITLE = re.compile(r"(?i)\brank[-\s]order[-\s]lists?\b|\brank\s+lists?\b|\bROLs?\b")


THE_REPORT = re.compile(r"(?i)\b(?:the|that|this)\s+(?:\d{4}\s+)?report\b")


def named_definition(doc: Document, f: Figure, res) -> str:
    """The other definition the figure's paragraph names, when the figure is that definition's value."""
    if res.verdict not in (DIFFERENT_DEFINITION, NOT_IN_DATA) or f.ctx is None:
        return ""  # (a year the headline series lacks, in which the figure is the named series' value: not in data)
    blocks = definition_blocks(doc, f)
    for label, words in NAMED_DEFINITIONS.items():
        level = f.dims.get("position_level")
        if "program results" in label and level is not None and level.value == "PGY-1":
            continue  # "PGY-1 figures ... (all program types)": the program results also count advanced PGY-2 positions
        naming = [b for b in blocks if words.search(doc.text[b.start:b.end]) and not (
            f.ctx.kind == "cell" and b is doc.blocks[f.ctx.block] and not any(  # a table cell: its own words, row and
                words.search(doc.text, a, z) for a, z in _cell_spans(doc, f)))]  # the table's headers, not another
        # row's note ("The rank-order-list report puts 2019 at 80.2%")
        if (label in res.found_in or f"it matches another series: {label}" in res.note) and naming:
            u = f.ctx  # "Amir: headline non-US IMG rate was 56.1% in 2018, ... 58.2% in 2022": the words that open
            first = re.search(r"\d", doc.text[u.start:u.end]) if u.kind == "sentence" else None  # its sentence say
            # headline, whatever the text names elsewhere (not "... differ from the headline ones: ... in this series")
            if label == NO_COUPLES_NOTE and first and HEADLINE_NAMED.search(doc.text, u.start, u.start + first.start()) \
                    and not words.search(doc.text, u.start, u.end) and not SAME_SERIES.search(doc.text, u.start, u.end):
                return ""
            scoped = any(SCOPE_RE.search(doc.text, b.start, b.end) or _headline_as_contrast(doc, b) for b in naming)
            if label == NO_COUPLES_NOTE and not scoped and doc.blocks[f.ctx.block] not in naming and \
                    all(HEADLINE_NAMED.search(doc.text[b.start:b.end]) for b in naming) and \
                    not SAME_SERIES.search(doc.text, f.ctx.start, f.start):  # ("In this series ... 80.5%": the one)
                return "both"  # a lead-in: "rates from the report that leaves couples out say so; otherwise, couples
                # included" over an item that names neither
            if label == NO_COUPLES_NOTE and not scoped and doc.blocks[f.ctx.block] in naming:
                return _nearest_naming(doc, f, words) or label
            return label
    return ""


def _cell_spans(doc: Document, f: Figure) -> list:
    """A table cell's own words, its row's labels and headers, and the table's header rows."""
    b = doc.blocks[f.ctx.block]
    heads = [(a, z) for row in b.rows[:b.header_rows if b.header else 0] for a, z in row]
    return [(f.ctx.start, f.ctx.end)] + [(a, z) for _, a, z in f.ctx.extra] + heads


def _nearest_naming(doc: Document, f: Figure, words) -> str:
    """In the figure's own paragraph, which definition the words nearest before the figure name: "" for the
    no-couples one (the label stands), "both" when that is the headline ("Counting couples, as NRMP's headline figure
    does, 79.6% ... In 2024 the rate was 80.9%.") or when the paragraph names the no-couples series only after the
    figure's sentence ("... 81.3% in 2020. Excluding couples, 80.5% matched")."""
    u, blk = f.ctx, doc.blocks[f.ctx.block]
    if u.kind != "sentence":
        return ""
    t = doc.text
    prev_num = max((m.end() for m in re.finditer(r"\d[\d,.]*%?", t[u.start:f.start])
                    if not re.fullmatch(r"(?:19|20)\d\d", m.group())), default=0)
    before = re.split(r"(?<=[.!?])\s+", t[blk.start:u.start])[::-1]
    for part in [t[u.start + prev_num:f.start], t[u.start:u.start + prev_num], *before]:
        # the figure's own words first, then the rest of its sentence, then the sentences before it, nearest first
        if words.search(part):
            return ""
        if HEADLINE_NAMED.search(part):
            return "both"
    return "both" if words.search(t, u.end, blk.end) else ""


NEXT_CLAUSE_RE = re.compile(r",\s+(?:and|while|whereas|but)\s+")
CONTRAST_BEFORE_RE = re.compile(r"(?i)\b(?:differ\w*\s+(?:\w+\s+)?from|unlike|rather\s+than|instead\s+of|not|than)\s+(?:the\s+)?"
                                r"(?:[\w\-]+\s+)?\Z")


def _headline_as_contrast(doc: Document, b) -> bool:
    """"Figures from the rank-order-list report, which leaves couples out, so the rates differ slightly from the
    headline rates": the block names the headline series only as what its figures are not."""
    hits = list(HEADLINE_NAMED.finditer(doc.text, b.start, b.end))
    return bool(hits) and all(CONTRAST_BEFORE_RE.search(doc.text, max(b.start, h.start() - 40), h.start()) for h in hits)


HEADLINE_NAMED = re.compile(r"(?i)\bheadline\b|\bcouples\s+included\b|\b(?:including|counting|with)\s+(?:the\s+)?couples\b")


COMPARED_AFTER_RE = re.compile(r"(?i)\b(?:from|compared\s+(?:with|to)|against|versus|vs\.?|than|but|while|whereas)\b")


def named_other(checker: Checker, doc: Document, f: Figure) -> tuple:
    """(label, value) of the other definition the text names for a figure confirmed in the metric's own, when that
    definition's value differs: "The figures leave couples out ... | U.S. DO seniors | 7,412 |" (7,412 counts them)."""
    if f.ctx is None or f.approximate:
        return ()
    u = f.ctx
    if u.kind == "sentence":  # the figure's own part of its sentence (between the figures around it) names the other
        t, at = doc.text[u.start:u.end], f.start - u.start  # definition, and not the headline
        nums = [m for m in re.finditer(r"\d[\d,.]*\d%?|\d%?", t) if not re.fullmatch(r"(?:19|20)\d\d", m.group())]
        lo = max([m.end() for m in nums if m.end() <= at] + [0])
        close = re.match(r"[^()]*\)", t[lo:at])  # "93.7% (93.9% couples excluded), DO seniors at 91.6%": the words
        lo = lo + close.end() if close else lo  # in the brackets of the figure before are that figure's
        lo = max(lo, t.rfind(";", lo, at) + 1)  # ("91.9% in the rank order list report; MD seniors at 93.7%": not its)
        cut = [m.end() for m in NEXT_CLAUSE_RE.finditer(t, lo, at)] if lo > 0 else []
        lo = cut[-1] if cut else lo
        # ("58.3% in 2025, a shade above the headline figure because couples are excluded, and U.S.-citizen IMGs at
        # 67.8%": the words before the last ", and" are the figure before's)
        hi = min([m.start() for m in nums if m.start() >= at + len(f.stated)] + [len(t)])
        semi = t.find(";", at + len(f.stated))  # "... and 37,667 matched; the rank order list report counts ...":
        hi = min(hi, semi) if semi >= 0 else hi  # the clause after the semicolon is not the figure's
        cmp = COMPARED_AFTER_RE.search(t, at + len(f.stated), hi)  # "fell to 54.8%, from a rate the rank-order-list
        hi = cmp.start() if cmp else hi  # report puts at 61.8%": the words of the figure compared with
        texts = [t[lo:hi]]
        if HEADLINE_NAMED.search(texts[0]):
            return ()
        opening = t[:nums[0].start()] if nums else ""  # "Leaving couples out again, ... 50.4 percent in 2015 and 58.0
        if opening and not HEADLINE_NAMED.search(t):  # percent in 2025": words that open the sentence set its scene
            texts.append(opening)
        if SAME_SERIES.search(t):  # "By that measure 75.9% ...": the sentence before says which (or, at the start
            blk = doc.blocks[u.block]  # of a paragraph or a message, the block before: "And in that same report ...")
            texts.append(doc.text[max(blk.start, u.start - 400):u.start])
            before = _named_before(doc, u.block) if u.index == 0 or not any(  # (or when the sentences before it
                w.search(texts[-1]) for w in NAMED_DEFINITIONS.values()) else None  # in its paragraph name none)
            texts += [doc.text[before.start:before.end]] if before is not None else []
            if not any(w.search(x) for x in texts for w in NAMED_DEFINITIONS.values()):  # "in this series", in a
                texts += [doc.text[b.start:b.end] for b in _intro(doc)]  # text about the rank-order-list report
    else:  # a table's or list's own words or lead-in say what all its figures are ("The figures leave couples out")
        blk = doc.blocks[u.block]  # (a table cell: its own row and headers, not another row's "(couples excluded)")
        if blk.kind == "table" and any(HEADLINE_NAMED.search(doc.text[a:b]) for lab, a, b in u.extra
                                       if lab == "column header"):
            return ()  # "| All applicants | 80.2% | 80.9% |" under "| Headline rate | Rank order list report |"
        texts = [doc.text[b.start:b.end] for b in definition_blocks(doc, f) if b is not blk and b.kind != "heading"]
        if any(HEADLINE_NAMED.search(x) for x in texts) and not any(SCOPE_RE.search(x) for x in texts):
            # the lead-in defines both series, and says neither is all the figures' ("The headline rate ...
            texts = []  # The rank-order-list report ... couples are excluded"): only the cell's own words say which
        texts += [doc.text[a:b] for _, a, b in u.extra] if blk.kind == "table" else [doc.text[blk.start:blk.end]]
    dims = {k: d.value for k, d in f.dims.items()}
    for rel in METRICS[f.metric].related:
        words = NAMED_DEFINITIONS.get(rel.label)
        if words is None or rel.label != NO_COUPLES_NOTE or not any(words.search(x) for x in texts):
            continue
        if rel.when is not None and not rel.when(dims):
            continue
        rdims = {k: v for k, v in dims.items() if k not in rel.drop and k != "year"}
        rdims.update(rel.set)
        value = checker.fetch(rel.series, rdims).values.get(dims.get("year"))
        if value is not None and not value.matches(f.stated_value):
            return rel.label, value.show(max(f.decimals, 0))
    return ()


# the same positions counted in another NRMP table: a specialty's positions, filled positions or fill rate in the
# program results (all program types summed) and in the state/specialty report (all levels)


def names_rol_report(doc: Document, f: Figure) -> bool:
    """Whether the words around a figure name NRMP's rank order list report (or its leaving couples out): the only
    source of a count of the unmatched ("4,655 did not match" is that report's; "4,812 did not" may be a text's own
    active minus matched)."""
    words = NAMED_DEFINITIONS[NO_COUPLES_NOTE]
    return f.ctx is not None and any(words.search(doc.text, b.start, b.end) for b in definition_blocks(doc, f))
