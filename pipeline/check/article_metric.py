"""The metric a figure's words name (`matchstats check ARTICLE`; the rules are ``pipeline.check.article``).

From the unit (percent, count, Step 2 CK score), what the figure counts (its noun, its "of ..." phrase) and the
cue words of its context: match rate, share of positions filled or of matched applicants, fill rate, positions
offered / filled / unfilled / in SOAP, registered, active or matched applicants, IMGs matched, Step 2 CK
medians, preferred-specialty rates and counts. Returns the metric and the words it was read from, or a reason.
"""

from __future__ import annotations

import re

from pipeline.check.article_certainty import Skip
from pipeline.check.article_context import _all_types, _first
from pipeline.check.article_tables import header_dim
from pipeline.check.article_places import NATIONAL_BEFORE, THE_STATE_RE, title_state
from pipeline.check.article_patterns import (ASIDE_TYPE_RE, EVERY_TYPE_RE, HYPOTHETICAL_RE, IN_ALL_AFTER_RE,
                                             QUALIFIER_AFTER_RE, QUALIFIER_BEFORE_RE, THAT_IS_RE)
from pipeline.check.article_numbers import AT, FILLED, IMG_GROUPS, SHARE, STATISTIC, Dim, Figure
from pipeline.check.article_numbers import quote as _q
from pipeline.check.article_series import bare_pair
from pipeline.check.registry import METRICS

WEAK = "(default)"  # a reading without a verb: used only when no window gives a better one


OUTCOMES = ("unmatched", "match_rate", "matched_people")
COMPARED_AFTER_RE = re.compile(r"(?i)\b(?:above|below|than|against|versus|vs\.?|compared\s+(?:with|to))\b")


def _pair_outcome(r, f: Figure, cues: dict) -> None:
    """"Median Step 2 CK scores of those who matched ... and of those who did not:" then "- Internal medicine: 251
    against 243.": a pair of scores in a sentence that names no outcome takes the two outcomes the lead-in names,
    in their order (``Figure._pair_outcome``)."""
    un = cues.get("unmatched")
    outs = sorted(((v[0].start, c, v) for c, v in cues.items() if c in OUTCOMES and not (
        c != "unmatched" and un is not None and un[0].start <= v[0].start < un[0].end)), key=lambda x: x[0])
    kinds = [next((o for o in outs if (o[1] == "unmatched") == u), None) for u in (False, True)]
    if "step2" not in cues or None in kinds or any(f.ctx.start <= v[0].start < f.ctx.end for _, _, v in outs):
        return
    outs = sorted(kinds, key=lambda x: x[0])
    scores = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.value is not None and 150 <= g.value <= 300]
    if len(scores) == 2 and f in scores:
        _, c, v = outs[scores.index(f)]
        f._pair_outcome = Dim("not_matched" if c == "unmatched" else "matched",
                              f"{v[1]}: {_q(v[0].text)} (the pair's {('first', 'second')[scores.index(f)]})")


OTHER_SCORES_RE = re.compile(r"(?i)\bStep\s*1\b|\bCOMLEX\b|\bMCAT\b|\bStep\s*3\b")


def _other_scores(r) -> bool:
    """Whether the text names a score other than Step 2 CK (searched once per text)."""
    if not hasattr(r, "_other_scores"):
        r._other_scores = bool(OTHER_SCORES_RE.search(r.m))
    return r._other_scores


def step2_named_before(r, f: Figure, cues: dict) -> dict:
    """"In family medicine the medians were almost equal, 230 for those who matched and 213 for those who did not":
    a median of a score (150 to 300) in a text that named Step 2 CK before it, and no other score, is of Step 2 CK."""
    med = cues.get("median")
    if "step2" in cues or med is None or med[1] != "sentence" or f.unit not in ("count", "number") or \
            f.value is None or f.value.denominator != 1 or not 150 <= f.value <= 300 or _other_scores(r):
        return cues
    if med[0].start > f.start + 12 or r.find("noun", f.end, f.end + 16) or not any(  # ("175 applicants, ... a
            c in OUTCOMES and v[1] == "sentence" for c, v in cues.items()):  # median of 250"); its outcome its own
        return cues
    named = r.find("cue:step2", 0, f.start)
    return {**cues, "step2": (named[-1], "the text before")} if named else cues


def next_figures_cues(r, f: Figure, cues: dict) -> dict:
    """A Step 2 CK median's outcome word after it that leads to the next figure is that figure's: "matched FM
    applicants had 230 and those who didn't match had 231" (matched is 230's, didn't match 231's)."""
    _pair_outcome(r, f, cues)
    if "step2" in cues and getattr(f, "_pair_outcome", None) is None:
        bare_pair(r, f)
    if "step2" not in cues or not any(c in OUTCOMES and f.ctx.start <= v[0].start and v[0].end <= f.start
                                      for c, v in cues.items()):
        return cues  # (only when an outcome word before it in its sentence is its own)
    def leads_on(m) -> bool:  # the outcome word is followed by the next figure
        at = re.match(r"\s*(?:had|have|has|at|was|were|is|scored|averaged|with|of)?\s*[:=]?\s*(?:a\s+median\s+of\s+)?(?=\d)",
                      r.m[m.end:m.end + 24])
        return bool(at) and any(g.start == m.end + at.end() and g.kind == STATISTIC and g.value is not None and
                                150 <= g.value <= 300 for g in r.unit_figures(f))  # (a score: not a footnote's 7)

    def past_another(m) -> bool:  # "248, 6 points above those who did not": the words of the figure between
        return any(g.kind == STATISTIC and f.end <= g.start and g.end <= m.start for g in r.unit_figures(f))

    return {c: v for c, v in cues.items() if c not in OUTCOMES or v[0].start < f.end or not (
        leads_on(v[0]) or past_another(v[0]))}


