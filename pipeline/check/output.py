"""Output of the fact-check: the text summary, CSV and the self-contained HTML page."""

from __future__ import annotations
from pipeline.check.registry import CONFIRMED, DIFFERENT_DEFINITION, NOT_IN_DATA, VERDICTS, WRONG_VALUE, WRONG_YEAR
from pipeline.check.verdicts import Result

import csv
import html
import io
from datetime import datetime, timezone
from pathlib import Path

from pipeline.errors import MatchstatsError


CSV_COLUMNS = ["claim", "id", "text", "metric", "dimensions", "stated", "compared_at", "verdict", "data_value",
               "data_year", "difference", "found_in", "series", "source_table", "citation", "note"]


def summary(results: list[Result]) -> str:
    counts = {v: sum(r.verdict == v for r in results) for v in VERDICTS}
    parts = [f"{n} {v}" for v, n in counts.items() if n]
    return f"{counts[CONFIRMED]} of {len(results)} claim(s) confirmed" + (f" ({', '.join(parts)})" if parts else "")


def format_text(results: list[Result]) -> str:
    blocks = []
    for r in results:
        c = r.claim
        dims = ", ".join(f"{k}={v}" for k, v in c.dims.items())
        rows = [
            ("verdict", r.verdict.upper()),
            ("metric", f"{c.metric.name} ({dims})"),
            ("stated", f"{c.stated.text} (compared at {c.stated.precision(c.metric.percent)})"),
            ("data value", f"{r.data_value} ({r.data_year})" if r.data_value else "-"),
        ]
        if r.difference:
            rows.append(("difference", f"{r.difference} (stated - data)"))
        if r.found_in:
            rows.append(("found in", r.found_in))
        rows.append(("series", r.series))
        rows.append(("source table", r.source_table or "-"))
        rows.append(("citation", r.citation or "-"))
        if r.note:
            rows.append(("note", r.note))
        width = max(len(k) for k, _ in rows)
        head = f"Claim {c.number}" + (f" [{c.id}]" if c.id else "") + f": \"{c.text}\""
        blocks.append("\n".join([head] + [f"  {k.ljust(width)}  {v}" for k, v in rows]))
    return "\n\n".join(blocks) + "\n\n" + summary(results)


def to_csv(results: list[Result]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in results:
        w.writerow(r.row())
    return buf.getvalue()


_COLOURS = {CONFIRMED: "#1a7f37", WRONG_YEAR: "#9a6700", WRONG_VALUE: "#cf222e",
            DIFFERENT_DEFINITION: "#8250df", NOT_IN_DATA: "#57606a"}


def to_html(results: list[Result], claims_file: Path, database: str = "") -> str:
    e = html.escape
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    db = f" (version {e(database)})" if database else ""
    rows = []
    for r in results:
        d = r.row()
        colour = _COLOURS[r.verdict]
        rows.append(
            "<tr>"
            f"<td>{e(str(d['claim']))}</td>"
            f"<td><q>{e(d['text'])}</q><div class=m>{e(d['metric'])} &middot; {e(d['dimensions'])}</div></td>"
            f"<td class=v style=\"color:{colour}\">{e(r.verdict)}</td>"
            f"<td class=n>{e(d['stated'])}<div class=m>{e(d['compared_at'])}</div></td>"
            f"<td class=n>{e(d['data_value'])}<div class=m>{e(str(d['data_year']))}</div></td>"
            f"<td class=n>{e(d['difference'])}</td>"
            f"<td>{e(d['found_in'])}</td>"
            f"<td>{e(d['series'])}<div class=m>{e(d['source_table'])}</div></td>"
            f"<td>{e(d['citation'])}</td>"
            f"<td>{e(d['note'])}</td>"
            "</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fact check: {e(claims_file.name)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}}
table{{border-collapse:collapse;font-size:.9rem}}
th,td{{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;vertical-align:top;text-align:left}}
th{{background:#f6f8fa}} td.n{{text-align:right;white-space:nowrap}} td.v{{font-weight:600;white-space:nowrap}}
.m{{color:#57606a;font-size:.8rem}} q{{font-style:italic}}
</style></head><body>
<h1>Fact check: {e(claims_file.name)}</h1>
<p>{e(summary(results))}. Checked {e(stamp)} against the published data{db}.</p>
<p class=m>A claim is confirmed when the stated value equals the data's value at the stated precision
(the data rounded half-up to the digits the claim gives; the claim is never rounded). Wrong year: the same
figure belongs to another year. Different definition: a related series (no-couples, all positions instead of
PGY-1, ...) matches in the stated year. Not in data: nothing is selected for the stated year.
Difference = stated &minus; data.</p>
<table><thead><tr><th>#</th><th>Claim</th><th>Verdict</th><th>Stated</th><th>Data</th><th>Difference</th>
<th>Found in</th><th>Series / source table</th><th>Citation</th><th>Note</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""


def write_reports(results: list[Result], claims_file: Path, out_dir: Path, database: str = "") -> tuple[Path, Path]:
    from pipeline.store import publish

    stem = claims_file.stem
    csv_path, html_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.html"
    try:
        publish.write_atomic(csv_path, to_csv(results))
        publish.write_atomic(html_path, to_html(results, claims_file, database))
    except OSError as exc:
        raise MatchstatsError(f"cannot write the check reports ({exc.strerror or exc})", where=str(out_dir),
                              todo="choose another folder with --out, or free space / fix its permissions") from None
    return csv_path, html_path
