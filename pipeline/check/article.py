"""Reading the figures of an article (`matchstats check ARTICLE`): rules, not models.

Every number in the text (``pipeline.check.document``) becomes a :class:`Figure`
(``pipeline.check.article_numbers`` finds the numbers, their kind and their context). The rules below decide
what it is and, for a statistic the data can check, the claim it makes: a metric of the registry
(``pipeline.check.registry.METRICS``), its dimensions and the stated value with its precision (parsed as in
claims files: ``claims.parse_stated`` / ``Stated``). The words the rules look for are data, in
``vocabulary.yml`` beside this module; the specialties are the crosswalk's names and labels
(``pipeline.ingest.specialties``) plus the vocabulary's aliases.

1. **What a number is.** Phone numbers, dates, times, and numbers that are part of a name (PGY-1, Step 2,
   COVID-19, H-1B, Table 3, ordinals) are listed and not read further. A four-digit number 1950-2099 without
   a comma, a percent sign or a unit is a year ("2,024 applicants" is a count). Two numbers joined by "to",
   "-" or "and" are a range ("18 to 36 months"), except "from A to B" beside a verb of change. A number with a
   currency sign is money; with "percentage points", "increase" or after "rose"/"by" it is a change.
2. **Context.** Each number belongs to a sentence (or a table cell, read with its column header, its row's
   first cell and the table's caption) and, within it, to a clause (split at ";", ":", dashes and ", and",
   ", while", ", compared with" ...). A dimension is taken from the clause, else the sentence, else the wider
   context named below; the nearest mention wins.
3. **Year.** The sentence's year nearest the number; else the nearest earlier year mention in the same
   paragraph (a sentence "In 2024 alone, ..." gives its year to the next one), then in earlier paragraphs
   under the same heading, then the headings above. A sentence that only names a span of years is ambiguous
   (not checked). No year anywhere: the latest year the data give for the claim (said so).
4. **Applicant type** from the group phrases (``groups``): the group in "X% of <group>" or "N <group>"
   first, else the nearest in the clause and sentence; a sentence that refers back ("it", "they", "the
   rate") takes the previous sentence's group. None named: all applicants (the metric's default, said so).
   Populations the data do not describe ("U.S. seniors", Step 2 CK of anyone but non-U.S. IMGs) are not
   checked.
5. **Specialty, position level, state** from the crosswalk and the vocabulary; a specialty also from the
   nearest section heading (not the title) for per-specialty metrics.
6. **Metric** from the unit (percent, count, score), what the number counts (the noun after it or the
   "of ..." phrase) and the clause's cue words (``cues``): match rate, share of positions filled, share of
   matched applicants, fill rate, positions offered / filled / unfilled / in SOAP, registered, active or
   matched applicants, IMGs matched, Step 2 CK median, preferred-specialty match rate. "A out of B (C%)"
   reads B as A's whole (``wholes``) and C as the share A/B (``ratios``).
7. **Not checked**, with the reason: a topic without a metric (``not_checked``: practicing physicians,
   ECFMG, visas, ...), advice or a hypothesis ("aim for 250", "255+", "might"), a change, a duration, a
   count of something else (programs, interviews), a percentage or count no rule reads. A bound ("more than
   9,000", "nearly 60%") is listed with the data's value but not judged; so is a rounded approximate figure
   ("about 9,000"), with whether it is consistent at the precision as written (trailing zeros are rounding).

A reading that is not sure is not checked: no rule guesses a metric or a group it cannot see in the text; a
rule that cannot see what it needs raises :class:`Skip`: the figure is "not checked", with the reason.
**Certainty before any verdict** (issue 25, ``pipeline.check.article_certainty``): every dimension that decides
the value comes from the text, never a default; otherwise :class:`Unsure` ("not checked: unsure which group",
with what the figure equals under the plausible readings). Where each dimension comes from is
``pipeline.check.article_context``, the year ``pipeline.check.article_years`` and the state
``pipeline.check.article_places``; the metric a figure's words name, ``pipeline.check.article_metric``; figures that
repeat another's reading, ``pipeline.check.article_series`` and (pairs) ``pipeline.check.article_pairs``.
"""

from __future__ import annotations

import re

from pipeline.check.article_nouns import caption_noun, lead_in_noun, noun_of, of_phrase, went_to
from pipeline.check.article_tables import header_dim, preferred_cue, table_cues, unread_row
from pipeline.check.article_numbers import (AT, COMPARED_RE, IMG_GROUPS, SHARE, STATISTIC, Dim, Figure,
                                            Reader, quote as _q)
from pipeline.check.article_certainty import ALL_GROUPS, GROUP_LABELS, Skip, Unsure, reason as _unsure_reason
from pipeline.check.article_alternatives import alternatives
from pipeline.check.article_context import (GENERIC, OF_THEM_RE, OWN_CUES, POSITIONS_HEADER_RE, TO_SPECIALTY, matching_text, whole_of_parts, paragraph_group,  # noqa: F401, E501
                                             _all_types, _anothers_word, _first, _offered_column, _unsure_positions, doubt, _generic_all, _groups_together, counted_together,
                                             _in_other_figures_clause, _owned, said_nationwide, _windows)
from pipeline.check.article_sections import (_section_group, _section_specialty, all_specialties_paragraph,
                                              charting_reading, report_group, scope_group, scope_report, section_report)
