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


def _finish(chart, p, source: str, width: int, subtitle=None):
    alt = _alt()
    chart = theme.with_source(chart, source, width=width)
    return chart.properties(
        title=alt.TitleParams(p["title"], subtitle=p["subtitle"] if subtitle is None else subtitle, anchor="start",
                              fontSize=15, subtitleFontSize=11, subtitleColor="#444", offset=10),
    ).configure(font=theme.FONT, view=alt.ViewConfig(stroke=None),
                axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12),
                legend=alt.LegendConfig(labelFontSize=11, titleFontSize=11, labelLimit=0))


# -- the charts ---------------------------------------------------------------------------------

def _who_filled_chart(p, data, source: str):
    alt = _alt()
    y = alt.Y("group:N", sort=p["order"], title=None, axis=alt.Axis(labelLimit=240))
    bars = alt.Chart(data["rows"]).mark_bar(height={"band": 0.7}).encode(
        y=y, x=alt.X("n:Q", title="Positions filled", axis=alt.Axis(format=",d"),
                     scale=alt.Scale(domain=p["xdomain"])),
        color=alt.Color("group:N", legend=None,
                        scale=alt.Scale(domain=list(GROUP_COLORS), range=list(GROUP_COLORS.values()))),
        tooltip=[alt.Tooltip("group:N", title="Applicants"), alt.Tooltip("n:Q", title="Positions filled", format=","),
                 alt.Tooltip("share:Q", title="Share of filled (%)", format=".1f")])
    text = alt.Chart(data["rows"]).mark_text(align="left", dx=4, fontSize=11, color="#222").encode(
        y=y, x="n:Q", text="label:N")
    chart = _sized(bars + text, WIDTH - 170, p["height"])
    return _finish(chart, p, source, WIDTH - 170,
                   subtitle=["Positions filled in the Main Residency Match by applicant type, all position levels;",
                             "in brackets: share of the positions filled."])


def who_filled(groups: pd.DataFrame, name: str, year: int, source: str, direct: bool = False) -> dict:
    """Horizontal bars: positions filled by each applicant group (``group``, ``n``, ``share``)."""
    rows = [{"group": g, "n": n, "share": sh, "label": f"{n:,}  ({sh:.1f}%)"}
            for g, n, sh in zip(_col(groups, "group"), _col(groups, "n", int), _col(groups, "share", float))]
    params = {"order": [r["group"] for r in rows], "xdomain": [0, max(1.0, float(max(r["n"] for r in rows)) * 1.35)],
              "height": 26 * len(rows), "title": f"Who filled the {name} positions, {year}"}
    return _spec("who_filled", _who_filled_chart, (source,), params, {"rows": rows}, direct)


