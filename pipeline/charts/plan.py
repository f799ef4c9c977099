"""The charts of `matchstats plan` (Vega-Lite specs as dicts, drawn offline by the page's inlined Vega).

``standing``: a measure's two boxes, non-U.S. IMGs who matched to their preferred specialty and those who
did not (Q1-Q3 box, median tick, lowest-highest whiskers), with the applicant's value as a vertical rule;
``states``: states ranked by IMG matches, the chosen ones in colour; ``rol``: rank-order-list length of
matched and unmatched applicants by year (a missing year is a gap). Each has a wide and a phone-width
layout (``narrow=True``), a title and its source line.
"""

from __future__ import annotations

from pipeline.charts.theme import FONT

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier only: nothing is fetched
COLORS = {"Matched": "#1f77b4", "Did not match": "#d62728"}
YOU = "#111111"
CHOSEN, OTHER = "#b3261e", "#b8b8c0"


def _base(title: str, subtitle: list[str], width: int) -> dict:
    return {"$schema": SCHEMA, "width": width, "background": "white",
            "title": {"text": title, "subtitle": subtitle, "anchor": "start", "font": FONT, "subtitleFont": FONT,
                      "fontSize": 13, "subtitleFontSize": 11, "subtitleColor": "#555"},
            "config": {"font": FONT, "axis": {"labelFontSize": 11, "titleFontSize": 11},
                       "legend": {"labelFontSize": 11, "titleFontSize": 11}, "view": {"stroke": None}}}