from pipeline.check.article_years import _year
from pipeline.check.article_triples import rate_of_counts, rate_triple
from pipeline.check.article_metric import (rate_word, step2_named_before, GROUP_METRICS, STATE_METRICS, WEAK, _metric, _program_type, topic_reason, next_figures_cues, reading_guards)  # noqa: E501
from pipeline.check.article_pairs import back_pair, subject_pair, those_numbers
from pipeline.check.article_series import (_arrow_side, _elliptic, _other_place, _item_series, _other_side, _precision, _to_side, _year_series, citizen_subgroups, compared_pairs)  # noqa: E501
from pipeline.check.article_patterns import (ALL_SPECIALTIES_RE, OF_ALL_POSITIONS_RE, BARE_VERB_RE, GENERAL_RE,
                                             IT_RE, MAIN_MATCH_RE, NUMBERED_RE, OWN_VERB_RE, REPORTED_RE,
                                             SHARE_OF_FILLED_RE, THE_SPECIALTY_RE, WHOLE_AFTER_RE, NATIONAL_AFTER_RE,
                                             POSITIONS_LABEL_RE)
from pipeline.check.article_places import (NATIONAL_BEFORE, _label_state, _programs_state, _sentence_state, _table_state,
                                            _title_state, column_place, item_label_state, state_of_possessive, state_right_before, there_state, narrower, national_own, place_readings, title_state)
from pipeline.check.article_levels import parts_level_before, all_levels_window, in_all_levels
from pipeline.check.article_rol import rol_length
from pipeline.check.article_wholes import group_part, level_part, _part_of_share, _ratio, _sample_size, _whole_metric, _whole_of
from pipeline.check.registry import METRICS


def interpret(r, f: Figure) -> None:
    try:
        _interpret(r, f)
        if f.metric:
            doubt(r, f)
            f.alternatives = alternatives(r, f)
            place_readings(r, f)
    except Skip as exc:
        if isinstance(exc, Unsure) and f.role != "bound":
            f.unsure = exc
        f.metric, f.dims, f.role = None, {}, ""
        f.reason = str(exc)


# ---------------------------------------------------------------- the reading

