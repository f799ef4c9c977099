"""Specialty reports: ``reports/specialties/<specialty_id>.html`` (and ``.pdf``).

One self-contained page per specialty, what an IMG adviser sends to a student:
headline figures with their year and definition; the latest Match's positions,
fill and who filled them; the fill trend over every year of the Program Results
editions (the years published); states ranked by IMG matches; programs with unfilled positions; AAMC resident composition; how the
specialty compares with all specialties; methodology, definitions, sources and
terms; generated-at time and data version (the md5 of every input file).

Numbers come from the DuckDB analyses (``pipeline/marts``; ``marts.mart``) of the
published data, and all-position-level totals are summed in SQL with the same
formulas as the marts, so they agree with ``matchstats query``. Charts are Vega-Lite
specs (``pipeline.charts.specialty``: Altair templates filled in per specialty) embedded
as JSON and drawn as SVG in the page by Vega, which is inlined once per page (nothing
is loaded from the network); strings from the sources are HTML-escaped by Jinja's
autoescaping, the JSON is escaped for a <script> element. The PDF is the same page
printed by headless Chromium (``pipeline.reports.browser``) once its charts are drawn.

A specialty is named by what a user types (display name, specialty_id or a label
of the crosswalk, case-insensitive) and resolved only through the crosswalk: the
file name is the crosswalk's specialty_id, never the typed text.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from pipeline.sources import catalogue
from pipeline.store import publish
from pipeline.config import PACKAGE_DIR, SPECIALTIES_CSV, TEMPLATES_DIR, Paths
from pipeline.errors import MatchstatsError
from pipeline.ingest.specialties import ID_RE, crosswalk
from pipeline.charts.vega import embed_json, javascript
from pipeline.reports.formatting import (AAMC_CATEGORIES, AAMC_SHORT, GROUPS, LEVEL_LABELS, LEVEL_ORDER, POSITION_TYPES,
                                         PROGRAM_TYPES, SMALL_BASE, SMALL_NOTE, STATE_NAMES, TYPE_OF_CODE, _missing,
                                         change, count, fmt_int, fmt_pct, fmt_pp, is_small, mark, pct_of,
                                         template_env)
from pipeline.reports.specialty_data import (TYPE_ORDER, ReportData, SUBDIR, TABLES, _first, _row, load_data,
                                             ranking_rule, report_path)

TEMPLATE = "specialty.html.j2"
STAMP = ".stamp"
CODE_FILES = (*sorted((PACKAGE_DIR / "reports").glob("*.py")), *sorted((PACKAGE_DIR / "charts").glob("*.py")),
              *sorted((PACKAGE_DIR / "marts").glob("*.py")), TEMPLATES_DIR / TEMPLATE, TEMPLATES_DIR / "_report.css.j2", SPECIALTIES_CSV)
MIN_POSITIONS = 100  # comparison chart: specialties with at least this many positions (marts.RANKING_MIN_POSITIONS)

# -- one report -----------------------------------------------------------------------------

def _sources(paths: Paths, data: ReportData, tables: list[str]) -> list[dict]:
    key = ("sources", tuple(tables))
    if key not in data._memo:
        data._memo[key] = _read_sources(paths, data, tables)
    return [dict(s) for s in data._memo[key]]


def _read_sources(paths: Paths, data: ReportData, tables: list[str]) -> list[dict]:
    cat = catalogue.load(paths)
    out, seen = [], set()
    for t in tables:
        for inp in data.inputs.get(t, []):
            if inp["id"] in seen:
                continue
            seen.add(inp["id"])
            try:
                src = cat.get(inp["id"])
            except MatchstatsError:
                continue
            out.append({"id": src.id, "citation": src.citation(), "publisher": src.publisher, "years": src.years,
                        "landing_page": src.landing_page, "path": inp.get("path", src.path),
                        "md5": inp.get("md5") or "", "terms": " ".join(src.terms.split()), "table": t})
    return out


def _cite(data: ReportData, table: str, year: int | None = None) -> str:
    """The source line of a chart of ``table``: the catalogue citations of the files it was built from.

    The files are the published table's inputs (its .meta.json); with ``year``, those whose
    catalogue years cover it (when any does). Without inputs, the catalogue's files of the
    table's kinds (``pipeline.charts.theme.citation``).
    """
    key = ("cite", table, year)
    if key not in data._memo:
        srcs = _sources(data.paths, data, [table])
        if year is not None and any(year in s["years"] for s in srcs):
            srcs = [s for s in srcs if year in s["years"]]
        text = "; ".join(dict.fromkeys(s["citation"] for s in srcs))
        if not text:
            from pipeline import ingest
            from pipeline.charts import theme

            text = theme.citation(*getattr(ingest.module(table), "KINDS", ()), year=year)
        data._memo[key] = text
    return data._memo[key]


def _national_gap(data: ReportData, year: int | None) -> str:
    """How the Program Results report's national positions of ``year`` differ from the state report's."""
    nat = data.national()
    tn = data.trend_national
    prog = None
    if tn is not None and year is not None:
        hit = tn[tn["match_year"] == year]
        prog = int(hit["quota"].iloc[0]) if len(hit) else None
    if not nat or prog is None or _missing(nat.get("positions")):
        return "Neither figure is adjusted."
    state = int(nat["positions"])
    if prog == state:
        return f"Nationally both reports list {fmt_int(state)} {year} positions; neither figure is adjusted."
    return (f"Nationally, NRMP's Program Results report {'lacks' if prog < state else 'adds'} "
            f"{fmt_int(abs(state - prog))} of the {year} positions ({fmt_int(prog)}, against "
            f"{fmt_int(state)} in the state/specialty report); neither figure is adjusted.")


def context(data: ReportData, sid: str, generated_at: str | None = None) -> dict:
    """Everything the template shows for one specialty (numbers already formatted)."""
    from pipeline.charts import specialty as sc
    from pipeline.reports import specialty_sections as sec

    cw = crosswalk()
    name = cw.names[sid]
    year = data.year
    ctx: dict = {"sid": sid, "name": name, "year": year, "data_version": data.data_version,
                 "generated_at": generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                 "charts": {}, "narrow": {}, "chart_sources": {}, "notes": {}, "small_base": SMALL_BASE, "small_note": SMALL_NOTE,
                 "rule": ranking_rule()}
    state_src = _cite(data, "state_specialty_results", year) if year else ""
    prog_src = _cite(data, "program_results")
    tot = _first(data.part("totals", sid))
    nat = data.national()
    tr = data.part("trends", sid).sort_values("match_year") if data.trends is not None else None
    tr_year = _row(tr, match_year=year) if tr is not None and len(tr) else None
    types = sec.fill_types(data, sid, year if tr_year else None) if tr_year else None
    ctx["types"] = types

    def chart(kind: str, source: str, fn, *args):
        """The chart's wide spec, its phone-width spec and its source line (shown under the phone-width one)."""
        ctx["charts"][kind] = embed_json(fn(*args))
        ctx["narrow"][kind] = embed_json(fn(*args, narrow=True))
        ctx["chart_sources"][kind] = source

    # headline figures ---------------------------------------------------------------------
    headline = []
    if tot:
        headline += [sec.positions_card(name, tot, year, int(tr_year["quota"]) if tr_year else None),
                     sec.fill_card(name, tot, types, year), sec.img_share_card(tot, year), sec.imgs_card(tot, year)]
    else:
        ctx["notes"]["filled"] = _why(data, "img_share_by_specialty", "state_specialty_results")

    # who filled: levels x groups ------------------------------------------------------------
    if tot and data.levels is not None:
        lv = data.part("levels", sid)
        lv = lv.assign(_o=lv["position_level"].map(lambda v: LEVEL_ORDER.index(v if isinstance(v, str) else None)))
        lv = lv.sort_values("_o")
        cols = [{"label": LEVEL_LABELS[v if isinstance(v, str) else None], "r": r} for v, r in
                zip(lv["position_level"], lv.to_dict("records"))]
        if len(cols) > 1:
            cols.append({"label": "All levels", "r": tot, "total": True})
        rows = [("Positions offered", "positions", None, False), ("Positions filled", "filled", None, False),
                ("Filled (%), all program types", "fill_pct", "positions", False)]
        rows += [(label, c, None, c in ("us_img", "non_us_img")) for c, label in GROUPS]
        rows += [("IMG share of filled", "img_share_pct", "filled", True)]
        table = []
        for label, c, base, em in rows:
            if base:
                cells = [pct_of(col["r"].get(c), col["r"].get(base)) for col in cols]
            elif c in ("positions", "filled"):
                cells = [fmt_int(col["r"].get(c)) for col in cols]
            else:
                cells = [(mark(f"{fmt_int(col['r'][c])} ({fmt_pct(100 * col['r'][c] / col['r']['filled'])})",
                               is_small(col["r"]["filled"]), tag=False)
                          if col["r"].get("filled") and not _missing(col["r"].get(c)) else fmt_int(col["r"].get(c)))
                         for col in cols]
            table.append({"label": label, "cells": cells, "em": em})
        ctx["levels"] = {"columns": [c["label"] for c in cols], "rows": table,
                         "small": any(is_small(col["r"].get("filled")) or is_small(col["r"].get("positions"))
                                      for col in cols)}
        groups = pd.DataFrame([{"group": label, "n": int(tot[c]),
                                "share": float(tot[f"{c}_pct"]) if not _missing(tot[f"{c}_pct"]) else 0.0}
                               for c, label in GROUPS if int(tot[c]) > 0 or c != "other"])
        chart("who_filled", state_src, sc.who_filled, groups, name, year, state_src, is_small(tot["filled"]))

    # fill trend -------------------------------------------------------------------------------
    if tr is not None and len(tr):
        nat_fill = ({int(y): v for y, v in zip(data.trend_national["match_year"], data.trend_national["fill_pct"])}
                    if data.trend_national is not None else {})
        by_type = data.part("types", sid) if data.types is not None else None
        type_cols = [t for t in TYPE_ORDER if by_type is not None and t in set(by_type["position_type"])]
        type_fill = ({(int(r["match_year"]), r["position_type"]): pct_of(r["fill_pct"], r["quota"])
                      for r in by_type.to_dict("records")} if by_type is not None else {})
        rows = []
        for r in tr.to_dict("records"):
            y = int(r["match_year"])
            rows.append({"year": y, "programs": fmt_int(r["programs"]), "quota": fmt_int(r["quota"]),
                         "filled": fmt_int(r["filled"]), "fill_pct": pct_of(r["fill_pct"], r["quota"]),
                         "types": [type_fill.get((y, t), "–") for t in type_cols],
                         "unfilled": fmt_int(r["unfilled"]),
                         "national": fmt_pct(nat_fill[y]) if y in nat_fill else "–"})
        first, last = tr.iloc[0], tr.iloc[-1]
        y0, y1 = int(first["match_year"]), int(last["match_year"])
        # a year without a row is shown, not dropped: no program of the specialty in that year's report (the
        # report has other specialties that year), or no report of that year loaded
        shown = {r["year"] for r in rows}
        for y in range(y0, y1 + 1):
            if y not in shown:
                rows.append({"year": y, "gap": "no programs in the Program Results report" if y in nat_fill
                             else "no Program Results report of this year", "national": fmt_pct(nat_fill[y])
                             if y in nat_fill else "–"})
        rows.sort(key=lambda r: r["year"])
        text, small = change(first["quota"], last["quota"]) if y1 > y0 else ("–", False)
        ctx["trend"] = {"rows": rows, "y0": y0, "y1": y1, "positions_change": text, "change_small": small,
                        "type_cols": [POSITION_TYPES[t][0] for t in type_cols],
                        "small": any(is_small(q) for q in tr["quota"]),
                        "fill_change": fmt_pp(float(last["fill_pct"]) - float(first["fill_pct"]))
                        if y1 > y0 and not small and not (_missing(last["fill_pct"]) or _missing(first["fill_pct"]))
                        else "–"}
        if tot and y1 == year and int(last["quota"]) != int(tot["positions"]):
            ctx["trend"]["difference"] = (
                f"In {year} the Program Results report lists {count(last['quota'], name + ' position')} "
                f"({fmt_int(last['filled'])} filled); the Match Rates by Specialty and State report, used for the "
                f"other sections, counts {fmt_int(tot['positions'])} ({fmt_int(tot['filled'])} filled). "
                + _national_gap(data, year))
        if y1 > y0:
            headline.append(sec.trend_card(first.to_dict(), last.to_dict(),
                                           int(tot["positions"]) if tot and y1 == year else None))
        chart("fill_trend", prog_src, sc.fill_trend, tr, name, prog_src)
    if "trend" not in ctx:
        ctx["notes"]["trend"] = _why(data, "specialty_fill_trends", "program_results")

    # states -------------------------------------------------------------------------------------
    if data.states is not None:
        st = data.part("states", sid)
        if len(st):
            ctx["states"] = [{"rank": int(r["rank"]), "state": r["state"],
                              "state_name": STATE_NAMES.get(r["state"], r["state"]),
                              "positions": fmt_int(r["positions"]),
                              "filled": fmt_int(r["filled"]), "fill_pct": pct_of(r["fill_pct"], r["positions"]),
                              "us_img": fmt_int(r["us_img"]), "non_us_img": fmt_int(r["non_us_img"]),
                              "img": fmt_int(r["img"]), "img_share_pct": pct_of(r["img_share_pct"], r["filled"])}
                             for r in st.to_dict("records")]
            ctx["states_small"] = bool((st["filled"] < SMALL_BASE).any() or (st["positions"] < SMALL_BASE).any())
            with_img = st[st["img"] > 0]
            if len(with_img):
                chart("states", state_src, sc.states_by_img, with_img, name, year, state_src)
            ctx["states_with_img"] = len(with_img)
    if "states" not in ctx:
        ctx["notes"]["states"] = _why(data, "img_share_by_state", "state_specialty_results")

    # unfilled programs -----------------------------------------------------------------------
    if data.unfilled is not None:
        un = data.part("unfilled", sid).sort_values(["state", "institution", "program_code"])
        progs = None
        if data.trends is not None:
            tr_row = _row(data.part("trends", sid), match_year=data.unfilled_year)
            progs = int(tr_row["programs"]) if tr_row else None
        ctx["unfilled"] = unfilled_section(un, data.unfilled_year, progs)
        headline.append(sec.unfilled_card(un, progs, data.unfilled_year))
    else:
        ctx["notes"]["unfilled"] = _why(data, "unfilled_programs", "program_results")

    # AAMC ---------------------------------------------------------------------------------------
    if data.residents is not None:
        res = data.part("residents", sid)
        if len(res):
            ctx["aamc"], aamc_rows = aamc_section(data, sid, res)
            if aamc_rows:
                aamc_src = _cite(data, "residents_by_specialty")
                chart("aamc", aamc_src, sc.aamc_composition, aamc_rows, name, ctx["aamc"]["academic_year"], aamc_src,
                      ctx["aamc"]["small"])
    if "aamc" not in ctx:
        ctx["notes"]["aamc"] = (f"The AAMC Report on Residents lists no residents under {name}."
                                if data.residents is not None else
                                _why(data, "residents_non_us_share", "residents_by_specialty"))

    # comparison: THE ranking (img_friendly_specialties) ---------------------------------------
    if tot and nat:
        ctx["compare"] = sec.compare(data, sid, name, tot, nat, types, ctx.get("trend"))
        card = sec.rank_card(data, sid)
        if card:
            headline.append(card)
        rows = sec.compare_rows(data, sid, name, tot)
        if rows:
            chart("compare", state_src, sc.compare_img_share, rows, sid, name, year, sec.national_pgy1_share(data), state_src,
                  MIN_POSITIONS)
    else:
        ctx["notes"]["compare"] = _why(data, "img_share_by_specialty", "state_specialty_results")

    # non-U.S. IMGs who preferred the specialty (Charting Outcomes): pipeline/reports/step2_section.py
    from pipeline.reports import step2_section
    ctx["step2"] = step2_section.section(data, sid)

    ctx["headline"] = headline
    ctx["sources"] = _sources(data.paths, data, list(TABLES))
    ctx["inputs"] = [{"table": t, "id": i["id"], "path": i.get("path", ""), "md5": i.get("md5") or ""}
                     for t in TABLES for i in data.inputs.get(t, [])]
    ctx["terms"] = list(dict.fromkeys(s["terms"] for s in ctx["sources"]))
    return ctx


