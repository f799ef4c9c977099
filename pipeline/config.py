"""Where things live. Paths are computed once, from one root.

The *project* root holds code-like assets that are reviewed in git: the
expectation suites, the specialty crosswalk and the data dictionary.
The *home* holds the data workspace: ``data/raw`` (catalogue, bundled facts,
downloaded reports), ``data/processed`` and ``reports``. By default both are the
checkout; set ``MATCHSTATS_HOME`` to work in another folder (tests do).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

MIRROR_ENV = "MATCHSTATS_RAW_MIRROR"
HOME_ENV = "MATCHSTATS_HOME"

PACKAGE_DIR = Path(__file__).resolve().parent


def _project_dir() -> Path:
    """The checkout: the folder above the package when run from a checkout (or an editable install).

    After ``pip install .`` the package lives in site-packages; the project is then the checkout named by
    ``MATCHSTATS_HOME`` or the current directory (the first that holds ``expectations/``).
    """
    if (PACKAGE_DIR.parent / "expectations").is_dir():
        return PACKAGE_DIR.parent
    candidates = [Path(p).resolve() for p in (os.environ.get(HOME_ENV), os.getcwd()) if p]
    return next((c for c in candidates if (c / "expectations").is_dir()), candidates[-1])


PROJECT_DIR = _project_dir()

EXPECTATIONS_DIR = PROJECT_DIR / "expectations"
REFERENCE_DIR = PROJECT_DIR / "data" / "reference"
SPECIALTIES_CSV = REFERENCE_DIR / "specialties.csv"
SPECIALTY_ALIASES_CSV = REFERENCE_DIR / "specialty_aliases.csv"  # names people type (IM, OB/GYN, ENT, ...)
DICTIONARY_DIR = PACKAGE_DIR / "dictionary"
SQL_DIR = PACKAGE_DIR / "marts"
TEMPLATES_DIR = PACKAGE_DIR / "reports" / "templates"


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def raw(self) -> Path:
        return self.home / "data" / "raw"

    @property
    def catalogue(self) -> Path:
        return self.raw / "sources.yml"

    @property
    def processed(self) -> Path:
        """The published data: a symlink to the current complete version."""
        return self.home / "data" / "processed"

    @property
    def versions(self) -> Path:
        return self.home / "data" / "versions"

    @property
    def lock(self) -> Path:
        return self.home / "data" / ".matchstats.lock"

    @property
    def database(self) -> Path:
        return self.processed / "matchstats.duckdb"

    @property
    def reports(self) -> Path:
        return self.home / "reports"


def paths(home: str | os.PathLike | None = None) -> Paths:
    if home is None:
        home = os.environ.get(HOME_ENV) or PROJECT_DIR
    return Paths(Path(home).resolve())


def skip_slow_optional_imports() -> None:
    """Keep jsonschema (imported by Altair and Great Expectations) from loading rfc3987_syntax.

    That package comes with JupyterLab (a dev dependency) and compiles a grammar when
    imported, about 1.6 s, for IRI format checks that matchstats never uses; without
    it jsonschema simply skips those formats. Called by the CLI and the validation
    worker only, not on ``import pipeline``.
    """
    import sys

    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]
