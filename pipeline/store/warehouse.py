"""The DuckDB file ``data/processed/matchstats.duckdb``.

One view per published Parquet table, then one view per analysis: every
``pipeline/marts/<analysis>.sql`` holds one ``CREATE VIEW <analysis> AS ...``.
An analysis whose tables are absent (their report files are missing) is skipped
and reported, not failed.

**Self-contained.** The database holds a copy of each published table (schema
``stored``, copied from the version's Parquet file when the database is built) and
the view ``<table>`` over it, so no view names a file: the database keeps working
when the project folder is copied or moved, and reading it needs no file access
at all. (DuckDB resolves a relative path in a view against the working directory,
not the database's folder, and an absolute one breaks when the folder moves.)

**Read-only for real.** :func:`connect` opens every reading connection — the CLI's
``query`` and ``tables``, ``pipeline.marts``, the reports and the fact-check — in a
sandbox: see its docstring. Only :func:`build` opens a writing connection, and that
one never runs user SQL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pipeline.config import SQL_DIR, Paths
from pipeline.errors import MatchstatsError

DB_NAME = "matchstats.duckdb"
STORED = "stored"  # the schema of the tables' copies; the views in main read them


def analyses() -> list[Path]:
    return sorted(SQL_DIR.glob("*.sql"))


def build(version: Path, tables: list[str], say=print) -> list[str]:
    """Create the database in ``version``; return the analyses created."""
    import duckdb

    target = version / DB_NAME
    tmp = version / f".{DB_NAME}.tmp"
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    created = []
    try:
        con.execute(f"CREATE SCHEMA {STORED}")
        for t in tables:
            path = (version / f"{t}.parquet").resolve()
            con.execute(f'CREATE TABLE {STORED}."{t}" AS SELECT * FROM read_parquet(\'{_sql_str(path)}\')')
            con.execute(f'CREATE VIEW "{t}" AS SELECT * FROM {STORED}."{t}"')
        pending = analyses()
        errors: dict[str, str] = {}
        while pending:
            progress = False
            for f in list(pending):
                sql = f.read_text(encoding="utf-8")
                try:
                    con.execute(sql)
                except duckdb.CatalogException as exc:
                    errors[f.stem] = str(exc).splitlines()[0]
                    continue
                except duckdb.Error as exc:
                    raise MatchstatsError(f"the analysis cannot be created: {exc}", where=str(f),
                                          todo="fix the SQL of this analysis") from None
                pending.remove(f)
                created.append(f.stem)
                progress = True
            if not progress:
                break
        if pending:  # one line: the summary of the run names the tables skipped and the files they need
            say(f"  {len(pending)} {'analysis' if len(pending) == 1 else 'analyses'} skipped (a table they need was not built): "
                + "; ".join(f"{f.stem} ({_missing_table(f.stem, errors)})" for f in pending))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, target)
    return created


def _sql_str(p: Path) -> str:
    return str(p).replace("'", "''")


def _missing_table(name: str, errors: dict[str, str]) -> str:
    """What a skipped analysis lacks: the table, also when it reads another analysis that was skipped."""
    seen = {name}
    msg = errors.get(name, "")
    while True:
        m = re.search(r"Table with name (\w+) does not exist", msg)
        if m is None:
            return msg
        if m.group(1) not in errors or m.group(1) in seen:
            return f"needs {m.group(1)}"
        seen.add(m.group(1))
        msg = errors[m.group(1)]


# -- reading: the sandbox -------------------------------------------------------------------

# Well below the machine's memory (DuckDB's default is 80% of RAM): a query that needs more stops with
# DuckDB's OutOfMemoryException (matchstats query says so), and with no temp_directory nothing spills to disk.
MEMORY_LIMIT = "2GB"
# Set when the private in-memory DuckDB instance starts, before anything is attached.
STARTUP_SETTINGS = {
    "autoinstall_known_extensions": False,  # a query never downloads an extension ...
    "autoload_known_extensions": False,     # ... nor loads one
    "allow_community_extensions": False,
    "temp_directory": "",                   # nothing spills to disk (the data are small)
    "memory_limit": MEMORY_LIMIT,           # locked with the rest (lock_configuration)
}
# Set once the database is attached, in this order; the last one locks every setting.
SANDBOX_SETTINGS = (
    ("allowed_directories", []),            # no exception to ...
    ("allowed_paths", []),
    ("enable_external_access", False),      # ... no file or URL: COPY, EXPORT, ATTACH, INSTALL, read_csv, ...
    ("disabled_filesystems", "LocalFileSystem"),  # not even the database's own files (see connect)
    ("lock_configuration", True),           # SET / RESET / PRAGMA of any setting is an error
)


def connect(paths: Paths, database: Path | None = None):
    """A read-only, sandboxed connection to the published database. Every reader uses it.

    ``database``: another database file instead (the run's charts of a version not yet published).

    The database file (``data/processed`` resolved to its version folder) is attached
    READ_ONLY to a private in-memory DuckDB instance, then the settings above are applied and
    locked: a query reads the published tables and analyses and nothing else. COPY ... TO,
    EXPORT DATABASE, ATTACH, INSTALL / LOAD, read_csv / read_text / glob of any file or URL
    and secrets raise ``duckdb.PermissionException``; SET / RESET of a setting and writes to
    the database raise ``duckdb.InvalidInputException`` (:func:`refusal` tells them from other
    errors). The data need no file access: the tables are stored in the database (see the
    module docstring).

    Why the local file system is disabled as well: with external access off, DuckDB still
    allows the files in ``allowed_paths`` to be *written* (``COPY ... TO '<that file>'
    (USE_TMP_FILE false)``), and it adds the attached database's own files to that list, so
    ``USE memory; DETACH matchstats; ATTACH '<the database>'`` would reopen it read-write.
    Disabling ``LocalFileSystem`` after the attach closes both; the attached database keeps
    reading through the handle it already has. A private instance per connection keeps these
    global settings from reaching, or being blocked by, any other connection in the process.
    """
    import duckdb

    db = paths.database if database is None else Path(database)
    if not db.exists():
        raise MatchstatsError("there is no published database yet", where=str(db),
                              todo="run `make pipeline` (or `matchstats pipeline`) first")
    db = db.resolve()
    con = duckdb.connect(":memory:", config=dict(STARTUP_SETTINGS))
    try:
        con.execute(f"ATTACH '{_sql_str(db)}' AS matchstats (READ_ONLY)")
        con.execute("USE matchstats")
        stored = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE database_name = 'matchstats' "
                             "AND schema_name = ?", [STORED]).fetchone()[0]
        for name, value in SANDBOX_SETTINGS:
            con.execute(f"SET {name} = {_sql_literal(value)}")
    except duckdb.Error as exc:
        con.close()
        raise MatchstatsError(f"the published database cannot be opened: {str(exc).splitlines()[0]}",
                              where=str(db), todo="run `matchstats pipeline --force` to rebuild it") from None
    if not stored:
        con.close()
        raise MatchstatsError("the published database was built by an older matchstats (its views read Parquet "
                              "files by their absolute paths)", where=str(db),
                              todo="run `matchstats pipeline --force` once to rebuild it")
    return con


def _sql_literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(f"'{_sql_str(v)}'" for v in value) + "]"
    return f"'{_sql_str(value)}'"


# What DuckDB says when the sandbox stops a statement (besides PermissionException): a locked
# setting, a write to the read-only database, or a feature of an extension it may not load.
REFUSED = ("configuration has been locked", "disabled by configuration", "disabled through configuration",
           "attached in read-only mode", "SET autoload_known_extensions")


def refusal(exc: BaseException) -> bool:
    """Whether a DuckDB error from a :func:`connect` connection is the sandbox refusing the statement."""
    import duckdb

    return isinstance(exc, duckdb.PermissionException) or (
        isinstance(exc, duckdb.Error) and any(s in str(exc) for s in REFUSED))
