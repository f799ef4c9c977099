"""The pipeline run, as named steps, each a function with one job:

1. ``check_sources``: every catalogued file present and verified (md5, size);
2. ``plan_tables``: which tables to build, which are unchanged, which lack inputs;
3. ``ingest_tables``: each input file's identity (the kind and years it prints are its catalogue entry's),
   then the tables built into a new version directory (unchanged ones hard-linked);
4. ``write_version``: the new version's Parquet files and database (its charts drawn meanwhile, on the
   other core), while the worker validates;
5. ``validate_version``: the suites' results, the reconciliations, the documented discrepancies;
6. ``publish_version``: the validation record, then the switch (``publish.swap``, one atomic rename);
7. ``write_reports``: reports/ from the published version.

Steps 3-6 make up ``build_and_publish``, the only place that may discard the new version: a failure
before the switch removes it and leaves data/processed/ as it was. After the switch nothing removes the
published version: a failure while the reports are written is a message saying that the data were
published. Progress lines go through ``Progress``: one that cannot be written (a closed pipe, as in
``matchstats pipeline | head``; a full disk behind stdout) never stops the run and never touches data.
The published version is resolved once per run (``current``) and passed down.

A table whose inputs (md5s) and code are unchanged since the published version is not rebuilt;
a run where nothing changed publishes nothing.
"""

from __future__ import annotations

import errno
import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pipeline import __version__, ingest
from pipeline.sources import catalogue
from pipeline.store import dictionary
from pipeline.store import publish
from pipeline.store.tables import load_table, read_meta, table_files, write_table
from pipeline.validate import children
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
    # ends with the run, even one killed with SIGKILL (pipeline.validate.children)
    return children.popen([sys.executable, "-c", _CHART_EXPORT, str(paths.home), *staged], stdout=subprocess.PIPE,
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


class Progress:
    """The run's ``say``: a line that cannot be written (a closed pipe: ``| head``, ``| grep -m1``; a full
    disk behind stdout) is dropped, as are the lines after it; the run goes on and its data are untouched.
    ``lost`` holds the error, for the caller to mention if it likes."""

    def __init__(self, say):
        self._say = say
        self.lost: OSError | None = None

    def __call__(self, msg: str) -> None:
        if self.lost is not None:
            return
        try:
            self._say(msg)
        except OSError as exc:
            self.lost = exc


@dataclass
class Planned:
    table: str
    mod: object
    input_md5: dict[str, str | None]
    fingerprint: str
    covered: list[int]  # the years its present inputs cover, as catalogued (and checked against each file)


@dataclass
class NewVersion:
    """What a run builds: the new version directory and what the steps found on the way."""

    path: Path
    frames: dict = field(default_factory=dict)  # the tables built in this run
    built: list[str] = field(default_factory=list)
    ingest_failures: list = field(default_factory=list)  # overlapping editions that disagree, ...
    notes: dict[str, list[str]] = field(default_factory=dict)  # what the ingest compared (validation page)
    covered: dict[str, list[int]] = field(default_factory=dict)  # per table: the years its editions cover
    validations: list = field(default_factory=list)
    documented: list | None = None  # by the reconciliations (None: not run)
    documented_at_ingest: list = field(default_factory=list)
    not_reconciled: dict[str, list[str]] | None = None
    worker: object = None
    charts: object = None  # the chart export of the new version, started before it is published


def check_sources(paths: Paths, cat, result: RunResult, say, strict: bool) -> dict:
    """Step 1: every catalogued file's state (present and verified, missing, or different)."""
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
                                 "deliberate new edition, register it with `matchstats add FILE` (`--replace` when "
                                 "it has the same kind and years); the run checks that a file prints the kind and "
                                 "years of its entry")
    if result.missing:
        from pipeline.sources.fetch import missing_lines

        for line in missing_lines(result.missing):
            say(line)
        if strict:
            raise InputError(f"{len(result.missing)} catalogued file(s) are missing (--strict)", where=str(paths.raw),
                             todo="run `matchstats fetch` (or `--from DIR`), or download the files named above")
    return status


