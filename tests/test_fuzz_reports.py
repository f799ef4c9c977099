"""Damaged report files: never a traceback, never a change to data/processed/.

Each real NRMP PDF is damaged in several ways — cut short, bytes flipped (a fixed random seed),
a page dropped, a page duplicated — and parsed. The parse must either stop with an InputError
that names the file, or, where the damage leaves the data intact, give exactly the original
rows. End to end, a damaged file whose catalogue entry was updated to it (as a user adding a
bad download would) stops `matchstats pipeline` with a message and leaves data/processed/ as it
was. (Reordering a page's text is not done: pdfium rewrites content streams only as whole pages.)

Names are not compared: a flipped byte in a font's character map can turn letters into others
("Internal" -> "jnternal", seen with this seed) without touching any number, which no parser can
tell from the text. The catalogue's md5 is what refuses such a file (`matchstats fetch` and the
run check it); the end-to-end test below updates the md5 on purpose to get past that.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.errors import InputError
from tests.conftest import real_raw_dir, real_source
from tests.helpers import cli, recatalogue, snapshot

SEED = 20261201


def _parsers():
    from pipeline.ingest import _by_the_numbers, program_results, rol_length, state_specialty_results

    return {
        "nrmp_program_results_2021_2025": program_results.parse,
        "nrmp_program_results_2016_2020": program_results.parse,
        "nrmp_program_results_2015_2019": program_results.parse,
        "nrmp_state_specialty_2025": state_specialty_results.parse,
        "nrmp_rol_impact_2025": rol_length.parse,
        "nrmp_by_the_numbers_2025": lambda p: _by_the_numbers.parse(p).figures,
    }


def _damaged(src: Path, out: Path) -> list[Path]:
    import pypdfium2 as pdfium

    data = src.read_bytes()
    files = []

    def write(name: str, blob: bytes) -> None:
        p = out / f"{name}.pdf"
        p.write_bytes(blob)
        files.append(p)

    write("cut", data[: len(data) // 2])
    rng = random.Random(SEED)
    for i in range(4):
        b = bytearray(data)
        for _ in range(20):
            j = rng.randrange(len(b) // 10, len(b))
            b[j] ^= 1 << rng.randrange(8)
        write(f"flipped{i}", bytes(b))
    doc = pdfium.PdfDocument(str(src))
    try:
        if len(doc) > 1:
            del doc[len(doc) // 2]
            doc.save(str(out / "dropped.pdf"))
            files.append(out / "dropped.pdf")
    finally:
        doc.close()
    doc = pdfium.PdfDocument(str(src))
    try:
        doc.import_pages(doc, [len(doc) - 1], index=len(doc))
        doc.save(str(out / "duplicated.pdf"))
        files.append(out / "duplicated.pdf")
    finally:
        doc.close()
    return files


def _same(a, b) -> bool:
    """The same figures: every number and every key (year, program, state, specialty, group) alike."""
    if hasattr(a, "equals"):
        keep = [c for c in a.columns if c not in ("_source_line", "source_id", "printed_in")  # the file's name
                and c not in ("program_name", "institution", "city", "specialty_label", "name_key")]
        return a[keep].reset_index(drop=True).equals(b[keep].reset_index(drop=True))
    return {k: (v.current, v.previous) for k, v in a.items()} == {k: (v.current, v.previous) for k, v in b.items()}


@pytest.mark.integration
@pytest.mark.parametrize("source_id", list(_parsers()))
def test_damaged_report_is_refused_by_name_or_read_identically(tmp_path, source_id):
    parse = _parsers()[source_id]
    src = real_source(source_id)
    original = parse(src)
    for damaged in _damaged(src, tmp_path):
        try:
            got = parse(damaged)
        except InputError as exc:
            assert str(damaged) in str(exc), f"{damaged.name}: the message does not name the file: {exc}"
            continue
        assert _same(got, original), f"{damaged.name} was read without an error but gave other figures"


@pytest.mark.integration
def test_damaged_download_stops_the_pipeline_and_leaves_the_published_data(home, tmp_path):
    raw = real_raw_dir()
    assert cli("fetch", "--from", str(raw)).exit_code == 0
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    target = home / "data" / "raw" / "nrmp" / "2019" / "Program-Results-2015-2019.pdf"
    damaged = _damaged(target, tmp_path)[1]  # bytes flipped
    target.chmod(0o644)
    target.write_bytes(damaged.read_bytes())
    recatalogue(home, "nrmp_program_results_2015_2019", target)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code != 0
    assert "Traceback" not in r.output and "Program-Results-2015-2019.pdf" in r.output
    assert snapshot(home / "data" / "processed") == before


# -- benchmarks/fuzz.py: its damage and its judgement of a run ---------------------------------------

def _fuzz():
    import importlib.util

    from pipeline.config import PROJECT_DIR

    spec = importlib.util.spec_from_file_location("fuzz", PROJECT_DIR / "benchmarks" / "fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    import sys

    sys.modules["fuzz"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_fuzz_damages_a_copy_and_updates_its_catalogue_entry(tmp_path):
    import hashlib

    import yaml

    fuzz = _fuzz()
    raw = tmp_path / "data" / "raw"
    (raw / "a").mkdir(parents=True)
    files = {"a/one.csv": b"h\n1\n2\n3\n", "a/two.js": b"const DATA = {\"x\": 1};\n"}
    entries = []
    for i, (rel, data) in enumerate(files.items()):
        (raw / rel).write_bytes(data)
        entries.append({"id": f"e{i}", "kind": f"k{i}", "path": rel, "md5": "x", "size": 0})
    (raw / "sources.yml").write_text(yaml.safe_dump({"sources": entries}))
    rng = random.Random(1)
    for family in ("truncate", "bitflip", "line_drop", "empty", "zip", "swap"):
        for rel, data in files.items():
            (raw / rel).write_bytes(data)
        case = fuzz.Case(1, family, [])
        fuzz.damage(tmp_path, case, rng, entries)
        assert case.targets and case.detail
        cat = {e["path"]: e for e in yaml.safe_load((raw / "sources.yml").read_text())["sources"]}
        for rel in case.targets:
            now = (raw / rel).read_bytes()
            assert now != files[rel], (family, rel)
            assert cat[rel]["md5"] == hashlib.md5(now).hexdigest() and cat[rel]["size"] == len(now)
    a = {"t": __import__("pyarrow").table({"x": [1, 2]})}
    assert fuzz.same(a, dict(a)) == (True, "")
    assert fuzz.same(a, {"t": __import__("pyarrow").table({"x": [1]})})[0] is False
    assert fuzz.same(a, {})[0] is False and fuzz.same(a, None)[0] is False
