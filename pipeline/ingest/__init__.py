"""Ingest stages: one module per output table.

Every module has the same small shape::

    TABLE = "match_summary"                  # the table it builds (dictionary + suite of that name)
    SOURCES = ("nrmp_headline_manual", ...)  # catalogue ids it reads (data/raw/sources.yml)
    OPTIONAL = ("nrmp_by_the_numbers_2025",) # ids it can do without (default: none)
    DEPENDS = ("program_results",)           # published tables it reads, if built (default: none)
    def build(inputs: Inputs) -> pandas.DataFrame

``build`` returns the table's columns (in any order; the runner conforms them to
the data dictionary) and may add provenance columns ``_source_file``,
``_source_page``, ``_source_line``: they appear with offending rows in validation
messages and are not published. Bad input raises ``pipeline.errors.InputError``
naming the file, page or row, what was expected and what to do.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pipeline.sources.catalogue import Source
from pipeline.errors import InputError

# Build order. A table listed here whose module does not exist yet is ignored.
TABLES = (
    "match_summary",
    "positions_summary",
    "program_results",
    "state_specialty_results",
    "rol_length",
    "residents_by_specialty",
)


@dataclass
class Inputs:
    """The raw files available to one stage, checked against the catalogue."""

    files: dict[str, Path | None]
    sources: dict[str, Source]
    tables: dict = field(default_factory=dict)  # DEPENDS tables of this run that exist, by name

    def path(self, source_id: str) -> Path | None:
        """Path of an (optional) input, or None when it is missing."""
        if source_id not in self.files:
            raise KeyError(f"{source_id!r} is not declared in SOURCES")
        return self.files[source_id]

    def require(self, source_id: str) -> Path:
        p = self.path(source_id)
        if p is None:
            src = self.sources[source_id]
            raise InputError(f"{src.path} is missing", where="data/raw/",
                             todo=f"download it from {src.landing_page}")
        return p


def module(table: str) -> ModuleType:
    return importlib.import_module(f"pipeline.ingest.{table}")


def available_tables() -> list[str]:
    out = []
    for t in TABLES:
        if (Path(__file__).parent / f"{t}.py").exists():
            out.append(t)
    return out