def _metric(f: Figure, cues: dict, noun, base, group, spec, level, part: bool = False, share_of_filled=False,
            offered_whole=False, in_state=False):
    """(metric, extra dimensions, the words it was read from), or (None, None, a reason)."""
    has = cues.__contains__
    g = group.value if group is not None else None

    def said(*classes):
        ws = [cues[c][0].text for c in classes if c in cues]
        return ", ".join(_q(w) for w in dict.fromkeys(ws))

    if f.unit in ("count", "number") and f.value is not None and f.value.denominator == 1 and 150 <= f.value <= 300 \
            and has("step2") and not re.match(r"\s+(?:who|that)\b", f._after):  # (not "the 249 who did not match had
        # a median Step 2 CK of 233")
        if has("average") and not has("median"):
            return None, None, "the data give Step 2 CK medians, not averages"
        # the outcome word nearest the figure ("255 matched vs 247 unmatched"); after it on a tie
        outs = [(c, "not_matched" if c == "unmatched" else "matched") for c in ("unmatched", "match_rate",
                                                                                 "matched_people") if has(c)]
        if not outs:
            return None, None, "Step 2 CK medians are given for matched and unmatched applicants; the text says neither"

        if getattr(f, "_pair_outcome", None) is not None:
            return "step2_median", {"outcome": f._pair_outcome}, said("step2", "median")
        label_before = getattr(f, "_label_before", False)

        def gap(c):  # the word just after the figure first ("248 for those who matched", "255 matched"), unless
            m = cues[c][0]  # the figure follows its label ("who matched = 248, unmatched = 242")
            if label_before and m.start >= f.ctx.start:  # (a label in its sentence, not the lead-in's word)
                return (0, f.start - m.end) if m.end <= f.start else (1, m.start - f.end)
            if 0 <= m.start - f.end <= 60 and COMPARED_AFTER_RE.search(f._after[:m.start - f.end]):
                return (2, m.start - f.end)  # "231, one point above those who matched": the compared group's word
            return ((0, m.start - f.end) if 0 <= m.start - f.end <= 30 else
                    (1, m.start - f.end if m.start >= f.end else f.start - m.end))

        c, value = min(outs, key=lambda o: gap(o[0]))
        outcome = Dim(value, f"{cues[c][1]}: {_q(cues[c][0].text)}")
        return "step2_median", {"outcome": outcome}, said("step2", "median")
    if f.unit in ("count", "number") and has("score") and f.value is not None and 100 <= f.value <= 300:
        return None, None, "a score, but not of Step 2 CK (the only score in the data)"

    if f.unit == "percent":
        whole = re.search(re.escape(f.stated) + r"\s+of\s+(?:all\s+|the\s+)+(?:PGY-?1\s+|first-year\s+)?(?:matches\b|(?:applicants|"
                          r"people|those|everyone)\s+(?:who\s+)?matched\b|matched\s+applicants)", f.sentence)
        imgs = list(re.finditer(r"\b(?:IMGs?|international\s+(?:medical\s+)?graduates)\b", f.sentence[:whole.start()])) if whole else []
        if imgs and g in ("img", "all_applicants", None) and not re.search(
                r"(?i)(?:citizen|non-U\.?S\.?|US)[\s-]*\Z", f.sentence[max(0, imgs[-1].start() - 20):imgs[-1].start()]):
            return "img_share_of_matched_pct", {}, _q(whole.group())  # "IMGs were 25.9% of all applicants matched"
        if has("preferred"):
            return "preferred_specialty_match_rate_pct", {}, said("preferred")
        if has("match_rate") and re.search(r"(?i)\bwho\s+match", cues["match_rate"][0].text):
            return "match_rate_pct", {}, said("match_rate")  # "the share of active applicants who matched"
        if has("fill_rate") and re.search(r"(?i)\bfill rate", cues["fill_rate"][0].text) and not (
                has("share") and abs(cues["share"][0].start - f.start) < abs(cues["fill_rate"][0].start - f.start)):
            # "the IMG share was 22.1% and the fill rate 82.3%": the nearest metric named is this figure's
            return "fill_pct", {}, said("fill_rate")
        if base == "people" and has("share"):  # "IMGs make up 25% of applicants"
            return None, None, "a share of applicants the data have no metric for"
        if base == "unmatched_people" or (has("unmatched") and not has("match_rate")):
            return None, None, "the share who did not match: no metric for it (the data give the match rate)"
        if base is None and has("share") and g == "img" and re.search(  # "IMGs' share of applicants matched: 25.9%"
                r"(?i)\bshare\s+of\s+(?:all\s+|the\s+)?(?:PGY-?1\s+|first-year\s+)?(?:matches\b|(?:applicants|people|those|"
                r"everyone)\s+(?:who\s+)?matched\b)", f.sentence + " " + getattr(f, "_labels", "")):
            return "img_share_of_matched_pct", {}, said("share", "match_rate")
        if base == "matched_people" or (base is None and has("matched_people") and has("share")):
            if spec is not None and g in IMG_GROUPS:
                return SHARE[g], {}, said("share", "matched_people")
            if g == "img":
                return "img_share_of_matched_pct", {}, said("share", "matched_people")
            return None, None, "a share of matched applicants the data have no metric for" + \
                (f" ({group.source})" if group else "")
        if re.search(r"(?i)\b(?:share|proportion|percentage)\s+of\s+(?:the\s+|all\s+)?filled\b", f.sentence) or \
                has("share_of_filled"):  # (a caption: "Share of filled PGY-1 positions by applicant type")
            share_of_filled = True  # "the share of filled positions" is someone's share of them, not the fill rate
        to_positions = base == "positions" or (base is None and (has("share") or has("filled") or has("fill_rate"))
                                               and (spec is not None or in_state or noun == "positions"))
        if to_positions:
            if g in IMG_GROUPS:
                return SHARE[g], {}, said("share", "filled")
            if g in (None, "all_applicants") and has("fill_rate") and not share_of_filled:
                return "fill_pct", {}, said("fill_rate")
            if g is None and share_of_filled:  # "took 40.3% of the first-year positions filled": whose share?
                return None, None, "unsure which group: a share of positions filled, and the text names no group"
            return None, None, ("a share of positions the data have no metric for" +
                                (f" ({group.source})" if group else " (no group named)"))
        if has("fill_rate") and "fill rate" in said("fill_rate").lower() and g is None:
            return "fill_pct", {}, said("fill_rate")
        if has("match_rate"):
            if has("unmatched"):
                return None, None, "the share who did not match: no metric for it (the data give the match rate)"
            if spec is not None:
                return None, None, ("the data give match rates by applicant type, not by specialty (by specialty: "
                                    f"fill rates and IMG shares; {spec.source})")
            if g == "img":
                return "img_match_rate_pct", {}, said("match_rate")
            return "match_rate_pct", {}, said("match_rate")
        if base == "people":
            return None, None, "a share of applicants the data have no metric for"
        return None, None, None

    if f.unit != "count" or f.value is None or f.value.denominator != 1:
        return None, None, None
    if has("preferred") and noun in ("people", "matches"):  # Charting Outcomes: non-U.S. IMGs by preferred specialty
        verbs = [c for c in ("unmatched", "match_rate", "matched_people") if has(c)]
        near = min(verbs, key=lambda c: abs(cues[c][0].start - f.end)) if verbs else None
        if near is None and getattr(f, "_header_verb", None):  # "| Matched to it |" over the cell
            col = "not_matched" if f._header_verb == "unmatched" else "matched"
            return f"preferred_specialty_{col}", {}, "the column header's verb"
        gap = cues[near][0].start - f.end if near is not None else None
        # the verb just after the figure, or after its own group ("5,964 non-U.S. IMGs did not match to ...")
        own = gap is not None and (abs(gap) <= 12 or 0 <= gap <= 40 and re.fullmatch(
            r"[\s\w.'\-]*", getattr(f, "_after", "")[:gap]) is not None and not re.search(r"\d", f._after[:gap])
            or getattr(f, "_shared_verb", False) and gap >= 0)  # "542 of 791 ... who preferred it matched"
        if own:
            col = "not_matched" if near == "unmatched" else "matched"
            return f"preferred_specialty_{col}", {}, said("preferred", near)
        if near is not None and gap >= 0:
            return None, None, ("unsure which metric: a count by preferred specialty, with a verb that may not be its "
                                f"own ({_q(cues[near][0].text)}): applicants, matched or not matched?")
        return "preferred_specialty_applicants", {}, said("preferred")
    if has("soap"):
        return ("unfilled_offered_in_soap", {}, said("soap")) if spec is None else \
            (None, None, "the data give SOAP positions nationally, not by specialty")
    if has("unfilled") and noun in ("positions", None):  # by specialty: the program results' (and by program type)
        if spec is not None and (in_state or level is not None and not re.search(  # (not "categorical positions")
                r"(?i)categorical|preliminary|advanced|reserved", level.source)):
            return None, None, ("the data give unfilled positions by specialty for all program types or by program "
                                f"type (program results), not by position level or state ({(level or spec).source})")
        return ("unfilled", {}, said("unfilled")) if spec is None else ("program_unfilled", {}, said("unfilled"))
    if noun == "other:programs":  # "Family medicine ... with 814 programs in the Match": the program results' count
        return ("program_count", {}, "'programs'") if spec is not None and not in_state and f.unit == "count" else (
            None, None, "no metric for counts of programs (but of a specialty's programs in the Match, nationally)")
    if noun == "positions":
        pgy1 = level is not None and level.value == "PGY-1"
        if level is not None and level.value != "PGY-1" and spec is None:
            return None, None, f"the data give national positions in total and PGY-1 only ({level.source})"
        near = None if offered_whole else \
            min((c for c in ("offered", "filled", "match_rate") if has(c)), default=None,
                key=lambda c: abs(cues[c][0].start - f.start))
        if near is None and not offered_whole and g in IMG_GROUPS and has("share") and TAKING_RE.fullmatch(
                cues["share"][0].text):  # "non-U.S.-citizen IMGs took 3,794 positions": the positions they filled
            near = "filled"
        if near in ("filled", "match_rate"):
            if spec is not None or in_state:
                if g in FILLED:  # "In Georgia, non-U.S.-citizen IMGs filled 158 PGY-1 positions"
                    return FILLED[g], {}, said("filled", "match_rate")
                if g in (None, "all_applicants"):
                    return "filled", {}, said("filled", "match_rate")
                return None, None, f"no metric for positions filled by this group by specialty ({group.source})"
            if g == "img":
                return "img_matched_pgy1", {}, said("filled", "match_rate")
            if g in AT and g != "all_applicants":
                return "matched_pgy1", {}, said("filled", "match_rate")
            return ("filled_pgy1" if pgy1 else "filled_total"), {}, said("filled", "match_rate")
        if g in IMG_GROUPS and not has("offered") and not offered_whole:  # "IMGs were in 5,015 positions"
            return None, None, f"unsure which metric: positions of {g} without a verb that says filled ({group.source})"
        if spec is not None:
            return "positions", {}, said("offered") or ("'of its ... positions'" if offered_whole else WEAK)
        return ("positions_pgy1" if pgy1 else "positions_total"), {}, said("offered") or (
            "'of the ... positions'" if offered_whole else WEAK)
    if noun in ("people", "matches") and has("took_part") and abs(cues["took_part"][0].start - f.end) <= 40:
        return None, None, "unsure which metric: people who 'took part' (registered, or certified a rank order list?)"
    if noun in ("people", "matches"):
        # the verb nearest the count says what it counts; in "A of the B who certified ... matched" the words
        # about B (registered, certified) are not A's
        def dist(cls):
            m = cues[cls][0]
            return (m.start - f.end) if m.start >= f.end else (f.start - m.end)

        verbs = [c for c in ("registered", "active", "unmatched", "match_rate", "filled", "matched_people")
                 if has(c) and not (part and c in ("registered", "active"))]
        verb = min(verbs, key=dist) if verbs else None
        kinds = {{"registered": "registered", "active": "active", "unmatched": "unmatched"}.get(c, "matched")
                 for c in verbs if f.end <= cues[c][0].start <= f.end + 40}
        after = [c for c in verbs if f.end <= cues[c][0].start <= f.end + 40]
        if len(kinds) > 1 and len(after) > 1:
            # "4,751 IMGs took part as active applicants": two verbs of different counts close to the figure; the
            # nearer one is a guess
            return None, None, (f"unsure which metric: {' or '.join(said(c) for c in after)} after the figure "
                                "say different counts")
        if verb == "registered":
            return "registered_applicants", {}, said("registered")
        if verb == "active":
            return "active_applicants", {}, said("active")
        if verb == "unmatched" and (spec is not None or in_state or g == "img"):
            return None, None, "no metric for the number who did not match (by specialty or state, or of all IMGs)"
        if verb == "unmatched":  # "4,655 did not match"
            return "unmatched_applicants", {}, said("unmatched")
        if verb is not None or noun == "matches":
            if spec is not None or in_state:  # "In Pennsylvania, 629 IMGs matched": positions filled there
                if g in FILLED:
                    return FILLED[g], {}, said("match_rate", "filled")
                if g in (None, "all_applicants"):
                    return "filled", {}, said("match_rate", "filled")
                return None, None, f"no metric for this group's matches by specialty ({group.source})"
            if g == "img":
                return "img_matched_pgy1", {}, said("match_rate", "filled", "matched_people")
            return "matched_pgy1", {}, said("match_rate", "filled", "matched_people") or "'matches'"
        if spec is not None:
            return None, None, "no metric for applicants by specialty"
        if g == "img":
            return None, None, "no metric for IMG applicants of both types together (only for those matched)"
        return ("registered_applicants" if g in (None, "all_applicants") else "active_applicants"), {}, WEAK
    return None, None, None


