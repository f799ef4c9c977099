"""program_results: quota and filled positions of every program in the Main Residency Match.

Input: NRMP's "Program Results: Main Residency Match 2021-2025 Appointment Years"
(206 pages). Pages 1-5 are front matter; the page headed "ACGME SPECIALTY CODES
AND DESCRIPTIONS" lists the 3-digit specialty codes (characters 5-7 of a program
code). Every later page carries the report title at the top and "Reproduction
prohibited ... Page N of M" at the bottom; in between, per state (a heading in
capitals, e.g. "ALABAMA"; a state goes on over page breaks):

* an institution's name (repeated as "<name> (Continued)" when its programs go
  on over a page break),
* "<City> Program" and the column headers: "Code", then "Quota Filled" under each
  of the years 2025, 2024, 2023, 2022, 2021 (an institution may have several city
  blocks, each with its own headers),
* one line per program: "<program name> <program code> <ten cells>"; a cell is a
  count or "--" (the program was not in that year's Match). A long name is
  wrapped: its lines come before the code line in the text layer.

The ten cells are placed by the x-position of their characters relative to the
column headers of their block (the year over each Quota/Filled pair is found by
position too), not by splitting the line: in the text layer cells can run
together ("3--") or lose their spacing. Speed matters (206 pages): the page text
is taken in one call, program lines are found by regex, and character boxes are
looked up only where needed (see ``_cells``): the last character of each count
on a program line, and the header words of a block whose headers differ from the
previous block's; pdfium is called without releasing the GIL (see ``_Pdfium``).
Loading the pages' text in pdfium is most of the time (about 0.55 s of 0.8 s on
the development machine).

One row per program and appointment year in which the program took part; a year
with "--" for both quota and filled gives no row, one "--" next to a count is an
error. Counts are kept as printed: filled never exceeds quota in this edition,
and the suite would flag it.
"""

from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest.pdftext import Pdf
from pipeline.ingest.specialties import crosswalk
from pipeline.validate.failures import Failure

TABLE = "program_results"
SOURCE = "nrmp_program_results_2021_2025"
SOURCES = (SOURCE,)

YEARS = (2025, 2024, 2023, 2022, 2021)  # left to right, as the column headers must read
FIRST_YEAR, LAST_YEAR = min(YEARS), max(YEARS)

from pipeline.ingest._states import STATES  # noqa: E402

TITLE_RE = re.compile(r"^Program Results: Main Residency Match\S*\s+(\d{4})\s*-\s*(\d{4})\s+Appointment Years$")
FOOTER_RE = re.compile(r"^Reproduction prohibited without the written permission of the NRMP\s+"
                       r"Page (\d+) of (\d+)$")
CODES_HEADING = "ACGME SPECIALTY CODES AND DESCRIPTIONS"
CODE_LIST_RE = re.compile(r"^(\d{3}) (\S.*)$")
# program code: 4-digit institution, 3-digit specialty, type letter, 1-3 character track
PROGRAM_RE = re.compile(r"^(?P<name>.*?)\s*(?<![0-9A-Za-z])(?P<code>\d{7}[A-Z][0-9A-Z]{1,3})(?=[\s\d-])"
                        r"(?P<tail>[\s\d-]*)$")
# the usual shape: ten space-separated cells after the code (their columns are still checked by x-position)
PROGRAM_CELLS_RE = re.compile(r"^(?P<name>.*?)\s*(?<![0-9A-Za-z])(?P<code>\d{7}[A-Z][0-9A-Z]{1,3})"
                              + r"\s+(\d+|--)" * 10 + r"\s*$")
CITY_RE = re.compile(r"^(?P<city>.*?)\s*\bProgram$")
CAPS_RE = re.compile(r"^[A-Z][A-Z .'-]+$")
CONTINUED = "(Continued)"
HEADER_WORDS = {"Code", "Quota", "Filled"}
YEAR_RE = re.compile(r"^\d{4}$")
CELL_RE = re.compile(r"^(?:\d+|--)$")
LINE_RE = re.compile(r"[^\r\n]+")


# --- pdfium, called directly ------------------------------------------------------------------

