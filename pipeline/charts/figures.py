"""Altair charts of the analyses, one function per chart.

Every chart has a title, axis titles with units and a source line under it
(``theme``). Each function takes the DataFrame of one mart (``pipeline.marts.mart``)
and returns an Altair chart; ``pipeline.charts.export`` writes them to files.
"""

from __future__ import annotations


import pandas as pd

from pipeline.charts.theme import (APPLICANT_LABELS, APPLICANT_COLORS, IMG_LABELS, IMG_COLORS, DEFINITION_LABELS,
                                   WIDTH, SRC_HEADLINE, SRC_ROL, SRC_PROGRAMS, SRC_AAMC, _alt, _src_state, _finish,
                                   with_source, _names, _latest, _empty)
from pipeline.charts.labels import place_labels

# -- interaction ---------------------------------------------------------------------


def _img_type_color(stack_order):
    """The colour of the two IMG groups in the stacked bar charts, legend on top."""
    alt = _alt()
    return alt.Color("type_label:N", title=None, sort=stack_order, scale=alt.Scale(domain=stack_order, range=IMG_COLORS),
                     legend=alt.Legend(orient="top", direction="horizontal"))


def legend_highlight(field: str, name: str = "highlight"):
    """Click a legend entry to highlight its marks (shift-click adds, double-click clears).

    Returns the selection (add it to one layer with ``add_params``) and the opacity
    to encode on every layer that should fade; an empty selection shows everything.
    """
    alt = _alt()
    sel = alt.selection_point(name=name, fields=[field], bind="legend")
    return sel, alt.condition(sel, alt.value(1.0), alt.value(0.15))


def count_label(values: pd.Series, missing: str = "not published") -> pd.Series:
    """Counts as tooltip text: "47,208", or ``missing`` where there is none (a tooltip would show 0)."""
    return values.map(lambda v: missing if pd.isna(v) else f"{int(v):,}").astype("str")


