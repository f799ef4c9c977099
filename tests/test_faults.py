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


# a browser that answers the first command, then hangs without reading: it would never notice its pipe close
HUNG_BROWSER = r"""import json, os, time
buf = b""
while b"\0" not in buf:
    buf += os.read(3, 65536)
os.write(4, json.dumps({"id": json.loads(buf.split(b"\0")[0])["id"], "result": {}}).encode() + b"\0")
while True:
    time.sleep(1)
"""


def test_the_reports_browser_ends_with_the_process_that_started_it(tmp_path):
    # a report run killed with SIGKILL cannot close its headless browser: the kernel ends it, even one that hangs
    # (pipeline.validate.children, used by pipeline.reports.browser)
    fake = tmp_path / "chromium"
    fake.write_text(f"#!{sys.executable}\n{HUNG_BROWSER}")
    fake.chmod(0o755)
    script = "import sys\nfrom pipeline.reports import browser\nb = browser.Chromium()\nprint(b.proc.pid, flush=True)\n" \
             "sys.stdin.read()\n"
    env = {**os.environ, "MATCHSTATS_CHROMIUM": str(fake)}
    parent = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=PROJECT_DIR, env=env)
    pid = int(parent.stdout.readline())
    os.kill(pid, 0)  # the browser runs
    parent.send_signal(signal.SIGKILL)
    parent.wait(timeout=30)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as fh:  # gone, or a zombie its new parent has yet to reap
                if fh.read().rsplit(") ", 1)[1].startswith("Z"):
                    break
        except FileNotFoundError:
            break
        time.sleep(0.2)
    else:
        os.kill(pid, signal.SIGKILL)
        raise AssertionError(f"the browser (pid {pid}) outlived the process that started it")
