"""Precision and recall of `matchstats check ARTICLE`'s reading on the example articles.

    .venv/bin/python benchmarks/article_extraction.py

For each text in claims/examples/ with known answers (tests/article_gold.py): how many figures were read
as claims, how many of those have the right metric and dimensions (precision), and how many of the claims
the text makes were read right (recall). Reading only: no data needed (a year the text does not give is
compared as "none"). Prints a table; nothing is asserted here (tests/test_check_article.py does).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.check import document  # noqa: E402
from pipeline.check.article import read_document  # noqa: E402
from tests.article_gold import GOLD, align, score  # noqa: E402

EXAMPLES = ROOT / "claims" / "examples"


def measure() -> dict:
    out = {}
    for name, gold in GOLD.items():
        path = EXAMPLES / name
        content = path.read_text(encoding="utf-8")
        doc = document.parse(name, content, document.detect(name, content))
        out[name] = score(align(read_document(doc), gold))
    return out


def main() -> int:
    res = measure()
    total = {"read": 0, "gold": 0, "right": 0}
    print(f"{'text':28} {'claims read':>11} {'in text':>8} {'right':>6} {'precision':>10} {'recall':>7}")
    for name, s in res.items():
        for k in total:
            total[k] += s[k]
        print(f"{name:28} {s['read']:>11} {s['gold']:>8} {s['right']:>6} {s['precision']:>10.2f} {s['recall']:>7.2f}")
        for stated, got, want in s["wrong"]:
            print(f"    read wrong: {stated} as {got} (should be {want})")
        for stated in s["missed"]:
            print(f"    missed: {stated}")
    p = total["right"] / total["read"] if total["read"] else 1.0
    r = total["right"] / total["gold"] if total["gold"] else 1.0
    print(f"{'all':28} {total['read']:>11} {total['gold']:>8} {total['right']:>6} {p:>10.2f} {r:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
