"""`matchstats query`, pipeline.marts and every other reader are read-only for real (issue #16),
and the published database keeps working when the project folder is copied or moved (issue #18).

Unit tests on a small published home made here: the made-up tables of tests/test_analyses.py,
published like the pipeline does (a version folder, the DuckDB database, the data/processed
symlink). Every refused statement must leave no file behind: neither in the working directory
nor anywhere in the home (the published Parquet files and database are compared byte by byte).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline import marts
from pipeline.config import paths
from pipeline.errors import ECHO_LIMIT, shorten
from pipeline.store import publish, warehouse
from tests.conftest import make_home
from tests.helpers import cli
from tests.test_analyses import ALL_TABLES

SETTINGS = ("enable_external_access", "allowed_directories", "allowed_paths", "lock_configuration",
            "autoinstall_known_extensions", "autoload_known_extensions", "disabled_filesystems", "memory_limit")


def publish_home(home: Path) -> Path:
    """Publish the made-up tables in ``home``; return the version folder."""
    p = paths(home)
    version = publish.new_version(p)
    for name, make in ALL_TABLES.items():
        make().to_parquet(version / f"{name}.parquet", index=False)
    created = warehouse.build(version, sorted(ALL_TABLES), say=lambda m: None)
    assert {"match_rate_headline", "img_share_by_specialty", "specialty_fill_trends"} <= set(created)
    publish.swap(p, version)
    return version


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every file, folder and symlink under ``folder`` (not following links), with its bytes or target."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for n in dirnames + filenames:
            f = Path(dirpath) / n
            key = str(f.relative_to(folder))
            out[key] = (f"-> {os.readlink(f)}" if f.is_symlink() else "dir" if f.is_dir() else f.read_bytes())
    return out


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("sandbox"))
    publish_home(home)
    return home


@pytest.fixture
def published(_template, tmp_path, monkeypatch):
    """A copy of the published home as MATCHSTATS_HOME, an empty working directory, and a check
    after the test that neither of them (nor the template) changed."""
    home = tmp_path / "home"
    shutil.copytree(_template, home, symlinks=True)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.setenv("MATCHSTATS_HOME", str(home))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    (tmp_path / "user").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "user"))  # DuckDB's ~/.duckdb (extensions, secrets) would go here
    monkeypatch.chdir(cwd)
    before, template = tree(home), tree(_template)
    yield home
    assert tree(home) == before, "a refused statement changed the published home"
    assert tree(_template) == template
    assert sorted(os.listdir(cwd)) == [], "a refused statement left a file in the working directory"
    assert os.listdir(tmp_path / "user") == [], "DuckDB created ~/.duckdb (extensions or secrets)"
    assert sorted(os.listdir(tmp_path)) == ["cwd", "home", "user"]


def refused_statements(home: Path, outside: Path) -> list[str]:
    """Statements the sandbox must refuse. ``outside``: a folder outside the published data."""
    version = (home / "data" / "processed").resolve()
    db = version / warehouse.DB_NAME
    (outside / "other.csv").write_text("a\n1\n")
    duckdb.connect().execute(f"COPY (SELECT 1 AS a) TO '{outside / 'other.parquet'}'")
    statements = [
        # writing files
        "COPY (SELECT 42) TO 'x.csv'",
        f"COPY match_summary TO '{outside / 'x.parquet'}' (FORMAT parquet)",
        f"COPY (SELECT 42 AS a) TO '{version / 'match_summary.parquet'}' (USE_TMP_FILE false)",  # overwrite the data
        f"COPY (SELECT 42 AS a) TO '{db}' (USE_TMP_FILE false)",
        f"COPY (SELECT 42 AS a) TO '{db}.wal' (FORMAT csv, USE_TMP_FILE false)",
        "EXPORT DATABASE 'dump'",
        f"EXPORT DATABASE '{outside / 'dump'}' (FORMAT parquet)",
        # other databases, and the published one opened read-write
        f"ATTACH '{outside / 'new.duckdb'}' AS other",
        f"ATTACH '{db}' AS again",
        f"USE memory; DETACH matchstats; ATTACH '{db}' AS rw",
        # extensions
        "INSTALL httpfs", "LOAD httpfs", "FORCE INSTALL httpfs FROM 'https://example.invalid'",
        # reading files outside the published data
        "SELECT * FROM read_csv('/etc/passwd')",
        f"SELECT * FROM read_csv('{outside / 'other.csv'}')",
        f"SELECT * FROM '{outside / 'other.csv'}'",
        f"SELECT * FROM read_parquet('{outside / 'other.parquet'}')",
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_blob('/etc/hostname')",
        f"SELECT * FROM read_text('{version.parent / '..' / '..' / 'raw' / 'sources.yml'}')",
        "SELECT * FROM glob('/*')", "SELECT * FROM glob('*')", f"SELECT * FROM glob('{outside}/*')",
        "SELECT * FROM read_csv('https://example.invalid/x.csv')",
        # secrets are files too (~/.duckdb/stored_secrets)
        "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
        # the published data cannot be changed
        "DROP VIEW match_summary", "CREATE TABLE t AS SELECT 1", "DELETE FROM stored.match_summary",
        "CREATE OR REPLACE VIEW match_summary AS SELECT 1 AS x",
    ]
    for s in SETTINGS:  # no setting of the sandbox can be changed or reset
        statements += [f"RESET {s}", f"RESET GLOBAL {s}"]
    statements += [
        "SET enable_external_access = true", "SET GLOBAL enable_external_access = true",
        "SET allowed_directories = ['/']", f"SET allowed_directories = ['{outside}']",
        "SET allowed_paths = ['/etc/passwd']", "SET lock_configuration = false",
        "SET autoinstall_known_extensions = true", "SET autoload_known_extensions = true",
        "SET disabled_filesystems = ''", "SET allowed_configs = ['enable_external_access']",
        "SET file_search_path = '/etc'", "SET temp_directory = 'spill'", "PRAGMA enable_profiling",
        "SET profiling_output = 'profile.json'", "SET log_query_path = 'log.sql'",
        "SET memory_limit = '100GB'", "SET max_memory = '100GB'", "SET temp_directory = '/tmp'",
    ]
    return statements


def test_every_reading_connection_is_sandboxed(published, tmp_path):
    """Through pipeline.marts (marts.connect, what notebooks use) each statement raises DuckDB's refusal."""
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    try:
        for sql in refused_statements(published, outside):
            con = marts.connect()
            try:
                with pytest.raises(duckdb.Error) as info:
                    con.execute(sql)
                assert warehouse.refusal(info.value), (sql, info.value)
                # the refusal changed nothing: still sandboxed
                settings = dict(con.execute("SELECT name, value FROM duckdb_settings() WHERE name IN ?",
                                            [list(SETTINGS)]).fetchall())
                assert settings["enable_external_access"] == "false" and settings["lock_configuration"] == "true"
                assert settings["allowed_directories"] == "[]"
                assert settings["autoinstall_known_extensions"] == settings["autoload_known_extensions"] == "false"
                assert settings["memory_limit"] == "1.8 GiB", settings["memory_limit"]  # warehouse.MEMORY_LIMIT
            finally:
                con.close()
        assert sorted(os.listdir(outside)) == ["other.csv", "other.parquet"]
    finally:
        shutil.rmtree(outside)


