"""The notebooks in a real JupyterLab, driven by headless Chromium: charts drawn, tooltips, clicks, no network.

JupyterLab runs as a subprocess on a free port of 127.0.0.1 with a token, on a temporary copy of the
notebooks, a home with small published tables (tests.test_notebooks), the project's settings
(notebooks/.jupyter/, installed into the venv's Jupyter config by ``make lab``), the venv's own kernel and
every other Jupyter folder in tmp_path. Chromium opens a notebook, runs all cells, hovers and
clicks a chart and saves the notebook. Marked ``lab`` (deselect with ``-m "not lab"``); skipped without Chromium (.ci/run
installs it). Chromium flags: pipeline.reports.browser (--headless --no-sandbox --disable-gpu ...).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.config import PROJECT_DIR
from pipeline.reports import browser

NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
LAB_SETTINGS = NOTEBOOKS_DIR / ".jupyter"
TOKEN = "matchstats-lab-test"
NOTEBOOK = "02-img-friendly-specialties.ipynb"  # four charts; a click on a bar filters the table under it
needs_chromium = pytest.mark.skipif(browser.find_chromium() is None, reason="chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status
    except OSError:
        return 0


def _start_lab(tmp: Path, home: Path, root: Path) -> tuple[subprocess.Popen, int, Path]:
    """JupyterLab as ``make lab`` starts it, isolated in ``tmp``; returns the process, its port and its log.

    No JUPYTER_CONFIG_PATH: the project's settings are those `make lab` / `make test` installed into the venv's
    own Jupyter config (checked here), the kernel is the venv's own python3.
    """
    installed = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"
    assert installed.exists() and json.loads(installed.read_text()) == json.loads(
        (LAB_SETTINGS / "jupyter_server_config.json").read_text()), "run `make test`: it installs the Jupyter settings"
    tmp.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "MATCHSTATS_RAW"))}
    env.update(MATCHSTATS_HOME=str(home),
               JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"), JUPYTER_DATA_DIR=str(tmp / "jupyter-data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "lab-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "lab-workspaces"), JUPYTER_PLATFORM_DIRS="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_DIR), os.environ.get("PYTHONPATH")])))
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True"] + (["--allow-root"] if os.geteuid() == 0 else [])
    log = tmp / "lab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while _get(f"http://127.0.0.1:{port}/api/status?token={TOKEN}") != 200:
        if proc.poll() is not None or time.monotonic() > deadline:
            _stop_lab(proc)
            pytest.fail(f"JupyterLab did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.25)
    return proc, port, log


def _stop_lab(proc: subprocess.Popen) -> None:
    """Stop JupyterLab and its kernels (its own process group, started above)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        except ProcessLookupError:
            pass


OPEN_AND_RUN = """(async () => {
  for (let i = 0; i < 600 && !window.jupyterapp; i++) await new Promise(r => setTimeout(r, 100));
  const app = window.jupyterapp;
  await app.started; await app.restored;
  const panel = await app.commands.execute("docmanager:open", {path: %s});
  app.shell.activateById(panel.id);
  window.matchstatsPanel = panel;  // the queries below look inside this notebook only
  await panel.context.ready; await panel.sessionContext.ready;
  const kernel = panel.sessionContext.session.kernel;
  for (let i = 0; i < 600 && kernel.status !== "idle"; i++) await new Promise(r => setTimeout(r, 100));
  await app.commands.execute("notebook:run-all-cells");
  return {kernel: kernel.name, status: kernel.status};
})()"""

CHARTS_DRAWN = """(async () => {
  const node = window.matchstatsPanel.node, t0 = Date.now();
  const drawn = () => node.querySelectorAll(".jp-OutputArea-output .vega-embed svg.marks, "
                                            + ".jp-OutputArea-output .vega-embed canvas").length;
  while (Date.now() - t0 < %d) {
    const running = [...node.querySelectorAll(".jp-InputPrompt")].some(e => e.textContent.includes("*"));
    if (drawn() >= %d && !running) break;
    await new Promise(r => setTimeout(r, 200));
  }
  const errors = [...node.querySelectorAll(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
                                           + " .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")];
  return {drawn: drawn(), errors: errors.map(e => e.innerText.slice(0, 500))};
})()"""

FIRST_BAR = """(() => {
  const bar = window.matchstatsPanel.node.querySelector(".jp-OutputArea-output .vega-embed svg .mark-rect.role-mark path");
  bar.scrollIntoView({block: "center"});
  const r = bar.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
})()"""

TOOLTIP = """(async () => {
  for (let i = 0; i < 50; i++) {
    const t = document.querySelector("#vg-tooltip-element.visible, .vg-tooltip.visible");
    if (t && t.innerText.trim()) return t.innerText;
    await new Promise(r => setTimeout(r, 100));
  }
  return null;
})()"""

LINKED_CAPTION = """(async () => {
  const captions = () => [...window.matchstatsPanel.node.querySelectorAll(
    ".jp-OutputArea-output table.matchstats-table caption")].map(e => e.innerText);
  for (let i = 0; i < 100; i++) {
    const c = captions().find(t => t.includes("PGY-1 positions by state") && !t.includes("click a bar"));
    if (c) return c;
    await new Promise(r => setTimeout(r, 100));
  }
  return captions();
})()"""


