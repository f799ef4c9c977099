"""Get missing raw files: copy from a mirror folder or download, then verify md5 and size."""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pipeline.sources.catalogue import Catalogue, Source, check_file
from pipeline.config import Paths

TIMEOUT_S = 30


@dataclass
class FetchResult:
    source: Source
    state: str  # present, copied, downloaded, missing, mismatch
    message: str

    @property
    def ok(self) -> bool:
        return self.state in ("present", "copied", "downloaded")


def _place(source: Source, tmp: Path, dest: Path, how: str) -> FetchResult:
    st = check_file(source, tmp)
    if not st.ok:
        tmp.unlink(missing_ok=True)
        return FetchResult(source, "mismatch", st.detail.replace(str(tmp), f"{how} {source.path}")
                           + ". The file was not used.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, dest)
    return FetchResult(source, "copied" if how == "copy of" else "downloaded", f"{source.path}: {how.split()[0]} ok")


def _tmp_beside(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".fetch-", dir=dest.parent)
    os.close(fd)
    return Path(name)


def fetch_one(source: Source, paths: Paths, mirror: Path | None, download: bool = True) -> FetchResult:
    dest = source.local(paths)
    if dest.exists():
        st = check_file(source, dest)
        if st.ok:
            return FetchResult(source, "present", f"{source.path}: present, checksum ok")
        return FetchResult(source, "mismatch", st.detail + ". The file is not used; remove it and fetch again, "
                           "or update the catalogue if it is a deliberate new edition.")
    if mirror is not None:
        candidate = mirror / source.path
        if candidate.is_file():
            tmp = _tmp_beside(dest)
            try:
                shutil.copyfile(candidate, tmp)
                return _place(source, tmp, dest, "copy of")
            finally:
                tmp.unlink(missing_ok=True)
    if source.url and download:
        tmp = _tmp_beside(dest)
        try:
            req = urllib.request.Request(source.url, headers={"User-Agent": "matchstats-fetch"})
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp, open(tmp, "wb") as out:
                shutil.copyfileobj(resp, out)
            return _place(source, tmp, dest, "download of")
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            reason = getattr(exc, "reason", exc)
            return FetchResult(source, "missing",
                               f"{source.path}: missing; download from {source.url} failed ({reason}). "
                               f"Download it by hand from that address (when online) and save it as "
                               f"data/raw/{source.path}; it is listed on {source.landing_page}.")
        finally:
            tmp.unlink(missing_ok=True)
    return FetchResult(source, "missing",
                       f"{source.path}: missing; no direct download address is known. Download it by hand "
                       f"from {source.landing_page} and save it as data/raw/{source.path}.")


def fetch_all(catalogue: Catalogue, paths: Paths, mirror: Path | None = None,
              download: bool = True) -> list[FetchResult]:
    if mirror is None and os.environ.get("MATCHSTATS_RAW_MIRROR"):
        mirror = Path(os.environ["MATCHSTATS_RAW_MIRROR"])
    if mirror is not None:
        mirror = mirror.expanduser().resolve()
    return [fetch_one(s, paths, mirror, download) for s in catalogue.sources]


# -- what a run says about missing files: once, relative paths, the next command --------------

def missing_lines(missing: list) -> list[str]:
    """One line per missing catalogued file (``SourceStatus`` list): its path under the project, where it is
    published and whether `matchstats fetch` can download it."""
    out = []
    for st in missing:
        s = st.source
        how = (f"`.venv/bin/matchstats fetch` downloads it from {s.url}" if s.url  # the known address
               else f"download it by hand; published at {s.landing_page}")
        out.append(f"  - data/raw/{s.path}: {how}")
    return out


def next_steps(missing: list) -> list[str]:
    """The exact commands that get the missing files (printed once, at the end of a run)."""
    if not missing:
        return []
    n_url = sum(1 for st in missing if st.source.url)
    lines = [f"Next: get the {len(missing)} missing file(s); the tables that need them are then built too:",
             "  MATCHSTATS_RAW_MIRROR=DIR make pipeline   # DIR: a folder laid out like data/raw/ that holds them"]
    if n_url:
        lines.append(f"  .venv/bin/matchstats fetch                # downloads the {n_url} with a known address, "
                     "then `make pipeline`")
    lines.append("  or save each file at the path listed above and run `make pipeline`.")
    return lines


def fetch_quietly(catalogue: Catalogue, paths: Paths, say=print) -> list[FetchResult]:
    """``fetch_all`` for `matchstats pipeline --fetch` (what `make pipeline` runs): says what it copied,
    downloaded or refused, not what is missing (the run lists that once)."""
    results = fetch_all(catalogue, paths)
    got = [r for r in results if r.state in ("copied", "downloaded")]
    if got:
        say(f"[fetch] {len(got)} file(s) copied or downloaded: " + ", ".join(r.source.path for r in got))
    for r in results:
        if r.state == "mismatch":
            say(f"[fetch] REFUSED {r.message}")
    failed = [r for r in results if r.state == "missing" and "failed" in r.message]
    if failed:
        say(f"[fetch] {len(failed)} download(s) failed (no network?); the files still missing are listed below")
    return results
