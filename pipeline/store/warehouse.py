"""The DuckDB file ``data/processed/matchstats.duckdb``.

One view per published Parquet table, then one view per analysis: every
``pipeline/sql/<analysis>.sql`` holds one ``CREATE VIEW <analysis> AS ...``.
An analysis whose tables are absent (their report files are missing) is skipped
and reported, not failed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from pipeline.config import SQL_DIR, Paths
from pipeline.errors import MatchstatsError

DB_NAME = "matchstats.duckdb"


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
        for t in tables:
            path = (version / f"{t}.parquet").resolve()
            con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{_sql_str(path)}')")
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
        for f in pending:
            say(f"  analysis {f.stem} skipped: {_missing_table(errors.get(f.stem, ''))}")
    finally:
        con.close()
    os.replace(tmp, target)
    return created


def _sql_str(p: Path) -> str:
    return str(p).replace("'", "''")


def _missing_table(msg: str) -> str:
    m = re.search(r"Table with name (\w+) does not exist", msg)
    return f"needs table {m.group(1)}, which was not built" if m else msg


def connect(paths: Paths):
    """Read-only connection to the published database."""
    import duckdb

    db = paths.database
    if not db.exists():
        raise MatchstatsError("there is no published database yet", where=str(db),
                              todo="run `make pipeline` (or `matchstats pipeline`) first")
    return duckdb.connect(str(db), read_only=True)
