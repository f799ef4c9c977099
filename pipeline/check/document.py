"""The article that `matchstats check FILE` reads: plain text, Markdown or HTML (or a claims YAML, which
``pipeline.check.claims`` reads), from a file or standard input (``-``), as one text with its blocks.

A :class:`Document` holds the article text (for text and Markdown: the file as it is; for HTML: its text
content, tags removed, one block per paragraph, heading, list item or table), and a *mask* of the same
length in which markup, URLs, e-mail addresses and code are blanked out: the reading rules
(``pipeline.check.article``) read the mask, offsets point into the text. Blocks are headings, paragraphs,
list items and tables (a table's rows are lists of cell spans; row 0 is the header when a separator or
``<th>`` row says so).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from pipeline.check.html_tables import expand as _expand, span as _span
from pipeline.errors import InputError, UsageError

KINDS = ("claims", "text", "markdown", "html")
MAX_BYTES = 5_000_000
EXTENSIONS = {".yml": "claims", ".yaml": "claims", ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
              ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text"}


# between two blocks in the reader's mask: no pattern read at a figure's end runs on into the next block ("|
# Anesthesiology | 7.3% |" then "In all, 9,045 IMGs matched": not "7.3% in all")
BLOCK_GAP = "\x00"


def quote(text: str) -> str:
    """Text in quotes, its spaces (and block gaps) collapsed."""
    return "'" + " ".join(text.replace(BLOCK_GAP, " ").split()) + "'"


@dataclass
class Block:
    kind: str  # heading, paragraph, item, table
    start: int
    end: int
    level: int = 0  # heading level (1 = title); item: the indent of its marker (0 for a top-level item)
    rows: list = field(default_factory=list)  # table: rows of (start, end) cell spans
    header: bool = False  # table: row 0 is a header
    header_rows: int = 1  # table (with header): the rows at the top that are headers ("Michigan" over "IMG share")

    def column_headers(self, ci: int) -> list:
        """A table column's header cells, the one nearest the data first ("IMG share", then "Illinois")."""
        if not self.header:
            return []
        heads = [row[ci] for row in self.rows[:self.header_rows] if ci < len(row)][::-1]
        return [c for k, c in enumerate(heads) if c not in heads[:k]]


@dataclass
class Document:
    name: str  # the file name, or "stdin"
    kind: str  # text, markdown, html
    text: str
    mask: str
    blocks: list
    title: str = ""
    display: str = ""  # same length: what the HTML page shows (Markdown: markup blanked, code kept)

    @property
    def conversation(self) -> bool:
        """A chat export or a transcript: at least three paragraphs open with a time stamp or a speaker's name.
        Each message is its own speaker's: a year one message names is not certain for the next."""
        if not hasattr(self, "_conversation"):
            heads = [self.text[self._line_start(b.start):b.end] for b in self.blocks if b.kind == "paragraph"]
            self._conversation = sum(1 for h in heads if _STAMP.match(h) or
                                     _SPEAKER.match(h) and not _LABEL.match(h)) >= 3
        return self._conversation

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line(self, offset: int) -> int:
        import bisect

        if not hasattr(self, "_lines"):
            self._lines = [i for i, c in enumerate(self.text) if c == "\n"]
        return bisect.bisect_left(self._lines, offset) + 1

    @property
    def one_line_mask(self) -> str:
        """The mask with the line breaks inside a paragraph, list item or heading read as spaces ("3,108 out\nof
        4,587" is "3,108 out of 4,587"); a table's rows stay lines; the first character between two blocks is
        BLOCK_GAP. Offsets are unchanged."""
        mask = list(self.mask)
        for b in self.blocks:
            if b.kind != "table":
                for i in range(b.start, b.end):
                    if mask[i] == "\n":
                        mask[i] = " "
        for a, b in zip(self.blocks, self.blocks[1:]):
            if a.end < b.start and self.mask[a.end:b.start].isspace():
                mask[a.end] = BLOCK_GAP
        return "".join(mask)

    def shown(self, start: int, end: int) -> str:
        """What a reader sees of text[start:end]: the mask's words, spaces collapsed."""
        return " ".join(self.mask[start:end].split())

    def __post_init__(self):
        self.display = self.display or self.text

