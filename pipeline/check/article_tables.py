"""How a table cell is read with its table: which of the caption's words are the cell's (``cell_windows``).

The rules that use it are in pipeline.check.article_context (the windows a figure's dimensions come from)."""

from __future__ import annotations

import re

COLUMN_DEFINITION_RE = re.compile(r"[\"\u201c]([^\"\u201d]{2,40})[\"\u201d]\s+(?:is|are|means|counts)\b[^.;]*[.;]?")


def cell_windows(r, u) -> list:
    """A table cell's headers and caption, less the caption's definitions of the table's other columns ('"IMG share"
    is the share of filled positions taken by graduates of international medical schools' is not about a cell under
    "IM positions")."""
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
        for s, e in cuts:
            if s > a:
                out.append((lab, a, s))
            a = e
        if a < b:
            out.append((lab, a, b))
    return out
