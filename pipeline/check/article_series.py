"""Figures that repeat the reading of another (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

"U.S. MD seniors matched at 93.5% and DO seniors at 92.6%" (a clause with a subject of its own and no words of
what the figure is); "matched: 5,032 in 2023, 5,864 in 2024" and "85.0% in 2025, compared with 87.8% in 2023" (each
figure followed by its year, only a joint between them); "- 2023: non-US IMGs matched at 59.4%" then "- 2024:
58.5%" (list items that are a year label and a figure). And the precision a figure is stated at: a bound ("more
than 9,000") or an approximation ("about 9,000", compared at the precision as written).
"""

from __future__ import annotations

import re

from pipeline.check.article_certainty import Skip, Unsure
from pipeline.check.article_patterns import OF_ALL_POSITIONS_RE
from pipeline.check.article_years import arrow_year
from pipeline.check.article_numbers import AT, COMPARED_RE, FILLED, IMG_GROUPS, SHARE, STATISTIC, Dim, Figure, Mention
from pipeline.check.article_numbers import quote as _q
from pipeline.check.registry import METRICS


OWN = {"group": "applicant_type", "specialty": "specialty_id", "state": "state", "level": "position_level",
       "program_type": "program_type"}


# a clause of a year, a pronoun and a verb only: "; in 2021 it dipped to 55.8%", ", in 2017 28,489"
YEAR_CLAUSE_RE = re.compile(r"(?i)[\s,;:]*(?:and\s+|but\s+|then\s+|by\s+)?(?:in\s+)?((?:19|20)\d\d)\s*,?\s*"
                            r"(?:(?:it|they|that|this|the\s+(?:rate|share|figure|number|count))\s+)?"
                            r"(?:(?:was|were|stood|sat|reached|rose|fell|dipped|climbed|dropped|grew|came\s+in)\s+)?"
                            r"(?:at\s+|to\s+)?(?:just\s+|only\s+|about\s+)?")


NEXT_IN_LINE_RE = re.compile(r"(?i)\b(?:comes?\s+next|next\s+(?:is|comes|was)|follows?|followed|then|trails?|"
                             r"trailed|behind\s+(?:it|them)|after\s+(?:it|that))\b")


