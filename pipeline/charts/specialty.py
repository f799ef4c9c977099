"""Charts of one specialty, for the specialty reports (``pipeline.reports.specialty``).

Each public function takes the rows prepared by the report (DataFrames) and returns a
Vega-Lite spec (a dict) with a title, axis titles with units and a source line under
it (``theme.with_source``). The page draws the specs in the browser with Vega, which
is inlined in the page (``javascript()``; nothing is loaded from a network); each chart
becomes an ``<svg>``, so the printed PDF keeps it as vector graphics.

Speed: building an Altair chart and converting it with ``to_dict()`` costs about 0.2 s,
too much for 5 charts × 45 reports. So each kind of chart is built with Altair once per
process as a *template*: its data are named datasets (``alt.NamedData``) and what
changes from one specialty to another (title, sort order, scale domains, height) are
placeholders (``"@@name@@"``). A report copies the template, puts in the values and
the specialty's rows as ``datasets``: the same spec Altair would give, without
building Altair objects (``direct=True`` builds it with Altair instead; the tests
check that both draw the same SVG).
"""

from __future__ import annotations

import math
import threading

import pandas as pd

from pipeline.charts import theme

WIDTH = 480
HIGHLIGHT = "#d62728"
MUTED = "#9fb6cd"
GROUP_COLORS = {
    "U.S. MD seniors": "#1f77b4", "U.S. MD graduates": "#6baed6", "U.S. DO seniors": "#2ca02c",
    "U.S. DO graduates": "#98df8a", "U.S.-citizen IMGs": "#d62728", "Non-U.S.-citizen IMGs": "#9467bd",
    "Other (Fifth Pathway, Canadian)": "#7f7f7f",
}


def _alt():
    import altair as alt

    return alt


# -- templates ------------------------------------------------------------------------------

class _Placeholders(dict):
    """Parameters while a template is built: every key reads as its placeholder ``"@@key@@"``."""

    def __missing__(self, key: str) -> str:
        return f"@@{key}@@"

    def __getitem__(self, key: str):
        self.read.add(key)
        return super().__getitem__(key)

    def __init__(self):
        super().__init__()
        self.read: set[str] = set()


_TEMPLATES: dict[tuple, tuple[dict, frozenset]] = {}
_LOCK = threading.Lock()


def _placeholders(obj, found: set) -> None:
    if isinstance(obj, dict):
        for v in obj.values():
            _placeholders(v, found)
    elif isinstance(obj, list):
        for v in obj:
            _placeholders(v, found)
    elif isinstance(obj, str) and "@@" in obj:
        if not (len(obj) > 4 and obj.startswith("@@") and obj.endswith("@@")):  # pragma: no cover - a bug
            raise ValueError(f"a chart template has a placeholder inside a longer string: {obj!r}")
        found.add(obj[2:-2])


def _fill(obj, params: dict):
    """A deep copy of ``obj`` with every placeholder string replaced by its value."""
    if isinstance(obj, dict):
        return {k: _fill(v, params) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_fill(v, params) for v in obj]
    if isinstance(obj, str) and obj.startswith("@@") and obj.endswith("@@") and len(obj) > 4:
        return params[obj[2:-2]]
    return obj


def _template(kind: str, build, static: tuple, datasets: tuple[str, ...]) -> tuple[dict, frozenset]:
    """The spec of ``build(p, data, *static)`` with placeholders and named data, built once per process."""
    key = (kind, *static)
    with _LOCK:
        hit = _TEMPLATES.get(key)
        if hit is not None:
            return hit
        from altair.utils.schemapi import debug_mode

        alt = _alt()
        p = _Placeholders()
        with debug_mode(False):  # placeholders are not valid values; the filled specs are (tests validate them)
            spec = build(p, {d: alt.NamedData(d) for d in datasets}, *static).to_dict(validate=False)
        found: set[str] = set()
        _placeholders(spec, found)
        if found != p.read:  # pragma: no cover - a bug in a chart function
            raise ValueError(f"chart template {kind}: placeholders {sorted(found)} != parameters {sorted(p.read)}")
        hit = (spec, frozenset(found))
        _TEMPLATES[key] = hit
        return hit


