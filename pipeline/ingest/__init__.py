"""Ingest stages: one module per output table.

Every module has the same small shape::

    TABLE = "program_results"                # the table it builds (dictionary + suite of that name)
    KINDS = ("program_results",)             # report kinds it reads: every catalogued file of these kinds
    OPTIONAL = ("by_the_numbers",)           # kinds it can do without (default: none)
    DEPENDS = ("positions_summary",)         # published tables it reads, if built (default: none)
    def build(inputs: Inputs) -> pandas.DataFrame

A *kind* is a report (``kind:`` in data/raw/sources.yml), an *edition* one catalogued
file of it. Ingest code names kinds, never editions: the parsers read the years and
the layout from the file itself, so next year's edition is a catalogue entry
(``matchstats add FILE``), not a code change. ``build`` returns the table's columns
(in any order; the runner conforms them to the data dictionary) and may add
provenance columns ``_source_file``, ``_source_page``, ``_source_line``: they appear
with offending rows in validation messages and are not published. Bad input raises
``pipeline.errors.InputError`` naming the file, page or row, what was expected and
what to do.
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
    "preferred_specialty_outcomes",
    "applicant_measures",
)


@dataclass(frozen=True)
class Edition:
    """One present, verified file of a report kind."""

    source: Source
    path: Path

    @property
    def id(self) -> str:
        return self.source.id


@dataclass
class Inputs:
    """The raw files of one table's kinds: every catalogued file, present (a path) or missing (None)."""

    files: dict[str, Path | None]
    sources: dict[str, Source]
    tables: dict = field(default_factory=dict)  # DEPENDS tables of this run that exist, by name

    @classmethod
    def of(cls, kind: str, *paths: Path, tables: dict | None = None) -> "Inputs":
        """Inputs holding the given files as editions of ``kind`` (for tests and one-off parses)."""
        sources = {}
        for i, p in enumerate(paths):
            sid = f"{kind}_{i + 1}"
            sources[sid] = Source(id=sid, publisher="", title=Path(p).name, years=(), path=str(p),
                                  landing_page="", md5="", size=0, terms="", kind=kind)
        return cls({sid: Path(s.path) for sid, s in sources.items()}, sources, tables or {})

    def editions(self, kind: str) -> list[Edition]:
        """The present files of ``kind``, newest edition first (latest year covered, then id)."""
        eds = [Edition(src, self.files[sid]) for sid, src in self.sources.items()
               if src.kind == kind and self.files.get(sid) is not None]
        return sorted(eds, key=lambda e: (-max(e.source.years, default=0), e.id))

    def require(self, kind: str) -> list[Edition]:
        """Like ``editions``, but at least one must be present."""
        eds = self.editions(kind)
        if not eds:
            known = [s for s in self.sources.values() if s.kind == kind]
            if not known:
                raise InputError(f"no file of the kind {kind!r} is catalogued", where="data/raw/sources.yml",
                                 todo="download the report and register it with `matchstats add FILE`")
            raise InputError(" and ".join(f"{s.path} is missing" for s in known), where="data/raw/",
                             todo="; ".join(f"download {s.path} from {s.landing_page}" for s in known))
        return eds

    def newest(self, kind: str) -> Edition | None:
        """The newest present edition of ``kind``, or None."""
        eds = self.editions(kind)
        return eds[0] if eds else None


def module(table: str) -> ModuleType:
    return importlib.import_module(f"pipeline.ingest.{table}")


def available_tables() -> list[str]:
    out = []
    for t in TABLES:
        if (Path(__file__).parent / f"{t}.py").exists():
            out.append(t)
    return out