UNFILLED_IN_BODY = 10  # programs listed in the body; a longer list goes to the appendix


def unfilled_section(un: pd.DataFrame, year: int | None, progs: int | None) -> dict:
    """The programs with unfilled positions: a summary (by program type, by state, the programs with the most
    unfilled positions) for the body, and every program for the appendix when there are more than a few."""
    rows = [{"state": r["state"], "city": r["city"], "institution": r["institution"],
             "program_name": r["program_name"], "code": r["program_code"],
             "type": PROGRAM_TYPES.get(r["program_type"], r["program_type"]),
             "quota": fmt_int(r["quota"]), "filled": fmt_int(r["filled"]),
             "unfilled": fmt_int(r["unfilled"])} for r in un.to_dict("records")]
    positions = int(un["unfilled"].sum())
    out = {"year": year, "programs": len(un), "programs_text": count(len(un), "program"),
           "positions": fmt_int(positions), "positions_text": count(positions, "position"),
           "of_programs": fmt_int(progs), "rows": rows, "appendix": len(rows) > UNFILLED_IN_BODY}
    if len(un):
        kinds = un.assign(t=un["program_type"].map(TYPE_OF_CODE)).groupby("t").agg(
            programs=("unfilled", "size"), unfilled=("unfilled", "sum"))
        out["by_type"] = [f"{count(kinds.loc[t, 'unfilled'], POSITION_TYPES[t][0].lower() + ' position')} in "
                          f"{count(kinds.loc[t, 'programs'], 'program')}" for t in POSITION_TYPES if t in kinds.index]
        states = un.groupby("state")["unfilled"].sum().sort_values(ascending=False)
        out["by_state"] = [f"{STATE_NAMES.get(s, s)} {fmt_int(n)}" for s, n in states.head(8).items()]
        out["states"] = len(states)
        top = un.sort_values(["unfilled", "state", "institution"], ascending=[False, True, True])
        out["top"] = [rows[un.index.get_loc(i)] for i in top.index[:UNFILLED_IN_BODY]]
    return out


