"""Reading the average rank order list length (`matchstats check ARTICLE`, issue 25, round 3).

"In 2024, non-U.S. IMGs who matched had ranked 7.03 programs on average, those who did not match 3.25": NRMP's
rank order list report gives the average number of programs ranked by matched and unmatched applicants of each
applicant type (metric ``avg_rol_length``). A figure is read so only when every deciding dimension is in the text:

- **What:** a number with decimals (an average: a count of programs has none) between 1 and 40, in a sentence
  about ranking ("ranked", "rank order list", "rank list"), with nothing but "programs", "on average", "for
  ..." or the end of its clause after it ("12.74 applicants per position" is another measure: not read).
- **Outcome:** the last outcome word between the figure before it and this one ("who matched", "the unmatched",
  "those who did not match"), else the first one just after it ("3.37 for the unmatched"); none: not checked.
- **Group:** the nearest applicant group before the figure in its sentence; none: not checked.
- **Year:** as for every figure (``article_context._year``); none: not checked.
"""

from __future__ import annotations

import re

from pipeline.check.article_certainty import Skip
from pipeline.check.article_series import _precision
from pipeline.check.article_years import _year
from pipeline.check.article_numbers import STATISTIC, Dim, Figure, Mention
from pipeline.check.article_numbers import quote as _q

RANKING_RE = re.compile(r"(?i)\brank(?:ed|s|ing)?\b|\brank[-\s]order[-\s]lists?\b|\brank\s+lists?\b|\bROLs?\b|"
                        r"\blists\b(?=[^.;]{0,40}\d\.\d+\s+programs\b)")  # "lists peaked at 12.58 programs"
UNMATCHED_RE = r"\bunmatched\b|\bdid\s+not(?:\s+match)?\b|\bdidn'?t(?:\s+match)?\b|\bnot\s+matched\b|\bfailed\s+to\s+match\b"
OUTCOME_RE = re.compile(rf"(?i)(?P<un>{UNMATCHED_RE})|(?P<m>(?<!un)\bmatched\b|\bwho\s+match(?:ed)?\b)")
AFTER_OK_RE = re.compile(r"(?i)\s*(?:programs?\b|on\s+average\b|,|;|\.|$|\s+for\b|\s+vs\.?\b|\s+against\b|\s+and\b|\)|"
                         r"\(\s*(?:19|20)\d\d\s*\)|\s+in\s+(?:19|20)\d\d\b)")  # "11.72 (2015)", "7.30 programs in 2015"
# "applicants who matched", "all applicants": applicants with no group of their own
ANY_APPLICANTS_RE = re.compile(r"(?i)(?<![\w-])(?:all\s+|the\s+)?(?:matched\s+|unmatched\s+)?applicants(?:\s+"
                               r"(?:who|that|ranked|had|averaged|listed)\b|['\u2019]\s+lists\b)")  # "applicants' lists"
OWN_OUTCOME_RE = re.compile(r"(?i)\s+(?:programs?\s+)?(?:on\s+average\s+)?for\s+(?:those|the\s+ones|applicants)\s+"
                            r"(?:who\s+)?")  # "7.26 for those who matched and 3.32 for those who did not"
DIFFERENCE_RE = re.compile(r"(?i)\s+(?:more|fewer|less)\s+(?:programs|ranks)\b")
GROUPS = ("all_applicants", "us_md_senior", "us_do_senior", "us_img", "non_us_img")