def _interpret(r, f: Figure) -> None:
    u = f.ctx
    lo, hi = r._clause(f, u)
    if re.search(r":\s*\Z", r.m[u.start:lo]) and not [g for g in r.unit_figures(f) if u.start <= g.start < lo
                                                     and g.kind == STATISTIC] and (  # (a year in a label is no figure)
            len(r.m[u.start:lo].split()) <= 6 or not [y for y in r.years_in(u.start, lo) if y.value is not None]):
        lo = u.start  # "SOAP: 2,575 positions offered": the label before the colon is part of the figure's clause
    windows = _windows(r, f, lo, hi)
    near = windows[:2]
    if f.unit == "percent" and f.value is not None and f.value > 100:
        raise Skip("a percentage over 100")
    topic = topic_reason(r, f, lo, hi)
    if topic:
        raise Skip(topic)
    if re.search(r"(?i)\b(?:(?:our|my)\s+(?:own\s+)?|(?:mine|ours)(?:\s+is|\s+was|['\u2019]s)\s+(?:only\s+|just\s+)?)\Z",
                 r.m[max(u.start, f.start - 16):f.start]):  # "my 248", "mine is 248"
        raise Skip(f"the text's own figure ({_q(r.words(f.start, f.end, 2, u.start, u.end))}), not the data's")
    quoted = REPORTED_RE.search(r.m, u.start, u.end) if u.kind == "sentence" else None
    if quoted:  # "The article reported that family medicine filled 85.0% ...": another text's claim, quoted
        raise Skip(f"a figure the text quotes from another ({_q(quoted.group())}), not one it states")
    change = _change(r, f, lo, hi)
    if change:
        raise Skip(f"a change, not a level ({_q(change)})")
    if those_numbers(r, f) or subject_pair(r, f) or back_pair(r, f) or rol_length(r, f, lo, hi) or \
            _other_side(r, f, lo, hi) or _other_place(r, f, lo, hi) or _to_side(r, f, lo) or _arrow_side(r, f, lo) or _elliptic(r, f, lo, hi) or _total(r, f) or \
            _year_series(r, f, lo) or _item_series(r, f) or rate_triple(r, f) or level_part(r, f) or rate_of_counts(r, f) or group_part(r, f):
        return
    habit = GENERAL_RE.search(r.m, lo, hi)
    if habit and not (u.kind == "cell" or _year_in(r, lo, hi)):
        raise Skip(f"a general statement ({_q(habit.group())}), not one year's figure")
    adv = r.find("advice", max(lo, f.start - 70), f.start) or r.find("advice_after", f.end, min(hi, f.end + 25))
    if adv:
        raise Skip(f"advice or a hypothesis, not a statistic ({_q(adv[0].text)})")
    if f.role == "or more" and (r.find("cue:score", u.start, u.end) or r.find("cue:step2", u.start, u.end)):
        raise Skip(f"advice, not a statistic: a score threshold ({_q(f.stated)})")
    noun, noun_m = noun_of(r, f, hi)
    f._labels = " ".join(r.m[a:b] for lab, a, b in u.extra if lab in ("row", "column header")) if u.kind == "cell" else ""
    if noun is None and u.kind == "cell":  # a table cell counts what its column header (or row) names
        for label, a, b in sorted(u.extra, key=lambda w: w[0] != "column header"):
            label = "column header" if label == "row" else label
            hits = [m for m in r.find("noun", a, b) if m.value != "matches"] + r.find("group", a, b)
            if label == "column header" and hits:
                noun_m = min(hits, key=lambda m: m.start)
                noun = noun_m.value if noun_m in r.find("noun", a, b) else "people"
                break
            if label == "column header" and (r.find("cue:step2", a, b) or r.find("cue:score", a, b)):
                break  # "| Median Step 2 CK, matched |": its cells are scores, not people
            if label == "column header":  # "| Matched to it |": the verb of every cell of the column
                f._header_verb = next((c for c in ("unmatched", "match_rate", "matched_people") if r.find(f"cue:{c}", a, b)),
                                      None)
            if label == "column header" and (r.find("cue:matched_people", a, b) or r.find("cue:match_rate", a, b)) \
                    and f.unit == "count":
                noun = "people"  # "Matched to PGY-1": people who matched
                break
            if label == "column header" and f.unit == "count" and \
                    POSITIONS_LABEL_RE.fullmatch(r.m[a:b]):
                noun = "positions"  # "| Filled |": positions filled
                break
    if noun is None:  # "| California |" under "Table 2. Positions offered, 2025"; "- 2025: 40,041" under a lead-in
        noun, noun_m = (caption_noun(r, f) if u.kind == "cell" else lead_in_noun(r, f)) or (None, noun_m)
    label = re.search(r"([^:;.]{3,60}):\s*\Z", r.m[u.start:f.start]) if noun is None else None
    if label is not None:  # "Positions offered: 43,237": the label before the colon names what it counts
        a = u.start + label.start(1)
        hits = sorted([m for m in r.find("noun", a, f.start) if m.value not in ("matches", "duration")]
                      + r.find("group", a, f.start), key=lambda m: m.start)  # "Transitional year: 86.9%"
        if hits:
            noun_m = hits[0]
            noun = noun_m.value if noun_m in r.find("noun", a, f.start) else "people"
        elif f.unit == "count" and (r.find("cue:matched_people", a, f.start) or r.find("cue:match_rate", a, f.start)):
            noun = "people"
        elif f.unit == "count" and POSITIONS_LABEL_RE.fullmatch(label.group(1)):
            noun = "positions"  # "Filled: 40,764 overall"
    numbered = NUMBERED_RE.search(r.m[lo:f.start]) if noun is None else None
    if numbered is not None:  # "Applicants to the 2024 Match numbered 50,413": the clause's subject is what it counts
        a, b = lo, numbered.start() + lo  # ("Registration for the Match rose from 44,603": registered applicants)
        hits = sorted([m for m in r.find("noun", a, b) if m.value in ("people", "positions")]
                      + r.find("group", a, b) + r.find("cue:registered", a, b) + r.find("cue:active", a, b),
                      key=lambda m: m.start)
        if hits:
            noun_m = hits[0]
            noun = noun_m.value if noun_m in r.find("noun", a, b) else "people"
    f._counts_positions = noun == "positions" and noun_m is not None and noun_m.start >= f.end
    f._label_before = bool(re.search(r"[=:]\s*\Z", r.m[u.start:f.start]))  # "who matched = 248"
    f._after = r.m[f.end:min(u.end, f.end + 60)]  # the words just after the figure, in its unit
    if noun == "duration":
        raise Skip(f"a duration ({_q(r.words(f.start, noun_m.end, 0))}): no metric for it")
    if noun and noun.startswith("other:") and noun != "other:programs":
        raise Skip(f"no metric for counts of {noun[6:]} ({_q(r.words(f.start, noun_m.end, 0))})")
    base, base_group = of_phrase(r, f, hi) if f.unit == "percent" else (None, None)

    whole = _whole_of(r, f, lo)
    own_group = None
    if whole is None:
        if noun_m is not None and noun == "people" and noun_m in r.find("group", noun_m.start, noun_m.end) \
                and noun_m.start >= f.end:
            own_group = Dim(noun_m.value, f"sentence: {_q(r.m[f.start:noun_m.end])}")
        own_group = own_group or base_group or _groups_together(r, f, lo) or counted_together(r, f, lo) or \
            went_to(r, f, hi)  # "the two groups
        # together", "229 of the 507 ... positions there went to non-US IMGs"
        if own_group is None and base in ("matched_people", "positions"):
            # "IMGs made up 26.9% of all applicants who matched": the "of ..." names the whole; the subject before
            # the figure is whose share it is
            subj = r.nearest("group", lo, f.start, f)
            if subj is not None:
                own_group = Dim(subj.value, f"sentence: {_q(r.words(subj.start, subj.end, 1, lo, hi))}")
    after_of = r.m[f.end:hi]
    share_of_filled = f.unit == "percent" and bool(r.find("cue:share", lo, f.start)) and bool(re.match(
        r"\s*of\s+(?:the\s+|all\s+)?(?:[\w\-]+\s+){0,3}?(?:positions?|spots?|slots?|seats?)\s+(?:that\s+were\s+)?filled\b"
        r"|\s*of\s+(?:the\s+|all\s+)?filled\b", after_of)) or f.unit == "percent" and bool(re.match(
        r"\s*of\s+(?:the\s+|all\s+)?[\d,]+\s+(?:[\w\-]+\s+)?filled\s+(?:[\w\-]+\s+){0,2}?(?:positions|spots|slots|seats)\b", after_of))
    # "31.3% of 4,552 filled spots": a share of the positions filled, never a fill rate
    # "Of the 40,041 first-year positions, 94.1% were filled": the figure after it says what happened to them
    opens_with_of = bool(re.fullmatch(r"(?i)\W*(?:[\w\-]+\s+){0,3}?of\s+(?:the\s+|all\s+|[\w\-]+(?:\s+[\w\-]+)?['\u2019]s\s+)?",
                                      r.m[u.start:f.start]))  # "Of internal medicine's 12,952 positions, ..."
    offered_whole = f.unit != "percent" and (bool(re.search(r"\bof\s+(?:its|their)\s+(?:\w+\s+){0,2}\Z",
                                                           r.m[max(lo, f.start - 30):f.start])) or opens_with_of) and \
        not re.match(r"\s+(?:[\w\-]+\s+)?filled\b|\s+(?:[\w\-]+\s+){0,3}?(?:positions|spots)\s+filled\b", r.m[f.end:f.end + 50])  # (filled)
    group = own_group
    for cat, what in (("specialty", "specialties"), ("group", "applicant groups")):
        joined = _joined(r, cat, lo, hi) or (not r.find(cat, lo, hi) and _joined(r, cat, u.start, u.end))
        if joined:
            raise Skip(f"the clause names several {what} together ({_q(joined)}): which one is not said")
    if re.match(r"\s*(?:U\.?S\.?[\s\-]*|non[\s\-]*(?:U\.?S\.?[\s\-]*)?)citizens?\b(?![\s\-]+(?:IMG|international|foreign))",
                r.m[f.end:f.end + 48], re.I):  # "(67.8% U.S. citizens, 58.0% non-citizens)": which group exactly?
        raise Skip("unsure which group: the figure's own words name citizens, not an applicant type of the data")
    for x in r.find("group", lo, hi):  # "IMGs who are ...", "IMGs from India": a subgroup the words do not name
        if x.value == "img" and re.match(r"\s+(?:who|that|with|without|from|holding|on)\b", r.m[x.end:x.end + 12]):
            raise Skip(f"unsure which group: {_q(r.words(x.start, x.end, 4, lo, hi))} is a group the data may not "
                       "describe")
    spec = _first(r, "specialty", windows, f)
    # "- New Jersey: 60.8%" under a lead-in: the item's label is its row, the lead-in its caption (as in a table)
    label_item = u.kind == "sentence" and r.doc.blocks[u.block].kind == "item" and \
        re.fullmatch(r"[\W_]*[^:\d]{1,40}:\s*", r.m[u.start:f.start]) is not None
    spec_near = spec is not None and spec.source.startswith(("sentence", "row", "column", "table", "question",
                                                             "item label") + (("list lead-in",) if label_item else ()))
    the_spec = THE_SPECIALTY_RE.search(r.m, lo, hi)
    if the_spec and spec is not None and spec.source.startswith("earlier sentence"):
        spec_near = True  # "In 2015 the specialty offered 1,357 positions": the one the sentence before names
    elif spec is not None and spec.source.startswith("earlier sentence") and IT_RE.search(r.m, lo, f.start):
        spec_near = True  # "Internal medicine, by far. In 2018 it offered 9,799 positions": "it" is that specialty
    elif the_spec and (spec is None or not spec_near):
        raise Skip(f"unsure which specialty: the text says {_q(the_spec.group())} without naming it nearby")
    if ALL_SPECIALTIES_RE.search(r.m, u.start, u.end) and not r.find("specialty", lo, hi) or OF_ALL_POSITIONS_RE.match(
            r.m, f.end) or all_specialties_paragraph(r, f):  # "Across all specialties, 49.0 percent ... matched",
        # "25.9% of all PGY-1 positions": none
        spec = None
    elif spec is None:
        spec = header_dim(r, f, "specialty") or _section_specialty(r, f)  # "| Year | Preliminary surgery positions | Filled |"
    if spec is None and unread_row(r, f):
        raise Skip(f"unsure which specialty: the row ({unread_row(r, f)}) names none the reader knows, and the "
                   "table's other rows are specialties")
    every_level = all_levels_window(r, f, windows)
    level = _first(r, "level", windows[:every_level], f, pred=lambda x: not in_all_levels(r, x) and (
        x.start < f.end and not parts_level_before(r, f, x) or 0 <= x.start - f.end <= 40
        and ";" not in r.m[f.end:x.start]  # (not the next clause's: "22.0% of those; at the PGY-1 level")
        and not any(g is not f and g.kind == STATISTIC and f.end <= g.start < x.start
                    and not WHOLE_AFTER_RE.fullmatch(r.m[f.end:g.start])  # "523 of 542 PGY-2 positions"
                    for g in r.unit_figures(f))))
    f.all_levels = level is None and every_level is not None
    state = _programs_state(r, f) or state_right_before(r, f) or state_of_possessive(r, f) or _first(r, "state", near, f) or _sentence_state(r, f) or _label_state(r, f) or \
        item_label_state(r, f) or _table_state(r, f)  # ("..., and Kansas programs, which offered 304 positions": the clause's own state first)
    national = NATIONAL_BEFORE.search(r.m, max(lo, f.start - 60), f.start) or \
        not state and said_nationwide(r, f) or \
        NATIONAL_AFTER_RE.match(r.m, f.end)  # "..., a bit better than the 85.0% nationally"
    column = column_place(r, f)
    if column is not None:  # "| IMG share, Michigan | IMG share, U.S. |": the column says where
        national, state = column[0] == "national", column[1]
    if national:
        state = None  # "In Michigan, IMGs filled ... 31.5 percent, well above the national share of 25.9 percent"
    if state is None and u.kind == "cell":  # a table's row named by a state: "| New York | 35.4% |"
        state = _first(r, "state_name", [w for w in windows if w[0] == "row"], f)
    if state is None and u.kind == "cell" and any(lab == "row header" and re.fullmatch(r"(?i)\W*states?\W*", r.m[a:b])
                                                  for lab, a, b in u.extra):  # "| State |" over "| Washington |"
        raise Skip("unsure which state: the row's state is not one the reader can name for certain")
    if state is None and label_item:
        state = _first(r, "state_name", [("row", u.start, f.start)], f)

    part_of = re.search(r"\b(?:out of|among(?: the)?|of the|of)\s+(?:the\s+)?(?:\d{1,3}(?:,\d{3})+|\d+)", r.m[f.end:hi])
    shared_verb = part_of is not None and part_of.start() <= 2 and re.match(
        r"\s*(?:out\s+of|of)\s+(?:the\s+)?[\d,]+\s+(?:[\w\-.']+\s+){0,3}?(?:matched|filled|registered|certified|went)\b"
        r"|\s*(?:out\s+of|of)\s+(?:the\s+)?[\d,]+\s+(?:[\w\-.']+\s+){0,4}?(?:who|that)\s+(?:[\w\-.']+\s+){1,3}?"
        r"(?:matched|filled|went)\b", r.m[f.end:hi])  # "542 of 791 non-U.S. IMGs who preferred it matched"
    if part_of is not None and not shared_verb:  # "A ... out of B ...": what follows "out of" describes B; but
        windows[0] = ("sentence", lo, f.end + part_of.start())  # "44 of 143 applicants matched": A is who matched
    part = part_of is not None and part_of.start() <= 2
    f._shared_verb = bool(shared_verb)  # "542 of 791 ... matched": the verb after the whole is the part's too
    if noun is None and re.match(r"\s*(?:out\s+)?of\s+(?:its|their|the)\s+[\d,]+\s+(?:[\w-]+\s+){0,3}?"
                                          r"(?:positions|spots|slots|seats)\b", r.m[f.end:hi]):
        noun = "positions"  # "filled 10,979 of their 11,347 positions": the part counts what its whole counts
    ratio = _ratio(r, f, lo) or _part_of_share(r, f, lo) or _sample_size(r, f, lo)
    if ratio is not None:
        metric, dims, why = ratio
    elif whole is not None:
        metric, dims, why = _whole_metric(r, f, whole, noun)
    else:
        metric = why = weak = reason = None
        refers = u.kind == "sentence" and bool(r.find("anaphora", u.start, f.start))
        # "38,941 positions were filled and 2,575 went to SOAP": with words of its own before the next figure, the
        # words after that figure are the next figure's
        nxt = next((g for g in r.unit_figures(f) if g.kind == STATISTIC and g.start >= f.end and g.start < hi), None)
        listed = nxt is not None and noun_m is not None and 0 <= noun_m.start - f.end <= 2 and noun_m.end <= nxt.start \
            and "," in r.m[noun_m.end:nxt.start] and BARE_VERB_RE.match(r.m, nxt.end)  # "38,106 positions, 36,179 filled"
        verb_next = nxt is not None and noun_m is not None and f.end <= noun_m.start and noun_m.end <= nxt.start and \
            BARE_VERB_RE.match(r.m, nxt.end)  # "8,392 applicants with 7,737 matched": the verb is the 7,737's
        own_end = nxt.start if nxt is not None and (any(r.find(f"cue:{c}", f.end, nxt.start) for c in r.v.raw["cues"])
                                                    or opens_with_of or listed or verb_next) else None
        later = next((g for g in r.unit_figures(f) if g.kind == STATISTIC and g.start >= f.end and
                      OF_THEM_RE.match(r.m, g.end)), None)  # ("... 8,392 in 2025; 7,773 of them matched")
        if own_end is None and later is not None:
            own_end = later.start  # "12,952 PGY-1 positions ..., and 12,493 of them were filled": the part's verb
        pref = preferred_cue(r, f, windows) or \
            (None if MAIN_MATCH_RE.search(r.m, u.start, u.end) else
             section_report(r, f, "cue:preferred") or scope_report(r, f, "cue:preferred"))
        generic = (noun == "people" and noun_m is not None and own_group is None and f.end <= noun_m.start < hi
                   and noun_m not in r.find("group", noun_m.start, noun_m.end))  # "2,024 applicants": all applicants
        # "| Positions | Filled |": the header says what the cell counts; the caption's verbs and groups ("filled
        # ... by IMGs") are the other columns'
        offered_col = _offered_column(r, f) or u.kind == "cell" and any(  # "| PGY-1 positions |" too
            lab == "column header" and POSITIONS_HEADER_RE.fullmatch(r.m[a:b]) and not r.find("program_type", a, b)
            for lab, a, b in u.extra)  # (not "| Categorical positions |" under "offered as categorical programs")
        for k in range(1, len(windows) + 1):
            asked = [w for w in windows if w[0] == "question"]  # a question before the answer is its lead-in
            group = own_group or _first(r, "group", [w for w in (windows[:1] + asked if generic and not refers else
                                        windows[:max(k, 2)] + asked) if not (offered_col and w[0] == "table caption")], f)
            cues = {}
            for label, a, b in windows[:k]:
                if offered_col and label == "table caption":
                    continue
                entire = (a, b) == (u.start, u.end) and not r.find("anaphora", lo, f.start)
                for cls in r.v.raw["cues"]:  # not the words of another figure, or of another figure's clause
                    m = r.nearest(f"cue:{cls}", a, b, f, pred=lambda x: not _anothers_word(r, f, x) and not (
                        (entire or cls == "unmatched" and (a, b) == (u.start, u.end) or any(  # (after a later figure:
                            f.end <= g.start and g.end <= x.start for g in r.unit_figures(f))) and cls in OWN_CUES  # its)
                        and _in_other_figures_clause(r, f, x)) and not (
                        own_end is not None and x.start >= own_end and a <= f.start < b))
                    if m is not None and cls not in cues:
                        cues[cls] = (m, label)
            cues = table_cues(r, u, cues)  # "| Active |", "| Applicants |": the table says which count
            if pref is not None and "preferred" not in cues:  # the list lead-in or caption says which report
                cues["preferred"] = pref
            own_verb = OWN_VERB_RE.match(r.m, f.end)
            if own_verb:  # "Of the 40,041 first-year positions offered, 37,667 were filled": its own verb decides
                mine = {"filled": "filled", "offered": "offered", "unfilled": "unfilled", "left": "unfilled",
                        "open": "unfilled"}[own_verb.group(1).lower()]
                for cls in ("filled", "offered", "unfilled"):
                    if cls != mine and cls in cues and cues[cls][0].start < f.start:
                        del cues[cls]
            cues = next_figures_cues(r, f, step2_named_before(r, f, cues))
            got = _metric(f, cues, noun, base, group, spec if spec_near else None, level, part, share_of_filled,
                          offered_whole, state is not None)
            if got[0] and got[2] != WEAK:
                metric, extra, why = got
                break
            if got[0] and weak is None:
                weak = got + (group,)
            if not got[0] and got[2] and not reason:
                reason = got[2]  # the first reason a rule gave for not reading it
        if not metric and weak is not None:  # no verb anywhere: a bare count of applicants or positions
            metric, extra, _, group = weak
            why = "'" + (noun or "") + "' (no verb: the default reading)"
            if noun != "positions":  # "5,864 out of 10,021 active applicants": registered, active or matched?
                g = group or _first(r, "group", windows, f) or _generic_all(r, f, windows)
                y = _year(r, f, lo, hi)
                known = {**({"applicant_type": g.value} if g is not None else {}),
                         **({"year": y.value} if isinstance(y, Dim) else {})}
                open_ = {"metric": ["matched_pgy1", "active_applicants", "registered_applicants"],
                         **({} if isinstance(y, Dim) else {"year": None})}
                if g is None:
                    open_["applicant_type"] = list(ALL_GROUPS)
                raise Unsure(f"unsure which metric: {noun or 'a count'} with no verb (registered, certified a "
                             "rank order list, matched?)", metric, known, open_)
            # "2,473 positions were still there": offered, filled or left unfilled? (a table's "Positions" column,
            # "of its 12,952 positions" and "N positions were offered" say so)
            if _offered_column(r, f):
                why = "a 'Positions' column beside a 'Filled' column: the positions offered"
            elif whole_of_parts(r, f):
                why = "positions counted as the whole of their parts: the positions offered"
            else:
                _unsure_positions(r, f, lo, hi, spec, spec_near, metric)
        if not metric:
            g = own_group or _first(r, "group", windows, f)
            bare_rate = rate_word(r, f, lo, hi)  # "U.S. MD seniors' rate dipped", "- DO seniors at 92.3%" under "... rates:"
            if r.find("topic", lo, hi) or r.find("cue:fill_rate", lo, hi):
                bare_rate = None
            if f.unit == "percent" and reason is None and g is not None and g.value in AT + ("img",) and bare_rate:
                # "U.S. MD seniors' rate dipped to 93.5%": the rate of an applicant group is its match rate
                metric, extra, why = ("img_match_rate_pct" if g.value == "img" else "match_rate_pct"), {}, \
                    f"{_q(r.words(*bare_rate, 1, min(lo, bare_rate[0]), max(hi, bare_rate[1])))} of an applicant group"
                group = g
            elif f.unit == "percent" and reason is None and g is not None and g.value in AT and \
                    matching_text(r, f):  # "DO seniors: 92.8%", in text about who matched and nothing else
                metric, extra, why, group = "match_rate_pct", {}, "a group's percentage in text about matching", g
            elif f.unit == "percent" and reason is None and g is not None and g.value in AT:
                # "US-citizen IMGs: 67.8% in 2025": the data's only percentage by applicant group is the match rate,
                # but the text does not say so: shown as a hint, not judged
                y = _year(r, f, lo, hi)
                known = {"applicant_type": g.value, **({"year": y.value} if isinstance(y, Dim) else {})}
                raise Unsure("unsure which metric: the text does not say what the percentage of "
                             f"{GROUP_LABELS.get(g.value, g.value)} is", "match_rate_pct", known,
                             {} if isinstance(y, Dim) else {"year": None})
            if not metric:
                raise Skip(reason or f"no metric recognised for this "
                           f"{'percentage' if f.unit == 'percent' else 'number'}")
        if group is None:  # "They numbered 20,368 active applicants": the earlier sentence's group; "Non-US IMGs
            # in 2024: (5,864 out of 10,021 active applicants)": the item's subject; a list's lead-in, a table's headers
            group = _first(r, "group", windows if refers else [w for w in windows if not w[0].startswith("earlier")],
                           f) or paragraph_group(r, f)
        if group is None and metric in CHARTING:  # only non-U.S. IMGs: the section heading may name them, or the
            group = _section_group(r, f) or scope_group(r, f) or report_group(r, f, metric)  # text's "all figures
        if group is None and "applicant_type" in METRICS[metric].dims:
            group = _generic_all(r, f, windows)
        if group is None and metric == "registered_applicants":  # "Registrations rose to 52,498": there is one group
            group = Dim("all_applicants", "registrations: the data give them for all applicants only")
        if group is not None and (group.source.startswith("earlier sentence") or u.kind == "sentence" and not any(
                m.value == group.value for m in r.find("group", lo, hi))) and \
                re.search(r"\b(?:DO|MD|IMGs?|FMGs?|[Oo]steopathic|[Aa]llopathic|citizens?|seniors?|graduates?)\b",
                          "".join(c if not any(m.start <= i < m.end for m in r.find("group", lo, hi)) else " "
                                  for i, c in enumerate(r.m[lo:hi], lo))):
            # "Their DO peers matched at 92.6%": the clause names a group of its own the words do not say exactly
            raise Skip(f"unsure which group: the clause names one of its own, not {group.value} ({group.source})")
        if group is not None and group.value in AT and group.value != "all_applicants" and \
                "applicant_type" not in METRICS[metric].dims and metric not in GROUP_METRICS and \
                (any(x.value == group.value for x in r.find("group", lo, f.start)) or group.source.startswith("row")):
            # "DO seniors filled 1,482 of them": the data give the metric for everyone, not for the group the
            # figure's own words name
            raise Skip(f"the data give {METRICS[metric].description.split(',')[0]} for all applicants, not for "
                       f"{GROUP_LABELS.get(group.value, group.value)}")
        if state is None and ("state" in METRICS[metric].dims or metric in STATE_METRICS):  # the state the text is about: it
            state = there_state(r, f, lo, hi) or _title_state(r, f)  # places the figure (a national count becomes
            # that state's), not its metric
        dims = _dims(METRICS[metric], group, spec, spec_near, level, state, extra)
        metric = dims.pop("_metric", metric)  # a national count read for the state the text names
        metric, dims = _program_type(r, f, windows, metric, dims)
        if metric == "img_share_pct" and not {"specialty_id", "state"} & set(dims) and \
                dims.get("position_level") is not None and dims["position_level"].value == "PGY-1":
            # IMGs' share of all first-year positions filled nationally is their share of the applicants matched to
            # PGY-1 (the headline series, which covers more years than the specialty report)
            metric, dims = "img_share_of_matched_pct", {k: v for k, v in dims.items() if k == "year"}
    listed = [g for g in r.unit_figures(f) if g is not f and g.kind == STATISTIC and g.unit == f.unit and lo <= g.start
              < hi and not re.search(r"\b(?:of|out\s+of)\s*\Z", r.m[min(f.end, g.end):max(f.start, g.start)])]
    if u.kind == "sentence" and listed and not r.find("group", lo, hi) and (
            metric in GROUP_METRICS or "applicant_type" in METRICS[metric].dims):
        named = {m.value for m in r.find("group", u.start, u.end)}
        if len(named) > 1:  # "in 2016 non-U.S. IMGs matched at 50.5% and U.S. IMGs at 54.0%; in 2017 the rates were
            # 52.4% and 54.8%": a list of figures with no group in its clause, and several in the sentence
            raise Skip(f"unsure which group: the sentence names several ({', '.join(sorted(named))}), the figure's "
                       f"clause none")
    reading_guards(r, f, metric, group, dims)
    if metric in ("fill_pct", "program_fill_pct") and u.kind == "cell" and any(
            label == "column header" and SHARE_OF_FILLED_RE.search(r.m, a, b) for label, a, b in u.extra):
        # a column "Share of filled positions" holds someone's share of them, not the fill rate
        raise Skip("a share of the positions filled (its column says so), not a fill rate")
    f.metric, f.metric_from = metric, why or ""
    m = METRICS[metric]
    if f.unit == "percent" and not m.percent:
        raise Skip(f"a percentage, but {metric} is a count")
    if f.unit != "percent" and m.percent:
        raise Skip(f"a number without a percent sign, but {metric} is a percentage")
    open_, why_open = {}, {}
    if "year" not in dims:
        y = _year(r, f, lo, hi) if whole is None or "year" not in whole.dims else whole.dims["year"]
        if isinstance(y, Dim):
            dims["year"] = y
        else:
            open_["year"], why_open["year"] = (y[0], y[1]) if y else (None, "the text names no year")
    co = charting_reading(r, f, metric, dims)  # "Charting Outcomes for the 2026 Match ... In internal medicine,
    if co:  # 3,392 of 6,992 matched": the report's count of non-U.S. IMGs who preferred it, not the Match's
        (metric, dims["applicant_type"]), m, f.metric = co, METRICS[co[0]], co[0]
    if "applicant_type" in dims and dims["applicant_type"] is None:
        del dims["applicant_type"]
        allowed = r.v.raw["metric_populations"].get(metric)
        open_["applicant_type"] = list(allowed or ALL_GROUPS)
        why_open["applicant_type"] = "the text names no applicant group" if group is None or group.value in AT else \
            f"IMGs of both kinds together ({group.source}): the data give this figure for each kind apart"
    at = dims.get("applicant_type")
    if at is not None:
        reason = r.v.raw["populations_not_in_data"].get(at.value)
        allowed = r.v.raw["metric_populations"].get(metric)
        if reason:
            raise Skip(f"a population the data do not describe: {reason} ({at.source})")
        if allowed and at.value not in allowed:
            raise Skip(f"a population the data do not describe: {metric} is given for "
                       f"{', '.join(allowed)} only ({at.source})")
    f.dims = {k: dims[k] for k in ("year",) + tuple(d for d in m.dims if d != "year") if k in dims}
    _precision(r, f, lo)
    if "state" not in f.dims and ("state" in m.dims or metric in STATE_METRICS) and u.kind == "sentence" and \
            u.index > 0 and not national_own(r, f):
        prev = r.block_units[u.block][u.index - 1]
        named = {x.value for x in r.find("state_name", prev.start, prev.end)}
        if len(named) == 1:  # "Programs in Pennsylvania filled 2,487. IMGs filled 25.3% of them.": there or nationally?
            code = named.pop()
            raise Unsure(f"unsure which state: the sentence before is about {code}, this one names no place", metric,
                         {k: d.value for k, d in f.dims.items()}, {"state": [None, code]})
    if "state" not in f.dims and not national:
        named = [x for a, b in [(u.start, u.end)] + [(a, b) for _, a, b in u.extra] for x in r.find("state_name", a, b)]
        if named:  # "California's programs filled 3,928 positions": national or that state's?
            raise Unsure(f"unsure which state: the text names {_q(named[0].text)} but not as where the figure is",
                         metric, {k: d.value for k, d in f.dims.items()}, {"state": [None, *dict.fromkeys(x.value for x in named)]})
    if open_:
        raise Unsure(_unsure_reason(open_, why_open), metric, {k: d.value for k, d in f.dims.items()}, open_)
    if f.role == "earlier value":
        yd = f.dims.get("year")
        if yd is None or not re.match(r"\s*(?:(?:in|for)\s+(?:the\s+)?|\(\s*)\d{4}", r.m[f.end:f.end + 16]):
            raise Skip("the earlier value of a change: the text gives no year for it")
        f.role, f.compared = "", True