def _native(v):
    """A JSON-ready value: Python numbers and strings, missing values as None."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def _float(v) -> float | None:
    v = _native(v)
    return None if v is None else float(v)


def _col(df: pd.DataFrame, name: str, cast=None) -> list:
    vals = [_native(v) for v in df[name].tolist()]
    return [cast(v) if cast is not None and v is not None else v for v in vals]


def _spec(kind: str, build, static: tuple, params: dict, data: dict[str, list[dict]], direct: bool) -> dict:
    """The Vega-Lite spec of one chart: the template filled in (or, ``direct``, built with Altair).

    ``data``: dataset name -> rows (dicts of JSON-ready values).
    """
    if direct:
        return build(params, {k: pd.DataFrame(rows) for k, rows in data.items()}, *static).to_dict(validate=False)
    template, names = _template(kind, build, static, tuple(data))
    if set(params) != names:  # pragma: no cover - a bug in a chart function
        raise ValueError(f"chart {kind}: parameters {sorted(params)} != placeholders {sorted(names)}")
    spec = _fill(template, params)
    spec["datasets"] = {**spec.get("datasets", {}), **data}
    return spec


def _sized(chart, width, height):
    chart = chart.properties(width=width)
    chart.height = height  # properties() would validate a placeholder
    return chart


# Narrow layouts (a phone, about 390 px wide): each chart has a second spec made for the width, drawn at its
# natural size so that no text is under 11 px: the plot about 300 px wide, every font 11 px or more, titles
# and subtitles wrapped, fewer ticks, short labels. The page picks it when the chart's box is narrower than
# NARROW_BELOW px (templates/specialty.html.j2), and shows the source line under it as text.
NARROW_WIDTH = 300
NARROW_BELOW = 560
NARROW_FONT = 11
TITLE_CHARS, NARROW_TITLE_CHARS, NARROW_SUB_CHARS = 200, 34, 46


def wrap(text, chars: int) -> list[str]:
    """Lines of at most ``chars`` characters (a list of lines is joined, then wrapped)."""
    import textwrap

    joined = text if isinstance(text, str) else " ".join(text)
    return textwrap.wrap(joined, chars) or [""]


def _title(title: str, narrow: bool):
    return wrap(title, NARROW_TITLE_CHARS) if narrow else title


def _finish(chart, p, source: str, width: int, subtitle=None, narrow: bool = False):
    """Title, subtitle and the source line under the chart. In a narrow layout the source line is not in the
    chart (it would sit right of the axis labels and widen it): the page shows it under the chart as text."""
    alt = _alt()
    if not narrow:
        chart = theme.with_source(chart, source, width=width)
    sub = p["subtitle"] if subtitle is None else (wrap(subtitle, NARROW_SUB_CHARS) if narrow else subtitle)
    return chart.properties(
        title=alt.TitleParams(p["title"], subtitle=sub, anchor="start",
                              fontSize=14 if narrow else 15, subtitleFontSize=11, subtitleColor="#444", offset=10),
    ).configure(font=theme.FONT, view=alt.ViewConfig(stroke=None),
                axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12),
                legend=alt.LegendConfig(labelFontSize=11, titleFontSize=11, labelLimit=0))


def count_ticks(domain_max: float, width: int, narrow: bool) -> list[int]:
    """The ticks of a count axis from 0 to ``domain_max``: whole numbers, a step of 1, 2 or 5 × 10^k.

    Vega's tickMinStep alone still puts a tick at 0.5 on a domain of 0–1.35 (it allows one tick more than
    the span), and the axis would read "0 1 1"; so the ticks are given. About one tick per 40 px (4 on a phone).
    """
    wanted = 4 if narrow else max(2, math.ceil(width / 40))
    raw = max(1.0, domain_max / wanted)
    power = 10 ** math.floor(math.log10(raw))
    step = next(int(m * power) for m in (1, 2, 5, 10) if m * power >= raw - 1e-9)
    return list(range(0, int(math.floor(domain_max)) + 1, step))


def _text_size(narrow: bool, wide: int) -> int:
    return max(NARROW_FONT, wide) if narrow else wide


SMALL_OPACITY = 0.4  # small numbers are drawn muted (pipeline.marts.SMALL_BASE)


def _small_note() -> str:
    from pipeline.marts import SMALL_BASE

    return (f"Small number: fewer than {SMALL_BASE} positions filled, drawn muted; read the shares as counts.")


# -- the charts ---------------------------------------------------------------------------------

SHORT_GROUPS = {"Other (Fifth Pathway, Canadian)": "Other"}


def _who_filled_chart(p, data, source: str, small: bool, narrow: bool):
    alt = _alt()
    field = "short:N" if narrow else "group:N"
    y = alt.Y(field, sort=p["order"], title=None, axis=alt.Axis(labelLimit=140 if narrow else 240))
    width = 160 if narrow else WIDTH - 170
    bars = alt.Chart(data["rows"]).mark_bar(height={"band": 0.7}, opacity=SMALL_OPACITY if small else 1).encode(
        y=y, x=alt.X("n:Q", title="Positions filled", axis=alt.Axis(format=",d", values=p["xticks"]),
                     scale=alt.Scale(domain=p["xdomain"])),
        color=alt.Color("group:N", legend=None,
                        scale=alt.Scale(domain=list(GROUP_COLORS), range=list(GROUP_COLORS.values()))),
        tooltip=[alt.Tooltip("group:N", title="Applicants"), alt.Tooltip("n:Q", title="Positions filled", format=","),
                 alt.Tooltip("share:Q", title="Share of filled (%)", format=".1f")])
    text = alt.Chart(data["rows"]).mark_text(align="left", dx=4, fontSize=11,
                                             color="#888" if small else "#222").encode(y=y, x="n:Q", text="label:N")
    chart = _sized(bars + text, width, p["height"])
    sub = ["Positions filled in the Main Residency Match by applicant type, all position levels;",
           "in brackets: share of the positions filled."]
    if narrow:
        sub[-1] += " Other: Fifth Pathway and Canadian graduates."
    if small:
        sub.append(_small_note())
    return _finish(chart, p, source, width, subtitle=sub, narrow=narrow)


def who_filled(groups: pd.DataFrame, name: str, year: int, source: str, small: bool = False, narrow: bool = False,
               direct: bool = False) -> dict:
    """Horizontal bars: positions filled by each applicant group (``group``, ``n``, ``share``).

    ``small``: fewer than SMALL_BASE positions filled (bars muted, a note); ``narrow``: the phone layout."""
    rows = [{"group": g, "short": SHORT_GROUPS.get(g, g), "n": n, "share": sh, "label": f"{n:,}  ({sh:.1f}%)"}
            for g, n, sh in zip(_col(groups, "group"), _col(groups, "n", int), _col(groups, "share", float))]
    key = "short" if narrow else "group"
    xmax = max(1.0, float(max(r["n"] for r in rows)) * (1.9 if narrow else 1.35))
    params = {"order": [r[key] for r in rows], "xdomain": [0, xmax],
              "xticks": count_ticks(xmax, 160 if narrow else WIDTH - 170, narrow),
              "height": 26 * len(rows), "title": _title(f"Who filled the {name} positions, {year}", narrow)}
    return _spec("who_filled", _who_filled_chart, (source, bool(small), narrow), params, {"rows": rows}, direct)


def _fill_trend_chart(p, data, source: str, narrow: bool):
    alt = _alt()
    whats = ["Positions offered", "Positions filled"]
    enc = dict(
        x=alt.X("match_year:Q", title="Match year", scale=alt.Scale(domain=p["xdomain"], nice=False),
                axis=alt.Axis(format="d", values=p["years"], labelAngle=0)),
        y=alt.Y("n:Q", title="Positions", axis=alt.Axis(format=",d", tickMinStep=1,
                                                       tickCount=4 if narrow else alt.Undefined),
                scale=alt.Scale(domain=p["ydomain"], nice=True, zero=False)),
        color=alt.Color("what:N", title=None, sort=whats, scale=alt.Scale(domain=whats, range=["#555555", "#1f77b4"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
    )
    lines = alt.Chart(data["rows"]).mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=40)).encode(
        tooltip=[alt.Tooltip("match_year:Q", title="Year", format="d"), alt.Tooltip("what:N", title="What"),
                 alt.Tooltip("n:Q", title="Positions", format=",")], **enc)
    width = NARROW_WIDTH - 40 if narrow else WIDTH - 60
    layers = [lines]
    if not narrow:  # a phone has no room for a number at every point: the table under the chart has them
        layers.append(alt.Chart(data["rows"]).mark_text(fontSize=10, dy=alt.ExprRef(
            "datum.what == 'Positions offered' ? -9 : 13")).encode(text=alt.Text("n:Q", format=",d"), **enc))
    chart = alt.layer(*layers).properties(width=width, height=200 if narrow else 220)
    return _finish(chart, p, source, width, narrow=narrow,
                   subtitle=["All program types (categorical, primary, preliminary, advanced, reserved), after the "
                             "matching", "algorithm and before SOAP; the fill of each type is in the table."])


def fill_trend(trend: pd.DataFrame, name: str, source: str, narrow: bool = False, direct: bool = False) -> dict:
    """Lines: positions offered and filled per Match year (``match_year``, ``quota``, ``filled``).

    A year between the first and the last without a row (no programs that year, or no report) is a gap in
    the lines, not a straight line across it: its points are null, and Vega-Lite breaks a line at a null."""
    years, quota, filled = _col(trend, "match_year", int), _col(trend, "quota", int), _col(trend, "filled", int)
    gaps = sorted(set(range(min(years), max(years) + 1)) - set(years))
    rows = ([{"match_year": y, "n": n, "what": "Positions offered"} for y, n in zip(years, quota)]
            + [{"match_year": y, "n": None, "what": "Positions offered"} for y in gaps]
            + [{"match_year": y, "n": n, "what": "Positions filled"} for y, n in zip(years, filled)]
            + [{"match_year": y, "n": None, "what": "Positions filled"} for y in gaps])
    rows.sort(key=lambda r: (r["what"] != "Positions offered", r["match_year"]))
    known = [v for v in quota + filled if v is not None]
    y0, y1 = min(years), max(years)
    lo, hi = float(min(known)), float(max(known))
    pad = max(5.0, (hi - lo) * 0.25)
    step = 1 if not narrow or y1 - y0 <= 5 else (2 if y1 - y0 <= 10 else 5)
    ticks = list(range(y1, y0 - 1, -step))[::-1]  # the latest year always has a tick
    params = {"xdomain": [y0 - 0.2, y1 + 0.2], "years": ticks,
              "ydomain": [max(0.0, lo - pad), hi + pad],
              "title": _title(f"{name}: positions offered and filled, {y0}" + (f"–{y1}" if y1 > y0 else ""), narrow)}
    return _spec("fill_trend", _fill_trend_chart, (source, narrow), params, {"rows": rows}, direct)


def _states_chart(p, data, source: str, narrow: bool):
    alt = _alt()
    stack_order = list(theme.IMG_LABELS.values())
    y = alt.Y("state:N", sort=p["order"], title="State")
    width = NARROW_WIDTH - 70 if narrow else WIDTH - 60
    bars = alt.Chart(data["rows"]).mark_bar(height={"band": 0.72}).encode(
        y=y, x=alt.X("n:Q", stack="zero", title="IMGs matched", axis=alt.Axis(format=",d",
                                                                             values=p["xticks"]),
                     scale=alt.Scale(domain=p["xdomain"])),
        color=alt.Color("type_label:N", title=None, sort=stack_order,
                        scale=alt.Scale(domain=stack_order, range=theme.IMG_COLORS),
                        legend=alt.Legend(orient="top", direction="vertical" if narrow else "horizontal")),
        order=alt.Order("stack:Q"),
        tooltip=[alt.Tooltip("state:N", title="State"), alt.Tooltip("type_label:N", title="Applicants"),
                 alt.Tooltip("n:Q", title="Matched", format=",")])
    text = alt.Chart(data["totals"]).mark_text(align="left", dx=4, fontSize=_text_size(narrow, 10),
                                               color="#222").encode(y=y, x="img:Q", text="label:N")
    chart = _sized(bars + text, width, p["height"])
    return _finish(chart, p, source, width, narrow=narrow)


def states_by_img(states: pd.DataFrame, name: str, year: int, source: str, top: int = 15, narrow: bool = False,
                  direct: bool = False) -> dict:
    """Stacked bars: IMGs matched per state (``state``, ``us_img``, ``non_us_img``), the ``top`` states."""
    d = states.head(10 if narrow else top)
    order, us, non = _col(d, "state"), _col(d, "us_img", int), _col(d, "non_us_img", int)
    rows = ([{"state": st, "type": "us_img", "n": n, "type_label": theme.IMG_LABELS["us_img"], "stack": 0}
             for st, n in zip(order, us)]
            + [{"state": st, "type": "non_us_img", "n": n, "type_label": theme.IMG_LABELS["non_us_img"], "stack": 1}
               for st, n in zip(order, non)])
    totals = [{"state": st, "img": a + b, "label": f"{a + b:,}"} for st, a, b in zip(order, us, non)]
    shown = (f"the {len(order)} states with the most IMG matches" if len(states) > len(order)
             else "every state with IMG matches")
    sub = ["Positions filled by U.S.-citizen and non-U.S.-citizen IMGs, all position levels; " f"{shown}."]
    xmax = max(1.0, float(max(t["img"] for t in totals)) * (1.3 if narrow else 1.15))
    params = {"order": order, "xdomain": [0, xmax],
              "xticks": count_ticks(xmax, NARROW_WIDTH - 70 if narrow else WIDTH - 60, narrow),
              "height": max(60, (20 if narrow else 17) * len(order)),
              "title": _title(f"{name}: IMGs matched by state, {year}", narrow),
              "subtitle": wrap(sub, NARROW_SUB_CHARS) if narrow else sub}
    return _spec("states", _states_chart, (source, narrow), params, {"rows": rows, "totals": totals}, direct)


def _compare_chart(p, data, source: str, with_national: bool, narrow: bool):
    alt = _alt()
    y = alt.Y("name:N", sort=p["order"], title=None,
              axis=alt.Axis(labelLimit=150 if narrow else 250, labelFontSize=11 if narrow else 10))
    width = NARROW_WIDTH - 170 if narrow else WIDTH - 220
    bars = alt.Chart(data["rows"]).mark_bar(height={"band": 0.72}).encode(
        y=y, x=alt.X("img_share_pct:Q", title="IMG share of filled PGY-1 positions (%)" if not narrow
                     else ["IMG share of filled", "PGY-1 positions (%)"],
                     scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(tickCount=3 if narrow else alt.Undefined)),
        color=alt.condition(alt.datum.this, alt.value(HIGHLIGHT), alt.value(MUTED)),
        opacity=alt.condition(alt.datum.ranked, alt.value(1.0), alt.value(SMALL_OPACITY)),
        tooltip=[alt.Tooltip("name:N", title="Specialty"), alt.Tooltip("img_share_pct:Q", title="IMG share (%)",
                                                                        format=".1f"),
                 alt.Tooltip("filled:Q", title="Positions filled", format=",")])
    text = alt.Chart(data["rows"]).mark_text(align="left", dx=3, fontSize=_text_size(narrow, 9)).encode(
        y=y, x="img_share_pct:Q", text="label:N",
        color=alt.condition(alt.datum.this, alt.value(HIGHLIGHT), alt.value("#444")))
    layers = [bars, text]
    if with_national:
        layers.append(alt.Chart(data["national"]).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q"))
    chart = _sized(alt.layer(*layers), width, p["height"])
    return _finish(chart, p, source, width, narrow=narrow)


def compare_img_share(all_specs: pd.DataFrame | list[dict], specialty_id: str, name: str, year: int,
                      national_pct: float | None, source: str, min_positions: int, narrow: bool = False,
                      direct: bool = False) -> dict:
    """Bars: IMG share of filled PGY-1 positions of the specialties ranked (img_friendly_specialties), this one
    highlighted; a specialty that is not ranked (``ranked`` false) is added, muted, with its all-levels share.

    Sorted by IMG share (highest first), then name; a specialty without a share comes last.
    """
    from pipeline.marts import SMALL_BASE

    if isinstance(all_specs, pd.DataFrame):
        all_specs = all_specs.to_dict("records")
    rows = [{"specialty_id": r["specialty_id"], "name": r["name"], "img_share_pct": _float(r["img_share_pct"]),
             "filled": int(r["filled"]), "this": r["specialty_id"] == specialty_id,
             "ranked": bool(r.get("ranked", True))} for r in all_specs]
    rows.sort(key=lambda r: (not r["ranked"], r["img_share_pct"] is None, -(r["img_share_pct"] or 0.0), r["name"]))
    for r in rows:
        r["label"] = "–" if r["img_share_pct"] is None else f"{r['img_share_pct']:.1f}%"
    ranked = sum(r["ranked"] for r in rows)
    sub = [f"The {ranked} specialties ranked in {year}: PGY-1 positions only, at least {min_positions} PGY-1 "
           f"positions offered and {SMALL_BASE} filled."]
    if any(not r["ranked"] for r in rows):
        sub.append(f"{name} is not ranked: its bar (muted) is its share over all position levels.")
    data = {"rows": rows}
    if national_pct is not None:
        data["national"] = [{"x": float(national_pct)}]
        sub.append(f"Dashed line: all PGY-1 positions together, {national_pct:.1f}%.")
    params = {"order": [r["name"] for r in rows], "height": (18 if narrow else 16) * len(rows),
              "title": _title(f"IMG share: {name} among the specialties ranked, {year}", narrow),
              "subtitle": wrap(sub, NARROW_SUB_CHARS) if narrow else sub}
    return _spec("compare", _compare_chart, (source, national_pct is not None, narrow), params, data, direct)


def _aamc_chart(p, data, source: str, small: bool, narrow: bool):
    alt = _alt()
    y = alt.Y("category_label:N", sort=p["categories"], title=None, axis=alt.Axis(labelLimit=150 if narrow else 230))
    yoff = alt.YOffset("degree_type:N", sort=p["degrees"], scale=alt.Scale(domain=p["degrees"]))
    width = NARROW_WIDTH - 150 if narrow else WIDTH - 230
    bars = alt.Chart(data["rows"]).mark_bar(opacity=SMALL_OPACITY if small else 1).encode(
        y=y, yOffset=yoff, x=alt.X("pct:Q", title=["Share of the specialty's", "residents (%)"] if narrow
                                   else "Share of the specialty's residents (%)",
                                   scale=alt.Scale(domain=p["xdomain"]), axis=alt.Axis(tickCount=3 if narrow else alt.Undefined)),
        color=alt.Color("degree_type:N", title="Residents", sort=p["degrees"],
                        scale=alt.Scale(domain=["MD", "DO"], range=["#1f77b4", "#2ca02c"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[alt.Tooltip("category_label:N", title="Category"), alt.Tooltip("degree_type:N", title="Degree"),
                 alt.Tooltip("residents:Q", title="Residents", format=","),
                 alt.Tooltip("pct:Q", title="Share (%)", format=".1f")])
    text = alt.Chart(data["rows"]).mark_text(align="left", dx=3, fontSize=_text_size(narrow, 9),
                                             color="#888" if small else "#222").encode(
        y=y, yOffset=yoff, x="pct:Q", text="label:N")
    chart = _sized(bars + text, width, alt.Step(p["step"]))
    sub = ["Active residents (all years of training), AAMC; race/ethnicity alone or in combination",
           "(categories overlap), shown for U.S. citizens and permanent residents."]
    if small:
        from pipeline.marts import SMALL_BASE

        sub.append(f"Small number: fewer than {SMALL_BASE} residents, drawn muted.")
    return _finish(chart, p, source, width, subtitle=sub, narrow=narrow)


def aamc_composition(comp: pd.DataFrame | list[dict], name: str, academic_year: str, source: str,
                     small: bool = False, narrow: bool = False, direct: bool = False) -> dict:
    """Grouped bars: residents per race/ethnicity and citizenship category.

    ``comp``: rows (or a DataFrame) with ``category_label``, ``degree_type`` (MD, DO), ``pct``, ``residents``.
    """
    if isinstance(comp, pd.DataFrame):
        comp = comp.to_dict("records")
    rows = [{"category_label": r["category_label"], "degree_type": r["degree_type"], "pct": float(r["pct"]),
             "residents": int(r["residents"]), "label": f"{float(r['pct']):.1f}%"} for r in comp]
    present = {r["degree_type"] for r in rows}
    degrees = [x for x in ("MD", "DO") if x in present]
    params = {"categories": list(dict.fromkeys(r["category_label"] for r in rows)), "degrees": degrees,
              "xdomain": [0, max(10.0, float(max(r["pct"] for r in rows)) * (1.45 if narrow else 1.2))],
              "step": (14 if narrow else 12) if len(degrees) > 1 else 18,
              "title": _title(f"{name}: residents by race/ethnicity and citizenship, {academic_year}", narrow)}
    return _spec("aamc", _aamc_chart, (source, bool(small), narrow), params, {"rows": rows}, direct)


# -- in the page -------------------------------------------------------------------------------

# vl-convert's bundle can only hand out vega-embed (its `vega` and `vegaLite` are null: the packages have no
# default export); vega-embed carries Vega and Vega-Lite.
