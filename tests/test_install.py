"""Installing: a light pipeline install, extras for the notebooks and the tests, a moved venv rebuilt, `pip install .`.

`make` is run with -n (print, do not run) on a copy of the Makefile in a temporary folder whose fake `.venv`
was made elsewhere; the wheel is built without network (no build isolation) and its files listed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline.config import PACKAGE_DIR, PROJECT_DIR

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def _make_n(folder: Path, *targets: str) -> str:
    done = subprocess.run([MAKE, "-n", *targets], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _fake_project(tmp_path: Path, shebang: str) -> Path:
    """A project folder with a .venv that looks installed; its python is this interpreter."""
    shutil.copy(PROJECT_DIR / "Makefile", tmp_path / "Makefile")
    shutil.copy(PROJECT_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text("")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").symlink_to(sys.executable)
    (bin_ / "matchstats").write_text(f"#!{shebang}\n")
    (tmp_path / ".venv" / ".installed").touch()
    return tmp_path


@needs_make
def test_a_venv_made_in_another_folder_is_rebuilt(tmp_path):
    """After `mv` (or `cp -r`) the venv's scripts point at the old folder: make removes the venv and reinstalls."""
    moved = _fake_project(tmp_path, "/old/place/.venv/bin/python")
    out = _make_n(moved, "pipeline")
    assert 'if [ -n "yes" ]; then echo ".venv was made for another folder' in out and "rm -rf .venv" in out
    assert "pip install --quiet -e ." in out and "matchstats pipeline --fetch" in out
    # its python imports the pipeline of another folder (this checkout), even with a shebang that looks right
    copy = tmp_path / "copy"
    copy.mkdir()
    assert 'if [ -n "yes" ]' in _make_n(_fake_project(copy, f"{copy}/.venv/bin/python"), "pipeline")


@needs_make
def test_the_checkouts_own_venv_is_not_rebuilt():
    if not (PROJECT_DIR / ".venv" / ".installed").exists() or Path(sys.prefix) != PROJECT_DIR / ".venv":
        pytest.skip("these tests do not run in the checkout's .venv")
    out = _make_n(PROJECT_DIR, "pipeline")
    assert 'if [ -n "yes" ]' not in out


def test_the_pipeline_installs_without_jupyter_or_pytest_and_each_target_adds_its_extras():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    base = " ".join(project["dependencies"]).lower()
    for heavy in ("jupyterlab", "ipykernel", "nbclient", "pytest", "reportlab", "anywidget", "ipywidgets"):
        assert heavy not in base, f"{heavy} is installed by `make pipeline`"
    extras = project["optional-dependencies"]
    assert any(d.startswith("jupyterlab") for d in extras["lab"])
    assert any(d.startswith("pytest") for d in extras["test"]) and "matchstats[lab]" in extras["test"]
    assert extras["dev"] == ["matchstats[lab,test]"]
    makefile = (PROJECT_DIR / "Makefile").read_text()
    assert "pip install --quiet -e .\n" in makefile
    assert "lab: $(LAB_STAMP)" in makefile and "pip install --quiet -e '.[lab]'" in makefile
    assert "test: $(TEST_STAMP)" in makefile and "pip install --quiet -e '.[test]'" in makefile
    assert "pipeline: $(STAMP)" in makefile
    ci = (PROJECT_DIR / ".ci" / "run").read_text()
    assert ci.rstrip().endswith("make test")


@needs_make
def test_make_test_shows_progress_and_the_reasons_for_skips():
    out = _make_n(PROJECT_DIR, "-B", "test")
    line = next(x for x in out.splitlines() if "-m pytest" in x)
    assert "-rs" in line and "console_output_style=count" in line  # "[ 12/450]" after each file's line
    assert " -q" not in line  # the file names show what is running


def test_the_package_data_covers_every_file_the_package_reads():
    """`pip install .` (not editable): the templates, SQL, dictionary and vocabulary travel with the package.

    Every file under pipeline/ that is not Python must match a glob of [tool.setuptools.package-data] (what
    setuptools copies into the wheel; building one here would need the network for setuptools>=77).
    """
    globs = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    data = [p for p in PACKAGE_DIR.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert len(data) > 20
    missing = [p.relative_to(PACKAGE_DIR).as_posix() for p in data
               if not any(p.relative_to(PACKAGE_DIR).match(g) for g in globs["pipeline"])]
    assert missing == [], f"not installed by `pip install .`: {missing}"


def test_an_installed_package_finds_the_project_in_the_current_directory(tmp_path):
    """Installed in site-packages, the project (expectations/, data/reference/) is the current directory."""
    site = tmp_path / "site-packages"
    shutil.copytree(PACKAGE_DIR, site / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    checkout = tmp_path / "checkout"
    (checkout / "expectations").mkdir(parents=True)
    code = "import pipeline.config as c; print(c.PROJECT_DIR); print(c.EXPECTATIONS_DIR); print(c.paths().home)"
    env = {k: v for k, v in os.environ.items() if k not in ("MATCHSTATS_HOME", "PYTHONPATH")}
    run = lambda cwd, **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], cwd=cwd, env={**env, "PYTHONPATH": str(site), **extra},
        capture_output=True, text=True, check=True).stdout.split()
    assert run(checkout) == [str(checkout), str(checkout / "expectations"), str(checkout)]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run(elsewhere, MATCHSTATS_HOME=str(checkout))[:2] == [str(checkout), str(checkout / "expectations")]
