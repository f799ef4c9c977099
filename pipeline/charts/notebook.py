"""Notebook helpers: interactive charts that load nothing from a network, with a static copy, and compact tables.

    from pipeline.charts import notebook as nb
    nb.show(charts.match_rate_trends, trends)   # the chart, interactive; nothing when ``trends`` is None
    nb.table(trends, {"match_year": "Year"})    # 15 formatted rows; ``.all()`` shows every row
    nb.md(f"... {nb.pct(40.3)} ...")            # Markdown built from the data

**Interactive and offline.** A chart is Altair's ``JupyterChart`` (an anywidget) whose Vega,
Vega-Lite and vega-embed come from vl-convert's bundle (``enable_offline``, cached on disk
like ``vega.javascript``), never from a CDN: tooltips, legend highlighting, clicks and sliders
work in JupyterLab without network.

**A static copy beside the widget.** ``show`` displays one output holding the widget view *and*
an ``image/svg+xml`` rendering of the same chart (vl-convert, in the kernel). JupyterLab draws
the widget while the kernel runs; whatever cannot draw the widget (nbconvert, a notebook viewer,
a notebook saved without widget state) shows the SVG. ``pre_save_hook`` (set by
``notebooks/.jupyter/jupyter_server_config.json``, which ``make lab`` uses) drops the widget
view of those outputs from the saved file, so a saved notebook reopened in JupyterLab shows
the SVG instead of "model not found" until its cells are run again.
"""

from __future__ import annotations

import hashlib
import html
import os
from typing import Callable

import pandas as pd

MISSING = "–"
ROWS = 15
MARK = "matchstats"  # output metadata key of the outputs made here: {"static": <mimetype of the copy>}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
EMBED_OPTIONS = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}

# -- interactive charts, offline ---------------------------------------------------------------


def enable_offline() -> None:
    """Make every JupyterChart load Vega from vl-convert's bundle (no CDN); also the default renderer.

    Bundling takes vl-convert about 2 s, so the bundle is kept in ``vega.cache_dir()`` under a
    name holding the Altair, vl-convert and Vega-Lite versions. After this, a chart that is the
    last expression of a cell is shown as ``show`` shows it (renderer ``matchstats``).
    """
    import altair as alt

    cls = alt.JupyterChart
    if not getattr(cls, "_is_offline", False):
        js = _cached_bundle()
        if js is not None and hasattr(cls, "_is_offline"):
            cls._esm = js
            cls._is_offline = True
        else:
            cls.enable_offline()
            _store_bundle(cls._esm)
    if "matchstats" not in alt.renderers.names():
        alt.renderers.register("matchstats", _renderer)
    alt.renderers.enable("matchstats")


def _bundle_path():
    import altair as alt
    import vl_convert as vlc
    from altair.jupyter.jupyter_chart import load_js_src

    from pipeline.charts.vega import cache_dir, vegalite_version

    key = hashlib.sha256(f"{alt.__version__}|{vlc.__version__}|{vegalite_version()}|{load_js_src()}".encode())
    return cache_dir() / f"jupyterchart-{alt.__version__}-{vlc.__version__}-{key.hexdigest()[:16]}.js"


def _cached_bundle() -> str | None:
    try:
        js = _bundle_path().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ImportError):
        return None
    return js if "render" in js and "esm.sh" not in js else None


def _store_bundle(js: str) -> None:
    try:
        path = _bundle_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(js, encoding="utf-8")
        os.replace(tmp, path)
    except (OSError, ImportError):
        pass  # no writable cache: bundled again by the next kernel


def _renderer(spec: dict, **metadata):
    import altair as alt

    return _bundle(alt.Chart.from_dict(spec), spec)


def _widget_bundle(widget) -> dict:
    """The widget's own output data (anywidget returns (data, metadata), ipywidgets data)."""
    bundle = widget._repr_mimebundle_()
    return dict(bundle[0] if isinstance(bundle, tuple) else bundle)


def _title(spec: dict) -> str:
    t = spec.get("title")
    t = t.get("text") if isinstance(t, dict) else t
    return " ".join(t) if isinstance(t, list) else str(t or "chart")


def _bundle(chart, spec: dict | None = None, widget=None) -> tuple[dict, dict]:
    """The output of one chart: widget view + static SVG + a line of text, and the metadata that marks it."""
    import altair as alt

    from pipeline.charts.vega import to_svg

    spec = chart.to_dict() if spec is None else spec
    widget = widget or alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)
    data = _widget_bundle(widget)
    data["image/svg+xml"] = to_svg(spec)
    data["text/plain"] = (f"Chart: {_title(spec)}. Interactive in JupyterLab (run the cell); "
                          "a static SVG copy is kept with the notebook.")
    return data, {MARK: {"static": "image/svg+xml"}}


