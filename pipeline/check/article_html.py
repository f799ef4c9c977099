"""The fact-checked article as one self-contained HTML page: the article's own text (escaped), each figure
highlighted by its verdict, its note shown on hover, focus or tap (CSS only), and the list of figures with
their readings below. No external resource; readable at phone width (390 px)."""

from __future__ import annotations

import html
from datetime import datetime, timezone

from pipeline.check.article_numbers import STATISTIC, Figure
from pipeline.check.article_output import ArticleCheck, not_figure, summary
from pipeline.check.registry import (CONFIRMED, DIFFERENT_DEFINITION, NOT_CHECKED, NOT_IN_DATA, WRONG_VALUE,
                                     WRONG_YEAR)

COLOURS = {CONFIRMED: ("#1a7f37", "#dafbe1"), WRONG_YEAR: ("#9a6700", "#fff1c2"), WRONG_VALUE: ("#cf222e", "#ffe0e0"),
           DIFFERENT_DEFINITION: ("#8250df", "#f0e6ff"), NOT_IN_DATA: ("#57606a", "#eaeef2"),
           NOT_CHECKED: ("#57606a", "#f6f8fa")}
e = html.escape


def _cls(verdict: str) -> str:
    return "v-" + verdict.replace(" ", "-")


def _tip(ac: ArticleCheck, f: Figure) -> str:
    parts = [f"<b>{e(f.verdict)}</b>"]
    if f.metric:
        parts.append(f"read as {e(f.metric)}: " + e("; ".join(f"{k} {d.value}" for k, d in f.dims.items())))
    if f.data_value:
        parts.append(f"data: {e(f.data_value)} ({e(str(f.data_year))})")
    if f.note:
        parts.append(e(f.note))
    return "<br>".join(parts)


def _marked(ac: ArticleCheck, start: int, end: int, shown: str) -> str:
    """shown[start:end] (the block's text) with its figures marked."""
    import bisect

    starts = [f.start for f in ac.figures]
    out, pos = [], start
    for f in ac.figures[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]:
        if not_figure(f) or f.start < pos or f.end > end:
            continue
        out.append(e(shown[pos:f.start]))
        cls = _cls(f.verdict or NOT_CHECKED) + ("" if f.kind == STATISTIC else " other")
        out.append(f'<span class="fig {cls}" tabindex="0" id="f{f.number}"><mark>{e(shown[f.start:f.end])}</mark>'
                   f'<a class="n" href="#n{f.number}">{f.number}</a>'
                   f'<span class="tip" role="tooltip">{_tip(ac, f)}</span></span>')
        pos = f.end
    out.append(e(shown[pos:end]))
    return "".join(out)