# national metrics of first-year (PGY-1) positions only
PGY1_ONLY = ("img_matched_pgy1", "matched_pgy1", "img_share_of_matched_pct")


OPTION_RE = re.compile(r"(?i)(?<![\w(])\(?[a-e]\)\s*\d")  # "(b) 40.3%": a quiz's answer option
SHARE_OF_OFFERED_RE = re.compile(r"(?i)(?:\s*%|\s+percent)?\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:[\w\-]+\s+){0,4}?"
                                 r"positions\s+(?:offered|available)\b")


RATE_WORD_RE = re.compile(r"(?i)\b(?<!fill )(?<!pass )(?<!fill-)rates?\b")


def rate_word(r, f: Figure, lo: int, hi: int):
    """(start, end) of the word "rate" in the figure's clause ("U.S. MD seniors' rate dipped to 93.5%") or, for a
    list item that is only a label and the figure, in its list's lead-in ("A few headline rates I quote:" over "- DO
    seniors at 92.3%"), else None."""
    m = RATE_WORD_RE.search(r.m, lo, hi)
    if m is None and f.ctx is not None and f.ctx.kind == "sentence" and r.doc.blocks[f.ctx.block].kind == "item" and \
            re.fullmatch(r"[\W_]*[^\d:;]{0,40}?(?:(?:19|20)\d\d)?\s*(?::|\bat)?\s*", r.m[f.ctx.start:f.start]):
        m = next((x for lab, a, b in f.ctx.extra if lab == "list lead-in" for x in RATE_WORD_RE.finditer(r.m, a, b)), None)
    label = RATE_LABEL_RE.match(r.m, f.ctx.start, f.start) if m is None and f.ctx is not None else None
    if label is not None and not r.find("cue:fill_rate", *label.span()):  # "Rates by group: U.S. MD seniors 93.5%, DO
        rest = list(r.m[label.end():f.start])  # seniors 92.3%": a label of rates over a list of groups and figures only
        for x in r.find("group", label.end(), f.start) + [g for g in r.figures if label.end() <= g.start < f.start]:
            rest[x.start - label.end():x.end - label.end()] = " " * (x.end - x.start)
        m = RATE_WORD_RE.search(r.m, *label.span()) if re.fullmatch(r"[\s,]*", "".join(rest)) else None
    return (m.start(), m.end()) if m else None


