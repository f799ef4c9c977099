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
column headers of their block, not by splitting the line: in the text layer cells
can run together ("3--") or lose their spacing. Only the characters after the
program code, and the header words, have their boxes looked up (see ``_Boxes``):
the whole 206-page file takes about 0.7 s.

One row per program and appointment year in which the program took part; a year
with "--" for both quota and filled gives no row, one "--" next to a count is an
error. Counts are kept as printed (filled can exceed quota only if the report
says so: the suite flags it).
"""

from __future__ import annotations

import bisect
import ctypes
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.pdftext import Pdf
from pipeline.specialties import crosswalk
from pipeline.validate import Failure

TABLE = "program_results"
SOURCE = "nrmp_program_results_2021_2025"
SOURCES = (SOURCE,)

YEARS = (2025, 2024, 2023, 2022, 2021)  # left to right, as the column headers must read
FIRST_YEAR, LAST_YEAR = min(YEARS), max(YEARS)

STATES = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
    "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA",
    "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS",
    "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA",
    "MICHIGAN": "MI", "MINNESOTA": "MN", "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT",
    "NEBRASKA": "NE", "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM",
    "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK",
    "OREGON": "OR", "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
    "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA",
    "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY", "PUERTO RICO": "PR", "GUAM": "GU",
    "VIRGIN ISLANDS": "VI", "U.S. VIRGIN ISLANDS": "VI", "AMERICAN SAMOA": "AS",
    "NORTHERN MARIANA ISLANDS": "MP",
}

TITLE_RE = re.compile(r"^Program Results: Main Residency Match\S*\s+(\d{4})\s*-\s*(\d{4})\s+Appointment Years$")
FOOTER_RE = re.compile(r"^Reproduction prohibited without the written permission of the NRMP\s+"
                       r"Page (\d+) of (\d+)$")
CODES_HEADING = "ACGME SPECIALTY CODES AND DESCRIPTIONS"
CODE_LIST_RE = re.compile(r"^(\d{3}) (\S.*)$")
# program code: 4-digit institution, 3-digit specialty, type letter, 1-3 character track
PROGRAM_RE = re.compile(r"^(?P<name>.*?)\s*(?<![0-9A-Za-z])(?P<code>\d{7}[A-Z][0-9A-Z]{1,3})(?=[\s\d-])"
                        r"(?P<tail>[\s\d-]*)$")
CITY_RE = re.compile(r"^(?P<city>.*?)\s*\bProgram$")
CAPS_RE = re.compile(r"^[A-Z][A-Z .'-]+$")
CONTINUED = "(Continued)"
HEADER_WORDS = {"Code", "Quota", "Filled"}
YEAR_RE = re.compile(r"^\d{4}$")
CELL_RE = re.compile(r"^(?:\d+|--)$")
LINE_RE = re.compile(r"[^\r\n]*")

COLUMNS = ["match_year", "program_code", "institution", "state", "city", "program_name", "specialty_code",
           "specialty_id", "program_type", "track", "quota", "filled"]


# --- character boxes ------------------------------------------------------------------------

_LOOSE_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)


class _Boxes:
    """Horizontal extent of single characters of one text page, as cheaply as pdfium allows.

    ``Pdf.chars`` asks for every character's box through pypdfium2's typed
    bindings (about 3.6 us a character, 2.2 s for this report); this asks only
    for the characters it is given, through FPDFText_GetLooseCharBox called with
    an untyped prototype (about 0.7 us a character).
    """

    def __init__(self, textpage) -> None:
        import pypdfium2.raw as raw

        self._rect = raw.FS_RECTF()
        self._addr = ctypes.addressof(self._rect)
        self._handle = ctypes.cast(textpage.raw, ctypes.c_void_p).value
        self._fn = _LOOSE_BOX(ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)

    def x(self, index: int) -> tuple[float, float]:
        if not self._fn(self._handle, index, self._addr):
            return float("nan"), float("nan")
        return self._rect.left, self._rect.right


def _page_text(pdf: Pdf, page: int):
    """(text, textpage, page object): the raw text of a 1-based page whose indices are character indices."""
    import pypdfium2.raw as raw

    try:
        pg = pdf.doc[page - 1]
        tp = pg.get_textpage()
        n = raw.FPDFText_CountChars(tp.raw)
        text = tp.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:  # keep text[i] == character i
            text = "".join(chr(raw.FPDFText_GetUnicode(tp.raw, i) or 32) for i in range(n))
    except Exception as exc:
        raise InputError(f"text of page {page} cannot be read ({exc}); the file may be damaged",
                         where=str(pdf.path), todo="download the report again") from None
    return text, tp, pg


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the line's first character, line) for every line of a page's raw text."""
    out = []
    pos, n = 0, len(text)
    while pos <= n:
        m = LINE_RE.match(text, pos)
        out.append((pos, m.group()))
        pos = m.end()
        if pos >= n:
            break
        pos += 2 if text.startswith("\r\n", pos) else 1
    return out


