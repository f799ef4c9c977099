"""The analyses: one DuckDB view per ``<mart>.sql`` file in this folder, and their Python access.

``mart(name)`` returns a mart as a DataFrame (``MartUnavailable`` when a table it needs was
not built); ``load(name)`` shows that as a note instead (the notebooks use it). The columns,
definitions and caveats of every mart are in ``README.md`` beside the SQL files.

The names below are loaded on first use (``__getattr__``): ``access`` and ``summaries`` import
pandas, which ``matchstats query`` (``pipeline.marts.query``) does not need.
"""

from __future__ import annotations

import importlib

_FROM = {
    "access": ("MARTS", "RANKING_MIN_POSITIONS", "SMALL_BASE", "Mart", "MartUnavailable", "available", "connect",
               "is_small", "load", "mart", "with_specialty_names"),
    "summaries": ("state_totals", "unfilled_summary"),
}
_WHERE = {name: module for module, names in _FROM.items() for name in names}

__all__ = ["MARTS", "RANKING_MIN_POSITIONS", "SMALL_BASE", "is_small", "Mart", "MartUnavailable", "connect", "available", "mart", "load",
           "with_specialty_names", "state_totals", "unfilled_summary"]


_MODULES = ("access", "summaries", "docs", "query")


def __getattr__(name: str):
    if name in _MODULES:  # ``marts.access`` without importing it first, as when __init__ imported it
        return importlib.import_module(f"{__name__}.{name}")
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found here from now on (and a test may monkeypatch it)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