def show(chart, *data, linked: tuple[str, Callable] | None = None, **kwargs) -> None:
    """Display a chart, interactive (no network) with a static SVG copy in the same output.

    ``chart``: an Altair chart, or a chart function of ``pipeline.charts`` called with ``data``
    and ``kwargs``; nothing is shown when any of ``data`` is None (a mart that is not available:
    ``marts.load`` has said so) or ``chart`` is None.

    ``linked=(selection, make_table)``: a table under the chart that follows a point
    selection of the chart (e.g. ``"specialty"``: click a bar). ``make_table(value)`` gets the
    first field value of the selection, or None before a click (and after a double-click), and
    returns a ``Table`` (or HTML). The table as first shown is also kept as static HTML.
    """
    if chart is None or any(d is None for d in data):
        return None
    if callable(chart) and not hasattr(chart, "to_dict"):
        chart = chart(*data, **kwargs)
    import altair as alt
    from IPython.display import display

    enable_offline()
    widget = alt.JupyterChart(chart, embed_options=EMBED_OPTIONS)
    bundle, meta = _bundle(chart, widget=widget)
    display(bundle, raw=True, metadata=meta)
    if linked is not None:
        name, make_table = linked
        _linked_table(widget, name, make_table)
    return None


def _html(obj) -> str:
    return "" if obj is None else obj._repr_html_() if hasattr(obj, "_repr_html_") else str(obj)


def _linked_table(widget, name: str, make_table: Callable) -> None:
    import ipywidgets
    from IPython.display import display

    first = make_table(None)
    out = ipywidgets.HTML(value=_html(first))

    def changed(change) -> None:
        values = getattr(change["new"], "value", None) or []
        value = next(iter(values[0].values()), None) if values and isinstance(values[0], dict) else None
        out.value = _html(make_table(value))

    widget.selections.observe(changed, names=[name])
    data = _widget_bundle(out)
    data["text/html"] = out.value
    data["text/plain"] = repr(first) if isinstance(first, Table) else "Table (interactive in JupyterLab)"
    display(data, raw=True, metadata={MARK: {"static": "text/html"}})


def pre_save_hook(model: dict, **kwargs) -> None:
    """Jupyter server pre-save hook: saved outputs of ``show`` keep their static copy, not a dead widget.

    A widget view whose state is not saved with the notebook cannot be drawn after the kernel
    has gone (JupyterLab shows "model not found" instead of the next mimetype), so the widget
    view of the outputs marked by ``show`` is left out of the saved file unless the notebook
    holds that widget's state. Other outputs are not touched.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    nb = model["content"]
    saved = (nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}) or {}).get("state", {}) or {}
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data, meta = out.get("data"), out.get("metadata") or {}
            if not isinstance(data, dict) or WIDGET_VIEW not in data or MARK not in meta:
                continue
            static = meta[MARK].get("static") if isinstance(meta[MARK], dict) else None
            if static in data and (data[WIDGET_VIEW] or {}).get("model_id") not in saved:
                del data[WIDGET_VIEW]


# -- text ---------------------------------------------------------------------------------------


def md(text: str) -> None:
    """Display Markdown (an answer or a caveat built from the data)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def missing(v) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def count(v) -> str:
    """A whole number with thousands separators ("12,439"); "–" when missing."""
    return MISSING if missing(v) else f"{int(round(float(v))):,}"


def pct(v, decimals: int = 1) -> str:
    """A percentage with one decimal ("40.3%"); "–" when missing."""
    return MISSING if missing(v) else f"{float(v):.{decimals}f}%"


def number(v, decimals: int = 2) -> str:
    """A number with ``decimals`` decimals and thousands separators; "–" when missing."""
    return MISSING if missing(v) else f"{float(v):,.{decimals}f}"


# -- tables -------------------------------------------------------------------------------------

LABELS = {  # default column headers
    "rank": "Rank", "match_year": "Year", "applicant_type": "Applicant type", "group_name": "Applicants",
    "definition": "Definition", "active_applicants": "Applicants", "matched": "Matched",
    "unmatched": "Unmatched", "match_rate_pct": "Match rate", "rate_basis": "Rate",
    "specialty": "Specialty", "specialty_id": "Specialty id", "position_level": "Level", "state": "State",
    "positions": "Positions", "quota": "Positions", "filled": "Filled", "fill_pct": "Fill rate",
    "unfilled": "Unfilled", "programs": "Programs", "us_img": "U.S.-citizen IMGs",
    "non_us_img": "Non-U.S.-citizen IMGs", "img": "IMGs", "img_share_pct": "IMG share",
    "avg_rol_matched": "Avg. ROL, matched", "avg_rol_unmatched": "Avg. ROL, unmatched",
    "difference": "Difference (ranks)", "program_code": "Program code", "program_name": "Program",
    "institution": "Institution", "city": "City", "program_type": "Type", "residents": "Residents",
    "non_us_citizen": "Non-U.S.-citizen residents", "non_us_citizen_pct": "Non-U.S.-citizen share",
    "nrmp_filled": "NRMP filled", "nrmp_non_us_img": "NRMP non-U.S. IMGs",
    "nrmp_non_us_img_pct": "NRMP non-U.S.-IMG share", "academic_year": "AAMC year", "nrmp_match_year": "NRMP Match",
    "degree_types": "Degrees", "unfilled_pct": "Unfilled share",
}


