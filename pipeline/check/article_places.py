"""Where a figure is (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``): the state.

A state the figure's clause names ("in Ohio"); else the state named as the programs' place ("Florida programs
offered", "California's programs filled"); the sentence's one state, or "the state" after a text that has named one
state only; a list item's or paragraph's label ("**Texas.**"); the one state a text's title names when the text
names no other. A sentence that says it is national ("nationally", "across the country") has no state. The national
reading stays an alternative of the title's state (``pipeline.check.article_alternatives.alternatives``).
"""

from __future__ import annotations

import re

from pipeline.check.article_context import block_label
from pipeline.check.article_numbers import STATISTIC, Dim, Figure
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_years import _upward
from pipeline.check.registry import METRICS


NATIONAL = re.compile(r"(?i)\b(?:nationally|nationwide|national|across the (?:country|nation|U\.?S\.?)|in the "
                      r"(?:U\.?S\.?|United States|country)|all states|overall)\b")


# "the national share of 25.9 percent": words right before the figure that say it is national
NATIONAL_BEFORE = re.compile(r"(?i)\b(?:national|nationwide|nationally|U\.S\.)\s+(?:(?:[\w\-]+\s+){0,5}?(?:of|was|is|at|"
                             r"stood\s+at)\s+)?(?:about\s+|roughly\s+)?\Z")  # ("well above the national 85.0 percent")


def _programs_state(r, f: Figure):
    """"California's programs filled 3,928 positions", "New Jersey internal medicine programs filled 92.8%": the
    clause's only state, named before the figure as the programs' place, is where the figure is."""
    u = f.ctx
    if u.kind != "sentence":
        return None
    lo, hi = r._clause(f, u)  # "New York programs filled 1,742 positions; Florida's filled 1,018": the clause's
    named = r.find("state_name", lo, hi)
    if len({x.value for x in named}) != 1 or named[0].start >= f.start:
        return None
    x = named[0]
    own = PLACE_OF_PROGRAMS_RE.match(r.m, x.end, min(u.end, x.end + 50))
    verb = own is not None and re.fullmatch(r"(?:'s|\u2019s)?\s+(?:also\s+)?(?:offered|filled|had)", own.group())
    spec = next((m for m in r.find("specialty", x.end, min(u.end, x.end + 40))
                 if re.fullmatch(r"(?:'s|\u2019s)?\s+", r.m[x.end:m.start])), None)
    if own is None and spec is not None and spec.end <= f.start:  # "New Jersey IM is even more IMG-heavy at 60.8%":
        return Dim(x.value, f"sentence: {_q(r.m[x.start:spec.end])}")  # the state's own specialty
    if own is None or (not verb and r.find("cue:share", x.start, own.end())):  # "New York filled 83.1%": its programs
        return None
    return Dim(x.value, f"sentence: {_q(r.m[x.start:own.end()])}")


# "Florida programs offered", "Florida's teaching hospitals filled", "Florida offered 270 positions": the programs' place
PLACE_OF_PROGRAMS_RE = re.compile(r"(?:'s|\u2019s)?\s+(?:(?:[\w\-/]+\s+){0,3}?(?:programs|hospitals|institutions|"
                                  r"medical centers|residencies)\b|(?:also\s+)?(?:offered|filled|had|saw|took)\b)")


# "Emergency medicine programs in the state filled 239": the one state the text has named before
THE_STATE_RE = re.compile(r"(?i)\b(?:in|across|throughout) the state\b|\bthe state(?:'s|\u2019s)\s|\bstatewide\b|"
                          r"\bin-state\b")


def national_own(r, f: Figure) -> bool:
    """The figure's sentence says it is national, in words not after or right before a later figure ("43.2% of the
    state's ..., compared with 25.9% nationally": "nationally" is the 25.9%'s)."""
    later = [g for g in r.unit_figures(f) if g is not f and g.kind == STATISTIC and g.start >= f.end]
    return any(not any(g.end <= m.start() or f.end <= m.start() and m.end() <= g.start and re.fullmatch(
        r"(?:\s+[\w\-]+){0,4}?\s+(?:(?:of|at|was|is)\s+)?(?:about\s+|roughly\s+)?|\s*[:=]\s*", r.m[m.end():g.start])
        for g in later)  # ("19.7%. national: 24.8%")
        for m in NATIONAL.finditer(r.m, f.ctx.start, f.ctx.end))  # (nor "..., above the national 25.9%")