class _Pdfium:
    """The few pdfium functions this parser calls per page and per character, bound once.

    They are called through ``ctypes.PYFUNCTYPE`` prototypes, which keep the GIL
    during the call: pypdfium2's bindings (``ctypes.CDLL``) release and re-take it
    on every call, and while another thread runs Python (the runner imports Great
    Expectations in a thread while the PDFs are parsed) each re-take waits up to
    the interpreter's switch interval (5 ms). With tens of thousands of short calls
    that made this parse take seconds instead of well under one. Character boxes
    go through ``FPDFText_GetLooseCharBox`` with a plain pointer argument: about
    0.5 us a character, against about 3.6 us through ``Pdf.chars``.
    """

    def __init__(self) -> None:
        import pypdfium2.raw as raw

        P, I = ctypes.c_void_p, ctypes.c_int

        def bind(name, restype, *argtypes):
            return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value)

        self.load_page = bind("FPDF_LoadPage", P, P, I)
        self.close_page = bind("FPDF_ClosePage", None, P)
        self.load_text = bind("FPDFText_LoadPage", P, P)
        self.close_text = bind("FPDFText_ClosePage", None, P)
        self.count_chars = bind("FPDFText_CountChars", I, P)
        self.get_text = bind("FPDFText_GetText", I, P, I, I, P)
        self.get_unicode = bind("FPDFText_GetUnicode", ctypes.c_uint, P, I)
        self.loose_box = bind("FPDFText_GetLooseCharBox", I, P, I, P)
        self.rect = raw.FS_RECTF()
        self.rect_addr = ctypes.addressof(self.rect)


_PDFIUM: _Pdfium | None = None


def _pdfium() -> _Pdfium:
    global _PDFIUM
    if _PDFIUM is None:
        _PDFIUM = _Pdfium()
    return _PDFIUM


class _Page:
    """One page's text (``text[i]`` is character i) and its character boxes; close() frees it."""

    def __init__(self, pdf: Pdf, page: int) -> None:
        f = self._f = _pdfium()
        self.page, self.textpage = None, None
        self.page = f.load_page(ctypes.cast(pdf.doc.raw, ctypes.c_void_p).value, page - 1)
        if self.page:
            self.textpage = f.load_text(self.page)
        if not self.textpage:
            self.close()
            raise InputError(f"page {page} cannot be read; the file may be damaged", where=str(pdf.path),
                             todo="download the report again and check its md5 against data/raw/sources.yml")
        n = f.count_chars(self.textpage)
        text = ""
        if n > 0:
            buf = ctypes.create_string_buffer(2 * (n + 1))
            f.get_text(self.textpage, 0, n, ctypes.addressof(buf))
            text = buf.raw[: 2 * n].decode("utf-16-le", errors="replace")
            if len(text) != n:  # keep text[i] == character i
                text = "".join(chr(f.get_unicode(self.textpage, i) or 32) for i in range(n))
        self.text = text
        # for the hot loop in _cells
        self.fn, self.handle, self.rect, self.addr = f.loose_box, self.textpage, f.rect, f.rect_addr

    def close(self) -> None:
        if self.textpage:
            self._f.close_text(self.textpage)
            self.textpage = None
        if self.page:
            self._f.close_page(self.page)
            self.page = None

    def x(self, index: int) -> tuple[float, float]:
        """(left, right) of character ``index``; NaN when pdfium has no box for it."""
        if not self.fn(self.handle, index, self.addr):
            return float("nan"), float("nan")
        return self.rect.left, self.rect.right

    def y(self, index: int) -> tuple[float, float]:
        """(bottom, top) of character ``index``; NaN when pdfium has no box for it."""
        if not self.fn(self.handle, index, self.addr):
            return float("nan"), float("nan")
        return self.rect.bottom, self.rect.top

    def center(self, index: int) -> float:
        if not self.fn(self.handle, index, self.addr):
            return float("nan")
        return (self.rect.left + self.rect.right) * 0.5


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the first character, line) for every non-empty line of a page's raw text."""
    return [(m.start(), m.group()) for m in LINE_RE.finditer(text)]


# --- column headers ---------------------------------------------------------------------------