def aamc_section(data: ReportData, sid: str, res: pd.DataFrame) -> tuple[dict, list[dict]]:
    """AAMC residents of the specialty's latest academic year: the table, the share beside NRMP's, chart rows."""
    ay = str(res["academic_year"].max())
    res = res[res["academic_year"] == ay]
    degrees = [d for d in ("MD", "DO") if d in set(res["degree_type"])]
    totals = {d: int(res.loc[(res["degree_type"] == d) & (res["category"] == "total"), "residents"].sum())
              for d in degrees}
    rows, chart_rows = [], []
    by_cat: dict[tuple, dict] = {}
    for r in res.to_dict("records"):
        by_cat.setdefault((r["degree_type"], r["category"]), r)
    for cat, label in AAMC_CATEGORIES.items():
        cells = []
        for d in degrees:
            r = by_cat.get((d, cat))
            cells.append(mark(f"{fmt_int(r['residents'])} ({fmt_pct(r['pct'])})", is_small(totals[d]), tag=False)
                         if r else "–")
            if r and not _missing(r["pct"]):
                chart_rows.append({"category_label": AAMC_SHORT.get(cat, label), "degree_type": d,
                                   "pct": float(r["pct"]), "residents": int(r["residents"])})
        rows.append({"label": label, "cells": cells})
    aamc = {"academic_year": ay, "degrees": degrees, "rows": rows,
            "totals": [fmt_int(totals[d]) for d in degrees], "labels": sorted(set(res["specialty"])),
            "small": any(is_small(t) for t in totals.values())}
    share = _row(data.part("residents_share", sid), academic_year=ay)
    if share:
        aamc["share"] = {"residents": fmt_int(share["residents"]),
                         "non_us": fmt_int(share["non_us_citizen"]),
                         "non_us_pct": pct_of(share["non_us_citizen_pct"], share["residents"], tag=True),
                         "nrmp_year": None if _missing(share["nrmp_match_year"]) else int(share["nrmp_match_year"]),
                         "nrmp_pct": pct_of(share["nrmp_non_us_img_pct"], share["nrmp_filled"], tag=True),
                         "nrmp_n": fmt_int(share["nrmp_non_us_img"]),
                         "nrmp_filled": count(share["nrmp_filled"], "position")}
    return aamc, chart_rows