def _fill_trend_chart(p, data, source: str):
    alt = _alt()
    whats = ["Positions offered", "Positions filled"]
    enc = dict(
        x=alt.X("match_year:Q", title="Match year", scale=alt.Scale(domain=p["xdomain"], nice=False),
                axis=alt.Axis(format="d", values=p["years"], labelAngle=0)),
        y=alt.Y("n:Q", title="Positions", axis=alt.Axis(format=",d"),
                scale=alt.Scale(domain=p["ydomain"], nice=True, zero=False)),
        color=alt.Color("what:N", title=None, sort=whats, scale=alt.Scale(domain=whats, range=["#555555", "#1f77b4"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
    )
    lines = alt.Chart(data["rows"]).mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=40)).encode(
        tooltip=[alt.Tooltip("match_year:Q", title="Year", format="d"), alt.Tooltip("what:N", title="What"),
                 alt.Tooltip("n:Q", title="Positions", format=",")], **enc)
    labels = alt.Chart(data["rows"]).mark_text(fontSize=10, dy=alt.ExprRef(
        "datum.what == 'Positions offered' ? -9 : 13")).encode(text=alt.Text("n:Q", format=",d"), **enc)
    chart = (lines + labels).properties(width=WIDTH - 60, height=220)
    return _finish(chart, p, source, WIDTH - 60,
                   subtitle=["All program types (categorical, primary, preliminary, advanced, reserved), after the "
                             "matching", "algorithm and before SOAP."])


def fill_trend(trend: pd.DataFrame, name: str, source: str, direct: bool = False) -> dict:
    """Lines: positions offered and filled per Match year (``match_year``, ``quota``, ``filled``)."""
    years, quota, filled = _col(trend, "match_year", int), _col(trend, "quota", int), _col(trend, "filled", int)
    rows = ([{"match_year": y, "n": n, "what": "Positions offered"} for y, n in zip(years, quota)]
            + [{"match_year": y, "n": n, "what": "Positions filled"} for y, n in zip(years, filled)])
    y0, y1 = min(years), max(years)
    lo, hi = float(min(quota + filled)), float(max(quota + filled))
    pad = max(5.0, (hi - lo) * 0.25)
    params = {"xdomain": [y0 - 0.2, y1 + 0.2], "years": list(range(y0, y1 + 1)),
              "ydomain": [max(0.0, lo - pad), hi + pad],
              "title": f"{name}: positions offered and filled, {y0}" + (f"–{y1}" if y1 > y0 else "")}
    return _spec("fill_trend", _fill_trend_chart, (source,), params, {"rows": rows}, direct)


def _states_chart(p, data, source: str):
    alt = _alt()
    stack_order = list(theme.IMG_LABELS.values())
    y = alt.Y("state:N", sort=p["order"], title="State")
    bars = alt.Chart(data["rows"]).mark_bar(height={"band": 0.72}).encode(
        y=y, x=alt.X("n:Q", stack="zero", title="IMGs matched", axis=alt.Axis(format=",d"),
                     scale=alt.Scale(domain=p["xdomain"])),
        color=alt.Color("type_label:N", title=None, sort=stack_order,
                        scale=alt.Scale(domain=stack_order, range=theme.IMG_COLORS),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        order=alt.Order("stack:Q"),
        tooltip=[alt.Tooltip("state:N", title="State"), alt.Tooltip("type_label:N", title="Applicants"),
                 alt.Tooltip("n:Q", title="Matched", format=",")])
    text = alt.Chart(data["totals"]).mark_text(align="left", dx=4, fontSize=10, color="#222").encode(
        y=y, x="img:Q", text="label:N")
    chart = _sized(bars + text, WIDTH - 60, p["height"])
    return _finish(chart, p, source, WIDTH - 60)


def states_by_img(states: pd.DataFrame, name: str, year: int, source: str, top: int = 15,
                  direct: bool = False) -> dict:
    """Stacked bars: IMGs matched per state (``state``, ``us_img``, ``non_us_img``), the ``top`` states."""
    d = states.head(top)
    order, us, non = _col(d, "state"), _col(d, "us_img", int), _col(d, "non_us_img", int)
    rows = ([{"state": st, "type": "us_img", "n": n, "type_label": theme.IMG_LABELS["us_img"], "stack": 0}
             for st, n in zip(order, us)]
            + [{"state": st, "type": "non_us_img", "n": n, "type_label": theme.IMG_LABELS["non_us_img"], "stack": 1}
               for st, n in zip(order, non)])
    totals = [{"state": st, "img": a + b, "label": f"{a + b:,}"} for st, a, b in zip(order, us, non)]
    shown = (f"the {len(order)} states with the most IMG matches" if len(states) > len(order)
             else "every state with IMG matches")
    params = {"order": order, "xdomain": [0, max(1.0, float(max(t["img"] for t in totals)) * 1.15)],
              "height": max(60, 17 * len(order)), "title": f"{name}: IMGs matched by state, {year}",
              "subtitle": ["Positions filled by U.S.-citizen and non-U.S.-citizen IMGs, all position levels; "
                           f"{shown}."]}
    return _spec("states", _states_chart, (source,), params, {"rows": rows, "totals": totals}, direct)


def _compare_chart(p, data, source: str, with_national: bool):
    alt = _alt()
    y = alt.Y("name:N", sort=p["order"], title=None, axis=alt.Axis(labelLimit=250, labelFontSize=10))
    bars = alt.Chart(data["rows"]).mark_bar(height={"band": 0.72}).encode(
        y=y, x=alt.X("img_share_pct:Q", title="IMG share of filled positions (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.condition(alt.datum.this, alt.value(HIGHLIGHT), alt.value(MUTED)),
        tooltip=[alt.Tooltip("name:N", title="Specialty"), alt.Tooltip("img_share_pct:Q", title="IMG share (%)",
                                                                        format=".1f"),
                 alt.Tooltip("filled:Q", title="Positions filled", format=",")])
    text = alt.Chart(data["rows"]).mark_text(align="left", dx=3, fontSize=9).encode(
        y=y, x="img_share_pct:Q", text="label:N",
        color=alt.condition(alt.datum.this, alt.value(HIGHLIGHT), alt.value("#444")))
    layers = [bars, text]
    if with_national:
        layers.append(alt.Chart(data["national"]).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q"))
    chart = _sized(alt.layer(*layers), WIDTH - 220, p["height"])
    return _finish(chart, p, source, WIDTH - 220)


def compare_img_share(all_specs: pd.DataFrame | list[dict], specialty_id: str, name: str, year: int,
                      national_pct: float | None, source: str, min_positions: int, direct: bool = False) -> dict:
    """Bars: IMG share of filled positions of every specialty (``name``, ``img_share_pct``), this one highlighted.

    Sorted by IMG share (highest first), then name; a specialty without a share comes last.
    """
    if isinstance(all_specs, pd.DataFrame):
        all_specs = all_specs.to_dict("records")
    rows = [{"specialty_id": r["specialty_id"], "name": r["name"], "img_share_pct": _float(r["img_share_pct"]),
             "filled": int(r["filled"]), "this": r["specialty_id"] == specialty_id} for r in all_specs]
    rows.sort(key=lambda r: (r["img_share_pct"] is None, -(r["img_share_pct"] or 0.0), r["name"]))
    for r in rows:
        r["label"] = "–" if r["img_share_pct"] is None else f"{r['img_share_pct']:.1f}%"
    sub = [f"Specialties with at least {min_positions} positions in {year} (and {name}), all position levels."]
    data = {"rows": rows}
    if national_pct is not None:
        data["national"] = [{"x": float(national_pct)}]
        sub.append(f"Dashed line: all specialties together, {national_pct:.1f}%.")
    params = {"order": [r["name"] for r in rows], "height": 16 * len(rows),
              "title": f"IMG share: {name} among the specialties, {year}", "subtitle": sub}
    return _spec("compare", _compare_chart, (source, national_pct is not None), params, data, direct)


def _aamc_chart(p, data, source: str):
    alt = _alt()
    y = alt.Y("category_label:N", sort=p["categories"], title=None, axis=alt.Axis(labelLimit=230))
    yoff = alt.YOffset("degree_type:N", sort=p["degrees"], scale=alt.Scale(domain=p["degrees"]))
    bars = alt.Chart(data["rows"]).mark_bar().encode(
        y=y, yOffset=yoff, x=alt.X("pct:Q", title="Share of the specialty's residents (%)",
                                   scale=alt.Scale(domain=p["xdomain"])),
        color=alt.Color("degree_type:N", title="Residents", sort=p["degrees"],
                        scale=alt.Scale(domain=["MD", "DO"], range=["#1f77b4", "#2ca02c"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[alt.Tooltip("category_label:N", title="Category"), alt.Tooltip("degree_type:N", title="Degree"),
                 alt.Tooltip("residents:Q", title="Residents", format=","),
                 alt.Tooltip("pct:Q", title="Share (%)", format=".1f")])
    text = alt.Chart(data["rows"]).mark_text(align="left", dx=3, fontSize=9, color="#222").encode(
        y=y, yOffset=yoff, x="pct:Q", text="label:N")
    chart = _sized(bars + text, WIDTH - 230, alt.Step(p["step"]))
    return _finish(chart, p, source, WIDTH - 230,
                   subtitle=["Active residents (all years of training), AAMC; race/ethnicity alone or in combination",
                             "(categories overlap), shown for U.S. citizens and permanent residents."])


def aamc_composition(comp: pd.DataFrame | list[dict], name: str, academic_year: str, source: str,
                     direct: bool = False) -> dict:
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
              "xdomain": [0, max(10.0, float(max(r["pct"] for r in rows)) * 1.2)],
              "step": 12 if len(degrees) > 1 else 18,
              "title": f"{name}: residents by race/ethnicity and citizenship, {academic_year}"}
    return _spec("aamc", _aamc_chart, (source,), params, {"rows": rows}, direct)


# -- in the page -------------------------------------------------------------------------------

# vl-convert's bundle can only hand out vega-embed (its `vega` and `vegaLite` are null: the packages have no
# default export); vega-embed carries Vega and Vega-Lite.
