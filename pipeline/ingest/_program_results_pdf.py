"""The parser of NRMP's Program Results reports (any edition): every program's quota and filled
positions over the five Match years an edition covers. The table module is ``program_results``.

Two layouts are known, told apart by the title on every page; the years are read from the title
and checked against the column headers, never assumed:

* **2021 onwards** ("Program Results: Main Residency Match 2021-2025 Appointment Years", columns
  "Quota Filled"), described below;
* **2019 and 2020 editions** ("NRMP Program Results 2016-2020 Main Residency Match®", columns
  "Quota Matched"): no front matter and no ACGME code list (the specialty is looked up in the
  crosswalk by the code's characters 5-7 alone); the city may stand on its own line before
  "Program"; an asterisk after a year's count marks a program that did not fill ("4*", "12 *"),
  which is checked against the counts (quota > matched); every page ends "* Did not fill all
  available positions. Reproduction prohibited ... Page N of M"; long names are clipped and run
  straight into the code ("Radiology-Diagnostic - Rad -- PGY21903420R0").

The 2021 onwards edition (206 pages): pages 1-5 are front matter; the page headed "ACGME SPECIALTY CODES
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
previous block's; pdfium is called without releasing the GIL (see ``pipeline.ingest.pdftext.CharPage``).
Loading the pages' text in pdfium is most of the time (about 0.55 s of 0.8 s on
the development machine).

One row per program and appointment year in which the program took part; a year
with "--" for both quota and filled gives no row, one "--" next to a count is an
error. Counts are kept as printed: filled never exceeds quota in this edition,
and the suite would flag it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest._labels import check_printed
from pipeline.ingest._program_results_codes import specialty_ids
from pipeline.ingest._program_results_layouts import LAYOUTS, UNFILLED_MARK, Layout, layout_of
from pipeline.ingest._states import STATES
from pipeline.ingest.pdftext import CharPage, Pdf
from pipeline.ingest.specialties import crosswalk

SPAN = 5  # every edition covers five Match years, newest first from left to right
CLIP_GAP = 3.5  # points: about one character at the 2019-2020 editions' 7-point names
CODES_HEADING = "ACGME SPECIALTY CODES AND DESCRIPTIONS"
CODE_LIST_RE = re.compile(r"^(\d{3}) (\S.*)$")
CITY_RE = re.compile(r"^(?P<city>.*?)\s*\bProgram$")
CAPS_RE = re.compile(r"^[A-Z][A-Z .'-]+$")
CONTINUED = "(Continued)"
YEAR_RE = re.compile(r"^\d{4}$")
CELL_RE = re.compile(r"^(?:\d+|--)$")
LINE_RE = re.compile(r"[^\r\n]+")


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the first character, line) for every non-empty line of a page's raw text."""
    return [(m.start(), m.group()) for m in LINE_RE.finditer(text)]


# --- column headers ---------------------------------------------------------------------------

@dataclass
class _Columns:
    """The Quota/Filled columns of one block: column k lies between edges[k] and edges[k + 1]."""

    edges: list[float]
    layout: Layout
    texts: tuple[str, ...] = ()          # the header lines, whitespace-normalised
    probes: tuple[float, float] = (0, 0)  # left of the first Quota, right of the last Filled

    def index(self, x: float) -> int | None:
        if not self.edges[0] <= x < self.edges[-1]:  # also False for NaN
            return None
        return bisect.bisect_right(self.edges, x) - 1

    def pair(self, x: float) -> int | None:
        """The year (0 = leftmost) whose Quota/Filled pair spans ``x``, the space right of the last one included."""
        if not self.edges[0] <= x < self.edges[-1] + (self.edges[-1] - self.edges[-2]):
            return None
        return min(bisect.bisect_right(self.edges, x) - 1, self.layout.ncols - 1) // 2

    def name(self, k: int) -> str:
        return f"{self.layout.years[k // 2]} {'Quota' if k % 2 == 0 else self.layout.filled_word}"


