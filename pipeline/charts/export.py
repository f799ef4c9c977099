"""Chart files: every analysis chart written as .svg, .png and .html (Vega inlined), no network.

``chart_specs()`` pairs each chart of ``pipeline.charts.figures`` with the mart it draws;
``write_all_charts`` writes those whose mart is in the database; ``write_report_charts``
does so into ``reports/charts/`` for the published data, skipped when nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.errors import MatchstatsError
from pipeline.marts import available, mart
from pipeline.charts.vega import inline_html


def to_svg(chart) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(chart.to_dict())


def save(chart, stem: Path) -> list[Path]:
    """Write ``stem``.svg, .png and .html (Vega inlined); return the paths.

    The spec is rendered once, to SVG; the PNG is rasterised from that SVG and the
    HTML page embeds vl-convert's offline JavaScript bundle, so no file loads
    anything from a network.
    """
    import vl_convert as vlc

    from pipeline.store.publish import write_atomic

    spec = chart.to_dict(validate=False)
    svg = vlc.vegalite_to_svg(spec)
    title = spec.get("title", {}).get("text", stem.name) if isinstance(spec.get("title"), dict) else stem.name
    write_atomic(stem.with_suffix(".svg"), svg)
    write_atomic(stem.with_suffix(".png"), vlc.svg_to_png(svg, scale=2))
    write_atomic(stem.with_suffix(".html"), inline_html(spec, str(title)))
    return [stem.with_suffix(s) for s in (".svg", ".png", ".html")]


@dataclass(frozen=True)
class ChartSpec:
    stem: str           # file name under reports/charts/ (without suffix)
    mart: str
    make: Callable      # charts.<function>(mart DataFrame) -> altair chart
    fallback: str | None = None  # a mart with the same columns to use when ``mart`` is missing


def chart_specs() -> list[ChartSpec]:
    from pipeline.charts import figures as charts
    from pipeline.charts import step2

    return [
        ChartSpec("match_rate_trends", "match_rate_trends", charts.match_rate_trends, fallback="match_rate_headline"),
        ChartSpec("img_share_by_specialty", "img_share_by_specialty", charts.img_share_by_specialty),
        ChartSpec("positions_vs_img_share", "img_share_by_specialty", charts.positions_vs_img_share),
        ChartSpec("specialty_fill_trends", "specialty_fill_trends", charts.specialty_fill_trends),
        ChartSpec("img_matches_by_state", "img_share_by_state", charts.img_matches_by_state),
        ChartSpec("rol_length_vs_match", "rol_length_vs_match", charts.rol_length_vs_match),
        ChartSpec("residents_non_us_share", "residents_non_us_share", charts.residents_non_us_share),
        ChartSpec("step2_by_specialty", "step2_by_specialty", step2.step2_by_specialty),
    ]


def chart(stem: str, con=None):
    """One chart by its file stem (see chart_specs), built from its mart."""
    spec = next((c for c in chart_specs() if c.stem == stem), None)
    if spec is None:
        raise MatchstatsError(f"unknown chart {stem!r}", todo=f"use one of: {', '.join(c.stem for c in chart_specs())}")
    name = spec.mart
    if spec.fallback:
        present = available(con)
        if name not in present and spec.fallback in present:
            name = spec.fallback
    return spec.make(mart(name, con))


def write_all_charts(con, out_dir: Path, say=None) -> list[Path]:
    """Write every chart whose mart is in the database to ``out_dir`` as .svg, .png and .html.

    Charts whose mart is missing are skipped (and reported through ``say`` when given).
    Returns the files written.
    """
    out_dir = Path(out_dir)
    present = set(available(con))
    written: list[Path] = []
    frames: dict[str, pd.DataFrame] = {}
    skipped = []
    for spec in chart_specs():
        name = spec.mart if spec.mart in present else spec.fallback if spec.fallback in present else None
        if name is None:
            skipped.append(spec.stem)
            continue
        if name not in frames:
            frames[name] = mart(name, con)
        written += save(spec.make(frames[name]), out_dir / spec.stem)
    if skipped and say:
        say(f"  {len(skipped)} {'chart' if len(skipped) == 1 else 'charts'} skipped (their analyses are not built): {', '.join(skipped)}")
    return written


def write_report_charts(paths=None, say=print, force: bool = False, version: Path | None = None,
                        out_dir: Path | None = None) -> list[Path]:
    """Write every available chart of the published data to ``reports/charts/`` (svg, png, html).

    Skipped when the published version and the chart code are unchanged since the last call
    (``reports/charts/.stamp``); ``force`` rewrites them. Charts of marts that are no longer
    available are removed. Returns the files written.

    ``version`` and ``out_dir``: the charts of a version that is not published yet, into a staging
    folder (the run draws them while the tables are validated; :func:`install_staged` moves them
    into ``reports/charts/`` once the version is published, and they are dropped with it otherwise).
    """
    from pipeline.store import publish
    from pipeline.store import warehouse
    from pipeline.config import paths as _paths

    p = paths or _paths()
    staged = version is not None
    version = Path(version).resolve() if staged else publish.current_version(p)
    if version is None:
        say("[charts] no published data; no charts written")
        return []
    out_dir = Path(out_dir) if out_dir is not None else p.reports / "charts"
    stamp, stamp_file = _stamp(version), out_dir / ".stamp"
    if not force and stamp_file.exists() and stamp_file.read_text() == stamp:
        say("[charts] reports/charts/ up to date")
        return []
    con = warehouse.connect(p, database=version / warehouse.DB_NAME if staged else None)
    try:
        written = write_all_charts(con, out_dir, say=say)
    finally:
        con.close()
    keep = {f.name for f in written}
    for f in out_dir.glob("*"):
        if f.is_file() and f.suffix in (".svg", ".png", ".html") and f.name not in keep:
            f.unlink()
    publish.write_atomic(stamp_file, stamp)
    n = len(written) // 3
    shown = "reports/charts" if staged else out_dir.relative_to(p.home)
    say(f"[charts] {n} {'chart' if n == 1 else 'charts'} in {shown}/ (svg, png, html)")
    return written


def _stamp(version: Path) -> str:
    """What the chart files are made from: the data version and the chart and analysis code."""
    import hashlib

    from pipeline.config import PACKAGE_DIR, SQL_DIR

    h = hashlib.sha256(str(version).encode())
    for f in [*sorted((PACKAGE_DIR / "charts").glob("*.py")), *sorted((PACKAGE_DIR / "marts").glob("*.py")),
              *sorted(SQL_DIR.glob("*.sql"))]:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def up_to_date(paths, version: Path | None = None) -> bool:
    """True when reports/charts/ holds the charts of the published version and the current code.

    ``version``: the published version when the caller has resolved it already (the run does, once);
    None: looked up here."""
    if version is None:
        from pipeline.store import publish

        version = publish.current_version(paths)
    stamp_file = paths.reports / "charts" / ".stamp"
    return version is not None and stamp_file.exists() and stamp_file.read_text() == _stamp(version)


def install_staged(staging: Path, out_dir: Path) -> None:
    """Move the charts drawn into ``staging`` into ``out_dir``, each file replaced in one step, and remove
    the charts ``staging`` no longer has; the stamp last, so an interrupted move is redone next time."""
    import os

    out_dir.mkdir(parents=True, exist_ok=True)
    new = {f.name for f in staging.iterdir() if f.is_file() and f.name != ".stamp"}
    for name in sorted(new):
        os.replace(staging / name, out_dir / name)
    for f in out_dir.glob("*"):
        if f.is_file() and f.suffix in (".svg", ".png", ".html") and f.name not in new:
            f.unlink()
    if (staging / ".stamp").exists():
        os.replace(staging / ".stamp", out_dir / ".stamp")
    staging.rmdir()
