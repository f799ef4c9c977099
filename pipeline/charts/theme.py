"""The look every chart shares: applicant labels and colours, fonts, widths, the title and the source line."""

from __future__ import annotations

from functools import lru_cache

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
# Source lines are the catalogue's citations (publisher, title: data/raw/sources.yml), never typed
# here: each chart names the kinds of report it shows. SRC_HEADLINE etc. are read on first use.
SOURCE_KINDS = {
    "SRC_HEADLINE": ("by_the_numbers", "headline_facts"),
    "SRC_ROL": ("rol_impact",),
    "SRC_PROGRAMS": ("program_results",),
    "SRC_AAMC": ("aamc_residents_b5", "aamc_residents_b6"),
}
STATE_KIND = "state_specialty_results"


def _catalogue_sources() -> list:
    """The catalogued files of the current home (MATCHSTATS_HOME), else of the checkout."""
    from pipeline.config import PROJECT_DIR, paths
    from pipeline.errors import MatchstatsError

    for p in (paths(), paths(PROJECT_DIR)):
        f = p.catalogue
        try:
            return list(_load(str(f), f.stat().st_mtime_ns))
        except (OSError, MatchstatsError):
            continue
    return []


@lru_cache(maxsize=4)
def _load(file: str, mtime_ns: int) -> tuple:
    from pathlib import Path

    from pipeline.config import paths
    from pipeline.sources import catalogue

    return tuple(catalogue.load(paths(Path(file).parents[2])).sources)


def citation(*kinds: str, year: int | None = None) -> str:
    """The catalogue's citations of the files of these report kinds, newest edition first.

    With ``year``, only the editions that cover that year (when any does). A kind that is
    not catalogued is named as such, so a chart never shows a source nobody catalogued.
    """
    out: list[str] = []
    sources = _catalogue_sources()
    for kind in kinds:
        eds = sorted((s for s in sources if getattr(s, "kind", None) == kind),
                     key=lambda s: (-max(s.years, default=0), s.id))
        if year is not None and any(year in s.years for s in eds):
            eds = [s for s in eds if year in s.years]
        out += [s.citation() for s in eds] or [f"(no catalogued {kind} report)"]
    return "; ".join(dict.fromkeys(out))


def __getattr__(name: str) -> str:
    if name in SOURCE_KINDS:
        return citation(*SOURCE_KINDS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _alt():
    import altair as alt

    return alt


def _src_state(year: int | None) -> str:
    return citation(STATE_KIND, year=year)


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


def with_source(chart, source: str, width: int | None = None, narrow: bool = False):
    """Put the source line under the chart (as a caption in the chart itself), wrapped to the chart's width.

    ``narrow``: the phone layout, 11 px text wrapped to about 300 px whatever the plot's width."""
    import textwrap

    alt = _alt()
    if width is None:
        width = chart.to_dict().get("width", WIDTH)
        width = width if isinstance(width, (int, float)) else WIDTH
    size = 11 if narrow else 10
    chars = 46 if narrow else max(60, int(width / 5.6))  # ~5.6 px per character at 10 px
    lines = textwrap.wrap(f"Source: {source}. Chart: matchstats.", chars)
    caption = alt.Chart(pd.DataFrame({"t": ["\n".join(lines)]})).mark_text(
        align="left", baseline="top", fontSize=size, color="#555", lineBreak="\n", lineHeight=size + 3).encode(
        text="t:N", x=alt.value(0), y=alt.value(0)).properties(height=(size + 3) * len(lines), width=width)
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
