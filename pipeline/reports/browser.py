"""Headless Chromium, driven over the DevTools protocol through a pipe.

Used to print the specialty reports to PDF (``Page.printToPDF``: the same
rendering as the HTML page, SVG charts stay vector graphics) and by the browser
tests (console errors, network requests, the DOM, screenshots). No Python
package beyond the standard library is needed: Chromium is started with
``--remote-debugging-pipe`` and reads NUL-terminated JSON commands on its file
descriptor 3 and answers on 4; a tiny ``sh`` wrapper connects those to our pipes.

Chromium is Debian's ``chromium`` package (BSD-licensed), which ``.ci/run``
installs; set ``MATCHSTATS_CHROMIUM`` to use another Chromium or Chrome binary.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from pipeline.errors import MatchstatsError
from pipeline.validate import children

CHROMIUM_ENV = "MATCHSTATS_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-default-apps", "--disable-extensions", "--disable-sync",
         "--no-first-run", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
         "--disable-features=Translate,MediaRouter,OptimizationHints", "--remote-debugging-pipe")


class BrowserError(MatchstatsError):
    """Chromium is missing, failed to start, or a page could not be handled."""


# A page that draws charts with script says so with <html data-charts-ready="pending"> and sets it to
# "1" once every chart is drawn, or to "error: ..." (pipeline/templates/specialty.html.j2).
CHARTS_READY = """new Promise(function (resolve) {
  var root = document.documentElement, t0 = Date.now();
  (function poll() {
    var v = root.getAttribute("data-charts-ready");
    if (v !== "pending") resolve(v);
    else if (Date.now() - t0 > %d) resolve("pending");
    else setTimeout(poll, 10);
  })();
})"""


def find_chromium() -> str | None:
    exe = os.environ.get(CHROMIUM_ENV)
    if exe:
        return exe if (Path(exe).is_file() or shutil.which(exe)) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    exe = find_chromium()
    if exe is None:
        raise BrowserError(
            "headless Chromium is needed to print PDFs and was not found (looked for "
            + (os.environ[CHROMIUM_ENV] if os.environ.get(CHROMIUM_ENV) else ", ".join(CANDIDATES)) + ")",
            todo="install it (Debian/Ubuntu: `apt-get install chromium`; .ci/run does this), or set "
                 f"{CHROMIUM_ENV} to a Chromium/Chrome binary; the HTML reports need no browser")
    return exe


class Page:
    """One tab, with the events it has received (console, exceptions, network requests)."""

    def __init__(self, browser: "Chromium", target_id: str, session_id: str):
        self.browser, self.target_id, self.session = browser, target_id, session_id
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.url = "about:blank"
        self._loaded = threading.Event()

    def send(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def _event(self, msg: dict) -> None:
        method, p = msg.get("method"), msg.get("params", {})
        if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            self.console_errors.append(f"console.{p.get('type')}: {args}")
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.console_errors.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            self.console_errors.append(f"log: {e.get('text')} {e.get('url', '')}".strip())
        elif method == "Network.requestWillBeSent":
            self.requests.append(p.get("request", {}).get("url", ""))
        elif method == "Page.loadEventFired":
            self._loaded.set()

    def goto(self, url: str, timeout: float = 60) -> None:
        self.url = url
        self._loaded.clear()
        res = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if res.get("errorText"):
            raise BrowserError(f"Chromium could not open {url}: {res['errorText']}")
        if not self._loaded.wait(timeout):
            raise BrowserError(f"{url} did not finish loading within {timeout:.0f} s")

    def evaluate(self, expression: str, timeout: float | None = None):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True},
                        timeout=timeout)
        if "exceptionDetails" in res:
            raise BrowserError(f"evaluating {expression[:80]!r} failed: {res['exceptionDetails'].get('text')}")
        return res.get("result", {}).get("value")

    def wait_for_charts(self, timeout: float = 30) -> str | None:
        """Wait until the page has drawn its charts; None for a page that draws none with script.

        Raises BrowserError naming the page when a chart failed or the charts are not drawn
        within ``timeout`` seconds (with the page's console errors).
        """
        state = self.evaluate(CHARTS_READY % int(timeout * 1000), timeout=timeout + 30)
        if state is None or state == "1":
            return state
        name = self.url.rsplit("/", 1)[-1] or self.url
        why = f"not drawn within {timeout:.0f} s" if state == "pending" else state
        errors = f"; console: {' | '.join(self.console_errors[:3])}" if self.console_errors else ""
        raise BrowserError(f"{name}: the charts could not be drawn ({why}){errors}", where=self.url,
                           todo="open the page in a browser and look at its console; rewrite it with "
                                "`matchstats report --specialty NAME` (the page inlines Vega, nothing is fetched)")

    def set_viewport(self, width: int, height: int, mobile: bool = False, scale: float = 1) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})

    def screenshot(self, full_page: bool = False) -> bytes:
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            h = self.evaluate("document.documentElement.scrollHeight")
            w = self.evaluate("document.documentElement.scrollWidth")
            params["clip"] = {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    def pdf(self, footer: str = "") -> bytes:
        params = {"printBackground": True, "preferCSSPageSize": True, "generateTaggedPDF": True,
                  "displayHeaderFooter": bool(footer)}
        if footer:
            params["headerTemplate"] = "<span></span>"
            params["footerTemplate"] = footer
        return base64.b64decode(self.send("Page.printToPDF", params, timeout=120)["data"])

    def close(self) -> None:
        try:
            self.browser.send("Target.closeTarget", {"targetId": self.target_id})
        except BrowserError:
            pass


class Chromium:
    """``with Chromium() as b: page = b.new_page(); page.goto(url); page.pdf()``."""

    def __init__(self, executable: str | None = None, timeout: float = 60):
        self.exe = executable or require_chromium()
        self.timeout = timeout
        self._id = 0
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue] = {}
        self._pages: dict[str, Page] = {}
        self._profile = tempfile.TemporaryDirectory(prefix="matchstats-chromium-")
        # fd 3 <- our stdin pipe (commands), fd 4 -> our stdout pipe (answers and events)
        cmd = ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>&2', self.exe, *FLAGS,
               f"--user-data-dir={self._profile.name}", "about:blank"]
        self._stderr = tempfile.TemporaryFile()
        try:
            # killed with the process that started it, even by SIGKILL (pipeline.validate.children)
            self.proc = children.popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as exc:
            raise BrowserError(f"cannot start {self.exe}: {exc}", todo="check the Chromium installation") from None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            self.send("Browser.getVersion", timeout=timeout)
        except BrowserError:
            self.close()
            raise

    # -- protocol --------------------------------------------------------------------
    def _read(self) -> None:
        buf = b""
        out = self.proc.stdout
        while True:
            chunk = out.read1(1 << 16) if hasattr(out, "read1") else out.read(1 << 16)
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                try:
                    msg = json.loads(raw)
                except json.JSONDecodeError:
                    continue
                if "id" in msg:
                    q = self._waiting.get(msg["id"])
                    if q is not None:
                        q.put(msg)
                elif msg.get("sessionId") in self._pages:
                    self._pages[msg["sessionId"]]._event(msg)
        for q in list(self._waiting.values()):
            q.put({"error": {"message": "Chromium exited"}})

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        with self._lock:
            self._id += 1
            mid = self._id
            q: queue.Queue = queue.Queue()
            self._waiting[mid] = q
            msg = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            try:
                self.proc.stdin.write(json.dumps(msg).encode() + b"\0")
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._waiting.pop(mid, None)
                raise BrowserError(f"Chromium is not running ({self._stderr_tail()})") from None
        try:
            ans = q.get(timeout=timeout or self.timeout)
        except queue.Empty:
            raise BrowserError(f"Chromium did not answer {method} within {timeout or self.timeout:.0f} s") from None
        finally:
            self._waiting.pop(mid, None)
        if "error" in ans:
            raise BrowserError(f"Chromium: {method} failed: {ans['error'].get('message')} "
                               f"{self._stderr_tail() if ans['error'].get('message') == 'Chromium exited' else ''}")
        return ans.get("result", {})

    def _stderr_tail(self) -> str:
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode(errors="replace").strip().splitlines()
            return " | ".join(lines[-3:]) or "no message"
        except OSError:
            return "no message"

    # -- pages -----------------------------------------------------------------------
    def new_page(self, width: int = 1100, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.set_viewport(width, height)
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=5)
                except BrowserError:
                    pass
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
        finally:
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
            self._stderr.close()
            self._profile.cleanup()

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def print_pdfs(jobs: list[tuple[Path, Path]], footer: str = "", say=None) -> list[Path]:
    """Print each HTML file to its PDF with one browser; returns the PDFs written (atomically)."""
    from pipeline.store.publish import write_atomic

    out = []
    with Chromium() as browser:
        for html, pdf in jobs:
            t0 = time.perf_counter()
            page = browser.new_page()
            try:
                page.goto(html.resolve().as_uri())
                page.wait_for_charts()  # the charts are drawn by script after the page has loaded
                write_atomic(pdf, page.pdf(footer=footer))
            finally:
                page.close()
            out.append(pdf)
            if say:
                say(f"[report] {pdf.name} ({time.perf_counter() - t0:.2f} s)")
    return out
