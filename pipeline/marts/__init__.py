"""The analyses: one DuckDB view per ``<mart>.sql`` file in this folder, and their Python access.

``mart(name)`` returns a mart as a DataFrame (``MartUnavailable`` when a table it needs was
not built); ``load(name)`` shows that as a note instead (the notebooks use it). The columns,
definitions and caveats of every mart are in ``README.md`` beside the SQL files.
"""

from pipeline.marts.access import (MARTS, RANKING_MIN_POSITIONS, SMALL_BASE, Mart, MartUnavailable, available, connect,
                                   is_small, load, mart, with_specialty_names)
from pipeline.marts.summaries import state_totals, unfilled_summary

__all__ = ["MARTS", "RANKING_MIN_POSITIONS", "SMALL_BASE", "is_small", "Mart", "MartUnavailable", "connect", "available", "mart", "load",
           "with_specialty_names", "state_totals", "unfilled_summary"]
