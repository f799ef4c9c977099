"""One published table on disk: ``<table>.parquet`` (the dictionary's schema), ``<table>.meta.json``
(inputs and md5s, rows, code version, fingerprint) and ``<table>.provenance.parquet`` (row by row,
the file, page and line each row was read from).

Everything that reads a published table goes through :func:`load_table` (or :func:`read_meta`);
the run writes one with :func:`write_table`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.store import dictionary, publish


PROVENANCE = "_source_"
PROVENANCE_SUFFIX = ".provenance.parquet"


def read_meta(version: Path | None, table: str) -> dict | None:
    if version is None:
        return None
    f = version / f"{table}.meta.json"
    try:
        return json.loads(f.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def write_table(df: pd.DataFrame, version: Path, table: str, meta: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    spec = dictionary.spec(table)
    data = df[spec.column_names]
    arrow_schema = pa.schema([pa.field(c.name, dictionary.ARROW_TYPES[c.type], nullable=c.nullable)
                              for c in spec.columns],
                             metadata={b"matchstats.table": table.encode(), b"matchstats.title": spec.title.encode()})
    tbl = pa.Table.from_pandas(data, schema=arrow_schema, preserve_index=False)
    target = version / f"{table}.parquet"
    tmp = version / f".{table}.parquet.tmp"
    pq.write_table(tbl, tmp)
    tmp.replace(target)
    prov = [c for c in df.columns if str(c).startswith(PROVENANCE)]
    if prov:
        # where each row comes from (file, page, line), row-aligned; used by `matchstats validate`
        side = pd.DataFrame({c: df[c].astype("string") for c in prov})
        tmp = version / f".{table}{PROVENANCE_SUFFIX}.tmp"
        side.to_parquet(tmp, index=False)
        tmp.replace(version / f"{table}{PROVENANCE_SUFFIX}")
        meta = {**meta, "provenance": f"{table}{PROVENANCE_SUFFIX}"}
    publish.write_atomic(version / f"{table}.meta.json", json.dumps(meta, indent=2) + "\n")


def load_table(version: Path, table: str, provenance: bool = False) -> pd.DataFrame:
    """A published table with the dictionary's dtypes; with ``provenance``, plus its ``_source_*`` columns."""
    df = pd.read_parquet(version / f"{table}.parquet", dtype_backend="numpy_nullable").astype(
        {c.name: dictionary.PANDAS_TYPES[c.type] for c in dictionary.spec(table).columns})
    side = version / f"{table}{PROVENANCE_SUFFIX}"
    if provenance and side.exists():
        prov = pd.read_parquet(side)
        if len(prov) == len(df):
            df = pd.concat([df, prov], axis=1)
    return df


def table_files(version: Path, table: str) -> list[Path]:
    """The files a published table consists of."""
    return [p for p in (version / f"{table}.parquet", version / f"{table}.meta.json",
                        version / f"{table}{PROVENANCE_SUFFIX}") if p.exists()]
