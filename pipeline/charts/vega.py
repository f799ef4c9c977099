"""The offline Vega bundle: Vega, Vega-Lite and vega-embed inlined in a page, never from a CDN.

vl-convert (a dependency) carries the JavaScript; bundling it takes 2–3 s, so the bundle
is cached on disk (``cache_dir()``) and in memory. Also: a spec as JSON that is safe inside
a ``<script>`` element, a spec rendered to SVG without a browser, and a one-chart page.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path


def embed_json(spec: dict) -> str:
    """``spec`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., so no string of the spec can
    close the script element or open a comment; ``JSON.parse`` gives the same strings.
    NaN is refused (it is not JSON).
    """
    text = json.dumps(spec, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


SNIPPET = "window.vegaEmbed = vegaEmbed;"
CACHE_ENV = "MATCHSTATS_CACHE"


_JS: dict[str, str] = {}


_JS_LOCK = threading.Lock()


def vegalite_version() -> str | None:
    """The Vega-Lite version Altair writes (e.g. "6.4"), if vl-convert has it, else None (its latest)."""
    import vl_convert as vlc

    import altair as alt

    mm = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return mm if mm in vlc.get_vegalite_versions() else None


def cache_dir() -> Path:
    """Where the JavaScript bundle is kept: $MATCHSTATS_CACHE, else $XDG_CACHE_HOME/matchstats (~/.cache)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matchstats"


def javascript() -> str:
    """Vega, Vega-Lite and vega-embed as one script (vl-convert's offline bundle; no network, no CDN).

    Bundling takes vl-convert 2–3 s, so the bundle is kept in ``cache_dir()`` under a name
    holding the vl-convert and Vega-Lite versions (and in memory); without a writable cache
    it is bundled once per process.
    """
    with _JS_LOCK:
        return _javascript()


def _javascript() -> str:
    import vl_convert as vlc

    vl = vegalite_version()
    key = hashlib.sha256(f"{vlc.__version__}|{vl}|{SNIPPET}".encode()).hexdigest()[:16]
    if key in _JS:
        return _JS[key]
    path = cache_dir() / f"vega-{vlc.__version__}-vl{vl or 'latest'}-{key}.js"
    js = None
    try:
        js = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    if not js or not js.rstrip().endswith(";"):
        js = vlc.javascript_bundle(SNIPPET, **({"vl_version": vl} if vl else {}))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(js, encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    low = js.lower()
    if "</script" in low or "<!--" in low:  # pragma: no cover - would end the page's <script> element
        raise ValueError("vl-convert's JavaScript bundle cannot be inlined in a <script> element")
    _JS[key] = js
    return js


def to_svg(spec: dict) -> str:
    """SVG of a spec rendered by vl-convert (no browser), with the Vega-Lite version of the page's bundle."""
    import vl_convert as vlc

    vl = vegalite_version()
    return vlc.vegalite_to_svg(spec, **({"vl_version": vl} if vl else {}))


HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script>{bundle}</script></head>
<body><div id="chart"></div>
<noscript>This chart needs JavaScript; the .svg and .png files beside this page show the same chart.</noscript>
<script type="application/json" id="spec">{spec}</script>
<script>vegaEmbed("#chart", JSON.parse(document.getElementById("spec").textContent),
  {{"renderer": "svg", "actions": false}}).catch(function (e) {{ document.body.append(String(e)); }});</script>
</body></html>
"""


def inline_html(spec: dict, title: str = "chart") -> str:
    """A page that renders ``spec`` with Vega inlined (vl-convert's offline bundle): no CDN."""
    import html
    import json

    payload = json.dumps(spec, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")
    return HTML_PAGE.format(title=html.escape(title), bundle=javascript(), spec=payload)
