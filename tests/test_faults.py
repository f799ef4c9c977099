"""Crash, concurrency and disk-error safety of a pipeline run."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

from pipeline.config import PROJECT_DIR, paths
from tests.helpers import cli, recatalogue, snapshot


def _start(home, *args, fault=None):
    env = {**os.environ, "MATCHSTATS_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("MATCHSTATS_RAW_MIRROR", None)
    if fault:
        env["MATCHSTATS_FAULT"] = fault
    return subprocess.Popen([sys.executable, "-m", "pipeline", "pipeline", "--no-reports", *args],
                            cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(proc, marker, timeout=60):
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    proc.kill()
    raise AssertionError(f"{marker!r} not seen; output:\n{''.join(seen)}")


def _national_years(home) -> int:
    """The Match years positions_summary has in this home: every year a national positions facts file cites."""
    import pandas as pd

    from pipeline.sources import catalogue

    p = paths(home)
    files = [s.local(p) for s in catalogue.load(p).of_kind("national_positions_facts")]
    assert files, "the home has no national positions facts"
    return len(set().union(*(set(pd.read_csv(f)["match_year"]) for f in files)))


def _change_an_input(home):
    csv = home / "data" / "raw" / "manual" / "nrmp_national_positions.csv"
    csv.write_text(csv.read_text().rstrip("\n") + "\n\n")  # same data, new bytes: a new edition to rebuild
    recatalogue(home, "nrmp_national_positions_manual", csv)


def test_sigkill_during_publication_leaves_old_version_and_next_run_recovers(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    _change_an_input(home)

    proc = _start(home, fault="publish")
    _wait_for(proc, "FAULT POINT publish")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    assert snapshot(home / "data" / "processed") == before  # complete old version, byte for byte
    r = cli("pipeline", "--no-reports")  # recovers without manual clean-up
    assert r.exit_code == 0, r.output
    n = _national_years(home)  # 2011-2025 with the bundled facts
    assert n >= 15 and f"positions_summary: {n} rows" in r.output
    after = snapshot(home / "data" / "processed")
    assert after != before and "positions_summary.parquet" in after and "matchstats.duckdb" in after
    assert not (home / "data" / ".processed.tmp").is_symlink()
    incomplete = [d for d in (home / "data" / "versions").iterdir() if not (d / ".complete").exists()]
    assert incomplete == []


def test_second_run_waits_or_fails_with_no_wait(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    _change_an_input(home)
    first = _start(home, fault="publish")
    try:
        _wait_for(first, "FAULT POINT publish")
        r = cli("pipeline", "--no-wait", "--no-reports")
        assert r.exit_code == 1
        assert "another pipeline run" in r.output and "pid" in r.output
        second = _start(home)
        out = _wait_for(second, "Waiting for another pipeline run")
        assert "Waiting" in out
        assert second.poll() is None  # it is waiting, not writing
    finally:
        first.kill()
        first.wait()
    rest = second.communicate(timeout=120)[0]
    assert second.returncode == 0, rest


def test_disk_full_while_writing_publishes_nothing(home, monkeypatch):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    _change_an_input(home)
    import pipeline.run as run_mod

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(run_mod, "write_table", full)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert "disk is full" in r.output and "nothing was published" in r.output
    assert snapshot(home / "data" / "processed") == before
    assert len([d for d in (home / "data" / "versions").iterdir()]) == 1
    assert paths().processed.is_symlink()