NCOLS = 2 * len(YEARS)
_CELL_GROUPS = tuple(range(3, 3 + NCOLS))  # groups of PROGRAM_CELLS_RE after name and code
_LAST_OF_PROGRAM_LINE = frozenset("0123456789-")


@dataclass
class _Columns:
    """The ten Quota/Filled columns of one block: column k lies between edges[k] and edges[k + 1]."""

    edges: list[float]
    texts: tuple[str, ...] = ()          # the header lines, whitespace-normalised
    probes: tuple[float, float] = (0, 0)  # left of the first Quota, right of the last Filled

    def index(self, x: float) -> int | None:
        if not self.edges[0] <= x < self.edges[-1]:  # also False for NaN
            return None
        return bisect.bisect_right(self.edges, x) - 1


def _header(pdf: Pdf, page: int, boxes: _Page, lines: list[tuple[int, str]], city_line: str,
            previous: _Columns | None) -> _Columns:
    """Column bands from the header words' positions; the years must read 2025..2021 from left to right.

    Blocks repeat the same headers at the same x-positions; when a block's header
    text and the positions of its first and last header word equal the previous
    block's, the previous bands are reused (two box look-ups instead of thirty).
    """
    texts = tuple(" ".join(line.split()) for _, line in lines)
    if previous is not None and previous.texts == texts:
        first_q = next(off + line.find("Quota") for off, line in lines if "Quota" in line)
        last_f = [off + line.rfind("Filled") + 5 for off, line in lines if "Filled" in line][-1]
        if (boxes.x(first_q)[0], boxes.x(last_f)[1]) == previous.probes:
            return previous
    words = [(m.group(), off + m.start(), off + m.end() - 1) for off, line in lines for m in re.finditer(r"\S+", line)]
    found = " / ".join(texts)
    names = [w for w, _, _ in words]
    if (names.count("Code") != 1 or names.count("Quota") != len(YEARS) or names.count("Filled") != len(YEARS)
            or sum(1 for w in names if YEAR_RE.match(w)) != len(YEARS)):
        raise InputError(f"the column headers read {found!r}; expected \"Program Code\", then \"Quota Filled\" "
                         f"under each of {', '.join(map(str, YEARS))}", where=pdf.where(page, city_line),
                         todo="this is another edition or layout of the Program Results report: check the file "
                              "and update pipeline/ingest/program_results.py")
    first_q = next(s for w, s, _ in words if w == "Quota")
    last_f = [e for w, _, e in words if w == "Filled"][-1]
    probes = (boxes.x(first_q)[0], boxes.x(last_f)[1])
    boxed = [(w, boxes.x(s)[0], boxes.x(e)[1]) for w, s, e in words if w != "Code"]
    qf = sorted((x0, x1, w) for w, x0, x1 in boxed if w in ("Quota", "Filled"))
    years = sorted((x0, x1, w) for w, x0, x1 in boxed if YEAR_RE.match(w))
    if [w for _, _, w in qf] != ["Quota", "Filled"] * len(YEARS):
        raise InputError(f"the Quota/Filled headers read {' '.join(w for _, _, w in qf)} from left to right; "
                         "expected Quota Filled five times", where=pdf.where(page, city_line),
                         todo="the report's layout has changed: check the file")
    pair_years = []
    for i in range(len(YEARS)):
        lo, hi = qf[2 * i][0], qf[2 * i + 1][1]
        over = [w for x0, x1, w in years if lo <= (x0 + x1) / 2 <= hi]
        pair_years.append(over[0] if len(over) == 1 else "?")
    if pair_years != [str(y) for y in YEARS]:
        raise InputError(f"the years over the Quota/Filled columns read {', '.join(pair_years)} from left to right; "
                         f"expected {', '.join(map(str, YEARS))} (column headers {found!r})",
                         where=pdf.where(page, city_line),
                         todo="this is another edition of the Program Results report (or its layout changed): "
                              "catalogue it as a new source and check the parser before using it")
    centers = [(x0 + x1) / 2 for x0, x1, _ in qf]
    edges = [centers[0] - (centers[1] - centers[0]) / 2]
    edges += [(a + b) / 2 for a, b in zip(centers, centers[1:])]
    edges.append(centers[-1] + (centers[-1] - centers[-2]) / 2)
    return _Columns(edges, texts, probes)


