"""Text and character positions from PDF files, with pypdfium2 (Apache-2.0/BSD).

pypdfium2 extracts the text layer of the largest report (206 pages) in well under a
second; pdfplumber needs about 23 s for the same words and PyMuPDF is AGPL. All PDF
parsers go through this module so that unreadable files give the same clear error.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError


@dataclass
class PageChars:
    """The text of one page and, per character, its box (PDF points, origin bottom-left)."""

    text: str
    x0: list[float]
    x1: list[float]
    y0: list[float]
    y1: list[float]


class Pdf:
    """An open PDF. Use as a context manager; pages are numbered from 1 in messages."""

    def __init__(self, path: Path, label: str | None = None):
        import pypdfium2 as pdfium

        self.path = Path(path)
        self.label = label or self.path.name
        try:
            head = self.path.read_bytes()[:5]
        except OSError as exc:
            raise InputError(f"cannot read the file ({exc.strerror})", where=str(self.path),
                             todo="check that the file exists and is readable") from None
        if head != b"%PDF-":
            raise InputError("this is not a PDF file (it does not start with %PDF-)", where=str(self.path),
                             todo="download the report again from its landing page (see data/raw/sources.yml); "
                                  "a saved web page or an error page is not the report")
        try:
            self.doc = pdfium.PdfDocument(str(self.path))
        except Exception as exc:  # pdfium raises PdfiumError with a reason
            raise InputError(f"the PDF cannot be opened ({exc}); it is probably truncated or damaged",
                             where=str(self.path),
                             todo="download the report again and check its md5 against data/raw/sources.yml") from None
        self.pages = len(self.doc)

    def __enter__(self) -> "Pdf":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.doc.close()

    def where(self, page: int, line: str | None = None) -> str:
        """Location for messages: file, 1-based page and optionally the line's text."""
        loc = f"{self.path} page {page}"
        if line is not None:
            loc += f" (line {line!r})"
        return loc

    def text(self, page: int) -> str:
        """Text of a 1-based page, lines separated by newlines."""
        try:
            tp = self.doc[page - 1].get_textpage()
            return tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        except Exception as exc:
            raise InputError(f"text of page {page} cannot be read ({exc}); the file may be damaged",
                             where=str(self.path), todo="download the report again") from None

    def chars(self, page: int) -> PageChars:
        """Every character of a 1-based page with its box. ``text[i]`` has box ``x0[i]..x1[i]``."""
        import pypdfium2.raw as raw

        try:
            tp = self.doc[page - 1].get_textpage()
        except Exception as exc:
            raise InputError(f"page {page} cannot be read ({exc}); the file may be damaged",
                             where=str(self.path), todo="download the report again") from None
        handle = tp.raw
        n = raw.FPDFText_CountChars(handle)
        text = tp.get_text_range(0, n) if n > 0 else ""
        # get_text_range can drop or add characters relative to indices; rebuild exactly
        if len(text) != n:
            text = "".join(chr(raw.FPDFText_GetUnicode(handle, i) or 32) for i in range(n))
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        x0, x1, y0, y1 = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
        box = raw.FPDFText_GetCharBox
        for i in range(n):
            box(handle, i, left, right, bottom, top)
            x0[i], x1[i], y0[i], y1[i] = left.value, right.value, bottom.value, top.value
        return PageChars(text, x0, x1, y0, y1)
