"""Altair charts of one specialty, for the specialty reports (``pipeline.specialty_report``).

Each function takes plain DataFrames prepared by the report and returns an Altair
chart with a title, axis titles with units and a source line under it
(``charts.with_source``). The report embeds them as SVG rendered by vl-convert, so
a page needs no script and the PDF keeps them as vector graphics.
"""

from __future__ import annotations

import pandas as pd

from pipeline import charts

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


def _finish(chart, title: str, subtitle: list[str], source: str, width: int = WIDTH):
    alt = _alt()
    chart = charts.with_source(chart, source, width=width)
    return chart.properties(
        title=alt.TitleParams(title, subtitle=subtitle, anchor="start", fontSize=15, subtitleFontSize=11,
                              subtitleColor="#444", offset=10),
    ).configure(font=charts.FONT, view=alt.ViewConfig(stroke=None),
                axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12),
                legend=alt.LegendConfig(labelFontSize=11, titleFontSize=11, labelLimit=0))


def who_filled(groups: pd.DataFrame, name: str, year: int, source: str):
    """Horizontal bars: positions filled by each applicant group (``group``, ``n``, ``share``)."""
    alt = _alt()
    d = groups.copy()
    d["label"] = [f"{int(n):,}  ({s:.1f}%)" for n, s in zip(d["n"], d["share"])]
    order = d["group"].tolist()
    y = alt.Y("group:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))
    xmax = max(1.0, float(d["n"].max()) * 1.35)
    bars = alt.Chart(d).mark_bar(height={"band": 0.7}).encode(
        y=y, x=alt.X("n:Q", title="Positions filled", axis=alt.Axis(format=",d"), scale=alt.Scale(domain=[0, xmax])),
        color=alt.Color("group:N", legend=None,
                        scale=alt.Scale(domain=list(GROUP_COLORS), range=list(GROUP_COLORS.values()))),
        tooltip=[alt.Tooltip("group:N", title="Applicants"), alt.Tooltip("n:Q", title="Positions filled", format=","),
                 alt.Tooltip("share:Q", title="Share of filled (%)", format=".1f")])
    text = alt.Chart(d).mark_text(align="left", dx=4, fontSize=11, color="#222").encode(y=y, x="n:Q", text="label:N")
    chart = (bars + text).properties(width=WIDTH - 170, height=26 * len(d))
    return _finish(chart, f"Who filled the {name} positions, {year}",
                   ["Positions filled in the Main Residency Match by applicant type, all position levels;",
                    "in brackets: share of the positions filled."], source, width=WIDTH - 170)


def fill_trend(trend: pd.DataFrame, name: str, source: str):
    """Lines: positions offered and filled per Match year (``match_year``, ``quota``, ``filled``, ``fill_pct``)."""
    alt = _alt()
    d = trend.astype({"match_year": "int64", "quota": "int64", "filled": "int64"})
    long = pd.concat([
        pd.DataFrame({"match_year": d["match_year"], "n": d["quota"], "what": "Positions offered"}),
        pd.DataFrame({"match_year": d["match_year"], "n": d["filled"], "what": "Positions filled"}),
    ])
    whats = ["Positions offered", "Positions filled"]
    y0, y1 = int(d["match_year"].min()), int(d["match_year"].max())
    lo = float(long["n"].min())
    hi = float(long["n"].max())
    pad = max(5.0, (hi - lo) * 0.25)
    enc = dict(
        x=alt.X("match_year:Q", title="Match year", scale=alt.Scale(domain=[y0 - 0.2, y1 + 0.2], nice=False),
                axis=alt.Axis(format="d", values=list(range(y0, y1 + 1)), labelAngle=0)),
        y=alt.Y("n:Q", title="Positions", axis=alt.Axis(format=",d"),
                scale=alt.Scale(domain=[max(0.0, lo - pad), hi + pad], nice=True, zero=False)),
        color=alt.Color("what:N", title=None, sort=whats, scale=alt.Scale(domain=whats, range=["#555555", "#1f77b4"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
    )
    lines = alt.Chart(long).mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=40)).encode(
        tooltip=[alt.Tooltip("match_year:Q", title="Year", format="d"), alt.Tooltip("what:N", title="What"),
                 alt.Tooltip("n:Q", title="Positions", format=",")], **enc)
    labels = alt.Chart(long).mark_text(fontSize=10, dy=alt.ExprRef(
        "datum.what == 'Positions offered' ? -9 : 13")).encode(text=alt.Text("n:Q", format=",d"), **enc)
    chart = (lines + labels).properties(width=WIDTH - 60, height=220)
    return _finish(chart, f"{name}: positions offered and filled, {y0}" + (f"–{y1}" if y1 > y0 else ""),
                   ["All program types (categorical, primary, preliminary, advanced, reserved), after the matching",
                    "algorithm and before SOAP."], source, width=WIDTH - 60)


def states_by_img(states: pd.DataFrame, name: str, year: int, source: str, top: int = 15):
    """Stacked bars: IMGs matched per state (``state``, ``us_img``, ``non_us_img``), the ``top`` states."""
    alt = _alt()
    d = states.head(top).copy()
    order = d["state"].tolist()
    long = d.melt(id_vars=["state"], value_vars=["us_img", "non_us_img"], var_name="type", value_name="n")
    long["type_label"] = long["type"].map(charts.IMG_LABELS)
    long["stack"] = long["type"].map({"us_img": 0, "non_us_img": 1})
    d["img"] = d["us_img"] + d["non_us_img"]
    d["label"] = [f"{int(v):,}" for v in d["img"]]
    stack_order = list(charts.IMG_LABELS.values())
    y = alt.Y("state:N", sort=order, title="State")
    xmax = max(1.0, float(d["img"].max()) * 1.15)
    bars = alt.Chart(long).mark_bar(height={"band": 0.72}).encode(
        y=y, x=alt.X("n:Q", stack="zero", title="IMGs matched", axis=alt.Axis(format=",d"),
                     scale=alt.Scale(domain=[0, xmax])),
        color=alt.Color("type_label:N", title=None, sort=stack_order,
                        scale=alt.Scale(domain=stack_order, range=charts.IMG_COLORS),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        order=alt.Order("stack:Q"),
        tooltip=[alt.Tooltip("state:N", title="State"), alt.Tooltip("type_label:N", title="Applicants"),
                 alt.Tooltip("n:Q", title="Matched", format=",")])
    text = alt.Chart(d).mark_text(align="left", dx=4, fontSize=10, color="#222").encode(y=y, x="img:Q", text="label:N")
    chart = (bars + text).properties(width=WIDTH - 60, height=max(60, 17 * len(order)))
    shown = (f"the {len(order)} states with the most IMG matches" if len(states) > len(order)
             else "every state with IMG matches")
    return _finish(chart, f"{name}: IMGs matched by state, {year}",
                   [f"Positions filled by U.S.-citizen and non-U.S.-citizen IMGs, all position levels; {shown}."],
                   source, width=WIDTH - 60)


def compare_img_share(all_specs: pd.DataFrame, specialty_id: str, name: str, year: int, national_pct: float | None,
                      source: str, min_positions: int):
    """Bars: IMG share of filled positions of every specialty (``name``, ``img_share_pct``), this one highlighted."""
    alt = _alt()
    d = all_specs.copy()
    d["this"] = d["specialty_id"] == specialty_id
    d = d.sort_values(["img_share_pct", "name"], ascending=[False, True])
    order = d["name"].tolist()
    d["label"] = [f"{v:.1f}%" for v in d["img_share_pct"]]
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=250, labelFontSize=10))
    bars = alt.Chart(d).mark_bar(height={"band": 0.72}).encode(
        y=y, x=alt.X("img_share_pct:Q", title="IMG share of filled positions (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.condition(alt.datum.this, alt.value(HIGHLIGHT), alt.value(MUTED)),
        tooltip=[alt.Tooltip("name:N", title="Specialty"), alt.Tooltip("img_share_pct:Q", title="IMG share (%)",
                                                                        format=".1f"),
                 alt.Tooltip("filled:Q", title="Positions filled", format=",")])
    text = alt.Chart(d).mark_text(align="left", dx=3, fontSize=9).encode(
        y=y, x="img_share_pct:Q", text="label:N",
        color=alt.condition(alt.datum.this, alt.value(HIGHLIGHT), alt.value("#444")))
    layers = [bars, text]
    sub = [f"Specialties with at least {min_positions} positions in {year} (and {name}), all position levels."]
    if national_pct is not None:
        rule = alt.Chart(pd.DataFrame({"x": [national_pct]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
        layers.append(rule)
        sub.append(f"Dashed line: all specialties together, {national_pct:.1f}%.")
    chart = alt.layer(*layers).properties(width=WIDTH - 220, height=16 * len(d))
    return _finish(chart, f"IMG share: {name} among the specialties, {year}", sub, source, width=WIDTH - 220)


def aamc_composition(comp: pd.DataFrame, name: str, academic_year: str, source: str):
    """Grouped bars: residents per race/ethnicity and citizenship category.

    ``comp``: columns ``category_label``, ``degree_type`` (MD, DO), ``pct``, ``residents``.
    """
    alt = _alt()
    d = comp.copy()
    cats = list(dict.fromkeys(d["category_label"]))
    degrees = [x for x in ("MD", "DO") if x in set(d["degree_type"])]
    d["label"] = [f"{v:.1f}%" for v in d["pct"]]
    y = alt.Y("category_label:N", sort=cats, title=None, axis=alt.Axis(labelLimit=230))
    yoff = alt.YOffset("degree_type:N", sort=degrees, scale=alt.Scale(domain=degrees))
    xmax = max(10.0, float(d["pct"].max()) * 1.2)
    bars = alt.Chart(d).mark_bar().encode(
        y=y, yOffset=yoff, x=alt.X("pct:Q", title="Share of the specialty's residents (%)",
                                   scale=alt.Scale(domain=[0, xmax])),
        color=alt.Color("degree_type:N", title="Residents", sort=degrees,
                        scale=alt.Scale(domain=["MD", "DO"], range=["#1f77b4", "#2ca02c"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=[alt.Tooltip("category_label:N", title="Category"), alt.Tooltip("degree_type:N", title="Degree"),
                 alt.Tooltip("residents:Q", title="Residents", format=","),
                 alt.Tooltip("pct:Q", title="Share (%)", format=".1f")])
    text = alt.Chart(d).mark_text(align="left", dx=3, fontSize=9, color="#222").encode(
        y=y, yOffset=yoff, x="pct:Q", text="label:N")
    chart = (bars + text).properties(width=WIDTH - 230, height=alt.Step(12) if len(degrees) > 1 else alt.Step(18))
    return _finish(chart, f"{name}: residents by race/ethnicity and citizenship, {academic_year}",
                   ["Active residents (all years of training), AAMC; race/ethnicity alone or in combination",
                    "(categories overlap), shown for U.S. citizens and permanent residents."],
                   source, width=WIDTH - 230)


def to_svg(chart, validate: bool = False) -> str:
    """SVG of a chart (vl-convert, no browser); refuses markup that could run in the page.

    The Vega-Lite spec is not re-validated against the schema by default (it costs as much as
    rendering); the tests render every chart with ``validate=True``.
    """
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(chart.to_dict(validate=validate))
    low = svg.lower()
    if "<script" in low or "<foreignobject" in low or "javascript:" in low:  # pragma: no cover - defensive
        raise ValueError("the chart's SVG holds active content")
    return svg
