"""Source strings checked at ingest: a label that will be published must look like a label.

A flipped bit in an AAMC CSV published the label ``Medical"Microbiology (Pathology)``, and a label
holding ``<script>`` was accepted into ``residents_by_specialty`` (issue #23). Every page escapes
what it shows, but the tables themselves (and ``matchstats query``, notebooks, CSV exports) hand
the text on, so a label that no report ever prints is refused where it is read, naming the file
and line (or page).

Two strengths:

* :func:`check_label` — specialty labels (AAMC CSVs): no control character (including DEL, line and
  paragraph separators, bidi overrides), no quote of any kind (``"``, ``'``, backtick, curly
  quotes) and no markup (``<``, ``>``), unless the specialty crosswalk knows the label as it is.
* :func:`check_printed` — names printed in NRMP's PDFs (programs, institutions, cities, specialty
  labels): they legitimately hold quotes and apostrophes ("St. Mary's", "Children's"), so only control
  characters and markup (``<``, ``>``) are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.errors import InputError, shorten

QUOTES = "\"'`\u2018\u2019\u201c\u201d\u00b4"
MARKUP = "<>"


def _control(c: str) -> bool:
    return not c.isprintable() and c != " "


def problem(text: str, *, quotes: bool = True) -> str | None:
    """What is wrong with ``text`` as a published label (None: nothing). ``quotes``: refuse quotes too."""
    for i, c in enumerate(text):
        if _control(c):
            return f"the control character U+{ord(c):04X} at character {i + 1}"
        if c in MARKUP:
            return f"the markup character {c!r} at character {i + 1}"
        if quotes and c in QUOTES:
            return f"the quote {c!r} at character {i + 1}"
    return None


def _shown(text: str) -> str:
    """The label as the message shows it: control characters escaped, cut to fit one line."""
    esc = "".join(c if not _control(c) else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
                  for c in text)
    return shorten(esc, 120)


def check_label(label: str, where: str, *, known: Callable[[str], object] | None = None,
                what: str = "specialty label") -> None:
    """Refuse a label with a control character, a quote or markup that ``known`` (e.g. the crosswalk's
    ``by_label``) does not accept as it is. ``where`` names the file and line."""
    bad = problem(label)
    if bad is None or (known is not None and known(label)):
        return
    raise InputError(
        f"the {what} '{_shown(label)}' holds {bad}; no report prints such a label and the specialty "
        "crosswalk does not know it, so it is not published",
        where=where,
        todo="the file is damaged or was edited: get it again from its source (matchstats fetch, or the "
             "download page in data/raw/sources.yml); if the label is really printed so, add it to the "
             "specialty's labels in data/reference/specialties.csv")


def check_printed(texts: Iterable[str | None], where: str, what: str = "name") -> None:
    """Refuse text read from a PDF (names of programs, institutions, cities, labels) that holds a control
    character or markup; quotes and apostrophes are allowed. ``where`` names the file, page and line."""
    for text in texts:
        if not text:
            continue
        bad = problem(text, quotes=False)
        if bad is not None:
            raise InputError(
                f"the {what} '{_shown(text)}' holds {bad}; no report prints such text, so it is not published",
                where=where,
                todo="the file is damaged or is not the NRMP report: get it again from its source "
                     "(matchstats fetch, or the download page in data/raw/sources.yml)")
