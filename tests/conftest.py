"""Shared fixtures.

Unit tests build their own small inputs in a temporary MATCHSTATS_HOME. Integration
tests use the real NRMP/AAMC files when they are present, either under data/raw/ or
in the folder named by MATCHSTATS_RAW_MIRROR (CI sets it to ../shared/raw); locally
they are skipped otherwise (``make test`` lists every skip and its reason).

Every test that reads a real file carries ``@pytest.mark.integration``: ``real_source``
fails a test that does not, so the marker cannot drift from what a test reads.

In CI (``CI=true``) nothing that needs the real files or Chromium may be skipped: the
run stops before the first test, with a message, when MATCHSTATS_RAW_MIRROR is not a
folder holding every catalogued report file or when Chromium is missing, and a real
file that is still not found fails its test instead of skipping it.
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
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")

_current: list = [None]  # the test being set up or run (for the integration-marker check)


def _catalogue_entries() -> list[dict]:
    import yaml

    return yaml.safe_load((REPO_RAW / "sources.yml").read_text())["sources"]


def _report_files() -> list[dict]:
    """The catalogued files that are not bundled in git: the NRMP/AAMC reports."""
    return [e for e in _catalogue_entries() if not e.get("bundled")]


def real_raw_file(relpath: str) -> Path | None:
    """A real raw file by its path under data/raw/ (mirror first), or None."""
    mirror = MIRROR
    for base in ([Path(mirror)] if mirror else []) + [REPO_RAW]:
        p = base / relpath
        if p.is_file():
            return p
    return None


def _not_available(what: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} not available in CI (MATCHSTATS_RAW_MIRROR={MIRROR!r})", pytrace=False)
    pytest.skip(f"{what} not available (set MATCHSTATS_RAW_MIRROR or put the files under data/raw/)")


def _require_marker(what: str) -> None:
    item = _current[0]
    if item is not None and item.get_closest_marker("integration") is None:
        pytest.fail(f"{item.nodeid} reads real report files ({what}) but has no @pytest.mark.integration",
                    pytrace=False)


def real_source(source_id: str) -> Path:
    """Path of a catalogued real file, or skip the test when it is not available (fail in CI)."""
    entry = next(s for s in _catalogue_entries() if s["id"] == source_id)
    _require_marker(entry["path"])
    p = real_raw_file(entry["path"])
    if p is None:
        _not_available(f"real file {entry['path']}")
    return p


def real_raw_dir() -> Path:
    """A folder laid out like data/raw/ that holds every catalogued report file: the mirror, else
    data/raw/ itself; skip the test (fail in CI) when neither does."""
    _require_marker("the folder of every catalogued report file")
    for base in ([Path(MIRROR)] if MIRROR else []) + [REPO_RAW]:
        if base.is_dir() and all((base / e["path"]).is_file() for e in _report_files()):
            return base
    _not_available("a folder with every catalogued report file")


def ci_problems() -> list[str]:
    """What makes a CI run unable to run every test: no mirror of the report files, no Chromium."""
    problems = []
    if not MIRROR:
        problems.append("MATCHSTATS_RAW_MIRROR is not set; set it to a folder laid out like data/raw/ that holds "
                        "the catalogued NRMP/AAMC report files (.ci/run uses ../shared/raw)")
    elif not Path(MIRROR).is_dir():
        problems.append(f"MATCHSTATS_RAW_MIRROR={MIRROR} is not a directory")
    else:
        bad = []
        for e in _report_files():
            p = Path(MIRROR) / e["path"]
            if not p.is_file():
                bad.append(f"{e['path']} (missing)")
            elif e.get("size") is not None and p.stat().st_size != int(e["size"]):
                bad.append(f"{e['path']} ({p.stat().st_size} bytes, catalogued {e['size']})")
        if bad:
            problems.append(f"MATCHSTATS_RAW_MIRROR={MIRROR} does not hold the catalogued files: " + "; ".join(bad))
    from pipeline.reports import browser

    if browser.find_chromium() is None:
        problems.append("headless Chromium was not found (apt-get install chromium, or set MATCHSTATS_CHROMIUM); "
                        "the browser and PDF tests need it")
    return problems


def pytest_sessionstart(session):
    if IN_CI:
        problems = ci_problems()
        if problems:
            pytest.exit("CI=true, but the tests cannot all run:\n  - " + "\n  - ".join(problems)
                        + "\nNothing was tested.", returncode=3)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _current[0] = item


def pytest_runtest_teardown(item):
    _current[0] = None


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


def published_real_home(tmp_path_factory, name: str):
    """Yield a MATCHSTATS_HOME published from the real report files (no reports written), for a module-scoped
    fixture of integration tests: ``yield from published_real_home(tmp_path_factory, "plan_real")``."""
    from tests.helpers import cli

    raw = real_raw_dir()
    home = make_home(tmp_path_factory.mktemp(name))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATCHSTATS_HOME", str(home))
        mp.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
        assert cli("fetch", "--from", str(raw), "--offline").exit_code == 0
        r = cli("pipeline", "--no-reports")
        assert r.exit_code == 0, r.output
        yield home


@pytest.fixture(scope="session")
def real_home(tmp_path_factory):
    """One MATCHSTATS_HOME published from the real reports for the integration tests that only read it (the
    fact-check's): published once per session. A module that needs its own defines its own ``real_home``."""
    yield from published_real_home(tmp_path_factory, "check_real")