# --- column headers ---------------------------------------------------------------------------

@dataclass
class _Columns:
    """The ten Quota/Filled columns of one block: band edges (x) and the year of each pair."""

    edges: list[float]  # 11 edges; column k lies between edges[k] and edges[k + 1]

    def index(self, x: float) -> int | None:
        if not self.edges[0] <= x < self.edges[-1]:
            return None
        return bisect.bisect_right(self.edges, x) - 1


def _header(pdf: Pdf, page: int, boxes: _Boxes, lines: list[tuple[int, str]], city_line: str) -> _Columns:
    """Column bands from the header lines' words; the years must read 2025..2021 from left to right."""
    words: list[tuple[str, float, float]] = []
    for off, line in lines:
        for m in re.finditer(r"\S+", line):
            w = m.group()
            if w == "Code":
                words.append((w, 0.0, 0.0))
                continue
            x0, _ = boxes.x(off + m.start())
            _, x1 = boxes.x(off + m.end() - 1)
            words.append((w, x0, x1))
    found = " / ".join(" ".join(line.split()) for _, line in lines)
    expected = ("\"Program Code\", then \"Quota Filled\" under each of " + ", ".join(map(str, YEARS)))
    names = [w for w, _, _ in words]
    qf = sorted((x0, x1, w) for w, x0, x1 in words if w in ("Quota", "Filled"))
    years = sorted((x0, x1, w) for w, x0, x1 in words if YEAR_RE.match(w))
    if (names.count("Code") != 1 or len(qf) != 2 * len(YEARS) or len(years) != len(YEARS)
            or [w for _, _, w in qf] != ["Quota", "Filled"] * len(YEARS)):
        raise InputError(f"the column headers read {found!r}; expected {expected}", where=pdf.where(page, city_line),
                         todo="this is another edition or layout of the Program Results report: check the file "
                              "and update pipeline/ingest/program_results.py")
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
    return _Columns(edges)


def _cells(pdf: Pdf, page: int, boxes: _Boxes, cols: _Columns, text: str, start: int, end: int,
           line: str) -> list[str]:
    """The ten cells of a program line, from the x-position of each character after the program code."""
    cells = [""] * len(cols.edges[:-1])
    last_col, gap = -1, False
    for i in range(start, end):
        ch = text[i]
        if ch.isspace():
            gap = True
            continue
        x0, x1 = boxes.x(i)
        k = cols.index((x0 + x1) / 2)
        if k is None:
            raise InputError(f"the character {ch!r} at x={(x0 + x1) / 2:.1f} lies outside the Quota/Filled columns "
                             f"(x {cols.edges[0]:.1f}-{cols.edges[-1]:.1f})", where=pdf.where(page, line),
                             todo="check the line in the report; the layout may have changed")
        if k < last_col or (k == last_col and gap):
            raise InputError(f"column {k + 1} of 10 holds more than one value ({cells[k]!r} and {ch!r}...)",
                             where=pdf.where(page, line), todo="check the line in the report")
        cells[k] += ch
        last_col, gap = k, False
    bad = [(k, c) for k, c in enumerate(cells) if not CELL_RE.match(c)]
    if bad:
        what = "; ".join(f"{'Quota' if k % 2 == 0 else 'Filled'} {YEARS[k // 2]}: "
                         + (repr(c) if c else "empty") for k, c in bad)
        raise InputError(f"cells that are neither a count nor \"--\": {what}", where=pdf.where(page, line),
                         todo="check the line in the report; every column holds a count or \"--\"")
    return cells


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
        self.rows: list[tuple] = []
        self.first_seen: dict[str, tuple[str, int]] = {}  # specialty code -> (program code, page)

    def err(self, what: str, page: int, line: str | None = None, todo: str = "check the page in the report; "
            "the layout may have changed") -> InputError:
        return InputError(what, where=self.pdf.where(page, line), todo=todo)

    def page(self, page: int, text: str, boxes: _Boxes) -> None:
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
        pending: list[str] = []       # text lines not yet assigned (institution or wrapped program name)
        i = 0
        while i < len(body):
            off, raw_line = body[i]
            line = " ".join(raw_line.split())
            # a state heading
            if CAPS_RE.match(line) and not PROGRAM_RE.match(line):
                if line not in STATES:
                    raise self.err(f"the heading {line!r} is not a known U.S. state or territory", page, line,
                                   todo="add it to STATES in pipeline/ingest/program_results.py with its "
                                        "USPS code")
                if pending:
                    raise self.err(f"text {' / '.join(pending)!r} comes before the state heading {line!r} "
                                   "without a program", page, line)
                self.state, self.institution, self.city, cols = STATES[line], None, None, None
                i += 1
                continue
            # a city line followed by the column headers
            cm = CITY_RE.match(line)
            nxt = body[i + 1][1].split() if i + 1 < len(body) else []
            if cm and nxt and nxt[0] == "Code":
                j = i + 1
                while j < len(body) and all(w in HEADER_WORDS or YEAR_RE.match(w) for w in body[j][1].split()):
                    j += 1
                cols = _header(self.pdf, page, boxes, body[i + 1:j], line)
                city = cm.group("city").strip()
                if not city:
                    raise self.err("the city before \"Program\" is empty", page, line)
                self._institution(page, line, pending)
                pending = []
                self.city = city
                i = j
                continue
            pm = PROGRAM_RE.match(raw_line)
            if pm:
                self._program(page, boxes, cols, text, off, raw_line, pm, pending)
                pending = []
                i += 1
                continue
            pending.append(line)
            i += 1
        if pending:
            raise self.err(f"text {' / '.join(pending)!r} is followed by neither a program line nor a city "
                           "line", page, pending[-1])

    def _institution(self, page: int, line: str, pending: list[str]) -> None:
        if self.state is None:
            raise self.err("an institution comes before the first state heading", page, line)
        if not pending:
            if self.institution is None:
                raise self.err("a city block has no institution name before it", page, line)
            return  # another city of the same institution
        name = " ".join(pending)
        if name.endswith(CONTINUED):
            name = name[: -len(CONTINUED)].strip()
            if name != self.institution:
                raise self.err(f"{name!r} is marked as continued, but the previous institution is "
                               f"{self.institution!r}", page, " ".join(pending))
        self.institution = name

    def _program(self, page, boxes, cols, text, off, raw_line, pm, pending) -> None:
        line = " ".join(raw_line.split())
        if cols is None or self.institution is None or self.city is None:
            raise self.err("a program line comes before its institution's city and column headers on this page",
                           page, line)
        name = " ".join([*pending, pm.group("name").strip()]).strip()
        if not name:
            raise self.err("the program line has no program name", page, line)
        code = pm.group("code")
        cells = _cells(self.pdf, page, boxes, cols, text, off + pm.start("tail"), off + pm.end("tail"), line)
        src = line if not pending else " / ".join([*pending, line])
        self.first_seen.setdefault(code[4:7], (code, page))
        for k, year in enumerate(YEARS):
            quota, filled = cells[2 * k], cells[2 * k + 1]
            if quota == "--" and filled == "--":
                continue
            if quota == "--" or filled == "--":
                raise self.err(f"{year}: quota {quota!r} and filled {filled!r}; a program either took part "
                               "(two counts) or not (\"--\" twice)", page, line)
            self.rows.append((year, code, self.institution, self.state, self.city, name, code[4:7],
                              code[7], code[8:], int(quota), int(filled), page, src))


