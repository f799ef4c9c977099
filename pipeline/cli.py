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
from pipeline.errors import InputError, MatchstatsError, UsageError, shorten

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
    try:
        typer.echo(msg)
        sys.stdout.flush()
    except OSError as exc:  # stdout closed (`| head`) or on a full disk: the output stops, the command goes on
        from pipeline.marts.query import discard_stdout

        discard_stdout(sys.stdout)
        if not isinstance(exc, BrokenPipeError):
            typer.echo(f"matchstats: standard output cannot be written ({exc.strerror or exc}); going on without it",
                       err=True)


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
def add(files: list[Path] = typer.Argument(..., metavar="FILE", help="Downloaded report files (PDF, CSV, or the Charting Outcomes transcription) to register."),
        year: Optional[int] = typer.Option(None, "--year", help="The Match year of a file that prints none (the Charting Outcomes transcription, data.js); a file that prints its year needs none."),
        source: Optional[str] = typer.Option(None, "--source", help="For a transcription: the address where it is published (catalogued as its landing page and cited with its figures)."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what adding the files would do (read in full: kind, years, programs, codes, shared years, reconciliation) and register nothing."),
        replace: bool = typer.Option(False, "--replace", help="A file of the same kind and years as a catalogued edition replaces it (keeping its id and folder).")):
    """Register downloaded reports: recognise each file's report and edition from its content, copy it to
    data/raw/<publisher>/<year>/ and add its entry (kind, title, years, md5, size, terms) to data/raw/sources.yml.
    Then run `matchstats pipeline`: every edition of a report feeds its table, with no code change.
    Each file is read in full first and what adding it will do is shown; `--dry-run` stops there.

    The Charting Outcomes transcription (data.js) prints no year: `matchstats add data.js --year 2027
    --source URL` files it under data/raw/transcriptions/2027/ as a transcription, not NRMP's file."""
    from pipeline.sources.add import add as add_files

    try:
        added = add_files(_paths(), files, say=_echo, year=year, source=source, dry_run=dry_run, replace=replace)
    except MatchstatsError as exc:
        _fail(exc)
    if any(a.state in ("added", "replaced") for a in added):
        _echo("Next: `matchstats pipeline` (or `make pipeline`) builds the tables with the new edition(s).")


@app.command()
def pipeline(
    strict: bool = typer.Option(False, "--strict", help="Fail when a catalogued file is missing (default: skip the tables that need it)."),
    force: bool = typer.Option(False, "--force", help="Rebuild every table even if its inputs and code are unchanged."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Exit non-zero instead of waiting when another run holds the lock."),
    no_reports: bool = typer.Option(False, "--no-reports", help="Do not (re)build reports/."),
    fetch_first: bool = typer.Option(False, "--fetch", help="First get missing files as `matchstats fetch` does "
                                     "(from $MATCHSTATS_RAW_MIRROR, or downloads); the run then lists what is still "
                                     "missing, once (what `make pipeline` runs)."),
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
        if fetch_first:
            from pipeline.sources import catalogue
            from pipeline.sources.fetch import fetch_quietly

            fetch_quietly(catalogue.load(p), p, say=_echo)
        with publish.run_lock(p, wait=not no_wait, say=_echo):
            result = run(p, strict=strict, force=force, say=_echo, reports=not no_reports)
    except MatchstatsError as exc:
        _fail(exc)
    built = [o for o in result.tables if o.state in ("built", "unchanged")]
    skipped = [o for o in result.tables if o.state == "skipped"]
    nm = len(result.marts)
    _echo(f"Summary: {len(built)} {'table' if len(built) == 1 else 'tables'} published"
          + (f", {len(skipped)} skipped" if skipped else "") + f", {nm} {'analysis' if nm == 1 else 'analyses'}"
          + (" (unchanged)." if result.marts_unchanged else "."))
    for o in skipped:
        _echo(f"  skipped {o.table}: {o.note}")
    if result.missing:
        from pipeline.sources.fetch import next_steps

        for line in next_steps(result.missing):
            _echo(line)


@app.command()
def query(
    sql: str = typer.Argument(..., metavar="SQL", help="One SQL statement over the published tables and analyses (DuckDB dialect)."),
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table: every row, streamed."),
    timeout: float = typer.Option(30.0, "--timeout", metavar="SECONDS", min=0,
                                  help="Stop the query after this many seconds (0: no limit)."),
    limit: int = typer.Option(50, "--limit", metavar="N", min=0, help="Rows the table view shows (the rest are counted)."),
):
    """Run one read-only SQL statement against data/processed/matchstats.duckdb.

    The query reads the published tables and analyses and nothing else: writing or reading
    files (COPY, EXPORT DATABASE, read_csv, ...), ATTACH, INSTALL / LOAD and SET are refused.
    It is stopped after --timeout seconds and may use 2 GB of memory. The table view shows
    the first --limit rows; --csv streams every row.
    To save a result: matchstats query "SELECT ..." --csv > result.csv
    """
    from pipeline.marts import query as q
    from pipeline.store import warehouse

    try:
        q.statement(sql)  # not UTF-8, empty or several statements: said before opening the database
        con = warehouse.connect(_paths())
    except MatchstatsError as exc:
        _fail(exc)
    try:
        q.run(con, sql, sys.stdout, as_csv=csv, timeout=timeout, limit=limit)
    except q.OutputClosed:  # `| head -1`: the reader has what it wanted
        raise typer.Exit(0)
    except MatchstatsError as exc:
        _fail(exc)
    finally:
        con.close()


def format_rows(cols: list[str], rows: list[tuple], as_csv: bool = False, right: tuple[str, ...] = ()) -> str:
    """A text table (or CSV): numbers right-aligned, and the columns named in ``right`` (pipeline.marts.query)."""
    from pipeline.marts.query import format_rows as _format_rows

    return _format_rows(cols, rows, as_csv=as_csv, right=right)


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
    _echo(format_rows(["name", "kind", "rows"], [(n, k, f"{c:,}") for n, k, c in rows], right=("rows",)))


def _not_reconciled(table: str) -> list[str]:
    """What the published data version's run could not reconcile for ``table`` (from its validation record)."""
    from pipeline.reports.validation import read_record
    from pipeline.store.publish import current_version

    version = current_version(_paths())
    lines = ((read_record(version) or {}).get("not_reconciled") or {}).get(table) or []
    if not lines:
        return []
    return [f"  not reconciled in the published data (version {version.name}):"] + [f"    {x}" for x in lines]


@app.command(name="dictionary")
def dictionary_cmd(name: Optional[str] = typer.Argument(None, metavar="NAME", help="A table or analysis name; all of them if omitted.")):
    """Show the data dictionary: every table (columns, types, units, meaning, caveats) and every analysis
    (mart: columns, definitions, caveats, from pipeline/marts/README.md)."""
    from pipeline.store import dictionary

    tables = [s.name for s in dictionary.all_specs()]
    from pipeline.marts import MARTS
    from pipeline.marts import docs

    if name is not None and name not in tables and name not in MARTS:
        _fail(UsageError(f"{shorten(name)!r} is neither a table nor an analysis",
                         todo="use one of the tables: " + ", ".join(tables) + "; or of the analyses: "
                              + ", ".join(MARTS) + " (`matchstats dictionary` shows them all)"))
    from pipeline.store.covered import fill_years  # "{years:TABLE}": the years of the published data
    from pipeline.store.publish import current_version

    version = current_version(_paths())
    if name is None or name in tables:
        for s in ([dictionary.spec(name)] if name else dictionary.all_specs()):
            _echo(f"{s.name} (table): {s.title}")
            _echo(f"  {fill_years(s.description, version)}")
            if s.key:
                _echo(f"  key: {', '.join(s.key)}")
            if s.caveats:
                _echo(f"  caveats: {fill_years(s.caveats, version)}")
            for line in _not_reconciled(s.name):
                _echo(line)
            for c in s.columns:
                unit = f" [{c.unit}]" if c.unit else ""
                null = ", nullable" if c.nullable else ""
                _echo(f"  - {c.name} ({c.type}{null}){unit}: {fill_years(c.description, version)}")
            _echo("")
    if name is None:
        _echo("Analyses (DuckDB views over the tables). " + docs.conventions().replace("**", ""))
        _echo("")
    if name is None or name in MARTS:
        for m in ([name] if name else list(MARTS)):
            _echo(fill_years(docs.as_text(docs.describe(m)), version))
            _echo("")


@app.command()
def specialties():
    """List the specialties: id, display name and the names a report accepts (labels, aliases).

    `matchstats report --specialty NAME` takes any of them, case-insensitive; a close misspelling
    is resolved when one specialty clearly fits best (it says which)."""
    from pipeline.ingest.specialties import crosswalk

    cw = crosswalk()
    rows = []
    for sid, name in sorted(cw.names.items(), key=lambda kv: kv[1].casefold()):
        names = [a for a in cw.accepted(sid) if a.casefold() not in (name.casefold(), sid)]
        rows.append((sid, name, "; ".join(names)))
    from pipeline.reports.text_table import fit_table  # as wide as the terminal: long cells wrap

    _echo(fit_table(["specialty_id", "name", "also accepted"], rows))


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
        typer.echo(f"Error: --format must be html or pdf, not {shorten(fmt)!r}", err=True)
        raise typer.Exit(2)
    p = _paths()
    try:
        if specialty is not None:
            data = specialty_data.load_data(p)
            sid = specialty_data.resolve(specialty, data, say=_echo)
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
    claims: Optional[str] = typer.Argument(None, metavar="FILE", help="A claims file (YAML), or an article (plain text, Markdown or HTML); - reads standard input."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the results (default reports/check/): CSV and HTML for a claims file, JSON and HTML for an article."),
    metrics: bool = typer.Option(False, "--metrics", help="List the metrics and dimensions a claim can use, then exit."),
    fmt: str = typer.Option("text", "--format", help="What to print: text (a summary) or json ({\"figures\": [...]} for an article, {\"claims\": [...]} for a claims file)."),
    html_file: Optional[Path] = typer.Option(None, "--html", help="Also write the HTML page here: the article with each figure highlighted by its verdict (or the claims table)."),
    write_claims: Optional[Path] = typer.Option(None, "--write-claims", help="Article only: write the figures as read to this claims file (YAML) to correct and check again."),
):
    """Fact-check quoted figures against the published data: a claims file, or an article as written.

    A claims file (YAML) lists figures with their metric and dimensions. An article
    (.txt, .md, .html, or standard input; told apart by extension and content) is
    read by rules (pipeline/check/article.py, words in vocabulary.yml): every number
    is considered, and the statistics the data can check become claims, with where
    each dimension came from. Verdicts: confirmed, wrong year, wrong value, different
    definition, not in data; for an article also not checked (with the reason).
    Exit code 0 when nothing checked is contradicted, 1 when any claim is not
    confirmed or any figure of an article is contradicted (wrong value, wrong year,
    different definition; "not in data" and "not checked" excepted), 2 when it
    cannot be checked. A figure is judged only in a reading the text makes certain.
    """
    from pipeline import check as checking

    if metrics:
        _echo(checking.describe_registry())
        return
    if claims is None:
        typer.echo("Error: give a claims file or an article, e.g. `matchstats check "
                   "claims/examples/img-residency-guide.yml` (`matchstats check --metrics` lists the metrics).", err=True)
        raise typer.Exit(2)
    if fmt not in ("text", "json"):
        typer.echo(f"Error: --format {shorten(fmt)!r}: use text or json.", err=True)
        raise typer.Exit(2)
    import json

    from pipeline.check import document
    from pipeline.check.article_output import write_file
    from pipeline.store.publish import current_version

    p = _paths()
    try:
        if claims != "-" and document.detect(claims, "") == "claims":
            name, content, kind = claims, None, "claims"
        else:
            name, content = document.read_input(claims)
            kind = document.detect(name if claims != "-" else "-", content)
        version = current_version(p)
        db = version.name if version else ""
        folder = out or p.reports / "check"
        if kind == "claims":
            if write_claims is not None:
                raise UsageError("--write-claims is for articles: this is already a claims file", where=claims,
                                 todo="drop --write-claims, or give an article (.txt, .md, .html)")
            from pipeline.check.claims import load_claims, parse_claims

            problems: list = []  # claims that are not valid: listed after the results, exit code 2
            results = checking.check_claims(p, load_claims(Path(claims), problems) if content is None
                                            else parse_claims(content, Path(name), problems))
            if problems and not results:  # nothing valid to check: no results are written
                raise problems[0] if len(problems) == 1 else InputError(
                    "none of the claims can be checked:\n  - " + "\n  - ".join(e.message for e in problems),
                    where=str(name), todo="correct the claims as each message says")
            _echo(checking.format_text(results) if fmt == "text" else
                  json.dumps({"claims": [r.row() for r in results]}, indent=2, ensure_ascii=False, default=str))
            stem = Path(name if content is None else "stdin").name
            csv_path, html_path = checking.write_reports(results, Path(stem), folder, database=db,
                                                         problems=problems)
            if html_file is not None:
                write_file(html_file, checking.to_html(results, Path(stem), db, problems))
            if fmt == "text":
                _echo(f"Wrote {csv_path} and {html_path}")
            failed = any(r.verdict != checking.CONFIRMED for r in results)
            if problems:
                typer.echo(f"{len(problems)} claim(s) could not be checked; the other {len(results)} were:",
                           err=True)
                for exc in problems:
                    typer.echo(f"  - {exc.message}".replace("\n", "\n    "), err=True)
                raise typer.Exit(2)
        else:
            from pipeline.check import article_claims, article_html, article_output

            ac = article_output.check_document(p, document.parse(name, content, kind))
            _echo(article_output.format_text(ac) if fmt == "text" else article_output.to_json(ac).rstrip())
            stem = Path(name).stem or "article"
            page = article_html.to_html(ac, db)
            written = [write_file(folder / f"{stem}.json", article_output.to_json(ac)),
                       write_file(folder / f"{stem}.html", page)]
            if html_file is not None:
                written.append(write_file(html_file, page))
            if write_claims is not None:
                yml = article_claims.to_claims_yaml(ac, name)
                if yml is None:
                    typer.echo("No figure was read as a claim: no claims file written.", err=True)
                else:
                    written.append(write_file(write_claims, yml))
            if fmt == "text":
                _echo("Wrote " + ", ".join(str(w) for w in written))
            failed = ac.failed
    except MatchstatsError as exc:
        _fail(exc, code=2)
    if failed:
        raise typer.Exit(1)


@app.command()
def plan(
    profile: Optional[Path] = typer.Argument(None, metavar="PROFILE", help="A profile file (YAML); `--example` prints one. Flags given replace its fields."),
    specialty: list[str] = typer.Option([], "--specialty", "-s", metavar="NAME", help="A specialty as you would type it (IM, \"family med\", Pediatrics); 1 to 5, repeat the flag."),
    score: Optional[str] = typer.Option(None, "--score", metavar="N", help="USMLE Step 2 CK score, 1-300."),
    state: list[str] = typer.Option([], "--state", metavar="STATE", help="A state (USPS code or name); repeat the flag; none = every state."),
    applicant_type: Optional[str] = typer.Option(None, "--applicant-type", metavar="TYPE", help="non_us_img (default) or us_img."),
    measure: list[str] = typer.Option([], "--measure", metavar="NAME=COUNT", help="Another Charting Outcomes measure as NAME=COUNT: contiguous_ranks, research, publications, abstracts, presentations, work, volunteer, specialties_ranked."),
    name: Optional[str] = typer.Option(None, "--name", metavar="TEXT", help="The applicant's name or label (names the output file)."),
    fmt: str = typer.Option("html", "--format", "-f", metavar="FORMAT", help="html, pdf (the page and its PDF; needs headless Chromium) or json."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", metavar="FILE", help="Output file (default reports/plans/<name>.html, .pdf or .json)."),
    example: bool = typer.Option(False, "--example", help="Print a profile file to start from, and exit."),
):
    """One applicant's page: where a Step 2 CK score stands among non-U.S. IMGs who preferred each specialty,
    preferred-specialty match rates, IMG shares by state, programs and their unfilled years, rank-order-list
    length; from the published data, each figure with its year, source and definition (no probabilities)."""
    from pipeline.errors import UsageError
    from pipeline.reports import plan as plan_report
    from pipeline.reports.plan_data import EXAMPLE

    if example:
        typer.echo(EXAMPLE, nl=False)
        return
    try:
        plan_report.command(_paths(), profile, specialty, score, state, applicant_type, measure, name, fmt, out,
                            echo=_echo)
    except UsageError as exc:
        _fail(exc, code=2)
    except MatchstatsError as exc:
        _fail(exc)


# The one-line description of each command in `matchstats --help` (click cuts a longer first sentence with "...").
SHORT_HELP = {
    "plan": "One applicant's page: standing, states, programs.",
    "fetch": "Get missing report files (download or mirror copy).",
    "add": "Register downloaded report files in the catalogue.",
    "pipeline": "Build, validate and publish the tables and reports.",
    "query": "Read-only SQL over the tables and analyses.",
    "tables": "List the tables and analyses with row counts.",
    "dictionary": "Columns and caveats of every table and analysis.",
    "specialties": "List specialty ids, names and accepted aliases.",
    "report": "Write specialty reports (HTML, PDF) and the index.",
    "validate": "Re-validate the published data; write the page.",
    "check": "Fact-check quoted figures against the data.",
}
for _cmd in app.registered_commands:
    _name = _cmd.name or (_cmd.callback.__name__ if _cmd.callback else "")
    if _cmd.short_help is None and _name in SHORT_HELP:
        _cmd.short_help = SHORT_HELP[_name]


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
