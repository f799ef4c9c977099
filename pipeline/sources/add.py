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
replaced atomically, the catalogue last, and a refusal at any point leaves nothing behind (a file
already copied is removed, a file it replaced put back).

Before anything is written, ``add`` shows what it will do (``pipeline.sources.preview``): the file
is read in full by its kind's parser (a file that cannot be read is refused, so never registered),
and the kind, years, pages, programs and program-years, specialty codes not in the crosswalk and how
each resolves, the years shared with catalogued editions and whether their counts agree, and which
years will be reconciled against which national total are printed. ``--dry-run`` stops there.

Only what is needed is read to recognise a file (its md5 is computed streaming; kinds sniff a few
bytes or the first pages), so a 3 GB file costs no memory. A name that cannot be stored as given
(control characters, such as a newline) is refused, and so is a printed title with control characters
(the file is damaged), naming that cause.

One rule for ids and folders: a new edition gets the id ``<publisher>_<kind>_<first>_<last>`` and the
folder ``<publisher>/<last year>/``; a file of the same kind and years as a catalogued edition is a
replacement, done only with ``--replace``: it keeps that entry's id and folder (the re-downloaded AAMC
B5 table replaces ``aamc_residents_b5`` under ``aamc/2022/``, not a second edition under ``aamc/2021/``).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.sources import catalogue

LANDING = {
    "NRMP": "https://www.nrmp.org/match-data-analytics/residency-data-reports/",
    "AAMC": "https://www.aamc.org/data-reports/students-residents/report/report-residents",
}
MAX_TEXT_BYTES = 64 << 20  # the text kinds (AAMC tables, the transcription) are well under 1 MB: larger is none
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
    state: str      # "added", "replaced", "already catalogued" or "previewed" (--dry-run)
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


def _control(text: str) -> str | None:
    """The first character that cannot be stored as given in the catalogue (a control character, a line
    or paragraph separator, or one that is not valid UTF-8), described; None if there is none."""
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in "\ufeff\u0085":
            return f"U+{ord(ch):04X} at position {i + 1}"
    return None


def _check_name(f: Path) -> None:
    bad = _control(f.name)
    if bad:
        raise InputError(f"the file name {f.name!r} has a character that cannot be stored as given ({bad}): the "
                         "catalogue would record another name and the pipeline would then miss the file",
                         where=repr(str(f)), todo="rename the file (letters, digits, spaces, - _ . ( )) and add it "
                                                  "again; nothing was registered")


def _check_title(f: Path, title: str) -> None:
    bad = _control(title)
    if bad:
        raise InputError(f"the title the file prints, {title!r}, has a control character ({bad}): the file is "
                         "damaged or is not the report as published", where=str(f),
                         todo="download the file again from the publisher; nothing was registered")


def _same_edition(cat, kind: str, years) -> list:
    """Catalogued editions of the same kind and years (not bundled facts)."""
    want = tuple(sorted(years))
    return [s for s in cat.sources if not s.bundled and s.kind == kind and tuple(sorted(s.years)) == want]


def _block(text: str, sid: str) -> tuple[int, int] | None:
    """Start and end offsets of the catalogue entry ``sid`` in the catalogue's text (its "- id:" line up to the
    next entry, the next top-level key or the end)."""
    m = re.search(rf"^([ \t]*)- id: {re.escape(sid)}[ \t]*$", text, flags=re.M)
    if not m:
        return None
    indent = m.group(1)
    nxt = re.compile(rf"^(?:{re.escape(indent)}- id:|\S)", flags=re.M)
    n = nxt.search(text, m.end())
    end = n.start() if n else len(text)
    while end > m.start() and text[end - 1] == "\n" and text[end - 2:end] == "\n\n":
        end -= 1  # keep the blank line before the next entry
    return m.start(), end


