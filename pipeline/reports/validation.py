"""``reports/validation.html`` (and ``.json``): what the published data passed, styled like the reports.

Written by every run that builds reports (``make pipeline``), from the validation record the run keeps
in the published version (``validation.json`` beside the tables: ``record_for_version``), and by
``matchstats validate``, which re-runs every table's suite and every reconciliation on ``data/processed/``
(so a table damaged after publication shows up, with up to 10 offending rows and their source lines).

The page shows: the documented disagreements between official sources with both figures (2025:
NRMP's Program Results report sums to 43,218 positions, its national total is 43,237; Charting Outcomes'
charted specialties 5,708 / 5,941 against the report's totals 5,721 / 5,964), each table's expectations
(passed / run, and every expectation), the cross-table reconciliations (what each checks) and what the
run compared between overlapping report editions ("program_results: 3 edition(s); 41,056 counts printed
by more than one edition compared, 0 differed").
"""

from __future__ import annotations

import inspect
import json
import re
from datetime import datetime, timezone
from pathlib import Path

from pipeline import ingest
from pipeline.config import TEMPLATES_DIR, Paths
from pipeline.errors import MatchstatsError
from pipeline.store import publish

RECORD = "validation.json"  # in a published version: the run's validation results
TEMPLATE = "validation.html.j2"


# -- the record a run keeps in the version --------------------------------------------------------

def documented_dict(f, stage: str = "reconcile") -> dict:
    """A documented source discrepancy with both figures; ``stage``: found while the table was read
    ("ingest", e.g. two rows of one facts file) or by a reconciliation between tables ("reconcile")."""
    return {"table": f.table, "check": f.check, "year": f.year, "observed": f.observed, "expected": f.expected,
            "detail": f.detail, "explanation": f.documented or "", "stage": stage}


def make_record(previous: dict | None, validations: list, documented: list | None, notes: dict[str, list[str]],
                tables: list[str], *, built: list[str] | None = None, documented_at_ingest: list | None = None,
                not_reconciled: dict[str, list[str]] | None = None, covered: dict | None = None) -> dict:
    """The validation record of a new version, kept in it (``validation.json``) and rendered by every command
    that writes the page: this run's results for the tables it built (``built``), the previous version's for
    the tables it kept (their inputs and code did not change). ``documented``: the documented discrepancies
    the reconciliations found (all tables; None: not run, the previous ones are kept); ``documented_at_ingest``:
    those found while the built tables were read (those of kept tables come from the previous record)."""
    prev = previous or {}
    done = {t["table"]: t for t in prev.get("tables", [])}
    for v in validations:
        done[v.table] = v.to_dict()
    prev_notes = prev.get("notes", {})
    built = set(built if built is not None else (v.table for v in validations))
    prev_docs = prev.get("documented_discrepancies", [])
    if documented is None:
        docs = [d for d in prev_docs if d["table"] in tables]
    else:
        found = {(f.table, f.check, f.year) for f in documented}
        # a record written before the stage was kept: what the reconciliations did not find again was read
        kept_ingest = [{**d, "stage": "ingest"} for d in prev_docs if d["table"] in tables and d["table"] not in built
                       and (d.get("stage") == "ingest"
                            or (d.get("stage") is None and (d["table"], d["check"], d["year"]) not in found))]
        docs = (kept_ingest + [documented_dict(f, "ingest") for f in documented_at_ingest or []]
                + [documented_dict(f, "reconcile") for f in documented])
    return {
        "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tables": [done[t] for t in tables if t in done],
        "documented_discrepancies": docs,
        "reconciliation_failures": [],
        "not_reconciled": (not_reconciled if not_reconciled is not None
                           else {t: ls for t, ls in prev.get("not_reconciled", {}).items() if t in tables}),
        "covered": covered if covered is not None else prev.get("covered", {}),
        "notes": {t: notes.get(t, prev_notes.get(t, [])) for t in tables if notes.get(t) or prev_notes.get(t)},
    }


def read_record(version: Path | None) -> dict | None:
    try:
        return json.loads((version / RECORD).read_text())
    except (OSError, TypeError, ValueError):
        return None


# -- what the page shows --------------------------------------------------------------------------

def _expectations(table: str) -> list[str]:
    """Every expectation of the table's suite, in words close to the suite's JSON."""
    from pipeline.validate.suites import load_suite_json

    try:
        doc = load_suite_json(table)
    except MatchstatsError:
        return []
    out = []
    for e in doc["expectations"]:
        kw = {k: v for k, v in (e.get("kwargs") or {}).items() if k not in ("result_format", "batch_id")}
        args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in kw.items())
        text = f"{e['type'].removeprefix('expect_').replace('_', ' ')}({args})"
        note = ((e.get("meta") or {}).get("notes"))
        out.append(text + (f" — {note}" if note else ""))
    return out


def _reconciliation(table: str) -> str | None:
    """What the table's reconcile() checks: its docstring's first paragraph (or that of what it calls)."""
    mod = ingest.module(table)
    rec = getattr(mod, "reconcile", None)
    if rec is None:
        return None
    doc = inspect.getdoc(rec)
    if not doc:
        m = re.search(r"return (\w+)\(", inspect.getsource(rec))
        target = getattr(mod, m.group(1), None) if m else None
        doc = inspect.getdoc(target) if target is not None else None
    return " ".join(doc.split("\n\n")[0].split()) if doc else "(no description)"