def _cells(boxes: _Page, cols: _Columns, off: int, m: re.Match) -> list[str] | None:
    """The ten cells of a program line read as ten tokens, if each lies in its own column; else None.

    Token k must lie in column k: checked with the box of its last character (the
    counts are right-aligned). A "--" token inside the line is not looked up: the
    counts around it are, and every column holds exactly one cell, so it can only
    be in the column between them (the first and last token are always looked up).
    """
    fn, h, addr, rect, edges = boxes.fn, boxes.handle, boxes.addr, boxes.rect, cols.edges
    cells = list(m.group(*_CELL_GROUPS))
    for k, g in enumerate(_CELL_GROUPS):
        if cells[k] == "--" and 0 < k < NCOLS - 1:
            continue
        if not fn(h, off + m.end(g) - 1, addr):
            return None
        x = (rect.left + rect.right) * 0.5
        if not edges[k] <= x < edges[k + 1]:
            return None
    return cells


def _cells_by_char(pdf: Pdf, page: int, boxes: _Page, cols: _Columns, text: str, start: int, end: int,
                   line: str) -> list[str]:
    """The ten cells of a program line from the x-position of every character after the program code.

    For lines whose text is not ten separate tokens in their own columns: cells run
    together ("3--", "1210"), cells out of order in the text layer, a cell shifted
    or missing. The characters in one column form its cell, in text order; a column
    holding characters of two separate tokens, a character outside the columns or a
    cell that is neither a count nor "--" is an error.
    """
    cells = [""] * NCOLS
    owner = [-1] * NCOLS  # the text token (run of non-space characters) each column's characters come from
    token, in_token, last_col = 0, False, -1
    for i in range(start, end):
        ch = text[i]
        if ch.isspace():
            if in_token:
                token, in_token = token + 1, False
            continue
        x = boxes.center(i)
        k = cols.index(x)
        if k is None:
            raise InputError(f"the character {ch!r} at x={x:.1f} lies outside the Quota/Filled columns "
                             f"(x {cols.edges[0]:.1f}-{cols.edges[-1]:.1f})", where=pdf.where(page, line),
                             todo="check the line in the report; the layout may have changed")
        if owner[k] not in (-1, token) or (in_token and owner[k] == token and last_col != k):
            raise InputError(f"the {_column_name(k)} column holds more than one value ({cells[k]!r} and {ch!r})",
                             where=pdf.where(page, line), todo="check the line in the report")
        owner[k] = token
        cells[k] += ch
        in_token, last_col = True, k
    bad = [(k, c) for k, c in enumerate(cells) if not CELL_RE.match(c)]
    if bad:
        what = "; ".join(f"{_column_name(k)}: " + (repr(c) if c else "empty") for k, c in bad)
        raise InputError(f"cells that are neither a count nor \"--\": {what}", where=pdf.where(page, line),
                         todo="check the line in the report; every column holds a count or \"--\"")
    return cells


def _joined(pending: list[tuple[int, str]]) -> str:
    return " / ".join(t for _, t in pending)


def _column_name(k: int) -> str:
    return f"{YEARS[k // 2]} {'Quota' if k % 2 == 0 else 'Filled'}"


# --- the report -------------------------------------------------------------------------------

def _specialty_codes(pdf: Pdf, page: int, text: str) -> dict[str, str]:
    codes = {}
    for _, line in _lines(text):
        m = CODE_LIST_RE.match(line.strip())
        if m:
            codes[m.group(1)] = " ".join(m.group(2).split())
    if not codes:
        raise InputError(f"the page headed {CODES_HEADING!r} lists no \"<code> <description>\" lines",
                         where=pdf.where(page), todo="check the file; the layout may have changed")
    return codes


