"""Which report a file is: every report kind the pipeline reads, recognised from the file's content.

``recognise(path)`` looks at the title a file prints (the first pages of a PDF, the title rows
of a CSV) and returns the kind, the publisher, the title as printed and the years the edition
covers — never from the file name. ``matchstats add`` uses it to register a downloaded report,
so next year's edition needs no code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError


@dataclass(frozen=True)
class Recognised:
    kind: str
    publisher: str
    title: str              # as printed, whitespace normalised
    years: tuple[int, ...]  # the Match (or academic) years the edition covers
    transcription: bool = False  # a third party's transcription, not the publisher's file


CHARTING_OUTCOMES_TITLE = "Charting Outcomes in the Match: Characteristics of Non-U.S. IMGs, Main Residency Match"


def _charting_outcomes(path: Path, year: int | None) -> Recognised:
    """The Charting Outcomes transcription (``const DATA = {...}``): it prints no year, so ``year`` is needed;
    the whole file is read as the pipeline reads it, so a broken transcription is refused here already."""
    from types import SimpleNamespace

    from pipeline.ingest import _charting_outcomes

    if year is None:
        raise InputError("this looks like the Charting Outcomes transcription (`const DATA = {...}`), which prints "
                         "no Match year", where=str(path),
                         todo="give the Match year of the report it transcribes and where the transcription is "
                              "published: `matchstats add FILE --year YYYY --source URL`")
    _charting_outcomes.read(path, SimpleNamespace(id="new", path=str(path), years=(year,)))
    return Recognised("charting_outcomes_img", "NRMP", f"{CHARTING_OUTCOMES_TITLE} {year} (transcription)",
                      (year,), transcription=True)


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufffe", "").replace("\u00ad", "").split())


def _first_lines(path: Path, pages: int = 10) -> list[tuple[int, str]]:
    from pipeline.ingest.pdftext import Pdf

    out = []
    with Pdf(path) as pdf:
        for n in range(1, min(pages, pdf.pages) + 1):
            lines = [ln for ln in pdf.text(n).splitlines() if ln.strip()]
            out.append((n, _norm(lines[0]) if lines else ""))
            if n == 1:
                out.append((0, _norm(" ".join(lines[:12]))))  # page 1's opening text, for the one-page sheets
    return out


def _program_results(lines) -> Recognised | None:
    from pipeline.ingest._program_results_layouts import layout_of

    for _, first in lines:
        lay = layout_of(first)
        if lay is not None:
            return Recognised("program_results", "NRMP", first.replace("\u00ae", "").strip(),
                              tuple(sorted(lay.years)))
    return None


def _state_specialty(lines) -> Recognised | None:
    from pipeline.ingest.state_specialty_results import TITLE_RE

    for n, first in lines:
        m = TITLE_RE.match(first) if n else None
        if m:
            return Recognised("state_specialty_results", "NRMP", first.replace("\u00ae", ""), (int(m.group(1)),))
    return None


def _rol_impact(lines) -> Recognised | None:
    from pipeline.ingest.rol_length import TITLE_RE

    for _, text in lines:
        m = TITLE_RE.search(text)
        if m:
            first, last = int(m.group(1)), int(m.group(2))
            return Recognised("rol_impact", "NRMP", m.group(0).replace("\u00ae", ""), tuple(range(first, last + 1)))
    return None


def _by_the_numbers(lines) -> Recognised | None:
    from pipeline.ingest._by_the_numbers import CHANGE_RE, TITLE_RE

    opening = next((t for n, t in lines if n == 0), "")
    m = TITLE_RE.search(opening)
    c = CHANGE_RE.search(opening)
    if m and "By the Numbers" in opening and c:
        year = int(m.group(1))
        return Recognised("by_the_numbers", "NRMP", f"{year} Main Residency Match By the Numbers",
                          (int(c.group(1)), year))
    return None


PDF_KINDS = (_program_results, _state_specialty, _rol_impact, _by_the_numbers)
LOOKED_FOR = ("NRMP Program Results (any edition)", "NRMP Match Rates by Specialty and State",
              "NRMP Impact of Length of Rank Order List", "NRMP Main Residency Match By the Numbers",
              "AAMC Report on Residents Table B5 or B6 (CSV)",
              "the Charting Outcomes (non-U.S. IMGs) transcription, const DATA = {...} (with --year)")


def _aamc(path: Path) -> Recognised | None:
    from pipeline.ingest.residents_by_specialty import _find_header, _read_rows, _title_facts

    try:
        rows = _read_rows(path)
        h = _find_header(path, rows)
        year, degree = _title_facts(path, rows, h)
    except InputError:
        return None
    table = "B5" if degree == "MD" else "B6"
    title = next((" ".join(c for c in cells if c) for _, cells in rows[:h] if any(cells)), "")
    return Recognised(f"aamc_residents_{table.lower()}", "AAMC", f"Report on Residents: {_norm(title)}",
                      (int(year[:4]),))


def recognise(path: Path, year: int | None = None) -> Recognised:
    """The kind of report ``path`` holds; InputError naming the file and what was looked for otherwise.

    ``year``: the Match year of a file that prints none (the Charting Outcomes transcription); for a file
    that prints its years it must be one of them (it never overrides what the file says)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:  # the first bytes only: a file of any size is looked at in no time
            start = f.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", where=str(path),
                         todo="check the path") from None
    head = start[:5]
    found = None
    if head == b"%PDF-":
        lines = _first_lines(path)
        for rec in PDF_KINDS:
            found = rec(lines)
            if found:
                break
    elif start.lstrip().startswith(b"const DATA"):
        return _charting_outcomes(path, year)
    elif re.match(rb"[\x20-\x7e\xef\xbb\xbf\"]", head or b"\0"):
        found = _aamc(path)
    if found is None:
        raise InputError("this is not a report the pipeline reads: its title matches none of "
                         + "; ".join(LOOKED_FOR), where=str(path),
                         todo="check that the file is the report as downloaded from nrmp.org or aamc.org "
                              "(a saved web page or another report is refused)")
    if year is not None and year not in found.years:
        span = f"{min(found.years)}" + (f"-{max(found.years)}" if len(found.years) > 1 else "")
        raise InputError(f"--year {year}, but the file prints {span} ({found.title})", where=str(path),
                         todo="leave out --year: a file that prints its year is registered under that year")
    return found