def _elliptic(r, f: Figure, lo: int, hi: int) -> bool:
    """"U.S. MD seniors matched at 93.5% and DO seniors at 92.6%", "IMGs held 36.3% of the filled positions; in
    neurology, 28.9%", "categorical ones at 96.8%": a clause with a subject of its own and no words that say what
    the figure is repeats the reading of the figure before it in the sentence, with its own subject."""
    if f.ctx.kind != "sentence" or f.role:
        return False
    subject = next((x for x in r.find("group", lo, f.start) if re.fullmatch(r"\s+(?:at\s+)?", r.m[x.end:f.start])), None)
    named = next((x for x in r.find("group", f.end, f.end + 40) if not r.m[f.end:x.start].strip()), None)
    joint = subject and re.search(r"\s(?:and|but|while)\s+(?:the\s+)?\Z", r.m[lo:subject.start])
    if joint:  # "non-U.S.-citizen IMGs filled 3,794 ... positions and U.S.-citizen IMGs 1,221": from the joint on
        lo += joint.start()
    after = named.end if named else f.end
    part = re.match(r"\s+(?:of|out\s+of)\s+\d|\s*/\s*\d", r.m[after:after + 12])  # "2,869 of 5,069", "3,181/4,751",
    # "7,773 DO seniors out of 8,932"
    whole = re.search(r"\d\s+(?:of|out\s+of)\s+\Z|\d\s*/\s*\Z", r.m[max(0, f.start - 12):f.start])
    if (part or whole) and any(g.unit == "percent" for g in r.unit_figures(f) if lo <= g.start < hi):
        return False  # "53.9% (2,869 of 5,069)": a part or a whole, read with its share, not like the figure before
    if OF_ALL_POSITIONS_RE.match(r.m, f.end):
        return False  # "56.4% of Michigan's internal medicine ... positions and 31.5% of all its first-year positions"
    back = f.ctx.index > 0 and BACK_MEASURE_RE.fullmatch(r.m, lo, f.start) and OWN_YEAR_AFTER_RE.match(r.m, f.end)
    if any(not (back and x.end <= f.start) for c in r.v.raw["cues"] for x in r.find(f"cue:{c}", lo, hi)) or \
            [x for x in r.find("noun", lo, hi) if f.unit != "count" or SAMPLE_RE.search(r.m, lo, f.start) or not any(
                g.start <= x.start and x.end <= g.end for g in r.find("group", lo, hi))] and \
            not re.search(r"\bones?\b", r.m[lo:hi]) and not COMPARED_RE.search(r.m[lo:f.start]):
        return False  # (but "The fill had been 87.8% in 2024": the measure of the sentence before; and a count's
        # words of a group are no noun: "DO seniors 145", "19,404 out of 20,368 U.S. MD seniors", unless "(n = 8,392)")
    own = {dim: r.nearest(cat, lo, hi, f, pred=lambda x: not re.search(  # (not a place compared with: "The split
        r"(?i)\b(?:than|unlike|compared\s+(?:with|to)|versus|vs\.?)\s+\Z", r.m[max(lo, x.start - 16):x.start]))  # leans
        for cat, dim in OWN.items()}  # toward U.S. citizens more than in New York: 451 U.S.-citizen IMGs")
    if own.get("state") is None:  # "New York filled 83.1% ..., Florida 82.8%": a state's name as the subject
        verb = r"\s*(?:(?:stood|sat|was|is|came\s+in|ended)\s+)?(?:(?:even\s+|still\s+|much\s+|slightly\s+)?(?:higher|" \
               r"lower)\s+(?:still\s+)?)?(?:at\s+|with\s+|had\s+|reached\s+|to\s+)?"  # ("New Jersey is even higher at 43.2%")
        own["state"] = next((x for x in r.find("state_name", lo, f.start)
                             if re.fullmatch(r"(?:'s|\u2019s)?" + verb, r.m[x.end:f.start]) or any(  # "..., and
                                 re.fullmatch(r"(?:'s|\u2019s)?\s+", r.m[x.end:m.start]) and  # California family
                                 re.fullmatch(verb, r.m[m.end:f.start])  # medicine 88.6%": the state before the
                                 for m in r.find("specialty", x.end, f.start))), None)  # specialty
    own = {d: m for d, m in own.items() if m is not None}
    year_only = not own and YEAR_CLAUSE_RE.fullmatch(r.m, lo, f.start)
    if not own and not year_only and not back:
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit
            and g.metric and not (lo <= g.start < hi) and not getattr(g, "compared", False)
            and not re.search(r"(?i)\b(?:well\s+|far\s+|just\s+)?(?:below|above)\s+\w+(?:'s|\u2019s)\s+\Z",
                              r.m[max(lo - 40, g.ctx.start):g.start])]  # ("well below Michigan's 48.5%; in pediatrics
    # it was 28.6%": not Michigan's series)
    if part:  # "6,653 matched out of 11,465; for U.S.-citizen IMGs it was 3,108 of 4,587": the part before's reading
        prev = [g for g in prev if re.match(r"[^;\d]{0,40}?\b(?:of|out\s+of)\s+\d", r.m[g.end:g.end + 50])]
    elif whole:  # ... and the whole before's
        prev = [g for g in prev if re.search(r"\b(?:of|out\s+of)\s+\Z", r.m[max(0, g.start - 12):g.start])]
    elif OF_WHOM_RE.match(r.m, f.end):  # "MD seniors accounted for 20,368, of whom 19,044 matched; DO seniors for
        prev = [g for g in prev if OF_WHOM_RE.match(r.m, g.end)]  # 8,392, of whom ...": the whole before's
    if not prev and not part and not whole and f.ctx.index > 0:
        prev = _from_sentence_before(r, f, lo, hi, own)
    if not prev:
        return False
    g = prev[-1]
    if "state" in g.dims and re.search(r"(?i)\bnational(?:ly)?\b|\bnationwide\b", r.m[lo:hi]):
        return False  # "NY filled 83.1%, TX 84.5%, and the national PGY-1 number was 82.3%": not TX's series
    if year_only and (g.dims.get("year") is None or g.dims["year"].value == int(year_only.group(1))):
        return False  # "in 2021 it dipped to 55.8%" after "In 2018 it reached 56.1%": the same series, its own year
    metric = g.metric
    grp = own.get("applicant_type")
    if grp is not None and grp.value not in AT + ("img",):
        return False  # a population the data do not describe: the ordinary reading says so
    if grp is not None:
        if metric in SHARE.values() and grp.value in IMG_GROUPS:
            metric = SHARE[grp.value]
        elif metric in FILLED.values() and grp.value in FILLED:  # "non-U.S.-citizen IMGs took 3,794 positions
            if FILLED[grp.value] == metric:  # and U.S.-citizen IMGs 1,221" (not "Of the IMGs, 498 were U.S. citizens")
                return False
            metric = FILLED[grp.value]
        elif metric in ("match_rate_pct", "img_match_rate_pct"):
            metric = "img_match_rate_pct" if grp.value == "img" else "match_rate_pct"
    m = METRICS[metric]
    dims = {k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items() if k in m.dims}
    if "outcome" in dims and (BARE_PAIR_RE.match(r.m, f.end) or re.search(r"\d\s+and\s+\Z", r.m[lo:f.start])):
        bare_pair(r, f)  # "in anesthesiology 255 and 245": a pair, in the order of the pair before
        if getattr(f, "_pair_outcome", None) is None:
            return False
        dims["outcome"] = f._pair_outcome
    for d, x in own.items():
        if d not in m.dims and not (d == "applicant_type" and metric in (*SHARE.values(), *FILLED.values(),
                                                                          "img_match_rate_pct")):
            return False  # the figure before has no such dimension: not the same series
        if d in m.dims:
            dims[d] = Dim(x.value, f"sentence: {_q(r.words(x.start, x.end, 1, lo, hi))}")
    y = r.years_in(lo, hi)
    if y and y[0].value is not None:
        dims["year"] = Dim(y[0].value, f"sentence: {_q(r.words(y[0].start, y[0].end, 1, lo, hi))}")
    f.metric, f.metric_from, f.like = metric, f"the same as {g.stated} ({_q(r.m[g.start:f.end])})", g
    f.dims = {k: dims[k] for k in ("year",) + tuple(d for d in m.dims if d != "year") if k in dims}
    _precision(r, f, lo)
    return True