def _sentence_state(r, f: Figure):
    """The state of the figure's sentence when its clause names none: the sentence's only state, named as its
    programs' place ("Florida programs offered 1,009 ... positions and filled 929; IMGs took 56.0 percent of the
    filled spots"), or "the state" when the text before names one state only."""
    u = f.ctx
    if u.kind != "sentence" or national_own(r, f):
        return None
    named = r.find("state_name", u.start, u.end)
    if len({x.value for x in named}) == 1 and named[0].start < f.start:
        own = PLACE_OF_PROGRAMS_RE.match(r.m, named[0].end, min(u.end, named[0].end + 50))
        if own is not None and not r.find("cue:share", named[0].start, own.end()):
            return Dim(named[0].value, f"sentence: {_q(r.m[named[0].start:own.end()])}")
    the = THE_STATE_RE.search(r.m, u.start, u.end)
    if the and not named:
        before = {x.value for x in r.find("state_name", 0, u.start)}
        if len(before) == 1:
            code = before.pop()
            return Dim(code, f"{_q(the.group().strip())}: the one state the text names before ({code})")
    return None


def _label_state(r, f: Figure):
    """The state a list item's or paragraph's label names ("**Texas.** Texas filled 2,712 of 2,871 positions ..."),
    unless the figure's sentence says it is national."""
    label = block_label(r, f.ctx)
    if label is None or NATIONAL.search(r.m, f.ctx.start, f.ctx.end):
        return None
    named = {x.value for x in r.find("state_name", *label)}
    if len(named) != 1:
        return None
    return Dim(named.pop(), f"the paragraph's label: {_q(r.m[label[0]:label[1]].strip())}")


def item_label_state(r, f: Figure):
    """The state a list item's label names, set apart before a colon or a dash ("- **Texas**: 2,667 positions, IMG
    share 22.0%"): the state of every figure of the item, unless the figure's sentence says it is national."""
    u = f.ctx
    if u is None or u.kind != "sentence" or r.doc.blocks[u.block].kind != "item" or NATIONAL.search(r.m, u.start, u.end):
        return None
    blk = r.doc.blocks[u.block]
    label = re.match(r"[\W_]*([A-Z][A-Za-z .]{2,30}?)[\W_]*\s*(?::|\s[\u2013\u2014-])\s", r.m[blk.start:blk.start + 48])
    if label is None:
        return None
    a, b = blk.start + label.start(1), blk.start + label.end(1)
    named = r.find("state_name", a, b)
    if len(named) != 1 or (named[0].start, named[0].end) != (a, b):
        return None
    return Dim(named[0].value, f"the list item's label: {_q(r.m[a:b])}")


def state_of_possessive(r, f: Figure):
    """"23.6% of Ohio's PGY-1 positions filled", "51.7% of New York's": the state whose positions the figure is a
    share of."""
    m = re.match(r"(?:\s*%|\s+percent)?\s+of\s+(?:the\s+)?", r.m[f.end:f.end + 20])
    x = next(iter(r.find("state_name", f.end, f.end + 40)), None) if m else None
    if x is None or x.start != f.end + m.end() or not re.match(r"['\u2019]s?\b", r.m[x.end:x.end + 3]):
        return None
    return Dim(x.value, f"sentence: {_q(r.m[f.start:x.end + 2])}")


def state_right_before(r, f: Figure):
    """A state's name right before the figure, with no verb between ("...: New Jersey 43.2%, New York 37.7%"): the
    figure's state; so is the state a where-clause with the figure follows ("... as New Jersey, where they held 60.8%")."""
    x = next(iter(r.find("state_name", max(f.ctx.start, f.start - 70), f.start)[-1:]), None)
    if x is None or not re.fullmatch(r"(?:'s|\u2019s)?\s*(?::|at|[\u2013\u2014-])?\s*|,\s+where\s+[^\d,;:.()]{0,40}", r.m[x.end:f.start]):
        return None
    return Dim(x.value, f"sentence: {_q(r.m[x.start:f.end])}")


