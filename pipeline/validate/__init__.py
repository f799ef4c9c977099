"""Validation: the Great Expectations suites (``expectations/<table>.json``), the worker process that runs
them beside the parsers, the failures they and the reconciliations report, and the documented source
discrepancies (``data/reference/known_discrepancies.csv``)."""
