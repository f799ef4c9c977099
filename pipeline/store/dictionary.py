"""The data dictionary: one YAML file per published table in ``pipeline/dictionary/``.

Each file gives the table's title, description, sources, key, caveats and, per
column, its type (int, float, string), whether it may be null, its unit and its
meaning. The runner uses it to give every table its exact schema (column order
and dtypes) and refuses a frame that does not fit; the docs are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from pipeline.config import DICTIONARY_DIR
from pipeline.errors import InputError, require_fields

PANDAS_TYPES = {"int": "Int64", "float": "Float64", "string": "string"}
ARROW_TYPES = {"int": "int64", "float": "double", "string": "string"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str
    unit: str | None = None
    values: tuple | None = None  # allowed values, where the set is closed


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    caveats: str | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _parse(name: str, doc: dict) -> TableSpec:
    where = str(DICTIONARY_DIR / f"{name}.yml")
    cols = []
    for c in doc.get("columns") or []:
        if c.get("type") not in PANDAS_TYPES:
            raise InputError(f"column {c.get('name')!r} has type {c.get('type')!r}; use one of {sorted(PANDAS_TYPES)}",
                             where=where, todo="fix the data dictionary")
        cols.append(Column(name=c["name"], type=c["type"], nullable=bool(c.get("nullable", False)),
                           description=str(c.get("description", "")).strip(), unit=c.get("unit"),
                           values=tuple(c["values"]) if c.get("values") else None))
    if not cols:
        raise InputError("the table has no columns", where=where, todo="list its columns")
    return TableSpec(name=name, title=str(doc.get("title", name)), description=str(doc.get("description", "")).strip(),
                     key=tuple(doc.get("key") or ()), columns=tuple(cols),
                     caveats=(str(doc["caveats"]).strip() if doc.get("caveats") else None))


@lru_cache(maxsize=None)
def spec(name: str) -> TableSpec:
    import yaml

    path = DICTIONARY_DIR / f"{name}.yml"
    if not path.exists():
        raise InputError(f"table {name!r} has no data-dictionary entry", where=str(path),
                         todo="describe the table and its columns in pipeline/dictionary/<table>.yml")
    return _parse(name, yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def all_specs() -> list[TableSpec]:
    return [spec(p.stem) for p in sorted(DICTIONARY_DIR.glob("*.yml"))]


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with exactly the dictionary's columns, order and dtypes.

    Provenance columns (``_source_*``) are kept at the end. Missing or unexpected
    columns, nulls in non-nullable columns and values that do not convert exactly
    are errors: nothing is rounded or coerced silently.
    """
    s = spec(name)
    where = f"table {name}"
    data_cols = [c for c in df.columns if not str(c).startswith("_source_")]
    require_fields(data_cols, s.column_names, exact=True, where=where,
                   what=lambda missing, extra: f"columns differ from the data dictionary: missing {missing}, "
                                               f"unexpected {extra}",
                   todo=f"make the builder return exactly the columns of pipeline/dictionary/{name}.yml")
    out = {}
    for col in s.columns:
        series = df[col.name]
        try:
            if col.type == "int":
                num = pd.to_numeric(series, errors="raise")
                if pd.api.types.is_float_dtype(num.dtype) and ((num.dropna() % 1) != 0).any():
                    raise ValueError("non-integer values")
                series = num.astype("Int64")
            elif col.type == "float":
                series = pd.to_numeric(series, errors="raise").astype("Float64")
            else:
                series = series.astype("string")
        except (ValueError, TypeError) as exc:
            raise InputError(f"column {col.name!r} cannot be read as {col.type} ({exc})", where=where,
                             todo="check the parser for this table") from None
        if not col.nullable and series.isna().any():
            bad = int(series.isna().sum())
            raise InputError(f"column {col.name!r} has {bad} empty values but may not be null", where=where,
                             todo="check the source rows that the parser could not fill")
        out[col.name] = series.reset_index(drop=True)
    result = pd.DataFrame(out)
    for c in df.columns:
        if str(c).startswith("_source_"):
            result[c] = df[c].reset_index(drop=True)
    check_key(name, result)
    return result


