"""The house: one folder per stage, no import circles, no upward imports, small modules.

Floors, top to bottom: cli -> run -> reports / check -> charts -> marts ->
store / validate / ingest / sources -> config / errors. A module may import its own
floor and the floors below, never a floor above. The graph is read with ``ast`` from
the source files, so the test needs nothing installed and sees lazy imports too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

FLOORS = {  # higher number = higher floor
    "config": 0, "errors": 0, "__init__": 0,
    "sources": 1, "ingest": 1, "validate": 1, "store": 1,
    "marts": 2, "charts": 3, "reports": 4, "check": 4,
    "run": 5, "cli": 6, "__main__": 6,
}
TOP_LEVEL_FILES = {"__init__.py", "__main__.py", "cli.py", "run.py", "config.py", "errors.py"}
MAX_LINES = 600


def modules(package: Path) -> dict[str, Path]:
    out = {}
    for f in package.rglob("*.py"):
        parts = f.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def imports(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the ``pipeline`` modules it imports (anywhere in the file, lazy imports included)."""
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, f in mods.items():
        is_pkg = f.name == "__init__.py"
        for node in ast.walk(ast.parse(f.read_text(), str(f))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = mod.split(".") if is_pkg else mod.split(".")[:-1]
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                names = [f"{base}.{a.name}" for a in node.names] + [base]
            else:
                continue
            for n in names:
                while n and n not in mods:
                    n = n.rpartition(".")[0]
                if n and n != mod and n != "pipeline":
                    graph[mod].add(n)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def floor(mod: str) -> int:
    part = mod.split(".")[1] if "." in mod else "__init__"
    if part not in FLOORS:
        raise AssertionError(f"{mod}: {part!r} is not a floor of the house (add it to FLOORS in this test)")
    return FLOORS[part]


def upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} -> {d}" for m, deps in graph.items() for d in deps if floor(d) > floor(m))


def test_no_import_circles():
    found = circles(imports(modules(PACKAGE)))
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_no_upward_imports():
    found = upward(imports(modules(PACKAGE)))
    assert not found, "upward imports (a lower floor imports a higher one): " + "; ".join(found)


def test_only_top_floor_files_at_the_top():
    assert {f.name for f in PACKAGE.glob("*.py")} == TOP_LEVEL_FILES


def test_no_module_is_too_long():
    long = {str(f.relative_to(PACKAGE)): n for f in PACKAGE.rglob("*.py")
            if (n := len(f.read_text().splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them by job): {long}"


def test_published_tables_are_read_only_through_the_store():
    """Nothing outside ``store`` opens a published Parquet file or a .meta.json itself."""
    offenders = []
    for mod, f in modules(PACKAGE).items():
        if mod.startswith("pipeline.store"):
            continue
        text = f.read_text()
        if "read_parquet(" in text or '.meta.json").read_text' in text:
            offenders.append(mod)
    assert not offenders, f"read published tables through pipeline.store.tables: {offenders}"


# -- the checks themselves catch what they are meant to catch ------------------------------

def _write(root: Path, files: dict[str, str]) -> Path:
    pkg = root / "pipeline"
    for name, text in files.items():
        p = pkg / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return pkg


def test_a_circle_is_found(tmp_path):
    pkg = _write(tmp_path, {"__init__.py": "", "store/__init__.py": "", "store/a.py": "from pipeline.store import b\n",
                            "store/b.py": "def f():\n    from pipeline.store.a import x\n"})
    assert circles(imports(modules(pkg))) == [["pipeline.store.a", "pipeline.store.b"]]


@pytest.mark.parametrize("source", ["from pipeline.run import run\n", "from pipeline import marts\n",
                                    "import pipeline.reports.index\n", "from ..charts import theme\n"])
def test_an_upward_import_is_found(tmp_path, source):
    pkg = _write(tmp_path, {"__init__.py": "", "run.py": "", "marts/__init__.py": "", "reports/__init__.py": "",
                            "reports/index.py": "", "charts/__init__.py": "", "charts/theme.py": "",
                            "store/__init__.py": "", "store/tables.py": source})
    found = upward(imports(modules(pkg)))
    assert found and found[0].startswith("pipeline.store.tables -> "), found
