"""`matchstats query` has limits and never shows a traceback (issue #23 items 3, 4 and 6).

A time limit stops any query (DuckDB's interrupt from a timer thread), results are streamed in
chunks (CSV of any size in bounded memory; the table view shows the first rows and counts the
rest), a memory limit gives an "out of memory" message, every value is formatted (NaN, infinity,
decimals, lists, structs, blobs, dates, NULL), control characters are shown escaped, one statement
per query, and output errors (/dev/full, a closed pipe, SQL that is not UTF-8) give a message or
end quietly. Runs on the small published home of tests/test_query_sandbox.py.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time

import pytest

from pipeline.config import PROJECT_DIR, paths
from pipeline.marts import query as q
from pipeline.store import warehouse
from tests.helpers import cli
from tests.test_query_sandbox import _template, published  # noqa: F401  (fixtures)

EVERY_TYPE = ("select 'nan'::double as a, 'inf'::double as b, '-inf'::float as c, 1.5::decimal(38,10) as d, "
              "[1, 2, null] as e, {'k': 1, 'l': [1.5]} as f, '\\x00\\xff'::blob as g, date '2020-01-01' as h, "
              "null as i, true as j, chr(27) || '[31mRED' as k, 'a' || chr(10) || 'b' as l, "
              "interval 3 month as m, 12345678901234567890123::hugeint as n, map {'x': 1} as o, "
              "'infinity'::timestamp as p, chr(8238) || 'txt' as r, [1, 2]::int[2] as s")


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "query", *args]


def _env(home) -> dict:
    return {**os.environ, "MATCHSTATS_HOME": str(home)}


# -- time limit --------------------------------------------------------------------------

def test_a_huge_count_stops_at_the_time_limit(published):
    t = time.monotonic()
    r = cli("query", "select count(*) from range(1000000000000)", "--timeout", "1")
    took = time.monotonic() - t
    assert r.exit_code == 1 and took < 10, (took, r.output)
    assert r.output.startswith("Error: the query was stopped after 1 s") and "--timeout SECONDS" in r.output
    assert "Traceback" not in r.output and len(r.output.strip().splitlines()) == 2


def test_an_unbounded_recursive_query_ends_by_the_time_limit(published):
    t = time.monotonic()
    r = cli("query", "with recursive r(i) as (select 1 union all select i + 1 from r) select count(*) from r",
            "--timeout", "1.5")
    assert r.exit_code == 1 and time.monotonic() - t < 10
    assert "stopped after 1.5 s" in r.output and "narrow the query" in r.output


def test_the_time_limit_also_stops_a_long_csv_and_says_it_is_incomplete(published):
    r = cli("query", "select * from range(1000000000)", "--csv", "--timeout", "1")
    assert r.exit_code == 1
    err = r.output[r.output.index("Error: "):]
    assert err.startswith("Error: the query was stopped after 1 s") and "is incomplete" in err
    assert r.output.startswith("range\n0\n1\n")  # what was written before the limit is whole rows


def test_the_default_time_limit_is_30_seconds():
    import inspect

    from pipeline.cli import query

    assert q.DEFAULT_TIMEOUT == 30
    assert inspect.signature(query).parameters["timeout"].default.default == 30


# -- streaming ---------------------------------------------------------------------------

class Recorder(io.StringIO):
    def __init__(self):
        super().__init__()
        self.writes: list[str] = []

    def write(self, s):
        self.writes.append(s)
        return super().write(s)


def test_csv_is_written_chunk_by_chunk(published, monkeypatch):
    monkeypatch.setattr(q, "CSV_CHUNK", 1000)
    out = Recorder()
    con = warehouse.connect(paths())
    try:
        q.run(con, "select range as n from range(10500)", out, as_csv=True)
    finally:
        con.close()
    assert out.getvalue().splitlines() == ["n"] + [str(i) for i in range(10500)]
    rows_per_write = [w.count("\n") for w in out.writes]
    assert rows_per_write == [1] + [1000] * 10 + [500]  # the header, then one write per fetched chunk


def _peak_rss_kb(args, home) -> int:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(home), cwd=PROJECT_DIR)
    _, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, proc.stderr.read()
    return usage.ru_maxrss


def test_a_large_csv_keeps_memory_bounded(published):
    """3 million rows fetched whole would hold ~300 MB of Python tuples; streamed they cost nothing more."""
    small = _peak_rss_kb(_cmd("select * from range(10000)", "--csv", "--timeout", "0"), published)
    large = _peak_rss_kb(_cmd("select * from range(3000000)", "--csv", "--timeout", "0"), published)
    assert large - small < 60_000, (small, large)


def test_the_table_view_shows_the_first_rows_and_counts_the_rest(published, monkeypatch):
    r = cli("query", "select * from range(1000)")
    lines = r.output.splitlines()
    assert r.exit_code == 0 and lines[0].strip() == "range" and lines[2].strip() == "0" and lines[51].strip() == "49"
    assert lines[52] == ("(50 rows shown of 1,000; 950 more rows follow: use --limit N to see more, "
                         "or --csv to get them all)") and len(lines) == 53
    r = cli("query", "select * from range(7)", "--limit", "5")
    assert r.output.splitlines()[-1].startswith("(5 rows shown of 7; 2 more rows follow")
    r = cli("query", "select * from range(7)", "--limit", "7")
    assert r.output.splitlines()[-1] == "(7 rows)"
    monkeypatch.setattr(q, "COUNT_CAP", 3000)
    r = cli("query", "select * from range(1000000000)")
    assert r.exit_code == 0
    assert r.output.splitlines()[-1].startswith("(50 rows shown; more than 3,000 more rows follow, not counted")


# -- memory limit ------------------------------------------------------------------------

def test_the_sandbox_has_a_memory_limit_well_below_the_machine():
    assert warehouse.STARTUP_SETTINGS["memory_limit"] == warehouse.MEMORY_LIMIT == "2GB"
    assert warehouse.STARTUP_SETTINGS["temp_directory"] == ""  # nothing spills to disk


def test_out_of_memory_is_a_message(published, monkeypatch):
    monkeypatch.setattr(warehouse, "MEMORY_LIMIT", "64MB")
    monkeypatch.setitem(warehouse.STARTUP_SETTINGS, "memory_limit", "64MB")
    r = cli("query", "select a.range as x, b.range as y from range(20000) a, range(1000) b order by x desc, y")
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    assert r.output.startswith("Error: the query ran out of memory: it needs more than the 64 MB")
    assert "GROUP BY" in r.output and len(r.output.strip().splitlines()) == 2


# -- every value, escaped ----------------------------------------------------------------

def test_every_value_is_formatted_and_control_characters_escaped(published):
    r = cli("query", EVERY_TYPE)
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\u202e" not in r.output
    row = r.output.splitlines()[2]
    for shown in ("NaN", "inf", "-inf", "1.5000000000", "[1, 2, None]", "b'\\x00\\xff'", "2020-01-01",
                  "\\x1b[31mRED", "a\\nb", "\\u202etxt", "12345678901234567890123", "(1, 2)"):
        assert shown in row, (shown, row)
    assert len(r.output.splitlines()) == 4  # the newline in a cell does not break the table
    r = cli("query", "select program_code, filled::double / (quota - filled) as ratio from program_results")
    assert r.exit_code == 0 and "inf" in r.output, r.output


def test_csv_keeps_exact_values_and_escapes_them_on_a_terminal(published):
    r = cli("query", "select chr(27) || '[31mRED' as k, 'a' || chr(10) || 'b' as l, 'nan'::double as f", "--csv")
    assert r.exit_code == 0 and r.output == 'k,l,f\n\x1b[31mRED,"a\nb",NaN\n'

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    con = warehouse.connect(paths())
    try:
        q.run(con, "select chr(27) || '[31mRED' as k, 'a' || chr(10) || 'b' as l", out, as_csv=True)
    finally:
        con.close()
    assert out.getvalue() == "k,l\n\\x1b[31mRED,a\\nb\n"


def test_format_cell_handles_every_python_value():
    from datetime import date
    from decimal import Decimal

    class Bad:
        def __str__(self):
            raise ValueError("no")

    assert [q.format_cell(v) for v in (float("nan"), float("inf"), -float("inf"), 2.0, 0.1, 1e300)] == \
        ["NaN", "inf", "-inf", "2.0", "0.1", "1e+300"]
    assert q.format_cell(Decimal("1.50")) == "1.50" and q.format_cell(date(2020, 1, 2)) == "2020-01-02"
    assert q.format_cell(None) == "" and q.format_cell(Bad()) == "<Bad>"
    assert q.format_cell("tab\there\x7f\u2028") == "tab\\there\\x7f\\u2028"
    assert q.format_cell("Médecine 内科 🙂") == "Médecine 内科 🙂"


# -- the SQL text and the output ----------------------------------------------------------

def test_one_statement_per_query(published):
    r = cli("query", "select 1; select 2")
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert r.output.startswith("Error: the query holds 2 statements; matchstats query runs one statement at a time")
    assert "WITH name AS" in r.output
    assert cli("query", "select 1;").exit_code == 0  # a trailing semicolon is one statement


def test_sql_that_is_not_utf8_is_a_message(published):
    r = subprocess.run([os.fsencode(a) for a in _cmd("x")][:-1] + [b"select '\xff\xfe'"], capture_output=True,
                       env=_env(published), cwd=PROJECT_DIR, timeout=60)
    err = r.stderr.decode()
    assert r.returncode == 1 and "Traceback" not in err and r.stdout == b""
    assert err.startswith("Error: the SQL is not valid UTF-8: byte 0xff at character 9"), err


@pytest.mark.parametrize("as_csv", [False, True])
def test_output_to_a_full_device_is_one_message(published, as_csv):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        r = subprocess.run(_cmd("select * from range(100)", *(["--csv"] if as_csv else [])), stdout=full,
                           stderr=subprocess.PIPE, text=True, env=_env(published), cwd=PROJECT_DIR, timeout=60)
    assert r.returncode == 1
    assert r.stderr == ("Error: standard output: the result could not be written: No space left on device "
                        "(errno 28)\nWhat to do: free disk space, or redirect the output to another file or device\n")


def test_a_closed_output_ends_quietly(published):
    proc = subprocess.Popen(_cmd("select * from range(10000000)", "--csv", "--timeout", "0"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env(published), cwd=PROJECT_DIR)
    assert proc.stdout.readline() == b"range\n"
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0 and err == b""


def test_a_table_that_is_not_published_says_what_is_missing(tmp_path, monkeypatch):
    """On a home without the report files, naming an unbuilt table gives access.missing_relation's message."""
    from pipeline.run import run
    from tests.conftest import make_home

    home = make_home(tmp_path / "home")
    monkeypatch.setenv("MATCHSTATS_HOME", str(home))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    run(paths(home), say=lambda m: None, reports=False)  # the bundled facts only
    r = cli("query", "select count(*) from program_results")
    assert r.exit_code == 1 and r.output.startswith("Error: the table program_results is not in the published data")
    assert "Program-Results-2015-2019.pdf" in r.output and "Catalog Error" not in r.output
    r = cli("query", "select * from match_sumary")  # a typo: DuckDB's own words
    assert r.exit_code == 1 and r.output.startswith("Error: the query failed: Catalog Error")