def _why(data: ReportData, mart: str, table: str) -> str:
    """Why a section has no figures, and what to do, said once ("Not available: ... What to do: ...")."""
    if mart in data.unavailable:
        return f"Not available: {data.unavailable[mart]}."
    if table not in data.inputs:
        return (f"Not available: the table {table} was not built (its source file is missing). What to do: "
                "`matchstats fetch`, then `make pipeline`.")
    return "No data for this specialty in this source."


def no_reports(data: ReportData) -> str:
    """Why there is no specialty report at all (the index and the run say it once)."""
    mart = "img_share_by_specialty"
    if mart in data.unavailable:
        reason = data.unavailable[mart]
        return f"No specialty reports: the analysis {mart} {reason.removeprefix('it ')}."
    return "No specialty reports: " + _why(data, mart, "state_specialty_results")


def _page(ctx: dict) -> str:
    from pipeline.charts.specialty import NARROW_BELOW

    return template_env().get_template(TEMPLATE).render(**ctx, vega_js=javascript() if ctx["charts"] else "",
                                                narrow_below=NARROW_BELOW)


def render(data: ReportData, sid: str, generated_at: str | None = None) -> str:
    """The page: the figures, each chart's Vega-Lite spec as JSON, and Vega inlined once to draw them."""
    return _page(context(data, sid, generated_at))