def add(paths: Paths, files: list[Path], say=print, year: int | None = None, source: str | None = None,
        dry_run: bool = False, replace: bool = False) -> list[Added]:
    """Register every file; all are recognised and read before anything is written.

    ``year``: the Match year of a file that prints none (for one that does, it must agree); ``source``:
    the address where a transcription is published (needed for one, refused for the publisher's files);
    ``dry_run``: show what would be done and register nothing; ``replace``: a file of the same kind and
    years as a catalogued edition replaces it (keeping its id and folder)."""
    from pipeline.ingest.kinds import recognise
    from pipeline.sources.preview import preview, span

    cat = catalogue.load(paths)
    by_md5 = {s.md5: s for s in cat.sources}
    by_path = {s.path: s for s in cat.sources}
    ids = {s.id for s in cat.sources}
    text = cat.file.read_text(encoding="utf-8")
    m = re.search(r"^([ \t]*)- id:", text, flags=re.M)  # the list's indentation, as the file has it
    indent = m.group(1) if m else "  "
    plans: list[tuple[Path, Added, str | None, object]] = []  # (file, what, entry text, replaced Source)
    for f in files:
        f = Path(f)
        _check_name(f)
        if not f.is_file():
            raise InputError("no such file", where=str(f), todo="give the path of a downloaded report")
        size = f.stat().st_size
        with open(f, "rb") as fh:
            head = fh.read(5)
        if size > MAX_TEXT_BYTES and head != b"%PDF-":
            raise InputError(f"the file is {size / 2**30:.1f} GB and not a PDF: every report the pipeline reads is "
                             f"a PDF or a text file of well under {MAX_TEXT_BYTES >> 20} MB, so it is not read "
                             "further", where=str(f),
                             todo="check that this is the report as downloaded from nrmp.org or aamc.org; "
                                  "nothing was registered")
        md5 = catalogue.md5_of(f)  # streaming: any size
        if md5 in by_md5:
            s = by_md5[md5]
            plans.append((f, Added(f, "already catalogued", s.id, s.path, s.kind, s.title, s.years), None, None))
            continue
        rec = recognise(f, year)
        _check_title(f, rec.title)
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
        pv = preview(paths, f, rec, cat)  # reads the file in full: one that cannot be read is refused here
        same = _same_edition(cat, rec.kind, rec.years)
        old = same[0] if same else None
        if old is not None:
            sid = old.id
            target = f"{os.path.dirname(old.path)}/{f.name}" if os.path.dirname(old.path) else f.name
            state = "replaced"
            if not replace and not dry_run:
                say(f"preview  {f.name}\n{pv.text()}")
                raise InputError(
                    f"this file is {rec.kind} {span(rec.years)}, the same edition as the catalogued {old.id!r} "
                    f"(data/raw/{old.path}, md5 {old.md5}), and differs from it (md5 {md5}): adding it replaces "
                    "that edition", where=str(f),
                    todo="run again with --replace to replace it (the entry keeps its id and folder: "
                         f"data/raw/{target}); --dry-run shows what would change; nothing was registered")
        else:
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
            state = "added"
        by_path[target] = None  # two files of one call for the same path
        added = Added(f, state if not dry_run else "previewed", sid, target, rec.kind, rec.title, rec.years)
        entry = _entry(sid, rec.kind, rec.publisher, rec.title, rec.years, target, md5, size,
                       anchors=f"&{TERMS[rec.publisher]}" in text, indent=indent,
                       source=source if rec.transcription else None)
        if old is not None:
            entry = entry.replace("registered with `matchstats add`", f"replaced with `matchstats add --replace` "
                                                                       f"(was data/raw/{old.path}, md5 {old.md5})")
        what = (f"replaces {old.id} (data/raw/{old.path}): same kind and years" + ("" if replace else
                "; needs --replace") if old is not None else f"new edition {sid} -> data/raw/{target}")
        pv.add("catalogue", what)
        pv.add("address", "none known: `matchstats fetch` will not be able to get this file on another machine "
                          f"(add its download address as `url:` to the entry {sid} in data/raw/sources.yml if "
                          "you know it)")
        say(f"preview  {f.name}\n{pv.text()}")
        plans.append((f, added, entry, old))
    if dry_run:
        say("dry run: nothing registered")
        return [a for _, a, _, _ in plans]
    _write(paths, cat.file, text, [p for p in plans if p[2] is not None])
    for f, a, _, old in plans:
        if a.state == "added":
            say(f"added    {f.name}: {a.title} ({a.kind}, {min(a.years)}-{max(a.years)}) as {a.source_id} "
                f"-> data/raw/{a.target}")
        elif a.state == "replaced":
            kept = "" if old.path == a.target else f"; the old file data/raw/{old.path} is no longer catalogued"
            say(f"replaced {a.source_id}: data/raw/{a.target} ({a.title}){kept}")
        else:
            say(f"already  {f.name}: catalogued as {a.source_id} (data/raw/{a.target}); nothing to do")
    return [a for _, a, _, _ in plans]


def _write(paths: Paths, file: Path, text: str, new: list) -> None:
    """Copy the files and write the catalogue; on any failure put everything back as it was."""
    from pipeline.store.publish import write_atomic

    if not new:
        return
    done: list[tuple[Path, Path | None]] = []  # (copied file, the file it replaced, moved aside)
    made: list[Path] = []  # folders created for the copies
    try:
        for f, a, _, _ in new:
            dest = paths.raw / a.target
            for d in reversed(dest.relative_to(paths.raw).parents):
                if str(d) != "." and not (paths.raw / d).exists():
                    (paths.raw / d).mkdir()
                    made.append(paths.raw / d)
            tmp = dest.with_name(f".{dest.name}.tmp")
            shutil.copyfile(f, tmp)
            aside = None
            if dest.exists():
                aside = dest.with_name(f".{dest.name}.replaced")
                dest.replace(aside)
            tmp.replace(dest)
            done.append((dest, aside))
        out = text
        appended = []
        for _, a, entry, old in new:
            where = _block(out, old.id) if old is not None else None
            if where is None:
                appended.append(entry)
                continue
            out = out[:where[0]] + entry.lstrip("\n") + out[where[1]:]
        out = out.rstrip("\n") + "\n" + "".join(appended) if appended else out
        write_atomic(file, out)
        try:  # the new catalogue must read back with the new entries in its sources list
            back = {(src.id, src.path) for src in catalogue.load(paths).sources}
        except InputError as exc:
            raise InputError(f"the catalogue did not read back after the new entries were written ({exc.what}); "
                             "it was left as it was", where=str(file),
                             todo="add the entries by hand (kind, title, years, path, md5, size, terms)") from None
        if not {(a.source_id, a.target) for _, a, _, _ in new} <= back:
            raise InputError("the new entries could not be added to the catalogue's `sources:` list (is it the "
                             "last key of the file?); the catalogue was left as it was", where=str(file),
                             todo="add the entries by hand (kind, title, years, path, md5, size, terms)")
    except BaseException:
        write_atomic(file, text)
        for dest, aside in reversed(done):
            dest.unlink(missing_ok=True)
            if aside is not None:
                aside.replace(dest)
        for f, a, _, _ in new:
            dest = paths.raw / a.target
            dest.with_name(f".{dest.name}.tmp").unlink(missing_ok=True)
        for d in reversed(made):
            try:
                d.rmdir()
            except OSError:
                pass
        raise
    for _, aside in done:
        if aside is not None:
            aside.unlink(missing_ok=True)