RATE_LABEL_RE = re.compile(r"(?i)[\W_]*[^\d:;.]{0,30}?\brates?\b[^\d:;.]{0,30}:")


DREW_RE = re.compile(r"(?i)\b(?:draws?|drew|drawing|attract(?:s|ed|ing)?|pull(?:s|ed)\s+in)\s+(?:a\s+record\s+|more\s+than\s+|"
                     r"nearly\s+|about\s+|some\s+|almost\s+)?\Z")


def reading_guards(r, f: Figure, metric: str, group, dims: dict) -> None:
    """A figure whose text counts every position level ("Counting PGY-2 and physician positions as well, IMGs filled
    10,095") is not a metric the data give for first-year positions only ("9,800 IMGs in all" counts people); a
    group's figure whose group comes from a list's lead-in that names several ("IMGs took 25.9% ..., and non-U.S.-
    citizen IMGs alone held 17.7%. In some specialties the share is far higher:" over "- Neurology: 29.1%") is unsure;
    so are a figure right after a state's possessive the reading does not take ("below Michigan's 31.5%"), a made-up
    example, a table cell whose column names no group, or no place, beside columns that do, "the state's" with no
    state the reading can name, and a quoted claim with no year ('Claim: "Only 50% ..."'); a subset ("applicants with
    a reported score") has no metric."""
    in_all = IN_ALL_AFTER_RE.match(r.m, f.end, f.ctx.end)  # "9,800 IMGs in all": a total; "10,095 positions across all levels"
    if getattr(f, "all_levels", False) and metric in PGY1_ONLY and not (in_all and "level" not in in_all.group()):
        raise Skip(f"the text counts all position levels; the data give {metric} for first-year positions only")
    the = THE_STATE_RE.search(r.m, *r._clause(f, f.ctx)) if f.ctx.kind == "sentence" else None
    if the and "state" not in dims and ("state" in METRICS[metric].dims or metric in STATE_METRICS) and \
            not title_state(r, f) and not NATIONAL_BEFORE.search(r.m, max(f.ctx.start, f.start - 60), f.start):
        raise Skip(f"unsure which state: the text says {_q(the.group().strip())}, and the reading names none")
    quote = _quoted(r, f)
    if quote and (CLAIM_BEFORE_RE.search(r.m, f.ctx.start, quote[0]) or CLAIM_AFTER_RE.match(r.m, quote[1])) and \
            not any(y.value is not None for y in r.years_in(f.ctx.start, f.ctx.end)):
        # 'Claim: "Only 50% of international graduates match."': someone's words, with no year of their own
        raise Skip(f"unsure which year: a quotation that names none ({_q(r.m[quote[0]:quote[1]])})")
    if re.search(r"(?i)(?<![\w(])\(?[a-e]\)\s*\Z", r.m[max(f.ctx.start, f.start - 8):f.start]) and \
            len(OPTION_RE.findall(r.m, f.ctx.start, f.ctx.end)) >= 2:
        raise Skip("an answer option of a quiz, not a claim")  # "(a) 30.5% (b) 40.3% (c) 38.7%"
    offered = SHARE_OF_OFFERED_RE.match(r.m, f.end)
    if offered and metric in SHARE.values():  # "IMGs filled 40.3% of internal medicine positions offered"
        raise Skip(f"a share of the positions offered ({_q(offered.group().strip())}): the data give shares of the "
                   f"positions filled")
    median = re.search(r"(?i)\b(?:median|mean|average)\b[^.;:\d]{0,24}:?\s*\Z", r.m[f.ctx.start:f.start])
    if median and not METRICS[metric].percent and metric not in ("step2_median", "avg_rol_length"):
        raise Skip(f"a {median.group().split()[0].lower()} of something the text does not name, not a count "
                   f"({_q(median.group().strip())})")  # "Median of matched: 252"
    own = f.unit != "percent" and re.search(r"(?i)\b(?:my|your|his|her)\s+\Z", r.m[max(f.ctx.start, f.start - 6):f.start])
    if own:  # "so your 246 sits between the two": a person's own figure
        raise Skip(f"a person's own figure ({_q(own.group().strip() + ' ' + f.stated)}), not the data's")
    drew = DREW_RE.search(r.m, max(f.ctx.start, f.start - 40), f.start)
    if drew and metric in ("matched_pgy1", "img_matched_pgy1"):  # "2025 Match Day draws 47,208 applicants"
        raise Skip(f"unsure which metric: applicants the Match {_q(drew.group().split()[0])} (registered or certified "
                   "a rank order list?), not those who matched")
    subset = SUBSET_AFTER_RE.match(r.m, f.end)
    if subset:  # "the 2,649 matched applicants with a reported score": some of them
        raise Skip(f"a count of those {_q(subset.group().strip())}: no metric for it")
    u = f.ctx
    lo_c = r._clause(f, u)[0] if u.kind == "sentence" else f.start
    clause = [x for x in r.find("state_name", lo_c, f.start) if re.match(r"['\u2019]s\b", r.m[x.end:x.end + 2])
              and not any(g.kind == STATISTIC and x.end <= g.start < f.start for g in r.unit_figures(f))]
    if clause and dims.get("state") is not None and dims["state"].value != clause[-1].value and \
            dims["state"].value not in {x.value for x in r.find("state_name", lo_c, u.end)}:
        # "Across the state line in Michigan, IMGs took 52.3% ..., and Pennsylvania's internal medicine programs
        # filled 97.2%": the clause's own state, not the sentence's
        raise Skip(f"unsure which state: its clause names {_q(clause[-1].text)}, the reading {dims['state'].value}")
    owner = [x for x in r.find("state_name", max(u.start, f.start - 30), f.start)
             if re.fullmatch(r"['\u2019]s\s+", r.m[x.end:f.start])]
    if owner and (dims.get("state") is None or dims["state"].value != owner[-1].value):
        # "23.6% of the total, below Michigan's 31.5% and Pennsylvania's 26.5%": the figure is the state's it follows
        raise Skip(f"unsure which state: the figure follows {_q(owner[-1].text + chr(39) + 's')}, a state the reading "
                   f"does not take")
    made_up = HYPOTHETICAL_RE.search(r.m, u.start, u.end) if u.kind == "sentence" else None
    if made_up:  # "A made-up case shows the arithmetic: a program that filled 18 of its 20 positions ... 90%"
        raise Skip(f"a hypothetical example ({_q(made_up.group())}), not the data's figure")
    if u.kind == "cell" and (metric in GROUP_METRICS or "applicant_type" in METRICS[metric].dims) and not any(
            r.find("group", a, b) for label, a, b in u.extra if label in ("column header", "row", "row header")):
        b = r.doc.blocks[u.block]  # "| Non-U.S.-citizen IMGs matched | Match rate | U.S.-citizen IMGs matched | Match
        heads = {x.value for row in b.rows[:b.header_rows if b.header else 0] for a, z in row  # rate |": whose rate?
                 for x in r.find("group", a, z)}
        own = next(((a, z) for label, a, z in u.extra if label == "column header"), (u.start, u.start))
        named = re.search(r"[A-Za-z]{3}", re.sub(r"(?i)\b(?:19|20)\d\d\b|\bPGY-?\d\b", "", r.m[own[0]:own[1]])) and not (
            r.find("noun", *own) or any(r.find(f"cue:{c}", *own) for c in r.v.raw["cues"]) or  # a name, not a measure
            re.search(r"(?i)\b(?:rate|share|percent|median|mean|average|total|number|count)\b|%", r.m[own[0]:own[1]]))
        if len(heads) > 1 or heads and named:
            # "| | Lakeshore, 2025 | U.S. MD seniors, 2025 |": a column named for something else than the group beside it
            raise Skip(f"unsure which group: its column and row name none, and the table's other columns name "
                       f"{'several' if len(heads) > 1 else 'one'} ({', '.join(sorted(heads))})")
    def place(a, z) -> bool:
        return bool(r.find("state_name", a, z) or NATIONAL_RE.search(r.m[a:z]))

    col = next(((a, b) for label, a, b in u.extra if label == "column header"), None) if u.kind == "cell" else None
    if col is not None and not any(place(a, z) for _, a, z in u.extra):
        b = r.doc.blocks[u.block]  # "| Measure | Piedmont Valley | Georgia | National |": a column that names no place
        heads = [(a, z) for row in b.rows[:b.header_rows if b.header else 0] for a, z in row if (a, z) != col]
        if sum(place(a, z) for a, z in heads) >= 2:
            raise Skip(f"unsure whose figure: its column ({_q(r.m[col[0]:col[1]].strip())}) names no place, and the "
                       f"table's other columns name places")
    if group is not None and group.value == "all_applicants" and group.source.startswith("earlier sentence") and \
            u.kind == "sentence" and u.index > 0 and (metric in GROUP_METRICS or "applicant_type" in METRICS[metric].dims):
        prev = r.block_units[u.block][u.index - 1]  # "9,761 IMGs ... matched, 25.1% of all applicants who matched ...
        named = {x.value for x in r.find("group", prev.start, prev.end)}  # Their combined match rate was 60.8%": whose?
        if len(named) > 1:
            raise Skip(f"unsure which group: the sentence before names several ({', '.join(sorted(named))})")
    several = getattr(f, "_lead_groups", ())
    if group is not None and group.source.startswith("list lead-in") and len(several) > 1 and (
            metric in GROUP_METRICS or "applicant_type" in METRICS[metric].dims):
        raise Skip(f"unsure which group: the list's lead-in names several ({', '.join(sorted(several))})")


