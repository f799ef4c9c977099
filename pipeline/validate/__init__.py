"""Validation: the Great Expectations suites (``expectations/<table>.json``), the worker process that runs
them beside the parsers, the cross-table reconciliations (``reconcile``: run and ``matchstats validate`` alike),
the failures they report, and the documented source discrepancies (``data/reference/known_discrepancies.csv``)."""
