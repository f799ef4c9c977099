"""The look every chart shares: applicant labels and colours, fonts, widths, the title and the source line."""

from __future__ import annotations

import pandas as pd


APPLICANT_LABELS = {
    "all_applicants": "All applicants",
    "us_md_senior": "U.S. MD seniors",
    "us_do_senior": "U.S. DO seniors",
    "us_img": "U.S.-citizen IMGs",
    "non_us_img": "Non-U.S.-citizen IMGs",
}
APPLICANT_COLORS = ["#555555", "#1f77b4", "#2ca02c", "#d62728", "#9467bd"]
IMG_LABELS = {"us_img": "U.S.-citizen IMGs", "non_us_img": "Non-U.S.-citizen IMGs"}
IMG_COLORS = ["#d62728", "#9467bd"]
DEFINITION_LABELS = {
    "headline": "Headline (PGY-1; couples included)",
    "no_couples": "Rank-list report (any position; no couples)",
}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH = 600
SRC_HEADLINE = "NRMP, Main Residency Match By the Numbers and Match press releases (2022–2023 via cited secondary sources)"
SRC_ROL = "NRMP, Impact of Length of Rank Order List on Match Results, 2006–2025 Main Residency Match"
SRC_PROGRAMS = "NRMP, Program Results: Main Residency Match 2021–2025 Appointment Years"
SRC_AAMC = "AAMC, Report on Residents 2022, Tables B5 and B6"


def _alt():
    import altair as alt

    return alt


def _src_state(year: int | None) -> str:
    return f"NRMP, {year or ''} Main Residency Match: Match Rates by Specialty and State".replace("  ", " ")


def _finish(chart, title: str, subtitle: str | list[str] | None, source: str):
    alt = _alt()
    lines = ([subtitle] if isinstance(subtitle, str) else list(subtitle)) if subtitle else []
    return chart.properties(
        title=alt.TitleParams(title, subtitle=lines, anchor="start", fontSize=15, subtitleFontSize=11,
                              subtitleColor="#444", offset=10)
    ).configure(font=FONT, view=alt.ViewConfig(stroke=None),
                axis=alt.AxisConfig(labelFontSize=11, titleFontSize=12),
                legend=alt.LegendConfig(labelFontSize=11, titleFontSize=11, labelLimit=0),
    ).properties(usermeta={"source": source})


def with_source(chart, source: str, width: int | None = None):
    """Put the source line under the chart (as a caption in the chart itself), wrapped to the chart's width."""
    import textwrap

    alt = _alt()
    if width is None:
        width = chart.to_dict().get("width", WIDTH)
        width = width if isinstance(width, (int, float)) else WIDTH
    chars = max(60, int(width / 5.6))  # ~5.6 px per character at 10 px
    lines = textwrap.wrap(f"Source: {source}. Chart: matchstats.", chars)
    caption = alt.Chart(pd.DataFrame({"t": ["\n".join(lines)]})).mark_text(
        align="left", baseline="top", fontSize=10, color="#555", lineBreak="\n", lineHeight=13).encode(
        text="t:N", x=alt.value(0), y=alt.value(0)).properties(height=13 * len(lines), width=width)
    return alt.vconcat(chart, caption, spacing=10)


def _names(df: pd.DataFrame) -> pd.Series:
    """Specialty display names (the mart's ``specialty`` column, else from the crosswalk)."""
    if "specialty" in df.columns:
        return df["specialty"].astype("string")
    from pipeline.ingest.specialties import crosswalk

    names = crosswalk().names
    return df["specialty_id"].map(lambda s: names.get(s, s)).astype("string")


def _latest(df: pd.DataFrame, year: int | None) -> int:
    return int(df["match_year"].max()) if year is None else int(year)


def _empty(title: str, message: str, source: str):
    """A chart that says there is nothing to show (instead of an empty frame)."""
    alt = _alt()
    c = alt.Chart(pd.DataFrame({"t": [message]})).mark_text(fontSize=13, color="#555").encode(
        text="t:N").properties(width=WIDTH, height=60)
    return _finish(with_source(c, source), title, None, source)