PROVENANCE = ("_source_file", "_source_page", "_source_line")


def _where(row: dict) -> str:
    """Where a row was read, from its provenance columns: 'file.pdf page 12, line "..."'."""
    from pathlib import Path

    parts = []
    f, page, line = (row.get(c) for c in PROVENANCE)
    if not _blank(f):
        parts.append(Path(str(f)).name)
    if not _blank(page):
        parts.append(f"page {page}")
    if not _blank(line):
        text = str(line)
        parts.append(text if text.startswith(("line", "page")) else f"line {text}" if text.isdigit()
                     else f"line {text!r}")
    return " ".join(parts) if parts else "(no provenance)"


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))


def check_key(name: str, df: pd.DataFrame, limit: int = 5) -> None:
    """A second row with the data dictionary's key of an earlier one is an error.

    The message names, for each repeated key (up to ``limit``), where both rows were
    read (the provenance columns ``_source_file``/``_source_page``/``_source_line``)
    and the values that differ, or says that they are identical: a published table
    has one row per key, and nothing decides silently which of two figures is kept.
    Rows with an empty key column are not compared (a key that the source does not
    print, such as a clipped position level, is checked elsewhere).
    """
    key = list(spec(name).key)
    if not key or any(k not in df.columns for k in key):
        return
    full = df[df[key].notna().all(axis=1)]
    dup = full[full.duplicated(key, keep=False)]
    if dup.empty:
        return
    data_cols = [c for c in spec(name).column_names if c not in key]
    groups = list(dup.groupby(key, sort=False, dropna=False))
    lines = []
    for k, rows in groups[:limit]:
        k = k if isinstance(k, tuple) else (k,)
        recs = rows.to_dict("records")
        first = recs[0]
        for other in recs[1:]:
            differ = [c for c in data_cols if not _same(first.get(c), other.get(c))]
            what = ("; ".join(f"{c} {_fmt(first.get(c))} vs {_fmt(other.get(c))}" for c in differ)
                    if differ else "identical values")
            lines.append(f"{', '.join(f'{c}={v}' for c, v in zip(key, k))}: {_where(first)} and {_where(other)} "
                         f"({what})")
    more = f"; ... and {len(groups) - limit} more keys" if len(groups) > limit else ""
    first_file = dup["_source_file"].dropna().iloc[0] if "_source_file" in dup.columns and \
        dup["_source_file"].notna().any() else None
    raise InputError(
        f"{len(groups)} key(s) ({', '.join(key)}) appear more than once: " + "; ".join(lines) + more,
        where=str(first_file) if first_file is not None else f"table {name}",
        todo="each key may have one row: find out which row the source supports and fix the parser or the "
             "file (two sources of one figure must agree and are merged before this point)")


def _same(a, b) -> bool:
    if _blank(a) and _blank(b):
        return True
    if _blank(a) or _blank(b):
        return False
    return a == b


def _fmt(v) -> str:
    if _blank(v):
        return "empty"
    if isinstance(v, str):
        return repr(v)
    try:
        return f"{int(v):,}" if int(v) == v and not isinstance(v, float) else str(v)
    except (TypeError, ValueError):
        return str(v)


def check_schema(name: str, df: pd.DataFrame) -> list[str]:
    """Differences between a loaded table and the dictionary (for tests and `validate`)."""
    s = spec(name)
    problems = []
    if list(df.columns) != s.column_names:
        problems.append(f"columns {list(df.columns)} != dictionary {s.column_names}")
    for col in s.columns:
        if col.name in df.columns and str(df[col.name].dtype) != PANDAS_TYPES[col.type]:
            problems.append(f"{col.name}: dtype {df[col.name].dtype} != {PANDAS_TYPES[col.type]}")
    return problems
