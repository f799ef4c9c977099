"""Reading the bundled, cited fact tables in ``data/raw/manual/`` strictly."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.errors import InputError


def read(path: Path, required: list[str], ints: list[str] = (), floats: list[str] = ()) -> list[dict]:
    """Rows as dicts with ints/floats converted; empty numeric cells become None.

    A missing column, a non-numeric or negative value, or a duplicated row is an
    error naming the file and line.
    """
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"missing column(s) {missing}; the header is {header}", where=f"{path} line 1",
                                 todo=f"the file needs the columns {required}; restore it from git if it was edited")
            rows, seen = [], set()
            for line, row in enumerate(reader, start=2):
                if not any((v or "").strip() for v in row.values()):
                    continue
                out = dict(row)
                for col in (*ints, *floats):
                    text = (row.get(col) or "").strip().replace(",", "")
                    if text == "":
                        out[col] = None
                        continue
                    try:
                        val = int(text) if col in ints else float(text)
                    except ValueError:
                        raise InputError(f"{col} = {row.get(col)!r} is not a number", where=f"{path} line {line}",
                                         todo="correct the value (counts are whole numbers, rates like 67.8)") from None
                    if val < 0:
                        raise InputError(f"{col} = {val} is negative", where=f"{path} line {line}",
                                         todo="counts and rates cannot be negative; correct the value")
                    out[col] = val
                out["_source_line"] = line
                key = tuple(out.get(c) for c in required)
                if key in seen:
                    raise InputError(f"this row duplicates an earlier one ({', '.join(map(str, key[:2]))})",
                                     where=f"{path} line {line}", todo="remove the duplicate row")
                seen.add(key)
                rows.append(out)
            return rows
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8 text", where=str(path), todo="save it as UTF-8 CSV") from None
