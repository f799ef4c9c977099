"""``matchstats query``: one read-only SQL statement, with a time limit, streamed to the output.

The connection is the sandbox of :func:`pipeline.store.warehouse.connect` (read-only, no files,
settings locked, and a DuckDB memory limit of ``warehouse.MEMORY_LIMIT`` with no spilling to
disk). On top of it, :func:`run`:

- **one statement per query.** ``select 1; select 2`` is refused with a message (a temporary
  table would not outlive its statement anyway; ``WITH`` does the same in one statement).
- **a time limit** (``timeout`` seconds, default 30; 0: none): a timer thread calls DuckDB's
  ``con.interrupt()``, which stops a running query, an unbounded recursive CTE or the fetching of
  a long result alike; the user is told to narrow the query or raise ``--timeout``.
- **streamed results.** Rows are fetched ``CHUNK`` at a time and never held all at once. ``--csv``
  writes every row, chunk by chunk (any size, within the time limit). The table view shows the
  first ``limit`` rows (default 50) and counts the rest by fetching and dropping them, up to
  ``COUNT_CAP`` (1,000,000) more rows: beyond that it says "more than 1,000,000 more rows follow"
  instead of counting (counting is cheap up to there, a few tenths of a second).
- **every value formatted.** NaN and infinities, decimals, huge integers, lists, structs, maps,
  blobs, dates, intervals and NULL are shown without error; control characters (``chr(27)``,
  newlines, bidi overrides, ...) are shown escaped (``\\x1b``, ``\\n``, ``\\u202e``) in the table
  view, so that a cell cannot drive the terminal. CSV keeps the exact value (it is data; the
  ``csv`` module quotes newlines and commas), except when the standard output is a terminal,
  where it is escaped like the table.
- **output errors.** A closed output (``| head -1``) ends the command quietly (exit code 0, no
  message); any other write error (``/dev/full``: no space left) is one message (exit code 1).

Errors are :class:`MatchstatsError` (printed as one paragraph by the CLI); a closed output raises
:class:`OutputClosed`.
"""

from __future__ import annotations

import csv as _csv
import math
import os
import re
import threading
from typing import TextIO

from pipeline.errors import MatchstatsError, UsageError, shorten

DEFAULT_TIMEOUT = 30.0  # seconds
TABLE_ROWS = 50         # rows shown by the table view
CHUNK = 2048            # rows fetched at a time (the table view)
CSV_CHUNK = 20_000      # rows fetched and written at a time by --csv
COUNT_CAP = 1_000_000   # rows after the shown ones that the table view counts before it says "more than"


class OutputClosed(Exception):
    """The reader of the standard output went away (``| head -1``): end quietly."""


# -- errors ------------------------------------------------------------------------------

_REFUSED = {"COPY": "writing or reading a file (COPY)", "COPY_DATABASE": "copying a database",
            "EXPORT": "exporting the database (EXPORT DATABASE)", "ATTACH": "attaching a database",
            "DETACH": "detaching a database", "LOAD": "installing or loading an extension",
            "SET": "changing a setting", "PRAGMA": "changing a setting (PRAGMA)",
            "CREATE": "creating a table, view or secret", "DROP": "changing the published data",
            "ALTER": "changing the published data", "INSERT": "changing the published data",
            "UPDATE": "changing the published data", "DELETE": "changing the published data"}