def plan_tables(cat, status: dict, result: RunResult) -> list[Planned]:
    """Step 2: the tables whose required inputs are present, with their fingerprints; the others skipped."""
    plan: list[Planned] = []
    for table in ingest.available_tables():
        mod = ingest.module(table)
        optional = set(getattr(mod, "OPTIONAL", ()))
        sources = [s.id for s in cat.of_kind(*mod.KINDS)]
        lacking = [k for k in mod.KINDS if k not in optional and not any(status[s.id].ok for s in cat.of_kind(k))]
        if lacking:
            result.tables.append(TableOutcome(table, "skipped", note=_needs(cat, status, mod)))
            continue
        input_md5 = {sid: (status[sid].actual_md5 if status[sid].ok else None) for sid in sources}
        planned = {p.table: p.fingerprint for p in plan}
        deps = {f"table:{d}": planned.get(d) for d in getattr(mod, "DEPENDS", ())}
        covered = sorted({y for sid in sources if status[sid].ok for y in cat.get(sid).years})
        plan.append(Planned(table, mod, input_md5, fingerprint(code_version(table), {**input_md5, **deps}), covered))
    return plan


def check_identity(cat, paths: Paths, p: Planned) -> None:
    """Each present input of a table to build prints the kind and years of its catalogue entry
    (``kinds.check_catalogued``), before it is parsed: a wrong edition in a catalogued slot is refused,
    naming that file, and never silently drops or misfiles a year."""
    from pipeline.ingest.kinds import check_catalogued

    for sid, md5 in p.input_md5.items():
        if md5 is not None:
            check_catalogued(cat.get(sid), cat.get(sid).local(paths))