def complete_years(df: pd.DataFrame, by: list[str], year: str = "match_year") -> pd.DataFrame:
    """Every year between a series' first and last, a missing one as a row with no values.

    Vega-Lite breaks a line at a null value but joins the points on either side of a missing row: with these
    rows, a year without data is a gap in the line instead of a straight segment across it.
    """
    if df.empty:
        return df
    parts = []
    for key, g in df.groupby(by, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        have = set(g[year].astype("int64"))
        missing = sorted(set(range(min(have), max(have) + 1)) - have)
        parts.append(g)
        if missing:
            parts.append(pd.DataFrame({year: missing, **{c: [k] * len(missing) for c, k in zip(by, key)}}))
    out = pd.concat(parts, ignore_index=True)
    return out.astype({year: "int64"}).sort_values([*by, year], kind="stable").reset_index(drop=True)


# -- 1. match rates ----------------------------------------------------------------------

def match_rate_by_applicant_type(match_summary: pd.DataFrame, narrow: bool = False):
    """PGY-1 match rate by applicant type over the Match years (headline definition).

    Click an applicant type in the legend to highlight it; every point and label has a
    tooltip with the counts the rate is computed from. ``narrow``: the layout for a phone
    (about 330 px wide at its natural size, no text under 11 px, every other year labelled,
    the legend under the plot), which reports/index.html shows on narrow screens.
    """
    alt = _alt()
    df = match_summary[["match_year", "applicant_type", "match_rate_pct", "matched_pgy1", "active_applicants"]].copy()
    df = df[df["match_rate_pct"].notna()]  # a count published without its rate is no point of the line
    df = complete_years(df, ["applicant_type"])  # a year without a rate is a gap in the line
    df["applicant"] = df["applicant_type"].map(APPLICANT_LABELS)
    df["matched_label"] = count_label(df["matched_pgy1"])
    df["applicants_label"] = count_label(df["active_applicants"])
    df = df.astype({"match_rate_pct": "float64", "match_year": "int64"})
    order = list(APPLICANT_LABELS.values())
    years = sorted(df["match_year"].unique().tolist())
    color = alt.Color("applicant:N", title="Applicant type", sort=order,
                      scale=alt.Scale(domain=order, range=APPLICANT_COLORS))
    pick, opacity = legend_highlight("applicant")
    tooltip = [alt.Tooltip("match_year:O", title="Year"), alt.Tooltip("applicant:N", title="Applicant type"),
               alt.Tooltip("match_rate_pct:Q", title="Match rate (%)", format=".1f"),
               alt.Tooltip("matched_label:N", title="Matched to PGY-1"),
               alt.Tooltip("applicants_label:N", title="Active applicants")]
    if narrow:
        color = alt.Color("applicant:N", title=None, sort=order, scale=alt.Scale(domain=order, range=APPLICANT_COLORS),
                          legend=alt.Legend(orient="bottom", direction="vertical", labelFontSize=11))
    ticks = years[::-2][::-1] if narrow and len(years) > 6 else years
    base = alt.Chart(df).encode(
        x=alt.X("match_year:O", title="Match year", axis=alt.Axis(labelAngle=0, values=ticks), sort=years),
        y=alt.Y("match_rate_pct:Q", title="PGY-1 match rate (%)", scale=alt.Scale(domain=[40, 100])),
        color=color, opacity=opacity, tooltip=tooltip,
    )
    lines = base.mark_line(point=True, strokeWidth=2).add_params(pick)
    last = df[df["match_year"] == df["match_year"].max()]
    labels = alt.Chart(last).mark_text(
        align="left", dx=6, fontSize=11,
        dy=alt.ExprRef("datum.applicant == 'U.S. DO seniors' ? 7 : (datum.applicant == 'U.S. MD seniors' ? -5 : 0)"),
    ).encode(x=alt.X("match_year:O", sort=years), y="match_rate_pct:Q",
             text=alt.Text("match_rate_pct:Q", format=".1f"), color=color, opacity=opacity, tooltip=tooltip)
    chart = (lines + labels).properties(width=250 if narrow else 560, height=240 if narrow else 300)
    chart = with_source(chart, "NRMP Main Residency Match (By the Numbers; press releases)", narrow=narrow,
                        width=250 if narrow else None)
    subtitle = "Applicants matched to PGY-1 positions / applicants who certified a rank order list"
    if narrow:
        return _finish(chart, ["PGY-1 match rate", "by applicant type"],
                       ["Applicants matched to PGY-1 positions /", "applicants who certified a rank order list"],
                       "NRMP")
    return _finish(chart, "PGY-1 match rate by applicant type", subtitle, "NRMP")


def match_rate_trends(df: pd.DataFrame):
    """Match rate by applicant type and year, both definitions (mart match_rate_trends).

    Solid lines with points: NRMP's headline PGY-1 rate (couples included). Dashed
    lines: the rate from the rank-order-list report (any position, couples excluded).
    """
    alt = _alt()
    d = df[["match_year", "applicant_type", "definition", "match_rate_pct", "matched", "active_applicants"]].copy()
    if d["match_rate_pct"].isna().all():
        return _empty("Match rate by applicant type", "No match rates to show.", SRC_HEADLINE)
    # each line from its first to its last rate; a year between without a rate is a gap, not a straight segment
    d = d[d["match_rate_pct"].notna()]
    d = complete_years(d, ["applicant_type", "definition"])
    d["applicant"] = d["applicant_type"].map(APPLICANT_LABELS).fillna(d["applicant_type"])
    d["definition_label"] = d["definition"].map(DEFINITION_LABELS).fillna(d["definition"])
    d["matched_label"] = count_label(d["matched"])
    d["applicants_label"] = count_label(d["active_applicants"])
    d = d.astype({"match_year": "int64", "match_rate_pct": "float64"})
    pick, opacity = legend_highlight("applicant")
    order = list(APPLICANT_LABELS.values())
    defs = [DEFINITION_LABELS[k] for k in DEFINITION_LABELS if k in set(d["definition"])]
    y0, y1 = d["match_year"].min(), d["match_year"].max()
    lo = max(0, int(d["match_rate_pct"].min() // 10 * 10))
    enc = dict(
        x=alt.X("match_year:Q", title="Match year", scale=alt.Scale(domain=[int(y0), int(y1)], nice=False),
                axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True)),
        y=alt.Y("match_rate_pct:Q", title="Match rate (% of applicants)", scale=alt.Scale(domain=[lo, 100])),
        color=alt.Color("applicant:N", title="Applicant type", sort=order,
                        scale=alt.Scale(domain=order, range=APPLICANT_COLORS),
                        legend=alt.Legend(orient="right", symbolType="stroke", symbolStrokeWidth=3)),
        detail="definition:N", opacity=opacity,
        tooltip=[alt.Tooltip("match_year:Q", title="Year", format="d"),
                 alt.Tooltip("applicant:N", title="Applicant type"),
                 alt.Tooltip("definition_label:N", title="Definition"),
                 alt.Tooltip("match_rate_pct:Q", title="Match rate (%)", format=".1f"),
                 alt.Tooltip("matched_label:N", title="Matched"),
                 alt.Tooltip("applicants_label:N", title="Applicants")],
    )
    lines = alt.Chart(d).mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash("definition_label:N", title="Definition", sort=defs,
                                  scale=alt.Scale(domain=defs, range=[[1, 0], [6, 4]][: len(defs)]),
                                  legend=alt.Legend(orient="right", symbolType="stroke", symbolStrokeWidth=2,
                                                    symbolSize=500, symbolStrokeColor="#333")),
        **enc).add_params(pick)
    points = alt.Chart(d).transform_filter(alt.datum.definition == "headline").mark_point(
        filled=True, size=40).encode(**enc)
    chart = (lines + points).properties(width=WIDTH, height=320)
    if "no_couples" in set(d["definition"]):
        source = f"{SRC_ROL}; {SRC_HEADLINE}"
        subtitle = ["Solid lines and dots: NRMP's headline PGY-1 match rate. Dashed lines: rank-order-list report,",
                    "which excludes couples and counts a match to any position. The two definitions are not comparable."]
    else:
        source = SRC_HEADLINE
        subtitle = ["NRMP's headline PGY-1 match rate: applicants matched to PGY-1 positions / applicants who",
                    "certified a rank order list (couples included). The rank-order-list report (2006–2025) is not loaded."]
    chart = with_source(chart, source)
    return _finish(chart, "Match rate by applicant type", subtitle, "NRMP")


# -- 2. IMG share by specialty -----------------------------------------------------------

def _pgy1_latest(df: pd.DataFrame, level: str, year: int | None,
                 min_positions: int) -> tuple[pd.DataFrame, int | None]:
    if df.empty:
        return df.assign(specialty_name=pd.Series(dtype="str")), year
    year = _latest(df, year)
    d = df[(df["match_year"] == year) & (df["position_level"] == level) & (df["positions"] >= min_positions)
           & (df["filled"] > 0)].copy()
    d["specialty_name"] = _names(d)
    return d, year


def img_share_by_specialty(df: pd.DataFrame, level: str = "PGY-1", year: int | None = None,
                           min_positions: int | None = None):
    """IMG share of filled positions per specialty, sorted bars stacked U.S.-citizen / non-U.S.-citizen IMGs.

    ``df``: mart img_share_by_specialty. Default: latest year, PGY-1 positions, specialties
    with at least RANKING_MIN_POSITIONS positions (the rule of img_friendly_specialties).
    """
    import math

    alt = _alt()
    from pipeline.marts import RANKING_MIN_POSITIONS

    min_positions = RANKING_MIN_POSITIONS if min_positions is None else min_positions
    d, year = _pgy1_latest(df, level, year, min_positions)
    title = f"IMG share of filled {level} positions by specialty" + (f", {year}" if year else "")
    if d.empty:
        return _empty(title, f"No specialty with at least {min_positions} {level} positions in {year}.",
                      _src_state(year))
    d = d.sort_values(["img_share_pct", "specialty_name"], ascending=[False, True])
    order = d["specialty_name"].tolist()
    long = d.melt(id_vars=["specialty_name", "filled", "positions", "img_share_pct"],
                  value_vars=["us_img", "non_us_img"], var_name="type", value_name="matched")
    long["share"] = 100 * long["matched"].astype("float64") / long["filled"].astype("float64")
    long["type_label"] = long["type"].map(IMG_LABELS)
    stack_order = list(IMG_LABELS.values())
    long["stack"] = long["type"].map({"us_img": 0, "non_us_img": 1})
    y = alt.Y("specialty_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    xmax = int(min(100, 10 * math.ceil(float(d["img_share_pct"].max()) * 1.45 / 10 + 1e-9)))
    # click a specialty (bar or label) to pick it: the notebook's linked table follows it
    pick = alt.selection_point(name="specialty", fields=["specialty_name"], on="click", clear="dblclick")
    faded = alt.condition(pick, alt.value(1.0), alt.value(0.3))
    bars = alt.Chart(long).mark_bar(height={"band": 0.75}, cursor="pointer").encode(
        y=y,
        x=alt.X("share:Q", stack="zero", title="Share of filled positions (%)",
                scale=alt.Scale(domain=[0, xmax], nice=False), axis=alt.Axis(values=list(range(0, xmax + 1, 10)))),
        color=_img_type_color(stack_order),
        order=alt.Order("stack:Q"), opacity=faded,
        tooltip=[alt.Tooltip("specialty_name:N", title="Specialty"), alt.Tooltip("type_label:N", title="Applicants"),
                 alt.Tooltip("matched:Q", title="Matched", format=","),
                 alt.Tooltip("filled:Q", title="Positions filled", format=","),
                 alt.Tooltip("positions:Q", title="Positions offered", format=","),
                 alt.Tooltip("share:Q", title="Share of filled (%)", format=".1f")],
    ).add_params(pick)
    d["label"] = d.apply(lambda r: f"{r['img_share_pct']:.1f}%  ({int(r['filled']):,} filled)", axis=1)
    d["img"] = d["us_img"] + d["non_us_img"]
    text = alt.Chart(d).mark_text(align="left", dx=4, fontSize=10, color="#333").encode(
        y=alt.Y("specialty_name:N", sort=order), x="img_share_pct:Q", text="label:N", opacity=faded,
        tooltip=[alt.Tooltip("specialty_name:N", title="Specialty"),
                 alt.Tooltip("img:Q", title="IMGs matched", format=","),
                 alt.Tooltip("us_img:Q", title="U.S.-citizen IMGs", format=","),
                 alt.Tooltip("non_us_img:Q", title="Non-U.S.-citizen IMGs", format=","),
                 alt.Tooltip("filled:Q", title="Positions filled", format=","),
                 alt.Tooltip("positions:Q", title="Positions offered", format=","),
                 alt.Tooltip("img_share_pct:Q", title="IMG share (%)", format=".1f")])
    chart = (bars + text).properties(width=WIDTH - 120, height=max(120, 20 * len(order)))
    chart = with_source(chart, _src_state(year), width=WIDTH - 120)
    return _finish(chart, title,
                   [f"IMGs (U.S.-citizen + non-U.S.-citizen) as a share of {level} positions filled in the Match;",
                    f"specialties with at least {min_positions} {level} positions nationally. Label: total IMG share."],
                   "NRMP")


def positions_vs_img_share(df: pd.DataFrame, level: str = "PGY-1", year: int | None = None,
                           min_positions: int = 20, label_min_positions: int = 300):
    """Bubble chart: positions offered (x, log scale; bubble area) vs IMG share of filled positions (y).

    ``df``: mart img_share_by_specialty; latest year, PGY-1 positions, specialties with at
    least ``min_positions`` positions; names shown for those with ``label_min_positions``.
    """
    import math

    alt = _alt()
    d, year = _pgy1_latest(df, level, year, min_positions)
    title = f"Positions offered vs IMG share by specialty, {level}" + (f" {year}" if year else "")
    if d.empty:
        return _empty(title, f"No specialty with at least {min_positions} {level} positions in {year}.",
                      _src_state(year))
    d = d.astype({"positions": "int64", "filled": "int64", "img_share_pct": "float64", "fill_pct": "float64"})
    d["img"] = (d["us_img"] + d["non_us_img"]).astype("int64")
    d = d.sort_values("positions", ascending=False)
    nice = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000]
    xmin = max([v for v in nice if v <= max(1, d["positions"].min())] or [1])
    xmax = min([v for v in nice if v >= d["positions"].max() * 1.2] or [nice[-1]])
    ymax = min(100, 10 * math.ceil((d["img_share_pct"].max() + 5) / 10))
    w, h = WIDTH, 360
    pmax = float(d["positions"].max())
    area = (30, 2200)
    x = alt.X("positions:Q", title=f"{level} positions offered (log scale)",
              scale=alt.Scale(type="log", domain=[xmin, xmax], nice=False),
              axis=alt.Axis(values=[v for v in [1, 2, 5, *nice] if xmin <= v <= xmax], format=",d", grid=True))
    y = alt.Y("img_share_pct:Q", title="IMG share of filled positions (%)", scale=alt.Scale(domain=[0, ymax]))
    tooltip = [alt.Tooltip("specialty_name:N", title="Specialty"),
               alt.Tooltip("positions:Q", title="Positions", format=","),
               alt.Tooltip("filled:Q", title="Filled", format=","),
               alt.Tooltip("img:Q", title="Filled by IMGs", format=","),
               alt.Tooltip("img_share_pct:Q", title="IMG share (%)", format=".1f"),
               alt.Tooltip("fill_pct:Q", title="Filled (%)", format=".1f")]
    from pipeline.marts import SMALL_BASE

    d["small"] = d["filled"] < SMALL_BASE  # a share of fewer than 20 filled positions: muted, noted
    bubbles = alt.Chart(d).mark_circle(opacity=0.55, stroke="#444", strokeWidth=0.6).encode(
        x=x, y=y, color=alt.condition("datum.small", alt.value("#c8c8c8"), alt.value("#9467bd")),
        size=alt.Size("positions:Q", title="Positions", scale=alt.Scale(domain=[0, pmax], range=list(area)),
                      legend=alt.Legend(orient="right", values=[v for v in (100, 1000, 5000, 10000) if v <= pmax],
                                        labelExpr="format(datum.value, ',')")),
        tooltip=tooltip,
    )
    # label placement in pixels, then back to data coordinates
    lx0, lx1 = math.log10(xmin), math.log10(xmax)
    px = lambda v: (math.log10(v) - lx0) / (lx1 - lx0) * w  # noqa: E731
    py = lambda v: h - v / ymax * h  # noqa: E731
    radius = lambda p: math.sqrt((area[0] + (area[1] - area[0]) * p / pmax) / math.pi)  # noqa: E731
    circles = [(px(r.positions), py(r.img_share_pct), radius(r.positions)) for r in d.itertuples()]
    lab = d[d["positions"] >= label_min_positions].copy()
    lab["label"] = [f"{r.specialty_name} {r.img_share_pct:.1f}%" for r in lab.itertuples()]
    spots = place_labels([(px(r.positions), py(r.img_share_pct), radius(r.positions), r.label)
                           for r in lab.itertuples()], circles, w, h)
    keep = ["specialty_name", "positions", "filled", "img", "img_share_pct", "fill_pct"]
    rows = [{"lx": 10 ** (lx0 + spot[0] / w * (lx1 - lx0)), "ly": (h - spot[1]) / h * ymax, "align": spot[2],
             "label": r.label, **{k: getattr(r, k) for k in keep}}
            for r, spot in zip(lab.itertuples(), spots) if spot is not None]
    labels = []
    placed = pd.DataFrame(rows, columns=["lx", "ly", "align", "label", *keep])
    for align in ("left", "right", "center"):
        part = placed[placed["align"] == align]
        if len(part):
            labels.append(alt.Chart(part).mark_text(align=align, baseline="middle", fontSize=10, color="#222").encode(
                x=alt.X("lx:Q", scale=alt.Scale(type="log", domain=[xmin, xmax], nice=False)),
                y=alt.Y("ly:Q", scale=alt.Scale(domain=[0, ymax])), text="label:N", tooltip=tooltip))
    chart = alt.layer(bubbles, *labels).properties(width=w, height=h)
    chart = with_source(chart, _src_state(year))
    sub = [f"One bubble per specialty with at least {min_positions} {level} positions; bubble area ∝ positions.",
           f"Labelled: specialties with at least {label_min_positions} positions (where a label fits)."]
    if d["small"].any():
        sub.append(f"Grey: fewer than {SMALL_BASE} positions filled, a small number (the share swings on a few people).")
    return _finish(chart, title, sub, "NRMP")


# -- 3. fill trends ----------------------------------------------------------------------

def specialty_fill_trends(df: pd.DataFrame, min_quota: int = 50):
    """Heat map: share of positions filled per specialty (rows) and Match year (columns).

    ``df``: mart specialty_fill_trends. Specialties with at least ``min_quota`` positions in
    the latest year; rows ordered by that year's positions, largest first.
    """
    alt = _alt()
    d = df[df["quota"].notna() & (df["quota"] > 0)].copy()
    if d.empty:
        return _empty("Share of positions filled in the Match by specialty", "No program results to show.",
                      SRC_PROGRAMS)
    d["specialty_name"] = _names(d)
    y1 = int(d["match_year"].max())
    y0 = int(d["match_year"].min())
    latest = d[d["match_year"] == y1].sort_values("quota", ascending=False)
    keep = latest[latest["quota"] >= min_quota]
    order = keep["specialty_name"].tolist()
    d = d[d["specialty_name"].isin(order)].astype({"match_year": "int64", "fill_pct": "float64",
                                                  "quota": "int64", "filled": "int64", "unfilled": "int64"})
    title = f"Share of positions filled in the Match by specialty, {y0}–{y1}"
    if d.empty:
        return _empty(title, f"No specialty with at least {min_quota} positions in {y1}.", SRC_PROGRAMS)
    d["row"] = d["specialty_name"] + " (" + d["specialty_id"].map(
        dict(zip(keep["specialty_id"], keep["quota"].map(lambda q: f"{int(q):,}")))) + ")"
    rows = [f"{n} ({int(q):,})" for n, q in zip(keep["specialty_name"], keep["quota"])]
    lo = float(min(70.0, d["fill_pct"].min()))
    height = 18 * len(rows)
    y = alt.Y("row:N", sort=rows, title=None, scale=alt.Scale(domain=rows), axis=alt.Axis(labelLimit=360))
    tooltip = [alt.Tooltip("specialty_name:N", title="Specialty"), alt.Tooltip("match_year:O", title="Year"),
               alt.Tooltip("programs:Q", title="Programs", format=","),
               alt.Tooltip("quota:Q", title="Positions", format=","),
               alt.Tooltip("filled:Q", title="Filled", format=","),
               alt.Tooltip("unfilled:Q", title="Unfilled", format=","),
               alt.Tooltip("fill_pct:Q", title="Filled (%)", format=".1f")]
    # the year slider: outlines that year's column and sets the year of the unfilled-positions panel
    year = alt.param(name="year", value=y1, bind=alt.binding_range(min=y0, max=y1, step=1, name="Year "))
    picked = "datum.match_year == year"
    base = alt.Chart(d).encode(
        x=alt.X("match_year:O", title="Match year", axis=alt.Axis(labelAngle=0, orient="top")), y=y, tooltip=tooltip)
    from pipeline.marts import SMALL_BASE

    d["small"] = d["quota"] < SMALL_BASE
    cells = base.mark_rect().encode(
        opacity=alt.condition("datum.small", alt.value(0.35), alt.value(1.0)),
        color=alt.Color("fill_pct:Q", title="Positions filled (%)",
                        scale=alt.Scale(scheme="orangered", domain=[lo, 100], reverse=True),
                        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=200)),
        stroke=alt.condition(picked, alt.value("#222"), alt.value("white")),
        strokeWidth=alt.condition(picked, alt.value(1.5), alt.value(1)),
    )
    mid = (lo + 100) / 2
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("fill_pct:Q", format=".1f"),
        color=alt.condition(f"datum.fill_pct < {mid}", alt.value("white"), alt.value("#222")))
    heat = (cells + text).properties(width=300, height=height)
    umax = max(1, int(d["unfilled"].max()))
    unf = alt.Chart(d).transform_filter(picked).encode(
        y=alt.Y("row:N", sort=rows, scale=alt.Scale(domain=rows), axis=None),
        x=alt.X("unfilled:Q", title="Positions unfilled", scale=alt.Scale(domain=[0, umax * 1.35], nice=False),
                axis=alt.Axis(format=",d", tickCount=3, orient="top")),
        tooltip=tooltip)
    panel = (unf.mark_bar(color="#b22222", height={"band": 0.7})
             + unf.mark_text(align="left", dx=3, fontSize=10, color="#333").encode(
                 text=alt.Text("unfilled:Q", format=","))).properties(
        width=130, height=height,
        title=alt.TitleParams(alt.ExprRef("'Unfilled in ' + year"), fontSize=11, anchor="start", orient="bottom"))
    chart = alt.hconcat(heat, panel, spacing=14).add_params(year)
    chart = with_source(chart, SRC_PROGRAMS, width=460)
    return _finish(chart, title,
                   ["Positions filled / positions offered, before SOAP; darker = more positions left unfilled.",
                    "All program types (categorical, primary, preliminary, advanced, reserved) are summed.",
                    f"Specialties with at least {min_quota} positions in {y1}; in brackets: positions offered in {y1}.",
                    f"A blank cell: no program of the specialty in that year's results. Right: positions unfilled "
                    f"in the outlined year ({y1} unless another is chosen)."]
                   + ([f"Pale cells: fewer than {SMALL_BASE} positions that year, a small number."]
                      if d["small"].any() else []),
                   "NRMP")


