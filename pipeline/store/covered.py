"""Year ranges derived from the published data, not typed: ``{years:TABLE}`` in a data-dictionary or
analysis text becomes the years TABLE holds in the published data version ("2014–2025", gaps shown as
"2010, 2012–2015"), so a new edition changes every text that names the years covered.

Used by ``matchstats dictionary``; without a published version the placeholder reads "the years of the
published data (none published yet)".
"""

from __future__ import annotations

import re
from pathlib import Path

PLACEHOLDER = re.compile(r"\{years:([a-z_]+)\}")
YEAR_COLUMNS = ("match_year",)


def span(years) -> str:
    """2014–2025, or 2010, 2012–2015 for years with gaps (en dashes, as the docs write ranges)."""
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return "no year"
    runs, start = [], ys[0]
    for a, b in zip(ys, ys[1:] + [None]):
        if b != a + 1:
            runs.append(f"{start}" if start == a else f"{start}\u2013{a}")
            start = b
    return ", ".join(runs)


def years_of(version: Path | None, table: str) -> list[int] | None:
    """The Match years ``table`` holds in the published ``version``; None when it is not published."""
    if version is None:
        return None
    f = Path(version) / f"{table}.parquet"
    if not f.exists():
        return None
    import pyarrow.parquet as pq

    names = pq.read_schema(f).names
    col = next((c for c in YEAR_COLUMNS if c in names), None)
    if col is None:
        return None
    values = pq.read_table(f, columns=[col]).column(col).to_pylist()
    return sorted({int(v) for v in values if v is not None})


def fill_years(text: str, version: Path | None) -> str:
    """``text`` with every ``{years:TABLE}`` replaced by the years TABLE holds in ``version``."""
    cache: dict[str, str] = {}

    def one(m: re.Match) -> str:
        table = m.group(1)
        if table not in cache:
            years = years_of(version, table)
            cache[table] = span(years) if years else "the years of the published data (none published yet)"
        return cache[table]

    return PLACEHOLDER.sub(one, text) if text and "{years:" in text else text