def write(paths: Paths, data: ReportData, sid: str, generated_at: str | None = None) -> Path:
    out = report_path(paths, sid)
    publish.write_atomic(out, render(data, sid, generated_at))
    return out


# -- all reports --------------------------------------------------------------------------------

def _stamp(data_version: str) -> str:
    """Data version, report code and the versions of what writes the charts (Altair, vl-convert's Vega)."""
    from importlib import metadata

    h = hashlib.sha256(data_version.encode())
    for dist in ("altair", "vl-convert-python"):
        try:
            h.update(f"{dist} {metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover
            pass
    for f in CODE_FILES:
        if f.exists():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _stamp_text(data_version: str, sids: list[str]) -> str:
    """The stamp file: the stamp, then the reports written (so that a run can tell, without reading the
    data, that every report is there and up to date)."""
    return f"{_stamp(data_version)}\n{' '.join(sids)}\n"


def up_to_date(paths: Paths) -> bool:
    """True when every specialty report of the published version was written by this code (no data read)."""
    version = publish.current_version(paths)
    stamp_file = paths.reports / SUBDIR / STAMP
    if version is None or not stamp_file.exists():
        return False
    stamp, _, listed = stamp_file.read_text().partition("\n")
    return stamp == _stamp(version.name) and all(report_path(paths, s).exists() for s in listed.split())


def build_all(paths: Paths, say=print, force: bool = False, data: ReportData | None = None) -> list[Path]:
    """Write the HTML report of every specialty in the data; skipped when the data and code are unchanged.

    Reports of specialties no longer in the data are removed. Returns the reports written.
    """
    if publish.current_version(paths) is None:
        return []
    data = data or load_data(paths)
    sids = data.specialties
    folder = paths.reports / SUBDIR
    stamp_file = folder / STAMP
    stamp = _stamp_text(data.data_version, sids)
    if not sids:  # the stamp still says so: a run with nothing changed then reads no data
        say("[report] " + no_reports(data))
        if paths.reports.is_dir():
            publish.write_atomic(stamp_file, stamp)
        return []
    if (not force and stamp_file.exists() and stamp_file.read_text() == stamp
            and all(report_path(paths, s).exists() for s in sids)):
        say(f"[report] reports/{SUBDIR}/: {len(sids)} specialty reports up to date")
        return []
    t0 = time.perf_counter()
    generated_at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    # one process: the charts are Vega-Lite specs filled in from templates, nothing is rendered here
    out = [write(paths, data, s, generated_at) for s in sids]
    keep = {f"{s}{suf}" for s in sids for suf in (".html", ".pdf")}
    for f in folder.iterdir():
        if f.suffix in (".html", ".pdf") and ID_RE.match(f.stem) and f.name not in keep:
            f.unlink()
    publish.write_atomic(stamp_file, stamp)
    say(f"[report] reports/{SUBDIR}/: {len(out)} specialty reports ({time.perf_counter() - t0:.2f} s)")
    return out


def write_pdfs(paths: Paths, sids: list[str], say=print) -> list[Path]:
    """Print the HTML reports of ``sids`` (already written) to PDF with headless Chromium."""
    from pipeline.reports import browser

    jobs = [(report_path(paths, s), report_path(paths, s, ".pdf")) for s in sids]
    missing = [h for h, _ in jobs if not h.exists()]
    if missing:
        raise MatchstatsError(f"no HTML report to print: {', '.join(str(m) for m in missing)}",
                              todo="write the HTML reports first (matchstats report --specialty NAME or --all)")
    footer = ('<div style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:sans-serif;'
              'display:flex;justify-content:space-between"><span>matchstats specialty report</span>'
              '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>')
    return browser.print_pdfs(jobs, footer=footer, say=say)


# -- the index ------------------------------------------------------------------------------