def _check_code_list(pdf: Pdf, page: int, listed: dict[str, str]) -> None:
    """Where the report's code list and the crosswalk both know a code, they must name the same specialty."""
    cw = crosswalk()
    clash = []
    for code, desc in listed.items():
        by_code, by_label = cw.by_code(code), cw.by_label(desc)
        if by_code and by_label and by_code != by_label:
            clash.append(f"{code} {desc!r}: code -> {by_code}, description -> {by_label}")
    if clash:
        raise InputError("the report's ACGME code list and the specialty crosswalk disagree: " + "; ".join(clash),
                         where=pdf.where(page),
                         todo="fix acgme_codes or labels in data/reference/specialties.csv")


class _Parser:
    def __init__(self, pdf: Pdf):
        self.pdf = pdf
        self.state: str | None = None
        self.institution: str | None = None
        self.city: str | None = None
        self.programs: list[tuple] = []  # (code, institution, state, city, name, page, source line)
        self.cells: list[str] = []       # ten cells per program, flat
        self.first_seen: dict[str, tuple[str, int]] = {}  # specialty code -> (program code, page)
        self.cols: _Columns | None = None  # the last block's headers (reused when unchanged)

    def err(self, what: str, page: int, line: str | None = None, todo: str = "check the page in the report; "
            "the layout may have changed") -> InputError:
        return InputError(what, where=self.pdf.where(page, line), todo=todo)

    def page(self, page: int, text: str, boxes: _Page) -> None:
        lines = [(off, ln) for off, ln in _lines(text) if ln.strip()]
        if not lines:
            raise self.err("the page has no text", page, todo="check the file; it may be a scan or damaged")
        title = " ".join(lines[0][1].split())
        m = TITLE_RE.match(title)
        if not m:
            raise self.err("the page does not start with the title \"Program Results: Main Residency Match "
                           f"{FIRST_YEAR}-{LAST_YEAR} Appointment Years\"", page, title,
                           todo="check that this is NRMP's Program Results report (see data/raw/sources.yml)")
        if (int(m.group(1)), int(m.group(2))) != (FIRST_YEAR, LAST_YEAR):
            raise self.err(f"the title names the appointment years {m.group(1)}-{m.group(2)}; this parser reads "
                           f"the {FIRST_YEAR}-{LAST_YEAR} edition", page, title,
                           todo="catalogue the new edition as its own source and check the parser against it")
        foot = " ".join(lines[-1][1].split())
        fm = FOOTER_RE.match(foot)
        if not fm:
            raise self.err("the page does not end with \"Reproduction prohibited without the written permission "
                           "of the NRMP Page N of M\"", page, foot)
        if (int(fm.group(1)), int(fm.group(2))) != (page, self.pdf.pages):
            raise self.err(f"the footer says page {fm.group(1)} of {fm.group(2)}, but this is page {page} of "
                           f"{self.pdf.pages}", page, foot,
                           todo="the file is incomplete or pages are out of order: download it again")
        body = lines[1:-1]
        cols: _Columns | None = None  # headers of the current block on this page
        pending: list[tuple[int, str]] = []  # (offset, text) of lines not yet assigned: institution or wrapped name
        i = 0
        n = len(body)
        while i < n:
            off, raw_line = body[i]
            i += 1
            # most lines are program lines: "<name> <code> <ten cells>", ending with a digit or "-"
            if raw_line.rstrip()[-1:] in _LAST_OF_PROGRAM_LINE:
                pm = PROGRAM_CELLS_RE.match(raw_line) or PROGRAM_RE.match(raw_line)
                if pm:
                    self._program(page, boxes, cols, text, off, raw_line, pm, pending)
                    if pending:
                        pending = []
                    continue
            line = " ".join(raw_line.split())
            # a state heading
            if line in STATES:
                if pending:
                    raise self.err(f"text {_joined(pending)!r} comes before the state heading {line!r} "
                                   "without a program", page, line)
                self.state, self.institution, self.city, cols = STATES[line], None, None, None
                continue
            # a city line followed by the column headers
            cm = CITY_RE.match(line)
            if cm and i < n and body[i][1].split()[:1] == ["Code"]:
                j = i
                while j < n and all(w in HEADER_WORDS or YEAR_RE.match(w) for w in body[j][1].split()):
                    j += 1
                cols = self.cols = _header(self.pdf, page, boxes, body[i:j], line, self.cols)
                city = cm.group("city").strip()
                if not city:
                    raise self.err("the city before \"Program\" is empty", page, line)
                self._institution(page, line, pending)
                pending = []
                self.city = city
                i = j
                continue
            pending.append((off + len(raw_line) - len(raw_line.lstrip()), line))
        if pending:
            raise self.err(f"text {_joined(pending)!r} is followed by neither a program line nor a city "
                           "line", page, pending[-1][1])

    def _institution(self, page: int, line: str, pending: list[tuple[int, str]]) -> None:
        if self.state is None:
            raise self.err("an institution comes before the first state heading", page, line)
        if not pending:
            if self.institution is None:
                raise self.err("a city block has no institution name before it", page, line)
            return  # another city of the same institution
        if len(pending) > 1 and CAPS_RE.match(pending[0][1]):
            # institution names are one line; a capitals line before one is a state heading
            raise self._unknown_state(page, pending[0][1])
        name = " ".join(t for _, t in pending)
        if name.endswith(CONTINUED):
            name = name[: -len(CONTINUED)].strip()
            if name != self.institution:
                raise self.err(f"{name!r} is marked as continued, but the previous institution is "
                               f"{self.institution!r}", page, _joined(pending))
        self.institution = name

    def _unknown_state(self, page: int, heading: str) -> InputError:
        return self.err(f"the heading {heading!r} is not a known U.S. state or territory", page, heading,
                        todo="add it to STATES in pipeline/ingest/program_results.py with its USPS code")

    def _wrapped_name(self, page: int, boxes: _Page, code_at: int, line: str, name: str,
                      pending: list[tuple[int, str]]) -> None:
        """Lines before a program line are its wrapped name only if the line has no name of its own and the
        first of them starts on the program line's baseline (the rest of the name is printed below it)."""
        if CAPS_RE.match(pending[0][1]):
            raise self._unknown_state(page, pending[0][1])
        text = f"{_joined(pending)} / {line}"
        if name:
            raise self.err(f"text {_joined(pending)!r} comes before a program line that has its own name",
                           page, text)
        if abs(boxes.y(pending[0][0])[0] - boxes.y(code_at)[0]) > 2:
            raise self.err(f"text {_joined(pending)!r} before a program line without a name is not on the "
                           "program line's baseline, so it is not its wrapped name", page, text)

    def _program(self, page, boxes, cols, text, off, raw_line, pm, pending) -> None:
        line = " ".join(raw_line.split())  # for messages and _source_line
        if cols is None or self.institution is None or self.city is None:
            raise self.err("a program line comes before its institution's city and column headers on this page",
                           page, line)
        code = pm.group("code")
        name = pm.group("name").strip()
        if pending:
            self._wrapped_name(page, boxes, off + pm.start("code"), line, name, pending)
            name = " ".join(t for _, t in pending)
        if not name:
            raise self.err("the program line has no program name", page, line)
        cells = _cells(boxes, cols, off, pm) if pm.re is PROGRAM_CELLS_RE else None
        if cells is None:  # cells run together, shifted or missing: place every character by itself
            start = off + pm.end("code")
            cells = _cells_by_char(self.pdf, page, boxes, cols, text, start, off + len(raw_line), line)
        src = line if not pending else f"{_joined(pending)} / {line}"
        if code[4:7] not in self.first_seen:
            self.first_seen[code[4:7]] = (code, page)
        self.programs.append((code, self.institution, self.state, self.city, name, page, src))
        self.cells.extend(cells)

    def frame(self) -> pd.DataFrame:
        """One row per program and year with two counts; a year with "--" twice gives none."""
        n = len(self.programs)
        cells = np.array(self.cells, dtype=object).reshape(n, NCOLS)
        quota, filled = cells[:, 0::2], cells[:, 1::2]
        absent = quota == "--"
        odd = np.argwhere(absent != (filled == "--"))
        if len(odd):
            i, k = odd[0]
            p = self.programs[i]
            raise self.err(f"{YEARS[k]}: quota {quota[i, k]!r} and filled {filled[i, k]!r}; a program either took "
                           "part (two counts) or not (\"--\" twice)", p[5], p[6])
        line, year = np.nonzero(~absent)  # row-major: programs in report order, years 2025..2021
        code, institution, state, city, name, page, src = (list(c) for c in zip(*self.programs))

        def strings(values: list[str]):
            return pd.array(values, dtype="string").take(line)

        return pd.DataFrame({
            "match_year": np.array(YEARS, dtype=np.int64)[year],
            "program_code": strings(code),
            "institution": strings(institution),
            "state": strings(state),
            "city": strings(city),
            "program_name": strings(name),
            "specialty_code": strings([c[4:7] for c in code]),
            "program_type": strings([c[7] for c in code]),
            "track": strings([c[8:] for c in code]),
            "quota": quota[~absent].astype(np.int64),
            "filled": filled[~absent].astype(np.int64),
            "_source_page": np.array(page, dtype=np.int64)[line],
            "_source_line": strings(src),
        })


