"""state_specialty_results: NRMP "Match Rates by Specialty and State" (2025).

One row per state, specialty and position level as printed: positions offered,
positions filled and the filled positions by applicant type.

The report is a two-column PDF of small tables, one per state. Its text layer has
these quirks, each handled here (and reproduced by the unit tests):

* a specialty label wraps over two lines and its numbers follow on a line of
  their own (``Emergency Medicine \\n(PGY-1)\\n 20 20 11 ...``);
* a label of two full lines is clipped by the report: the third line, which holds
  the position level, is not printed (``Occupational & \\nEnvironmental Med`` or
  ``Osteopathic \\nNeuromusculoskeletal``). Such rows get a null position_level;
  a one-line label without a level is an error;
* a state continued on the next page or column is headed ``STATE (cont.)``, or
  with its name alone, or with a clipped name (``DISTRICT OF COLU``,
  ``NEW MEXICO (cont.``); rows at the top of the right-hand column continue the
  state above without any heading;
* a state name splits over two lines (``DISTRICT OF\\nCOLUMBIA``);
* the column header's words come in an order that does not follow the columns
  (``Pos. / No. / Filled / MD / Sr / ... / IMG Oth Tot``); they would leak into the
  first label if not consumed. The header is read as words (a word that is not one
  of the header's is an error), each word is placed under the number column of the
  first row that it sits above (by x-position, from ``Pdf.chars``) and the resulting
  column names must be exactly Pos., No. Filled, MD Sr, MD Gr, DO Sr, DO Gr, US IMG,
  IMG, Oth, % MD Sr, % Tot; anything else is an error. Character positions cost
  ~15 ms a page, so they are read for the first page and for any page where a
  header's words come in another text order than the header checked by position;
  the other pages' headers must give their words in that same order.

Every printed percentage must agree with the counts to within 0.05 points. The
report has no national total rows; reconcile() compares the sums with the headline
figures instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest._labels import check_printed
from pipeline.ingest.pdftext import Pdf
from pipeline.validate.failures import Failure

TABLE = "state_specialty_results"
KINDS = ("state_specialty_results",)
# The report clips some long labels before their "(PGY-1)" suffix; the Program Results
# report's program codes (type C/M/P = PGY-1, A = PGY-2, R = Physician) resolve them.
DEPENDS = ("program_results",)
LEVEL_OF_PROGRAM_TYPE = {"C": "PGY-1", "M": "PGY-1", "P": "PGY-1", "A": "PGY-2", "R": "Physician"}

TITLE_RE = re.compile(r"^(\d{4}) NRMP Main Residency Match\u00ae?: Match Rates by Specialty and State$")
TITLE_TEXT = "<year> NRMP Main Residency Match®: Match Rates by Specialty and State"
NOTICE = "Reproduction prohibited without the written permission of the NRMP"
FOOTER_RE = re.compile(r"^Key: Pos\.=.*\bPage (\d+) of (\d+)\s*$")
HEADER_START = "Applicant Type"

# Column header words as the text layer gives them, and the columns they must form.
HEADER_WORDS = Counter("Pos. No. Filled MD Sr MD Gr DO Sr DO Gr US IMG % MD Sr % IMG Oth Tot".split())
COLUMNS = (  # (printed header, field)
    ("Pos.", "positions"),
    ("No. Filled", "filled"),
    ("MD Sr", "us_md_senior"),
    ("MD Gr", "us_md_grad"),
    ("DO Sr", "us_do_senior"),
    ("DO Gr", "us_do_grad"),
    ("US IMG", "us_img"),
    ("IMG", "non_us_img"),
    ("Oth", "other"),
    ("% MD Sr", "pct_md_senior"),
    ("% Tot", "pct_filled"),
)
COUNT_FIELDS = [f for _, f in COLUMNS[:9]]
NCOL = len(COLUMNS)
HEADER_TOLERANCE = 9.0  # points: a header word's centre lies within this of its number column's centre

COUNT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)$")
PCT_RE = re.compile(r"^\d+(?:\.\d+)?$")
NUMBER_RE = re.compile(r"^[\d,]+(?:\.\d+)?$")
LEVEL_RE = re.compile(r"^(?P<label>.*?)\s*\((?P<level>PGY-1|PGY-2|Physician)\)$")
CONT_RE = re.compile(r"\s*\((?:c(?:o(?:n(?:t(?:\.\)?)?)?)?)?)?$")  # "(cont.)" and its clipped forms
LEVELS = ("PGY-1", "PGY-2", "Physician")

from pipeline.ingest._states import STATES  # noqa: E402
LAST_NCOL_WORDS_RE = re.compile(r"(?<!\S)\S+(?:\s+\S+){%d}\s*$" % (NCOL - 1))
NONBLANK_LINE_RE = re.compile(r"[^\r\n]*\S[^\r\n]*")
HEADING_RE = re.compile(r"^[A-Z][A-Z .]*$")


@dataclass
class Token:
    text: str
    start: int  # char index in the page text
    end: int


class Line:
    """A non-blank line of a page's text; its tokens (with char offsets) are computed when needed."""

    __slots__ = ("text", "start", "_tokens")

    def __init__(self, text: str, start: int, tokens: list[Token] | None = None):
        self.text = text
        self.start = start  # char index of the line's first character in the page text
        self._tokens = tokens

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = [Token(t.group(0), self.start + t.start(), self.start + t.end())
                            for t in re.finditer(r"\S+", self.text)]
        return self._tokens