# -- 4. IMG matches by state -------------------------------------------------------------

def img_matches_by_state(df: pd.DataFrame, year: int | None = None):
    """Horizontal bars: IMGs matched per state (stacked U.S.-citizen / non-U.S.-citizen), all positions.

    ``df``: mart img_share_by_state; summed over specialties and position levels.
    """
    alt = _alt()
    if df.empty:
        return _empty("IMGs matched by state", "No state results to show.", _src_state(year))
    from pipeline.marts import state_totals

    s = state_totals(df, year)
    if s.empty:
        return _empty("IMGs matched by state", f"No state results for {year}.", _src_state(year))
    year = int(s["match_year"].iloc[0])
    order = s["state"].tolist()
    long = s.melt(id_vars=["state", "filled", "img"], value_vars=["us_img", "non_us_img"], var_name="type",
                  value_name="matched")
    long["type_label"] = long["type"].map(IMG_LABELS)
    long["stack"] = long["type"].map({"us_img": 0, "non_us_img": 1})
    stack_order = list(IMG_LABELS.values())
    xmax = float(s["img"].max()) * 1.45 if len(s) else 1.0
    pick, opacity = legend_highlight("type_label")
    bars = alt.Chart(long).mark_bar(height={"band": 0.75}).encode(
        y=alt.Y("state:N", sort=order, title="State (USPS code)", axis=alt.Axis(labelFontSize=9)),
        x=alt.X("matched:Q", stack="zero", title="IMGs matched (positions filled by IMGs)",
                axis=alt.Axis(format=",d"), scale=alt.Scale(domain=[0, xmax])),
        color=_img_type_color(stack_order),
        order=alt.Order("stack:Q"), opacity=opacity,
        tooltip=[alt.Tooltip("state:N", title="State"), alt.Tooltip("type_label:N", title="Applicants"),
                 alt.Tooltip("matched:Q", title="Matched", format=","),
                 alt.Tooltip("filled:Q", title="All positions filled", format=",")],
    ).add_params(pick)
    from pipeline.marts import SMALL_BASE, is_small

    # a share of fewer than SMALL_BASE positions filled is a small number: marked "†" and muted, as in the tables
    s["small"] = s["filled"].map(is_small)
    s["label"] = s.apply(lambda r: f"{int(r['img']):,}  ({r['img_share_pct']:.1f}% of {int(r['filled']):,} filled"
                         + (" †)" if r["small"] else ")") if pd.notna(r["img_share_pct"]) else "–", axis=1)
    text = alt.Chart(s).mark_text(align="left", dx=4, fontSize=9).encode(
        y=alt.Y("state:N", sort=order), x="img:Q", text="label:N",
        color=alt.condition(alt.datum.small, alt.value("#888"), alt.value("#333")),
        tooltip=[alt.Tooltip("state:N", title="State"), alt.Tooltip("img:Q", title="IMGs matched", format=","),
                 alt.Tooltip("us_img:Q", title="U.S.-citizen IMGs", format=","),
                 alt.Tooltip("non_us_img:Q", title="Non-U.S.-citizen IMGs", format=","),
                 alt.Tooltip("filled:Q", title="All positions filled", format=","),
                 alt.Tooltip("img_share_pct:Q", title="IMG share (%)", format=".1f")])
    chart = (bars + text).properties(width=WIDTH - 100, height=14 * len(order))
    chart = with_source(chart, _src_state(year), width=WIDTH - 100)
    subtitle = ["Positions filled by U.S.-citizen and non-U.S.-citizen IMGs, all specialties and position levels",
                "(PGY-1, PGY-2, physician). Label: IMGs matched (share of all positions filled in the state)."]
    if s["small"].any():
        subtitle.append(f"† small number: fewer than {SMALL_BASE} positions filled in the state (muted); "
                        "read the share as counts.")
    return _finish(chart, f"IMGs matched by state, {year}", subtitle, "NRMP")