def read_input(file: str) -> tuple[str, str]:
    """(name, content) of a file, or of standard input for ``-``."""
    if file == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        name = "stdin"
    else:
        p = Path(file)
        if not p.is_file():
            raise UsageError("the file does not exist", where=file,
                             todo="give an article (.txt, .md, .html), a claims file (.yml) or - for standard input")
        data = p.read_bytes()[: MAX_BYTES + 1]
        name = p.name
    if len(data) > MAX_BYTES:
        raise InputError(f"the article is larger than {MAX_BYTES // 1_000_000} MB", where=file,
                         todo="check a shorter text (one article at a time)")
    if b"\x00" in data:  # a PDF, a Word file or UTF-16 text: no article of UTF-8 text has NUL bytes
        raise InputError("the file holds NUL bytes: binary data (a PDF, an image, a Word file) or UTF-16 text, not UTF-8 "
                         "text", where=file, todo="save the article as UTF-8 text (.txt, .md or .html); from a PDF or "
                         "Word file, export or copy its text first")
    try:
        return name, data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the article is not UTF-8 text", where=file, todo="save it as UTF-8") from None


def detect(name: str, content: str) -> str:
    """The kind of input, from the extension and then the content."""
    kind = EXTENSIONS.get(Path(name).suffix.lower())
    if kind:
        return kind
    head = content.lstrip()[:2000].lower()
    if re.match(r"<(?:!doctype html|html|head|body|article|main|section|div|p|h[1-6]|ul|ol|table)\b", head):
        return "html"
    if re.search(r"(?m)^(?:claims|title)\s*:", content[:5000]) and re.search(r"(?m)^claims\s*:", content):
        return "claims"
    if re.search(r"(?m)^#{1,6}\s|^\s*\|.*\|\s*$|\*\*\S|\]\(\S", content[:20000]):
        return "markdown"
    return "text"


def parse(name: str, content: str, kind: str) -> Document:
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if kind == "html":
        return _html(name, content)
    return _markdown(name, content, plain=(kind == "text"))


# ------------------------------------------------------------------ Markdown and plain text

URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+|[\w.+-]+@[\w-]+\.[\w.-]+")
_HEADING = re.compile(r"^( {0,3})(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# list markers: Markdown's, bullets, and the arrows and emoji posts use ("➡️ 6,653 matched", "✅ ...")
_ITEM = re.compile(r"^([ \t]*)([-*+\u2022\u25aa\u25b8\u25ba\u2192\u2794\u27a1\u2023\u2043\u2713\u2714\u2705\U0001f449\U0001f539"
                   r"\U0001f538]\ufe0f?|\d{1,3}[.)])[ \t]+")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_REFDEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_SEP_CELL = re.compile(r"^\s*:?-+:?\s*$")
_CAPS_HEADING = re.compile(r"^\s*(?=[^a-z\d]*[A-Z]{3})[A-Z][A-Z &/,'\-]{2,60}$")  # a plain text's "THE BIG PICTURE"
_STAMP = re.compile(r"^\s*\[(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4},?\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]")  # "[21:07] Mo:
# ...", "[17/03/25, 21:04] Ramesh: ..." (a WhatsApp export)
_SPEAKER = re.compile(r"^\s*(?:\[[^\]]{1,20}\]\s*)?[A-Z][\w .'\-]{0,24}:\s")  # "DEV: ...", "Ravi: ..."
_LABEL = re.compile(r"[^:]*:\s*[\d$~]")  # a label before a figure, no speaker: "Positions offered: 39,205"


def _blank(mask: list, start: int, end: int) -> None:
    for i in range(start, end):
        if mask[i] != "\n":
            mask[i] = " "


def _table_cells(line: str, offset: int) -> list:
    """The (start, end) spans of a Markdown table row's cells, trimmed of spaces."""
    bars = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    cells = []
    for a, b in zip([-1] + bars, bars + [len(line)]):
        s, e = a + 1, b
        while s < e and line[s].isspace():
            s += 1
        while e > s and line[e - 1].isspace():
            e -= 1
        cells.append((offset + s, offset + e))
    if bars and not line[: bars[0]].strip():
        cells = cells[1:]
    if bars and not line[bars[-1] + 1:].strip():
        cells = cells[:-1]
    return cells


def _prose_fences(lines: list) -> set:
    """The line numbers of the fences around a block with no language (or "text") whose lines are mostly chat
    messages ("[17/03/25, 21:04] Ramesh: ..."): a conversation pasted as it was exported, read as text."""
    out, k = set(), 0
    while k < len(lines):
        m = _FENCE.match(lines[k][1])
        if not m:
            k += 1
            continue
        end = next((j for j in range(k + 1, len(lines)) if lines[j][1].strip().startswith(m.group(1))), None)
        if end is None:
            break
        info = lines[k][1].strip()[3:].strip().lower()
        body = [x for _, x in lines[k + 1:end] if x.strip()]
        said = sum(bool(_SPEAKER.match(x) or _STAMP.match(x)) for x in body)
        if info in ("", "text", "txt", "plaintext", "chat") and said >= 3 and said >= 0.6 * len(body):
            out |= {k, end}
        k = end + 1
    return out


def _markdown(name: str, text: str, plain: bool) -> Document:
    mask = list(text)
    blocks: list[Block] = []
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    para: list = []  # (start, end) of the lines of the open paragraph or item
    para_kind = "paragraph"
    indent = 0  # the open item's indent
    table: list = []

    def flush():
        nonlocal para, table, para_kind
        if para:  # an item's level is its marker's indent: a sub-item ("  - 2025: 56.4%") is deeper than its parent
            blocks.append(Block(para_kind, para[0][0], para[-1][1], level=indent if para_kind == "item" else 0))
        if table:
            rows, header = [], False
            for k, (s, e) in enumerate(table):
                cells = _table_cells(text[s:e], s)
                if cells and all(_SEP_CELL.match(text[a:b]) for a, b in cells):
                    _blank(mask, s, e)
                    header = header or k == 1
                    continue
                rows.append(cells)
                for j in range(s, e):
                    if text[j] == "|":
                        mask[j] = " "
            blocks.append(Block("table", table[0][0], table[-1][1], rows=rows, header=header))
        para, table, para_kind = [], [], "paragraph"

    i = 0
    if not plain and text.startswith("---\n"):  # front matter
        end = text.find("\n---", 4)
        if end > 0:
            _blank(mask, 0, end + 4)
            while i < len(lines) and lines[i][0] < end + 4:
                i += 1
    in_code = False
    prose = _prose_fences(lines) if not plain else set()
    while i < len(lines):
        s, line = lines[i]
        e = s + len(line)
        i += 1
        if i - 1 in prose:  # a chat export pasted between fences: its messages are the text, not code
            flush()
            _blank(mask, s, e)
            continue
        if not plain and _FENCE.match(line):
            flush()
            in_code = not in_code
            _blank(mask, s, e)
            continue
        if in_code or (not plain and _REFDEF.match(line)):
            _blank(mask, s, e)
            continue
        if not line.strip():
            flush()
            continue
        if not plain:
            m = _HEADING.match(line)
            if m:
                flush()
                _blank(mask, s, s + m.start(3))
                _blank(mask, s + m.end(3), e)
                blocks.append(Block("heading", s + m.start(3), s + m.end(3), level=len(m.group(2))))
                continue
            if _SETEXT.match(line) and len(para) == 1 and para_kind == "paragraph" and not table:
                _blank(mask, s, e)
                blocks.append(Block("heading", para[0][0], para[0][1], level=1 if "=" in line else 2))
                para = []
                continue
            if _RULE.match(line):
                flush()
                _blank(mask, s, e)
                continue
            if line.lstrip().startswith("|") or (table and "|" in line):
                if para:
                    flush()
                table.append((s, e))
                continue
            if line.lstrip().startswith(">"):  # a quote: its lines read as any other ("> - item", ">" between)
                k = line.index(">")
                _blank(mask, s + k, s + k + 1)
                line = line[:k] + " " + line[k + 1:]
                if not line.strip():
                    flush()
                    continue
        if table:
            flush()
        m = _ITEM.match(line)
        if m:
            flush()
            _blank(mask, s + m.start(2), s + m.end(2))
            para, para_kind = [(s + m.end(), e)], "item"
            indent = len(m.group(1).expandtabs(4))
            continue
        if plain and not para and _CAPS_HEADING.match(line):  # "FAMILY MEDICINE" over its paragraph
            blocks.append(Block("heading", s + len(line) - len(line.lstrip()), s + len(line.rstrip()), level=2))
            continue
        if para and para_kind == "paragraph" and (_STAMP.match(line) or _SPEAKER.match(line) and _SPEAKER.match(
                text[para[0][0]:para[0][1]])):  # a chat export or transcript: each message is a paragraph of its own
            flush()
        para.append((s, e))
    flush()
    masked = "".join(mask)
    display = masked
    if not plain:
        display = _mask_inline(masked, code=False)
        masked = _mask_inline(masked)
    masked = URL_RE.sub(lambda m: " " * len(m.group()), masked)
    if plain:
        blocks = [_plain_heading(b, masked, i, blocks) for i, b in enumerate(blocks)]
    else:
        blocks = [_bold_heading(b, text, i, blocks) for i, b in enumerate(blocks)]
    title = next((" ".join(masked[b.start:b.end].split()) for b in blocks if b.kind == "heading"), "")
    return Document(name, "text" if plain else "markdown", text, masked, blocks, title, display=display)


def _bold_heading(b: Block, text: str, i: int, blocks: list) -> Block:
    """A one-line paragraph all in bold ("**The 2025 Match in figures**" over a list) is a heading of the lowest
    level: it heads what follows it, up to the next such line or heading."""
    raw = text[b.start:b.end].strip()
    if b.kind == "paragraph" and i + 1 < len(blocks) and \
            re.fullmatch(r"(\*\*|__)[^*_\n]{1,100}(?<!\?)\1\s*[.:]?", raw) and len(raw.split()) <= 12:  # (a question
        return Block("heading", b.start, b.end, level=6)  # is its answer's lead-in)
    return b


def _plain_heading(b: Block, mask: str, i: int, blocks: list) -> Block:
    """A one-line paragraph of at most 12 words that does not end like a sentence is a heading."""
    words = mask[b.start:b.end].split()
    if (b.kind == "paragraph" and "\n" not in mask[b.start:b.end].strip() and 0 < len(words) <= 12
            and not re.search(r"[.,;:!?)]\s*$", mask[b.start:b.end]) and i + 1 < len(blocks)
            and not (_STAMP.match(mask[b.start:b.end]) or _SPEAKER.match(mask[b.start:b.end]))):  # a chat message
        return Block("heading", b.start, b.end, level=1 if i == 0 else 2)
    return b


def _mask_inline(m: str, code: bool = True) -> str:
    """Blank Markdown's inline markup (and, with ``code``, code spans: the rules do not read them)."""
    def blank(match):
        return " " * len(match.group())

    m = re.sub(r"!\[[^\]]*\]\([^)]*\)", blank, m)  # images
    m = re.sub(r"(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)", blank, m)  # link targets
    m = re.sub(r"(?<=\])\[[^\]]*\]", blank, m)  # reference links
    m = re.sub(r"\[\^[^\]]+\]", blank, m)  # footnote markers
    m = re.sub(r"<!--.*?-->", blank, m, flags=re.S)
    m = re.sub(r"</?[A-Za-z][^<>]*>", blank, m)  # inline HTML tags
    m = re.sub(r"`[^`\n]*`", blank, m) if code else m.replace("`", " ")  # code spans
    m = re.sub(r"[\[\]]|\*+|(?<!\w)_+|_+(?!\w)|\\(?=[\\`*_{}\[\]()#+\-.!|])", blank, m)
    return m


# ------------------------------------------------------------------ HTML

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object", "canvas", "math", "select"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "dd", "dt",
          "figcaption", "caption", "pre", "address", "nav", "form", "fieldset", "details", "summary", "body", "dl",
          "ul", "ol", "figure", "hr"}