class _NeedGeometry(Exception):
    """A header whose text order differs from the one checked by position: check it by position too."""


@dataclass
class _Block:
    """A table header waiting for its first row, which anchors the columns."""

    line: str
    words: list[Token] = field(default_factory=list)


def _lines(text: str) -> list[Line]:
    """Non-blank lines of a page's text."""
    return [Line(m.group(0), m.start()) for m in NONBLANK_LINE_RE.finditer(text)]


def _norm(s: str) -> str:
    return " ".join(s.split())


def _join_label(parts: list[str]) -> str:
    """Join wrapped label lines with single spaces; a line broken after '/' joins without one."""
    label = ""
    for p in (_norm(p) for p in parts):
        if not p:
            continue
        if not label:
            label = p
        elif label.endswith("/"):
            label += p
        else:
            label += " " + p
    return label


class _Parser:
    def __init__(self, pdf: Pdf, years: tuple[int, ...]):
        self.pdf = pdf
        self.years = years
        self.year: int | None = None
        self.rows: list[dict] = []
        self.state: str | None = None  # full name of the state in progress
        self.done_states: list[str] = []
        self.reference: tuple[str, ...] | None = None  # header words in text order, once checked by position

    # -- helpers -------------------------------------------------------------------------
    def err(self, page: int, line: str | None, what: str, todo: str) -> InputError:
        return InputError(what, where=self.pdf.where(page, line), todo=todo)

    def box(self, chars, tok: Token) -> tuple[float, float, float]:
        xs0 = chars.x0[tok.start:tok.end]
        xs1 = chars.x1[tok.start:tok.end]
        return min(xs0), max(xs1), min(chars.y0[tok.start:tok.end])

    # -- page ----------------------------------------------------------------------------
    def page(self, n: int) -> None:
        """Parse page ``n`` from its text; with character positions where a header must be checked by them.

        Character positions (Pdf.chars) cost ~15 ms a page, most of this parser's time. They are read
        for a page whose table headers have not been checked by position yet: the first page, and any
        page where a header's words come in another text order than the header checked first.
        """
        snapshot = (len(self.rows), self.state, list(self.done_states))
        try:
            self._page(n, geometry=self.reference is None)
        except _NeedGeometry:
            del self.rows[snapshot[0]:]
            self.state, self.done_states = snapshot[1], snapshot[2]
            self._page(n, geometry=True)

    def _page(self, n: int, geometry: bool) -> None:
        chars = self.pdf.chars(n) if geometry else None
        lines = _lines(chars.text if chars is not None else self.pdf.text(n))
        if not lines:
            raise self.err(n, None, "the page has no text layer",
                           todo="use the text PDF published by NRMP, not a scan or a printout")
        title = _norm(lines[0].text)
        m = TITLE_RE.match(title)
        if not m:
            raise self.err(n, lines[0].text, f"the page does not start with the title {TITLE_TEXT!r}; this is not "
                           "NRMP's Match Rates by Specialty and State report, or its layout changed",
                           todo="check that the file is the report named in data/raw/sources.yml; a new layout "
                                "needs a parser change")
        year = int(m.group(1))
        if self.year is None:
            if self.years and year not in self.years:
                raise self.err(n, lines[0].text, f"this is the {year} report, but its catalogue entry "
                               f"is the {', '.join(map(str, self.years))} edition",
                               todo=f"save the {'/'.join(map(str, self.years))} report under this name, or add "
                                    f"the {year} report as a new source in data/raw/sources.yml")
            self.year = year
        elif year != self.year:
            raise self.err(n, lines[0].text, f"page title says {year}, page 1 says {self.year}",
                           todo="the file mixes two editions; download the report again")
        i = 1
        if i < len(lines) and _norm(lines[i].text) == NOTICE:
            i += 1
        pending: list[Line] = []   # text lines since the last row: label parts or a state heading
        block: _Block | None = None  # header waiting for its first row
        footer = False
        while i < len(lines):
            ln = lines[i]
            i += 1
            s = _norm(ln.text)
            if not s:
                continue
            if s.startswith("Key:"):
                fm = FOOTER_RE.match(s)
                if not fm or int(fm.group(1)) != n or int(fm.group(2)) != self.pdf.pages:
                    raise self.err(n, ln.text, f"expected the key footer ending 'Page {n} of {self.pdf.pages}'",
                                   todo="check that the file is complete and is the catalogued edition")
                footer = True
                break
            if s == HEADER_START:
                self.heading(n, pending, ln)
                pending = []
                if block is not None:
                    raise self.err(n, block.line, "a table header with no rows below it",
                                   todo="the layout changed; the parser needs updating")
                block = _Block(ln.text)
                need = HEADER_WORDS.copy()
                rest: list[Token] = []
                while sum(need.values()):
                    if i >= len(lines):
                        raise self.err(n, ln.text, "the page ends inside a table header",
                                       todo="the layout changed; the parser needs updating")
                    hl = lines[i]
                    i += 1
                    for k, t in enumerate(hl.tokens):
                        if not sum(need.values()):
                            rest = hl.tokens[k:]
                            break
                        if need[t.text] <= 0:
                            raise self.err(n, hl.text,
                                           f"unexpected word {t.text!r} in the table header; expected the header "
                                           f"words {' '.join(HEADER_WORDS.elements())!r} (columns "
                                           f"{', '.join(h for h, _ in COLUMNS)})",
                                           todo="the report's columns changed: check the new header and update "
                                                "COLUMNS in pipeline/ingest/state_specialty_results.py")
                        need[t.text] -= 1
                        block.words.append(t)
                order = tuple(t.text for t in block.words)
                if not geometry and order != self.reference:
                    raise _NeedGeometry()
                if rest:  # a label glued to the end of the header line
                    cut = rest[0].start - hl.start
                    lines.insert(i, Line(hl.text[cut:], rest[0].start, rest))
                continue
            nums = self.numbers(n, ln)
            if nums is None:
                pending.append(ln)
                continue
            label_parts = [p.text for p in pending] + [ln.text[:LAST_NCOL_WORDS_RE.search(ln.text).start()]]
            source_line = " | ".join(_norm(p.text) for p in pending + [ln])
            if block is not None:
                if chars is not None:
                    self.check_header(n, chars, block, ln.tokens[-NCOL:], source_line)
                    if self.reference is None:
                        self.reference = tuple(t.text for t in block.words)
                block = None
            self.row(n, source_line, _join_label(label_parts), sum(1 for p in label_parts if p.strip()), nums)
            pending = []
        if pending:
            raise self.err(n, pending[0].text, "text that is neither a state heading, a table header nor a row "
                           f"with {NCOL} numbers: " + " / ".join(_norm(p.text) for p in pending),
                           todo="the layout changed or a row lost its numbers; check the page")
        if block is not None:
            raise self.err(n, block.line, "a table header with no rows below it on the same page",
                           todo="the layout changed; the parser needs updating")
        if not footer:
            raise self.err(n, None, f"the page has no key footer ('Key: ... Page {n} of {self.pdf.pages}')",
                           todo="check that the file is complete and is the catalogued edition")

    def numbers(self, n: int, ln: Line) -> list[str] | None:
        """The row's numbers as printed, None for a text line; a line ending in the wrong count is an error."""
        words = ln.text.split()
        k = 0
        for w in reversed(words):
            if not NUMBER_RE.match(w):
                break
            k += 1
        if k == 0:
            return None
        if k != NCOL:
            raise self.err(n, ln.text, f"a row must end with {NCOL} numbers ({', '.join(h for h, _ in COLUMNS)}); "
                           f"this line ends with {k}",
                           todo="check the row in the PDF; a changed layout needs a parser change")
        return words[-NCOL:]

    # -- state headings ------------------------------------------------------------------
    def heading(self, n: int, pending: list[Line], at: Line) -> None:
        text = _norm(" ".join(p.text for p in pending))
        if not text:
            if self.state is None:
                raise self.err(n, at.text, "a table header without a state heading above it",
                               todo="the layout changed; the parser needs updating")
            return  # a continued table without a heading: same state
        name = CONT_RE.sub("", text).strip()
        cont = name != text
        if not HEADING_RE.match(name):
            raise self.err(n, pending[0].text, f"expected a state name (capitals) above the table header, found "
                           f"{text!r}", todo="the layout changed or a row lost its numbers; check the page")
        if self.state and (name == self.state or [s for s in STATES if s.startswith(name)] == [self.state]):
            return  # continuation: the full name, or the name clipped by the report
        if cont:
            raise self.err(n, pending[0].text, f"heading {text!r} continues a state, but the state in progress is "
                           f"{self.state!r}", todo="pages may be missing or out of order; download the report again")
        if name not in STATES:
            raise self.err(n, pending[0].text, f"unknown state {name!r}",
                           todo="add the state or territory and its USPS code to STATES in "
                                "pipeline/ingest/state_specialty_results.py")
        if name in self.done_states:
            raise self.err(n, pending[0].text, f"{name} appears again after {self.state}",
                           todo="the report's states are expected in one run each; check the file")
        if self.state:
            self.done_states.append(self.state)
        self.state = name

    # -- header geometry -----------------------------------------------------------------
    def check_header(self, n: int, chars, block: _Block, nums: list[Token], row_text: str) -> None:
        centres = []
        for t in nums:
            x0, x1, _ = self.box(chars, t)
            centres.append((x0 + x1) / 2)
        cols: list[list[tuple[float, float, str]]] = [[] for _ in range(NCOL)]
        for w in block.words:
            x0, x1, y0 = self.box(chars, w)
            c = (x0 + x1) / 2
            j = min(range(NCOL), key=lambda k: abs(centres[k] - c))
            if abs(centres[j] - c) > HEADER_TOLERANCE:
                raise self.err(n, block.line, f"header word {w.text!r} (x {x0:.0f}-{x1:.0f}) is not above any number "
                               f"column of the first row ({row_text})",
                               todo="the report's columns changed; update COLUMNS in "
                                    "pipeline/ingest/state_specialty_results.py")
            cols[j].append((-round(y0), x0, w.text))
        found = [" ".join(t for _, _, t in sorted(col)) for col in cols]
        expected = [h for h, _ in COLUMNS]
        if found != expected:
            raise self.err(n, block.line, f"the table header's columns, read by position, are {found}; expected "
                           f"{expected}", todo="the report's columns were moved or renamed: check the new layout "
                                               "and update COLUMNS in pipeline/ingest/state_specialty_results.py")

    # -- rows ------------------------------------------------------------------------------
    def row(self, n: int, source_line: str, raw_label: str, label_lines: int, nums: list[str]) -> None:
        if self.state is None:
            raise self.err(n, source_line, "a row before the first state heading",
                           todo="the layout changed; the parser needs updating")
        if not raw_label:
            raise self.err(n, source_line, "a row of numbers without a specialty label",
                           todo="check the row in the PDF")
        m = LEVEL_RE.match(raw_label)
        if m:
            label, level = m.group("label"), m.group("level")
        elif label_lines >= 2:
            label, level = raw_label, None  # label clipped by the report before its level
        else:
            raise self.err(n, source_line, f"label {raw_label!r} does not end with a position level "
                           f"({', '.join('(' + v + ')' for v in LEVELS)})",
                           todo="check the row; a new position level needs adding to LEVELS")
        check_printed([label], self.pdf.where(n, source_line), what="specialty label")
        values = {}
        for (head, fld), t in zip(COLUMNS, nums):
            if fld.startswith("pct_"):
                if not PCT_RE.match(t):
                    raise self.err(n, source_line, f"{head} {t!r} is not a percentage", todo="check the row")
                values[fld] = float(t)
            else:
                if not COUNT_RE.match(t):
                    raise self.err(n, source_line, f"{head} {t!r} is not a whole count", todo="check the row")
                values[fld] = int(t.replace(",", ""))
        pos = values["positions"]
        for fld, num, head in (("pct_md_senior", values["us_md_senior"], "% MD Sr"),
                               ("pct_filled", values["filled"], "% Tot")):
            printed = values[fld]
            if pos == 0:
                ok = printed == 0
                calc = "no positions"
            else:
                calc_v = 100 * num / pos
                ok = abs(calc_v - printed) <= 0.05 + 1e-9
                calc = f"100*{num}/{pos} = {calc_v:.3f}"
            if not ok:
                raise self.err(n, source_line, f"printed {head} {printed} disagrees with the counts ({calc})",
                               todo="the columns may be shifted or the report has a typo; check the row in the PDF")
        self.rows.append({
            "match_year": self.year, "state": STATES[self.state], "specialty_label": label,
            "position_level": level, **{f: values[f] for f in COUNT_FIELDS},
            "_source_page": n, "_source_line": source_line,
        })