def _header(pdf: Pdf, page: int, boxes: CharPage, lines: list[tuple[int, str]], city_line: str,
            previous: _Columns | None, layout: Layout) -> _Columns:
    """Column bands from the header words' positions; the years must read as the title says, newest left.

    Blocks repeat the same headers at the same x-positions; when a block's header
    text and the positions of its first and last header word equal the previous
    block's, the previous bands are reused (two box look-ups instead of thirty).
    """
    years, second = layout.years, layout.filled_word
    texts = tuple(" ".join(line.split()) for _, line in lines)
    if previous is not None and previous.texts == texts:
        first_q = next(off + line.find("Quota") for off, line in lines if "Quota" in line)
        last_f = [off + line.rfind(second) + len(second) - 1 for off, line in lines if second in line][-1]
        if (boxes.x(first_q)[0], boxes.x(last_f)[1]) == previous.probes:
            return previous
    words = [(m.group(), off + m.start(), off + m.end() - 1) for off, line in lines for m in re.finditer(r"\S+", line)]
    found = " / ".join(texts)
    names = [w for w, _, _ in words]
    if (names.count("Code") != 1 or names.count("Quota") != len(years) or names.count(second) != len(years)
            or sum(1 for w in names if YEAR_RE.match(w)) != len(years)):
        raise InputError(f"the column headers read {found!r}; expected \"Program Code\", then \"Quota {second}\" "
                         f"under each of {', '.join(map(str, years))} (the years the title names)",
                         where=pdf.where(page, city_line),
                         todo="this is another layout of the Program Results report: check the file; a new "
                              "layout needs pipeline/ingest/_program_results_pdf.py to learn it")
    first_q = next(s for w, s, _ in words if w == "Quota")
    last_f = [e for w, _, e in words if w == second][-1]
    probes = (boxes.x(first_q)[0], boxes.x(last_f)[1])
    boxed = [(w, boxes.x(s)[0], boxes.x(e)[1]) for w, s, e in words if w not in ("Code", "Program")]
    qf = sorted((x0, x1, w) for w, x0, x1 in boxed if w in ("Quota", second))
    ys = sorted((x0, x1, w) for w, x0, x1 in boxed if YEAR_RE.match(w))
    if [w for _, _, w in qf] != ["Quota", second] * len(years):
        raise InputError(f"the Quota/{second} headers read {' '.join(w for _, _, w in qf)} from left to right; "
                         f"expected Quota {second} {len(years)} times", where=pdf.where(page, city_line),
                         todo="the report's layout has changed: check the file")
    pair_years = []
    for i in range(len(years)):
        lo, hi = qf[2 * i][0], qf[2 * i + 1][1]
        over = [w for x0, x1, w in ys if lo <= (x0 + x1) / 2 <= hi]
        pair_years.append(over[0] if len(over) == 1 else "?")
    if pair_years != [str(y) for y in years]:
        raise InputError(f"the years over the Quota/{second} columns read {', '.join(pair_years)} from left to "
                         f"right; the title names {min(years)}-{max(years)}, so expected "
                         f"{', '.join(map(str, years))} (column headers {found!r})",
                         where=pdf.where(page, city_line),
                         todo="the report's title and its columns disagree: check the file")
    centers = [(x0 + x1) / 2 for x0, x1, _ in qf]
    edges = [centers[0] - (centers[1] - centers[0]) / 2]
    edges += [(a + b) / 2 for a, b in zip(centers, centers[1:])]
    edges.append(centers[-1] + (centers[-1] - centers[-2]) / 2)
    return _Columns(edges, layout, texts, probes)


def _cells(boxes: CharPage, cols: _Columns, off: int, m: re.Match) -> list[str] | None:
    """The cells of a program line read as one token per column, if each lies in its own column; else None.

    Token k must lie in column k: checked with the box of its last character (the
    counts are right-aligned). A "--" token inside the line is not looked up: the
    counts around it are, and every column holds exactly one cell, so it can only
    be in the column between them (the first and last token are always looked up).
    """
    fn, h, addr, rect, edges = boxes.fn, boxes.handle, boxes.addr, boxes.rect, cols.edges
    ncols = cols.layout.ncols
    groups = range(3, 3 + ncols)  # after name and code
    cells = list(m.group(*groups))
    for k, g in enumerate(groups):
        if cells[k] == "--" and 0 < k < ncols - 1:
            continue
        if not fn(h, off + m.end(g) - 1, addr):
            return None
        x = (rect.left + rect.right) * 0.5
        if not edges[k] <= x < edges[k + 1]:
            return None
    return cells