def rol_length(r, f: Figure, lo: int, hi: int) -> bool:
    """Read ``f`` as an average rank order list length when its words say so (then True); raise :class:`Skip`
    when they say so but leave a deciding dimension open; False when the figure is not about rank order lists."""
    u = f.ctx
    if f.unit not in ("count", "number") or not f.decimals or f.value is None or not 1 <= f.value <= 40:
        return False
    if u is not None and u.kind == "cell":
        return _rol_cell(r, f, lo, hi)
    if u is None or u.kind != "sentence":
        return False
    lead = [(a, b) for label, a, b in u.extra if label in ("list lead-in", "parent item")]
    said = RANKING_RE.search(r.m, u.start, u.end) or next(  # "## Rank order list length, 2024" over a list
        (x for a, b in lead for x in [RANKING_RE.search(r.m, a, b)] if x), None) or _averages_after_ranking(r, f)
    if said is None:
        return False
    legend = _legend_pair(r, f, lead)
    if legend is not None:  # "Average number of programs ranked, matched vs. unmatched:" over "- Non-U.S. IMGs: 7.26
        groups = r.find("group", u.start, f.start)  # vs. 3.2": the lead-in's order
        if len(groups) != 1:
            raise Skip("unsure which group: an average rank order list length, and the item names no one group")
        return _read_length(r, f, lo, hi, said, groups[0], "list item", legend)
    if not AFTER_OK_RE.match(r.m[f.end:u.end]) or re.match(r"(?i)\s*(?:applicants?|ranks?)\s+per\b", r.m[f.end:u.end]):
        return False
    before = [g.end for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if before and re.search(r"(?i)\b(?:up|down)?\s*from\s+\Z", r.m[max(before):f.start]) and \
            DIFFERENCE_RE.match(r.m, max(before)):  # "ranked 7.98 more programs on average than unmatched ones, up
        raise Skip("the earlier value of a difference of rank order list lengths: no metric for it")  # from 5.63"
    a = max(before) if before else u.start
    a = max(a, r.m.rfind(";", a, f.start) + 1)  # "... 7.03 for those who did not match; for non-U.S. IMGs the means
    nxt = [g.start for g in r.unit_figures(f) if g.kind == STATISTIC and g.start >= f.end]  # were 7.26 and 3.2"
    b = min(nxt) if nxt else u.end
    outs = list(OUTCOME_RE.finditer(r.m[a:f.start]))
    stop = re.search(r"[;.:]\s|,\s+(?:while|whereas|but)\b", r.m[f.end:min(b, f.end + 45)])  # not past the end of
    # the figure's clause ("down from 12.14 in 2024, while unmatched applicants ranked only 4.40")
    own = OWN_OUTCOME_RE.match(r.m, f.end)
    own = own and OUTCOME_RE.match(r.m, own.end())
    if own:  # the figure's own "for those who ...": the words before are the figure before's
        outs = [own]
    out = outs[-1] if outs else OUTCOME_RE.search(r.m[f.end:f.end + stop.start() if stop else min(b, f.end + 45)])
    if len(outs) > 1 and {bool(o.group("un")) for o in outs[-2:]} == {True, False} and \
            outs[-1].start() - outs[-2].end() <= 8:  # "matched vs unmatched): all applicants 12.02 vs 4.40"
        raise Skip("unsure which outcome: the text names both together (a legend: which figure is which?)")
    if out is None and not outs:  # "matched had ranked 12.02 ... and those who did not 4.04; in 2024 it was 12.14 and
        out = _pair_order(r, f)  # 4.31": a bare pair in the order of the outcomes before it
    chain = _chain(r, f) if out is None and not outs else None
    if chain is not None:  # "rose from 11.72 (2015) to 14.31 (2022) and then declined to 13.68": the same series
        y = _year(r, f, lo, hi)
        if not isinstance(y, Dim):
            raise Skip("unsure which year: an average rank order list length, and the text names no year")
        f.metric, f.metric_from = "avg_rol_length", f"the same series as {chain.stated}"
        f.dims = {"year": y, **{k: Dim(d.value, f"the same as {chain.stated}: {d.source}")
                                for k, d in chain.dims.items() if k != "year"}}
        _precision(r, f, lo)
        return True
    if out is None:
        raise Skip("unsure which outcome: an average rank order list length, and the text does not say of the "
                   "matched or the unmatched")
    outcome = "unmatched" if out.group("un") else "matched"
    groups = [m for m in r.find("group", u.start, f.start)]
    applicants = list(ANY_APPLICANTS_RE.finditer(r.m, u.start, f.start))
    applicants = applicants[-1] if applicants else None
    if applicants and (not groups or re.search(r",\s+(?:and|while|but|whereas)\b|;",
                                               r.m[groups[-1].end:applicants.start()])):
        # "applicants who matched had ranked 12.14 programs": every applicant; "in 2024, 93.5% of U.S. MD seniors
        # matched, and in the report the matched applicants that year ranked 12.14": the later clause's own people
        groups = [Mention(applicants.start(), applicants.end(), "all_applicants", applicants.group())]
    if not groups:
        raise Skip("unsure which group: an average rank order list length, and the sentence names no applicant group")
    return _read_length(r, f, lo, hi, said, groups[-1], "sentence", Dim(outcome, f"sentence: {_q(out.group(0))}"))


AVERAGES_RE = re.compile(r"(?i)\b(?:the\s+)?(?:averages|means|average|mean)\s+(?:were|was|are|is)\b")
LEGEND_RE = re.compile(r"(?i)\b(?P<first>matched|unmatched|not\s+matched)\s+(?:vs\.?|versus|v\.|/)\s+"
                       r"(?P<second>matched|unmatched|not\s+matched)\b")


def _averages_after_ranking(r, f: Figure):
    """"For non-U.S.-citizen IMGs the averages were 7.26 for those who matched ...", right after a sentence of its
    paragraph with an average rank order list length: the averages are list lengths (the words that said so)."""
    u = f.ctx
    if u.block is None or u.index == 0 or not AVERAGES_RE.search(r.m, u.start, f.start) or \
            not OUTCOME_RE.search(r.m, f.end, u.end):  # (not "the averages were 7.26 and 3.2": a pair, read as such)
        return None
    prev = r.block_units[u.block][u.index - 1]
    if not any(g.metric == "avg_rol_length" for g in r._by_unit.get(id(prev), ())):
        return None
    return RANKING_RE.search(r.m, prev.start, prev.end)


def _legend_pair(r, f: Figure, lead: list) -> Dim | None:
    """The outcome of a figure of an item "7.26 vs. 3.2" under a lead-in that names the two outcomes in that order
    ("matched vs. unmatched"): the first for the first."""
    legend = next((x for a, b in lead for x in [LEGEND_RE.search(r.m, a, b)] if x), None)
    pair = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.decimals]
    if legend is None or len(pair) != 2 or f not in pair or \
            not re.fullmatch(r"\s*(?:vs\.?|versus|v\.|/)\s*", r.m[pair[0].end:pair[1].start]) or \
            ("un" in legend.group("first") or "not" in legend.group("first")) == \
            ("un" in legend.group("second") or "not" in legend.group("second")):
        return None
    word = legend.group("first") if f is pair[0] else legend.group("second")
    return Dim("unmatched" if re.search(r"(?i)un|not", word) else "matched", f"list lead-in: {_q(legend.group(0))}")


