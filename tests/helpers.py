"""Small helpers shared by the CLI tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def cli(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def set_catalogue_entry(home: Path, source_id: str, **fields) -> None:
    cat = home / "data" / "raw" / "sources.yml"
    doc = yaml.safe_load(cat.read_text())
    for s in doc["sources"]:
        if s["id"] == source_id:
            s.update(fields)
    cat.write_text(yaml.safe_dump(doc, sort_keys=False))


def recatalogue(home: Path, source_id: str, file: Path) -> None:
    """Update a catalogue entry's md5 and size to a (deliberately edited) file, like a user would."""
    data = file.read_bytes()
    set_catalogue_entry(home, source_id, md5=hashlib.md5(data).hexdigest(), size=len(data))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (following the processed symlink) with its bytes."""
    root = folder.resolve()
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