THERE_RE = re.compile(r"(?i)\b(?:filled|offered|matched|positions|programs|spots|slots)\s+there\b|\bin\s+that\s+state\b|"
                      r"\bthe\s+state\s+(?:offered|filled|had)\b")  # ("At all position levels the state offered 1,938")


def there_state(r, f: Figure, lo: int, hi: int):
    """"New York is still the IMG capital: IMGs took 37.7% of the PGY-1 positions filled there": "there" (or "in
    that state") after the figure is the one state its sentence (or, when it names none, the sentence before) names."""
    u = f.ctx
    there = THERE_RE.search(r.m, lo, min(u.end, max(hi, f.end + 60))) if u.kind == "sentence" else None
    if there is None:
        return None
    spans = [(u.start, u.end)]
    if not r.find("state_name", u.start, u.end) and u.index > 0:
        prev = r.block_units[u.block][u.index - 1]
        spans.append((prev.start, prev.end))
    named = {x.value for a, b in spans for x in r.find("state_name", a, b)}
    return Dim(named.pop(), f"{_q(there.group())}: the one state the text names") if len(named) == 1 else None


def _table_state(r, f: Figure):
    """"### Table 1. Texas first-year (PGY-1) positions by specialty, 2025" over a table (or its caption): the one
    state they name is where the table's cells are, unless its rows or columns name states themselves."""
    u = f.ctx
    if u is None or u.kind != "cell":
        return None
    blk = r.doc.blocks[u.block]
    if r.find("state_name", blk.start, blk.end):
        return None  # a table by state: its rows say where
    spans = [(a, b) for label, a, b in u.extra if label in ("table caption", "caption")]
    k = u.block - 1
    if k > 0 and r.doc.blocks[k].kind == "paragraph" and r.doc.text[r.doc.blocks[k].start:r.doc.blocks[k].end] \
            .rstrip().endswith(":"):
        k -= 1  # "## Maryland by specialty (PGY-1, 2025)", then "The committee asked for ...:" and the table
    head = r.doc.blocks[k] if k >= 0 else None
    if head is not None and head.kind == "heading":  # the table's own heading, right above it (or its lead-in)
        spans.append((head.start, head.end))
    for a, b in spans:
        named = {x.value for x in r.find("state_name", a, b)}
        if len(named) == 1:
            return Dim(named.pop(), f"the table's title: {_q(r.m[a:b].strip())}")
    return None


MEMO_SUBJECT = re.compile(r"(?im)^[*_\s]*(?:re|subject|subj)\s*:")


def _title_heads(r) -> list:
    """The title: the headings before the first other block ("NEWS 8 | HEALTH", then the headline)."""
    heads = []
    for b in r.doc.blocks[:4]:
        raw = r.doc.text[b.start:b.end].strip()
        if b.kind == "heading" or b.kind == "paragraph" and len(raw) < 200 and "\n" not in raw and (
                re.fullmatch(r"(\*\*|__)[^*_]+\1", raw) or raw.isupper()):  # a bold line (a press release's headline)
            heads.append(b)                                                 # or a line in capitals before it
        elif b.kind == "paragraph" and MEMO_SUBJECT.search(raw):  # a memo's or an email's "Re:" / "Subject:" line
            heads.append(b)
        else:
            break
    return heads


def _title_state(r, f: Figure):
    """The state a text is about: its title names one state and the text no other ("Florida hospitals fill most
    residency slots"), and the figure's sentence does not say it is national. The national reading stays an
    alternative (pipeline.check.article_alternatives.alternatives): a contradiction it would confirm is not certain."""
    u = f.ctx
    heads = _title_heads(r)
    if not heads or u is None or national_own(r, f):
        return None
    in_title = {x.value for h in heads for x in r.find("state_name", h.start, h.end)}
    in_text = {x.value for x in r.find("state_name", 0, len(r.m))}
    if len(in_title) == 1 and in_text == in_title:
        code = next(iter(in_title))
        h = next(h for h in heads if r.find("state_name", h.start, h.end))
        return Dim(code, f"the title: {_q(r.m[h.start:h.end].strip())}")
    return None


