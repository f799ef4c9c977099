"""How a table cell is read with its table: which of the caption's words are the cell's (``cell_windows``), and
whose column a caption's report is (``anothers_column``, ``preferred_cue``).

The rules that use it are in pipeline.check.article_context (the windows a figure's dimensions come from)."""

from __future__ import annotations

import re

from pipeline.check.article_numbers import Dim, Figure, Mention
from pipeline.check.article_numbers import quote

COLUMN_DEFINITION_RE = re.compile(r"[\"\u201c]([^\"\u201d]{2,40})[\"\u201d]\s+(?:is|are|means|counts)\b[^.;]*[.;]?")
# "Last column: fill rate of the same specialty in 2024.", "The last column gives ...": the last column's words
LAST_COLUMN_RE = re.compile(r"(?i)(?<![\w,])(?:the\s+)?(?:last|final|rightmost|right-most)\s+column\b[^.;()]*[.;]?")


def _column(blk, pos: int) -> int | None:
    """The index of the table cell a position is in, else None."""
    return next((k for row in blk.rows for k, (a, b) in enumerate(row) if a <= pos < b), None)


def _last_figures_column(r, blk) -> int:
    """The index of a table's last column with a digit in a cell below its header (not "| Grade |")."""
    body = blk.rows[blk.header_rows if blk.header else 0:]
    return max((k for row in body for k, (a, b) in enumerate(row) if re.search(r"\d", r.doc.text[a:b])), default=-1)


def cell_windows(r, u, years: bool = False) -> list:
    """A table cell's headers and caption, less the caption's definitions of the table's other columns ('"IMG share"
    is the share of filled positions taken by graduates of international medical schools' is not about a cell under
    "IM positions"); for its year (``years``), less the caption's words about the last column of figures ("Last
    column: fill rate of the same specialty in 2024") over a cell of another column."""
    if u.kind != "cell":
        return list(u.extra)
    own = " ".join(r.m[a:b] for lab, a, b in u.extra if lab == "column header").lower()
    blk = r.doc.blocks[u.block]
    heads = [r.doc.text[a:b].lower() for a, b in blk.rows[0]] if blk.rows else []
    out = []
    for lab, a, b in u.extra:
        if lab != "table caption":
            out.append((lab, a, b))
            continue
        cuts = [m.span() for m in COLUMN_DEFINITION_RE.finditer(r.m, a, b)
                if m.group(1).lower() not in own and any(m.group(1).lower() in h for h in heads)]
        if years and _column(blk, u.start) not in (None, _last_figures_column(r, blk)):
            cuts = sorted(cuts + [m.span() for m in LAST_COLUMN_RE.finditer(r.m, a, b)])
        for s, e in cuts:
            if s > a:
                out.append((lab, a, s))
            a = e
        if a < b:
            out.append((lab, a, b))
    return out


def anothers_column(r, f: Figure, label: str, cue: str = "cue:preferred") -> bool:
    """A table caption's report ("The last column is ... from Charting Outcomes") over a cell whose column header
    does not name it, beside a column header that does: that column's, not this cell's."""
    u = f.ctx
    if label != "table caption" or u is None or u.kind != "cell":
        return False
    b = r.doc.blocks[u.block]
    own = [(a, z) for lab, a, z in u.extra if lab == "column header"]
    heads = [(a, z) for row in b.rows[:b.header_rows if b.header else 0] for a, z in row]
    return not any(r.find(cue, a, z) for a, z in own) and any(r.find(cue, a, z) for a, z in heads)


def later_columns(r, f: Figure, label: str, cat: str) -> bool:
    """A table caption's specialty or program type ("The last column is the fill rate of family medicine's
    categorical programs") that only a later column's header names ("| Year | Positions offered, all levels | ... |
    Family medicine categorical, % filled |"), over a cell of another column: that column's, not this cell's."""
    u = f.ctx
    if label != "table caption" or u is None or u.kind != "cell" or \
            any(r.find(cat, a, z) for lab, a, z in u.extra if lab == "column header"):
        return False
    b = r.doc.blocks[u.block]
    at = [k for row in b.rows[:b.header_rows if b.header else 0] for k, (a, z) in enumerate(row) if r.find(cat, a, z)]
    return bool(at) and min(at) > 1


def preferred_cue(r, f: Figure, windows: list):
    """(mention, window label) of the first window that names the Charting Outcomes report ("preferred specialty")
    for the figure, not a caption's words about another column, else None."""
    return next(((m, label) for label, a, b in windows for m in r.find("cue:preferred", a, b)
                 if not anothers_column(r, f, label)), None)


