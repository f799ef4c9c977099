"""The source catalogue (``data/raw/sources.yml``) and checks of raw files against it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import ChecksumError, InputError, require_fields

REQUIRED_FIELDS = ("id", "kind", "publisher", "title", "years", "path", "landing_page", "md5", "size", "terms")


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    years: tuple[int, ...]
    path: str  # relative to data/raw/
    landing_page: str
    md5: str
    size: int
    terms: str
    url: str | None = None
    bundled: bool = False
    kind: str = ""  # the report this file is an edition of (program_results, by_the_numbers, ...)
    transcription: bool = False  # a published transcription, not the publisher's own file: say so wherever used
    note: str = ""  # e.g. where a file no longer on the publisher's site is kept

    def local(self, paths: Paths) -> Path:
        return paths.raw / self.path

    def citation(self) -> str:
        text = f"{self.publisher}, {self.title}"
        return text + " (a transcription, not the publisher's file)" if self.transcription else text

    def how_to_get(self, paths: Paths) -> str:
        """What to do to get this file, in one sentence (paths relative to the project: data/raw/...)."""
        where = f"data/raw/{self.path}"
        if self.url:
            return (f"run `.venv/bin/matchstats fetch` (it downloads {self.url}), or download it by hand "
                    f"from {self.landing_page} and save it as {where}")
        return (f"download it by hand from {self.landing_page} and save it as {where} "
                f"(or copy it from a folder laid out like data/raw/: `MATCHSTATS_RAW_MIRROR=DIR make pipeline`)")


@dataclass
class SourceStatus:
    source: Source
    state: str  # "ok", "missing", "mismatch"
    detail: str = ""
    actual_md5: str | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def md5_of(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=256)
def _md5_cached(path: str, size: int, mtime_ns: int) -> str:
    return md5_of(Path(path))


def md5_quick(path: Path) -> str:
    """md5, cached per (path, size, mtime) within one process."""
    st = path.stat()
    return _md5_cached(str(path), st.st_size, st.st_mtime_ns)


@dataclass
class Catalogue:
    file: Path
    sources: list[Source] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[Source]:
        """The catalogued files of these kinds, in catalogue order."""
        return [s for s in self.sources if s.kind in kinds]

    def get(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        known = ", ".join(s.id for s in self.sources)
        raise InputError(f"no source with id {source_id!r} in the catalogue (known: {known})",
                         where=str(self.file),
                         todo="add an entry for it to data/raw/sources.yml")

    def status(self, source: Source, paths: Paths) -> SourceStatus:
        local = source.local(paths)
        if not local.exists():
            return SourceStatus(source, "missing", f"{source.path} is not in data/raw/")
        return check_file(source, local)


def check_file(source: Source, file: Path) -> SourceStatus:
    size = file.stat().st_size
    actual = md5_quick(file)
    if actual != source.md5 or size != source.size:
        return SourceStatus(
            source, "mismatch",
            f"{file}: checksum differs from the catalogue entry {source.id!r}: "
            f"expected md5 {source.md5} ({source.size} bytes), found md5 {actual} ({size} bytes)",
            actual_md5=actual)
    return SourceStatus(source, "ok", actual_md5=actual)


def verify(source: Source, file: Path) -> str:
    """Return the md5 of ``file`` or raise ChecksumError naming both checksums."""
    st = check_file(source, file)
    if not st.ok:
        raise ChecksumError(
            st.detail + ". The file is not used.",
            todo=("get the edition the catalogue describes (see its landing page "
                  f"{source.landing_page}); if this is a deliberate new edition, update md5 and "
                  f"size of {source.id!r} in data/raw/sources.yml"))
    return st.actual_md5 or source.md5


def load(paths: Paths) -> Catalogue:
    import yaml

    file = paths.catalogue
    if not file.exists():
        raise InputError("the source catalogue is missing", where=str(file),
                         todo="restore data/raw/sources.yml from git (`git checkout data/raw/sources.yml`)")
    try:
        doc = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"the catalogue is not valid YAML ({exc})", where=str(file),
                         todo="fix the syntax or restore it from git") from None
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InputError("expected a top-level `sources:` list", where=str(file),
                         todo="restore data/raw/sources.yml from git")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, e in enumerate(entries, 1):
        require_fields(e if isinstance(e, dict) else {}, REQUIRED_FIELDS, where=str(file),
                       what=lambda missing, _: f"entry {i} lacks {', '.join(missing)}",
                       todo="every source needs " + ", ".join(REQUIRED_FIELDS))
        if e["id"] in seen:
            raise InputError(f"duplicate source id {e['id']!r}", where=str(file), todo="ids must be unique")
        rel = Path(str(e["path"]))
        if rel.is_absolute() or ".." in rel.parts:
            raise InputError(f"source {e['id']!r} has path {e['path']!r}, which leaves data/raw/",
                             where=str(file), todo="paths are relative to data/raw/ and stay inside it")
        seen.add(e["id"])
        years = e["years"] if isinstance(e["years"], list) else [e["years"]]
        sources.append(Source(
            id=str(e["id"]), publisher=str(e["publisher"]), title=str(e["title"]),
            years=tuple(int(y) for y in years), path=str(e["path"]),
            landing_page=str(e["landing_page"]), md5=str(e["md5"]).lower(), size=int(e["size"]),
            terms=str(e["terms"]).strip(), url=e.get("url") or None, bundled=bool(e.get("bundled", False)),
            kind=str(e["kind"]), transcription=bool(e.get("transcription", False)),
            note=str(e.get("note") or "").strip()))
    return Catalogue(file, sources)
