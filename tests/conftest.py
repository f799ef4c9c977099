"""Shared fixtures.

Unit tests build their own small inputs in a temporary MATCHSTATS_HOME. Integration
tests use the real NRMP/AAMC files when they are present, either under data/raw/ or
in the folder named by MATCHSTATS_RAW_MIRROR (CI sets it to ../shared/raw); they are
skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.config import PROJECT_DIR

REPO_RAW = PROJECT_DIR / "data" / "raw"
# read once: the `home` fixture removes the variable so that the CLI under test does not see it
MIRROR = os.environ.get("MATCHSTATS_RAW_MIRROR")


def real_raw_file(relpath: str) -> Path | None:
    """A real raw file by its path under data/raw/ (mirror first), or None."""
    mirror = MIRROR
    for base in ([Path(mirror)] if mirror else []) + [REPO_RAW]:
        p = base / relpath
        if p.is_file():
            return p
    return None


def real_source(source_id: str) -> Path:
    """Path of a catalogued real file, or skip the test when it is not available."""
    import yaml

    doc = yaml.safe_load((REPO_RAW / "sources.yml").read_text())
    entry = next(s for s in doc["sources"] if s["id"] == source_id)
    p = real_raw_file(entry["path"])
    if p is None:
        pytest.skip(f"real file {entry['path']} not available (set MATCHSTATS_RAW_MIRROR)")
    return p


def make_home(folder: Path) -> Path:
    """Lay out a MATCHSTATS_HOME in ``folder``: the tracked catalogue and bundled facts, no reports."""
    raw = folder / "data" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(REPO_RAW / "sources.yml", raw / "sources.yml")
    shutil.copytree(REPO_RAW / "manual", raw / "manual")
    return folder


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh MATCHSTATS_HOME with the tracked catalogue and bundled facts, no reports."""
    make_home(tmp_path)
    monkeypatch.setenv("MATCHSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    return tmp_path