_VALUE_CLASSES = {"value", "kpi-value", "big", "num", "number", "stat-value", "figure"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _HTMLText(HTMLParser):
    """The text content of an HTML page, with one block per heading, paragraph, list item and table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.n = 0  # characters written
        self.tail = ""  # the last two characters written
        self.inked = 0  # offset after the last non-space character
        self.blocks: list[Block] = []
        self.skip = 0
        self.pre = 0
        self.cur: Block | None = None
        self.table: Block | None = None
        self.row: list | None = None
        self.cell: list | None = None
        self.spans: dict = {}  # id(row) -> (colspan, rowspan, is a <th>) of its cells
        self.title = ""
        self.in_title = False
        self.table_open: Block | None = None  # the table whose <caption> is being read

    def _write(self, s: str):
        self.out.append(s)
        self.n += len(s)
        self.tail = (self.tail + s)[-2:]
        if s.strip():
            self.inked = self.n - (len(s) - len(s.rstrip()))

    def _close(self):
        if self.cur is not None:
            if self.inked > self.cur.start:
                self.cur.end = self.inked
                self.blocks.append(self.cur)
            self.cur = None
        if self.n and self.tail != "\n\n":
            self._write("\n\n" if not self.tail.endswith("\n") else "\n")

    def _open(self, kind: str, level: int = 0):
        self._close()
        self.cur = Block(kind, self.n, self.n, level=level)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
            return
        if tag in _SKIP:
            self.skip += tag != "head"
            return
        if self.skip:
            return
        if tag == "table":
            self._close()
            self.table = Block("table", self.n, self.n)
        elif self.table is not None and tag == "caption" and not self.table.rows:
            # a table's <caption>: a paragraph just before the table (what the rules read as the table's caption)
            self.cur, self.table_open = Block("paragraph", self.n, self.n), self.table
            self.table = None
        elif self.table is not None:
            if tag == "tr" or (tag in ("td", "th") and self.row is None):
                self.row = []
                self.table.rows.append(self.row)
            if tag in ("td", "th"):
                if self.row:
                    self._write(" | ")
                self.cell = [self.n, self.n]
                a = dict(attrs)
                self.spans.setdefault(id(self.row), []).append(
                    (_span(a.get("colspan")), _span(a.get("rowspan")), tag == "th"))
                self.table.header = self.table.header or (tag == "th" and len(self.table.rows) == 1)
            elif tag == "br":
                self._write(" ")
        elif re.fullmatch(r"h[1-6]", tag) or tag == "summary":  # (a <details>' summary heads what it opens)
            self._open("heading", int(tag[1]) if tag[0] == "h" else 6)
        elif tag == "li" or tag == "dt":  # a definition list's term and its description: one item, "term: description"
            self._open("item")
        elif tag == "dd" and self.tail == ": " and self.cur is not None:
            pass
        elif tag in _BLOCK:
            self._open("paragraph")
            self.pre += tag == "pre"
        elif tag == "br":
            self._write("\n")
        elif tag == "span" and self.cur is not None and self.inked > self.cur.start and self.tail.strip()[-1:] != ":" \
                and set((dict(attrs).get("class") or "").split()) & _VALUE_CLASSES:
            self._write(": ")  # "<span class="label">Registered applicants</span> <span class="value">52,498</span>"
        elif tag == "span" and self.cur is not None and self.inked > self.cur.start and dict(attrs).get("class") and \
                re.match(r"[\d%]", "".join(self.out[-4:]).rstrip()[-1:]):  # "<span class="value">91.9%</span><span
            self._write("; ")  # class="note">1,507 filled</span>": "91.9%; 1,507 filled", not "91.9%1,507"
        elif tag == "img" and self.table is None:  # an image's text alternative is what a reader of the page gets
            alt = " ".join((dict(attrs).get("alt") or "").split())
            if alt:
                outer = self.cur.kind if self.cur is not None else None
                self._open("paragraph")
                self.handle_data(alt)
                self._close()
                if outer is not None:
                    self._open(outer)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIP:
            if tag != "head":
                self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "caption" and self.table_open is not None:
            self._close()
            self.table, self.table_open = self.table_open, None
            self.table.start = self.n
            return
        if self.table is not None:
            if tag in ("td", "th") and self.cell is not None:
                self.row.append((self.cell[0], max(self.cell[0], min(self.cell[1], self.inked))))
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self._write("\n")
                self.row = None
            elif tag == "table":
                self.end_table()
            return
        if tag == "dt" and self.cur is not None:
            self._write(": ")  # its description follows in the same item
            return
        if re.fullmatch(r"h[1-6]", tag) or tag == "li" or tag in _BLOCK:
            self.pre -= tag == "pre" and self.pre > 0
            self._close()

    def end_table(self):
        self.table.end = self.inked
        spans = [self.spans.get(id(r), []) for r in self.table.rows if r]
        self.table.rows = [r for r in self.table.rows if r]
        if any(c > 1 or w > 1 for row in spans for c, w, _ in row):
            self.table.rows = _expand(self.table.rows, spans)
        heads = next((k for k, row in enumerate(spans) if not all(th for _, _, th in row)), len(spans))
        self.table.header_rows = max(1, heads)
        self.spans = {}
        if self.table.rows:
            self.blocks.append(self.table)
        self.table = None
        self.cell = self.row = None
        self._write("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skip or (self.table is not None and self.cell is None):
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if self.tail[-1:] in (" ", "\n", "") and data.startswith(" "):
                data = data[1:]
        if not data:
            return
        if self.cur is None and self.table is None:
            if not data.strip():
                return
            self.cur = Block("paragraph", self.n, self.n)
        if self.cell is not None and self.cell[0] == self.n:
            data = data.lstrip()
        if self.cell is not None and self.cell[0] == self.n:
            self.cell[0] = self.n
        self._write(data)
        if self.cell is not None:
            self.cell[1] = self.n


def _html(name: str, content: str) -> Document:
    p = _HTMLText()
    p.feed(content)
    p.close()
    if p.table is not None:
        p.end_table()
    p._close()
    text, blocks = _cards("".join(p.out), sorted(p.blocks, key=lambda b: b.start))
    mask = URL_RE.sub(lambda m: " " * len(m.group()), text)
    title = " ".join(p.title.split()) or next((" ".join(text[b.start:b.end].split()) for b in blocks
                                               if b.kind == "heading"), "")
    return Document(name, "html", text, mask, blocks, title, display=text)


_FIGURE_ONLY = re.compile(r"[$+]?\d[\d,]*(?:\.\d+)?\s?%?")
_CARD_LABEL = re.compile(r"(?:[^\d.:;!?]|(?:19|20)\d\d|PGY-?[12])*")


def _cards(text: str, blocks: list) -> tuple[str, list]:
    """A dashboard's cards as the sentences they show: a figure alone in its element and the caption after it that
    goes on in lower case ("52,498" / "applicants registered for the 2025 Match") are one paragraph, and so are a
    short label and the figure alone after it ("Registered applicants, 2025" / "52,498": "... 2025: 52,498"). The
    line break between them becomes spaces (or ": "), so every offset stays as it was."""
    out, chars = [], list(text)
    for b in blocks:
        prev = out[-1] if out else None
        gap = text[prev.end:b.start] if prev is not None else ""
        one = prev is not None and gap.strip() == "" and len(gap) == 2 and b.kind == "paragraph"
        if one and prev.kind == "paragraph" and _FIGURE_ONLY.fullmatch(text[prev.start:prev.end]) and \
                re.match(r"[a-z]", text[b.start:b.end]):  # "52,498" then "applicants registered for ..."
            chars[prev.end:b.start] = "  "
        elif one and (prev.kind == "paragraph" or prev.kind == "heading" and prev.level >= 3) and \
                _FIGURE_ONLY.fullmatch(text[b.start:b.end]) and len(text[prev.start:prev.end]) <= 80 and \
                _CARD_LABEL.fullmatch(text[prev.start:prev.end]):  # "Registered applicants, 2025" then "52,498"
            chars[prev.end:b.start] = ": "
        else:
            out.append(b)
            continue
        out[-1] = Block("paragraph", prev.start, b.end)
    return "".join(chars), out