def _article(ac: ArticleCheck) -> str:
    doc = ac.doc
    shown = doc.display
    parts, in_list = [], False
    for b in doc.blocks:
        if b.kind != "item" and in_list:
            parts.append("</ul>")
            in_list = False
        if b.kind == "heading":
            lvl = min(max(b.level, 1) + 1, 6)
            parts.append(f"<h{lvl}>{_marked(ac, b.start, b.end, shown)}</h{lvl}>")
        elif b.kind == "item":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{_marked(ac, b.start, b.end, shown)}</li>")
        elif b.kind == "table":
            rows = []
            for i, row in enumerate(b.rows):
                tag = "th" if i == 0 and b.header else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{_marked(ac, s, t, shown)}</{tag}>" for s, t in row) + "</tr>")
            parts.append('<div class="tw"><table>' + "".join(rows) + "</table></div>")
        else:
            parts.append(f"<p>{_marked(ac, b.start, b.end, shown)}</p>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def _figure_list(ac: ArticleCheck) -> str:
    rows = []
    for f in ac.figures:
        if not_figure(f):
            continue
        r = f.result
        dims = "".join(f"<li><b>{e(k)}</b> {e(str(d.value))} <span class=m>({e(d.source)})</span></li>"
                       for k, d in f.dims.items())
        src = f"<div class=m>{e(r.source_table)}; {e(r.citation)}</div>" if r is not None and r.source_table else ""
        rows.append(
            f'<li id="n{f.number}" class="{_cls(f.verdict or NOT_CHECKED)}"><a href="#f{f.number}">{f.number}</a> '
            f'<span class=verdict>{e(f.verdict)}</span> <b>{e(f.stated)}</b> '
            f'<span class=m>line {ac.doc.line(f.start)}</span>'
            + (f"<div>read as <code>{e(f.metric)}</code></div><ul class=dims>{dims}</ul>" if f.metric else "")
            + (f"<div>data: {e(f.data_value)} ({e(str(f.data_year))})</div>" if f.data_value else "")
            + (f"<div>{e(f.note)}</div>" if f.note else "") + src + "</li>")
    others = [f for f in ac.figures if not_figure(f)]
    listed = ", ".join(f"{f.stated} ({f.kind})" for f in others)
    tail = f"<p class=m>Not figures: {e(listed)}</p>" if others else ""
    return "<ol class=figs>" + "".join(rows) + "</ol>" + tail


def to_html(ac: ArticleCheck, database: str = "") -> str:
    doc = ac.doc
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    db = f" (version {e(database)})" if database else ""
    css = "".join(f".{_cls(v)} mark{{background:{bg};color:inherit;border-bottom:2px solid {fg}}}"
                  f".{_cls(v)} .verdict,.{_cls(v)}>.tip b{{color:{fg}}}" for v, (fg, bg) in COLOURS.items())
    legend = " ".join(f'<span class="fig {_cls(v)}"><mark>{e(v)}</mark></span>' for v in COLOURS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fact check: {e(doc.title or doc.name)}</title>
<style>
*{{box-sizing:border-box}}
body{{font-family:system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:46rem;color:#1f2328;line-height:1.55;
overflow-wrap:anywhere}}
.fig{{position:relative;cursor:pointer;white-space:nowrap}} .fig:focus{{outline:2px solid #0969da;outline-offset:1px}}
.fig mark{{padding:0 .1em;border-radius:2px}} .fig.other mark{{font-style:italic}}
.fig .n{{font-size:.65em;vertical-align:super;margin-left:.1em;color:#57606a;text-decoration:none}}
.tip{{display:none;position:absolute;left:0;top:1.7em;z-index:10;width:min(22rem,80vw);white-space:normal;
background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem .6rem;font-size:.85rem;font-weight:normal;
box-shadow:0 4px 12px rgba(0,0,0,.15);line-height:1.4}}
.fig:hover .tip,.fig:focus .tip,.fig:focus-within .tip{{display:block}}
.tw{{overflow-x:auto}} table{{border-collapse:collapse;font-size:.9rem}}
th,td{{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}}
.m{{color:#57606a;font-size:.85rem}} .figs li{{margin:.6rem 0}} .dims{{margin:.2rem 0;padding-left:1.2rem}}
.verdict{{font-weight:600}} .legend{{font-size:.85rem}} article{{border-top:1px solid #d0d7de;margin-top:1rem}}
@media (max-width:600px){{.tip{{position:fixed;left:.5rem;right:.5rem;top:auto;bottom:.5rem;width:auto;
max-height:45vh;overflow:auto}}}}
{css}
</style></head><body>
<h1>Fact check: {e(doc.title or doc.name)}</h1>
<p>{e(summary(ac))}. Checked {e(stamp)} against the published data{db}. Hover, focus or tap a highlighted
figure for its verdict and note; the list below gives every figure's reading.</p>
<p class=legend>{legend}</p>
<article>
{_article(ac)}
</article>
<h2>Figures</h2>
<p class=m>Each figure's metric and dimensions as read from the text (with where each came from), the data's
value for that year and the verdict. Confirmed: equal at the stated precision. Wrong year: the figure of another
year. Different definition: a related series matches. Not in data: nothing for the stated year. Not checked: no
metric reads it, with the reason.</p>
{_figure_list(ac)}
</body></html>
"""