def _fmt(v) -> str:
    if v is None:
        return "–"
    v = float(v)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.1f}"


def _page(record: dict, version: str, failures: list[dict], title_note: str) -> str:
    import jinja2

    from pipeline.reports.formatting import check_label, rich_text

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    env.filters["rich"] = rich_text
    env.filters["check_label"] = check_label  # a check's id in words
    env.tests["edition_note"] = lambda note: " edition" in note  # a note comparing report editions
    tables = []
    for t in record["tables"]:
        tables.append({**t, "expectations": _expectations(t["table"]), "reconciliation": _reconciliation(t["table"]),
                       "documented": [d for d in record["documented_discrepancies"] if d["table"] == t["table"]]})
    docs = [{**d, "observed_text": _fmt(d["observed"]), "expected_text": _fmt(d["expected"]),
             "difference": _fmt(None if d["observed"] is None or d["expected"] is None
                                else float(d["observed"]) - float(d["expected"]))}
            for d in record["documented_discrepancies"]]
    notes = [f"{t}: {n}" for t, ns in record.get("notes", {}).items() for n in ns]
    ok = all(t["success"] for t in record["tables"]) and not record.get("reconciliation_failures")
    return env.get_template(TEMPLATE).render(
        version=version, at=record["checked_at"], tables=tables, documented=docs, notes=notes, ok=ok,
        failures=failures, title_note=title_note,
        reconciliation_failures=record.get("reconciliation_failures", []),
        not_reconciled=[f"{t}: {line}" for t, lines in record.get("not_reconciled", {}).items() for line in lines])


def _write(paths: Paths, record: dict, version: str, failures: list[dict], title_note: str) -> Path:
    doc = {"data_version": version, **record, "success": all(t["success"] for t in record["tables"])
           and not record.get("reconciliation_failures")}
    publish.write_atomic(paths.reports / "validation.json", json.dumps(doc, indent=2, default=str) + "\n")
    out = paths.reports / "validation.html"
    publish.write_atomic(out, _page(record, version, failures, title_note))
    return out


TITLE_NOTE = "as checked when this version was published"


def write_from_run(paths: Paths, version: Path | None = None) -> Path | None:
    """reports/validation.html from the published version's record (no validation is re-run); ``version``:
    the published version, as the run resolved it (default: looked up)."""
    version = version if version is not None else publish.current_version(paths)
    record = read_record(version)
    if record is None:
        return None
    return _write(paths, record, version.name, [], TITLE_NOTE)


def validate_published(paths: Paths, say=print) -> bool:
    """`matchstats validate`: re-run every suite and reconciliation on data/processed/ and write the page.

    The page is the version's: rendered from the record its run kept (what only the run can know, such as a
    discrepancy between two rows of a facts file, stays on it), so it is the same page whichever command
    writes it, as long as the re-check agrees. A re-check that finds failures (a table damaged after
    publication) adds them, and the page then says FAILED."""
    from pipeline.store.tables import load_table
    from pipeline.validate import discrepancies
    from pipeline.validate import suites as validate
    from pipeline.validate.reconcile import reconcile_all

    version = publish.current_version(paths)
    if version is None:
        raise MatchstatsError("nothing is published yet", where=str(paths.processed),
                              todo="run `make pipeline` first")
    frames = {t: load_table(version, t, provenance=True) for t in ingest.available_tables()
              if (version / f"{t}.parquet").exists()}
    results = []
    for t, df in frames.items():
        v = validate.validate_frame(t, df)
        results.append(v)
        say(f"{t}: {v.passed}/{v.run} expectations passed" + ("" if v.success else " - FAILED"))
    published = read_record(version)
    rec_failures, unreconciled = reconcile_all(frames, (published or {}).get("covered"))
    rec_failures, documented = discrepancies.triage(rec_failures)
    for f in documented:
        say(f"  documented source discrepancy: {f.table}: {f.detail}")
    for t, lines in unreconciled.items():
        for line in lines:
            say(f"  {t}: {line}")
    say(f"reconciliations: {'all hold' if not rec_failures else f'{len(rec_failures)} failed'}"
        + (f" ({len(documented)} documented source discrepancies)" if documented else ""))
    for f in rec_failures:
        say("  - " + f.describe())
    ok = all(r.success for r in results) and not rec_failures
    if published is None:  # a version published before records were kept: the page of this re-check
        record = make_record(None, results, documented, {}, list(frames), not_reconciled=unreconciled)
        title = "re-checked by `matchstats validate`"
    else:
        record = published
        title = TITLE_NOTE
        if not ok:
            record = {**published, "tables": [r.to_dict() for r in results]}
            title = "re-checked by `matchstats validate`, which found failures"
    record["reconciliation_failures"] = [f.to_dict() for f in rec_failures]
    failures = [f.to_dict() for r in results for f in r.failures] + record["reconciliation_failures"]
    out = _write(paths, record, version.name, failures, title)
    say(("The re-check agrees with the record of this version; " if ok and published else "")
        + f"wrote {out} and validation.json")
    return ok