def query_error(exc: Exception, statement: str, kind: str = "", views: set[str] | None = None) -> MatchstatsError:
    """The one-paragraph error of a failed ``matchstats query``: a refusal by the sandbox, a table or
    analysis that is not published (``views``: the relations the database has; see
    :func:`pipeline.marts.access.missing_relation`), or a bad query.

    ``statement`` is the SQL that failed (shown cut to about 200 characters), ``kind`` its DuckDB
    statement type (COPY, SET, SELECT, ...)."""
    from pipeline.store import warehouse

    detail = shorten(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    shown = shorten(statement.strip().rstrip(";").rstrip())
    if warehouse.refusal(exc):
        what = _REFUSED.get(kind, "reading a file, URL or database other than the published data")
        return MatchstatsError(
            f"refused: {what} is not allowed: {shown} ({detail}). The query command is read-only: it reads the "
            "published tables and analyses and nothing else; it writes no file, reads no other file or URL, "
            "attaches no database, installs or loads no extension and changes no setting.",
            todo="to save a result, print it as CSV and redirect it to a file: "
                 "matchstats query \"SELECT ...\" --csv > result.csv")
    if views is not None:
        from pipeline.marts.access import missing_relation

        missing = missing_relation(str(exc), views)
        if missing is not None:
            return MatchstatsError(f"{missing[0]} (query: {shown})", todo=missing[1])
    return MatchstatsError(f"the query failed: {detail} (query: {shown})",
                           todo="`matchstats tables` lists the tables and views; `matchstats dictionary TABLE` "
                                "their columns.")


def _timeout_error(timeout: float, statement: str, written: int | None) -> MatchstatsError:
    partial = (f" The CSV written so far ({written:,} row{'s' if written != 1 else ''}) is incomplete."
               if written else "")
    return MatchstatsError(
        f"the query was stopped after {_seconds(timeout)} (the time limit of matchstats query): "
        f"{shorten(statement)}.{partial}",
        todo="narrow the query (a WHERE, an aggregate, a LIMIT) or raise the limit with --timeout SECONDS "
             "(--timeout 0: no limit)")


def _memory_error(statement: str) -> MatchstatsError:
    from pipeline.store import warehouse

    limit = re.sub(r"(\d)([KMGT]i?B)$", r"\1 \2", warehouse.MEMORY_LIMIT)  # 2GB -> 2 GB
    return MatchstatsError(
        f"the query ran out of memory: it needs more than the {limit} that "
        f"matchstats query may use (query: {shorten(statement)})",
        todo="aggregate in SQL instead of joining or sorting every row (GROUP BY, a WHERE, a LIMIT); to save "
             "many rows, stream them with --csv > result.csv")


def _seconds(t: float) -> str:
    return f"{t:g} s"


# -- the SQL text ------------------------------------------------------------------------

def statement(sql: str):
    """The one DuckDB statement of ``sql``; UsageError when it is not valid UTF-8, empty or several."""
    import duckdb

    try:
        sql.encode("utf-8")
    except UnicodeEncodeError as exc:  # bytes that are not UTF-8 arrive from argv as lone surrogates
        bad = sql[exc.start]
        byte = f"0x{ord(bad) - 0xDC00:02x}" if 0xDC80 <= ord(bad) <= 0xDCFF else f"U+{ord(bad):04X}"
        raise UsageError(f"the SQL is not valid UTF-8: byte {byte} at character {exc.start + 1} "
                         f"(query: {shorten(sql.encode('utf-8', 'replace').decode('utf-8'))})",
                         todo="write the query in UTF-8 (check the terminal's or the script's encoding)") from None
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise query_error(exc, sql) from None
    if not statements:
        raise UsageError("the query is empty", todo="give a SQL query, e.g. matchstats query \"select * from "
                                                    "match_rate_headline\"")
    if len(statements) > 1:
        raise UsageError(
            f"the query holds {len(statements)} statements; matchstats query runs one statement at a time "
            f"(query: {shorten(sql)})",
            todo="run each statement as its own matchstats query; to reuse a result within one query, use "
                 "WITH name AS (SELECT ...) SELECT ... FROM name")
    return statements[0]


# -- running -----------------------------------------------------------------------------

def run(con, sql: str, out: TextIO, *, as_csv: bool = False, timeout: float = DEFAULT_TIMEOUT,
        limit: int = TABLE_ROWS, escape: bool | None = None) -> None:
    """Run ``sql`` (one statement) on ``con`` and write the result to ``out``: a table or CSV.

    ``escape``: escape control characters in CSV too (default: when ``out`` is a terminal; the table
    view always escapes them). Raises MatchstatsError (refused, failed, stopped by the time limit,
    out of memory, output not writable) or OutputClosed."""
    import duckdb

    st = statement(sql)
    text, kind = st.query, st.type.name
    if escape is None:
        escape = _isatty(out)
    stopped = threading.Event()

    def stop():
        stopped.set()
        con.interrupt()

    timer = threading.Timer(timeout, stop) if timeout and timeout > 0 else None
    written: list[int] = [0]
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        con.execute(st)
        cols = [d[0] for d in con.description] if con.description else []
        if as_csv:
            _write_csv(con, cols, out, escape, written)
        else:
            _write_table(con, cols, out, limit)
    except duckdb.InterruptException:
        if not stopped.is_set():  # Ctrl-C, not the time limit (the CLI says "Aborted!")
            raise KeyboardInterrupt from None
        raise _timeout_error(timeout, text, written[0] if as_csv else None) from None
    except duckdb.OutOfMemoryException:
        raise _memory_error(text) from None
    except duckdb.Error as exc:
        if stopped.is_set():  # an interrupt can surface as another error
            raise _timeout_error(timeout, text, written[0] if as_csv else None) from None
        raise query_error(exc, text, kind, _views(con, exc)) from None
    except MemoryError:
        raise _memory_error(text) from None
    finally:
        if timer is not None:
            timer.cancel()


def _views(con, exc: Exception) -> set[str] | None:
    """The relations of the database, when ``exc`` says one does not exist (None otherwise, or when unknown)."""
    import duckdb

    if not isinstance(exc, duckdb.CatalogException):
        return None
    try:
        from pipeline.marts.access import _views as views

        return views(con)
    except duckdb.Error:
        return None


def _fetch(con, size: int = CHUNK):
    """The result, ``size`` rows at a time."""
    while True:
        rows = con.fetchmany(size)
        if not rows:
            return
        yield rows


def _write(out: TextIO, text: str) -> None:
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        discard_stdout(out)
        raise OutputClosed() from None
    except OSError as exc:
        discard_stdout(out)
        name = getattr(out, "name", "the standard output")
        raise MatchstatsError(
            f"the result could not be written: {exc.strerror or exc} (errno {exc.errno})",
            where=name if isinstance(name, str) and name != "<stdout>" else "standard output",
            todo="free disk space, or redirect the output to another file or device") from None


def discard_stdout(out: TextIO) -> None:
    """After a write error, point ``out``'s file descriptor at /dev/null: the data still buffered go
    nowhere, so Python's flush at exit neither fails again nor prints an 'Exception ignored' note."""
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests)
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