# words that introduce a quotation as a claim someone makes: 'Claim: "..."', 'Myth: "..."', 'people say "..."'
CLAIM_BEFORE_RE = re.compile(r"(?i)\b(?:claims?|myths?|rumou?rs?|the\s+(?:post|tweet|thread)|(?:they|people|some)\s+say|"
                             r"you(?:'ll|\s+will)?\s+hear|heard)\b[^\"\u201c]*\Z")


CLAIM_AFTER_RE = re.compile(r"(?i)[\s*_]*[\u2014\u2013\-:,]?\s*(?:an?\s+|the\s+|one\s+)?(?:[\w\-]+\s+)?(?:post|tweet|claim|myth|rumou?r)\b")


def _quoted(r, f: Figure):
    """The span of the quotation marks the figure stands in, within its sentence or cell, else None."""
    u = f.ctx
    before, after = r.m[u.start:f.start], r.m[f.end:u.end]
    if before.count('"') % 2 == 1 and '"' in after:
        return u.start + before.rindex('"'), f.end + after.index('"') + 1
    a, z = before.rfind("\u201c"), after.find("\u201d")
    if a >= 0 and "\u201d" not in before[a:] and z >= 0 and "\u201c" not in after[:z]:
        return u.start + a, f.end + z + 1
    return None


