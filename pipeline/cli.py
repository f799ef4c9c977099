"""The ``matchstats`` command line.

Heavy libraries (pandas, Great Expectations, Altair) are imported inside the
commands that use them, so ``matchstats --help`` starts at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.config import skip_slow_optional_imports
from pipeline.errors import MatchstatsError

skip_slow_optional_imports()

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help=(
        "Validated, reproducible tables of the U.S. residency Match (NRMP, AAMC).\n\n"
        "Typical use: `matchstats fetch` (get the report files), `matchstats pipeline` (build, validate and "
        "publish data/processed/ and reports/), then `matchstats query \"SQL\"` or `matchstats tables`. "
        "Set MATCHSTATS_RAW_MIRROR to a folder laid out like data/raw/ to copy the files from there."
    ),
)


def _paths():
    from pipeline.config import paths

    return paths()


def _fail(exc: MatchstatsError, code: int = 1):
    typer.echo(f"Error: {exc.message}", err=True)
    raise typer.Exit(code)


def _echo(msg: str) -> None:
    typer.echo(msg)
    sys.stdout.flush()


@app.command()
def fetch(
    from_dir: Optional[Path] = typer.Option(None, "--from", help="Copy missing files from this folder (laid out like data/raw/) instead of downloading; default $MATCHSTATS_RAW_MIRROR."),
    offline: bool = typer.Option(False, "--offline", help="Do not try to download; only copy from a mirror."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero if any catalogued file is still missing."),
):
    """Get the catalogued raw files that are missing from data/raw/ and verify their md5 and size."""
    from pipeline.sources import catalogue
    from pipeline.sources.fetch import fetch_all

    try:
        p = _paths()
        results = fetch_all(catalogue.load(p), p, mirror=from_dir, download=not offline)
    except MatchstatsError as exc:
        _fail(exc)
    bad = [r for r in results if r.state == "mismatch"]
    for r in results:
        _echo(("  ok       " if r.ok else "  MISSING  " if r.state == "missing" else "  REFUSED  ") + r.message)
    n_ok = sum(r.ok for r in results)
    _echo(f"{n_ok} of {len(results)} catalogued files present.")
    if bad:
        typer.echo(f"Error: {len(bad)} file(s) did not match the catalogue checksum and were not used.", err=True)
        raise typer.Exit(1)
    if strict and n_ok < len(results):
        raise typer.Exit(1)


@app.command()
def pipeline(
    strict: bool = typer.Option(False, "--strict", help="Fail when a catalogued file is missing (default: skip the tables that need it)."),
    force: bool = typer.Option(False, "--force", help="Rebuild every table even if its inputs and code are unchanged."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Exit non-zero instead of waiting when another run holds the lock."),
    no_reports: bool = typer.Option(False, "--no-reports", help="Do not (re)build reports/."),
):
    """Build, validate and publish every table whose inputs are present, then the database and reports.

    Tables whose inputs and code are unchanged are not rebuilt. Nothing is published
    unless every expectation and reconciliation passes; data/processed/ then still
    holds the last good version.
    """
    from pipeline.store import publish
    from pipeline.run import run

    p = _paths()
    try:
        with publish.run_lock(p, wait=not no_wait, say=_echo):
            result = run(p, strict=strict, force=force, say=_echo, reports=not no_reports)
    except MatchstatsError as exc:
        _fail(exc)
    built = [o for o in result.tables if o.state in ("built", "unchanged")]
    skipped = [o for o in result.tables if o.state == "skipped"]
    _echo(f"Summary: {len(built)} table(s) published"
          + (f", {len(skipped)} skipped" if skipped else "") + f", {len(result.marts)} analyses.")
    for o in skipped:
        _echo(f"  skipped {o.table}: {o.note}")
    if result.missing:
        _echo("Missing source files: run `matchstats fetch` (or `--from DIR`), or download them as shown above.")


@app.command()
def query(
    sql: str = typer.Argument(..., help="A SQL query over the published tables and analyses (DuckDB dialect)."),
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
):
    """Run a read-only SQL query against data/processed/matchstats.duckdb."""
    from pipeline.store import warehouse

    try:
        con = warehouse.connect(_paths())
    except MatchstatsError as exc:
        _fail(exc)
    import duckdb

    try:
        cur = con.execute(sql)
        cols = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall()
    except duckdb.Error as exc:
        typer.echo(f"Error: the query failed: {str(exc).splitlines()[0]}\nWhat to do: `matchstats tables` lists "
                   "the tables and views; `matchstats dictionary TABLE` their columns.", err=True)
        raise typer.Exit(1)
    finally:
        con.close()
    _echo(format_rows(cols, rows, as_csv=csv))


def format_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(round(v, 10)) if v != int(v) or abs(v) >= 1e15 else f"{v:.1f}"
    return str(v)


def format_rows(cols: list[str], rows: list[tuple], as_csv: bool = False) -> str:
    if as_csv:
        import csv as _csv
        import io

        buf = io.StringIO()
        w = _csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        w.writerows([[("" if v is None else v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[format_cell(v) for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    numeric = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) for i in range(len(cols))]
    def fmt(vals):
        return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(vals, widths, numeric)).rstrip()
    lines = [fmt(cols), "  ".join("-" * w for w in widths)] + [fmt(r) for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@app.command()
def tables():
    """List the published tables and analyses with their row counts."""
    from pipeline.store import warehouse

    try:
        con = warehouse.connect(_paths())
    except MatchstatsError as exc:
        _fail(exc)
    try:
        names = con.execute("select view_name from duckdb_views() where not internal order by view_name").fetchall()
        from pipeline.config import DICTIONARY_DIR

        base = {p.stem for p in DICTIONARY_DIR.glob("*.yml")}
        rows = []
        for (name,) in names:
            n = con.execute(f'select count(*) from "{name}"').fetchone()[0]
            rows.append((name, "table" if name in base else "analysis", n))
    finally:
        con.close()
    _echo(format_rows(["name", "kind", "rows"], rows))


@app.command(name="dictionary")
def dictionary_cmd(table: Optional[str] = typer.Argument(None, help="A table name; all tables if omitted.")):
    """Show the data dictionary: tables, their columns, types, units and meaning."""
    from pipeline.store import dictionary

    try:
        specs = [dictionary.spec(table)] if table else dictionary.all_specs()
    except MatchstatsError as exc:
        _fail(exc)
    for s in specs:
        _echo(f"{s.name}: {s.title}")
        _echo(f"  {s.description}")
        if s.key:
            _echo(f"  key: {', '.join(s.key)}")
        if s.caveats:
            _echo(f"  caveats: {s.caveats}")
        for c in s.columns:
            unit = f" [{c.unit}]" if c.unit else ""
            null = ", nullable" if c.nullable else ""
            _echo(f"  - {c.name} ({c.type}{null}){unit}: {c.description}")
        _echo("")


@app.command()
def report(
    specialty: Optional[str] = typer.Option(
        None, "--specialty", "-s",
        help="Write reports/specialties/<specialty_id>.html for one specialty: its display name or specialty_id "
             "(case-insensitive), e.g. \"Internal Medicine\"."),
    all_: bool = typer.Option(False, "--all", help="Rebuild every specialty report and reports/index.html."),
    fmt: str = typer.Option("html", "--format", "-f",
                            help="html, or pdf to also print the report(s) to PDF (needs headless Chromium)."),
):
    """Write the reports in reports/: the specialty reports and the index.

    Without options, rebuilds what is out of date (the index and the specialty reports
    after the data or the code changed).
    """
    import time

    from pipeline.reports import index
    from pipeline.reports import specialty as specialty_report
    from pipeline.reports import specialty_data

    fmt = fmt.strip().lower()
    if fmt not in ("html", "pdf"):
        typer.echo(f"Error: --format must be html or pdf, not {fmt!r}", err=True)
        raise typer.Exit(2)
    p = _paths()
    try:
        if specialty is not None:
            data = specialty_data.load_data(p)
            sid = specialty_data.resolve(specialty, data)
            t0 = time.perf_counter()
            out = specialty_report.write(p, data, sid)
            _echo(f"Wrote {out} ({time.perf_counter() - t0:.2f} s)")
            if fmt == "pdf":
                for pdf in specialty_report.write_pdfs(p, [sid], say=lambda m: None):
                    _echo(f"Wrote {pdf}")
        if all_ or specialty is None:
            out = index.build_index(p, say=_echo, force=all_)
            if out:
                _echo(f"Wrote {out}")
            if fmt == "pdf" and specialty is None:
                data = specialty_data.load_data(p)
                pdfs = specialty_report.write_pdfs(p, data.specialties, say=_echo)
                _echo(f"Wrote {len(pdfs)} PDF(s) to {p.reports / specialty_data.SUBDIR}")
    except MatchstatsError as exc:
        _fail(exc)


@app.command()
def validate():
    """Validate the published data/processed/ and write reports/validation.html and .json."""
    from pipeline.reports import validation as validation_report

    try:
        ok = validation_report.validate_published(_paths(), say=_echo)
    except MatchstatsError as exc:
        _fail(exc)
    if not ok:
        raise typer.Exit(1)


@app.command()
def check(
    claims: Optional[Path] = typer.Argument(None, help="A claims file (YAML), e.g. claims/examples/img-residency-guide.yml."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the CSV and HTML results (default reports/check/)."),
    metrics: bool = typer.Option(False, "--metrics", help="List the metrics and dimensions a claim can use, then exit."),
):
    """Fact-check quoted figures against the published data.

    Prints one verdict per claim (confirmed, wrong year, wrong value, different
    definition, not in data) with the data's value, the source table and its
    citation, and writes the same as CSV and HTML. Exit code 0 when every claim is
    confirmed, 1 when any is not, 2 when the claims cannot be checked.
    """
    from pipeline import check as checking

    if metrics:
        _echo(checking.describe_registry())
        return
    if claims is None:
        typer.echo("Error: give a claims file, e.g. `matchstats check claims/examples/img-residency-guide.yml` "
                   "(`matchstats check --metrics` lists the metrics).", err=True)
        raise typer.Exit(2)
    p = _paths()
    try:
        results = checking.check_file(p, claims)
        _echo(checking.format_text(results))
        from pipeline.store.publish import current_version

        version = current_version(p)
        csv_path, html_path = checking.write_reports(results, claims, out or p.reports / "check",
                                                     database=version.name if version else "")
    except MatchstatsError as exc:
        _fail(exc, code=2)
    _echo(f"Wrote {csv_path} and {html_path}")
    if any(r.verdict != checking.CONFIRMED for r in results):
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
