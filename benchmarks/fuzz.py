#!/usr/bin/env python3
"""Fuzz the pipeline with damaged copies of the real report files (issue #23). Not a timed test.

    .venv/bin/python benchmarks/fuzz.py [--cases 30] [--seed 1] [--mirror DIR] [--families a,b] [--keep]

Needs the real report files (MATCHSTATS_RAW_MIRROR, default ../shared/raw). A template home is
prepared once in a temporary folder: the tracked catalogue and bundled facts, the report files
copied from the mirror (`matchstats fetch --from`), and a good version published by
`matchstats pipeline --no-reports`. The runs use a copy of the code made at the start (pipeline/,
expectations/, data/reference/), so that edits to the working tree during the fuzz cannot pass for
changes of published data. Each case copies that home, damages one or two of its report
files, updates their md5 and size in the copy's data/raw/sources.yml (as a user adding a bad
download would, so that the parsers see the damage rather than the checksum refusing it), runs
`python -m pipeline pipeline --no-reports` in a subprocess against it, and classifies the run:

- **traceback**: "Traceback" in the output, or an exit by a signal or with a code other than 0-3;
- **changed published data**: the published tables differ from the good version (a table's rows,
  or the set of tables), whatever the exit code; a harmless damage (a bit flipped in a font) may
  be accepted, but only with exactly the good version's data;
- **refused**: a non-zero exit with a message; it should name the damaged file (its name or path);
- **timeout**: the run did not end within --timeout seconds.

Damage families (the ones the issue names): ``truncate`` (cut at a random point), ``bitflip``
(1-20 random bits), ``page_drop`` and ``page_dup`` (a PDF page removed, or one copied to another
place, with pypdfium2), ``line_drop`` (a line of a CSV or data.js removed), ``swap`` (two report
files of different kinds exchange their contents), ``empty`` (a 0-byte file), ``zip`` (the file
zipped, under its own name), ``wrong_edition``
(another Program Results edition copied into a catalogued slot). The same --seed gives the same
cases. Prints one line per case and the figures at the end; exits 1 when a traceback, a change to
published data, a refusal that does not name the damaged file, or a timeout was seen.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FAMILIES = ("truncate", "bitflip", "page_drop", "page_dup", "line_drop", "swap", "empty", "zip", "wrong_edition")
PDF_ONLY = {"page_drop", "page_dup"}
TEXT_ONLY = {"line_drop"}


@dataclass
class Case:
    n: int
    family: str
    targets: list[str]  # paths under data/raw/ of the damaged files
    detail: str = ""
    exit: int | None = None
    seconds: float = 0.0
    outcome: str = ""
    message: str = ""
    flags: list[str] = field(default_factory=list)


# -- the homes ----------------------------------------------------------------------------------

CODE = ROOT  # the code the runs use: a copy made at the start (snapshot_code), so that edits made to the
             # working tree while the fuzz runs do not change the published tables of later cases


def snapshot_code(base: Path) -> Path:
    """Copy the code and its data (pipeline/, expectations/, data/reference/) to ``base``/code."""
    code = base / "code"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "pipeline", code / "pipeline", ignore=ignore)
    shutil.copytree(ROOT / "expectations", code / "expectations", ignore=ignore)
    shutil.copytree(ROOT / "data" / "reference", code / "data" / "reference", ignore=ignore)
    return code


def _env(home: Path) -> dict:
    env = {**os.environ, "MATCHSTATS_HOME": str(home), "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(CODE)}
    env.pop("MATCHSTATS_RAW_MIRROR", None)
    env.pop("MATCHSTATS_FAULT", None)
    return env


def prepare_template(mirror: Path, base: Path) -> Path:
    home = base / "template"
    (home / "data" / "raw").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "raw" / "sources.yml", home / "data" / "raw")
    shutil.copytree(ROOT / "data" / "raw" / "manual", home / "data" / "raw" / "manual")
    r = subprocess.run([PY, "-m", "pipeline", "fetch", "--from", str(mirror), "--offline", "--strict"], cwd=CODE,
                       env=_env(home), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"cannot copy the report files from {mirror}:\n{r.stdout}{r.stderr}")
    r = subprocess.run([PY, "-m", "pipeline", "pipeline", "--no-reports"], cwd=CODE, env=_env(home),
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"the good version does not build:\n{r.stdout}{r.stderr}")
    return home


def catalogue(home: Path) -> list[dict]:
    return yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"]


def recatalogue(home: Path, relpath: str) -> None:
    """Update the entry of data/raw/<relpath> to the file's md5 and size (tests/helpers.recatalogue, by path)."""
    cat = home / "data" / "raw" / "sources.yml"
    doc = yaml.safe_load(cat.read_text())
    data = (home / "data" / "raw" / relpath).read_bytes()
    for s in doc["sources"]:
        if s["path"] == relpath:
            s.update(md5=hashlib.md5(data).hexdigest(), size=len(data))
    cat.write_text(yaml.safe_dump(doc, sort_keys=False))


