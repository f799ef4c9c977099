"""A failed check: one expectation or reconciliation, with the figures on both sides.

Ingest modules return these from ``reconcile()``; the suite runner returns them
from Great Expectations results; the gate (``pipeline.validate.suites.gate``) decides
which are documented source discrepancies and which block publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Failure:
    table: str
    check: str  # expectation type or reconciliation name
    detail: str
    examples: list[dict] = field(default_factory=list)
    # for reconciliations: the figures on both sides, so that a documented source
    # discrepancy (data/reference/known_discrepancies.csv) can be recognised exactly
    year: int | None = None
    observed: int | float | None = None
    expected: int | float | None = None
    documented: str | None = None  # explanation, when this exact discrepancy is documented

    def describe(self) -> str:
        text = f"{self.table}: {self.check} failed: {self.detail}"
        for ex in self.examples[:3]:
            text += "\n    e.g. " + ", ".join(f"{k}={v}" for k, v in ex.items())
        if len(self.examples) > 3:
            text += f"\n    ... {len(self.examples) - 3} more examples in reports/validation.json"
        return text

    def to_dict(self) -> dict:
        d = {"table": self.table, "check": self.check, "detail": self.detail, "examples": self.examples}
        if self.documented:
            d["documented_discrepancy"] = self.documented
        return d
