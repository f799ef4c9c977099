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


_COLOURS = {CONFIRMED: ("#1a7f37", "#dafbe1"), WRONG_YEAR: ("#9a6700", "#fff1c2"),
            WRONG_VALUE: ("#cf222e", "#ffe0e0"), DIFFERENT_DEFINITION: ("#8250df", "#f0e6ff"),
            NOT_IN_DATA: ("#57606a", "#eaeef2")}
_HEAD = ("#", "Claim", "Verdict", "Stated", "Data", "Difference")


def _cls(verdict: str) -> str:
    return "v-" + verdict.replace(" ", "-")


def _claim_rows(r: Result) -> str:
    """Two rows per claim: the figures in short columns, then the reading (found in, series, note,
    citation) across the whole width, so a long note reads as a paragraph, not a tall narrow column."""
    e = html.escape
    d = r.row()
    cls = _cls(r.verdict)
    label = f"claim {d['claim']}" + (f" ({d['id']})" if d["id"] else "")
    figures = (
        f'<tr class="c {cls}" id="c{e(str(d["claim"]))}">'
        f'<td class=k>{e(str(d["claim"]))}</td>'
        f'<td><q>{e(d["text"])}</q><div class=m>{e(d["metric"])}'
        + (f" &middot; {e(d['dimensions'])}" if d["dimensions"] else "") + "</div></td>"
        f'<td class=v><span class=badge>{e(r.verdict)}</span></td>'
        f'<td class=n data-h="Stated">{e(d["stated"])}<div class=m>{e(d["compared_at"])}</div></td>'
        f'<td class=n data-h="Data">{e(d["data_value"]) or "&ndash;"}<div class=m>{e(str(d["data_year"]))}</div></td>'
        f'<td class=n data-h="Difference">{e(d["difference"]) or "&ndash;"}</td></tr>')
    facts = []
    if d["found_in"]:
        facts.append(("Found in", e(d["found_in"])))
    facts.append(("Series", e(d["series"]) + (f' <span class=m>({e(d["source_table"])})</span>'
                                              if d["source_table"] else "")))
    if d["note"]:
        facts.append(("Note", e(d["note"])))
    facts.append(("Citation", e(d["citation"]) or "&ndash;"))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    reading = (f'<tr class="r {cls}" aria-label="{e(label)}: reading"><td class=k></td>'
               f'<td colspan="{len(_HEAD) - 1}"><dl>{dl}</dl></td></tr>')
    return figures + "\n" + reading


def to_html(results: list[Result], claims_file: Path, database: str = "", problems: list | None = None) -> str:
    """The results as one self-contained page (no external resource), readable from phone width up.
    ``problems``: the claims that could not be checked (their errors), listed after the results."""
    e = html.escape
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    db = f" (version {e(database)})" if database else ""
    css = "".join(f".{_cls(v)} .badge{{color:{fg};background:{bg}}} tr.{_cls(v)}>td.k{{border-left:4px solid {fg}}}"
                  for v, (fg, bg) in _COLOURS.items())
    head = "".join(f"<th>{h}</th>" for h in _HEAD)
    unchecked = ""
    if problems:
        items = "".join(f"<li><pre>{e(getattr(p, 'message', str(p)))}</pre></li>" for p in problems)
        unchecked = (f"<h2>{len(problems)} claim(s) could not be checked</h2><p>Correct each as its message says and "
                     f"run the check again; the results above are for the other claims.</p><ul class=bad>{items}</ul>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fact check: {e(claims_file.name)}</title>
<style>
*{{box-sizing:border-box}}
body{{font-family:system-ui,sans-serif;margin:0 auto;padding:1rem 1.25rem;max-width:64rem;color:#1f2328;
line-height:1.5;overflow-wrap:anywhere}}
table{{border-collapse:collapse;font-size:.92rem;width:100%}}
th,td{{padding:.4rem .6rem;vertical-align:top;text-align:left}}
th{{background:#f6f8fa;border-bottom:1px solid #d0d7de}}
tr.c>td{{padding-top:.7rem}} tr.r>td{{border-bottom:1px solid #d0d7de;padding-bottom:.7rem}}
td.n{{text-align:right;white-space:nowrap}} td.v{{white-space:nowrap}} td.k{{width:2.5rem;color:#57606a}}
.badge{{font-weight:600;padding:.1rem .45rem;border-radius:1rem;font-size:.85rem}}
.m{{color:#57606a;font-size:.82rem}} q{{font-style:italic}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:0;font-size:.88rem}}
dt{{color:#57606a}} dd{{margin:0}}
ul.bad pre{{white-space:pre-wrap;font-size:.85rem;margin:.3rem 0}}
@media (max-width:640px){{
 thead{{display:none}} table,tbody,tr,td{{display:block;width:100%}}
 tr.c>td{{padding:.15rem .5rem}} td.k{{width:auto;border-left:none}} td.n{{text-align:left}}
 td.n::before{{content:attr(data-h) ": ";color:#57606a}}
 tr.c{{margin-top:.8rem}} dl{{grid-template-columns:1fr}} dt{{margin-top:.3rem}}
}}
{css}
</style></head><body>
<h1>Fact check: {e(claims_file.name)}</h1>
<p>{e(summary(results))}. Checked {e(stamp)} against the published data{db}.</p>
<p class=m>A claim is confirmed when the stated value equals the data's value at the stated precision
(the data rounded half-up to the digits the claim gives; the claim is never rounded). Wrong year: the same
figure belongs to another year. Different definition: a related series (no-couples, all positions instead of
PGY-1, ...) matches in the stated year. Not in data: nothing is selected for the stated year; the note names
what the data do have. Difference = stated &minus; data.</p>
<table><thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(_claim_rows(r) for r in results)}
</tbody></table>
{unchecked}
</body></html>
"""


def write_reports(results: list[Result], claims_file: Path, out_dir: Path, database: str = "",
                  problems: list | None = None) -> tuple[Path, Path]:
    from pipeline.store import publish

    stem = claims_file.stem
    csv_path, html_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.html"
    try:
        publish.write_atomic(csv_path, to_csv(results))
        publish.write_atomic(html_path, to_html(results, claims_file, database, problems))
    except OSError as exc:
        raise MatchstatsError(f"cannot write the check reports ({exc.strerror or exc})", where=str(out_dir),
                              todo="choose another folder with --out, or free space / fix its permissions") from None
    return csv_path, html_path
