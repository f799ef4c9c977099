"""Where a figure's text says "all position levels" (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

"All position levels (PGY-1, PGY-2 and Physician)": the window that says so gives the figure no one level, and the
windows after it none either. Words of another figure are that figure's: "and 2,020 at all levels" right after it,
"25.9% of first-year positions and 24.8% of positions at all levels" (the later figure's), "43,237 positions at
all levels, 40,041 of them at the PGY-1 level" (and not the next clause's: "...; 40,764 positions were filled, a
fill rate of 94.3%") and "30.9 percent ... across all levels and 31.5 percent of its
filled PGY-1 positions" (the figure before's, when this one names a level of its own after it). A level right
after the figure is its own first ("311 PGY-2 positions ..., so across all levels it offered 2,268").
"""

from __future__ import annotations

import re

from pipeline.check.article_context import OF_THEM_RE
from pipeline.check.article_numbers import STATISTIC, Figure
from pipeline.check.article_patterns import ALL_LEVELS_RE, IN_ALL_AFTER_RE

OPENS_CLAUSE_RE = re.compile(r"(?:\band|\bbut|\bwhile)\s*,?\s*(?:at|across|in|for)?\s*\Z")  # "and, at all levels, 30.9%"
OF_ALL_OF_THEM_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+of\s+all\s+(?:of\s+)?(?:them|those)\b")


def in_all_levels(r, x) -> bool:
    """Whether a level's words are part of a phrase for all levels ("counting PGY-1, PGY-2 and physician-level
    positions"): not a level of their own."""
    return any(m.start() <= x.start < m.end() for m in ALL_LEVELS_RE.finditer(r.m, max(0, x.start - 80), x.end + 80))


def all_levels_window(r, f: Figure, windows: list) -> int | None:
    """The index of the first window that says "all levels" for the figure (0: its own words), else None."""
    others = [g.end for g in r.unit_figures(f) if g is not f and g.kind == STATISTIC]
    starts = [g.start for g in r.unit_figures(f) if g is not f and g.kind == STATISTIC]
    hi = r._clause(f, f.ctx)[1] if f.ctx.kind == "sentence" else f.ctx.end
    own_level_after = bool(r.find("level", f.end, hi))

    def anothers(m) -> bool:  # (not a figure's in a clause before a semicolon: "9,761 ...; counting all levels, 24.8%")
        if m.end() <= f.start and re.fullmatch(r"\s*,\s*", r.m[m.end():f.start]) and \
                OPENS_CLAUSE_RE.search(r.m[f.ctx.start:m.start()]):
            return False  # "... 31.5% of filled PGY-1 positions and, at all levels, 30.9%": the phrase introduces it
        return any(e <= m.start() and ";" not in r.m[e:m.start()] and (
            re.fullmatch(r"\s*(?:at|in|across|for)?\s*", r.m[e:m.start()]) or f.end < e
            or m.end() <= f.start and (re.search(r"[,;]", r.m[m.end():f.start]) or own_level_after))
            for e in others) or f.end <= m.start() and OPENS_CLAUSE_RE.search(r.m[f.end:m.start()]) and any(
            s >= m.end() and re.fullmatch(r"\s*,\s*", r.m[m.end():s]) for s in starts)  # "and, at all levels, 30.9%"

    def in_prose(label, m) -> bool:  # "In 2025 ... Counting every position level, IMGs filled 10,095 positions"
        # above a table: the words of the paragraph's own figure, not the table's
        return label == "table caption" and any(g.kind == STATISTIC and g.ctx is not None and g.ctx.kind == "sentence"
                                                and g.ctx.start <= m.start() < g.ctx.end for g in r.figures)

    every = next((i for i, (label, a, b) in enumerate(windows)
                  if any(not anothers(m) and not in_prose(label, m) for m in ALL_LEVELS_RE.finditer(r.m, a, b))),
                 None)
    if any(x.start - f.end <= 2 for x in r.find("level", f.end, f.end + 16)):
        return None  # "The Match offered 40,041 PGY-1 positions in all": its own level, "in all" its total
    if IN_ALL_AFTER_RE.match(r.m, f.end, f.ctx.end):  # "40,041 PGY-1 positions and 43,237 positions in all": its own
        return 0
    if OF_ALL_OF_THEM_RE.match(r.m, f.end) and ALL_LEVELS_RE.search(r.m, f.ctx.start, f.start):
        return 0  # "932 PGY-1 positions but 1,185 at all levels; IMGs filled 29.1% of the first-year positions and
        # 28.9% of all of them": "all of them" are the positions at all levels
    return every


def parts_level_before(r, f: Figure, x) -> bool:
    """Whether a level before the figure, in a clause before a semicolon, is a part's of a figure there ("Programs
    offered 43,237 positions, 40,041 of them at the PGY-1 level; 40,764 positions were filled, 94.3%")."""
    return ";" in r.m[x.end:f.start] and any(g.kind == STATISTIC and g.end <= x.start and OF_THEM_RE.match(r.m, g.end)
                                             and ";" not in r.m[g.end:x.start] for g in r.unit_figures(f))
