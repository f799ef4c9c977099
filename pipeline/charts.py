"""Altair charts, one function per chart, and saving them without a network.

Every chart has a title, axis titles with units and a source line under it.
``save`` writes PNG and SVG (rendered by vl-convert, no browser) and an HTML
file with Vega inlined, so that none of them loads anything from a CDN.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

APPLICANT_LABELS = {
    "all_applicants": "All applicants",
    "us_md_senior": "U.S. MD seniors",
    "us_do_senior": "U.S. DO seniors",
    "us_img": "U.S.-citizen IMGs",
    "non_us_img": "Non-U.S.-citizen IMGs",
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _alt():
    import altair as alt

    return alt


def _finish(chart, title: str, subtitle: str | None, source: str):
    alt = _alt()
    lines = [subtitle] if subtitle else []
    return chart.properties(
        title=alt.TitleParams(title, subtitle=lines, anchor="start", fontSize=15, subtitleFontSize=11)
    ).configure_view(stroke=None).configure(font=FONT).properties(usermeta={"source": source})


def with_source(chart, source: str):
    """Put the source line under the chart (as a caption in the chart itself)."""
    alt = _alt()
    caption = alt.Chart(pd.DataFrame({"t": [f"Source: {source}"]})).mark_text(
        align="left", baseline="top", fontSize=10, color="#555").encode(
        text="t:N").properties(height=14, width=chart.to_dict().get("width", 560))
    return alt.vconcat(chart, caption, spacing=4)


def match_rate_by_applicant_type(match_summary: pd.DataFrame):
    """PGY-1 match rate by applicant type over the Match years (headline definition)."""
    alt = _alt()
    df = match_summary[["match_year", "applicant_type", "match_rate_pct", "matched_pgy1", "active_applicants"]].copy()
    df["applicant"] = df["applicant_type"].map(APPLICANT_LABELS)
    df = df.astype({"match_rate_pct": "float64", "match_year": "int64"})
    order = [APPLICANT_LABELS[k] for k in APPLICANT_LABELS]
    years = sorted(df["match_year"].unique().tolist())
    base = alt.Chart(df).encode(
        x=alt.X("match_year:O", title="Match year", axis=alt.Axis(labelAngle=0), sort=years),
        y=alt.Y("match_rate_pct:Q", title="PGY-1 match rate (%)", scale=alt.Scale(domain=[40, 100])),
        color=alt.Color("applicant:N", title="Applicant type", sort=order,
                        scale=alt.Scale(domain=order, range=["#555555", "#1f77b4", "#2ca02c", "#d62728", "#9467bd"])),
        tooltip=[alt.Tooltip("match_year:O", title="Year"), alt.Tooltip("applicant:N", title="Applicant type"),
                 alt.Tooltip("match_rate_pct:Q", title="Match rate (%)", format=".1f"),
                 alt.Tooltip("matched_pgy1:Q", title="Matched to PGY-1", format=","),
                 alt.Tooltip("active_applicants:Q", title="Active applicants", format=",")],
    )
    lines = base.mark_line(point=True, strokeWidth=2)
    last = df[df["match_year"] == df["match_year"].max()]
    labels = alt.Chart(last).mark_text(align="left", dx=6, fontSize=11, dy=alt.ExprRef("datum.applicant == 'U.S. DO seniors' ? 7 : (datum.applicant == 'U.S. MD seniors' ? -5 : 0)")).encode(
        x=alt.X("match_year:O", sort=years), y="match_rate_pct:Q",
        text=alt.Text("match_rate_pct:Q", format=".1f"),
        color=alt.Color("applicant:N", sort=order, title="Applicant type",
                        scale=alt.Scale(domain=order, range=["#555555", "#1f77b4", "#2ca02c", "#d62728", "#9467bd"])))
    chart = (lines + labels).properties(width=560, height=300)
    chart = with_source(chart, "NRMP Main Residency Match (By the Numbers; press releases); matchstats")
    return _finish(chart, "PGY-1 match rate by applicant type",
                   "Applicants matched to PGY-1 positions / applicants who certified a rank order list",
                   "NRMP")


def to_svg(chart) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_dict())


def save(chart, stem: Path) -> list[Path]:
    """Write ``stem``.svg, .png and .html (Vega inlined); return the paths."""
    import vl_convert as vlc

    from pipeline.publish import write_atomic

    spec = chart.to_dict()
    out = []
    svg = vlc.vegalite_to_svg(spec)
    write_atomic(stem.with_suffix(".svg"), svg)
    write_atomic(stem.with_suffix(".png"), vlc.vegalite_to_png(spec, scale=2))
    write_atomic(stem.with_suffix(".html"), vlc.vegalite_to_html(spec, bundle=True))
    out += [stem.with_suffix(s) for s in (".svg", ".png", ".html")]
    return out