def test_query_refusals_are_one_paragraph_and_say_how_to_export(published, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    try:
        for sql in refused_statements(published, outside):
            r = cli("query", sql)
            assert r.exit_code == 1, (sql, r.output)
            out = r.output
            if len(duckdb.extract_statements(sql)) > 1:  # refused before it runs: one statement per query
                assert out.startswith("Error: the query holds 3 statements; matchstats query runs one statement "
                                      "at a time"), (sql, out)
                continue
            assert out.startswith("Error: refused: ") and "Traceback" not in out, (sql, out)
            assert "read-only" in out and "--csv > " in out, (sql, out)
            assert "\n\n" not in out.strip() and len(out.strip().splitlines()) == 2, (sql, out)
        assert sorted(os.listdir(outside)) == ["other.csv", "other.parquet"]
    finally:
        shutil.rmtree(outside)


def test_refusal_names_what_was_refused(published):
    r = cli("query", "copy (select 42) to 'x.csv'")
    assert "writing or reading a file (COPY)" in r.output and "copy (select 42) to 'x.csv'" in r.output
    assert 'matchstats query "SELECT ..." --csv > result.csv' in r.output
    r = cli("query", "install httpfs")
    assert r.exit_code == 1 and "installing or loading an extension" in r.output and ": install httpfs (" in r.output
    assert "changing a setting" in cli("query", "set enable_external_access = true").output
    assert "reading a file, URL or database" in cli("query", "select * from read_csv('/etc/passwd')").output


def test_no_network_connection_is_attempted(published):
    """INSTALL and reading a URL are refused by DuckDB itself, before anything is sent: a local server
    gets no connection (one would wait in its backlog), and no extension directory is created (the
    fixture also checks ~/.duckdb)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    statements = ["INSTALL httpfs", f"INSTALL httpfs FROM '{url}'", f"FORCE INSTALL spatial FROM '{url}/ext'",
                  "SELECT * FROM read_csv('https://example.invalid/x.csv')", f"SELECT * FROM read_csv('{url}/x.csv')",
                  f"SELECT * FROM read_parquet('{url}/x.parquet')", f"SELECT * FROM '{url}/x.json'",
                  "SELECT * FROM 's3://example-invalid/x.parquet'"]
    try:
        con = marts.connect()
        try:
            for sql in statements:
                with pytest.raises(duckdb.PermissionException):
                    con.execute(sql)
                with pytest.raises(socket.timeout):
                    server.accept()
        finally:
            con.close()
    finally:
        server.close()
    assert not (Path.home() / ".duckdb").exists()


def test_query_in_a_namespace_without_network(published):
    """With `unshare -n` (no network at all), the refusal is the sandbox's, not a network error."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        pytest.skip("unshare -n is not available here")
    for sql in ("INSTALL httpfs", "SELECT * FROM read_csv('https://example.invalid/x.csv')"):
        r = subprocess.run(["unshare", "-n", sys.executable, "-m", "pipeline.cli", "query", sql],
                           capture_output=True, text=True, timeout=60, env=dict(os.environ))
        assert r.returncode == 1 and r.stderr.startswith("Error: refused: "), r.stderr
        assert "Traceback" not in r.stderr and "Permission Error" in r.stderr


def test_every_query_and_mart_still_works(published):
    r = cli("query", "select match_rate_pct from match_summary where match_year=2025 and applicant_type='us_img'")
    assert r.exit_code == 0 and "67.8" in r.output
    r = cli("query", "select specialty_id, img_share_pct from img_share_by_specialty where match_year=2025 "
                     "and specialty_id='internal-medicine' and position_level='PGY-1'", "--csv")
    assert r.exit_code == 0 and r.output.splitlines() == ["specialty_id,img_share_pct", "internal-medicine,40.0"]
    for sql in ("describe match_summary", "show tables", "summarize rol_length", "pragma table_info('rol_length')",
                "explain select * from match_summary", "with a as (select 1 as x) select * from a",
                "select current_setting('lock_configuration') as locked",
                "pivot match_summary on applicant_type using first(match_rate_pct) group by match_year",
                "create temp table scratch as select 1 as x"):
        r = cli("query", sql)
        assert r.exit_code == 0, (sql, r.output)
    present = marts.available()
    assert len(present) >= 9
    r = cli("tables")
    assert r.exit_code == 0
    for name in list(ALL_TABLES) + present:
        assert name in r.output
    assert "stored" not in r.output
    for name in present:
        df = marts.mart(name)
        assert len(df), name


def test_reports_and_check_read_through_the_sandbox(published, monkeypatch):
    """The specialty data, the index's list of analyses and the fact-check all use warehouse.connect."""
    from pipeline.check.verdicts import Checker
    from pipeline.reports import specialty_data

    opened = []
    real = warehouse.connect

    def spy(p):
        con = real(p)
        opened.append(con.execute("SELECT current_setting('lock_configuration')").fetchone()[0])
        return con

    monkeypatch.setattr(warehouse, "connect", spy)
    data = specialty_data.load_data(paths())
    assert data.year == 2025 and "internal-medicine" in data.specialties
    checker = Checker(paths())
    assert "match_rate_headline" in checker.relations
    with pytest.raises(duckdb.Error) as info:
        checker.con.execute("COPY (SELECT 1) TO 'x.csv'")
    assert warehouse.refusal(info.value)
    checker.close()
    assert opened == [True, True]


def test_no_module_opens_duckdb_but_the_store():
    """Only warehouse.build opens DuckDB itself (a writing connection, never given user SQL)."""
    from pipeline.config import PACKAGE_DIR

    offenders = {}
    for f in PACKAGE_DIR.rglob("*.py"):
        n = f.read_text(encoding="utf-8").count("duckdb.connect(")
        if n:
            offenders[str(f.relative_to(PACKAGE_DIR))] = n
    assert offenders == {"store/warehouse.py": 2}, offenders  # build (the file) and connect (":memory:")


def test_the_published_database_holds_no_path(published):
    """The views read tables stored in the database: no view names a file."""
    db = (published / "data" / "processed" / warehouse.DB_NAME).resolve()
    con = duckdb.connect(str(db), read_only=True)
    try:
        views = dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall())
    finally:
        con.close()
    assert set(ALL_TABLES) | set(marts.available()) <= set(views)
    sqls = list(views.values())
    assert not [s for s in sqls if "read_parquet" in s or ".parquet" in s or str(published) in s]


