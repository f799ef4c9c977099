"""Parser for NRMP's two-page "Main Residency Match By the Numbers" sheet.

Shared by ``match_summary`` and ``positions_summary``. Each line gives the current
year's figure and its "change from <previous year>": counts as an absolute change
with an arrow (and a relative change in %), rates as an absolute change in
percentage points. The previous year's figures are derived exactly from those
(decimal arithmetic, no rounding), and the printed relative change is used to
check each derivation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.pdftext import Pdf

# figure key -> accepted labels (asterisks and repeated spaces removed)
LABELS: dict[str, tuple[str, ...]] = {
    "positions_total": ("Total Positions",),
    "positions_pgy1": ("Total PGY-1 Positions",),
    "filled_total": ("Total Positions Filled",),
    "filled_pgy1": ("Total PGY-1 Positions Filled",),
    "unfilled": ("Unfilled Positions",),
    "unfilled_offered_in_soap": ("Unfilled Positions Offered in SOAP",),
    "all_applicants.registered": ("Total Registered Applicants",),
    "all_applicants.active": ("Applicants Certifying Rank Order Lists",),
    "all_applicants.matched": ("Applicants Matched to PGY-1 Positions",),
    "all_applicants.rate": ("Percent of Active Applicants Matched to PGY-1 Positions",),
    "us_md_senior.active": ("U.S. MD Seniors Submitting Program Choices",),
    "us_md_senior.matched": ("U.S. MD Seniors Matched to PGY-1 Positions",),
    "us_md_senior.rate": ("Percent of U.S. MD Seniors Matched to PGY-1 Positions",),
    "us_do_senior.active": ("U.S. DO Seniors Submitting Program Choices",),
    "us_do_senior.matched": ("U.S. DO Seniors Matched to PGY-1 Positions",),
    "us_do_senior.rate": ("Percent of U.S. DO Seniors Matched to PGY-1 Positions",),
    "us_img.active": ("U.S. IMGs Submitting Program Choices",),
    "us_img.matched": ("U.S. IMGs Matched to PGY-1 Positions",),
    "us_img.rate": ("Percent of U.S. IMGs Matched to PGY-1 Positions",),
    "non_us_img.active": ("U.S. Non-U.S IMGs Submitting Program Choices", "Non-U.S. IMGs Submitting Program Choices",
                          "Non-U.S IMGs Submitting Program Choices"),
    "non_us_img.matched": ("U.S. Non-U.S IMGs Matched to PGY-1 Positions", "Non-U.S. IMGs Matched to PGY-1 Positions",
                           "Non-U.S IMGs Matched to PGY-1 Positions"),
    "non_us_img.rate": ("Percent of Non-U.S IMGs Matched to PGY-1 Positions",
                        "Percent of Non-U.S. IMGs Matched to PGY-1 Positions"),
}
_BY_LABEL = {lab.casefold(): key for key, labs in LABELS.items() for lab in labs}

LINE_RE = re.compile(
    r"^(?P<label>[A-Za-z].*?)\s+(?P<value>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<arrow>[\u2191\u2193])?\s*(?P<change>\d[\d,]*(?:\.\d+)?)(?P<pct>%)?\s*(?:(?P<rel>\d+(?:\.\d+)?)%)?\s*$")
TITLE_RE = re.compile(r"(\d{4}) Main Residency Match")
CHANGE_RE = re.compile(r"CHANGE FROM\s+(\d{4})", re.S)


@dataclass
class Figure:
    key: str
    current: Decimal
    previous: Decimal
    page: int
    line: str


@dataclass
class ByTheNumbers:
    year: int
    previous_year: int
    figures: dict[str, Figure]

    def value(self, key: str, year: int) -> Decimal:
        f = self.figures[key]
        return f.current if year == self.year else f.previous


def _num(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def parse(path: Path, expected_year: int | None = None) -> ByTheNumbers:
    """Parse the sheet; ``expected_year`` (from the catalogue) must be the sheet's year."""
    with Pdf(path) as pdf:
        texts = [pdf.text(p) for p in range(1, pdf.pages + 1)]
        where = str(path)
        m = TITLE_RE.search(texts[0]) if texts else None
        if not m or "By the Numbers" not in texts[0]:
            raise InputError("this does not look like NRMP's 'Main Residency Match By the Numbers' sheet "
                             "(no title 'YYYY Main Residency Match ... By the Numbers' on page 1)",
                             where=f"{where} page 1", todo="check that the right file is catalogued under this id")
        year = int(m.group(1))
        if expected_year is not None and year != expected_year:
            raise InputError(f"this is the {year} sheet, but the catalogue entry is for {expected_year}",
                             where=f"{where} page 1",
                             todo="save each year's sheet under its own catalogue entry (data/raw/sources.yml)")
        c = CHANGE_RE.search(texts[0])
        if not c:
            raise InputError("the 'CHANGE FROM <year>' column heading was not found", where=f"{where} page 1",
                             todo="the layout changed: the parser in pipeline/ingest/_by_the_numbers.py needs updating")
        prev = int(c.group(1))
        if prev != year - 1:
            raise InputError(f"the change column is from {prev}, expected {year - 1}", where=f"{where} page 1",
                             todo="check the edition of the file")
        figures: dict[str, Figure] = {}
        for page, text in enumerate(texts, start=1):
            for raw_line in text.split("\n"):
                line = re.sub(r"\s+", " ", raw_line.replace("*", " ")).strip()
                lm = LINE_RE.match(line)
                if not lm:
                    continue
                key = _BY_LABEL.get(lm.group("label").strip().casefold())
                if key is None:
                    continue
                if key in figures:
                    raise InputError(f"figure {key!r} appears twice", where=pdf.where(page, raw_line.strip()),
                                     todo="the layout changed: update the parser")
                value, change = _num(lm.group("value")), _num(lm.group("change"))
                sign = {"\u2191": 1, "\u2193": -1, None: 0}[lm.group("arrow")]
                if sign == 0 and change != 0:
                    raise InputError(f"a change of {change} without an up or down arrow",
                                     where=pdf.where(page, raw_line.strip()), todo="check the file")
                previous = value - sign * change
                is_rate = key.endswith(".rate")
                if not is_rate and lm.group("rel") is not None and previous > 0:
                    rel = _num(lm.group("rel"))
                    computed = abs(change) * 100 / previous
                    if abs(computed - rel) > Decimal("0.05"):
                        raise InputError(
                            f"{prev} value derived as {previous} ({value} minus change {sign * change}) implies a "
                            f"relative change of {computed:.2f}%, but the sheet prints {rel}%",
                            where=pdf.where(page, raw_line.strip()), todo="check the file; the parse may be wrong")
                figures[key] = Figure(key, value, previous, page, raw_line.strip())
        missing = [k for k in LABELS if k not in figures]
        if missing:
            raise InputError(f"figures not found: {', '.join(missing)}", where=where,
                             todo="the layout or wording changed: update LABELS in pipeline/ingest/_by_the_numbers.py")
        return ByTheNumbers(year, prev, figures)
