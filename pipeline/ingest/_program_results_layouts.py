"""The layouts of NRMP's Program Results report that the parser knows, told apart by the title every
page carries: "Program Results: Main Residency Match YYYY-YYYY Appointment Years" (2021 onwards,
"Quota Filled") and "NRMP Program Results YYYY-YYYY Main Residency Match" (the 2019 and 2020 editions,
"Quota Matched", asterisks). A layout's years are the ones its title names."""

from __future__ import annotations

import re
from dataclasses import dataclass

UNFILLED_MARK = "*"
# program code: 4-digit institution, 3-digit specialty, type letter, 1-3 character track
_CODE = r"(?P<code>\d{7}[A-Z][0-9A-Z]{1,3})"


@dataclass(frozen=True)
class Layout:
    """What one layout of the report looks like; ``years`` come from the file's title."""

    name: str
    title: re.Pattern        # groups: first and last year
    title_text: str          # for messages
    footer: re.Pattern       # groups: page, pages
    footer_text: str
    filled_word: str         # the second header word of each year: "Filled" or "Matched"
    code_list: bool          # an ACGME code list page precedes the programs
    clipped_names: bool      # a name may run straight into the code
    years: tuple[int, ...] = ()

    def with_years(self, first: int, last: int) -> "Layout":
        return Layout(**{**self.__dict__, "years": tuple(range(last, first - 1, -1))})

    @property
    def ncols(self) -> int:
        return 2 * len(self.years)

    @property
    def header_words(self) -> frozenset:
        return frozenset({"Code", "Quota", self.filled_word, "Program"})

    @property
    def last_chars(self) -> frozenset:
        """A program line ends with one of these."""
        return frozenset("0123456789-" + (UNFILLED_MARK if not self.code_list else ""))

    def program_re(self) -> re.Pattern:
        edge = "" if self.clipped_names else r"(?<![0-9A-Za-z])"
        tail = r"[\s\d*-]*" if not self.code_list else r"[\s\d-]*"
        return re.compile(rf"^(?P<name>.*?)\s*{edge}{_CODE}(?=[\s\d*-])(?P<tail>{tail})$")

    def cells_re(self) -> re.Pattern:
        """The usual shape: one space-separated token per column after the code (columns still checked by x)."""
        edge = "" if self.clipped_names else r"(?<![0-9A-Za-z])"
        return re.compile(rf"^(?P<name>.*?)\s*{edge}{_CODE}" + r"\s+(\d+|--)" * self.ncols + r"\s*$")


LAYOUTS = (
    Layout("2021 onwards",
           re.compile(r"^Program Results: Main Residency Match\S*\s+(\d{4})\s*-\s*(\d{4})\s+Appointment Years$"),
           "Program Results: Main Residency Match YYYY-YYYY Appointment Years",
           re.compile(r"^Reproduction prohibited without the written permission of the NRMP\s+Page (\d+) of (\d+)$"),
           "Reproduction prohibited without the written permission of the NRMP Page N of M",
           "Filled", code_list=True, clipped_names=False),
    Layout("2019-2020 editions",
           re.compile(r"^NRMP Program Results (\d{4})\s*-\s*(\d{4}) Main Residency Match\S*$"),
           "NRMP Program Results YYYY-YYYY Main Residency Match",
           re.compile(r"^\* Did not fill all available positions\. Reproduction prohibited without the written "
                      r"permission of the NRMP\s*Page (\d+) of (\d+)$"),
           "* Did not fill all available positions. Reproduction prohibited without the written permission of "
           "the NRMP Page N of M",
           "Matched", code_list=False, clipped_names=True),
)


def layout_of(title: str) -> Layout | None:
    """The layout whose title this is, with the years it names; None for no known layout."""
    for lay in LAYOUTS:
        m = lay.title.match(" ".join(title.split()))
        if m:
            return lay.with_years(int(m.group(1)), int(m.group(2)))
    return None