def _cells_by_char(pdf: Pdf, page: int, boxes: CharPage, cols: _Columns, text: str, start: int, end: int,
                   line: str) -> tuple[list[str], set[int]]:
    """The cells of a program line from the x-position of every character after the program code, and the
    years (0 = leftmost) marked with the did-not-fill asterisk.

    For lines whose text is not one separate token per column: cells run together
    ("3--", "1210"), cells or asterisks out of order in the text layer, a cell
    shifted or missing. The characters in one column form its cell, in text order;
    an asterisk belongs to the year whose columns (or the gap right of them) it lies
    in. A column holding characters of two separate tokens, a character outside the
    columns or a cell that is neither a count nor "--" is an error.
    """
    ncols = cols.layout.ncols
    cells = [""] * ncols
    owner = [-1] * ncols  # the text token (run of non-space characters) each column's characters come from
    marked: set[int] = set()
    token, in_token, last_col = 0, False, -1
    for i in range(start, end):
        ch = text[i]
        if ch.isspace():
            if in_token:
                token, in_token = token + 1, False
            continue
        x = boxes.center(i)
        if ch == UNFILLED_MARK and not cols.layout.code_list:
            year = cols.pair(x)
            if year is None:
                raise InputError(f"an asterisk at x={x:.1f} lies outside the Quota/{cols.layout.filled_word} "
                                 "columns", where=pdf.where(page, line), todo="check the line in the report")
            marked.add(year)
            token, in_token = token + 1, False
            continue
        k = cols.index(x)
        if k is None:
            raise InputError(f"the character {ch!r} at x={x:.1f} lies outside the Quota/{cols.layout.filled_word} "
                             f"columns (x {cols.edges[0]:.1f}-{cols.edges[-1]:.1f})", where=pdf.where(page, line),
                             todo="check the line in the report; the layout may have changed")
        if owner[k] not in (-1, token) or (in_token and owner[k] == token and last_col != k):
            raise InputError(f"the {cols.name(k)} column holds more than one value ({cells[k]!r} and {ch!r})",
                             where=pdf.where(page, line), todo="check the line in the report")
        owner[k] = token
        cells[k] += ch
        in_token, last_col = True, k
    bad = [(k, c) for k, c in enumerate(cells) if not CELL_RE.match(c)]
    if bad:
        what = "; ".join(f"{cols.name(k)}: " + (repr(c) if c else "empty") for k, c in bad)
        raise InputError(f"cells that are neither a count nor \"--\": {what}", where=pdf.where(page, line),
                         todo="check the line in the report; every column holds a count or \"--\"")
    return cells, marked


