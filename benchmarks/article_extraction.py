"""How well `matchstats check ARTICLE` reads and judges articles.

    .venv/bin/python benchmarks/article_extraction.py               # both parts
    .venv/bin/python benchmarks/article_extraction.py --details     # + every wrong verdict of the tuning half
    .venv/bin/python benchmarks/article_extraction.py --details-set holdout  # + those of tests/article_holdout/
    .venv/bin/python benchmarks/article_extraction.py --sets tuning,test,holdout  # only these sets

1. **Reading** (no data needed): for each text in claims/examples/ with known answers (tests/article_gold.py),
   how many figures were read as claims, how many of those have the right metric and dimensions (precision),
   and how many of the claims the text makes were read right (recall). A year the text does not give is
   compared as "none".
2. **Verdicts** (needs a published home with the real reports: ``MATCHSTATS_HOME``): the evaluation texts of
   tests/article_eval/ (issue 25), whose every figure's truth is annotated (tests/article_eval/gold.py), split
   by a fixed rule into a tuning half (odd-numbered texts) and a test half (even-numbered). For each half:
   figures, right verdicts, false confirmations (a false or uncheckable figure confirmed), false accusations
   (a true or uncheckable figure called wrong value, wrong year, different definition or not in data), not
   checked (of the figures the data can check), and the share of the figures the data can check that were
   decided right. ``--details`` lists the tuning half's wrong verdicts only: the test half is run, not read.
   Then the held-out sets, each written later by someone who had not read the rules, printed the same way:
   "holdout" (tests/article_holdout/, held out in round 2, tuning since round 3), "holdout2" (held out in
   round 3, tuning since round 4), "holdout3" to "holdout18" (rounds 4 to 8; run only with ``--sets``). Each set's
   README says what was seen of it and when.

Prints tables; nothing is asserted here (tests/test_check_article.py and tests/test_article_eval.py do).
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
EVAL = ROOT / "tests" / "article_eval"
# the held-out sets, in the order they were written: the folder tests/article_<name>/ holds texts and gold.py
HELD_OUT = tuple(sorted((d.name[len("article_"):] for d in (ROOT / "tests").glob("article_holdout*")
                         if (d / "gold.py").is_file()), key=lambda n: int(n[len("holdout"):] or 1)))
HOLDOUT = ROOT / "tests" / "article_holdout"
CONTRADICTED = ("wrong value", "wrong year", "different definition")


def measure() -> dict:
    out = {}
    for name, gold in GOLD.items():
        path = EXAMPLES / name
        content = path.read_text(encoding="utf-8")
        doc = document.parse(name, content, document.detect(name, content))
        out[name] = score(align(read_document(doc), gold))
    return out


def reading_table() -> None:
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


# ---------------------------------------------------------------- verdicts on the evaluation texts

def right(expected: str, verdict: str) -> bool:
    if expected == "C":
        return verdict == "confirmed"
    if expected == "X":
        return verdict in CONTRADICTED
    return verdict == "not checked"


def evaluate(names: list, checker=None, folder: Path = EVAL) -> dict:
    """Counts for the texts ``names`` of ``folder`` (tests/article_eval/ or tests/article_holdout/), and the list
    of wrong verdicts."""
    import importlib

    from pipeline.check.article_output import check_document, not_figure
    # a held-out set's gold is imported only when its texts are run
    gold = importlib.import_module(f"tests.{folder.name}.gold").GOLD

    from pipeline.config import paths

    s = {"figures": 0, "right": 0, "false confirmations": 0, "false accusations": 0, "not checked": 0,
         "checkable": 0, "checkable right": 0, "unannotated": 0, "wrong": []}
    for name in names:
        content = (folder / name).read_text(encoding="utf-8")
        doc = document.parse(name, content, document.detect(name, content))
        figs = [f for f in check_document(paths(), doc, checker).figures if not not_figure(f)]
        used = set()
        for stated, exp, what in gold[name]:
            f = next((f for f in figs if f.stated.strip().lstrip("$") == stated and id(f) not in used), None)
            if f is not None:
                used.add(id(f))
            verdict = f.verdict if f is not None else "not checked"
            s["figures"] += 1
            ok = right(exp, verdict)
            s["right"] += ok
            if exp in ("C", "X"):
                s["checkable"] += 1
                s["checkable right"] += ok
                s["not checked"] += verdict == "not checked"
            s["false confirmations"] += verdict == "confirmed" and exp != "C"
            s["false accusations"] += (verdict in CONTRADICTED + ("not in data",)) and exp != "X"
            if not ok:
                s["wrong"].append((name, stated, exp, what, verdict, (f.metric if f else None),
                                   {k: d.value for k, d in f.dims.items()} if f else {}, f.note if f else "no figure"))
        s["unannotated"] += sum(1 for f in figs if id(f) not in used)
    return s


def verdict_table(details, sets=("tuning", "test", "holdout", "holdout2")) -> None:
    """The verdict counts of each set in ``sets``; the newest held-out sets (holdout3, holdout4) only when asked
    by name with ``--sets``, so that a tuning run does not run them by accident."""
    from tests.article_eval.gold import TEST, TUNING

    from pipeline.check.verdicts import Checker
    from pipeline.config import paths

    checker = Checker(paths())
    try:
        halves = {}
        for name in sets:  # a held-out set's texts and gold are loaded only when that set is run
            if name == "tuning":
                halves[name] = evaluate(TUNING, checker)
            elif name == "test":
                halves[name] = evaluate(TEST, checker)
            elif name in HELD_OUT:
                import importlib

                folder = ROOT / "tests" / f"article_{name}"
                halves[name] = evaluate(importlib.import_module(f"tests.article_{name}.gold").TEXTS, checker, folder)
            else:
                raise SystemExit(f"unknown set {name!r}: tuning, test or one of {', '.join(HELD_OUT)}")
    finally:
        checker.close()
    cols = ("figures", "right", "false confirmations", "false accusations", "not checked", "checkable",
            "checkable right", "unannotated")
    print(f"{'half':8} " + " ".join(f"{c:>{max(len(c), 6)}}" for c in cols) + "  decided right (checkable)")
    for half, s in halves.items():
        share = s["checkable right"] / s["checkable"] if s["checkable"] else 1.0
        print(f"{half:8} " + " ".join(f"{s[c]:>{max(len(c), 6)}}" for c in cols) + f"  {share:.1%}")
    if details:
        for name, stated, exp, what, verdict, metric, dims, note in halves[details]["wrong"]:
            print(f"  {name}: {stated} [{exp}: {what}] -> {verdict} ({metric} {dims}) {note[:160]}")


def main(argv: list) -> int:
    reading_table()
    print()
    details = argv[argv.index("--details-set") + 1] if "--details-set" in argv else "--details" in argv and "tuning"
    if "--sets" in argv:  # e.g. --sets tuning,test,holdout (a session that must not run holdout2)
        verdict_table(details, tuple(argv[argv.index("--sets") + 1].split(",")))
    else:
        verdict_table(details)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
