"""``matchstats add FILE...``: register downloaded reports in the catalogue.

Each file's kind and edition are recognised from its content (``pipeline.ingest.kinds``),
never from its name. The file is copied to ``data/raw/<publisher>/<year>/`` under its own
name and an entry (id, kind, title as printed, years, md5, size, landing page, terms) is
appended to ``data/raw/sources.yml``. A file that prints no year (the Charting Outcomes
transcription) takes ``--year`` and ``--source`` (where the transcription is published); it is
filed under ``data/raw/transcriptions/<year>/`` and catalogued as a transcription, which every
citation of its figures says. The same file again is a no-op that says so; another
file for a path that is already catalogued is refused; an unknown kind is refused naming
the file and what was looked for. Nothing is half-written: the copy and the catalogue are
replaced atomically, the catalogue last.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.sources import catalogue

LANDING = {
    "NRMP": "https://www.nrmp.org/match-data-analytics/residency-data-reports/",
    "AAMC": "https://www.aamc.org/data-reports/students-residents/report/report-residents",
}
TERMS = {"NRMP": "nrmp_terms", "AAMC": "aamc_terms"}  # the catalogue's anchors for each publisher's terms
TRANSCRIPTION_TERMS = (" This file is a third party's transcription of NRMP's report, not NRMP's file: the underlying "
                       "data are NRMP's and the same terms apply (do not redistribute it or tables derived from it).")
TERMS_TEXT = {
    "NRMP": ('NRMP: "Reproduction prohibited without the written permission of the NRMP." No part of the data may '
             "be used as input to machine-learning or AI models or tools without NRMP's express written consent."),
    "AAMC": "AAMC: data from the AAMC Report on Residents; follow the AAMC's terms of use; do not redistribute.",
}


@dataclass
class Added:
    path: Path      # the file given
    state: str      # "added" or "already catalogued"
    source_id: str
    target: str     # path under data/raw/
    kind: str
    title: str
    years: tuple[int, ...]


def _id(kind: str, publisher: str, years: tuple[int, ...]) -> str:
    span = f"{min(years)}" if len(years) == 1 else f"{min(years)}_{max(years)}"
    return re.sub(r"[^a-z0-9_]", "_", f"{publisher.lower()}_{kind}_{span}")


def _entry(sid: str, kind: str, publisher: str, title: str, years, path: str, md5: str, size: int,
           anchors: bool, indent: str, source: str | None = None) -> str:
    """The catalogue entry; ``source``: where a transcription is published (it is then marked as one)."""
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    terms = f"*{TERMS[publisher]}" if anchors and not source else q(TERMS_TEXT[publisher] + (
        TRANSCRIPTION_TERMS if source else ""))
    i = indent
    fields = [("kind", kind), ("publisher", q(f"{publisher}, transcription published at {source}") if source
                               else publisher), ("title", q(title)),
              ("years", f"[{', '.join(map(str, years))}]"), ("path", q(path)), ("url", "null"),
              ("landing_page", q(source) if source else LANDING[publisher]), ("md5", md5), ("size", size),
              ("terms", terms)]
    fields += [("transcription", "true")] if source else []
    fields += [("note", "registered with `matchstats add`")]
    return f"\n{i}- id: {sid}\n" + "".join(f"{i}  {k}: {v}\n" for k, v in fields)


def add(paths: Paths, files: list[Path], say=print, year: int | None = None, source: str | None = None) -> list[Added]:
    """Register every file; all are recognised before anything is written.

    ``year``: the Match year of a file that prints none (for one that does, it must agree); ``source``:
    the address where a transcription is published (needed for one, refused for the publisher's files)."""
    from pipeline.ingest.kinds import recognise
    from pipeline.store.publish import write_atomic

    cat = catalogue.load(paths)
    by_md5 = {s.md5: s for s in cat.sources}
    by_path = {s.path: s for s in cat.sources}
    ids = {s.id for s in cat.sources}
    plans: list[tuple[Path, Added, str | None]] = []
    for f in files:
        f = Path(f)
        if not f.is_file():
            raise InputError("no such file", where=str(f), todo="give the path of a downloaded report")
        md5, size = catalogue.md5_of(f), f.stat().st_size
        if md5 in by_md5:
            s = by_md5[md5]
            plans.append((f, Added(f, "already catalogued", s.id, s.path, s.kind, s.title, s.years), None))
            continue
        rec = recognise(f, year)
        if rec.transcription and not source:
            raise InputError("this is a transcription of a report, not the publisher's file: say where it is "
                             "published", where=str(f),
                             todo=f"add --source URL (the page or repository that publishes it), e.g. "
                                  f"`matchstats add {f.name} --year {max(rec.years)} --source https://...`")
        if source and not rec.transcription:
            raise InputError(f"--source is for transcriptions; this is the publisher's own file ({rec.title})",
                             where=str(f), todo="leave out --source: the publisher's landing page is catalogued")
        if source and not re.match(r"https?://\S+$", source):
            raise InputError(f"--source {source!r} is not a web address", where=str(f),
                             todo="give the http(s) address where the transcription is published")
        folder = "transcriptions" if rec.transcription else rec.publisher.lower()
        target = f"{folder}/{max(rec.years)}/{f.name}"
        if target in by_path:
            s = by_path[target]
            raise InputError(f"data/raw/{target} is already catalogued as {s.id!r} (md5 {s.md5}), and this file "
                             f"differs (md5 {md5})", where=str(f),
                             todo="raw files are immutable: if this is a corrected edition, rename the file "
                                  "before adding it, and remove the old entry from data/raw/sources.yml by hand")
        base = _id(rec.kind, rec.publisher, rec.years) + ("_transcription" if rec.transcription else "")
        sid, n = base, 2
        while sid in ids:
            sid, n = f"{base}_{n}", n + 1
        ids.add(sid)
        by_path[target] = None  # two files of one call for the same path
        added = Added(f, "added", sid, target, rec.kind, rec.title, rec.years)
        text = cat.file.read_text(encoding="utf-8")
        m = re.search(r"^([ \t]*)- id:", text, flags=re.M)  # the list's indentation, as the file has it
        plans.append((f, added, _entry(sid, rec.kind, rec.publisher, rec.title, rec.years, target, md5, size,
                                       anchors=f"&{TERMS[rec.publisher]}" in text, indent=m.group(1) if m else "  ",
                                       source=source if rec.transcription else None)))
    text = cat.file.read_text(encoding="utf-8")
    new = [p for p in plans if p[2] is not None]
    for f, a, _ in new:
        dest = paths.raw / a.target
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp")
        shutil.copyfile(f, tmp)
        tmp.replace(dest)
    if new:
        write_atomic(cat.file, text.rstrip("\n") + "\n" + "".join(e for _, _, e in new))
        try:  # the new catalogue must read back with the new entries in its sources list
            back = {src.id for src in catalogue.load(paths).sources}
        except InputError:
            back = set()
        if not {a.source_id for _, a, _ in new} <= back:
            write_atomic(cat.file, text)
            raise InputError("the new entries could not be added to the catalogue's `sources:` list (is it the "
                             "last key of the file?); the catalogue was left as it was", where=str(cat.file),
                             todo="add the entries by hand (kind, title, years, path, md5, size, terms)")
    for f, a, _ in plans:
        if a.state == "added":
            say(f"added    {f.name}: {a.title} ({a.kind}, {min(a.years)}-{max(a.years)}) as {a.source_id} "
                f"-> data/raw/{a.target}")
        else:
            say(f"already  {f.name}: catalogued as {a.source_id} (data/raw/{a.target}); nothing to do")
    return [a for _, a, _ in plans]
