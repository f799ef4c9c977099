"""`matchstats check ARTICLE --claims`: the reading of an article as a claims file a person can correct and check
again (``matchstats check THIS_FILE``)."""

from __future__ import annotations

import json
from decimal import Decimal

from pipeline.check.article_numbers import Figure
from pipeline.check.article_output import ArticleCheck, not_figure
from pipeline.check.claims import parse_stated


def _q(s) -> str:
    return json.dumps(str(s), ensure_ascii=False)


def _stated_yaml(f: Figure) -> list[str]:
    s = f.stated_value
    parsed = parse_stated(f.stated)
    if parsed is not None and parsed[0] == s.value and parsed[1] == s.decimals:
        return [f"    stated: {_q(f.stated)}"]
    d = max(s.decimals, 0)
    shown = f"{Decimal(s.value.numerator) / Decimal(s.value.denominator):,.{d}f}" + ("%" if s.percent_sign else "")
    out = [f"    stated: {_q(shown)}   # as written: {f.stated}"]
    if s.decimals != (parse_stated(shown) or (0, 0))[1]:
        out.append(f"    decimals: {s.decimals}")
    return out


def to_claims_yaml(ac: ArticleCheck, source: str) -> str | None:
    """The reading as a claims file (``matchstats check`` accepts it), or None when no figure was read as a claim."""
    doc = ac.doc
    lines = [f"# Claims read from {source} by `matchstats check` (rules: pipeline/check/article.py).",
             "# Each claim is one figure as the rules read it; the comments say where each dimension came from.",
             "# Correct a metric, a dimension or a stated value, then check again: matchstats check THIS_FILE",
             f"title: {_q(doc.title or doc.name)}", f"source: {_q(source)}", "claims:"]
    n = 0
    skipped = []
    for f in ac.figures:
        if not f.metric or "year" not in f.dims:
            if not not_figure(f):
                skipped.append(f)
            continue
        dims = ", ".join(f"{k}: {d.value if isinstance(d.value, int) else _q(d.value)}" for k, d in f.dims.items())
        block = [f"  - id: figure-{f.number}", f"    text: {_q(f.sentence)}", f"    metric: {f.metric}",
                 f"    dimensions: {{{dims}}}"]
        block += [f"    # {k}: {d.source}" for k, d in f.dims.items()]
        block += _stated_yaml(f)
        note = f"line {doc.line(f.start)}" + (f"; {'; '.join(f.notes)}" if f.notes else "")
        block.append(f"    note: {_q(note)}")
        if f.role == "bound":
            lines += ["  # a bound, not a figure (listed, not judged): uncomment to check it as a point value"]
            lines += ["  # " + b[2:] for b in block]
        else:
            lines += block
            n += 1
    if skipped:
        lines.append("")
        lines.append("# Not read as claims (add a claim above to check one):")
        lines += [f"#   {f.stated} (line {doc.line(f.start)}): {f.note or f.reason}" for f in skipped]
    return "\n".join(lines) + "\n" if n else None