def _total(r, f: Figure) -> bool:
    """"3,108 U.S.-citizen IMGs and 6,653 non-U.S.-citizen IMGs matched, 9,761 in all": the sum of the two IMG
    types is the IMGs matched."""
    if not re.match(r"\s*(?:in all|in total|altogether|combined|together|all told)\b", r.m[f.end:f.end + 14]):
        return False
    prev = [g for g in r.unit_figures(f) if g.kind == STATISTIC and g.end <= f.start and g.metric]
    groups = {g.dims["applicant_type"].value for g in prev if g.metric == "matched_pgy1" and "applicant_type" in g.dims}
    if groups != {"us_img", "non_us_img"}:
        raise Skip("a total of the figures before it: no metric for that sum")
    g = prev[-1]
    f.metric, f.metric_from = "img_matched_pgy1", f"the total of the IMG counts before it ({_q(r.m[prev[0].start:f.end])})"
    f.dims = {"year": Dim(g.dims["year"].value, f"the same as {g.stated}: {g.dims['year'].source}")} \
        if "year" in g.dims else {}
    if not f.dims:
        raise Skip("a total of the figures before it, which have no year")
    return True


def _joined(r, cat: str, lo: int, hi: int) -> str:
    """Two different specialties (or groups) joined by "and" / "or" in the clause: "In internal medicine and
    family medicine, ..." gives one figure for both."""
    hits = r.find(cat, lo, hi)
    for a, b in zip(hits, hits[1:]):
        if a.value != b.value and re.fullmatch(r"\s*(?:,|and|or|&|/|as well as|plus)\s*", r.m[a.end:b.start]):
            return r.m[a.start:b.end]
    return ""