def _value_labels() -> dict[str, dict[str, str]]:
    from pipeline.charts.theme import APPLICANT_LABELS, DEFINITION_LABELS

    return {"applicant_type": APPLICANT_LABELS, "group_name": APPLICANT_LABELS, "definition": DEFINITION_LABELS}


def _is_year(name: str) -> bool:
    n = str(name).lower()
    return n == "rank" or n.endswith("year") or n.endswith("_code")


def _formatter(name, s: pd.Series, decimals: int) -> tuple[Callable, bool]:
    """How to write the values of one column, and whether they are numbers (right-aligned)."""
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        labels = _value_labels().get(str(name), {})
        return (lambda v: MISSING if missing(v) else labels.get(v, str(v))), False
    if str(name).endswith("_pct") or str(name).endswith("%"):
        return pct, True
    present = s.dropna().astype("float64")
    whole = bool(((present - present.round()).abs() < 1e-9).all())
    if _is_year(name) and whole:
        return (lambda v: MISSING if missing(v) else str(int(v))), True
    if whole:
        return count, True
    return (lambda v: number(v, decimals)), True


SMALL_MARK = " †"


def small_note() -> str:
    from pipeline.marts import SMALL_BASE

    return (f"† small number: the base of this figure (positions, positions filled, applicants or scores) is "
            f"under {SMALL_BASE}; it swings on one or two people, so read it as a count, not as a rate.")


def _small_cells(d: pd.DataFrame, shown) -> pd.DataFrame:
    """Which cells of the shown columns hold a figure over a small base (from the base column in ``d``,
    shown or not; a column without a known base is never flagged)."""
    from pipeline.marts.access import base_of, is_small

    out = pd.DataFrame(False, index=d.index, columns=list(shown))
    for c in shown:
        base = base_of(c, d.columns)
        if base is not None:
            out[c] = d[base].map(is_small) & d[c].notna()
    return out.reset_index(drop=True)


