"""The published data survive the run around them (issue 23 items 1, 4, 9, 10; issue 27 item 11).

* the guards of ``pipeline.store.publish``: ``current_version`` needs the ``.complete`` mark, ``swap``
  replaces the link with one rename (it always resolves), ``cleanup`` keeps what a live process owns and
  ``discard`` never removes the published version;
* a closed stdout (``matchstats pipeline --force | grep -m1 ...``) or a progress line that cannot be
  written never touches data: the new version is published and queries work;
* a full disk while the database or the reports are written is one paragraph naming the file and the
  free space, and after the switch the published data stay;
* the validation worker and the chart process end with a run killed by SIGKILL.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.config import PROJECT_DIR, paths
from pipeline.store import publish
from tests.helpers import cli, recatalogue, snapshot


def _version(home: Path, name: str, complete: bool = True) -> Path:
    d = home / "data" / "versions" / name
    d.mkdir(parents=True)
    (d / "t.parquet").write_text(name)
    if complete:
        (d / publish.COMPLETE).write_text("done")
    return d


def _link(home: Path, version: Path) -> None:
    link = home / "data" / "processed"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(version, link.parent), link)


# -- the guards of publish ----------------------------------------------------------------------------

def test_current_version_is_never_one_without_its_complete_mark(home):
    p = paths()
    half = _version(home, "20260101T000000000000Z-1", complete=False)
    _link(home, half)  # e.g. a link switched by hand, or a version whose mark was lost
    assert publish.current_version(p) is None
    (half / publish.COMPLETE).write_text("done")
    assert publish.current_version(p) == half.resolve()


def test_swap_replaces_the_link_by_one_rename_and_the_link_always_resolves(home, monkeypatch):
    p = paths()
    versions = [_version(home, f"20260101T00000{i}000000Z-1", complete=False) for i in range(2)]
    publish.swap(p, versions[0])
    link = p.processed
    unlinked, replaced = [], []
    real_unlink, real_replace = os.unlink, os.replace

    def unlink(path, *a, **k):  # removing the published link, even for a moment, is what must not happen
        if Path(path) == link:
            unlinked.append(path)
            raise AssertionError("swap removed data/processed before replacing it")
        return real_unlink(path, *a, **k)

    def replace(src, dst, *a, **k):
        replaced.append((Path(src).name, Path(dst)))
        return real_replace(src, dst, *a, **k)

    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", replace)
    seen, stop = [], threading.Event()

    def reader():  # a reader that looks at the link all the time
        while not stop.is_set():
            target = link.resolve()
            seen.append(link.is_symlink() and (target / "t.parquet").exists() and (target / publish.COMPLETE).exists())

    t = threading.Thread(target=reader)
    t.start()
    try:
        for i in range(300):
            publish.swap(p, versions[(i + 1) % 2])
    finally:
        stop.set()
        t.join()
    assert unlinked == []
    assert replaced and all(r == (".processed.tmp", link) for r in replaced)
    assert len(seen) > 100 and all(seen), f"{seen.count(False)} of {len(seen)} looks found no complete version"


def test_cleanup_keeps_what_a_live_process_owns(home):
    p = paths()
    keep = publish.KEEP_VERSIONS
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        old = [_version(home, f"2026010{i}T000000000000Z-{dead.pid}") for i in range(1, keep + 3)]
        current = _version(home, "20260201T000000000000Z-1")
        _link(home, current)
        running = _version(home, f"20260301T000000000000Z-{sleeper.pid}", complete=False)  # a run in progress
        crashed = _version(home, f"20260302T000000000000Z-{dead.pid}", complete=False)  # a run killed earlier
        reader = subprocess.Popen([sys.executable, "-c", "import sys, time; f = open(sys.argv[1]); "
                                   "print('open', flush=True); time.sleep(60)", str(old[0] / "t.parquet")],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert reader.stdout.readline().strip() == "open"  # a query still reading the oldest version
            removed = publish.cleanup(p)
        finally:
            reader.kill()
            reader.wait()
    finally:
        sleeper.kill()
        sleeper.wait()
    left = {d.name for d in (home / "data" / "versions").iterdir()}
    assert current.name in left and running.name in left  # published; owned by a live run
    assert old[0].name in left  # a live process holds a file in it open
    assert crashed.name not in left
    # of the complete versions, the newest KEEP_VERSIONS (the published one among them) are kept
    assert [d.name for d in old if d.name in left] == [old[0].name] + [d.name for d in old[-(keep - 1):]]
    assert sorted(removed) == sorted([crashed] + old[1:-(keep - 1)])


def test_discard_never_removes_the_published_version(home):
    p = paths()
    v = _version(home, "20260101T000000000000Z-1")
    _link(home, v)
    assert publish.discard(p, v) is False and (v / "t.parquet").exists()
    other = _version(home, "20260102T000000000000Z-1", complete=False)
    assert publish.discard(p, other) is True and not other.exists()


# -- progress that cannot be written never touches data --------------------------------------------------

def _env(home, **extra):
    env = {**os.environ, "MATCHSTATS_HOME": str(home), "PYTHONUNBUFFERED": "1", **extra}
    env.pop("MATCHSTATS_RAW_MIRROR", None)
    return env


def test_a_closed_pipe_publishes_the_new_version_and_queries_work(home):
    assert cli("pipeline").exit_code == 0
    before = (home / "data" / "processed").resolve()
    cmd = (f"{sys.executable} -m pipeline pipeline --force | grep -m1 'reconciliations done'; "
           "echo \"status ${PIPESTATUS[0]}\"")
    r = subprocess.run(["bash", "-c", cmd], cwd=PROJECT_DIR, env=_env(home), capture_output=True, text=True,
                       timeout=300)
    assert "[validate] expectations and reconciliations done" in r.stdout
    assert "status 0" in r.stdout, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "Error" not in r.stderr, r.stderr
    after = (home / "data" / "processed").resolve()
    assert after != before and (after / publish.COMPLETE).exists() and (after / "matchstats.duckdb").exists()
    q = cli("query", "select 1 as one")
    assert q.exit_code == 0 and "1" in q.output, q.output


def test_a_progress_line_that_cannot_be_written_never_touches_data(home):
    from pipeline.run import run

    assert cli("pipeline", "--no-reports").exit_code == 0
    before = (home / "data" / "processed").resolve()
    lines = []

    def say(msg):  # stdout on a full disk, from the line after the reconciliations on
        if lines and "reconciliations done" in lines[-1]:
            raise OSError(errno.ENOSPC, "No space left on device")
        lines.append(msg)

    result = run(paths(), force=True, say=say, reports=False)
    after = (home / "data" / "processed").resolve()
    assert result.published == after and after != before and (after / publish.COMPLETE).exists()
    assert "reconciliations done" in lines[-1]  # nothing more was said, nothing failed


def test_stdout_on_a_full_disk_is_one_line_on_stderr_and_the_run_publishes(home):
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "pipeline", "pipeline", "--no-reports"], cwd=PROJECT_DIR,
                           env=_env(home), stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().splitlines() == [
        "matchstats: standard output cannot be written (No space left on device); going on without it"]
    assert ((home / "data" / "processed").resolve() / publish.COMPLETE).exists()


# -- a full disk ----------------------------------------------------------------------------------------

def _change_an_input(home):
    csv = home / "data" / "raw" / "manual" / "nrmp_national_positions.csv"
    csv.write_text(csv.read_text().rstrip("\n") + "\n\n")
    recatalogue(home, "nrmp_national_positions_manual", csv)


def test_a_full_disk_while_the_database_is_written_is_a_message_and_publishes_nothing(home, monkeypatch):
    import duckdb

    from pipeline.store import warehouse

    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    _change_an_input(home)

    def full(version, tables, say=print):
        raise duckdb.IOException(f'IO Error: Could not write file "{version}/.matchstats.duckdb.tmp": '
                                 "No space left on device")

    monkeypatch.setattr(warehouse, "build", full)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "matchstats.duckdb (the disk is full;" in r.output and " free)" in r.output, r.output
    assert "nothing was published" in r.output and "What to do: free some space" in r.output
    assert snapshot(home / "data" / "processed") == before
    assert len(list((home / "data" / "versions").iterdir())) == 1


def test_a_full_disk_while_the_reports_are_written_keeps_the_published_data(home, monkeypatch):
    from pipeline.reports import index

    assert cli("pipeline", "--no-reports").exit_code == 0
    before = (home / "data" / "processed").resolve()
    _change_an_input(home)

    def full(paths_, result=None, say=print, **kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(paths_.reports / "index.html"))

    monkeypatch.setattr(index, "build_index", full)
    r = cli("pipeline")
    assert r.exit_code == 1 and "Traceback" not in r.output
    after = (home / "data" / "processed").resolve()
    assert after != before and (after / publish.COMPLETE).exists() and after.exists()
    assert "index.html (the disk is full;" in r.output and "free)" in r.output
    assert f"the new data were published (data/processed/ -> {after.name}) and stay" in r.output
    assert "matchstats report --all" in r.output
    assert cli("query", "select 1").exit_code == 0


# -- child processes end with the run -----------------------------------------------------------------------

def _children(pid: int) -> dict[int, str]:
    out = {}
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
                cmd = (p / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out[int(p.name)] = cmd
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended (nobody may reap it in a container)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_the_worker_and_the_chart_process_end_with_a_killed_run(home):
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "pipeline"], cwd=PROJECT_DIR,
                            env=_env(home, MATCHSTATS_FAULT="validating"), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    seen = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            seen.append(line)
            if not line or "FAULT POINT validating" in line:
                break
        assert "FAULT POINT validating" in seen[-1], "".join(seen)
        kids = _children(proc.pid)
        assert any("pipeline.validate.worker" in c for c in kids.values()), kids
        assert any("write_report_charts" in c for c in kids.values()), kids
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.time() + 5
        while time.time() < deadline and any(_alive(k) for k in kids):
            time.sleep(0.1)
        assert not [kids[k] for k in kids if _alive(k)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