# national metrics a state has its own figure for (metric, level): "Programs in Pennsylvania offered 2,654 positions"
# reads the state's; without a state, "the state's" would make them national
STATE_METRICS = {"positions_total": ("positions", None), "positions_pgy1": ("positions", "PGY-1"),
                 "filled_total": ("filled", None), "filled_pgy1": ("filled", "PGY-1"),
                 "img_matched_pgy1": ("img_filled", None), "img_share_of_matched_pct": ("img_share_pct", "PGY-1")}
SUBSET_AFTER_RE = re.compile(r"(?i)\s+(?:[\w\-.]+\s+){0,3}?with\s+(?:a|an)\s+(?:reported\s+|valid\s+|known\s+|recorded\s+)?"
                             r"(?:USMLE\s+)?(?:Step\s+2(?:\s+CK)?\s+)?score\b")


NATIONAL_RE = re.compile(r"(?i)\b(?:national(?:ly)?|nationwide|U\.S\.\s+total|all\s+states|the\s+country)\s*$|"
                         r"^\s*(?:national|nationwide|all\s+states)\b|(?:^|,)\s*(?:U\.?S\.?|United\s+States)\s*$")


TAKING_RE = re.compile(r"(?i)took|held|occupied|claimed|won|captured")

# metrics whose name says the group: IMGs' shares and counts
GROUP_METRICS = {*SHARE.values(), *FILLED.values(), "img_matched_pgy1", "img_match_rate_pct", "img_share_of_matched_pct"}


