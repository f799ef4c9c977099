"""The reference documentation: docs/*.md built by MkDocs (mkdocs.yml) in strict mode, and the README's front page.

`make test` builds the site too (`make docs`); these tests make the same build fail the suite, and show that a
broken link, a broken anchor or a page left out of the nav does fail it.
"""
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from pipeline.config import PROJECT_DIR

DOCS = PROJECT_DIR / "docs"

pytest.importorskip("mkdocs", reason="mkdocs is not installed (pip install -e '.[docs]'; make test installs it)")


def _build(project, site):
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                          cwd=project, capture_output=True, text=True, timeout=120)


def _nav_pages():
    config = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    return [next(iter(item.values())) for item in config["nav"]]


def test_the_docs_build_in_strict_mode_without_a_warning(tmp_path):
    r = _build(PROJECT_DIR, tmp_path / "site")
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "WARNING" not in out, out
    for page in _nav_pages():
        html = tmp_path / "site" / ("index.html" if page == "index.md" else page.removesuffix(".md") + "/index.html")
        assert html.exists(), f"{page} was not built"
    # the default theme, no plugin that downloads anything, and pages that load nothing from outside
    config = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["theme"]["name"] == "mkdocs" and "plugins" not in config
    for html in (tmp_path / "site").rglob("*.html"):
        loads = re.findall(r"""<(?:script|link)\b[^>]*?(?:src|href)=["']((?:https?:)?//[^"']+)""", html.read_text())
        assert not loads, f"{html.name} loads {loads}"


def test_one_page_per_topic_and_every_page_in_the_nav():
    pages = set(_nav_pages())
    assert pages == {p.name for p in DOCS.glob("*.md")}
    for topic in ("index.md", "commands.md", "data.md", "analyses.md", "notebooks.md", "reports.md",
                  "fact-check.md", "reliability.md", "performance.md", "adding-a-year.md"):
        assert topic in pages, topic


def test_a_broken_link_a_broken_anchor_or_a_page_outside_the_nav_fails_the_build(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(DOCS, project / "docs")
    shutil.copy(PROJECT_DIR / "mkdocs.yml", project / "mkdocs.yml")
    for breakage, expected in [
        ("[the commands](comands.md)", "comands.md"),
        ("[limits](reliability.md#no-such-heading)", "no-such-heading"),
        ("[the readme](../README.md)", "../README.md"),
    ]:
        index = project / "docs" / "index.md"
        original = index.read_text()
        index.write_text(original + f"\n{breakage}\n")
        r = _build(project, tmp_path / "site")
        assert r.returncode != 0, breakage
        assert expected in r.stdout + r.stderr
        index.write_text(original)
    (project / "docs" / "extra.md").write_text("# Not in the nav\n")
    r = _build(project, tmp_path / "site")
    assert r.returncode != 0 and "extra.md" in r.stdout + r.stderr


def test_the_readme_is_a_front_page_read_in_two_minutes():
    """What it is, the two commands, things to try (a query, the plan, a report, check) on the first screen, where
    the rest is: every docs page linked, each link to a file that exists, and how to read the docs as a site."""
    text = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert len(text.encode()) < 6_500, f"README.md is {len(text.encode())} bytes: move the reference into docs/"
    for needed in ("make pipeline", "make test", "matchstats query", "matchstats report", "matchstats check",
                   "mkdocs serve", "make docs", "NRMP terms", "Licence"):
        assert needed in text, needed
    first_screen = "\n".join(text.splitlines()[:40])
    assert "matchstats plan --score" in first_screen
    links = re.findall(r"\]\((docs/[^)#\s]+)", text)
    assert {link.removeprefix("docs/") for link in links} >= set(_nav_pages()) - {"index.md"}
    for link in links:
        assert (PROJECT_DIR / link).is_file(), f"README.md links to {link}, which does not exist"