# -- 5. rank order list length -----------------------------------------------------------

def rol_length_vs_match(df: pd.DataFrame):
    """Average rank-order-list length of matched vs unmatched applicants, one panel per group."""
    alt = _alt()
    if df.empty:
        return _empty("Rank order list length of matched and unmatched applicants", "No rows to show.", SRC_ROL)
    d = df.melt(id_vars=["match_year", "group_name", "matched", "unmatched"],
                value_vars=["avg_rol_matched", "avg_rol_unmatched"], var_name="outcome", value_name="avg_rol")
    d["outcome_label"] = d["outcome"].map({"avg_rol_matched": "Matched", "avg_rol_unmatched": "Unmatched"})
    d["applicants"] = d["matched"].where(d["outcome"] == "avg_rol_matched", d["unmatched"]).astype("int64")
    pick, opacity = legend_highlight("outcome_label")
    d["group"] = d["group_name"].map(APPLICANT_LABELS).fillna(d["group_name"])
    d = d.astype({"match_year": "int64", "avg_rol": "float64"})
    groups = [g for g in APPLICANT_LABELS.values() if g in set(d["group"])]
    y0, y1 = int(d["match_year"].min()), int(d["match_year"].max())
    base = alt.Chart(d).mark_line(strokeWidth=2, point=alt.OverlayMarkDef(size=14)).encode(
        x=alt.X("match_year:Q", title="Match year", scale=alt.Scale(domain=[y0, y1], nice=False),
                axis=alt.Axis(format="d", values=list(range(y0 - y0 % 5 + 5 if y0 % 5 else y0, y1 + 1, 5)),
                              labelAngle=0)),
        y=alt.Y("avg_rol:Q", title=["Average rank order", "list length (ranks)"], scale=alt.Scale(zero=True)),
        color=alt.Color("outcome_label:N", title="Outcome", sort=["Matched", "Unmatched"],
                        scale=alt.Scale(domain=["Matched", "Unmatched"], range=["#1f77b4", "#d62728"]),
                        legend=alt.Legend(orient="top", direction="horizontal", symbolType="stroke",
                                          symbolStrokeWidth=3)),
        opacity=opacity,
        tooltip=[alt.Tooltip("group:N", title="Applicants"), alt.Tooltip("match_year:Q", title="Year", format="d"),
                 alt.Tooltip("outcome_label:N", title="Outcome"),
                 alt.Tooltip("applicants:Q", title="Applicants with this outcome", format=","),
                 alt.Tooltip("avg_rol:Q", title="Average ROL length", format=".2f")],
    ).add_params(pick).properties(width=170, height=160)
    chart = base.facet(facet=alt.Facet("group:N", title=None, sort=groups,
                                       header=alt.Header(labelFontSize=12, labelFontWeight="bold")),
                       columns=3, spacing={"row": 20, "column": 16})
    chart = with_source(chart, SRC_ROL, width=560)
    return _finish(chart, f"Rank order list length of matched and unmatched applicants, {y0}–{y1}",
                   ["Average number of programs ranked, by Match outcome; primary rank order lists, couples excluded.",
                    "An association: applicants who rank more programs match more often, for many reasons."],
                   "NRMP")