SAMPLE_RE = re.compile(r"(?i)\bn\s*=\s*\Z")
OF_WHOM_RE = re.compile(r",\s+of\s+(?:whom|which)\b")
SAME_YEAR_AFTER_RE = re.compile(r"\((?:[^()]*,\s*)?(?:19|20)\d\d\)\W*\Z")  # "... at 15.2% (all PGY-1, 2025)."
BACK_MEASURE_RE = re.compile(r"(?i)[\s,;:]*(?:that|this|the|their|its)\s+(?:[\w\-]+\s+)?(?:rate|fill(?:\s+rate)?|share)\s+"
                             r"(?:had\s+been|has\s+been|was|were|stood\s+at)\s+")
OWN_YEAR_AFTER_RE = re.compile(r"(?:\s*%|\s+percent)?\s+(?:in|for)\s+(?:19|20)\d\d\b")
IT_WAS_RE = re.compile(r"(?i)[\s,;:]*(?:in\s+)?(?:19|20)\d\d\s*,?\s*(?:it|the\s+(?:rate|share|count|number|total))\s+(?:was|stood\s+at)\s+")


# "..., up from 67.0% in 2024. Non-U.S.-citizen IMGs were at 58.0%": the other side of a change or comparison is
# not the reading a next sentence repeats
BASELINE_SIDE_RE = re.compile(r"(?i)\b(?:(?:up|down|rising|falling|rose|fell|dropped|climbed)\s+from|than)\s+(?:the\s+)?"
                              r"(?:just\s+|only\s+)?\Z")


def _from_sentence_before(r, f: Figure, lo: int, hi: int, own: dict) -> list:
    """The figures of the sentence before whose reading a figure with a subject of its own repeats: "Internal
    medicine leads at 48.5%. Psychiatry comes next at 58.3%" (said to come next), "Michigan stood at 33.5%" after
    a sentence with Ohio's share (a sentence with no year, no words of what the figure is, and no other subject
    before the figure), when the sentence before has one reading only."""
    next_in_line = NEXT_IN_LINE_RE.search(r.m, lo, hi)
    u = f.ctx
    it_was = IT_WAS_RE.fullmatch(r.m, lo, f.start) or (  # "The overall rate was 80.2% in 2024. In 2020 it was 81.3%"
        BACK_MEASURE_RE.fullmatch(r.m, lo, f.start) and OWN_YEAR_AFTER_RE.match(r.m, f.end))  # "That preliminary
    # rate was 52.3% in 2024": the measure of the sentence before, in a year of its own
    if not next_in_line:
        years = {y.value for y in r.years_in(u.start, u.end)}
        if not (own or it_was) or years and not it_was and not SAME_YEAR_AFTER_RE.search(r.m, f.end, u.end) or any(
                not (it_was and lo <= x.start < f.start) for c in r.v.raw["cues"] for x in r.find(f"cue:{c}", u.start, u.end)):
            return []
        named = {(dim, x.value) for cat, dim in (*OWN.items(), ("state_name", "state"))
                 for x in r.find(cat, u.start, f.start)}
        if named - {(d, m.value) for d, m in own.items()}:
            return []  # "New Jersey went higher still: 60.8% in internal medicine": whose is it?
    before = r.block_units[u.block][u.index - 1]
    if it_was and not own and re.search(r"(?i)\bseries\b|\brank[-\s]order\b|\bcouples\b", r.m[before.start:before.end]):
        return []  # "their match rate in this series climbed ... In 2024 it was 58.5%": which series is not said again
    prev = [g for g in r.figures if g.ctx is before and g.kind == STATISTIC and g.unit == f.unit and g.metric and
            not BASELINE_SIDE_RE.search(r.m, max(before.start, g.start - 25), g.start)]
    readings = {(g.metric, tuple((k, d.value) for k, d in g.dims.items() if k != "year" and k not in own))
                for g in prev}
    if any(g.ctx is before and g.kind == STATISTIC and g.unit == f.unit and g.unsure is not None for g in r.figures):
        return []  # "those who matched had a median of 251 (unsure) and those who did not 243": which one?
    if len(readings) > 1 and not next_in_line:
        return []  # "256 for those who matched and 251 for those who did not. For IM: 251 vs 245": which one?
    if not next_in_line and not it_was and years and any(
            {g.dims["year"].value if "year" in g.dims else None} != years for g in prev):
        return []  # "(all PGY-1, 2025)" closing the sentence: only the year of the reading it repeats
    return prev