def ingest_tables(paths: Paths, cat, status: dict, plan: list[Planned], current: Path | None, new: NewVersion,
                  result: RunResult, say, force: bool) -> None:
    """Step 3: each table built (its inputs' identity checked first) or, unchanged, linked from ``current``;
    each built table handed to the validation worker at once."""
    version = new.path
    for p in plan:
        t0 = time.perf_counter()
        if not force and _unchanged(current, p.table, p.fingerprint):
            old = read_meta(current, p.table)
            for f in table_files(current, p.table):
                publish.link_or_copy(f, version / f.name)
            outcome = TableOutcome(p.table, "unchanged", old.get("rows", 0), time.perf_counter() - t0)
            say(f"[ingest] {p.table}: unchanged, {outcome.rows:,} rows ({outcome.seconds:.2f} s)")
            result.tables.append(outcome)
            continue
        check_identity(cat, paths, p)
        files = {sid: (cat.get(sid).local(paths) if status[sid].ok else None) for sid in p.input_md5}
        dep_tables = {}
        for d in getattr(p.mod, "DEPENDS", ()):
            if d in new.frames:
                dep_tables[d] = new.frames[d]
            elif (version / f"{d}.parquet").exists():
                dep_tables[d] = load_table(version, d)
        df = p.mod.build(ingest.Inputs(files, {sid: cat.get(sid) for sid in p.input_md5}, dep_tables))
        new.ingest_failures += list(df.attrs.get("failures", ()))
        notes = list(df.attrs.get("notes", ()))  # printed after the table's rows line: a note, not an error
        for note in notes:
            result.notes.append(f"{p.table}: {note}")
            new.notes.setdefault(p.table, []).append(note)
        df.attrs.clear()
        df = dictionary.conform(p.table, df)
        new.frames[p.table] = df
        new.built.append(p.table)
        new.worker.submit(p.table, df)
        outcome = TableOutcome(p.table, "built", len(df), time.perf_counter() - t0)
        used = [sid for sid in p.input_md5 if files[sid] is not None]
        outcome.meta = {
            "table": p.table, "rows": len(df), "columns": dictionary.spec(p.table).column_names,
            "inputs": [{"id": sid, "path": cat.get(sid).path, "md5": p.input_md5[sid]} for sid in used],
            "code_version": code_version(p.table), "matchstats_version": __version__,
            "fingerprint": p.fingerprint, "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        say(f"[ingest] {p.table}: {len(df):,} rows from {', '.join(used)} ({outcome.seconds:.2f} s)")
        for note in notes:
            say(f"[ingest] note: {p.table}: {note}")
        result.tables.append(outcome)


def _disk_full(exc: BaseException) -> bool:
    return "No space left on device" in str(exc) or getattr(exc, "errno", None) == errno.ENOSPC


def write_version(paths: Paths, current: Path | None, new: NewVersion, result: RunResult, say, force: bool,
                  reports: bool) -> None:
    """Step 4: the new version's tables and database, written while the worker validates, and its charts
    drawn meanwhile on the other core (none of it published yet). Sets ``result.changed``."""
    version = new.path
    for o in result.tables:
        if o.state == "built":
            write_table(new.frames[o.table], version, o.table, o.meta)
    published_tables = {o.table for o in result.tables if o.state in ("built", "unchanged")}
    previous_tables = {p.name[: -len(".meta.json")] for p in current.glob("*.meta.json")} if current else set()
    marts_code = warehouse_version()
    result.changed = (bool(new.built) or published_tables != previous_tables or current is None
                      or _warehouse_stamp(current).get("code") != marts_code)
    if not (result.changed or force):
        return
    from pipeline.store import warehouse

    t0 = time.perf_counter()
    try:
        result.marts = warehouse.build(version, sorted(published_tables), say=say)
    except Exception as exc:  # DuckDB reports a full disk as its own IOException, not as an OSError
        if isinstance(exc, OSError) or not _disk_full(exc):
            raise
        raise OSError(errno.ENOSPC, "No space left on device", str(version / warehouse.DB_NAME)) from None
    publish.write_atomic(version / WAREHOUSE_STAMP, json.dumps({"code": marts_code, "analyses": result.marts}) + "\n")
    nt, nm = len(published_tables), len(result.marts)
    say(f"[warehouse] {nt} {'table' if nt == 1 else 'tables'}, {nm} {'analysis' if nm == 1 else 'analyses'} "
        f"({time.perf_counter() - t0:.2f} s)")
    if reports:
        new.charts = _start_chart_export(paths, version)
    publish.fault_point("validating")  # the worker and the chart process are running (crash tests)


def validate_version(new: NewVersion, result: RunResult, say) -> None:
    """Step 5: the suites' results of the tables built, every reconciliation (the kept tables' too), and the
    documented source discrepancies; ValidationFailed when anything else failed."""
    from pipeline.validate import discrepancies
    from pipeline.validate.reconcile import reconcile_all

    t0 = time.perf_counter()
    try:
        new.validations = new.worker.results()
    finally:
        new.worker.close()
    failures = []
    for v in new.validations:
        failures += v.failures
        say(f"[validate] {v.table}: {v.passed}/{v.run} expectations passed")
    frames = dict(new.frames)
    for o in result.tables:
        if o.state == "unchanged":
            frames[o.table] = load_table(new.path, o.table, provenance=True)
    rec_failures, new.not_reconciled = reconcile_all(frames, new.covered)
    ingest_blocking, new.documented_at_ingest = discrepancies.triage(new.ingest_failures)
    rec_blocking, new.documented = discrepancies.triage(rec_failures)
    failures += ingest_blocking + rec_blocking
    for f in new.documented_at_ingest + new.documented:
        note = f"documented source discrepancy: {f.table}: {f.detail}"
        result.warnings.append(note)
        say(f"  {note} (see data/reference/known_discrepancies.csv)")
    for table, lines in new.not_reconciled.items():
        for line in lines:
            say(f"  {table}: {line}")
    say(f"[validate] expectations and reconciliations done ({time.perf_counter() - t0:.2f} s)")
    if failures:
        files = _read_from(result, new.path)
        raise ValidationFailed(
            f"{len(failures)} check(s) failed; nothing was published:\n"
            + "\n".join("  - " + f.describe().replace("\n", "\n    ") + _files_line(f, files) for f in failures),
            todo="the messages name the table, the check and example rows; fix the input or the parser "
                 "and run again (data/processed/ still holds the last good version)")
    import shutil

    shutil.rmtree(new.path / ".validate", ignore_errors=True)


def _read_from(result: RunResult, version: Path) -> dict[str, list[str]]:
    """Per table, the raw files it was read from (so that a failed check names the files to look at)."""
    out = {}
    for o in result.tables:
        meta = o.meta if o.meta is not None else read_meta(version, o.table)
        if meta:
            out[o.table] = [f"data/raw/{i['path']}" for i in meta.get("inputs", [])]
    return out


def _files_line(f, files: dict[str, list[str]]) -> str:
    """The files behind a failed check: its table's, and those of the other tables it names."""
    tables = [f.table] + [t for t in files if t != f.table and t in f"{f.check} {f.detail}"]
    named = [f"{t}: {', '.join(files[t])}" for t in tables if files.get(t)]
    return ("\n    read from " + "; ".join(named)) if named else ""


def publish_version(paths: Paths, current: Path | None, new: NewVersion, result: RunResult, say) -> None:
    """Step 6: the validation record into the new version, then the switch (one atomic rename)."""
    from pipeline.reports import validation as validation_page

    kept = [o.table for o in result.tables if o.state in ("built", "unchanged")]
    record = validation_page.make_record(validation_page.read_record(current), new.validations, new.documented,
                                         new.notes, kept, built=new.built, documented_at_ingest=new.documented_at_ingest,
                                         not_reconciled=new.not_reconciled, covered=new.covered)
    publish.write_atomic(new.path / validation_page.RECORD, json.dumps(record, indent=1, default=str) + "\n")
    publish.swap(paths, new.path)
    result.published = new.path
    say(f"[publish] data/processed/ -> {new.path.relative_to(paths.home)}")


def build_and_publish(paths: Paths, cat, status: dict, plan: list[Planned], current: Path | None,
                      result: RunResult, say, force: bool, reports: bool) -> NewVersion:
    """Steps 3-6 on a new version directory, the one place that discards it: on any failure before the
    switch it is removed (``publish.discard``, which never removes the published version) and
    data/processed/ stays as it was; a run where nothing changed discards it too."""
    new = NewVersion(publish.new_version(paths), covered={p.table: p.covered for p in plan})
    try:
        if force or not all(_unchanged(current, p.table, p.fingerprint) for p in plan):
            from pipeline.validate.worker import ValidationWorker

            new.worker = ValidationWorker(new.path / ".validate")
        ingest_tables(paths, cat, status, plan, current, new, result, say, force)
        write_version(paths, current, new, result, say, force, reports)
        if new.built:
            validate_version(new, result, say)
        if not result.changed and not force:
            publish.discard(paths, new.path)
            result.published = current
            result.marts = list(_warehouse_stamp(current).get("analyses", []))
            result.marts_unchanged = True
            say("[publish] nothing changed; data/processed/ left as it is")
        else:
            publish_version(paths, current, new, result, say)
    except BaseException as exc:
        _stop(new.charts)
        new.charts = None
        published = publish.discard(paths, new.path) is False  # the switch happened: the version stays
        if isinstance(exc, OSError):
            raise publish.disk_error(exc, new.path, published=new.path if published else None) from None
        raise
    finally:
        if new.worker is not None:
            new.worker.close()
    return new


def write_reports(paths: Paths, result: RunResult, new: NewVersion, say) -> None:
    """Step 7: reports/ from the published version (``result.published``). The data stay published whatever
    happens here: a failure is a message saying so."""
    from pipeline.charts import export
    from pipeline.reports import index
    from pipeline.reports import validation as validation_page

    t0 = time.perf_counter()
    staged = new.charts
    # on the other core, beside the HTML reports: started before publication when the data changed, and not
    # at all when the chart files are up to date (a child process would take half a second to say so)
    charts = staged
    try:
        if charts is None and not export.up_to_date(paths, result.published):
            charts = _start_chart_export(paths)
        try:
            page = validation_page.write_from_run(paths, result.published)
            if page is not None:
                say(f"[report] {page.relative_to(paths.home)}: what this data version passed")
            out = index.build_index(paths, result, say=say)
        finally:
            lines, ok = _finish_chart_export(charts) if charts is not None else (
                ["[charts] reports/charts/ up to date"], True)
        if ok and staged is not None:
            export.install_staged(result.published / CHART_STAGING, paths.reports / "charts")
    except OSError as exc:
        _stop(charts)
        raise publish.disk_error(exc, paths.reports, published=result.published, reports=True) from None
    if out:
        say(f"[report] {out.relative_to(paths.home)} ({time.perf_counter() - t0:.2f} s)")
    for line in lines:
        say(line)
    if not ok:
        raise MatchstatsError("the chart files in reports/charts/ could not be written (see above); "
                              "the data were published", todo="run `matchstats report --all` to retry")


def run(paths: Paths, *, strict: bool = False, force: bool = False, say=print, reports: bool = True) -> RunResult:
    """The run: the steps above in order (see the module's docstring)."""
    say = say if isinstance(say, Progress) else Progress(say)
    result = RunResult()
    t_run = time.perf_counter()
    cat = catalogue.load(paths)
    status = check_sources(paths, cat, result, say, strict)
    current = publish.current_version(paths)  # resolved once, passed down
    publish.cleanup(paths, current=current)
    plan = plan_tables(cat, status, result)
    new = build_and_publish(paths, cat, status, plan, current, result, say, force, reports)
    if result.published is not None and result.published != current:
        try:  # older versions beyond the few kept (publish.KEEP_VERSIONS); never the published one
            publish.cleanup(paths, current=result.published)
        except OSError as exc:
            say(f"  note: older versions in data/versions/ were not all removed ({exc})")
    if reports:
        write_reports(paths, result, new, say)
    say(f"Done in {time.perf_counter() - t_run:.2f} s.")
    return result
