"""The documentation of each analysis (mart), for ``matchstats dictionary``.

One place: ``pipeline/marts/README.md``, a ``## <mart>`` section per mart (columns, definitions,
caveats), plus the conventions at its top (percentages, small numbers, program types). A mart
without a section falls back to the header comments of its SQL file; ``tests/test_analyses.py``
checks that every mart has a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import SQL_DIR
from pipeline.marts.access import MARTS

README = SQL_DIR / "README.md"


@dataclass(frozen=True)
class MartDoc:
    name: str
    title: str
    needs: tuple[str, ...]
    text: str  # columns, definitions and caveats (Markdown as in the README)
    source: str  # where the text comes from


@lru_cache(maxsize=1)
def _sections() -> dict[str, str]:
    """README sections by heading: ``## name`` -> its text; the part before the first ``##``: ``""``."""
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    out: dict[str, str] = {}
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
    out[""] = parts[0]
    for head, body in zip(parts[1::2], parts[2::2]):
        out[head.strip().strip("`")] = body.strip()
    return out


def _sql_header(name: str) -> str:
    f = SQL_DIR / f"{name}.sql"
    if not f.exists():
        return ""
    lines = []
    for line in f.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return "\n".join(lines)


def conventions() -> str:
    """The README's conventions (percentages, small numbers, program types): what every mart shares."""
    head = _sections()[""]
    keep = head.split("Conventions:", 1)
    body = ("Conventions:" + keep[1]) if len(keep) > 1 else head
    return body.split("\n| mart |")[0].strip()


def describe(name: str) -> MartDoc:
    mart = MARTS[name]
    text = _sections().get(name)
    source = "pipeline/marts/README.md"
    if not text:
        text, source = _sql_header(name), f"pipeline/marts/{name}.sql"
    return MartDoc(name, mart.title, mart.needs, text, source)


def as_text(doc: MartDoc, indent: str = "  ") -> str:
    """For the terminal: Markdown emphasis removed, every line indented."""
    body = re.sub(r"\*\*(.+?)\*\*", r"\1", doc.text)
    lines = [f"{doc.name} (analysis): {doc.title}", f"{indent}needs: {', '.join(doc.needs)}"]
    lines += [f"{indent}{line}" if line else "" for line in body.splitlines()]
    lines.append(f"{indent}(from {doc.source}; `matchstats query \"select * from {doc.name} limit 5\"`)")
    return "\n".join(lines)