def _read_length(r, f: Figure, lo: int, hi: int, said, g: Mention, where: str, outcome: Dim) -> bool:
    """Read ``f`` as the average list length of group ``g`` with ``outcome`` in the text's year, else Skip."""
    if g.value not in GROUPS:
        raise Skip(f"the data give rank order list lengths by applicant type, not for {g.value}")
    y = _year(r, f, lo, hi)
    if not isinstance(y, Dim):
        raise Skip("unsure which year: an average rank order list length, and the text names no year")
    f.metric, f.metric_from = "avg_rol_length", _q(said.group(0))
    f.dims = {"year": y, "applicant_type": Dim(g.value, f"{where}: {_q(g.text)}"), "outcome": outcome}
    _precision(r, f, lo)  # ("about 13.7": the data give 13.68)
    return True


def _chain(r, f: Figure):
    """The rank order list length before the figure in its clause (no ";" between, no outcome or group words of
    its own between them): "from 11.72 (2015) to a peak of 14.31 (2022)"."""
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if not prev or prev[-1].metric != "avg_rol_length":
        return None
    g = prev[-1]
    between = r.m[g.end:f.start]
    if re.search(r"[;:]", between) or OUTCOME_RE.search(between) or r.find("group", g.end, f.start):
        return None
    if not re.search(r"(?i)\b(?:to|then|and|from|peak|rose|fell|declined|increased|decreased)\b", between):
        return None
    return g


def _pair_order(r, f: Figure):
    """The outcome word for a figure of a bare pair ("12.14 and 4.31") in a sentence whose outcome words before it
    name the two outcomes once each, in order ("who matched ... those who did not"): the first for the first."""
    u = f.ctx
    first = re.match(r"\s+and\s+\d+\.\d+\b", r.m[f.end:u.end])
    second = re.search(r"\d\.\d+\s+and\s+\Z", r.m[u.start:f.start])
    if not (first or second) or (first and second):
        return None
    words = list(OUTCOME_RE.finditer(r.m[u.start:f.start]))
    kinds = [bool(o.group("un")) for o in words]
    if len(words) != 2 or kinds[0] == kinds[1]:
        return None
    return words[0] if first else words[1]


def _rol_cell(r, f: Figure, lo: int, hi: int) -> bool:
    """A table cell under a caption or header about ranking ("Mean number of programs ranked, by applicant group and
    Match outcome"): its outcome and group from its own headers and row, each named once; else not checked."""
    labels = [(label, a, b) for label, a, b in f.ctx.extra]
    said = next((x for _, a, b in labels for x in [RANKING_RE.search(r.m, a, b)] if x), None)
    if said is None or any(re.search(r"(?i)\bper\b|\bshare\b|%|\brates?\b" if label != "table caption" else r"(?i)\bper\b",
                                     r.m[a:b]) for label, a, b in labels):
        return False  # ("Ranks per position", "Match rate by list length": other measures; a caption's rates are
        # another column's: "... so the rates differ from the headline rates" over "| Avg. ranks, matched |")
    own = [(a, b) for label, a, b in labels if label in ("column header", "row")]
    outs = {bool(o.group("un")) for a, b in own for o in OUTCOME_RE.finditer(r.m, a, b)}
    if len(outs) != 1:
        raise Skip("unsure which outcome: an average rank order list length, and the cell's headers do not say "
                   "of the matched or the unmatched" if not outs else "unsure which outcome: the cell's headers "
                   "name both")
    groups = {m.value: m for a, b in own for m in r.find("group", a, b)} or {  # else the caption's one ("Describe
        m.value: m for label, a, b in labels if label == "table caption" for m in r.find("group", a, b)}  # the trend
    if len(groups) != 1:  # for all applicants")
        raise Skip("unsure which group: an average rank order list length, and the cell's headers and row name "
                   + ("no applicant group" if not groups else "several"))
    return _read_length(r, f, lo, hi, said, next(iter(groups.values())), "table",
                        Dim("unmatched" if outs.pop() else "matched", "table: the cell's column header"))