BARE_PAIR_RE = re.compile(r"\s+and\s+\d{3}\b(?!\s*(?:if|for|among|of|who|when|matched|unmatched|did|for)\b)")


def bare_pair(r, f: Figure) -> None:
    """"251 if they matched and 244 if they did not; in pathology the medians were 244 and 235": a pair of scores
    with no outcome words of its own takes the order of the pair before it in the sentence that has them."""
    scores = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.value is not None and 150 <= g.value <= 300]
    if f not in scores or len(scores) < 4:
        return
    i = scores.index(f)
    first = f if i + 1 < len(scores) and BARE_PAIR_RE.match(r.m, f.end) and scores[i + 1].start == \
        BARE_PAIR_RE.match(r.m, f.end).end() - 3 else scores[i - 1] if i > 0 and BARE_PAIR_RE.match(
            r.m, scores[i - 1].end) and BARE_PAIR_RE.match(r.m, scores[i - 1].end).end() - 3 == f.start else None
    if first is None or scores.index(first) < 2:
        return
    a, b = scores[0], scores[1]  # the sentence's first pair, each with its own outcome word right after it
    words = []
    for g, nxt in ((a, b.start), (b, scores[2].start)):
        m = re.match(r"\s*(?:if|for|among|of)?\s*(?:they|those|applicants|the\s+ones)?\s*(?:who\s+)?"
                     r"(did\s+not|didn't|did\s+not\s+match|unmatched|not\s+matched|matched)\b", r.m[g.end:nxt])
        words.append(None if m is None else "not_matched" if re.search(r"not|n't|unmatched", m.group(1)) else "matched")
    if None in words or words[0] == words[1]:
        return
    k = 0 if first is f else 1
    f._pair_outcome = Dim(words[k], f"sentence: the order of {a.stated} and {b.stated} before "
                                    f"({('first', 'second')[k]} of {first.stated} and its pair)")


# "matched: 5,032 in 2023, 5,864 in 2024", "filled 85.0% of its positions in 2025, compared with 87.8% in 2023":
# between the figure before (with its year) and this one, only a joint
IN_YEAR_RE = re.compile(r"(?:\s*%|\s+percent)?\s+(?:in|for)\s+(?:the\s+)?(\d{4})\b(?:\s+Match)?")


YEAR_EARLIER_RE = re.compile(r"(?i)()\s+(?:the|a)\s+year\s+(?:before|earlier)\b")
SERIES_JOINT_RE = re.compile(r"(?i)\s*(?:,|;)?\s*(?:and\s+|or\s+|but\s+|then\s+)?(?:(?:compared\s+(?:with|to)|"
                             r"against|versus|vs\.?)\s+)?(?:just\s+|only\s+)?")


def _year_series(r, f: Figure, lo: int) -> bool:
    """A figure followed by "in YEAR" that follows the figure before it in the sentence, itself followed by "in
    YEAR", with only a joint between them (a comma, "and", "compared with"): the same reading in its own year."""
    if f.ctx.kind != "sentence" or f.role:
        return False
    own = IN_YEAR_RE.match(r.m, f.end) or YEAR_EARLIER_RE.match(r.m, f.end)  # (or "3,181 the year before")
    if own is None:
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if not prev or prev[-1].unit != f.unit or not prev[-1].metric or prev[-1].role or "year" not in prev[-1].dims:
        return False
    g = prev[-1]
    theirs = IN_YEAR_RE.match(r.m, g.end) or _words_then_year(r, g, f)
    if theirs is None or int(theirs.group(1)) != g.dims["year"].value or \
            not SERIES_JOINT_RE.fullmatch(r.m, theirs.end(), f.start) or own.group(1) == theirs.group(1):
        return False
    m, year = METRICS[g.metric], int(own.group(1) or int(theirs.group(1)) - 1)
    f.metric, f.metric_from, f.like = g.metric, f"the same as {g.stated} ({_q(r.m[g.start:f.end])})", g
    f.dims = {k: (Dim(year, f"sentence: {_q(r.m[f.start:own.end()].strip())}") if k == "year" else
                  Dim(d.value, f"the same as {g.stated}: {d.source}")) for k, d in g.dims.items() if k in m.dims}
    _precision(r, f, lo)
    return True


def _words_then_year(r, g: Figure, f: Figure):
    """"4,356 non-U.S.-citizen IMGs matched in 2021, 4,571 in 2022": the year of the figure before, after a few
    words of its clause (no other number, no semicolon, colon or bracket), right before the joint to f."""
    m = ([None] + list(IN_YEAR_RE.finditer(r.m, g.end, f.start)))[-1]
    return m if m and m.start() - g.end <= 60 and not re.search(r"[;:()\d]", r.m[g.end:m.start()]) and \
        SERIES_JOINT_RE.fullmatch(r.m, m.end(), f.start) else None