def parse(path: Path, years: tuple[int, ...] = ()) -> pd.DataFrame:
    """Rows of the report, without specialty ids. The year is read from the title; ``years`` (the
    catalogue's), when given, must include it."""
    with Pdf(path) as pdf:
        p = _Parser(pdf, years)
        for n in range(1, pdf.pages + 1):
            p.page(n)
        if not p.rows:
            raise InputError("no table rows found", where=str(path),
                             todo="check that the file is NRMP's Match Rates by Specialty and State report")
    return pd.DataFrame(p.rows)


def build(inputs: Inputs) -> pd.DataFrame:
    from pipeline.ingest.specialties import crosswalk

    frames, seen = [], {}
    for ed in inputs.require("state_specialty_results"):  # one Match year per edition
        part = parse(ed.path, tuple(ed.source.years))
        year = int(part["match_year"].iat[0])
        if year in seen:
            raise InputError(f"two files hold the {year} report: {seen[year]} and {ed.path}", where=str(ed.path),
                             todo="keep one catalogue entry per Match year (data/raw/sources.yml)")
        seen[year] = ed.path
        ids = crosswalk().resolve_labels(part["specialty_label"].tolist(), where=str(ed.path))
        part.insert(3, "specialty_id", part["specialty_label"].map(ids))
        part["_source_file"] = str(ed.path)
        frames.append(part)
    df = pd.concat(frames, ignore_index=True)
    path = seen[max(seen)]
    programs = inputs.tables.get("program_results")
    if programs is not None:
        df = resolve_clipped_levels(df, programs, path)
    return df


