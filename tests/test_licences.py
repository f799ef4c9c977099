"""No copyleft (GPL/AGPL/LGPL) licence anywhere in the runtime dependency tree."""

from __future__ import annotations

import importlib.metadata as md
import re


def _runtime_tree(root: str = "matchstats") -> set[str]:
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            reqs = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        for r in reqs:
            if "extra ==" in r and key == "matchstats":
                continue  # dev/bench extras are not shipped at run time
            if "extra ==" in r:
                continue
            todo.append(re.split(r"[\s;<>=!~\[(]", r, maxsplit=1)[0])
    return seen


def test_runtime_dependencies_are_permissive():
    tree = _runtime_tree()
    assert {"pandas", "duckdb", "great-expectations", "altair", "pypdfium2"} <= tree
    copyleft = []
    for name in tree:
        try:
            meta = md.metadata(name)
        except md.PackageNotFoundError:
            continue
        text = " ".join([meta.get("License-Expression") or "", (meta.get("License") or "")[:200],
                         *[c for c in meta.get_all("Classifier") or [] if c.startswith("License")]])
        if re.search(r"\b(A|L)?GPL|General Public License", text):
            copyleft.append((name, text[:120]))
    assert copyleft == []
