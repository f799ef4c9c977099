"""The pipeline run: ingest -> validate -> reconcile -> publish -> warehouse -> report.

Each table is built from its catalogued inputs into a new version directory,
validated with its suite and reconciled with the other tables; only if every
check passes is the new version published (see ``pipeline.store.publish``). A table
whose inputs (md5s) and code are unchanged since the published version is not
rebuilt; a run where nothing changed publishes nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from pipeline import __version__, ingest
from pipeline.sources import catalogue
from pipeline.store import dictionary
from pipeline.store import publish
from pipeline.store.tables import load_table, read_meta, table_files, write_table
from pipeline.config import DICTIONARY_DIR, EXPECTATIONS_DIR, PACKAGE_DIR, SPECIALTIES_CSV, SQL_DIR, Paths
from pipeline.errors import ChecksumError, InputError, MatchstatsError, ValidationFailed

SHARED_CODE = ("store/dictionary.py",)


@dataclass
class TableOutcome:
    table: str
    state: str  # built, unchanged, skipped
    rows: int = 0
    seconds: float = 0.0
    note: str = ""
    meta: dict | None = None  # the .meta.json of a table built in this run


@dataclass
class RunResult:
    tables: list[TableOutcome] = field(default_factory=list)
    missing: list[catalogue.SourceStatus] = field(default_factory=list)
    published: Path | None = None
    changed: bool = False
    marts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the ingest compared (e.g. overlapping editions)
    marts_unchanged: bool = False  # the analyses of the published version were kept as they are


def code_version(table: str) -> str:
    """Hash of everything that determines a table's content besides its inputs.

    The table's own module, dictionary entry and suite; the shared ingest helpers; the
    store's dictionary code; the whole validation gate (suites runner, failures, documented
    discrepancies and their CSV); and the specialty crosswalk. A listed file that does not
    exist is an error, so a moved file can never silently drop out of the fingerprint.
    """
    h = hashlib.sha256(__version__.encode())
    files = [PACKAGE_DIR / "ingest" / f"{table}.py", DICTIONARY_DIR / f"{table}.yml",
             EXPECTATIONS_DIR / f"{table}.json", SPECIALTIES_CSV]
    files += [f for f in sorted((PACKAGE_DIR / "ingest").glob("*.py")) if f.stem not in ingest.TABLES]
    files += [PACKAGE_DIR / f for f in SHARED_CODE]
    files += sorted((PACKAGE_DIR / "validate").glob("*.py"))
    from pipeline.validate import discrepancies

    files.append(discrepancies.FILE)
    for f in files:
        if f.exists():
            h.update(f.name.encode())
            h.update(f.read_bytes())
        elif f.parent != EXPECTATIONS_DIR and f != discrepancies.FILE:
            raise MatchstatsError(f"{f} is missing from the package", todo="reinstall matchstats (make pipeline)")
    return h.hexdigest()[:16]


WAREHOUSE_STAMP = "warehouse.json"  # {"code": warehouse_version(), "analyses": [...]} of a published version


def warehouse_version() -> str:
    """Hash of what the DuckDB views are made from: every analysis' SQL and the warehouse code.
    A changed or new analysis rebuilds the database even when no table changed."""
    h = hashlib.sha256(__version__.encode())
    for f in [*sorted(SQL_DIR.glob("*.sql")), PACKAGE_DIR / "store" / "warehouse.py"]:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _warehouse_stamp(version: Path | None) -> dict:
    try:
        return json.loads((version / WAREHOUSE_STAMP).read_text())
    except (OSError, TypeError, ValueError):
        return {}


def fingerprint(code: str, inputs: dict[str, str | None]) -> str:
    h = hashlib.sha256(code.encode())
    for k in sorted(inputs):
        h.update(f"{k}={inputs[k]}".encode())
    return h.hexdigest()[:16]


def _unchanged(current: Path | None, table: str, fp: str) -> bool:
    meta = read_meta(current, table)
    return bool(meta) and meta.get("fingerprint") == fp and (current / f"{table}.parquet").exists()


_CHART_EXPORT = (
    "import sys\n"
    "from pipeline.config import paths, skip_slow_optional_imports\n"
    "skip_slow_optional_imports()\n"
    "from pipeline.charts import export\n"
    "staged = dict(version=sys.argv[2], out_dir=sys.argv[3]) if len(sys.argv) > 2 else {}\n"
    "export.write_report_charts(paths(sys.argv[1]), say=lambda m: print(m, flush=True), **staged)\n"
)
CHART_STAGING = ".charts"  # in a version not yet published: its charts, moved to reports/charts/ once it is


def _start_chart_export(paths: Paths, version: Path | None = None):
    """Write reports/charts/ (svg, png, html of every analysis chart) in a child process; with ``version``
    (not yet published), into its staging folder while the run validates (see export.install_staged)."""
    import os
    import subprocess
    import sys

    from pipeline.config import PROJECT_DIR

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")]))}
    staged = [str(version), str(version / CHART_STAGING)] if version is not None else []
    return subprocess.Popen([sys.executable, "-c", _CHART_EXPORT, str(paths.home), *staged], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)


def _stop(proc) -> None:
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()


def _finish_chart_export(proc) -> tuple[list[str], bool]:
    out, _ = proc.communicate()
    lines = [l for l in out.splitlines() if l.strip()]
    if proc.returncode != 0:
        tail = [l for l in lines if l.strip()][-3:]
        return [l for l in lines if l.startswith(("[charts]", "  chart"))] + ["  " + l for l in tail], False
    return lines, True


def _needs(cat, status: dict, mod) -> str:
    """What a skipped table needs: every missing file of its kinds, the optional ones named as optional."""
    optional = set(getattr(mod, "OPTIONAL", ()))
    need = []
    for kind in (k for k in mod.KINDS if k not in optional):
        files = [f"data/raw/{s.path}" for s in cat.of_kind(kind) if not status[s.id].ok]
        if len(files) > 1:  # any one edition of a report builds the table
            need.append(f"an edition of the {kind} report ({', '.join(files[:-1])} or {files[-1]})")
        elif files:
            need.append(files[0])
    opt = [f"data/raw/{s.path}" for s in cat.of_kind(*optional) if not status[s.id].ok]
    text = "needs " + (" and ".join(need) or ", ".join(mod.KINDS))
    if opt:
        text += " (and, optional, " + " and ".join(opt) + ")"
    return text


def run(paths: Paths, *, strict: bool = False, force: bool = False, say=print, reports: bool = True) -> RunResult:
    result = RunResult()
    t_run = time.perf_counter()
    cat = catalogue.load(paths)

    # 1. sources
    t0 = time.perf_counter()
    status = {s.id: cat.status(s, paths) for s in cat.sources}
    bad = [st for st in status.values() if st.state == "mismatch"]
    result.missing = [st for st in status.values() if st.state == "missing"]
    say(f"[sources] {sum(st.ok for st in status.values())} of {len(status)} catalogued files present and verified"
        + f" ({time.perf_counter() - t0:.2f} s)"
        + (f"; {len(result.missing)} missing, listed below (the tables that need them are skipped):"
           if result.missing else ""))
    if bad:
        raise ChecksumError("\n".join(st.detail for st in bad) + "\nThese files are not used; nothing was published.",
                            todo="replace each file with the catalogued edition (matchstats fetch), or, for a "
                                 "deliberate new edition, update its md5 and size in data/raw/sources.yml")
    if result.missing:
        from pipeline.sources.fetch import missing_lines

        for line in missing_lines(result.missing):
            say(line)
        if strict:
            raise InputError(f"{len(result.missing)} catalogued file(s) are missing (--strict)", where=str(paths.raw),
                             todo="run `matchstats fetch` (or `--from DIR`), or download the files named above")

    current = publish.current_version(paths)
    publish.cleanup(paths)
    version = publish.new_version(paths)
    worker = None
    staged_charts = None  # the chart export of the new version, started before it is published
    try:
        frames: dict[str, pd.DataFrame] = {}
        edition_failures: dict[str, list] = {}  # from build(): overlapping editions that disagree
        table_notes: dict[str, list[str]] = {}  # from build(): what was compared (validation page)
        validations, documented = [], None
        built: list[str] = []
        plan = []
        for table in ingest.available_tables():
            mod = ingest.module(table)
            optional = set(getattr(mod, "OPTIONAL", ()))
            sources = [s.id for s in cat.of_kind(*mod.KINDS)]
            lacking = [k for k in mod.KINDS if k not in optional and not any(
                status[s.id].ok for s in cat.of_kind(k))]
            if lacking:
                result.tables.append(TableOutcome(table, "skipped", note=_needs(cat, status, mod)))
                continue
            input_md5 = {sid: (status[sid].actual_md5 if status[sid].ok else None) for sid in sources}
            planned = {t: f for t, _, _, f in plan}
            deps = {f"table:{d}": planned.get(d) for d in getattr(mod, "DEPENDS", ())}
            fp = fingerprint(code_version(table), {**input_md5, **deps})
            plan.append((table, mod, input_md5, fp))
        if force or not all(_unchanged(current, t, fp) for t, _, _, fp in plan):
            from pipeline.validate.worker import ValidationWorker

            worker = ValidationWorker(version / ".validate")

        # 2. ingest
        for table, mod, input_md5, fp in plan:
            t0 = time.perf_counter()
            if not force and _unchanged(current, table, fp):
                old = read_meta(current, table)
                for f in table_files(current, table):
                    publish.link_or_copy(f, version / f.name)
                outcome = TableOutcome(table, "unchanged", old.get("rows", 0), time.perf_counter() - t0)
                say(f"[ingest] {table}: unchanged, {outcome.rows:,} rows ({outcome.seconds:.2f} s)")
            else:
                files = {sid: (cat.get(sid).local(paths) if status[sid].ok else None) for sid in input_md5}
                dep_tables = {}
                for d in getattr(mod, "DEPENDS", ()):
                    if d in frames:
                        dep_tables[d] = frames[d]
                    elif (version / f"{d}.parquet").exists():
                        dep_tables[d] = load_table(version, d)
                df = mod.build(ingest.Inputs(files, {sid: cat.get(sid) for sid in input_md5}, dep_tables))
                edition_failures[table] = list(df.attrs.get("failures", ()))
                for note in df.attrs.get("notes", ()):
                    say(f"  {table}: {note}")
                    result.notes.append(f"{table}: {note}")
                    table_notes.setdefault(table, []).append(note)
                df.attrs.clear()
                df = dictionary.conform(table, df)
                frames[table] = df
                built.append(table)
                worker.submit(table, df)
                outcome = TableOutcome(table, "built", len(df), time.perf_counter() - t0)
                used = [sid for sid in input_md5 if files[sid] is not None]
                meta = {
                    "table": table, "rows": len(df), "columns": dictionary.spec(table).column_names,
                    "inputs": [{"id": sid, "path": cat.get(sid).path, "md5": input_md5[sid]} for sid in used],
                    "code_version": code_version(table), "matchstats_version": __version__,
                    "fingerprint": fp, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                }
                outcome.meta = meta
                say(f"[ingest] {table}: {len(df):,} rows from {', '.join(used)} ({outcome.seconds:.2f} s)")
            result.tables.append(outcome)

        # 3. while the worker validates: the new version's tables and database (not published: the version is
        # switched in only if everything passes, and removed otherwise), and its charts drawn on the other core
        for o in result.tables:
            if o.state == "built":
                write_table(frames[o.table], version, o.table, o.meta)
        published_tables = {o.table for o in result.tables if o.state in ("built", "unchanged")}
        previous_tables = ({p.name[: -len(".meta.json")] for p in current.glob("*.meta.json")}
                           if current else set())
        marts_code = warehouse_version()
        result.changed = (bool(built) or published_tables != previous_tables or current is None
                          or _warehouse_stamp(current).get("code") != marts_code)
        if result.changed or force:
            from pipeline.store import warehouse

            t0 = time.perf_counter()
            result.marts = warehouse.build(version, sorted(published_tables), say=say)
            publish.write_atomic(version / WAREHOUSE_STAMP,
                                 json.dumps({"code": marts_code, "analyses": result.marts}) + "\n")
            nt, nm = len(published_tables), len(result.marts)
            say(f"[warehouse] {nt} {'table' if nt == 1 else 'tables'}, {nm} {'analysis' if nm == 1 else 'analyses'} "
                f"({time.perf_counter() - t0:.2f} s)")
            if reports:
                staged_charts = _start_chart_export(paths, version)

        # 4. validate + reconcile the tables that were rebuilt
        if built:
            t0 = time.perf_counter()
            failures = [f for fs in edition_failures.values() for f in fs]
            try:
                validations = worker.results()
            finally:
                worker.close()
            for v in validations:
                failures += v.failures
                say(f"[validate] {v.table}: {v.passed}/{v.run} expectations passed")
            all_frames = dict(frames)
            for o in result.tables:
                if o.state == "unchanged":
                    all_frames[o.table] = load_table(version, o.table)
            for table in all_frames:
                rec = getattr(ingest.module(table), "reconcile", None)
                if rec is not None:
                    fails = rec(all_frames[table], {k: v for k, v in all_frames.items() if k != table})
                    failures += fails
            from pipeline.validate import discrepancies

            failures, documented = discrepancies.triage(failures)
            for f in documented:
                note = f"documented source discrepancy: {f.table}: {f.detail}"
                result.warnings.append(note)
                say(f"  {note} (see data/reference/known_discrepancies.csv)")
            say(f"[validate] expectations and reconciliations done ({time.perf_counter() - t0:.2f} s)")
            if failures:
                raise ValidationFailed(
                    f"{len(failures)} check(s) failed; nothing was published:\n"
                    + "\n".join("  - " + f.describe().replace("\n", "\n    ") for f in failures),
                    todo="the messages name the table, the check and example rows; fix the input or the parser "
                         "and run again (data/processed/ still holds the last good version)")
            import shutil

            shutil.rmtree(version / ".validate", ignore_errors=True)

        if not result.changed and not force:
            import shutil

            shutil.rmtree(version, ignore_errors=True)
            result.published = current
            result.marts = list(_warehouse_stamp(current).get("analyses", []))
            result.marts_unchanged = True
            say("[publish] nothing changed; data/processed/ left as it is")
        else:
            # 5. the validation record (reports/validation.html), publish
            from pipeline.reports import validation as validation_page

            kept = [o.table for o in result.tables if o.state in ("built", "unchanged")]
            publish.write_atomic(version / validation_page.RECORD, json.dumps(validation_page.make_record(
                validation_page.read_record(current), validations, documented, table_notes, kept),
                indent=1, default=str) + "\n")
            publish.swap(paths, version)
            publish.cleanup(paths)
            result.published = version
            say(f"[publish] data/processed/ -> {version.relative_to(paths.home)}")
    except OSError as exc:
        import shutil

        _stop(staged_charts)
        shutil.rmtree(version, ignore_errors=True)
        raise publish.disk_error(exc, version) from None
    except BaseException:
        import shutil

        _stop(staged_charts)
        shutil.rmtree(version, ignore_errors=True)
        raise
    finally:
        if worker is not None:
            worker.close()

    if reports:
        from pipeline.reports import index
        from pipeline.reports import validation as validation_page

        t0 = time.perf_counter()
        # on the other core, beside the HTML reports: started before publication when the data changed, and not
        # at all when the chart files are up to date (a child process would take half a second to say so)
        from pipeline.charts import export

        fresh = staged_charts is None and export.up_to_date(paths)
        charts = staged_charts if staged_charts is not None else None if fresh else _start_chart_export(paths)
        try:
            page = validation_page.write_from_run(paths)
            if page is not None:
                say(f"[report] {page.relative_to(paths.home)}: what this data version passed")
            out = index.build_index(paths, result, say=say)
        finally:
            lines, ok = _finish_chart_export(charts) if charts is not None else (
                ["[charts] reports/charts/ up to date"], True)
        if ok and staged_charts is not None:
            export.install_staged(result.published / CHART_STAGING, paths.reports / "charts")
        if out:
            say(f"[report] {out.relative_to(paths.home)} ({time.perf_counter() - t0:.2f} s)")
        for line in lines:
            say(line)
        if not ok:
            raise MatchstatsError("the chart files in reports/charts/ could not be written (see above); "
                                  "the data were published", todo="run `matchstats report --all` to retry")
    say(f"Done in {time.perf_counter() - t_run:.2f} s.")
    return result
