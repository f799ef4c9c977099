#!/usr/bin/env python3
"""Benchmarks: speed and memory of every pipeline stage, and how cost grows with data.

    make bench                     # or: .venv/bin/python benchmarks/run.py [--skip-pdfplumber] [--scales 10,100]

Needs the real report files (MATCHSTATS_RAW_MIRROR, default ../shared/raw). Prints a
table and writes the same as JSON to benchmarks/results/<timestamp>.json so that two
runs can be compared. Measures, on this machine and in this run:

- a cold pipeline run (empty data/processed/) and a no-op rerun: wall time and
  high-water RSS at the end of each stage, and in total;
- the start-up time of the CLI (`matchstats --help`);
- the PDF engine: pypdfium2 (used) vs pdfplumber's extract_words on the Program
  Results report (206 pages);
- the DuckDB analyses over program_results generated at 1x, 10x and 100x the real size.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PY = sys.executable

CHILD = r"""
import json, re, resource, sys, time
from pipeline.config import paths, skip_slow_optional_imports
skip_slow_optional_imports()
from pipeline.run import run

def hwm():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) // 1024
    return 0

stages, last = [], time.perf_counter()
t0 = last
def say(msg):
    global last
    now = time.perf_counter()
    m = re.match(r"\[(\w+)\]\s*(.*)", msg)
    if m:
        stages.append({"stage": m.group(1), "what": m.group(2)[:70], "seconds": round(now - last, 3), "rss_mb": hwm()})
        last = now
run(paths(), say=say, reports=%(reports)s)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024  # validation worker, chart export
print("BENCH" + json.dumps({"stages": stages, "total_s": round(time.perf_counter() - t0, 3), "peak_rss_mb": hwm(),
                            "peak_rss_children_mb": children}))
