"""Versioned, atomic publication of ``data/processed/``.

``data/processed`` is a symlink to one complete version directory under
``data/versions/``. A run writes everything into a new version directory
(unchanged tables are hard-linked from the current version), marks it complete,
and then swaps the symlink with one atomic ``rename``: readers, and a run killed
at any moment, see either the complete old or the complete new version. Left-over
incomplete versions are removed by the next run.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import MatchstatsError

COMPLETE = ".complete"
KEEP_VERSIONS = 3  # complete versions kept in data/versions/, the published one among them (README: matchstats pipeline)


def current_version(paths: Paths) -> Path | None:
    p = paths.processed
    if p.is_symlink():
        target = p.resolve()
        return target if (target / COMPLETE).exists() else None
    return None


def new_version(paths: Paths) -> Path:
    paths.versions.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    d = paths.versions / f"{stamp}-{os.getpid()}"
    d.mkdir()
    return d


def link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _migrate_plain_directory(paths: Paths) -> None:
    """A real data/processed/ directory (from an older layout) becomes a version."""
    p = paths.processed
    if p.exists() and not p.is_symlink() and p.is_dir():
        paths.versions.mkdir(parents=True, exist_ok=True)
        legacy = paths.versions / f"legacy-{int(time.time())}"
        os.rename(p, legacy)


def swap(paths: Paths, version: Path) -> None:
    """Make ``version`` the published data with one atomic rename."""
    fault_point("complete")  # everything is written, the version is not yet marked complete
    (version / COMPLETE).write_text(datetime.now(timezone.utc).isoformat())
    _fsync_dir(version)
    _migrate_plain_directory(paths)
    tmp = paths.processed.with_name(".processed.tmp")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(version, paths.processed.parent), tmp)
    fault_point("publish")
    os.replace(tmp, paths.processed)
    _fsync_dir(paths.processed.parent)


def fault_point(name: str) -> None:
    """Fault injection for the crash tests: with MATCHSTATS_FAULT=<name> the run stops here
    (prints a marker and sleeps) so that a test can kill it at exactly this step. Points:
    ``complete`` (in ``swap``, before the version is marked complete) and ``publish`` (marked
    complete, before the symlink is switched)."""
    if os.environ.get("MATCHSTATS_FAULT") == name:
        print(f"FAULT POINT {name}", flush=True)
        time.sleep(120)


def _fsync_dir(d: Path) -> None:
    try:
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


_CURRENT = object()  # cleanup(): "look the published version up" (a run passes the one it resolved)


def cleanup(paths: Paths, keep: int = KEEP_VERSIONS, current=_CURRENT) -> list[Path]:
    """Remove incomplete versions and all but the newest ``keep`` complete ones (the published one
    among them), never one a live process owns: an incomplete version whose run is still alive (its
    name ends in the run's process id), or any version in which a live process holds a file open
    (a query, a notebook, a report reading an older version). ``current``: the published version, as
    the caller resolved it (by default looked up here)."""
    if not paths.versions.exists():
        return []
    if current is _CURRENT:
        current = current_version(paths)
    published = published_target(paths)  # complete or not, the link's target is never removed
    protected = {p for p in (current, published) if p is not None}
    incomplete, complete = [], []
    for d in sorted(paths.versions.iterdir()):
        if not d.is_dir() or d.is_symlink() or d.resolve() in protected:
            continue
        if (d / COMPLETE).exists():
            complete.append(d)
        elif not _owned_by_live_process(d):
            incomplete.append(d)
    # the published version counts among the ``keep`` newest
    old = incomplete + complete[: max(0, len(complete) - (keep - 1))]
    in_use = _open_by_live_processes(old) if old else set()
    removed = []
    for d in old:
        if d in in_use:
            continue
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d)
    tmp = paths.processed.with_name(".processed.tmp")
    if tmp.is_symlink():
        tmp.unlink()
    return removed


def published_target(paths: Paths) -> Path | None:
    """Where ``data/processed`` points, complete or not (None when it is not a link)."""
    p = paths.processed
    return p.resolve() if p.is_symlink() else None


def discard(paths: Paths, version: Path) -> bool:
    """Remove a version that was not published (its run failed before the switch). The version
    ``data/processed`` points at is never removed: False then, and nothing is touched."""
    if published_target(paths) == version.resolve():
        return False
    shutil.rmtree(version, ignore_errors=True)
    return True


def _owned_by_live_process(d: Path) -> bool:
    try:
        pid = int(d.name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _open_by_live_processes(dirs: list[Path]) -> set[Path]:
    """The folders among ``dirs`` in which a live process holds a file open or has its working
    directory (Linux: /proc/<pid>/fd and cwd; elsewhere nothing is known and the set is empty)."""
    proc = Path("/proc")
    if not dirs or not (proc / "self" / "fd").is_dir():
        return set()
    prefixes = [(str(d.resolve()), d) for d in dirs]
    found: set[Path] = set()

    def note(target: str) -> None:
        for prefix, d in prefixes:
            if target == prefix or target.startswith(prefix + os.sep):
                found.add(d)

    for p in proc.iterdir():
        if not p.name.isdigit():
            continue
        try:
            note(os.readlink(p / "cwd"))
        except OSError:
            pass
        try:
            fds = os.listdir(p / "fd")
        except OSError:
            continue
        for fd in fds:
            try:
                note(os.readlink(p / "fd" / fd))
            except OSError:
                continue
    return found


@contextmanager
def run_lock(paths: Paths, wait: bool = True, say=print):
    """One pipeline run at a time per data folder."""
    paths.lock.parent.mkdir(parents=True, exist_ok=True)
    f = open(paths.lock, "a+")
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            f.seek(0)
            holder = f.read().strip() or "another process"
            if not wait:
                raise MatchstatsError(f"another pipeline run ({holder}) holds {paths.lock}",
                                      todo="wait for it to finish, or run without --no-wait to queue behind it")
            say(f"Waiting for another pipeline run ({holder}) to finish ...")
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} since {datetime.now().isoformat(timespec='seconds')}")
        f.flush()
        yield
    finally:
        try:
            f.truncate(0)
        except OSError:
            pass
        fcntl.flock(f, fcntl.LOCK_UN)
        f.close()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a file via a temporary file in the same folder and rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


REASONS = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied",
           errno.EROFS: "the file system is read-only", errno.EDQUOT: "the disk quota is exceeded"}


def free_space(folder: Path) -> str:
    """Free space on the disk holding ``folder`` (its nearest existing parent), in words."""
    p = Path(folder)
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        free = shutil.disk_usage(p).free
    except OSError:
        return "free space unknown"
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if free >= size:
            return f"{free / size:,.1f} {unit} free"
    return f"{free} bytes free"


def disk_error(exc: OSError, where: Path, published: Path | None = None, reports: bool = False) -> MatchstatsError:
    """One paragraph for a failed write: which file, why, the free space, what was (not) published and
    what to do. ``published``: the version the run had already switched data/processed/ to (it stays);
    ``reports``: the write that failed was one of the reports'."""
    errno_ = exc.errno if exc.errno is not None or "No space left" not in str(exc) else errno.ENOSPC  # pyarrow's
    reason = REASONS.get(errno_, exc.strerror or str(exc))
    file = Path(exc.filename) if getattr(exc, "filename", None) else Path(where)
    if published is None:
        state = "nothing was published; data/processed/ still holds the last good version"
        todo = "free some space (or fix the folder's permissions), then run `matchstats pipeline` again"
    else:
        state = (f"the new data were published (data/processed/ -> {published.name}) and stay"
                 + ("; the reports were not all written" if reports else ""))
        todo = ("free some space (or fix the folder's permissions), then run "
                + ("`matchstats report --all`" if reports else "`matchstats pipeline` again"))
    return MatchstatsError(f"cannot write {file} ({reason}; {free_space(file.parent)}): {state}",
                           todo=todo)


__all__ = ["current_version", "published_target", "new_version", "swap", "discard", "cleanup", "run_lock",
           "write_atomic", "link_or_copy", "disk_error", "free_space", "COMPLETE", "KEEP_VERSIONS"]

if sys.platform == "win32":  # pragma: no cover
    raise ImportError("matchstats needs a POSIX system (symlinks, flock)")