# counts the data give for the whole Match only: a paragraph or section about something narrower (a state, a
# specialty, a program type) may mean its own count, which the reading cannot place
NATIONAL_ONLY = ("positions_total", "positions_pgy1", "filled_total", "filled_pgy1", "unfilled",
                 "unfilled_offered_in_soap", "img_matched_pgy1", "img_share_of_matched_pct", "matched_pgy1")
# "the 2025 Main Residency Match offered", "NRMP reported": the whole Match named as the figure's subject
WHOLE_MATCH = re.compile(r"(?i)\b(?:main\s+residency\s+match|NRMP|(?:the|this\s+year's|last\s+year's|\d{4})\s+"
                         r"match\s+(?:offered|filled|left|had|placed|saw|as\s+a\s+whole)|all\s+specialties)\b")


def narrower(r, f: Figure) -> str:
    """For a national count ("2,473 positions went unfilled") whose nearest subject is narrower — a state, a
    specialty or a program type named in its sentence, an earlier sentence of its paragraph or list item, its table
    cell's headers or a heading above, before any words saying it is national ("nationally", "the 2025 Main
    Residency Match") — what that subject is ("emergency medicine"), else "". Its own count is as plausible as the
    national one, so a contradiction is not certain (pipeline.check.article_output)."""
    u = f.ctx
    if u is None or u.block is None:
        return ""
    if f.metric in NATIONAL_ONLY:
        cats = ("state_name", "specialty", "program_type")
    else:  # a figure the data give by state or specialty, read without one: "Here (in New Jersey) internal medicine
        dims = METRICS[f.metric].dims  # offered 530 PGY-1 positions"
        cats = tuple(c for c, d in (("state_name", "state"), ("specialty", "specialty_id")) if d in dims and d not in f.dims)
        if not cats:
            return ""
    if u.kind == "sentence":  # the figure's sentence, then the sentences before it in its paragraph, nearest first
        units = [x for x in r.block_units[u.block] if x.start <= u.start][::-1]
        spans = [(x.start, x.end) for x in units]
    else:  # a table cell: its own headers, not the other rows of its table
        spans = [(u.start, u.end)]
    spans += [(a, b) for label, a, b in u.extra]  # a table cell's headers, a list item's lead-in
    prev = r.doc.blocks[u.block - 1] if u.block > 0 else None
    label = r.doc.text[prev.start:prev.end].strip() if prev is not None and prev.kind == "paragraph" else ""
    if label and "\n" not in label and len(label) <= 100 and (re.fullmatch(r"(\*\*|__).+\1", label) or
                                                             label.endswith("?")):
        spans.append((prev.start, prev.end))  # a line in bold or a question over the paragraph: "**And in New Jersey?**"
    def subject(b):
        return NATIONAL.search(r.m, b.start, b.end) or WHOLE_MATCH.search(r.m, b.start, b.end) or \
            any(r.find(c, b.start, b.end) for c in ("group", "specialty", "state_name", "program_type"))

    k = u.block - 1
    if not subject(r.doc.blocks[u.block]):
        # a paragraph with no subject of its own ("Axis note: Positions offered grew from 1,895 in 2015 to 3,068 in
        # 2025") continues those before it, back to the one that names its subject ("Title: Emergency medicine's ...")
        while k >= 0 and r.doc.blocks[k].kind != "heading":
            spans.append((r.doc.blocks[k].start, r.doc.blocks[k].end))
            if subject(r.doc.blocks[k]):
                break
            k -= 1
    spans += [(b.start, b.end) for k, b in _upward(r, u.block) if k != u.block and b.kind == "heading"]
    later = [g.end for g in r.unit_figures(f) if g.kind == STATISTIC and g.start >= f.end]
    for a, b in spans:
        words = [m for m in (*NATIONAL.finditer(r.m, a, b), *WHOLE_MATCH.finditer(r.m, a, b)) if not (
            (a, b) == (u.start, u.end) and any(e <= m.start() for e in later))]  # "43.2% of its positions, against
        if words:  # 25.9% nationally": the word after a later figure is that one's
            return ""
        for cat in cats:
            found = r.find(cat, a, b)
            if found:
                return found[0].text
    return ""