# -- 6. AAMC residents vs NRMP matches ---------------------------------------------------

def residents_non_us_share(df: pd.DataFrame, min_residents: int = 500):
    """Dot plot per specialty: AAMC non-U.S.-citizen share of residents vs NRMP non-U.S.-IMG share of matches."""
    alt = _alt()
    d = df[df["nrmp_non_us_img_pct"].notna() & df["non_us_citizen_pct"].notna()
           & (df["residents"] >= min_residents)].copy()
    d["specialty_name"] = _names(d)
    year = str(d["academic_year"].max()) if len(d) else ""
    nrmp_year = int(d["nrmp_match_year"].max()) if len(d) else 0
    title = "Non-U.S. citizens among residents (AAMC) and among Match placements (NRMP)"
    if d.empty:
        return _empty(title, "No specialty with both AAMC and NRMP figures.", SRC_AAMC)
    d = d.sort_values(["non_us_citizen_pct", "specialty_name"], ascending=[False, True])
    order = d["specialty_name"].tolist()
    lab_a = f"AAMC {year}: non-U.S.-citizen residents"
    lab_n = f"NRMP {nrmp_year} Match: non-U.S.-citizen IMGs"
    long = pd.concat([
        pd.DataFrame({"specialty_name": d["specialty_name"], "pct": d["non_us_citizen_pct"].astype("float64"),
                      "what": lab_a, "n": d["non_us_citizen"].astype("int64"), "of": d["residents"].astype("int64")}),
        pd.DataFrame({"specialty_name": d["specialty_name"], "pct": d["nrmp_non_us_img_pct"].astype("float64"),
                      "what": lab_n, "n": d["nrmp_non_us_img"].astype("int64"), "of": d["nrmp_filled"].astype("int64")}),
    ])
    y = alt.Y("specialty_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=320, grid=True))
    d["residents_label"] = [f"{int(n):,} of {int(o):,} ({p:.1f}%)" for n, o, p in
                            zip(d["non_us_citizen"], d["residents"], d["non_us_citizen_pct"])]
    d["nrmp_label"] = [f"{int(n):,} of {int(o):,} ({p:.1f}%)" for n, o, p in
                       zip(d["nrmp_non_us_img"], d["nrmp_filled"], d["nrmp_non_us_img_pct"])]
    long = long.merge(d[["specialty_name", "residents_label", "nrmp_label"]], on="specialty_name")
    pick, opacity = legend_highlight("what")
    rule = alt.Chart(long).mark_line(color="#bbb", strokeWidth=2).encode(
        y=y, x="pct:Q", detail="specialty_name:N",
        tooltip=[alt.Tooltip("specialty_name:N", title="Specialty"),
                 alt.Tooltip("residents_label:N", title=f"AAMC {year}: non-U.S.-citizen residents"),
                 alt.Tooltip("nrmp_label:N", title=f"NRMP {nrmp_year}: filled by non-U.S.-citizen IMGs")])
    dots = alt.Chart(long).mark_point(filled=True, size=70).encode(opacity=opacity,
        y=y, x=alt.X("pct:Q", title="Non-U.S.-citizen share (%)"),
        color=alt.Color("what:N", title=None, scale=alt.Scale(domain=[lab_a, lab_n], range=["#ff7f0e", "#9467bd"]),
                        legend=alt.Legend(orient="top", direction="vertical")),
        shape=alt.Shape("what:N", title=None, scale=alt.Scale(domain=[lab_a, lab_n], range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("specialty_name:N", title="Specialty"), alt.Tooltip("what:N", title="Measure"),
                 alt.Tooltip("pct:Q", title="Share (%)", format=".1f"), alt.Tooltip("n:Q", title="Count", format=","),
                 alt.Tooltip("of:Q", title="Of", format=",")],
    ).add_params(pick)
    chart = (rule + dots).properties(width=WIDTH - 180, height=18 * len(order))
    chart = with_source(chart, f"{SRC_AAMC}; {_src_state(nrmp_year)}", width=WIDTH - 180)
    return _finish(chart, title,
                   [f"AAMC: residents in training (all years) who are not U.S. citizens or permanent residents, {year}.",
                    f"NRMP: positions filled by non-U.S.-citizen IMGs in the {nrmp_year} Match, all position levels.",
                    f"Different populations and years; specialties with at least {min_residents:,} residents."],
                   "NRMP; AAMC")


# -- output ------------------------------------------------------------------------------