YEAR_LABEL_RE = re.compile(r"[\W_]*((?:19|20)\d\d)\s*[:\-\u2013\u2014]\s*")


def _item_series(r, f: Figure) -> bool:
    """"- 2023: non-US IMGs matched at 59.4%" then "- 2024: 58.5%": a list item that is only a year label and the
    figure repeats the reading of the first figure of the item before it, in its own year."""
    u = f.ctx
    if u.kind != "sentence" or u.index != 0 or f.role or r.doc.blocks[u.block].kind != "item" or u.block == 0:
        return False
    label = YEAR_LABEL_RE.fullmatch(r.m, u.start, f.start)
    if not re.match(r"\s*(?:[,;(]|\Z)", r.m[f.end:u.end]):  # "2024: 41,503 positions were offered": words of its own
        return False
    before = r.doc.blocks[u.block - 1]
    if label is None or before.kind != "item" or before.level != r.doc.blocks[u.block].level:
        return False
    first = next((g for g in r.figures if before.start <= g.start < before.end and g.kind == STATISTIC), None)
    if first is None or first.unit != f.unit or not first.metric or first.role or "year" not in first.dims or \
            not YEAR_LABEL_RE.match(r.m, before.start, before.end) or int(label.group(1)) == first.dims["year"].value:
        return False
    m = METRICS[first.metric]
    f.metric, f.metric_from, f.like = first.metric, f"the same as {first.stated}, in the item before", first
    f.dims = {k: (Dim(int(label.group(1)), f"the item's label: {_q(label.group(1))}") if k == "year" else
                  Dim(d.value, f"the same as {first.stated}: {d.source}")) for k, d in first.dims.items()
              if k in m.dims}
    _precision(r, f, u.start)
    return True


APPROX_AFTER_RE = re.compile(r"(?i)\s*,?\s*(or\s+so|or\s+thereabouts|give\s+or\s+take)\b")


def _precision(r, f: Figure, lo: int) -> None:
    """Approximate figures and bounds: the words just before the number."""
    a = max(lo, f.start - 22)
    bound = [m for m in r.find("bounds", a, f.start) if not r.m[m.end:f.start].strip(" ~")]
    approx = [m for m in r.find("approximate", a, f.start) if not r.m[m.end:f.start].strip(" ~:")]  # ("rounded: 47,200")
    after = APPROX_AFTER_RE.match(r.m, f.end)
    if after and not approx:  # "filled 92% or so", "3,100 or thereabouts"
        approx = [Mention(after.start(1), after.end(1), None, after.group(1))]
    if bound or f.role == "or more":
        f.role = "bound"
        f.notes.append(f"a bound ({_q(bound[-1].text + ' ' + f.stated if bound else f.stated)}), not a figure")
    elif approx:
        word = approx[-1].text
        if f.value is not None and f.value.denominator == 1 and f.decimals == 0 and f.value % 10 == 0:
            zeros = len(str(int(f.value))) - len(str(int(f.value)).rstrip("0"))
            f.decimals = -zeros
        if f.decimals < 0 or (f.unit == "percent" and f.decimals == 0):  # "about 3,100", "roughly 29%": rounded
            f.approximate = word
            f.notes.append(f"stated as approximate ({_q(word)}): compared at the precision as written, not judged")
        else:  # "some 38,941", "about 60.8 percent": the digits are exact
            f.hedge = word
            f.notes.append(f"stated as approximate ({_q(word)}), with exact digits: compared as written")


YEAR_BEFORE_RE = re.compile(r"(?i)\s+(?:a\s+year\s+(?:earlier|before)|the\s+(?:year|match)\s+before|the\s+"
                            r"(?:previous|prior|preceding)\s+(?:year|match|cycle))\b")


RELATIVE_BEFORE_RE = re.compile(r"(?i)\b(?:than|from|over|on)\s+(?:a\s+year\s+(?:earlier|before|ago)|the\s+(?:year|match)\s+"
                                r"before|the\s+(?:previous|prior|preceding)\s+(?:year|match|cycle)|last\s+year)\b")


