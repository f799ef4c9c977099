"""The cross-table reconciliations of a data version: every table's ``reconcile()`` against the others.

One place for both callers, the run (before publication) and ``matchstats validate`` (on the published
data), so that both check the same thing. A table module may also define ``not_reconciled()``: the
lines saying what its ``reconcile()`` could not check ("2022: not reconciled: no national total");
they are shown in the run output and on the validation page. ``covered`` gives, per table, the years
its catalogued inputs cover (a year they cover must have rows), for the functions that take it.
"""

from __future__ import annotations

import inspect

from pipeline import ingest


def _call(fn, frame, others, covered):
    if "covered" in inspect.signature(fn).parameters:
        return fn(frame, others, covered=covered)
    return fn(frame, others)


def reconcile_all(frames: dict, covered: dict[str, list[int]] | None = None) -> tuple[list, dict[str, list[str]]]:
    """(failures, {table: lines not reconciled}) of every table in ``frames`` (name -> DataFrame)."""
    failures, unreconciled = [], {}
    covered = covered or {}
    for table, frame in frames.items():
        mod = ingest.module(table)
        others = {k: v for k, v in frames.items() if k != table}
        rec = getattr(mod, "reconcile", None)
        if rec is not None:
            failures += _call(rec, frame, others, covered.get(table))
        said = getattr(mod, "not_reconciled", None)
        lines = _call(said, frame, others, covered.get(table)) if said is not None else []
        if lines:
            unreconciled[table] = lines
    return failures, unreconciled