BY_TYPE = {"positions": "program_type_positions", "filled": "program_type_filled", "fill_pct": "program_type_fill_pct",
           "program_positions": "program_type_positions", "program_filled": "program_type_filled",
           "program_fill_pct": "program_type_fill_pct", "program_unfilled": "program_type_unfilled",
           "program_count": "program_type_count"}


WHOLE_OF_PART_RE = re.compile(r"(?i)\b(?:almost\s+all|nearly\s+all|most|many|half|some)\s+of\s+(?:the|its|their)\s+\Z")


def _program_type(r, f: Figure, windows: list, metric: str, dims: dict):
    """"56.4% of preliminary surgery positions filled", "categorical internal medicine programs offered 11,347
    positions": a program type named with a specialty figure reads the program results by program type."""
    wins = windows[:2] + [w for w in windows[2:] if not w[0].startswith("earlier")]
    lo, hi = r._clause(f, f.ctx)
    every = EVERY_TYPE_RE.search(r.m, f.ctx.start, hi)  # "counting every program type the specialty filled 98.4%",
    if every and (every.start() >= lo or not any(  # "Counting every program type, surgery filled 82.3%"
            g is not f and g.kind == STATISTIC and every.end() <= g.start < f.start for g in r.unit_figures(f))):
        return metric, dims
    whole = WHOLE_OF_PART_RE.search(r.m, max(0, f.start - 30), f.start)

    def aside(x):  # ("Almost all of the 525 surgery positions left unfilled were preliminary": a part of them)
        return ASIDE_TYPE_RE.search(r.m, max(0, x.start - 40), x.start) or whole and x.start > f.end
    t = _first(r, "program_type", wins, f, pred=lambda x: not aside(x)) or header_dim(r, f, "program_type")
    carried = None
    if metric == "program_unfilled" and (t is None or _all_types(r, wins)):  # unfilled positions are mostly
        carried = _type_with_specialty(r, windows, dims.get("specialty_id"))  # written of one program type
        blk = r.doc.blocks[f.ctx.block]
        if carried is None and r.find("program_type", blk.start, blk.end):
            raise Skip("unsure which program type: unfilled positions of a specialty, and the paragraph names a "
                       "program type")
    t = carried or t
    if t is None or carried is None and _all_types(r, wins):
        return metric, dims
    types = [x for x in r.find("program_type", lo, hi) if not aside(x)]
    if len({x.value for x in types}) > 1:  # "Preliminary surgery, one-year positions for residents who have not
        # secured a categorical spot, filled only 673": the type that names the specialty with it is the figure's
        named = {x.value for x in types for s in r.find("specialty", lo, hi)
                 if re.fullmatch(r"[\s,]{0,2}", r.m[x.end:s.start]) or re.fullmatch(r"[\s,]{0,2}", r.m[s.end:x.start])}
        if len(named) != 1:
            raise Skip(f"unsure which program type: the sentence names several "
                       f"({', '.join(sorted({x.value for x in types}))})")
        if named != {t.value}:
            t = Dim(named.pop(), "sentence: the program type named with the specialty")
    new = BY_TYPE.get(metric)
    if new is None:
        raise Skip(f"the data give no {METRICS[metric].description.split(',')[0].split(' (')[0]} by program type "
                   f"({t.source})")
    if "state" in dims:
        raise Skip(f"the data give figures by program type nationally, not by state ({t.source})")
    dims = {k: v for k, v in dims.items() if k in METRICS[new].dims}
    dims["program_type"] = t
    return new, dims