# the kinds recognise() knows; the bundled facts files (kinds *_facts) are tracked in git, not downloaded
RECOGNISED_KINDS = ("program_results", "state_specialty_results", "rol_impact", "by_the_numbers",
                    "aamc_residents_b5", "aamc_residents_b6", "charting_outcomes_img")


def _span(years) -> str:
    years = sorted(years)
    if not years:
        return "no year"
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _same_years(printed, catalogued) -> bool:
    """The years a file prints are its catalogue entry's: the same years, or the entry gives the first and
    the last of them (as the Impact of Length of Rank Order List entry does: [2006, 2025])."""
    printed, catalogued = set(printed), set(catalogued)
    if printed == catalogued:
        return True
    return bool(catalogued) and catalogued <= printed and (min(printed), max(printed)) == (min(catalogued),
                                                                                        max(catalogued))


def check_catalogued(source, path: Path) -> Recognised | None:
    """The kind and years ``path`` prints must be those of its catalogue entry ``source`` (a
    ``pipeline.sources.catalogue.Source``), before anything else reads it. InputError naming the file,
    what it prints, what the catalogue says and what to do otherwise; None for a kind that prints no
    title to recognise (the bundled facts). Reads the first pages only (about 0.07 s for a Program
    Results edition of 206 pages)."""
    if source.kind not in RECOGNISED_KINDS:
        return None
    entry = f"its catalogue entry {source.id} (data/raw/sources.yml) says {source.kind}, {_span(source.years)}"
    todo = ("put the catalogued edition back (`matchstats fetch` gets it), or register this file as what it is "
            "with `matchstats add FILE` and remove or correct the entry in data/raw/sources.yml")
    year = max(source.years) if source.kind == "charting_outcomes_img" and source.years else None
    try:
        found = recognise(path, year)
    except InputError as exc:
        raise InputError(f"{entry}, but the file is not recognised as that report: {exc.what}", where=str(path),
                         todo=todo) from None
    if found.kind != source.kind or (not found.transcription and not _same_years(found.years, source.years)):
        raise InputError(f"the file prints \"{found.title}\" ({found.kind}, {_span(found.years)}), but {entry}; "
                         "it is not read, since its years would be published under the wrong edition",
                         where=str(path), todo=todo)
    return found
