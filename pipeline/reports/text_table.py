"""A text table that fits the terminal: long cells wrap onto continuation lines (at spaces, hyphens or "; ").

Used by ``matchstats specialties``: the width is the terminal's (``shutil.get_terminal_size``, which also
reads ``COLUMNS``; 100 when there is no terminal). A column gives up width where that makes the fewest cells
wrap, down to ``MIN_WIDTH`` characters; a table that cannot fit even then is as narrow as it can be.
"""

from __future__ import annotations

import shutil
import textwrap

GAP = "  "
MIN_WIDTH = 12


def terminal_width(default: int = 100) -> int:
    return max(40, shutil.get_terminal_size((default, 24)).columns)


def column_widths(lengths: list[list[int]], width: int, gap: int = len(GAP)) -> list[int]:
    """Column widths that fit ``width``: ``lengths`` holds each column's cell lengths (heading first).

    One character at a time, the column that gives it up is the one where it makes the fewest cells wrap
    (the widest on a tie), down to ``MIN_WIDTH``.
    """
    widths = [max(col) for col in lengths]
    while sum(widths) + gap * (len(widths) - 1) > width:
        can = [i for i in range(len(widths)) if widths[i] > MIN_WIDTH]
        if not can:
            break
        i = min(can, key=lambda k: (sum(n > widths[k] - 1 for n in lengths[k]), -widths[k]))
        widths[i] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True) or [""]


def fit_table(cols: list[str], rows: list[tuple], width: int | None = None) -> str:
    """``cols`` and ``rows`` as aligned text no wider than ``width``; a cell too wide wraps within its column."""
    width = width or terminal_width()
    cells = [[str("" if v is None else v) for v in r] for r in rows]
    widths = column_widths([[len(c)] + [len(r[i]) for r in cells] for i, c in enumerate(cols)], width)

    def lines(values: list[str]) -> list[str]:
        wrapped = [_wrap(v, w) for v, w in zip(values, widths)]
        out = []
        for k in range(max(len(w) for w in wrapped)):
            parts = [(w[k] if k < len(w) else "").ljust(n) for w, n in zip(wrapped, widths)]
            out.append(GAP.join(parts).rstrip())
        return out

    text = lines(list(cols)) + [GAP.join("-" * w for w in widths)]
    for r in cells:
        text += lines(r)
    text.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(text)