@pytest.mark.lab
@needs_chromium
def test_notebook_in_jupyterlab_is_interactive_and_offline(home, tmp_path):
    from tests.test_notebooks import _publish_fixture_tables

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    _publish_fixture_tables(home)
    root = tmp_path / "root"
    root.mkdir()
    for nb in NOTEBOOKS_DIR.glob("*.ipynb"):
        shutil.copy(nb, root / nb.name)
    lab, port, log = _start_lab(tmp_path / "lab", home, root)
    timings["lab started"] = time.perf_counter() - t0
    origin = f"http://127.0.0.1:{port}"
    sockets: list[str] = []
    try:
        with browser.Chromium(timeout=90) as chromium:
            page = chromium.new_page(width=1280, height=1000)
            events = page._event

            def record(msg: dict) -> None:  # WebSockets (kernel channels) are not requests: record them too
                if msg.get("method") == "Network.webSocketCreated":
                    sockets.append(msg["params"]["url"])
                events(msg)

            page._event = record
            try:
                # the launcher lists one kernel, the one the notebooks name
                with urllib.request.urlopen(f"{origin}/api/kernelspecs?token={TOKEN}", timeout=10) as r:
                    specs = json.load(r)
                assert sorted(specs["kernelspecs"]) == ["python3"] and specs["default"] == "python3", specs
                page.goto(f"{origin}/lab/tree/{NOTEBOOK}?token={TOKEN}", timeout=60)  # the README's address
                ran = page.evaluate(OPEN_AND_RUN % json.dumps(NOTEBOOK), timeout=120)
                assert ran["kernel"] == "python3", ran  # the kernel the notebook names, no kernel dialog
                result = page.evaluate(CHARTS_DRAWN % (60000, 4), timeout=90)
                timings["notebook run, charts drawn"] = time.perf_counter() - t0
                assert result["errors"] == [], result["errors"]
                assert result["drawn"] == 4, f"{result}; lab log:\n{log.read_text()[-2000:]}"

                # hover a bar: the vega-tooltip shows the exact counts
                x, y = page.evaluate(FIRST_BAR)
                page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
                tip = page.evaluate(TOOLTIP, timeout=30)
                assert tip and "Positions filled" in tip and "Matched" in tip, tip
                specialty = re.search(r"Specialty:?\s*([^\t\n]+)", tip).group(1).strip()

                # click it: the table under the chart follows (selection -> kernel -> table widget)
                for kind in ("mousePressed", "mouseReleased"):
                    page.send("Input.dispatchMouseEvent",
                              {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
                caption = page.evaluate(LINKED_CAPTION, timeout=30)
                assert caption == f"{specialty}: PGY-1 positions by state", caption
                timings["hover and click"] = time.perf_counter() - t0

                # save: the file keeps each chart's SVG, not a widget view that cannot be drawn later
                page.evaluate("window.jupyterapp.commands.execute('docmanager:save')", timeout=30)
                saved = json.loads((root / NOTEBOOK).read_text())
                outs = [o for c in saved["cells"] for o in c.get("outputs", []) if "matchstats" in o.get("metadata", {})]
                assert sum("image/svg+xml" in o["data"] for o in outs) == 4, [sorted(o["data"]) for o in outs]
                assert not [o for o in outs if "application/vnd.jupyter.widget-view+json" in o["data"]]
            finally:
                requests, console = list(page.requests), list(page.console_errors)
                page.close()
    finally:
        _stop_lab(lab)
    timings["total"] = time.perf_counter() - t0
    print("timings (s from start): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))

    local = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")
    outside = [u for u in requests + sockets if not u.startswith(local)]
    assert requests and not outside, f"requests that leave 127.0.0.1: {outside[:10]}"
    assert not [e for e in console if "esm.sh" in e or "cdn" in e.lower()], console


def test_make_lab_runs_jupyterlab_on_the_notebooks_quietly():
    """`make lab`: the settings go into the venv's Jupyter config, the notebooks' folder is the root, LAB_ARGS."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    out = subprocess.run([make, "-n", "-s", "-B", "lab", "LAB_ARGS=--no-browser --port 8899"], cwd=PROJECT_DIR,
                         capture_output=True, text=True, check=True).stdout
    lab = next(line for line in out.replace("\\\n", " ").splitlines() if "jupyter lab" in line)
    assert "--no-browser --port 8899" in lab
    assert ("--allow-root" in lab) == (os.geteuid() == 0)
    assert f'--ServerApp.root_dir="{NOTEBOOKS_DIR}"' in lab and "JUPYTER_CONFIG_PATH" not in lab
    assert "cp notebooks/.jupyter/jupyter_server_config.json notebooks/.jupyter/jupyter_nbconvert_config.json " \
           ".venv/etc/jupyter/" in out and "cp notebooks/.jupyter/labconfig/page_config.json" in out
    assert "rm -rf .venv/share/jupyter/kernels/matchstats" in out  # one kernel in the launcher
    assert "pip install --quiet -e '.[lab]'" in out
    # the addresses in the README and docs/notebooks.md open: the root is notebooks/, so a notebook is /lab/tree/<name>
    readme = (PROJECT_DIR / "README.md").read_text() + (PROJECT_DIR / "docs" / "notebooks.md").read_text()
    urls = re.findall(r"/lab/tree/(\S+?\.ipynb)", readme)
    assert urls and all((NOTEBOOKS_DIR / u).exists() for u in urls), urls
    config = json.loads((LAB_SETTINGS / "jupyter_server_config.json").read_text())
    assert config["LabApp"]["news_url"] is None
    assert config["LabApp"]["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    assert config["ContentsManager"]["pre_save_hook"] == "pipeline.charts.notebook.pre_save_hook"
    page = json.loads((LAB_SETTINGS / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyterlab/apputils-extension:announcements"] is True