def _isatty(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError, OSError):
        return False


class _Line:
    """A file-like target for csv.writer that keeps what one chunk writes."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, s: str) -> None:
        self.parts.append(s)


def _write_csv(con, cols, out, escape: bool, written: list[int]) -> None:
    buf = _Line()
    w = _csv.writer(buf, lineterminator="\n")
    w.writerow([escape_controls(c) if escape else c for c in cols])
    _write(out, "".join(buf.parts))
    for rows in _fetch(con, CSV_CHUNK):
        buf.parts.clear()
        w.writerows([[csv_cell(v, escape) for v in r] for r in rows])
        _write(out, "".join(buf.parts))
        written[0] += len(rows)


def _write_table(con, cols, out, limit: int) -> None:
    limit = max(int(limit), 0)
    rows: list[tuple] = []
    more, capped = 0, False
    for chunk in _fetch(con) if cols else ():
        room = limit - len(rows)
        rows += chunk[:room] if room > 0 else []
        more += max(len(chunk) - max(room, 0), 0)
        if more > COUNT_CAP:
            capped = True
            break
    text = format_rows(cols, rows)
    if more or capped:
        text = text.rsplit("\n", 1)[0]  # the "(n rows)" line, said again below with the rest
        shown = f"{len(rows):,} row{'s' if len(rows) != 1 else ''} shown"
        if capped:
            text += (f"\n({shown}; more than {COUNT_CAP:,} more rows follow, not counted: use --csv to get "
                     "them all, or count(*) to count them)")
        else:
            text += (f"\n({shown} of {len(rows) + more:,}; {more:,} more row{'s' if more != 1 else ''} follow: "
                     "use --limit N to see more, or --csv to get them all)")
    _write(out, text + "\n")


# -- formatting --------------------------------------------------------------------------

_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape_controls(text: str) -> str:
    """``text`` with every non-printable character (control characters, escape sequences, bidi
    overrides, line separators) written as an escape: ``\\x1b``, ``\\n``, ``\\u202e``. Printable
    text (accents, CJK, emoji) is kept as it is."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if c.isprintable():
            out.append(c)
        elif c in _NAMED:
            out.append(_NAMED[c])
        else:
            n = ord(c)
            out.append(f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")
    return "".join(out)


def _text(v) -> str:
    try:
        return str(v)
    except Exception:  # a value whose str() fails must not stop the output
        return f"<{type(v).__name__}>"


def format_float(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(round(v, 10)) if v != int(v) or abs(v) >= 1e15 else f"{v:.1f}"


def format_cell(v) -> str:
    """One value as the table view shows it: NULL empty, floats rounded (NaN, inf, -inf), control
    characters escaped; any other value (decimal, list, struct, blob, date, ...) as Python prints it."""
    if v is None:
        return ""
    if isinstance(v, float):
        return format_float(v)
    return escape_controls(_text(v))


def csv_cell(v, escape: bool = False):
    """One value as CSV gives it: NULL empty, the exact value otherwise (escaped on a terminal)."""
    if v is None:
        return ""
    if isinstance(v, float):
        return format_float(v) if not math.isfinite(v) else repr(v)
    if isinstance(v, (int, str)) and not escape:
        return v
    return escape_controls(_text(v)) if escape else _text(v)


def _numeric(v) -> bool:
    from decimal import Decimal

    return v is None or (isinstance(v, (int, float, Decimal)) and not isinstance(v, bool))


def format_rows(cols: list[str], rows: list[tuple], as_csv: bool = False, right: tuple[str, ...] = ()) -> str:
    """A text table (or CSV): numbers right-aligned, and the columns named in ``right``."""
    if as_csv:
        buf = _Line()
        w = _csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([[csv_cell(v) for v in r] for r in rows])
        return "".join(buf.parts).rstrip("\n")
    names = [escape_controls(str(c)) for c in cols]
    cells = [[format_cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(names)]
    numeric = [cols[i] in right or all(_numeric(r[i]) for r in rows) for i in range(len(cols))]

    def fmt(vals):
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(vals, widths, numeric)).rstrip()

    lines = [fmt(names), "  ".join("-" * w for w in widths)] + [fmt(r) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