def parse(path: Path) -> pd.DataFrame:
    """The table's rows (specialty_id resolved) with provenance columns ``_source_page``/``_source_line``."""
    with Pdf(path) as pdf:
        parser = _Parser(pdf)
        codes_page = None
        for page in range(1, pdf.pages + 1):
            text, tp, pg = _page_text(pdf, page)
            try:
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
                parser.page(page, text, _Boxes(tp))
            finally:
                tp.close()
                pg.close()
        if codes_page is None:
            raise InputError(f"no page headed {CODES_HEADING!r}", where=str(pdf.path),
                             todo="check that this is NRMP's Program Results report (see data/raw/sources.yml)")
        if not parser.rows:
            raise InputError("no program lines found", where=str(pdf.path),
                             todo="check that this is NRMP's Program Results report; its layout may have changed")
        cw = crosswalk()
        unknown = {c: parser.first_seen[c] for c in parser.first_seen if cw.by_code(c) is None}
        where = str(pdf.path)
        if unknown:
            where += " (first seen: " + ", ".join(f"{c} in program {p} on page {pg}"
                                                   for c, (p, pg) in unknown.items()) + ")"
        ids = cw.resolve_codes(list(parser.first_seen), where=where)
    df = pd.DataFrame(parser.rows, columns=["match_year", "program_code", "institution", "state", "city",
                                            "program_name", "specialty_code", "program_type", "track", "quota",
                                            "filled", "_source_page", "_source_line"])
    df.insert(7, "specialty_id", df["specialty_code"].map(ids))
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
        bad = []
        for _, s in summary.iterrows():
            year, total = s.get("match_year"), s.get(theirs)
            if pd.isna(year) or pd.isna(total) or int(year) not in sums.index:
                continue
            got = int(sums.loc[int(year), ours])
            if got != int(total):
                bad.append((int(year), got, int(total)))
        if bad:
            failures.append(Failure(
                TABLE, name,
                "; ".join(f"{y} {ours} sum {g:,} != positions_summary.{theirs} {t:,} (difference {g - t:+,})"
                          for y, g, t in bad),
                [{"match_year": y, f"{ours}_sum": g, f"positions_summary_{theirs}": t} for y, g, t in bad][:10]))
    return failures