def _other_side(r, f: Figure, lo: int, hi: int) -> bool:
    """"67.0% in 2024, down from 67.6% in 2023", "67.8%, compared with 67.0% in 2024": the other side of a
    comparison, with its own year and no subject of its own, is the same series as the figure it is compared
    with (the same metric, group, specialty, ...) in that year."""
    before = r.m[max(f.ctx.start, f.start - 40):f.start]
    if f.role != "earlier value" and not COMPARED_RE.search(before):
        return False
    y = re.match(r"\s*(?:in|for)\s+(?:the\s+)?((?:19[5-9]|20\d)\d)\b", r.m[f.end:f.end + 16])
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit
            and (g.metric or g.unsure is not None)]
    step = YEAR_BEFORE_RE.match(r.m, f.end) if y is None else None
    last = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit][-1:]
    if step and prev and "year" in prev[-1].dims and (prev[-1].dims["year"].source.startswith("sentence") or prev[-1].metric
                                                      and last == prev[-1:] and not prev[-1].dims["year"].source.startswith("no year")):
        # "67.8% in 2025, up from 67.0% a year earlier": the year before the figure compared with
        year = Dim(prev[-1].dims["year"].value - 1, f"{_q(step.group().strip())}: the year before {prev[-1].stated}'s")
    elif y is None and f.role == "earlier value":
        raise Skip("the earlier value of a change: the text gives no year for it")
    elif y is None and COMPARED_RE.search(before) and RELATIVE_BEFORE_RE.search(r.m, f.ctx.start, f.start):
        # "DO seniors did even better than the year before: 92.6% against 92.3%": the year before's
        raise Skip(f"unsure which year: compared with a year the text names relative to another "
                   f"({_q(RELATIVE_BEFORE_RE.search(r.m, f.ctx.start, f.start).group())})")
    elif y is None:
        return False
    else:
        year = Dim(int(y.group(1)), f"sentence: {_q(r.m[f.start:f.end + y.end()])}")
    if any(r.find(c, lo, hi) for c in ("group", "specialty", "level", "state")) or not prev:
        return False
    g = prev[-1]
    f.role, f.compared = "", True
    if g.metric is None:
        known = {k: v for k, v in g.unsure.known.items() if k != "year"}
        open_ = {k: v for k, v in g.unsure.open.items() if k != "year"}
        known["year"] = year.value
        raise Unsure(g.reason.split(". ")[0], g.unsure.metric, known, open_)
    part = g.whole_of if g.whole_of is not None and g.whole_of.metric else None
    if part is not None and part.metric != g.metric:  # "6,653 matched out of 11,465, up from 5,864 in 2024": the
        known = {k: d.value for k, d in g.dims.items() if k != "year"}  # part's series or the whole's?
        known["year"] = year.value
        raise Unsure(f"unsure which metric: the earlier value of {part.stated} or of {g.stated}", g.metric, known,
                     {"metric": [part.metric, g.metric]})
    f.metric, f.metric_from = g.metric, f"the same series as {g.stated} ({_q(r.m[g.start:f.end])})"
    f.dims = {"year": year, **{k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items()
                               if k != "year"}}
    _precision(r, f, lo)
    return True


def _to_side(r, f: Figure, lo: int) -> bool:
    """"Registrations rose from 50,413 in 2024 to 52,498 in 2025": the figure after "to" is the same series as the
    one after "from", in its own year (the year right after it)."""
    if f.ctx.kind != "sentence":
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit]
    if not prev or not prev[-1].metric:
        return False
    g = prev[-1]
    joint = r.m[g.end:f.start]
    if not re.fullmatch(r"(?:\s*%|\s+percent)?(?:\s+(?:in|for)\s+(?:19|20)\d\d)?\s+to\s+", joint) or \
            not re.search(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?\Z", r.m[max(lo, g.start - 20):g.start]):
        return False
    y = re.match(r"\s*(?:in|for)\s+((?:19|20)\d\d)\b", r.m[f.end:f.end + 12])
    if y is None:
        raise Skip("the later value of a change: the text gives no year for it")
    f.metric, f.metric_from = g.metric, f"the same series as {g.stated} ({_q(r.m[g.start:f.end])})"
    f.dims = {"year": Dim(int(y.group(1)), f"sentence: {_q(r.m[f.start:f.end + y.end()])}"),
              **{k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items() if k != "year"}}
    _precision(r, f, lo)
    return True


NATIONALLY_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s*(?:nationally|nationwide|across\s+the\s+(?:country|nation)|in\s+the\s+"
                           r"(?:country|nation)\s+as\s+a\s+whole)\b")


def _other_place(r, f: Figure, lo: int, hi: int) -> bool:
    """"IMGs took 56.4% of the state's filled first-year positions, compared with 38.0% in Ohio and 40.3% nationally":
    the other side of a comparison, with a place of its own (a state, or "nationally") and nothing else of its own,
    is the same series as the figure it is compared with, for that place."""
    a = max(f.ctx.start, f.start - 40)
    cmp = COMPARED_RE.search(r.m[a:f.start]) if f.ctx.kind == "sentence" and not f.role else None
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit
            and not getattr(g, "compared", False)]  # (not "(up from 22.1% in 2024)": the one it is compared with)
    if cmp is None and prev and "for another place" in prev[-1].metric_from and not f.role and re.fullmatch(
            r"[^\d.;:()]{0,40}?(?:,\s*|\s+)(?:and\s+)?", r.m[prev[-1].end:f.start]):
        cmp = re.search(r"\Z", r.m[a:f.start])  # "... compared with 38.0% in Ohio and 40.3% nationally": the same
    if cmp is None:  # comparison goes on
        return False
    if not prev or not prev[-1].metric or prev[-1].role or "state" not in METRICS[prev[-1].metric].dims:
        return False
    g = prev[-1]
    state = next(iter(r.find("state", f.end, f.end + 30)), None)
    if state is not None and re.fullmatch(r"(?:\s*%|\s+percent)?\s*", r.m[f.end:state.start]):
        place, where = state.value, r.m[f.start:state.end]
    elif NATIONALLY_RE.match(r.m, f.end):
        place, where = None, r.m[f.start:NATIONALLY_RE.match(r.m, f.end).end()]
    else:
        return False
    if any(r.find(c, max(g.end, a + cmp.start()), f.start) for c in ("group", "specialty", "level", "program_type")) or \
            place == (g.dims["state"].value if "state" in g.dims else None):
        return False
    f.metric, f.metric_from, f.like = g.metric, f"the same series as {g.stated}, for another place ({_q(where)})", g
    f.dims = {k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items() if k != "state"}
    if place is not None:
        f.dims["state"] = Dim(place, f"sentence: {_q(where)}")
    _precision(r, f, lo)
    return True