def _type_with_specialty(r, windows: list, spec):
    """The program type named with the specialty the figure takes from an earlier sentence ("Preliminary surgery is
    the opposite story. It left 521 positions unfilled in 2025"), else None."""
    if spec is None or not spec.source.startswith("earlier"):
        return None
    for label, a, b in windows:
        if not label.startswith("earlier"):
            continue
        specs = [s for s in r.find("specialty", a, b) if s.value == spec.value]
        named = {x.value for x in r.find("program_type", a, b) for s in specs
                 if re.fullmatch(r"[\s,]{0,2}", r.m[x.end:s.start]) or re.fullmatch(r"[\s,]{0,2}", r.m[s.end:x.start])}
        if specs:
            return Dim(named.pop(), f"{label.split(':')[0]}: the program type named with the specialty") \
                if len(named) == 1 else None
    return None


CALCULATION_AFTER_RE = re.compile(r"(?i)\s*(?:%|percent)?\s+(?:minus|plus|times|divided\s+by|multiplied\s+by)\s+\d")
CALCULATION_BEFORE_RE = re.compile(r"(?i)\d\s*(?:%|percent)?\s+(?:minus|plus|times|divided\s+by|multiplied\s+by)\s+\Z")
LOCAL_OPENING_RE = re.compile(r"(?i)\W*(?:across|at|among|in|for|within)\s+(?:our|my)\b")


def topic_reason(r, f: Figure, lo: int, hi: int) -> str:
    """Why a figure is not one the data can judge, else "": the words around it name a topic of the vocabulary's
    ``not_checked``; it restates a local figure of the sentence before ("Of our 142 students, 139 matched. That is
    97.9 percent"); it refers back to the same figure stated before ("The 49.0% is about ..."); it is a part of
    those who did not match ("8,703 ... who did not match — 4,655 of them"); it is a term of the text's own
    calculation ("4,587 minus 3,108"); or its sentence opens with a local scene ("Across our 64 member institutions
    the 2025 match rate ... was 71.4%")."""
    u = f.ctx
    of = re.match(r"\s*(?:of|among|in)\s+", r.m[f.end:hi])
    a, b = max(lo, f.start - 45), min(hi, f.end + (70 if of else 40))
    hits = [h for h in r.find("topic", a, b) if not QUALIFIER_AFTER_RE.match(r.m, h.end)
            and not QUALIFIER_BEFORE_RE.search(r.m, max(0, h.start - 30), h.start)]
    if hits:
        return r.v.topics[hits[0].value] + f" ({_q(hits[0].text)})"
    if u.kind == "sentence" and u.index > 0 and THAT_IS_RE.match(r.m, u.start, f.start + 1) and \
            re.fullmatch(r"(?i)\W*(?:that|this|which|it)(?:['\u2019]s|\s+is|\s+was|\s+works\s+out\s+to|\s+comes\s+to)"
                         r"\s+(?:about\s+|roughly\s+|nearly\s+)?", r.m[u.start:f.start]):
        before = r.block_units[u.block][u.index - 1]
        local = [h for h in r.find("topic", before.start, before.end) if "local" in r.v.topics[h.value]]
        if local:  # the figure of the sentence before, here a local one
            return f"{r.v.topics[local[0].value]} ({_q(local[0].text)}, the sentence before)"
    if re.search(r"(?i)\bthe\s+\Z", r.m[max(u.start, f.start - 5):f.start]) and \
            re.match(r"\s+(?:figure\s+|number\s+|rate\s+)?(?:is|was|refers|means|measures)\b", r.m[f.end:f.end + 20]) and \
            any(g.stated == f.stated and g.start < f.start for g in r.figures):
        # "... That's 49.0%. ... The 49.0% is about getting the specialty you wanted.": the figure stated before
        return f"a reference back to the {f.stated} stated before, not a figure of its own"
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start]
    if prev and prev[-1].metric is None and prev[-1].reason and \
            re.match(r"\s+of\s+(?:them|those|these)\b", r.m[f.end:f.end + 16]) and \
            re.search(r"(?i)\b(?:did\s+not|didn't|not|un)\s*match", r.m[prev[-1].end:f.start]):
        # "8,703 applicants who did not match in 2025 — 4,655 of them non-U.S.-citizen IMGs": a part of the unmatched
        return f"a part of {prev[-1].stated}, who did not match: no metric for them"
    calc = CALCULATION_AFTER_RE.match(r.m, f.end) or CALCULATION_BEFORE_RE.search(r.m, max(u.start, f.start - 16),
                                                                                 f.start)
    if calc:  # "4,587 minus 3,108 leaves 1,479 who did not": the figures of the text's own arithmetic
        return f"a figure of the text's own calculation ({_q(calc.group().strip())})"
    local = [h for h in r.find("topic", u.start, min(f.start, u.start + 60)) if "local" in r.v.topics[h.value]]
    if local and LOCAL_OPENING_RE.match(r.m, u.start, f.start):
        return f"{r.v.topics[local[0].value]} ({_q(local[0].text)}, where the sentence opens)"
    return ""