"""


def child_run(home: Path, reports: bool = True) -> dict:
    env = {**os.environ, "MATCHSTATS_HOME": str(home)}
    t = time.perf_counter()
    out = subprocess.run([PY, "-c", CHILD % {"reports": reports}], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        sys.exit(f"pipeline run failed:\n{out.stdout}\n{out.stderr}")
    line = next(l for l in out.stdout.splitlines() if l.startswith("BENCH"))
    res = json.loads(line[5:])
    res["wall_s"] = round(wall, 3)
    return res


def cli_startup(n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([PY, "-m", "pipeline", "--help"], cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    return round(min(times), 3)


def pdf_engines(pdf: Path, with_pdfplumber: bool) -> dict:
    from pipeline.ingest import program_results  # the real parser, end to end
    from pipeline.ingest.pdftext import Pdf

    res = {}
    t = time.perf_counter()
    with Pdf(pdf) as p:
        for i in range(1, p.pages + 1):
            p.text(i)
    res["pypdfium2_text_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    df = program_results.parse(pdf) if hasattr(program_results, "parse") else None
    res["program_results_parse_s"] = round(time.perf_counter() - t, 3) if df is not None else None
    if with_pdfplumber:
        try:
            import pdfplumber
        except ImportError:
            res["pdfplumber_extract_words_s"] = None
            res["note"] = "pdfplumber not installed (pip install pdfplumber)"
        else:
            t = time.perf_counter()
            with pdfplumber.open(pdf) as doc:
                for page in doc.pages:
                    page.extract_words()
            res["pdfplumber_extract_words_s"] = round(time.perf_counter() - t, 3)
    return res


def scale(version: Path, factors: list[int]) -> list[dict]:
    """Run the program-level analyses over program_results replicated to larger sizes."""
    import duckdb

    base = version / "program_results.parquet"
    if not base.exists():
        return []
    sql_dir = ROOT / "pipeline" / "marts"
    # in the order they read each other: specialty_fill_trends sums specialty_fill_by_program_type
    marts = ["specialty_fill_by_program_type", "specialty_fill_trends", "unfilled_programs", "program_history"]
    missing = [m for m in marts if not (sql_dir / f"{m}.sql").exists()]
    if missing:
        sys.exit(f"benchmark: no SQL file for {', '.join(missing)} in {sql_dir}")
    out = []
    for f in factors:
        con = duckdb.connect()
        # replicate: each copy shifts the appointment years back by 5 and renames program codes
        con.execute(f"""
            create table program_results as
            select r.* replace (match_year - 5 * k as match_year, program_code || '-' || k as program_code)
            from read_parquet('{base}') r, range({f}) t(k)""")
        rows = con.execute("select count(*) from program_results").fetchone()[0]
        t = time.perf_counter()
        for m in marts:
            con.execute((sql_dir / f"{m}.sql").read_text())
            con.execute(f"select count(*) from {m}").fetchone()
            con.execute(f"create table _m_{m} as select * from {m}")
        secs = time.perf_counter() - t
        mem = con.execute("select sum(memory_usage_bytes) from duckdb_memory()").fetchone()[0] or 0
        out.append({"factor": f, "rows": rows, "marts": marts, "seconds": round(secs, 3),
                    "duckdb_memory_mb": round(mem / 2**20, 1), "us_per_row": round(secs / rows * 1e6, 3)})
        con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror", default=os.environ.get("MATCHSTATS_RAW_MIRROR", str(ROOT.parent / "shared" / "raw")))
    ap.add_argument("--skip-pdfplumber", action="store_true", help="skip the slow pdfplumber comparison")
    ap.add_argument("--scales", default="1,10,100", help="program_results size factors for the DuckDB analyses")
    args = ap.parse_args()
    mirror = Path(args.mirror).resolve()
    if not (mirror / "nrmp").is_dir():
        sys.exit(f"no report files in {mirror}: set MATCHSTATS_RAW_MIRROR or --mirror")

    home = Path(tempfile.mkdtemp(prefix="matchstats-bench-"))
    try:
        (home / "data" / "raw").mkdir(parents=True)
        shutil.copy(ROOT / "data" / "raw" / "sources.yml", home / "data" / "raw")
        shutil.copytree(ROOT / "data" / "raw" / "manual", home / "data" / "raw" / "manual")
        subprocess.run([PY, "-m", "pipeline", "fetch", "--from", str(mirror), "--offline"], cwd=ROOT,
                       env={**os.environ, "MATCHSTATS_HOME": str(home)}, check=True, capture_output=True)
        print("cold run ...", flush=True)
        cold = child_run(home)
        print("no-op rerun ...", flush=True)
        noop = child_run(home)
        startup = cli_startup()
        pdf = home / "data" / "raw" / "nrmp" / "2025" / "Main_Match_Program_Results_2021-2025.pdf"
        print("PDF engines ...", flush=True)
        engines = pdf_engines(pdf, not args.skip_pdfplumber)
        print("scaling ...", flush=True)
        scaling = scale((home / "data" / "processed").resolve(), [int(x) for x in args.scales.split(",")])
    finally:
        shutil.rmtree(home, ignore_errors=True)

    result = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "python": sys.version.split()[0],
              "cpus": os.cpu_count(), "cold": cold, "noop": noop, "cli_help_s": startup, "pdf": engines,
              "scaling": scaling}
    checks = {
        "cold <= 0.4 x pdfplumber (2021-2025 report alone)": (engines.get("pdfplumber_extract_words_s") or 0) and
                                cold["wall_s"] <= 0.4 * engines["pdfplumber_extract_words_s"],
        "noop <= 10% of cold": noop["wall_s"] <= 0.10 * cold["wall_s"],
        "--help < 0.5 s": startup < 0.5,
        "peak RSS < 1 GiB": max(cold["peak_rss_mb"], cold["peak_rss_children_mb"]) < 1024,
    }
    if len(scaling) >= 2:
        per_row = [s["us_per_row"] for s in scaling]
        checks["analyses no worse than linear"] = per_row[-1] <= per_row[0] * 1.5 or scaling[-1]["seconds"] < 0.5
    result["targets"] = {k: bool(v) for k, v in checks.items()}

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{result['at'].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")

    print(f"\n{'stage':<10} {'what':<62} {'cold s':>7} {'RSS MB':>7}")
    for s in cold["stages"]:
        print(f"{s['stage']:<10} {s['what']:<62} {s['seconds']:>7.2f} {s['rss_mb']:>7}")
    print(f"cold run: {cold['wall_s']:.2f} s wall (in-process {cold['total_s']:.2f} s), peak RSS {cold['peak_rss_mb']} MB"
          f" (largest child process {cold['peak_rss_children_mb']} MB)")
    print(f"no-op rerun: {noop['wall_s']:.2f} s wall ({100 * noop['wall_s'] / cold['wall_s']:.0f}% of cold), "
          f"peak RSS {noop['peak_rss_mb']} MB")
    print(f"matchstats --help: {startup:.3f} s")
    print("PDF engines:", ", ".join(f"{k} {v}" for k, v in engines.items()))
    for s in scaling:
        print(f"scale x{s['factor']:<4} {s['rows']:>10,} rows: {s['seconds']:.3f} s ({s['us_per_row']} us/row), "
              f"DuckDB memory {s['duckdb_memory_mb']} MB")
    for k, v in result["targets"].items():
        print(f"  [{'ok' if v else 'MISSED'}] {k}")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