ARROW_JOINT_RE = re.compile(r"(?:\s*%|\s+percent)?(?:\s+(?:in|for)\s+(?:19|20)\d\d)?\s*(?:\u2192|->)\s*(?:\*\*)?")


def _arrow_side(r, f: Figure, lo: int) -> bool:
    """"- Registered applicants: 50,413 \u2192 52,498": the figure after an arrow is the same series as the one before
    it, in the later year of the span the text names ("2024 vs 2025") or the year right after it; unsure of the year
    without either. Not when the arrow joins figures of different units ("6,992 \u2192 3,392 \u2192 48.5%": applicants,
    matched, rate)."""
    chain = [g for g in r.unit_figures(f) if g.kind == STATISTIC]
    k = next((i for i, g in enumerate(chain) if g is f), 0)
    if k == 0 or not ARROW_JOINT_RE.fullmatch(r.m, chain[k - 1].end, f.start):
        return False
    g = chain[k - 1]
    while k + 1 < len(chain) and ARROW_JOINT_RE.fullmatch(r.m, chain[k].end, chain[k + 1].start):
        k += 1
    first = next(i for i, x in enumerate(chain) if x is g)
    while first > 0 and ARROW_JOINT_RE.fullmatch(r.m, chain[first - 1].end, chain[first].start):
        first -= 1
    if not g.metric or g.role or len({x.unit for x in chain[first:k + 1]}) > 1:
        return False
    y = re.match(r"\s*(?:in|for)\s+((?:19|20)\d\d)\b", r.m[f.end:f.end + 12])
    year = Dim(int(y.group(1)), f"sentence: {_q(r.m[f.start:f.end + y.end()])}") if y else arrow_year(r, f)
    if year is None or isinstance(year, tuple):
        raise Skip("the later side of an arrow: the text names no span of years or year for it")
    if "year" in g.dims and g.dims["year"].value >= year.value:
        raise Skip(f"the later side of an arrow, read as {year.value}, not after the earlier side's {g.dims['year'].value}")
    f.metric, f.metric_from, f.like = g.metric, f"the same series as {g.stated} ({_q(r.m[g.start:f.end])})", g
    f.dims = {"year": year, **{k: Dim(d.value, f"the same as {g.stated}: {d.source}") for k, d in g.dims.items()
                               if k != "year"}}
    _precision(r, f, lo)
    return True


AGAINST_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s*,?\s*(?:against|versus|vs\.?|compared\s+(?:with|to))\s+"
                        r"(?:just\s+|only\s+|about\s+)?\Z")


def _reading(f: Figure) -> tuple:
    return f.metric, {k: d.value for k, d in f.dims.items()}