def place_readings(r, f: Figure) -> None:
    """The places a figure's reading leaves out: what the text around it speaks of (``Figure.narrower``) and the
    state its title names (``Figure.title_state``), an other reading of a figure read nationally even when the title
    is a paragraph (a memo's "Re:" line, a press release's bold headline)."""
    f.narrower, f.title_state = narrower(r, f), title_state(r, f)
    if not f.narrower and f.title_state and f.metric in NATIONAL_ONLY and f.ctx is not None and re.fullmatch(
            r"[^.!?]{1,120}?:\s*", r.m[f.ctx.start:f.start]):  # a dashboard's label and national count under a title
        f.narrower = f.title_state  # that names one state ("Illinois ... Dashboard": "IMGs' share ...: 19.7%")
    if f.title_state and "state" not in f.dims and "state" in METRICS[f.metric].dims and \
            f.title_state not in f.alternatives.get("state", ()):
        f.alternatives.setdefault("state", []).append(f.title_state)


def title_state(r, f: Figure) -> str:
    """The one state the text's title names ("Michigan hospitals leave more residency slots empty"), even when the
    text names others, unless the figure's sentence says it is national; else ""."""
    u = f.ctx
    if u is None or national_own(r, f):
        return ""
    named = {x.value for h in _title_heads(r) for x in r.find("state_name", h.start, h.end)}
    return named.pop() if len(named) == 1 else ""


# "| IMG share, U.S. |", "| National |": a column of national figures beside a state's
NATIONAL_COLUMN = re.compile(r"(?i)(?:,|\(|\bin\s+the)\s*(?:U\.?S\.?|United\s+States|nation(?:al)?|country)\s*\)?\s*\Z|"
                             r"\bnational(?:ly)?\b|\bnationwide\b|\bUnited\s+States\b|\AU\.?S\.?\s*(?:total|overall)?\Z")


def column_place(r, f: Figure):
    """A table cell's place as its column header says it: ("national", None) under "| IMG share, U.S. |", ("state",
    Dim) under "| Positions offered (MI) |" or "| IMG share, Michigan |", else None."""
    u = f.ctx
    if u is None or u.kind != "cell":
        return None
    cols = [(a, b) for label, a, b in u.extra if label == "column header"]
    named = {x.value for a, b in cols for x in r.find("state_name", a, b)}
    if len(named) == 1:
        a, b = cols[0]
        return "state", Dim(named.pop(), f"column header: {_q(r.m[a:b].strip())}")
    if not named and any(NATIONAL_COLUMN.search(r.m[a:b].strip()) for a, b in cols):
        return "national", None
    return None


def _names_a_state(words: str) -> bool:
    from pipeline.check.article_numbers import vocabulary  # (the reader's own matcher of state names, cached)
    return bool(vocabulary().sets["state_name"].find(words))


def said_national(doc, f: Figure) -> bool:
    """The figure's sentence, or its cell's column header, says it is national ("nationally", "the Match as a whole",
    "| IMG share, U.S. |"); or the sentence before it in its paragraph ("... reflects a national pattern. Surgery
    filled 82.3%"), or its list's lead-in ("with 2025 national PGY-1 results:") does."""
    text, u = doc.text, f.ctx
    if NATIONAL.search(text, u.start, u.end) or WHOLE_MATCH.search(text, u.start, u.end) or any(
            NATIONAL.search(text, a, b) or NATIONAL_COLUMN.search(text[a:b].strip())
            for label, a, b in u.extra if label == "column header"):
        return True
    if u.kind != "sentence":
        return False
    blk = doc.blocks[u.block]
    before = [m.end() for m in re.finditer(r"[.!?](?=\s)", text[blk.start:u.start])]
    if len(before) > 0 and NATIONAL.search(text[blk.start:blk.start + before[-1]].split(". ")[-1]) and \
            not _names_a_state(text[u.start:u.end]):
        return True
    j = u.block
    while j > 0 and doc.blocks[j].kind == "item":
        j -= 1
    lead = doc.blocks[j]
    return j < u.block and lead.kind == "paragraph" and text[lead.start:lead.end].rstrip().endswith(":") and \
        bool(NATIONAL.search(text, lead.start, lead.end))
