"""What a section or the whole text says its figures are about (`matchstats check ARTICLE`; the rules are
``pipeline.check.article``): the applicant group or specialty of the nearest section heading, a heading that is one
group's name (a card: "## U.S. DO seniors"), a paragraph that says what all figures below are ("All figures below are
for non-U.S. IMGs"), and the report a section or the title names.

The windows of a figure's own sentence, cell or item are ``pipeline.check.article_context``.
"""

from __future__ import annotations

import re

from pipeline.check.article_numbers import STATISTIC, Dim, Figure
from pipeline.check.article_patterns import MAIN_MATCH_RE
from pipeline.check.article_numbers import quote as _q


def _group_heading(r, f: Figure) -> bool:
    """The nearest heading above the figure is the name of one applicant group and little else ("## U.S. DO
    seniors", "<h2>Non-U.S.-citizen IMGs, 2025</h2>"): a card or section whose figures are that group's."""
    for j in range(f.ctx.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind != "heading":
            continue
        hits = [m for m in r.find("group", blk.start, blk.end) if m.value != "all_applicants"]
        if len({m.value for m in hits}) != 1:
            return False
        rest = r.m[blk.start:hits[0].start] + " " + r.m[hits[0].end:blk.end]
        return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 1
    return False


def _section_group(r, f: Figure) -> Dim | None:
    """The applicant group of the nearest section heading (not the title), when it names exactly one; for a list
    item, else the one group the section's paragraphs before the list name."""
    seen = set()
    for j in range(f.ctx.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "heading":
            if blk.level < 2:
                return None
            hits = {m.value for m in r.find("group", blk.start, blk.end)}
            if len(hits) == 1:
                return Dim(hits.pop(), f"heading: {_q(r.excerpt(blk.start, blk.end))}")
            break
        if blk.kind == "paragraph" and r.doc.blocks[f.ctx.block].kind == "item":
            seen |= {m.value for m in r.find("group", blk.start, blk.end)}
    if len(seen) == 1:
        return Dim(seen.pop(), "the section's paragraphs before the list")
    return None


# "All figures below are for non-U.S. IMGs and are about matching to the specialty you said you preferred."
SCOPE_RE = re.compile(r"(?i)\b(?:all|the|these|every)\s+(?:of\s+the\s+)?(?:figures|numbers|data|statistics|rates|counts)\s+"
                      r"(?:below|that\s+follow|in\s+this\s+\w+|here)\s+(?:are|come|refer)\s+(?:for|about|from|of|to)\b")


def scope(r, f: Figure):
    """The paragraph before the figure that says what every figure after it is about ("All figures below are for
    non-U.S. IMGs ..."), as (start, end, its words), else None."""
    if f.ctx is None:
        return None
    for j in range(f.ctx.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "paragraph":
            m = SCOPE_RE.search(r.m, blk.start, blk.end)
            if m:
                sent = next((u for u in r.block_units[j] if u.start <= m.start() < u.end), None)
                a, b = (sent.start, sent.end) if sent else (blk.start, blk.end)
                return a, b, f"what the text says all its figures are: {_q(r.excerpt(a, b))}"
    title = next((b for b in r.doc.blocks if b.kind == "heading" and b.level == 1), None)
    if title is not None and CHARTING_TITLE_RE.search(r.m, title.start, title.end) and \
            not MAIN_REPORT_TITLE_RE.search(r.m, title.start, title.end):  # (not "2025 Match + Charting Outcomes")
        # "# Charting Outcomes for non-U.S. IMGs: your questions answered": the whole text is that report's
        return title.start, title.end, f"the title: {_q(r.excerpt(title.start, title.end))}"
    return None


CHARTING_TITLE_RE = re.compile(r"(?i)\bCharting\s+Outcomes\b")
MAIN_REPORT_TITLE_RE = re.compile(r"(?i)\bMatch\s*(?:\+|&|and)\s*Charting\b|\bMain\s+Residency\s+Match\b|"
                                  r"\bResults\s+and\s+Data\b")  # ("2025 Match + Charting Outcomes")


def scope_group(r, f: Figure) -> Dim | None:
    """The one applicant group the text's scope statement names."""
    sc = scope(r, f)
    if sc is None:
        return None
    hits = {m.value for m in r.find("group", sc[0], sc[1])}
    if len(hits) != 1 and sc[2].startswith("the title"):  # the title names none (or several): the sentence of the
        for j, blk in enumerate(r.doc.blocks):  # text's lead that names the report ("The NRMP's Charting Outcomes
            if blk.kind == "heading" and blk.start > sc[0]:  # report for non-U.S.-citizen IMGs ...")
                break
            for u in r.block_units.get(j, []) if blk.start > sc[0] else []:
                if CHARTING_TITLE_RE.search(r.m, u.start, u.end):
                    hits = {m.value for m in r.find("group", u.start, u.end)}
                    if len(hits) == 1:
                        return Dim(hits.pop(), f"the sentence that names the report: {_q(r.excerpt(u.start, u.end))}")
        return None
    return Dim(hits.pop(), sc[2]) if len(hits) == 1 else None


def scope_report(r, f: Figure, cue: str):
    """The mention of ``cue`` in the text's scope statement, else None."""
    sc = scope(r, f)
    hits = r.find(cue, sc[0], sc[1]) if sc else []
    return (hits[-1], sc[2]) if hits else None


def section_report(r, f: Figure, cue: str):
    """For a list item: the mention of ``cue`` (e.g. ``cue:preferred``, the Charting Outcomes report) in the
    paragraphs of its section before the list ("... follows non-U.S. IMGs by their preferred specialty. Some
    specialties from that report:"), else None. The list's items are that report's figures."""
    if f.ctx is None or r.doc.blocks[f.ctx.block].kind != "item":
        return None
    for j in range(f.ctx.block - 1, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "heading":
            return None
        if blk.kind == "paragraph":
            hits = r.find(cue, blk.start, blk.end)
            if hits:
                return hits[-1], f"the section before the list: {_q(r.excerpt(blk.start, blk.end))}"
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


def all_specialties_paragraph(r, f: Figure) -> bool:
    """"Across all specialties, New York programs offered ... In Ohio the IMG share ... was 23.2%": a paragraph that
    opens a sentence with "across all specialties" and names no specialty after it speaks of them all."""
    if f.ctx is None or f.ctx.kind != "sentence":
        return False
    blk = r.doc.blocks[f.ctx.block]
    scope = [m for m in ALL_OPENS_RE.finditer(r.m, blk.start, f.start)]
    return bool(scope) and not [x for x in r.find("specialty", scope[-1].end(), f.ctx.end)  # (not one after a comma
                                if x.start < f.start or not re.search(r"[,;:]", r.m[f.end:x.start])]  # after it)


ALL_OPENS_RE = re.compile(r"(?im)(?:^|[.!?]\s+)[*_]*(?:across|in|for)\s+all\s+(?:the\s+)?specialties\b")


# a Match count read in a specialty, and the Charting Outcomes report's count of the same words (non-U.S. IMGs by
# the specialty they preferred)
TO_CHARTING = {"filled": "preferred_specialty_matched", "non_us_img_filled": "preferred_specialty_matched",
               "fill_pct": "preferred_specialty_match_rate_pct"}


def charting_reading(r, f: Figure, metric: str, dims: dict):
    """(metric, group) of the Charting Outcomes reading of a figure read as a Match count in a specialty, when the year
    it was given is the report's: the year's sentence (or its paragraph, or the question before it) names the report
    or preferred specialties, only non-U.S. IMGs are named from there to the figure, and the figure's own sentence
    does not name the Main Residency Match ("Charting Outcomes for the 2026 Match shows ... In internal medicine,
    3,392 of 6,992 matched"); else None."""
    year = dims.get("year")
    if metric not in TO_CHARTING or year is None or "specialty_id" not in dims or f.ctx is None or \
            year.source.startswith("sentence") or MAIN_MATCH_RE.search(r.m, f.ctx.start, f.ctx.end):
        return None
    at = [y for y in r.years_in(0, f.start) if y.value == year.value]
    if not at:
        return None
    blocks = [j for j, b in enumerate(r.doc.blocks) if b.start <= at[-1].start < b.end]
    if not blocks or any(b.kind == "heading" and at[-1].end <= b.start < f.start for b in r.doc.blocks):
        return None
    j = blocks[0]
    spans = [(r.doc.blocks[k].start, r.doc.blocks[k].end) for k in (j - 1, j) if k >= 0 and r.doc.blocks[k].kind != "heading"]
    if not any(r.find("cue:preferred", a, b) or CHARTING_TITLE_RE.search(r.m, a, b) for a, b in spans):
        return None
    groups = {m.value for m in r.find("group", min(a for a, _ in spans), f.ctx.end)}
    if groups != {"non_us_img"}:
        return None
    return TO_CHARTING[metric], Dim("non_us_img", "the report the year's sentence names is about non-U.S. IMGs only")


def report_group(r, f: Figure, metric: str) -> Dim | None:
    """For a Charting Outcomes figure with no group of its own ("| Internal medicine | 6,992 | 3,392 | 48.5% |"):
    the one group the paragraphs before it in its section name where they name the report ("In the 2026 Charting
    Outcomes report, nearly 11,700 non-U.S.-citizen IMGs named a preferred specialty"), else None. Not for a
    median score, whose outcome the words of a figure often leave open ("251 and 243", "my 246")."""
    if f.ctx is None or f.ctx.block is None or metric == "step2_median":
        return None
    named, specs = set(), []
    for j in range(f.ctx.block, -1, -1):
        blk = r.doc.blocks[j]
        if blk.kind == "heading" and blk.level > 1:
            break
        a, b = blk.start, (f.start if j == f.ctx.block else blk.end)
        specs += r.find("specialty", a, b)
        if r.find("cue:preferred", a, b) or CHARTING_TITLE_RE.search(r.m, a, b):
            named |= {m.value for m in r.find("group", a, b)}
    if named - {"all_applicants", "img"} != {"non_us_img"}:  # ("these applicants", "an IMG advising service")
        return None
    if specs and not any(r.find("specialty", a, b) for a, b in [(f.ctx.start, f.ctx.end)] + [(a, b) for _, a, b in f.ctx.extra]):
        return None  # "Q: ... preferred internal medicine ...? A: 6,992 preferred it and 3,392 matched (48.5%)": whose?
    return Dim("non_us_img", "the group the text names with the Charting Outcomes report, which is about them only")


def list_sentence_lead(r, u):
    """"Horizontal bar chart of the share of PGY-1 positions filled by IMGs in 2025, by specialty. Internal medicine
    40.3%, family medicine 31.3%, neurology 28.9%.": a sentence that is only names (specialties, states, groups,
    program types) and their figures, after a sentence of its block with no figure, reads that sentence as its
    lead-in, as a list's items do; (start, end) of the lead, else None."""
    if u.kind != "sentence" or u.index == 0:
        return None
    prev = r.block_units[u.block][u.index - 1]
    figs = [g for g in r.figures if g.ctx is u and g.kind == STATISTIC]
    if len(figs) < 2 or any(g.ctx is prev and g.kind == STATISTIC for g in r.figures):
        return None
    rest = list(r.m[u.start:u.end])
    for x in figs + [m for cat in ("specialty", "state_name", "group", "program_type") for m in r.find(cat, u.start, u.end)]:
        rest[x.start - u.start:x.end - u.start] = " " * (x.end - x.start)
    return (prev.start, prev.end) if re.fullmatch(r"\W*(?:[A-Za-z][\w\-]*(?:\s+[\w\-]+){0,2}\s*:)?(?:[\s,;.:]|\band\b)*",
                                                  "".join(rest)) else None  # (after a short label: "Darkest:")
