"""Documented source discrepancies (``data/reference/known_discrepancies.csv``).

Sometimes two official sources disagree and the parse is right: e.g. a report lists
fewer positions than the national total the same publisher prints. Such a
disagreement is recorded here with both exact figures and an explanation. A
reconciliation failure that matches an entry *exactly* (table, check, year, both
figures) is reported as a documented discrepancy instead of blocking publication;
any other difference — including a changed figure on either side — still fails.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from pipeline.config import REFERENCE_DIR
from pipeline.errors import InputError

FILE = REFERENCE_DIR / "known_discrepancies.csv"
COLUMNS = ("table", "check", "match_year", "observed", "expected", "explanation")


@lru_cache(maxsize=1)
def _entries() -> dict[tuple, str]:
    if not FILE.exists():
        return {}
    out = {}
    with open(FILE, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(f"expected the columns {', '.join(COLUMNS)}", where=str(FILE), todo="fix the header")
        for line, r in enumerate(reader, start=2):
            try:
                key = (r["table"], r["check"], int(r["match_year"]), float(r["observed"]), float(r["expected"]))
            except ValueError:
                raise InputError("match_year, observed and expected must be numbers", where=f"{FILE} line {line}",
                                 todo="fix the entry") from None
            if not r["explanation"].strip():
                raise InputError("every documented discrepancy needs an explanation", where=f"{FILE} line {line}",
                                 todo="say why the sources disagree")
            out[key] = r["explanation"].strip()
    return out


def triage(failures: list) -> tuple[list, list]:
    """Split failures into (blocking, documented); documented ones get their explanation."""
    blocking, documented = [], []
    entries = _entries()
    for f in failures:
        key = None
        if f.year is not None and f.observed is not None and f.expected is not None:
            key = (f.table, f.check, int(f.year), float(f.observed), float(f.expected))
        if key is not None and key in entries:
            f.documented = entries[key]
            documented.append(f)
        else:
            blocking.append(f)
    return blocking, documented