def parse(path: Path) -> pd.DataFrame:
    """The table's rows (specialty_id resolved) with provenance columns ``_source_page``/``_source_line``."""
    with Pdf(path) as pdf:
        parser = _Parser(pdf)
        codes_page = None
        for page in range(1, pdf.pages + 1):
            pg = _Page(pdf, page)
            try:
                text = pg.text
                if codes_page is None:
                    if CODES_HEADING in text:
                        codes_page = page
                        _check_code_list(pdf, page, _specialty_codes(pdf, page, text))
                    elif page >= 10:
                        raise InputError(f"no page headed {CODES_HEADING!r} in the first 10 pages",
                                         where=str(pdf.path),
                                         todo="check that this is NRMP's Program Results report "
                                              "(see data/raw/sources.yml); its layout may have changed")
                    continue
                parser.page(page, text, pg)
            finally:
                pg.close()
        if codes_page is None:
            raise InputError(f"no page headed {CODES_HEADING!r}", where=str(pdf.path),
                             todo="check that this is NRMP's Program Results report (see data/raw/sources.yml)")
        if not parser.programs:
            raise InputError("no program lines found", where=str(pdf.path),
                             todo="check that this is NRMP's Program Results report; its layout may have changed")
        cw = crosswalk()
        unknown = {c: parser.first_seen[c] for c in parser.first_seen if cw.by_code(c) is None}
        where = str(pdf.path)
        if unknown:
            where += " (first seen: " + ", ".join(f"{c} in program {p} on page {pg}"
                                                   for c, (p, pg) in unknown.items()) + ")"
        ids = cw.resolve_codes(list(parser.first_seen), where=where)
        df = parser.frame()
    df.insert(7, "specialty_id", df["specialty_code"].map(ids).astype("string"))
    return df