def compared_pairs(r, figures: list) -> None:
    """"A against B": B is compared with A, so the two cannot be read alike. A sentence whose first pair says what
    differs ("56.4% ... in Michigan, against 40.3% nationally") is the legend of its later pairs ("in family
    medicine 48.5% against 31.3%": 31.3% is national); without one, B read like A is unsure."""
    for f in figures:
        if not f.metric or f.unit != "percent" or f.ctx is None or not AGAINST_RE.search(r.m, f.ctx.start, f.start):
            continue
        before = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.unit == f.unit]
        if not before or not before[-1].metric or re.search(r"[.;]", r.m[before[-1].end:f.start]):
            continue
        a = before[-1]
        if _reading(a) != _reading(f) or a.value == f.value:
            continue
        legend = None
        for b in before[:-1]:  # an earlier pair of the sentence: (A0, B0) differing in one dimension
            if not b.metric or not AGAINST_RE.search(r.m, b.ctx.start, b.start):
                continue
            a0 = max((g for g in before if g.end <= b.start and g.metric), key=lambda g: g.start, default=None)
            if a0 is None or a0.metric != b.metric:
                continue
            ra, rb = _reading(a0)[1], _reading(b)[1]
            diff = [k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k)]
            if len(diff) == 1:
                legend = (a0, b, diff[0])
                break
        if legend is not None:
            a0, b0, dim = legend
            if dim in a0.dims:  # the first side like the first pair's first side ("in pediatrics 95.0%": Ohio's)
                a.dims[dim] = Dim(a0.dims[dim].value, f"like {a0.stated}, the first side of the sentence's first "
                                                      f"comparison ({_q(r.excerpt(a0.start, a0.end))})")
            else:
                a.dims.pop(dim, None)
            if dim in b0.dims:
                f.dims[dim] = Dim(b0.dims[dim].value, f"like {b0.stated}, the other side of the sentence's first "
                                                      f"comparison ({_q(r.excerpt(b0.start, b0.end))})")
            else:
                f.dims.pop(dim, None)
                f.notes.append(f"read like {b0.stated}, the other side of the sentence's first comparison: "
                               f"without {dim.replace('_', ' ')}")
            continue
        for h in figures:  # "...; in pediatrics 52.3%" was read like 31.3%: like 48.5%, whose reading it shares
            if h.like is f:
                h.like = a
        f.metric, f.dims, f.role = None, {}, ""
        f.reason = (f"unsure: compared with {a.stated} ({_q(r.excerpt(a.start, f.end))}), yet read the same way; "
                    f"the text does not say what differs")


OF_THEM_CITIZENS_RE = re.compile(r"(?i)\s+of\s+(?:them|those|whom)\s+(?:were\s+)?"
                                 r"((?:non[-\s]?U\.?S\.?[-\s]|U\.?S\.?\s|non-?)citizens)\b")
CITIZENS_RE = re.compile(r"(?i)\b(?:non[-\s]?U\.?S\.?[-\s]|U\.?S\.?\s|non-?)citizens\b")


# an IMG series -> its subgroup's series (one for both, with the group as a dimension, or one for each)
SUBGROUP = {"img_match_rate_pct": "match_rate_pct", "img_matched_pgy1": "matched_pgy1",
            "img_share_pct": {"us_img": "us_img_share_pct", "non_us_img": "non_us_img_share_pct"}}


def citizen_subgroups(r, figures: list) -> None:
    """"Among IMGs, U.S. citizens matched at 67.8 percent and non-U.S. citizens at 58.5 percent": a subgroup of
    the IMGs the words before the figure name by citizenship alone is read in that subgroup's series, or is unsure
    where the data have none."""
    for f in figures:
        d = f.dims.get("applicant_type")
        if not f.metric or f.ctx is None or not (f.metric.startswith("img_") or d is not None and d.value == "img"):
            continue
        prev = max([g.end for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start] + [f.ctx.start])
        prev = max(prev, r.m.rfind(";", prev, f.start) + 1)
        named = [m for m in CITIZENS_RE.finditer(r.m, prev, f.start)  # (not in brackets the figure is not in: "(39
                 if not re.search(r"^[^(]*\)", r.m[m.end():f.start])  # residents, 35 of them U.S. citizens), ... 40.3%",
                 and not re.search(r"^[^\u2014\u2013]*[\u2014\u2013]", r.m[m.end():f.start])  # nor a dash aside,
                 and not re.search(r"(?i)\bwhether\s+or\s+not\b[^.;]*\Z", r.m[prev:m.start()])]  # "whether or not they
        # are U.S. citizens": both kinds
        after = OF_THEM_CITIZENS_RE.match(r.m, f.end)  # "IMGs filled 51.7% of them, 685 of them non-U.S. citizens"
        if after:
            named = [m for m in CITIZENS_RE.finditer(r.m, after.start(1), after.end(1))]
        said = named[-1] if named else None
        if re.search(r"(?i)\bcitizens\s+and\s+non-?citizens\b|\bnon-?citizens\s+and\s+citizens\b", r.m[prev:f.start]):
            said = None  # "IMGs as a whole, citizens and non-citizens, matched at 60.8%": both kinds
        if said and len({m.group().lower().startswith("non") for m in named}) == 1:
            who = "non_us_img" if said.group().lower().startswith("non") else "us_img"
            sub = SUBGROUP.get(f.metric)
            if sub is not None:  # the subgroup's own series
                f.metric = sub if isinstance(sub, str) else sub[who]
                why = f"sentence: {_q(said.group())} among the IMGs"
                if "applicant_type" in METRICS[f.metric].dims:
                    f.dims["applicant_type"] = Dim(who, why)
                else:
                    f.dims.pop("applicant_type", None)
                continue
            f.metric, f.dims, f.role = None, {}, ""
            f.reason = (f"unsure which group: {_q(said.group())} among the IMGs (U.S.-citizen or non-U.S.-citizen "
                        f"IMGs), read as all IMGs")