def _wrap(text: str, width: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, max(30, width // 6))


def standing(block: dict, specialty: str, narrow: bool = False) -> dict:
    """The two boxes of one measure (``plan_data`` block) with the applicant's value marked."""
    width = 300 if narrow else 560
    rows = []
    for key, label in (("matched", "Matched"), ("not_matched", "Did not match")):
        st = block.get(key)
        if not st or st.get("suppressed"):
            continue
        rows.append({"group": label, "n": st["n"], "min": st["min"], "q1": st["q1"], "median": st["median"],
                     "q3": st["q3"], "max": st["max"], "small": bool(st["small"])})
    vals = [v for r in rows for v in (r["min"], r["max"]) if v is not None]
    if block.get("value") is not None:
        vals.append(block["value"])
    lo, hi = (min(vals), max(vals)) if vals else (0, 1)
    cut = None
    if block.get("measure") != "step2ck" and rows:  # counts with a long tail (research 0-150): the boxes stay readable
        cap = max([3 * r["q3"] for r in rows if r["q3"] is not None] + [(block.get("value") or 0) * 1.2, 10])
        if hi > cap:
            cut = [(r["group"], r["max"]) for r in rows if r["max"] is not None and r["max"] > cap]
            hi = cap
    counts = block.get("measure") != "step2ck"
    pad = max(0.3, (hi - lo) * 0.03) if counts else max(1, (hi - lo) * 0.04)
    scale = {"domain": [lo - pad, hi + pad], "nice": False, "zero": False}
    axis = {"tickMinStep": 1, "format": "d"} if counts else {}
    y = {"field": "group", "type": "nominal", "title": None, "sort": list(COLORS),
         "axis": {"labelLimit": 120}}
    x_title = f"{block['label']} ({block['unit']})"
    color = {"field": "group", "type": "nominal", "legend": None,
             "scale": {"domain": list(COLORS), "range": list(COLORS.values())}}
    opacity = {"condition": {"test": "datum.small", "value": 0.45}, "value": 1}
    layers = [
        {"mark": {"type": "rule", "strokeWidth": 1.2, "clip": True},
         "encoding": {"y": y, "x": {"field": "min", "type": "quantitative", "scale": scale, "title": x_title,
                                    "axis": axis},
                      "x2": {"field": "max"}, "color": color, "opacity": opacity}},
        {"mark": {"type": "bar", "height": 22 if narrow else 26, "clip": True},
         "encoding": {"y": y, "x": {"field": "q1", "type": "quantitative", "scale": scale},
                      "x2": {"field": "q3"}, "color": color, "opacity": opacity,
                      "tooltip": [{"field": "group"}, {"field": "n", "title": "applicants (n)"},
                                  {"field": "q1", "title": "Q1"}, {"field": "median"}, {"field": "q3", "title": "Q3"}]}},
        {"mark": {"type": "tick", "color": "white", "thickness": 2.5, "size": 20 if narrow else 24},
         "encoding": {"y": y, "x": {"field": "median", "type": "quantitative", "scale": scale}}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "dy": -16 if narrow else -18, "fontSize": 11,
                  "color": "#333"},
         "encoding": {"y": y, "x": {"field": "median", "type": "quantitative", "scale": scale},
                      "text": {"field": "label"}}},
    ]
    for r in rows:
        r["label"] = f"median {r['median']:g} · n {r['n']:,}" + (" · small number" if r["small"] else "")
    data = {"values": rows}
    if block.get("value") is not None:
        layers.append({"data": {"values": [{"value": block["value"], "label": f"You: {block['value']:g}"}]},
                       "layer": [{"mark": {"type": "rule", "color": YOU, "strokeWidth": 2, "strokeDash": [4, 3]},
                                  "encoding": {"x": {"field": "value", "type": "quantitative", "scale": scale}}},
                                 {"mark": {"type": "text", "align": "left", "dx": 4, "y": -4, "fontSize": 11,
                                           "fontWeight": "bold", "color": YOU},
                                  "encoding": {"x": {"field": "value", "type": "quantitative", "scale": scale},
                                               "text": {"field": "label"}}}]})
    sub = _wrap(f"Non-U.S. IMGs who preferred {specialty}, {block['year']} Match: box = middle half (Q1–Q3), "
                "white line = median, whiskers = lowest to highest. Paler: fewer than 20 applicants. "
                "A profile of past applicants, not a chance of matching.", width)
    if cut:
        sub += _wrap(f"Whiskers cut at {hi:g}; highest: " + ", ".join(f"{g.lower()} {m:g}" for g, m in cut) + ".", width)
    sub += _wrap(f"Source: {block['source']}.", width)
    spec = _base(f"{block['label']}: {specialty}", sub, width)
    spec.update({"height": 2 * (44 if narrow else 52), "data": data, "layer": layers})
    return spec


def states(ranked: list[dict], specialty: str, year: int, level: str, source: str, top: int = 15,
           narrow: bool = False) -> dict:
    """States ranked by IMG matches (top ``top`` and every chosen state), chosen ones in colour."""
    width = 300 if narrow else 560
    shown = [r for r in ranked if r["rank"] <= top or r["chosen"]]
    rows = [{"label": f"{r['rank']}. {r['state']}", "img": r["img"], "chosen": "Your states" if r["chosen"] else
             "Other states", "text": f"{r['img']:,}" + (f" ({r['pct']:.1f}%)" if r["pct"] is not None else "")}
            for r in shown]
    order = [r["label"] for r in rows]
    y = {"field": "label", "type": "nominal", "sort": order, "title": None}
    sub = _wrap(f"{level} positions filled by IMGs (U.S.-citizen and non-U.S.-citizen), {year} Match; label: IMGs "
                "(IMG share of filled positions). The top states and yours.", width)
    sub += _wrap(f"Source: {source}.", width)
    spec = _base(f"States ranked by IMG matches: {specialty}", sub, width)
    spec.update({"height": 16 * len(rows) + 10, "data": {"values": rows}, "layer": [
        {"mark": {"type": "bar"},
         "encoding": {"y": y, "x": {"field": "img", "type": "quantitative", "title": "IMGs matched",
                                    "axis": {"tickMinStep": 1, "format": "d"}},
                      "color": {"field": "chosen", "type": "nominal", "title": None,
                                "scale": {"domain": ["Your states", "Other states"], "range": [CHOSEN, OTHER]},
                                "legend": {"orient": "bottom"}}}},
        {"mark": {"type": "text", "align": "left", "dx": 3, "fontSize": 10},
         "encoding": {"y": y, "x": {"field": "img", "type": "quantitative"}, "text": {"field": "text"}}},
    ]})
    return spec


def rol(rows: list[dict], label: str, source: str, narrow: bool = False) -> dict:
    """Average rank-order-list length of matched vs unmatched applicants per year (a missing year: a gap)."""
    width = 300 if narrow else 560
    years = [r["year"] for r in rows]
    values = []
    for y in range(min(years), max(years) + 1):
        r = next((x for x in rows if x["year"] == y), None)
        for key, name in (("matched", "Matched"), ("unmatched", "Did not match")):
            values.append({"year": y, "outcome": name, "avg": None if r is None else r[key]})
    sub = _wrap(f"{label}: average number of programs ranked by those who matched and those who did not, "
                f"{min(years)}–{max(years)} (couples excluded). A description, not advice on how many to rank.",
                width)
    sub += _wrap(f"Source: {source}.", width)
    spec = _base(f"Rank order list length: {label}", sub, width)
    x = {"field": "year", "type": "ordinal", "title": None, "axis": {"labelAngle": -45 if narrow else 0,
                                                                    "labelOverlap": True}}
    color = {"field": "outcome", "type": "nominal", "title": None, "legend": {"orient": "bottom"},
             "scale": {"domain": list(COLORS), "range": list(COLORS.values())}}
    spec.update({"height": 200, "data": {"values": values}, "layer": [
        {"mark": {"type": "line", "point": True},
         "encoding": {"x": x, "y": {"field": "avg", "type": "quantitative", "title": "Programs ranked (average)"},
                      "color": color, "tooltip": [{"field": "year"}, {"field": "outcome"}, {"field": "avg"}]}},
    ]})
    return spec


def altair(spec: dict | None):
    """A spec of this module as an Altair chart (for ``pipeline.charts.notebook.show``); None for None."""
    if spec is None:
        return None
    import altair as alt

    return alt.LayerChart.from_dict(spec)