def _joined(pending: list[tuple[int, str]]) -> str:
    return " / ".join(t for _, t in pending)


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
    def __init__(self, pdf: Pdf, layout: Layout):
        self.pdf = pdf
        self.layout = layout
        self.program_re, self.cells_re = layout.program_re(), layout.cells_re()
        self.state: str | None = None
        self.institution: str | None = None
        self.city: str | None = None
        self.programs: list[list] = []  # [code, institution, state, city, name, page, source line, clipped]
        self.cells: list[str] = []       # the cells of every program, flat (two per year)
        self.first_seen: dict[str, tuple[str, int]] = {}  # specialty code -> (program code, page)
        self.cols: _Columns | None = None  # the last block's headers (reused when unchanged)
        self.nameless: list[tuple[int, float, str]] = []  # (program index, baseline y, line) awaiting a name
        self.marks: dict[int, set[int]] = {}  # program index -> years (0 = leftmost) marked "did not fill"

    def err(self, what: str, page: int, line: str | None = None, todo: str = "check the page in the report; "
            "the layout may have changed") -> InputError:
        return InputError(what, where=self.pdf.where(page, line), todo=todo)

    def page(self, page: int, text: str, boxes: CharPage) -> None:
        lines = [(off, ln) for off, ln in _lines(text) if ln.strip()]
        if not lines:
            raise self.err("the page has no text", page, todo="check the file; it may be a scan or damaged")
        lay = self.layout
        title = " ".join(lines[0][1].split())
        here = layout_of(title)
        if here is None or here.name != lay.name:
            raise self.err(f"the page does not start with the title \"{lay.title_text}\" as page 1 does", page,
                           title, todo="check that this is NRMP's Program Results report; pages of another "
                                       "report or layout may have been mixed in")
        if here.years != lay.years:
            raise self.err(f"the title names the years {min(here.years)}-{max(here.years)}, earlier pages "
                           f"{min(lay.years)}-{max(lay.years)}", page, title,
                           todo="the file mixes pages of two editions: download it again")
        foot = " ".join(lines[-1][1].split())
        fm = lay.footer.match(foot)
        if not fm:
            raise self.err(f"the page does not end with \"{lay.footer_text}\"", page, foot)
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
            # most lines are program lines: "<name> <code> <cells>", ending with a digit, "-" (or "*")
            if raw_line.rstrip()[-1:] in lay.last_chars:
                pm = self.cells_re.match(raw_line) or self.program_re.match(raw_line)
                if pm:
                    self._program(page, boxes, cols, text, off, raw_line, pm, pending)
                    if pending:
                        pending = []
                    continue
            line = " ".join(raw_line.split())
            # a state heading
            if line in STATES:
                self._no_nameless_left(page)
                if pending:
                    raise self.err(f"text {_joined(pending)!r} comes before the state heading {line!r} "
                                   "without a program", page, line)
                self.state, self.institution, self.city, cols = STATES[line], None, None, None
                continue
            # a city line followed by the column headers
            cm = CITY_RE.match(line)
            if cm and i < n and body[i][1].split()[:1] == ["Code"]:
                self._no_nameless_left(page)
                j = i
                while j < n and all(w in lay.header_words or YEAR_RE.match(w) for w in body[j][1].split()):
                    j += 1
                cols = self.cols = _header(self.pdf, page, boxes, body[i:j], line, self.cols, lay)
                city = cm.group("city").strip()
                if not city and not lay.code_list and pending:
                    city = pending.pop()[1]  # the 2019-2020 layout may put the city on a line of its own
                if not city:
                    raise self.err("the city before \"Program\" is empty", page, line)
                self._institution(page, line, pending)
                pending = []
                self.city = city
                i = j
                continue
            at = off + len(raw_line) - len(raw_line.lstrip())
            if self.nameless and self._name_of_nameless(boxes, at, line):
                continue
            pending.append((at, line))
        self._no_nameless_left(page)
        if pending:
            raise self.err(f"text {_joined(pending)!r} is followed by neither a program line nor a city "
                           "line", page, pending[-1][1])

    def _name_of_nameless(self, boxes: CharPage, at: int, line: str) -> bool:
        """Take ``line`` as the name of a program line without one if it stands on that line's baseline."""
        y = boxes.y(at)[0]
        for n, (i, base, _) in enumerate(self.nameless):
            if abs(y - base) <= 2:
                self.programs[i][4] = line
                self.programs[i][6] = f"{line} / {self.programs[i][6]}"
                del self.nameless[n]
                return True
        return False

    def _no_nameless_left(self, page: int) -> None:
        if self.nameless:
            lines = [ln for _, _, ln in self.nameless]
            raise self.err(f"{len(lines)} program line(s) without a program name, and no line on their baseline "
                           "gives one", page, lines[0])

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

    def _wrapped_name(self, page: int, boxes: CharPage, code_at: int, line: str, name: str,
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

    def _clipped(self, boxes: CharPage, off: int, raw_line: str, pm) -> bool:
        """Whether the name fills its column, so that it may have been clipped at the column width (the 2019-2020
        layout clips long names: "Gen Surg/Integrated Comm & Rura"): it runs straight into the code, or less
        than one character's width (CLIP_GAP points) is left between its last character and the code."""
        if not self.layout.clipped_names:
            return False
        before = raw_line[:pm.start("code")]
        if not before[-1:].isspace():
            return True
        end = off + len(before.rstrip()) - 1
        return boxes.x(off + pm.start("code"))[0] - boxes.x(end)[1] < CLIP_GAP  # False for NaN

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
        if not name and not self.layout.code_list:
            # the 2020 edition prints some names after their program lines in the text layer: the name is
            # the later line on this line's baseline
            self.nameless.append((len(self.programs), boxes.y(off + pm.start("code"))[0], line))
        elif not name:
            raise self.err("the program line has no program name", page, line)
        cells, marked = (_cells(boxes, cols, off, pm) if pm.re is self.cells_re else None), set()
        if cells is None:  # cells run together, shifted or missing: place every character by itself
            start = off + pm.end("code")
            cells, marked = _cells_by_char(self.pdf, page, boxes, cols, text, start, off + len(raw_line), line)
        src = line if not pending else f"{_joined(pending)} / {line}"
        if code[4:7] not in self.first_seen:
            self.first_seen[code[4:7]] = (code, page)
        check_printed((self.institution, self.city, name), self.pdf.where(page, src))  # no control character or markup
        clipped = self._clipped(boxes, off, raw_line, pm) if name and not pending else False
        self.programs.append([code, self.institution, self.state, self.city, name, page, src, clipped])
        self.cells.extend(cells)
        if marked:
            self.marks[len(self.programs) - 1] = marked

    def frame(self) -> pd.DataFrame:
        """One row per program and year with two counts; a year with "--" twice gives none.

        Where the layout marks programs that did not fill with an asterisk, the marks must be
        exactly the years whose filled count is below the quota."""
        n, years = len(self.programs), self.layout.years
        cells = np.array(self.cells, dtype=object).reshape(n, self.layout.ncols)
        quota, filled = cells[:, 0::2], cells[:, 1::2]
        absent = quota == "--"
        odd = np.argwhere(absent != (filled == "--"))
        if len(odd):
            i, k = odd[0]
            p = self.programs[i]
            raise self.err(f"{years[k]}: quota {quota[i, k]!r} and filled {filled[i, k]!r}; a program either took "
                           "part (two counts) or not (\"--\" twice)", p[5], p[6])
        if not self.layout.code_list:
            q = np.where(absent, 0, quota).astype(np.int64)
            short = (np.where(absent, 0, filled).astype(np.int64) < q)
            for i in range(n):
                want = {int(k) for k in np.nonzero(short[i])[0]}
                got = self.marks.get(i, set())
                if want != got:
                    p = self.programs[i]
                    extra, lacking = sorted(got - want), sorted(want - got)
                    what = "; ".join(
                        [f"{years[k]} is marked as not filled but shows {filled[i, k]} of {quota[i, k]}" for k in extra]
                        + [f"{years[k]} shows {filled[i, k]} of {quota[i, k]} filled but has no asterisk"
                           for k in lacking])
                    raise self.err(f"program {p[0]}: {what}", p[5], p[6],
                                   todo="check the line in the report: the asterisk marks the years a program "
                                        "did not fill, so a count may have been read into the wrong column")
        line, year = np.nonzero(~absent)  # row-major: programs in report order, years newest first
        code, institution, state, city, name, page, src, clipped = (list(c) for c in zip(*self.programs))

        def strings(values: list[str]):
            return pd.array(values, dtype="string").take(line)

        return pd.DataFrame({
            "match_year": np.array(years, dtype=np.int64)[year],
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
            "name_clipped": np.array(clipped, dtype=np.int64)[line],
        })


def parse_edition(path: Path) -> tuple[pd.DataFrame, Layout]:
    """The rows of one edition (specialty_id resolved) with provenance columns ``_source_page`` and
    ``_source_line``, and the layout read (its ``years`` are the edition's Match years)."""
    with Pdf(path) as pdf:
        parser, codes_page = None, None
        for page in range(1, pdf.pages + 1):
            pg = CharPage(pdf, page)
            try:
                text = pg.text
                if parser is None:
                    first = next((ln for _, ln in _lines(text) if ln.strip()), "")
                    layout = layout_of(first)
                    if CODES_HEADING in text and codes_page is None:
                        codes_page = page
                        _check_code_list(pdf, page, _specialty_codes(pdf, page, text))
                        continue
                    if layout is None or (layout.code_list and codes_page is None):
                        if page >= 10:  # front matter is shorter
                            what = (f"no page headed {CODES_HEADING!r} in the first 10 pages" if layout is not None
                                    else "no page in the first 10 starts with a Program Results title (expected "
                                    + " or ".join(f'"{lay.title_text}"' for lay in LAYOUTS) + ")")
                            raise InputError(what, where=str(pdf.path),
                                             todo="check that this is NRMP's Program Results report; a new layout "
                                                  "needs pipeline/ingest/_program_results_pdf.py to learn it")
                        continue  # front matter
                    if len(layout.years) != SPAN:
                        raise InputError(f"the title names {len(layout.years)} Match years "
                                         f"({min(layout.years)}-{max(layout.years)}); every known edition covers "
                                         f"{SPAN}", where=pdf.where(page, first),
                                         todo="check the file: this is not a known edition of the report")
                    parser = _Parser(pdf, layout)
                parser.page(page, text, pg)
            finally:
                pg.close()
        if parser is None:
            raise InputError("no page starts with a Program Results title (expected "
                             + " or ".join(f'"{lay.title_text}"' for lay in LAYOUTS) + ")", where=str(pdf.path),
                             todo="check that this is NRMP's Program Results report; a new layout needs "
                                  "pipeline/ingest/_program_results_pdf.py to learn it")
        if not parser.programs:
            raise InputError("no program lines found", where=str(pdf.path),
                             todo="check that this is NRMP's Program Results report; its layout may have changed")
        ids, notes = specialty_ids(pdf, parser.programs, parser.first_seen)
        df = parser.frame()
    df.insert(7, "specialty_id", df["specialty_code"].map(ids).astype("string"))
    df.attrs["notes"] = notes
    return df, parser.layout
