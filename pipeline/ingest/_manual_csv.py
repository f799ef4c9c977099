"""Reading the bundled, cited fact tables in ``data/raw/manual/`` strictly."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.errors import InputError


def dictionary_key(header: list[str]) -> tuple[str, ...]:
    """The data dictionary's key that a facts file's header holds (``key:`` of pipeline/dictionary/<table>.yml).

    The longest key whose columns are all in the header: the headline facts hold
    match_summary's (match_year, applicant_type), the national positions
    positions_summary's (match_year). A header that holds two keys of the same
    length, or none, is an error: pass ``key=`` to :func:`read`.
    """
    from pipeline.store import dictionary

    keys = {s.key for s in dictionary.all_specs() if s.key and set(s.key) <= set(header)}
    if keys:
        longest = max(len(k) for k in keys)
        best = [k for k in keys if len(k) == longest]
        if len(best) == 1:
            return best[0]
    raise InputError(f"cannot tell which table's key the header {header} holds "
                     f"({'several fit: ' + str(sorted(keys)) if keys else 'none fits'})",
                     where="pipeline/ingest/_manual_csv.py",
                     todo="pass key=dictionary.spec(TABLE).key to _manual_csv.read")


def _show(v) -> str:
    return "empty" if v is None else repr(v) if isinstance(v, str) else f"{v:,}" if isinstance(v, int) else str(v)


def read(path: Path, required: list[str], ints: list[str] = (), floats: list[str] = (),
         key: tuple[str, ...] | list[str] | None = None, on_conflict=None) -> list[dict]:
    """Rows as dicts with ints/floats converted; empty numeric cells become None.

    A missing column, a non-numeric or negative value, or a duplicated row is an
    error naming the file and line.

    ``key`` is the row's key (default: the data dictionary's key that the header
    holds, :func:`dictionary_key`). Several rows may give the figures of one key
    (the same figure cited by two sources): they must agree in every figure (the
    ``ints``/``floats`` columns that are not part of the key; an empty cell gives no
    figure), and they become one row whose ``_source_line`` names every line
    ("5 and 21"). Rows of one key with different figures are an error naming the
    file, both lines and both values. A row that repeats another in every required
    column (source included) is an error too: it cites nothing new.

    ``on_conflict(key, column, (value, line), (other value, other line))``, when given, is
    called instead of raising for rows of one key with different figures; the figure is then
    left empty (disputed) and the caller decides whether the disagreement may pass (e.g. as a
    documented source discrepancy).
    """
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(f"missing column(s) {missing}; the header is {header}", where=f"{path} line 1",
                                 todo=f"the file needs the columns {required}; restore it from git if it was edited")
            key = tuple(key) if key is not None else dictionary_key(list(header))
            figures = [c for c in (*ints, *floats) if c not in key]
            rows: list[dict] = []
            by_key: dict[tuple, dict] = {}      # key -> the row kept for it
            lines: dict[tuple, list[int]] = {}  # key -> every line that gives it
            seen: dict[tuple, int] = {}         # every required column -> line
            disputed: dict[tuple, set] = {}     # key -> figures the sources disagree on (on_conflict)
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
                whole = tuple(out.get(c) for c in required)
                if whole in seen:
                    raise InputError(f"this row duplicates an earlier one (line {seen[whole]}: "
                                     f"{', '.join(map(str, whole[:2]))})",
                                     where=f"{path} line {line}", todo="remove the duplicate row")
                seen[whole] = line
                k = tuple(out.get(c) for c in key)
                kept = by_key.get(k)
                if kept is None:
                    out["_source_line"] = line
                    by_key[k] = out
                    lines[k] = [line]
                    rows.append(out)
                    continue
                first = lines[k][0]
                differ = [c for c in figures if kept[c] is not None and out[c] is not None and kept[c] != out[c]]
                if differ and on_conflict is not None:
                    for c in differ:
                        on_conflict(dict(zip(key, k)), c, (kept[c], first), (out[c], line))
                        kept[c] = None
                        disputed.setdefault(k, set()).add(c)
                    differ = []
                if differ:
                    what = ", ".join(f"{c} {_show(kept[c])} (line {first}) vs {_show(out[c])} (line {line})"
                                     for c in differ)
                    raise InputError(
                        f"lines {first} and {line} of {Path(path).name} both give "
                        f"{', '.join(f'{c}={v}' for c, v in zip(key, k))}, with different figures: {what}",
                        where=f"{path} lines {first} and {line}",
                        todo="find out which figure the sources support; correct or remove the other row (several "
                             "rows may cite one figure only if they agree), then update the file's md5 and size in "
                             "data/raw/sources.yml")
                for c in figures:  # a figure only the later row gives
                    if kept[c] is None and out[c] is not None and c not in disputed.get(k, ()):
                        kept[c] = out[c]
                lines[k].append(line)
                kept["_source_line"] = " and ".join(map(str, lines[k]))
            return rows
    except UnicodeDecodeError:
        raise InputError("the file is not UTF-8 text", where=str(path), todo="save it as UTF-8 CSV") from None