def test_a_copied_or_moved_home_still_answers(tmp_path, monkeypatch):
    """Copy the published home elsewhere, delete the original: the CLI and marts.mart() still work."""
    original = make_home(tmp_path / "original")
    publish_home(original)
    moved = tmp_path / "elsewhere" / "moved home"
    shutil.copytree(original, moved, symlinks=True)
    shutil.rmtree(original)
    assert (moved / "data" / "processed").is_symlink()
    monkeypatch.setenv("MATCHSTATS_HOME", str(moved))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    monkeypatch.chdir(tmp_path)

    r = cli("query", "select match_rate_pct from match_summary where match_year=2025 and applicant_type='us_img'")
    assert r.exit_code == 0 and "67.8" in r.output, r.output
    r = cli("query", "select specialty_id, img_share_pct from img_share_by_specialty where match_year=2025 "
                     "and specialty_id='internal-medicine' and position_level='PGY-1'", "--csv")
    assert r.exit_code == 0 and r.output.splitlines()[1] == "internal-medicine,40.0", r.output
    r = cli("tables")
    assert r.exit_code == 0 and "program_results" in r.output
    df = marts.mart("specialty_fill_trends")
    assert len(df) and {"specialty_id", "specialty", "fill_pct"} <= set(df.columns)
    assert len(marts.mart("match_rate_headline", marts.connect(moved))) > 0
    # the copy did not read its data from anywhere else: nothing outside it is left to read
    assert sorted(os.listdir(tmp_path)) == ["elsewhere"]


