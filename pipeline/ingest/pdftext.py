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


# --- pdfium, called directly: a page's characters and their boxes, fast ----------------------

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


class CharPage:
    """One page's text (for parsers that place many characters by position) (``text[i]`` is character i) and its character boxes; close() frees it."""

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