def published(home: Path) -> dict[str, object] | None:
    """The published tables' contents (None: nothing published), compared table by table."""
    import pyarrow.parquet as pq

    processed = home / "data" / "processed"
    if not processed.exists():
        return None
    version = processed.resolve()
    out = {}
    for f in sorted(version.glob("*.parquet")):
        if f.name.endswith(".provenance.parquet"):
            continue
        out[f.stem] = pq.read_table(f)
    return out


def same(a: dict | None, b: dict | None) -> tuple[bool, str]:
    if a is None or b is None:
        return a is b, "nothing is published" if b is None else ""
    if set(a) != set(b):
        gone, new = sorted(set(a) - set(b)), sorted(set(b) - set(a))
        return False, f"tables {'gone: ' + ', '.join(gone) if gone else ''}{' new: ' + ', '.join(new) if new else ''}"
    for name in a:
        if not a[name].equals(b[name]):
            return False, f"{name}: {a[name].num_rows:,} -> {b[name].num_rows:,} rows, contents differ"
    return True, ""


# -- damage -------------------------------------------------------------------------------------

def _write(path: Path, data: bytes) -> None:
    path.chmod(0o644)
    path.write_bytes(data)


def damage(home: Path, case: Case, rng: random.Random, reports: list[dict]) -> None:
    raw = home / "data" / "raw"
    by_kind: dict[str, list[dict]] = {}
    for e in reports:
        by_kind.setdefault(e["kind"], []).append(e)
    fam = case.family
    if fam == "wrong_edition":
        editions = [e for e in reports if e["kind"] == "program_results"]
        src, dst = rng.sample(editions, 2)
        _write(raw / dst["path"], (raw / src["path"]).read_bytes())
        case.targets = [dst["path"]]
        case.detail = f"{Path(src['path']).name} copied into the slot of {dst['id']}"
        recatalogue(home, dst["path"])
        return
    if fam == "swap":
        a = rng.choice(reports)
        b = rng.choice([e for e in reports if e["kind"] != a["kind"]])
        da, db = (raw / a["path"]).read_bytes(), (raw / b["path"]).read_bytes()
        _write(raw / a["path"], db)
        _write(raw / b["path"], da)
        case.targets = [a["path"], b["path"]]
        case.detail = "contents exchanged"
        recatalogue(home, a["path"])
        recatalogue(home, b["path"])
        return
    pool = [e for e in reports if (fam not in PDF_ONLY or e["path"].endswith(".pdf"))
            and (fam not in TEXT_ONLY or not e["path"].endswith(".pdf"))]
    entry = rng.choice(pool)
    path = raw / entry["path"]
    data = path.read_bytes()
    case.targets = [entry["path"]]
    if fam == "truncate":
        cut = rng.randrange(0, max(len(data) * 95 // 100, 1))
        _write(path, data[:cut])
        case.detail = f"cut at byte {cut:,} of {len(data):,}"
    elif fam == "bitflip":
        b = bytearray(data)
        k = rng.randint(1, 20)
        for _ in range(k):
            j = rng.randrange(len(b) // 10, len(b)) if path.suffix == ".pdf" else rng.randrange(len(b))
            b[j] ^= 1 << rng.randrange(8)
        _write(path, bytes(b))
        case.detail = f"{k} bit{'s' if k > 1 else ''} flipped"
    elif fam == "empty":
        _write(path, b"")
        case.detail = "0 bytes"
    elif fam == "zip":
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(path.name, data)
        _write(path, buf.getvalue())
        case.detail = "zipped, same name"
    elif fam == "line_drop":
        lines = data.split(b"\n")
        candidates = [i for i, ln in enumerate(lines) if ln.strip()]
        i = rng.choice(candidates)
        _write(path, b"\n".join(lines[:i] + lines[i + 1:]))
        case.detail = f"line {i + 1} of {len(lines)} dropped"
    elif fam in PDF_ONLY:
        import pypdfium2 as pdfium

        tmp = path.with_name(path.name + ".fuzz")
        doc = pdfium.PdfDocument(str(path))
        try:
            pages = len(doc)
            if fam == "page_drop" and pages > 1:
                i = rng.randrange(pages)
                del doc[i]
                case.detail = f"page {i + 1} of {pages} dropped"
            else:
                i, at = rng.randrange(pages), rng.randrange(pages + 1)
                doc.import_pages(doc, [i], index=at)
                case.detail = f"page {i + 1} of {pages} copied before page {at + 1}"
            doc.save(str(tmp))
        finally:
            doc.close()
        path.chmod(0o644)
        os.replace(tmp, path)
    else:
        raise ValueError(fam)
    recatalogue(home, entry["path"])


# -- running ------------------------------------------------------------------------------------

def run_case(template: Path, base: Path, case: Case, rng: random.Random, reports: list[dict], good, timeout: float,
             keep: bool) -> None:
    home = base / f"case{case.n:03d}"
    shutil.copytree(template, home, symlinks=True)
    try:
        damage(home, case, rng, reports)
        t = time.perf_counter()
        try:
            r = subprocess.run([PY, "-m", "pipeline", "pipeline", "--no-reports"], cwd=CODE, env=_env(home),
                               capture_output=True, text=True, timeout=timeout)
            out, case.exit = r.stdout + r.stderr, r.returncode
        except subprocess.TimeoutExpired as exc:
            out, case.exit = f"{exc.stdout or ''}{exc.stderr or ''}", None
        case.seconds = time.perf_counter() - t
        ok, why = same(good, published(home))
        err = next((ln for ln in out.splitlines() if ln.startswith("Error:")), "")
        case.message = err or (out.strip().splitlines() or [""])[-1]
        if "Traceback (most recent call last)" in out or (case.exit is not None and not 0 <= case.exit <= 3):
            case.flags.append("traceback")
            case.message = "\n".join(out.strip().splitlines()[-3:])
        if not ok:
            case.flags.append("changed published data")
            case.message = f"{why} | {case.message}"
        if case.exit is None:
            case.outcome = "timeout"
            case.flags.append("timeout")
        elif case.exit == 0:
            case.outcome = "accepted" + (", data unchanged" if ok else "")
        else:
            named = any(p in out or Path(p).name in out for p in case.targets)
            case.outcome = "refused, file named" if named else "refused, file NOT named"
            if not named:
                case.flags.append("refusal not naming the file")
    finally:
        if not keep:
            shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=30, help="number of damaged runs (default 30)")
    ap.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same cases")
    ap.add_argument("--mirror", default=os.environ.get("MATCHSTATS_RAW_MIRROR", str(ROOT.parent / "shared" / "raw")))
    ap.add_argument("--families", default=",".join(FAMILIES), help=f"damage families to draw from ({', '.join(FAMILIES)})")
    ap.add_argument("--timeout", type=float, default=600, help="seconds one pipeline run may take")
    ap.add_argument("--keep", action="store_true", help="keep the temporary homes (printed) for inspection")
    args = ap.parse_args()
    mirror = Path(args.mirror).resolve()
    if not (mirror / "nrmp").is_dir():
        sys.exit(f"no report files in {mirror}: set MATCHSTATS_RAW_MIRROR or --mirror")
    families = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = [f for f in families if f not in FAMILIES]
    if unknown:
        sys.exit(f"unknown damage famil{'ies' if len(unknown) > 1 else 'y'} {', '.join(unknown)}; "
                 f"choose from {', '.join(FAMILIES)}")

    global CODE
    base = Path(tempfile.mkdtemp(prefix="matchstats-fuzz-"))
    CODE = snapshot_code(base)
    rng = random.Random(args.seed)
    cases: list[Case] = []
    t0 = time.perf_counter()
    try:
        print(f"preparing a published home from {mirror} ...", flush=True)
        template = prepare_template(mirror, base)
        reports = [e for e in catalogue(template) if not e.get("bundled")]
        good = published(template)
        print(f"good version: {len(good)} tables; {args.cases} cases, seed {args.seed}", flush=True)
        for n in range(1, args.cases + 1):
            case = Case(n, rng.choice(families), [])
            run_case(template, base, case, rng, reports, good, args.timeout, args.keep)
            cases.append(case)
            flag = f"  !! {', '.join(case.flags)}" if case.flags else ""
            print(f"#{n:<3} {case.family:<13} {', '.join(Path(p).name for p in case.targets)} ({case.detail}): "
                  f"{case.outcome}, exit {case.exit}, {case.seconds:.1f} s{flag}", flush=True)
            if case.flags:
                print(f"      {case.message[:400]}", flush=True)
    finally:
        if args.keep:
            print(f"homes kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)

    def count(pred) -> int:
        return sum(1 for c in cases if pred(c))

    print(f"\ncases: {len(cases)} ({time.perf_counter() - t0:.0f} s)")
    by_family = {f: [c for c in cases if c.family == f] for f in FAMILIES}
    print("  by family: " + ", ".join(f"{f} {len(v)}" for f, v in by_family.items() if v))
    print(f"tracebacks: {count(lambda c: 'traceback' in c.flags)}")
    print(f"runs that changed published data: {count(lambda c: 'changed published data' in c.flags)}")
    refused = count(lambda c: c.outcome.startswith("refused"))
    print(f"refusals: {refused}, naming the damaged file: {count(lambda c: c.outcome == 'refused, file named')}")
    print(f"accepted with the published data unchanged: {count(lambda c: c.outcome == 'accepted, data unchanged')}")
    print(f"timeouts: {count(lambda c: c.outcome == 'timeout')}")
    bad = [c for c in cases if c.flags]
    for c in bad:
        print(f"  #{c.n} {c.family} {', '.join(c.targets)}: {', '.join(c.flags)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