def longest_x(text: str) -> int:
    import re

    return max((len(m) for m in re.findall(r"x+", text)), default=0)


def test_user_text_in_errors_is_cut(published, tmp_path):
    long = "x" * 5000
    assert shorten(long).endswith("…") and len(shorten(long)) == ECHO_LIMIT
    assert shorten("a\n\nb\tc\x1b[31m") == "a b c?[31m"
    r = cli("query", f"select '{long}' from nowhere")
    assert r.exit_code == 1 and "the query failed" in r.output and longest_x(r.output) < ECHO_LIMIT, r.output
    r = cli("query", f"copy (select '{long}') to 'x.csv'")
    assert r.exit_code == 1 and "refused" in r.output and longest_x(r.output) < ECHO_LIMIT, r.output
    assert len(r.output.splitlines()) == 2
    r = cli("report", "--specialty", "Internal " + long)
    assert r.exit_code == 1 and "unknown specialty" in r.output and longest_x(r.output) < ECHO_LIMIT, r.output
    import yaml

    claims = tmp_path / "cwd" / "claims.yml"
    for dims, stated, metric in (({"year": 2025, "applicant_type": long}, "67.8%", "match_rate_pct"),
                                 ({"year": long}, "67.8%", "match_rate_pct"),
                                 ({"year": 2025, long: 1}, "67.8%", "match_rate_pct"),
                                 ({"year": 2025}, long, "match_rate_pct"),
                                 ({"year": 2025}, "67.8%", long)):
        claims.write_text(yaml.safe_dump({"claims": [{"text": "t", "metric": metric, "dimensions": dims,
                                                      "stated": stated}]}))
        r = cli("check", str(claims))
        assert r.exit_code == 2 and 100 < longest_x(r.output) < ECHO_LIMIT, r.output
    claims.unlink()



def test_a_database_of_an_older_matchstats_says_to_rebuild(tmp_path, monkeypatch):
    """A database whose views read Parquet files by path (built before the tables were stored in it)
    cannot be read in the sandbox: the user is told to rebuild it, not shown a refusal for every query."""
    home = make_home(tmp_path / "home")
    version = publish_home(home)
    monkeypatch.setenv("MATCHSTATS_HOME", str(home))
    db = version / warehouse.DB_NAME
    db.unlink()
    con = duckdb.connect(str(db))
    con.execute(f"CREATE VIEW match_summary AS SELECT * FROM read_parquet('{version / 'match_summary.parquet'}')")
    con.close()
    r = cli("query", "select * from match_summary")
    assert r.exit_code == 1 and "older matchstats" in r.output and "matchstats pipeline --force" in r.output
    assert "Traceback" not in r.output