def build(inputs: Inputs) -> pd.DataFrame:
    return parse(inputs.require(SOURCE))


# --- cross-table checks -----------------------------------------------------------------------

def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list[Failure]:
    """Per year, the programs' quotas and filled positions add up to the national totals.

    positions_summary gives all positions offered (positions_total) and filled
    (filled_total) in the Match; the report lists every program, so the sums must
    equal them exactly (2025: 43,237 / 40,764; 2024: 41,503 / 38,941). Years that
    positions_summary lacks are skipped.
    """
    summary = others.get("positions_summary")
    if summary is None or table.empty:
        return []
    sums = table.groupby("match_year")[["quota", "filled"]].sum()
    failures: list[Failure] = []
    for name, ours, theirs in (("quota_sum_equals_positions_total", "quota", "positions_total"),
                               ("filled_sum_equals_filled_total", "filled", "filled_total")):
        for _, s in summary.iterrows():
            year, total = s.get("match_year"), s.get(theirs)
            if pd.isna(year) or pd.isna(total) or int(year) not in sums.index:
                continue
            got = int(sums.loc[int(year), ours])
            if got != int(total):
                failures.append(Failure(
                    TABLE, name,
                    f"{int(year)} {ours} sum {got:,} != positions_summary.{theirs} {int(total):,} "
                    f"(difference {got - int(total):+,})",
                    [{"match_year": int(year), f"{ours}_sum": got, f"positions_summary_{theirs}": int(total)}],
                    year=int(year), observed=got, expected=int(total)))
    return failures