def header_dim(r, f: Figure, cat: str):
    """The one specialty (or program type, cat "program_type") a table's header row names ("| Year | Preliminary
    surgery positions | Filled | Fill rate |"), for a cell whose own row and column name none: the table is that
    specialty's. None when the rows name them (a table by specialty) or the header names several."""
    u = f.ctx
    if u is None or u.kind != "cell":
        return None
    blk = r.doc.blocks[u.block]
    if not blk.header or not blk.rows:
        return None
    head = [c for row in blk.rows[:blk.header_rows] for c in row]
    body = [c for row in blk.rows[blk.header_rows:] for c in row]
    if any(r.find(cat, a, b) for a, b in body):
        return None
    named = {x.value for a, b in head for x in r.find(cat, a, b)}
    if len(named) != 1 or len({x.value for a, b in head for x in r.find("specialty", a, b)}) > 1:
        return None  # ("| Preliminary surgery filled | Emergency medicine filled |": the type is one column's)
    at = [k for row in blk.rows[:blk.header_rows] for k, (a, b) in enumerate(row) if r.find(cat, a, b)]
    if min(at) > 1:  # "| Year | Positions offered, all levels | ... | Family medicine categorical, % filled |": the last
        return None  # column's own, not the table's (the table's is named first: "| Year | Preliminary surgery ...")
    a, b = next((a, b) for a, b in head if r.find(cat, a, b))
    return Dim(named.pop(), f"table header: {quote(r.m[a:b].strip())}")


TOTAL_ROW_RE = re.compile(r"(?i)\b(?:total|all|overall|national|nationwide|combined|sum|u\.?\s?s\.?|united\s+states|"
                          r"average|mean|median)\b")


def unread_row(r, f: Figure) -> str | None:
    """The label of a cell's row when the reader cannot name it and the table's other rows name specialties ("|
    Physiatry and rehab |" among "| Internal medicine |", "| Pathology |"): whose figure it is is not certain. None
    when the row is read, is a total, or the table is not one of specialties."""
    u = f.ctx
    if u is None or u.kind != "cell":
        return None
    blk = r.doc.blocks[u.block]
    body = blk.rows[blk.header_rows if blk.header else 0:]
    firsts = [row[0] for row in body if row]
    own = blk.rows[u.index][0] if u.index < len(blk.rows) and blk.rows[u.index] else None
    if own is None or (own[0] <= f.start < own[1]) or not re.search(r"[A-Za-z]{3}", r.m[own[0]:own[1]]):
        return None
    if TOTAL_ROW_RE.search(r.m, own[0], own[1]) or any(
            r.find(cat, *own) for cat in ("specialty", "group", "state_name", "program_type", "level", "noun")) or any(
            r.find(f"cue:{c}", *own) for c in r.v.raw["cues"]) or r.years_in(*own):  # ("| Registered applicants |")
        return None
    named = sum(1 for a, b in firsts if (a, b) != own and r.find("specialty", a, b))
    return quote(r.m[own[0]:own[1]].strip()) if named >= 2 else None


ROW_ACTIVE_RE = re.compile(r"(?i)\W*active(?:\s+applicants)?\W*")  # a row's measure cell: "| Active |"
BARE_APPLICANTS_RE = re.compile(r"(?i)\W*(?:(?:19|20)\d\d\s+)?applicants\W*")  # a column of applicants, no verb


def table_cues(r, u, cues: dict) -> dict:
    """A cell's cues (class -> (mention, window label)) as its table says: "| 2024 active |" under "Active applicants
    and applicants matched", or a row's own "| Active |" cell, counts active applicants (not the caption's matched);
    a column headed only "| Applicants |" beside "| Matched |" does not take the caption's verbs of the other
    columns ("Active applicants, applicants matched to PGY-1, and match rate")."""
    if u.kind != "cell":
        return cues
    head = next(((a, b) for lab, a, b in u.extra if lab == "column header"), None)
    active = head and "active" not in cues and re.search(r"(?i)\bactive\b", r.m[head[0]:head[1]])
    if not active and "active" not in cues:  # "| U.S. MD seniors | Active | 19,755 |"
        head = next(((a, b) for lab, a, b in u.extra if lab == "row" and ROW_ACTIVE_RE.fullmatch(r.m, a, b)), None)
        active = head and re.search(r"(?i)\bactive\b", r.m[head[0]:head[1]])
    if any(lab == "column header" and BARE_APPLICANTS_RE.fullmatch(r.m, a, b) for lab, a, b in u.extra):
        cues = {c: v for c, v in cues.items() if v[1] != "table caption" or c in ("active", "registered")}
    if active:
        cues = {c: v for c, v in cues.items() if v[1] != "table caption"}
        cues["active"] = (Mention(head[0] + active.start(), head[0] + active.end(), "active", "active"), "column header")
    cap = next(((a, b) for lab, a, b in u.extra if lab == "table caption"), None)
    col = next(((a, b) for lab, a, b in u.extra if lab == "column header"), None)
    step2 = cap and "step2" not in cues and r.find("cue:step2", *cap)
    if step2 and (col and r.find("cue:median", *col) or r.find("cue:median", *cap) and _outcome_columns(r, u)):
        # "Median Step 2 CK scores ..." over "| Median, matched |", or over only "| Matched | Not matched |": scores
        cues = {**cues, "step2": (step2[0], "table caption")}
    return cues


OUTCOME_HEADER_RE = re.compile(r"(?i)\s*(?:matched|not\s+matched|unmatched|did\s+not\s+match|didn['\u2019]t\s+match)\s*")


def _outcome_columns(r, u) -> bool:
    """Every column of the cell's table after the first is headed by an outcome only ("| Matched | Not matched |")."""
    blk = r.doc.blocks[u.block]
    heads = [c for ci in range(1, max(map(len, blk.rows[:blk.header_rows]), default=0))
             for c in blk.column_headers(ci)]
    return bool(heads) and all(OUTCOME_HEADER_RE.fullmatch(r.m, a, b) for a, b in heads)