def _year_in(r, lo: int, hi: int) -> bool:
    """Whether the clause names a year of its own ("in 2025 it usually ...": that year's)."""
    return any(y.value is not None for y in r.years_in(lo, hi))


def _change(r, f: Figure, lo: int, hi: int) -> str:
    after = r.find("change_after", f.end, min(hi, f.end + 22))
    if after and not r.m[f.end:after[0].start].strip(" -"):
        return r.m[f.start:after[0].end]
    before = [m for m in r.find("change_before", max(lo, f.start - 24), f.start) if not re.sub(  # "grew by some 2,300"
        r"(?i)\b(?:some|about|around|roughly|nearly|almost|approximately)\b", "", r.m[m.end:f.start]).strip()
              and not re.search(r"\bmak(?:e|es|ing)|\bmade\s*\Z", r.m[max(lo, m.start - 8):m.start])]  # "make up"
    return r.m[before[-1].start:f.end] if before else ""


CHARTING = ("step2_median", "preferred_specialty_match_rate_pct", "preferred_specialty_applicants",
            "preferred_specialty_matched", "preferred_specialty_not_matched")




def _dims(m, group, spec, spec_near, level, state, extra) -> dict:
    dims = dict(extra)
    if state is not None and m.name in STATE_METRICS:  # "Programs in Pennsylvania offered 2,654 positions"
        name, lvl = STATE_METRICS[m.name]
        if lvl and level is None:
            level = Dim(lvl, f"{m.name}: PGY-1")
        m = METRICS[name]
        dims["_metric"] = name
    if "applicant_type" in m.dims and "applicant_type" not in dims:
        if group is not None and group.value in AT or (group is not None and group.value not in IMG_GROUPS):
            dims["applicant_type"] = group
        elif group is None and "applicant_type" in m.defaults or m.defaults.get("applicant_type") == "all_applicants":
            dims["applicant_type"] = None  # not named, or IMGs together where the data give each kind apart: unsure
    if "specialty_id" in m.dims and spec is not None:
        dims["specialty_id"] = spec
    elif spec is not None and spec_near:
        raise Skip(f"the data give no {m.description.split(',')[0].split(' (')[0]} by specialty ({spec.source})")
    if "position_level" in m.dims and level is not None:
        dims["position_level"] = level
    if state is not None:
        if "state" not in m.dims:
            raise Skip(f"the data give no {m.name} by state ({state.source})")
        dims["state"] = state
    return dims


def finish_range(r, f: Figure) -> None:
    after = r.find("noun", f.end, min(f.ctx.end, f.end + 30))
    if after and after[0].value == "duration" and len(r.m[f.end:after[0].start].split()) <= 3 and not re.search(
            r"(?i)\b(?:this|last|next|that|previous|each|every|per)\s+\Z", r.m[f.end:after[0].start]):
        f.reason = f"a duration ({_q(r.m[f.start:after[0].end])}): no metric for it"


def read_document(doc) -> list[Figure]:
    """Every number of the article (a ``document.Document``) as a Figure; the statistics with their reading."""
    r = Reader(doc)
    figures = r.read()
    for f in figures:
        if f.kind == STATISTIC:
            interpret(r, f)
        elif f.kind == "range":
            finish_range(r, f)
    compared_pairs(r, figures)
    citizen_subgroups(r, figures)
    return figures
