"""``reports/index.html``: the specialty index, what was built, each source's status.

The index leads with a sortable table of every specialty in the data (positions,
fill, IMG share, trend), each linking to its report in ``reports/specialties/``
(``pipeline.reports.specialty``, also (re)built here), followed by the match-rate
chart, the tables built, each source's status and how to get missing ones.

Self-contained: charts are embedded as SVG and the table sorts with CSS alone (no
script, no CDN); strings from sources are HTML-escaped by Jinja's autoescaping.
Rebuilt only when the published data, the sources' status or this code changed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from pipeline.ingest.specialties import crosswalk
from pipeline.sources import catalogue
from pipeline.store import dictionary
from pipeline.store import publish
from pipeline.store.tables import read_meta
from pipeline.config import TEMPLATES_DIR, Paths
from pipeline.errors import MatchstatsError
from pipeline.reports.formatting import (POSITION_TYPES, SMALL_BASE, _missing, change as fmt_change, count, fmt_int,
                                         fmt_pct, is_small, mark)
from pipeline.reports.specialty_data import ReportData, SUBDIR, _first, load_data, report_path


def _env():
    import jinja2

    from pipeline.reports.formatting import rich_text

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    env.filters["rich"] = rich_text
    return env


def _stamp(paths: Paths, version: Path | None, statuses) -> str:
    h = hashlib.sha256(str(version).encode())
    for st in statuses:
        h.update(f"{st.source.id}:{st.state}".encode())
    from pipeline.reports import specialty as specialty_report

    for f in (TEMPLATES_DIR / "index.html.j2", *specialty_report.CODE_FILES):
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def build_index(paths: Paths, result=None, say=print, force: bool = False, specialties: bool = True) -> Path | None:
    """Write reports/index.html (and, with ``specialties``, every specialty report that is out of date).

    Returns the index's path, or None when it was up to date. ``force`` rebuilds everything.
    """
    from pipeline.reports import specialty as specialty_report

    out = paths.reports / "index.html"
    stamp_file = paths.reports / ".index.stamp"
    cat = catalogue.load(paths)
    statuses = [cat.status(s, paths) for s in cat.sources]
    version = publish.current_version(paths)
    stamp = _stamp(paths, version, statuses)
    fresh = not force and out.exists() and stamp_file.exists() and stamp_file.read_text() == stamp
    if fresh and (not specialties or specialty_report.up_to_date(paths)):  # nothing to do: no data read
        n = len((paths.reports / specialty_report.SUBDIR / specialty_report.STAMP).read_text().split()) - 1 \
            if specialties else 0
        if n:
            say(f"[report] reports/{specialty_report.SUBDIR}/: {n} specialty reports up to date")
        say("[report] reports/index.html up to date")
        return None
    data, spec_note = None, None
    if version is not None and paths.database.exists():
        try:
            data = load_data(paths)
        except MatchstatsError as exc:
            spec_note = f"The specialty reports could not be built: {exc.message}"
    if data is not None and specialties:
        specialty_report.build_all(paths, say=say, force=force, data=data)
    if fresh:
        say("[report] reports/index.html up to date")
        return None

    spec_rows = []
    if data is not None:
        spec_rows = [r for r in index_rows(data)
                     if report_path(paths, r["sid"]).exists()]
        if not spec_rows and spec_note is None:
            spec_note = specialty_report.no_reports(data)
    elif spec_note is None:
        spec_note = "No specialty reports: there is no published data yet; run `make pipeline`."

    tables, marts, chart_svg, headline, types = [], list(getattr(result, "marts", []) or []), None, [], []
    chart_svg_narrow = None
    for spec in dictionary.all_specs():
        meta = read_meta(version, spec.name)
        tables.append({"name": spec.name, "title": spec.title,
                       "rows": f"{meta['rows']:,}" if meta else "–",
                       "status": ("built from " + ", ".join(i["id"] for i in meta["inputs"])) if meta
                       else "not built (its source files are missing)"})
    if version is not None and (version / "match_summary.parquet").exists():
        from pipeline.charts import export, figures, theme
        from pipeline.store.tables import load_table

        ms = load_table(version, "match_summary")
        chart_svg = export.to_svg(figures.match_rate_by_applicant_type(ms))
        chart_svg_narrow = export.to_svg(figures.match_rate_by_applicant_type(ms, narrow=True))
        types = [{"key": k, "label": v} for k, v in theme.APPLICANT_LABELS.items()]
        rated = ms[ms["match_rate_pct"].notna()]  # counts published without a rate are not rates to show
        for year in sorted(rated["match_year"].unique(), reverse=True):
            sub = rated[rated["match_year"] == year].set_index("applicant_type")["match_rate_pct"]
            headline.append({"year": int(year),
                             "cells": [f"{sub[t['key']]:.1f}%" if t["key"] in sub.index else "–" for t in types]})
    if not marts and version is not None and paths.database.exists():
        from pipeline.store import warehouse

        con = warehouse.connect(paths)
        try:
            views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
        finally:
            con.close()
        marts = sorted(views - {s.name for s in dictionary.all_specs()})
    sources = [{"citation": st.source.citation(), "path": st.source.path, "state": st.state,
                "landing_page": st.source.landing_page,
                "todo": (st.source.how_to_get(paths) if st.state == "missing" else st.detail if st.state == "mismatch"
                         else "")} for st in statuses]
    html = _env().get_template("index.html.j2").render(
        generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        data_version=version.name if version else "none", chart_svg=chart_svg, chart_svg_narrow=chart_svg_narrow,
        headline=headline, small_base=SMALL_BASE, validation=(paths.reports / "validation.html").exists(),
        any_small=any(r["small"] for r in spec_rows),
        headline_types=types, tables=tables, marts=marts, sources=sources,
        spec_rows=spec_rows, spec_note=spec_note, spec_year=data.year if data is not None else None,
        trend_years=_trend_years(data), sort_keys=SORT_KEYS)
    publish.write_atomic(out, html)
    publish.write_atomic(stamp_file, stamp)
    return out


def _trend_years(data) -> str:
    if data is None or data.trends is None or not len(data.trends):
        return ""
    return f"{int(data.trends['match_year'].min())}–{int(data.trends['match_year'].max())}"


SORT_KEYS = ("name", "positions", "fill", "img", "rank", "trend")


def index_rows(data: ReportData) -> list[dict]:
    """One row per specialty in the data for reports/index.html, with sort keys.

    Filled: the fill of the specialty's main program type, named (categorical, advanced, ...), as on its
    report card; rank: THE ranking (img_friendly_specialties), the same as the card's. A small number (a
    base under SMALL_BASE) is muted, marked and sorted after every other value, whichever the direction:
    it is never ranked.
    """
    cw = crosswalk()
    rows = []
    for sid in data.specialties:
        tot = _first(data.part("totals", sid))
        tr = data.part("trends", sid).sort_values("match_year") if data.trends is not None else pd.DataFrame()
        change_text, change_small, change, spark, fills = "–", False, None, "", []
        if len(tr) > 1:
            q0, q1 = tr.iloc[0]["quota"], tr.iloc[-1]["quota"]
            change_text, change_small = fmt_change(q0, q1)
            change = None if change_small else 100 * (float(q1) - float(q0)) / float(q0)
        if len(tr):
            spark = sparkline(tr["quota"].astype(float).tolist())
            fills = [f"{int(y)}: {count(q, 'position')}, {fmt_pct(f)} filled"
                     for y, q, f in zip(tr["match_year"], tr["quota"], tr["fill_pct"])]
        types = data.fill_by_type(sid, data.year) if len(tr) and int(tr["match_year"].max()) == data.year else []
        if types:
            main = types[0]
            fill, fill_base = main["fill_pct"], main["quota"]
            fill_type = POSITION_TYPES[main["position_type"]][0]
            fill_title = "; ".join(f"{POSITION_TYPES[t['position_type']][0]}: {fmt_pct(t['fill_pct'])} "
                                   f"({fmt_int(t['filled'])} of {fmt_int(t['quota'])})" for t in types)
        else:
            fill, fill_base = (tot["fill_pct"], tot["positions"]) if tot else (None, None)
            fill_type, fill_title = "all types", ""
        rk = data.ranking(sid)
        rank = rk["rank"] if rk and rk["ranked"] else None
        img_small = bool(tot) and is_small(tot["filled"])
        fill_small = is_small(fill_base)
        rows.append({
            "sid": sid, "name": cw.names.get(sid, sid), "href": f"{SUBDIR}/{sid}.html",
            "positions": fmt_int(tot["positions"]) if tot else "–",
            "fill_pct": mark(fmt_pct(fill), fill_small, tag=False), "fill_type": fill_type.lower(),
            "fill_title": fill_title,
            "img_share_pct": mark(fmt_pct(tot["img_share_pct"]), img_small, tag=False) if tot else "–",
            "rank": f"{rank} of {rk['of']}" if rank else "–",
            "change": mark(change_text, change_small, tag=False), "spark": spark, "trend_title": "; ".join(fills),
            "small": fill_small or img_small or change_small,
            "_keys": {"name": cw.names.get(sid, sid).casefold(),
                      "positions": None if not tot else tot["positions"],
                      "fill": None if fill_small else fill,
                      "img": None if not tot or img_small else tot["img_share_pct"],
                      "rank": None if rank is None else -rank,
                      "trend": change},
        })
    # CSS order values per sort key and direction: 1 = first; missing values and small numbers last either way
    for key in SORT_KEYS:
        vals = sorted({r["_keys"][key] for r in rows if not _missing(r["_keys"][key])})
        asc = {v: i + 1 for i, v in enumerate(vals)}
        last = len(vals) + 1
        for r in rows:
            v = r["_keys"][key]
            r.setdefault("order", {})[f"{key}-a"] = asc[v] if not _missing(v) else last
            r["order"][f"{key}-d"] = last - asc[v] if not _missing(v) else last
    return rows


def sparkline(values: list[float], width: int = 64, height: int = 18) -> str:
    """A tiny inline SVG polyline (no script, no text)."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    n = len(values)
    pts = [(2 + (width - 4) * (i / (n - 1) if n > 1 else 0.5), 2 + (height - 4) * (1 - (v - lo) / span))
           for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    x, y = pts[-1]
    return (f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'aria-hidden="true"><polyline points="{path}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="#1f77b4"/></svg>')