class Table:
    """A DataFrame shown compactly: chosen columns with readable headers, formatted values, ~15 rows.

    Thousands separators, percentages (``*_pct`` columns) with one decimal and a "%", whole
    numbers as integers, years without separators, "–" for a missing value, applicant types
    and definitions by their labels; a figure whose base is a small number (``marts.SMALL_BASE``) ends in
    "†", muted, with the note under the table. ``all()`` is the same table with every row.
    """

    def __init__(self, df: pd.DataFrame, columns: dict | list | None = None, rows: int | None = ROWS,
                 caption: str | None = None, sort: str | list[str] | None = None, percent: bool | list = (),
                 decimals: int = 2):
        self.options = dict(columns=columns, caption=caption, sort=sort, percent=percent, decimals=decimals)
        self.source, self.rows, self.caption, self.decimals = df, rows, caption, decimals
        d = df.copy()
        if not isinstance(d.index, pd.RangeIndex) or d.index.name is not None:
            d = d.reset_index()
        d.columns = [str(c) for c in d.columns]
        if sort:
            keys = [sort] if isinstance(sort, str) else list(sort)
            order = {c: {v: i for i, v in enumerate(labels)} for c, labels in _value_labels().items()}

            def key(col: pd.Series) -> pd.Series:  # applicant types etc. in the order of their labels
                return col.map(lambda v: order[col.name].get(v, len(order[col.name]))) if col.name in order else col

            d = d.sort_values([k.lstrip("-") for k in keys], ascending=[not k.startswith("-") for k in keys],
                              kind="stable", ignore_index=True, key=key)
        if columns is None:
            columns = list(d.columns)
        labels = ({str(k): v for k, v in columns.items()} if isinstance(columns, dict)
                  else {str(c): LABELS.get(str(c), str(c)) for c in columns})
        labels = {k: v for k, v in labels.items() if k in d.columns}  # e.g. an applicant type with no rows
        self.frame = d[list(labels)]
        self.headers = [str(h) for h in labels.values()]
        self.small = _small_cells(d, self.frame.columns)
        numeric = [c for c in self.frame.columns if pd.api.types.is_numeric_dtype(self.frame[c]) and not _is_year(c)]
        self.percent = set(numeric if percent is True else [str(c) for c in (percent or ())])

    def all(self) -> "Table":
        """The same table with every row."""
        return Table(self.source, rows=None, **self.options)

    def cells(self) -> tuple[list[list[str]], list[bool]]:
        """The shown rows as text, and which columns are numbers. A figure over a small base ends in "†"."""
        shown = self.frame if self.rows is None else self.frame.head(self.rows)
        fmts = [(pct, True) if c in self.percent else _formatter(c, self.frame[c], self.decimals)
                for c in self.frame.columns]
        small = self.small.head(len(shown)).to_numpy()
        body = [[f(v) + (SMALL_MARK if flag else "") for (f, _), v, flag in zip(fmts, row, flags)]
                for row, flags in zip(shown.itertuples(index=False, name=None), small)]
        return body, [num for _, num in fmts]

    def _small_note(self) -> str:
        shown = self.small if self.rows is None else self.small.head(self.rows)
        return small_note() if shown.to_numpy().any() else ""

    def _more(self) -> str:
        n = len(self.frame)
        if self.rows is None or n <= self.rows:
            return ""
        return f"{self.rows} of {n:,} rows; add .all() to show every row."

    def _repr_html_(self) -> str:
        body, numeric = self.cells()
        align = ["right" if n else "left" for n in numeric]
        # inline styles: the same look in JupyterLab's HTML output and in the linked-table widget
        th = "padding:0.25em 0.75em;border-bottom:1px solid #999;vertical-align:bottom;text-align:"
        td = "padding:0.15em 0.75em;text-align:"
        head = "".join(f'<th style="{th}{a}">{html.escape(h)}</th>' for h, a in zip(self.headers, align))
        muted = f'color:#767676" title="{html.escape(small_note())}'

        def cell(v: str, a: str) -> str:
            return f'<td style="{td}{a};{muted if v.endswith(SMALL_MARK) else ""}">{html.escape(v)}</td>'

        rows = "".join("<tr>" + "".join(cell(v, a) for v, a in zip(r, align)) + "</tr>" for r in body)
        cap = (f'<caption style="text-align:left;padding:0.2em 0.75em;font-weight:bold">{html.escape(self.caption)}'
               "</caption>" if self.caption else "")
        more = " ".join(t for t in (self._small_note(), self._more()) if t)
        note = (f'<p style="font-size:smaller;color:#555;margin:0.3em 0.75em">'
                f'{html.escape(more).replace(".all()", "<code>.all()</code>")}</p>' if more else "")
        return (f'<table class="matchstats-table" style="border-collapse:collapse;line-height:1.4">{cap}'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{note}")

    def __repr__(self) -> str:
        body, numeric = self.cells()
        widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(self.headers)]

        def line(vals):
            return "  ".join(v.rjust(w) if n else v.ljust(w) for v, w, n in zip(vals, widths, numeric)).rstrip()

        out = ([self.caption] if self.caption else []) + [line(self.headers)] + [line(r) for r in body]
        return "\n".join(out + [t for t in (self._small_note(), self._more()) if t])


def table(df: pd.DataFrame | None, columns: dict | list | None = None, rows: int | None = ROWS,
          caption: str | None = None, sort: str | list[str] | None = None, percent: bool | list = (),
          decimals: int = 2) -> Table | None:
    """``df`` as a compact ``Table`` (None when ``df`` is None: its mart is not available).

    ``columns``: the columns to show, as a list (default headers) or a dict {column: header}
    (columns that ``df`` does not have are left out);
    ``rows``: how many rows to show (None: all; the table says how many there are);
    ``sort``: column(s) to sort by, "-column" for descending; ``percent``: columns (True: every
    number column) to show as percentages, besides the ``*_pct`` ones; ``decimals``: of other
    fractional numbers.
    """
    if df is None:
        return None
    return Table(df, columns, rows=rows, caption=caption, sort=sort, percent=percent, decimals=decimals)


def latest(df: pd.DataFrame | None, **where) -> pd.DataFrame | None:
    """The rows of ``df``'s latest ``match_year`` whose columns equal ``where`` (None for None)."""
    if df is None:
        return None
    d = df[df["match_year"] == df["match_year"].max()] if "match_year" in df.columns and len(df) else df
    for k, v in where.items():
        d = d[d[k] == v]
    return d.reset_index(drop=True)


__all__ = ["enable_offline", "show", "pre_save_hook", "md", "table", "latest", "Table", "count", "pct", "number",
           "MISSING", "ROWS"]