def resolve_clipped_levels(df: pd.DataFrame, programs: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Give rows whose level the report clipped the one level whose programs match them exactly.

    For a row (state, specialty) without a printed level, the candidate levels are those of
    the same year's programs in that state and specialty (by program type), less the rows of
    that state and specialty whose level is printed. A level is assigned only when exactly
    one candidate's quota and filled sums equal the row's positions and filled; otherwise the
    row is an error (nothing is guessed).
    """
    missing = df["position_level"].isna()
    if not missing.any():
        return df
    df = df.copy()
    progs = programs.assign(level=programs["program_type"].astype(object).map(LEVEL_OF_PROGRAM_TYPE))
    sums = progs.groupby(["match_year", "state", "specialty_id", "level"])[["quota", "filled"]].sum()
    known = (df[~missing].groupby(["match_year", "state", "specialty_id", "position_level"])[["positions", "filled"]]
             .sum())
    taken: set = set()
    problems = []
    for i in df.index[missing]:
        r = df.loc[i]
        key = (int(r["match_year"]), r["state"], r["specialty_id"])
        cands = []
        for level in ("PGY-1", "PGY-2", "Physician"):
            if key + (level,) not in sums.index or key + (level,) in taken:
                continue
            q, f = (int(v) for v in sums.loc[key + (level,)])
            if key + (level,) in known.index:
                kp, kf = (int(v) for v in known.loc[key + (level,)])
                q, f = q - kp, f - kf
            if (q, f) == (int(r["positions"]), int(r["filled"])):
                cands.append(level)
        if len(cands) == 1:
            df.loc[i, "position_level"] = cands[0]
            taken.add(key + (cands[0],))
        else:
            problems.append(f"{r['state']} {r['specialty_label']!r} ({int(r['positions'])} positions, "
                            f"{int(r['filled'])} filled): {'no' if not cands else 'more than one'} level's programs "
                            f"match ({', '.join(cands) or 'none'})")
    if problems:
        raise InputError(
            f"{len(problems)} row(s) print no position level and the Program Results report does not settle it: "
            + "; ".join(problems),
            where=str(path),
            todo="check these rows in the report by hand; if the reports disagree, the edition of one of them "
                 "may be wrong")
    return df


# -- reconciliation --------------------------------------------------------------------------
_APPLICANT_TYPES = {"us_md_senior": "us_md_senior", "us_do_senior": "us_do_senior",
                    "us_img": "us_img", "non_us_img": "non_us_img", "all_applicants": "filled"}


def _fmt(v: int) -> str:
    return f"{v:,}"


def _pgy1_check(year: int, what: str, known: int, unknown: int, headline: int, other: str) -> str | None:
    """Known PGY-1 rows must reach the headline exactly, or within the rows whose level is not printed."""
    if unknown == 0:
        if known != headline:
            return f"{year} {what} over PGY-1 rows {_fmt(known)} != {other} {_fmt(headline)}"
        return None
    if not known <= headline <= known + unknown:
        return (f"{year} {what} over PGY-1 rows {_fmt(known)} (+ up to {_fmt(unknown)} in rows whose level is not "
                f"printed) cannot give {other} {_fmt(headline)}")
    return None


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list[Failure]:
    """National sums against the headline figures.

    * positions and filled over all rows = positions_summary.positions_total / filled_total (exact);
    * positions and filled over PGY-1 rows = positions_summary.positions_pgy1 / filled_pgy1, and filled by
      each applicant type over PGY-1 rows = match_summary.matched_pgy1. Exact when every row has its level;
      rows whose level the report clipped (null position_level) may or may not be PGY-1, so then the
      headline must lie between the PGY-1 sum and the PGY-1 sum plus those rows.
    """
    failures: list[Failure] = []
    pos_summary = others.get("positions_summary")
    match_summary = others.get("match_summary")
    for year, t in table.groupby("match_year"):
        year = int(year)
        level = t["position_level"].astype(object)
        pgy1 = t[(level == "PGY-1").to_numpy(dtype=bool)]
        unknown = t[level.isna().to_numpy(dtype=bool)]
        if pos_summary is not None:
            ps = pos_summary[pos_summary["match_year"] == year]
            if len(ps):
                s = ps.iloc[0]
                bad = []
                for col, head in (("positions", "positions_total"), ("filled", "filled_total")):
                    got = int(t[col].sum())
                    if pd.notna(s[head]) and got != int(s[head]):
                        bad.append(f"{year} {col} over all rows {_fmt(got)} != positions_summary.{head} "
                                   f"{_fmt(int(s[head]))}")
                for col, head in (("positions", "positions_pgy1"), ("filled", "filled_pgy1")):
                    if pd.notna(s[head]):
                        msg = _pgy1_check(year, col, int(pgy1[col].sum()), int(unknown[col].sum()),
                                          int(s[head]), f"positions_summary.{head}")
                        if msg:
                            bad.append(msg)
                if bad:
                    failures.append(Failure(TABLE, "national_positions", "; ".join(bad)))
        if match_summary is not None:
            ms = match_summary[match_summary["match_year"] == year]
            bad, examples = [], []
            for _, s in ms.iterrows():
                col = _APPLICANT_TYPES.get(str(s["applicant_type"]))
                if col is None or pd.isna(s["matched_pgy1"]):
                    continue
                known, unk, head = int(pgy1[col].sum()), int(unknown[col].sum()), int(s["matched_pgy1"])
                what = col if col == s["applicant_type"] else f"{col} ({s['applicant_type']})"
                msg = _pgy1_check(year, what, known, unk, head, "match_summary.matched_pgy1")
                if msg:
                    bad.append(msg)
                    examples.append({"match_year": year, "applicant_type": s["applicant_type"], "pgy1_rows": known,
                                     "level_not_printed": unk, "match_summary_matched_pgy1": head})
            if bad:
                failures.append(Failure(TABLE, "pgy1_by_applicant_type", "; ".join(bad), examples))
    return failures
