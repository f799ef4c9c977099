"""`matchstats check ARTICLE`: check the figures read from an article with the claims' Checker, and write
the results as a text summary and JSON ({"figures": [...]}); the claims file is ``article_claims``.

Every figure read as a claim (``pipeline.check.article``) is checked by the same :class:`Checker` and
verdict rules as a claims file. A figure without a year anywhere in its context is checked for the latest
year the data give for it (said so). A bound ("more than 9,000") is listed with the data's value but is
"not checked"; so is every figure the rules could not read as a claim, with the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.check.article import read_document
from pipeline.check.article_numbers import FIGURE_KINDS, Dim, Figure
from pipeline.check.article_numbers import quote as _quote
from pipeline.check.article_definitions import named_definition, named_other, names_rol_report
from pipeline.check.article_places import NATIONAL_ONLY, said_national
from pipeline.check.claims import Claim
from pipeline.check.document import Document
from pipeline.check.article_alternatives import FAR_SOURCES
from pipeline.check.article_certainty import far_from_data, hint, state_reading, year_reading
from pipeline.check.registry import (ARTICLE_VERDICTS, CONFIRMED, DIFFERENT_DEFINITION, METRICS,
                                     NOT_CHECKED, NOT_IN_DATA, WRONG_VALUE, WRONG_YEAR)
from pipeline.check.verdicts import Checker

CONTRADICTED = (WRONG_VALUE, WRONG_YEAR, DIFFERENT_DEFINITION)  # each with a certain reading: exit code 1



def not_figure(f: Figure) -> bool:
    """Years, dates, times, phone numbers and parts of names: listed in one line, not as figures."""
    return f.kind not in FIGURE_KINDS


@dataclass
class ArticleCheck:
    doc: Document
    figures: list

    @property
    def failed(self) -> bool:
        """Any figure that the data contradict, in a certain reading (exit code 1). A figure the data cannot
        place ("not in data") is reported apart and does not fail the check."""
        return any(f.verdict in CONTRADICTED for f in self.figures)


def check_document(paths, doc: Document, checker: Checker | None = None) -> ArticleCheck:
    figures = read_document(doc)
    for f in figures:
        if not f.metric:
            f.verdict, f.note = NOT_CHECKED, f.reason
    todo = [f for f in figures if f.metric or f.unsure is not None]
    if todo:
        own = checker is None
        checker = checker or Checker(paths)
        try:
            for f in todo:
                if f.metric:
                    _check(checker, doc, f)
                else:
                    u = f.unsure
                    h = hint(checker, u.metric, u.known, u.open, f.stated_value)
                    f.note = f"{f.reason}. {h}" if h else f.reason
                    code = None if f.approximate or f.role else state_reading(checker, u, f.stated_value)
                    if code:
                        _one_reading(checker, doc, f, "state", code,
                                     "the one state the text names around it, whose value the figure is")
                    year = None if f.approximate or f.role else year_reading(checker, u, f.stated_value)
                    if year:
                        _one_reading(checker, doc, f, "year", year, "the one year of the text's candidates the data hold")
        finally:
            if own:
                checker.close()
    _both_definitions(figures)
    _state_of_its_sentence(doc, figures)
    _part_over_whole(figures)
    _rate_against_parts(figures)
    return ArticleCheck(doc, figures)


def _one_reading(checker: Checker, doc: Document, f: Figure, dim: str, value, why: str) -> None:
    """Judge a figure unsure only of one dimension in the one reading the data can judge and give its value in (the
    one state the text names around it, where the national value differs; the one year of the text's candidates
    the data hold): confirmed, or left not checked."""
    note, u = f.note, f.unsure
    f.metric = u.metric
    f.dims = {k: Dim(v, "the text") for k, v in u.known.items()}
    f.dims[dim] = Dim(value, f"{why} ({note})")
    _check(checker, doc, f)
    if f.verdict != CONFIRMED:
        f.metric, f.dims, f.verdict, f.note = None, {}, NOT_CHECKED, note


# a rate and the part and whole it is the share of
RATE_PARTS = {"match_rate_pct": ("matched_pgy1", "active_applicants"), "fill_pct": ("filled", "positions"),
              "program_fill_pct": ("program_filled", "program_positions"),
              "program_type_fill_pct": ("program_type_filled", "program_type_positions")}


def _rate_against_parts(figures: list) -> None:
    """"10,021 active non-U.S.-citizen IMGs, and 5,864 of them matched, a rate of 58.8 percent": a rate whose
    sentence gives its part and whole, both confirmed in the same reading, but which is not their share (5,864 /
    10,021 is 58.5%) is another definition's value or an error; its confirmation (here of the no-couples rate the
    text names) is not certain."""
    def same(g: Figure, f: Figure) -> bool:
        return g.ctx is f.ctx and g.verdict == CONFIRMED and g.value and set(g.dims) == set(f.dims) and all(
            g.dims[k].value == d.value for k, d in f.dims.items())
    for f in figures:
        if f.verdict != CONFIRMED or f.metric not in RATE_PARTS or f.value is None or f.ctx is None:
            continue
        part, whole = (next((g for g in figures if g.metric == m and same(g, f)), None) for m in RATE_PARTS[f.metric])
        if part is None or whole is None:
            continue
        share = 100 * part.value / whole.value
        if abs(share - f.value) * 2 * 10 ** f.decimals > 1:
            f.verdict = NOT_CHECKED
            f.note = (f"unsure of the reading: {part.stated} / {whole.stated}, both confirmed, is {float(share):.2f}%, "
                      f"not {f.stated}, which is another definition's value or an error; as read: {f.note or 'confirmed'}")


# a whole and its part, read with the same dimensions: the part can never be the larger
WHOLE_PART = {"positions": "filled", "positions_total": "filled_total", "positions_pgy1": "filled_pgy1",
              "program_positions": "program_filled", "program_type_positions": "program_type_filled",
              "active_applicants": "matched_pgy1", "registered_applicants": "active_applicants"}


def _state_of_its_sentence(doc: Document, figures: list) -> None:
    """"Neurology filled 49 of its 50 PGY-1 positions, and IMGs took 29.1% of those filled", where 49 and 50 are
    right only for Michigan, the state the text around them speaks of: a figure of that sentence confirmed nationally
    may be that state's too, so the confirmation is not certain."""
    for f in figures:
        states = f.alternatives.get("state", ()) if f.verdict == CONFIRMED and "state" not in f.dims else ()
        if not states or f.ctx is None or f.ctx.kind != "sentence" or said_national(doc, f):
            continue
        g = next((g for g in figures if g is not f and g.ctx is f.ctx and g.verdict == NOT_CHECKED and
                  g.other_reading[:1] == ("state",) and g.other_reading[1] in states), None)
        if g is not None:
            f.verdict = NOT_CHECKED
            f.note = (f"unsure whether national: read nationally, the data confirm it, but {g.stated} in its sentence "
                      f"is right only for {g.other_reading[1]}, which this reading leaves out")


def _part_over_whole(figures: list) -> None:
    """"California offered 3,794 and filled 3,928": read in one sentence with the same dimensions, a part larger
    than its whole says the two are not what they were read as (here the filled count is of all levels). When the
    whole's own reading is unsure, the part's confirmation is not certain either."""
    def dims(g: Figure):
        return tuple(sorted((k, d.value) for k, d in g.dims.items()))
    for whole in figures:
        part_metric = WHOLE_PART.get(whole.metric)
        for part in figures:
            if part_metric is None or part.metric != part_metric or part.ctx is not whole.ctx or whole.ctx is None \
                    or dims(part) != dims(whole) or None in (part.value, whole.value) or part.value <= whole.value:
                continue
            if part.verdict == CONFIRMED and whole.verdict == NOT_CHECKED:  # (a part that is contradicted, or
                part.verdict = NOT_CHECKED  # beside a confirmed whole, is the error the text makes: judged as read)
                part.note = (f"unsure of the reading: {part.stated} is larger than {whole.stated}, read as its whole "
                             f"with the same dimensions and itself unsure, so one of them is not what it was read as")


def _both_definitions(figures: list) -> None:
    """"I've seen 6,653 out of 11,465 (58.0%) and also 6,512 matched with a 58.3% rate": a sentence that gives a
    figure confirmed in one definition and the same quantity's value in another gives both; the other is not
    contradicted."""
    def reading(g: Figure):
        return g.metric, tuple(sorted((k, d.value) for k, d in g.dims.items()))
    for f in figures:
        if f.verdict != DIFFERENT_DEFINITION or f.ctx is None:
            continue
        same = next((g for g in figures if g is not f and g.ctx is f.ctx and g.verdict == CONFIRMED and
                     reading(g) == reading(f)), None)
        if same is not None:
            f.verdict = NOT_CHECKED
            f.note = (f"unsure which definition: its sentence gives {same.stated}, confirmed, for the same quantity, "
                      f"and {f.stated} is another definition's value; {f.note}")


def claim_of(doc: Document, f: Figure) -> Claim:
    m = METRICS[f.metric]
    return Claim(number=f.number, line=doc.line(f.start), text=f.sentence, metric=m,
                 dims={k: d.value for k, d in f.dims.items()}, stated=f.stated_value, id=f"figure-{f.number}",
                 note="; ".join(f.notes))


def _check(checker: Checker, doc: Document, f: Figure) -> None:
    m = METRICS[f.metric]
    if "year" not in f.dims:
        data = checker.fetch(m.primary, {k: d.value for k, d in f.dims.items()})
        if not data.values:  # no year in the text: nothing about the figure is certain enough to place it
            f.verdict = NOT_CHECKED
            f.note = data.missing or "no year in the text, and the data give no year for these dimensions"
            return
        y = max(data.values)
        f.dims = {"year": Dim(y, f"no year in the text: the latest year in the data ({y})"), **f.dims}
    read_as = f.metric
    _fill_from_program_results(checker, f)
    res = checker.check(claim_of(doc, f))
    f.result = res
    f.data_value, f.data_year = res.data_value, res.data_year
    if f.hedge and f.unit != "percent" and not f.role and res.verdict == CONFIRMED:
        f.decimals += 1  # "about 13.7" where the data give 13.68 (more digits than it gives): the writer's rounding
        rounded, f.decimals = checker.check(claim_of(doc, f)).verdict != CONFIRMED, f.decimals - 1
        if rounded:
            f.approximate, f.notes = f.hedge, [x for x in f.notes if "with exact digits" not in x]
    reading = "; ".join(f.notes)
    if f.role == "bound":
        f.verdict = NOT_CHECKED
        got = f"the data give {res.data_value} for {res.data_year}" if res.data_value else res.note
        f.note = f"{reading}: {got}" if reading else got
    elif res.verdict == NOT_IN_DATA and f.ctx is not None and "year" in f.dims and re.search(
            rf"(?i)\b(?:by|before|until)\s+(?:the\s+end\s+of\s+)?{f.dims['year'].value}\b",
            doc.text[f.ctx.start:f.ctx.end]) and int(f.dims["year"].value) not in _data_years(checker):
        f.verdict = NOT_CHECKED  # "Fill 100% of positions in the Match by 2027": a target, not a figure of the data
        f.note = f"a target or forecast for {f.dims['year'].value} (a year the data do not cover), not judged"
    elif f.approximate and res.verdict == NOT_IN_DATA:  # "In 2010 the Match offered roughly 25,000 positions"
        f.verdict = NOT_CHECKED
        f.note = (f"approximate ({_quote(f.approximate + ' ' + f.stated)}), not judged: {res.note}"
                  + (f"; {reading}" if reading else ""))
    elif f.approximate:
        # "about 3,100": the writer's rounding, listed with the data's value and whether it is consistent with it
        f.verdict = NOT_CHECKED
        f.note = (f"approximate ({_quote(f.approximate + ' ' + f.stated)}), not judged: the data give {res.data_value} "
                  f"for {res.data_year}, " + ("consistent with it at the precision as written"
                                             if res.verdict == CONFIRMED else
                                             f"and the figure is consistent with a related series ({res.found_in})"
                                             if res.verdict == DIFFERENT_DEFINITION else "not consistent with it even "
                                             "at the precision as written") + (f"; {reading}" if reading else ""))
    elif f.metric == "unmatched_applicants" and res.verdict != CONFIRMED and not names_rol_report(doc, f):
        f.verdict, f.note = NOT_CHECKED, (f"unsure which count of the unmatched: the data hold the rank order list report's "
                                          f"(couples left out), which the text does not name; as read, the data give "
                                          f"{res.data_value or 'nothing'} ({res.verdict})")
    else:
        f.verdict = res.verdict
        f.note = "; ".join(x for x in (res.note, reading) if x)
        g = f.like
        if g is not None and g.verdict == NOT_CHECKED and g.note.startswith("unsure") and res.verdict != NOT_IN_DATA:
            # "the IMG share was 23.6%, in Illinois 18.4%": read like a figure whose own reading is unsure
            f.verdict = NOT_CHECKED
            f.note = (f"unsure: read like {g.stated}, whose reading is itself unsure ({g.note.split(':')[0]}); as "
                      f"read, the data give {res.data_value or 'nothing'} ({res.verdict})")
            return
        if res.verdict == CONFIRMED and f.title_state and "state" not in f.dims and \
                f.title_state in f.alternatives.get("state", ()) and not said_national(doc, f):
            # "Psychiatry filled all 170 of its first-year positions, with IMGs taking 14.4% of them" in a text about
            # Florida: the national figure, or the title's state's?
            f.verdict = NOT_CHECKED
            f.note = (f"unsure whether national: read nationally, the data confirm it, but the text is about "
                      f"{f.title_state}, which the reading leaves out")
            return
        first_year = _first_year_reading(checker, doc, f) if res.verdict == CONFIRMED else None
        if first_year is not None:  # "| New York | 4,654 | 4,484 | 96.4% |": all levels, or first-year positions?
            f.verdict = NOT_CHECKED
            f.note = (f"unsure which position level: the text names none; {f.stated} is the all-levels figure, the "
                      f"PGY-1 figure is {first_year.data_value}")
            return
        other_named = named_other(checker, doc, f) if res.verdict == CONFIRMED else ()
        if other_named:  # the text says its figures leave couples out; this one is the count with couples
            f.verdict = DIFFERENT_DEFINITION
            f.note = (f"the text names the {other_named[0]}, which gives {other_named[1]}; {f.stated} is the "
                      f"{METRICS[f.metric].primary.label} figure")
            return
        named = named_definition(doc, f, res)
        if named == "both":
            f.verdict = NOT_CHECKED
            f.note = (f"unsure which definition: the text names both the headline series and the one that leaves "
                      f"couples out around it; {res.note}")
            return
        if named:  # "NRMP's report on rank order list length leaves out couples ... In that report, 58.3%"
            f.verdict = CONFIRMED
            f.note = f"the text names {'' if named.startswith('the ') else 'the '}{named}, and the figure is its value; {res.note}"
            return
        if _same_quantity(f, res) and not _first_year_table(doc, f):
            # "Internal medicine's programs offered 12,944 positions": the program results' count of the same positions
            f.verdict = CONFIRMED  # (the state/specialty report prints 12,952)
            f.note = (f"the figure is NRMP's count of the same positions in another of its tables, and the text "
                      f"does not say which table; {res.note}")
            return
        far = f.dims.get("year") and f.dims["year"].source.startswith(("earlier paragraph", "earlier list item", "heading"))
        years = []
        if res.verdict in CONTRADICTED + (NOT_IN_DATA,) and far:
            # the year comes from far away: a contradiction that another year of the same series (or of the report
            # the figure was first read in) would confirm is not certain
            for name in dict.fromkeys((f.metric, read_as)):
                dims = {k: d.value for k, d in f.dims.items() if k != "year" and k in METRICS[name].dims}
                try:
                    data = checker.fetch(METRICS[name].primary, dims)
                except Exception:  # noqa: BLE001 - a series these dimensions cannot select
                    continue
                years += [y for y in sorted(data.values, reverse=True)
                          if data.values[y].matches(f.stated_value) and y not in years]
        if years:
            # the year comes from far away (an earlier paragraph, a heading) and the figure is another year's:
            # which year the writer meant is not certain enough to call it wrong
            f.verdict = NOT_CHECKED
            f.note = (f"unsure which year: read as {f.dims['year'].value} ({f.dims['year'].source}), but "
                      f"{f.stated} is the {', '.join(map(str, years))} figure; {res.note}")
            return
        if res.verdict == NOT_IN_DATA and _year_covered(checker, f):
            # the data hold the metric for that year, only not for this reading: the reading (a specialty, state,
            # type or group the text was taken to name) is more likely wrong than the figure, so it is not placed
            f.verdict = NOT_CHECKED
            f.note = (f"could not place: the data hold {f.dims['year'].value}, but not for this reading of "
                      f"{METRICS[f.metric].description} ({res.note}); the figure is not judged")
            return
        if res.verdict in CONTRADICTED + (NOT_IN_DATA,):
            other = _other_reading(checker, doc, f)
            titled = other and f.title_state and f.other_reading[:2] == ("state", f.title_state)
            if titled:  # "In family medicine, programs filled 204 of 260" in "Michigan hospitals leave more ...": the
                # title's state, in which the figure is exactly right (a text about one state that names others too)
                f.verdict, f.result = CONFIRMED, f.other_reading[2]
                f.data_value, f.data_year = f.result.data_value, f.result.data_year
                claim = f.result.claim  # the reading confirmed: the title's state (and its metric) is shown
                f.metric = claim.metric.name
                f.dims = {k: f.dims[k] if k in f.dims and f.dims[k].value == v else
                          Dim(v, "the title" if k == "state" else "the reading for the title's state")
                          for k, v in claim.dims.items()}
                f.note = f"read for {f.title_state}, the state the title names: {other[2]}"
            elif other:  # the text offers a reading in which the figure is right: not certain, not judged
                f.verdict = NOT_CHECKED
                f.note = (f"unsure which {other[0]}: read as {other[1]}, the data give {res.data_value or 'nothing'}"
                          f" ({res.verdict}); but {other[2]}")
            elif f.narrower and f.metric in NATIONAL_ONLY:  # a national count in text about a state, specialty, ...
                f.verdict = NOT_CHECKED
                f.note = (f"unsure whether national: the text around it speaks of {f.narrower}, and the data give "
                          f"that count nationally only: {res.data_value or 'nothing'} ({res.verdict}); "
                          f"{METRICS[f.metric].description}")
            elif f.narrower:  # read without the state or specialty the text around it names
                f.verdict = NOT_CHECKED
                f.note = (f"unsure which state or specialty: the text around it speaks of {f.narrower}, which the "
                          f"reading leaves out; as read, the data give {res.data_value or 'nothing'} ({res.verdict})")
            elif res.verdict == WRONG_VALUE and far_from_data(f.value, res.data_value, METRICS[f.metric].percent):
                f.verdict = NOT_CHECKED  # far off: a reading of words the rules do not know is likelier than an error
                f.note = (f"unsure of the reading: {f.stated} is far from what the data give as read "
                          f"({res.data_value} for {res.data_year}), more likely another figure than an error; {res.note}")
            elif res.verdict in CONTRADICTED and f.whole_of is not None and f.whole_of.verdict == NOT_CHECKED and \
                    f.whole_of.note.startswith("unsure"):
                f.verdict = NOT_CHECKED  # "35.4 percent of the 4,922 positions filled there": read as the whole of
                f.note = (f"unsure: read as the whole of {f.whole_of.stated}, whose own reading is unsure; as read, "
                          f"the data give {res.data_value} ({res.verdict}); {res.note}")  # a fill rate it is not
            elif res.verdict in CONTRADICTED and any(p.verdict == NOT_CHECKED and p.note.startswith(
                    "unsure of the reading") for p in getattr(f, "share_parts", ())):
                f.verdict = NOT_CHECKED  # "35,984 matched of 44,583 active applicants (80.2%)", both counts far off
                f.note = (f"unsure of the reading: the share of {' and '.join(p.stated for p in f.share_parts)}, "
                          f"which are far from the data as read; as read, the data give {res.data_value} "
                          f"({res.verdict}); {res.note}")
            elif res.verdict == DIFFERENT_DEFINITION and res.other_quantity:
                f.verdict = NOT_CHECKED  # "530 positions filled" where 530 were offered: the words may be misread
                f.note = f"unsure which quantity: read as {METRICS[f.metric].primary.label}, but {res.note}"


SAME_QUANTITY = re.compile(r"(?:, all program types \(program results\)|, all levels \(state/specialty report\))\Z")


def _same_quantity(f: Figure, res) -> bool:
    """A specialty's figure (no level, state or program type named) that another NRMP table prints for the same
    positions: the text does not say which table, so neither is a different definition."""
    if res.verdict != DIFFERENT_DEFINITION or {"position_level", "state", "program_type"} & set(f.dims):
        return False
    labels = res.found_in.split(", ", 1)[1].split("; ") if ", " in res.found_in else []
    return bool(labels) and all(SAME_QUANTITY.search(x) for x in labels)


FIRST_YEAR_RE = re.compile(r"(?i)\bPGY-?1\b|\bfirst[-\s]year\b")


def _first_year_table(doc: Document, f: Figure) -> bool:
    """A table cell whose table says its figures are first-year positions (a header "PGY-1 positions" over another
    column, or a caption "PGY-1 positions ... by specialty"): the program results' count of all program types (with
    the advanced PGY-2 positions) is not the same positions."""
    u = f.ctx
    if u is not None and u.kind == "sentence" and doc.blocks[u.block].kind == "item":  # a list whose lead-in says so
        lead = next((b for b in reversed(doc.blocks[:u.block]) if b.kind != "item"), None)  # ("All numbers are PGY-1")
        return lead is not None and lead.kind == "paragraph" and bool(FIRST_YEAR_RE.search(doc.mask[lead.start:lead.end]))
    if u is None or u.kind != "cell":
        return False
    b = doc.blocks[u.block]
    heads = [doc.mask[a:z] for row in b.rows[:b.header_rows if b.header else 0] for a, z in row]
    cap = doc.blocks[u.block - 1] if u.block > 0 and doc.blocks[u.block - 1].kind == "paragraph" else None
    return any(FIRST_YEAR_RE.search(t) for t in heads + ([doc.mask[cap.start:cap.end]] if cap else []))


def _fill_from_program_results(checker: Checker, f: Figure) -> None:
    """A specialty's fill rate (no state, no position level) in a year the state/specialty report does not cover is
    read from the program results (all program types), where those give it: the two agree where both do."""
    other = FROM_PROGRAM_RESULTS.get(f.metric)
    if other is None or {"state", "position_level"} & set(f.dims) or "specialty_id" not in f.dims:
        return
    year, spec = int(f.dims["year"].value), {"specialty_id": f.dims["specialty_id"].value}
    if year in checker.fetch(METRICS[f.metric].primary, spec).values or \
            year not in checker.fetch(METRICS[other].primary, spec).values:
        return
    what = {"fill_pct": "fill rate", "filled": "positions filled", "positions": "positions offered"}[f.metric]
    f.metric = other
    f.notes.append(f"the state/specialty report has no {year}: the program results' {what} (all program types)")


# a specialty's figure the state/specialty report (2025) lacks, read from the program results (every year they hold)
FROM_PROGRAM_RESULTS = {"fill_pct": "program_fill_pct", "filled": "program_filled", "positions": "program_positions"}


def _year_covered(checker: Checker, f: Figure) -> bool:
    """Whether the data hold the figure's metric for its year under any dimensions (then "not in data" would
    only say that this reading selects nothing, not that the year is missing from the data)."""
    year = f.dims.get("year")
    if year is None:
        return False
    return int(year.value) in _data_years(checker)


def _data_years(checker: Checker) -> set:
    """Every year the data hold for any metric: a year among them may hold the figure under another metric the
    reading missed (a preferred-specialty rate read as a headline rate), so only a year outside them is certainly
    "not in data"."""
    if not hasattr(checker, "_article_years"):
        years, seen = set(), set()
        for m in METRICS.values():
            if id(m.primary) in seen:
                continue
            seen.add(id(m.primary))
            try:
                years |= {int(y) for y in checker.fetch(m.primary, {}).values}
            except Exception:  # noqa: BLE001 - a series the data cannot select without its dimensions
                continue
        checker._article_years = years
    return checker._article_years


def _first_year_reading(checker: Checker, doc: Document, f: Figure):
    """The Result of the PGY-1 reading of a table cell read at all levels only because its column names no level,
    in a table that says its figures are first-year positions ("| PGY-1 positions | Filled | Fill rate |"), when
    the data give that reading another value; else None."""
    if "position_level" in f.dims or f.all_levels or "PGY-1" not in f.alternatives.get("position_level", ()) or \
            not _first_year_table(doc, f):
        return None
    claim = claim_of(doc, f)
    claim.dims = {**claim.dims, "position_level": "PGY-1"}
    try:
        res = checker.check(claim)
    except Exception:  # noqa: BLE001 - a series the data cannot select by level
        return None
    return res if res.data_value and res.verdict != CONFIRMED else None


def _other_reading(checker: Checker, doc: Document, f: Figure):
    """(dimension, the reading, what the figure is) for the first other reading the text offers
    (``Figure.alternatives``) that the data confirm, else None."""
    from pipeline.check.article_certainty import WHICH, GROUP_LABELS, label

    from pipeline.check.article import TO_SPECIALTY
    from pipeline.check.article_metric import BY_TYPE, STATE_METRICS

    for dim, values in f.alternatives.items():
        for v in values:
            dims = {**f.dims, dim: Dim(v, "another reading the text offers")}
            if v is None:  # the reading without that dimension (and any other taken from far away): national,
                dims = {k: d for k, d in dims.items() if k != dim and (k == "year" or not d.source.startswith(
                    FAR_SOURCES))}  # all specialties, all levels
            claim = claim_of(doc, f)
            if dim == "metric":  # another metric the words allow ("60.8% of the positions filled": whose share?)
                claim.metric = METRICS[v]
                dims = {k: d for k, d in f.dims.items() if k in claim.metric.dims}
            elif dim == "state" and f.metric in STATE_METRICS:  # a national count read for a state
                name, level = STATE_METRICS[f.metric]
                claim.metric = METRICS[name]
                if level:
                    dims["position_level"] = Dim(level, f.metric)
                dims = {k: d for k, d in dims.items() if k in claim.metric.dims}
            elif dim == "program_type":
                claim.metric = METRICS[BY_TYPE[f.metric]]
                dims = {k: d for k, d in dims.items() if k in claim.metric.dims}
            elif dim == "specialty_id" and f.metric in TO_SPECIALTY:
                name, level = TO_SPECIALTY[f.metric]
                claim.metric = METRICS[name]
                if level:
                    dims["position_level"] = Dim(level, f.metric)
                dims = {k: d for k, d in dims.items() if k in claim.metric.dims}
            claim.dims = {k: d.value for k, d in dims.items()}
            try:
                res = checker.check(claim)
            except Exception:  # noqa: BLE001 - a combination the data cannot select
                continue
            named = named_definition(doc, f, res) if res.verdict in (DIFFERENT_DEFINITION, NOT_IN_DATA) else ""
            if named:  # the other reading's value in the definition the text names
                res.verdict, res.found_in = CONFIRMED, f"{claim.dims.get('year')}, {named}"
            if res.verdict == CONFIRMED:
                f.other_reading = (dim, v, res)
            if res.verdict == CONFIRMED and dim == "metric":
                return ("metric", label(f.metric), f"{f.stated} is the {claim.dims.get('year')} {label(v)}")
            if res.verdict == CONFIRMED and v is None:  # the reading without the dimension: national, all of them
                was = f.dims[dim].value if dim in f.dims else "all"
                where = {"state": "nationally", "specialty_id": "across all specialties",
                         "position_level": "at all position levels"}.get(dim, f"for every {WHICH.get(dim, dim)}")
                return (WHICH.get(dim, dim), f"{GROUP_LABELS.get(was, was)}",
                        f"{f.stated} is the {claim.dims.get('year')} {label(claim.metric.name)} {where}")
            if res.verdict == CONFIRMED and dim == "year":  # "53.2% is the 2015 PGY-1 match rate of U.S.-citizen IMGs"
                who = claim.dims.get("applicant_type")
                return ("year", str(f.dims["year"].value), f"{f.stated} is the {v} {label(claim.metric.name)}"
                        + (f" of {GROUP_LABELS.get(who, who)}" if who else "")
                        + (f" in the {res.found_in.split(', ', 1)[1]}" if ", " in res.found_in else ""))
            if res.verdict == CONFIRMED:
                shown = GROUP_LABELS.get(v, v)
                was = f.dims[dim].value if dim in f.dims else "all"
                return (WHICH.get(dim, dim), f"{GROUP_LABELS.get(was, was)}",
                        f"{f.stated} is the {claim.dims.get('year')} {label(f.metric)} of {shown}"
                        if dim == "applicant_type" else f"{f.stated} is the {claim.dims.get('year')} "
                        f"{label(claim.metric.name)} for {dim.replace('_', ' ')} {shown}")
    return None


# ---------------------------------------------------------------- JSON

def figure_entry(doc: Document, f: Figure) -> dict:
    r = f.result
    entry = {
        "number": f.number, "sentence": f.sentence, "offset": f.start, "line": doc.line(f.start),
        "stated": f.stated, "kind": f.kind, "metric": f.metric,
        "dimensions": {k: {"value": d.value, "from": d.source} for k, d in f.dims.items()},
        "metric_from": f.metric_from or None,
        "compared_at": f.stated_value.precision(METRICS[f.metric].percent) if f.metric and f.stated_value else None,
        "verdict": f.verdict, "data_value": f.data_value or None, "data_year": f.data_year,
        "found_in": (r.found_in or None) if r else None, "difference": (r.difference or None) if r else None,
        "note": f.note, "source_table": (r.source_table or None) if r else None,
        "citation": (r.citation or None) if r else None,
    }
    return entry


def to_json(ac: ArticleCheck) -> str:
    out = {"article": ac.doc.name, "kind": ac.doc.kind, "title": ac.doc.title, "summary": summary(ac),
           "figures": [figure_entry(ac.doc, f) for f in ac.figures]}
    return json.dumps(out, indent=2, ensure_ascii=False, default=str) + "\n"


# ---------------------------------------------------------------- text

def summary(ac: ArticleCheck) -> str:
    figs = [f for f in ac.figures if not not_figure(f)]
    counts = {v: sum(f.verdict == v for f in figs) for v in ARTICLE_VERDICTS}
    contra = ", ".join(f"{counts[v]} {v}" for v in CONTRADICTED if counts[v])
    n_contra = sum(counts[v] for v in CONTRADICTED)
    parts = [f"{counts[CONFIRMED]} confirmed" if counts[CONFIRMED] else "",
             f"{n_contra} contradicted: {contra}" if n_contra else "",
             f"{counts[NOT_IN_DATA]} could not place (not in data)" if counts[NOT_IN_DATA] else ""]
    parts = "; ".join(p for p in parts if p)
    return (f"{len(ac.figures)} number(s) considered, {len(figs)} figure(s): "
            f"{sum(n for v, n in counts.items() if v != NOT_CHECKED)} checked" + (f" ({parts})" if parts else "")
            + f", {counts[NOT_CHECKED]} not checked")


def _dims_text(f: Figure) -> str:
    return "; ".join(f"{k} = {d.value} ({d.source})" for k, d in f.dims.items())


def format_text(ac: ArticleCheck) -> str:
    doc = ac.doc
    head = f"Fact check of {doc.name} ({doc.kind})" + (f": {doc.title}" if doc.title else "")
    blocks = [head]
    for f in ac.figures:
        if not_figure(f):
            continue
        rows = [("sentence", f"\"{f.sentence}\"")]
        if f.metric:
            rows.append(("read as", f"{f.metric}" + (f" (from {f.metric_from})" if f.metric_from else "")))
            rows.append(("dimensions", _dims_text(f) or "-"))
        if f.stated_value is not None and f.metric:
            rows.append(("stated", f"{f.stated} (compared at {f.stated_value.precision(METRICS[f.metric].percent)})"))
        if f.data_value:
            rows.append(("data value", f"{f.data_value} ({f.data_year})"))
        r = f.result
        if r is not None and r.found_in and f.verdict != CONFIRMED:
            rows.append(("found in", r.found_in))
        if f.note:
            rows.append(("note", f.note))
        if r is not None and r.source_table:
            rows.append(("source", r.source_table + (f"; {r.citation}" if r.citation else "")))
        width = max(len(k) for k, _ in rows)
        title = f"[{f.verdict.upper()}] {f.stated}  (figure {f.number}, line {doc.line(f.start)})"
        blocks.append("\n".join([title] + [f"  {k.ljust(width)}  {v}" for k, v in rows]))
    others = [f for f in ac.figures if not_figure(f)]
    if others:
        blocks.append("Not figures (not checked): " + ", ".join(f"{f.stated} ({f.kind}, line {doc.line(f.start)})"
                                                                for f in others))
    return "\n\n".join(blocks) + "\n\n" + summary(ac)


def write_file(path: Path, text: str) -> Path:
    from pipeline.errors import MatchstatsError
    from pipeline.store import publish

    try:
        publish.write_atomic(path, text)
    except OSError as exc:
        raise MatchstatsError(f"cannot write {path} ({exc.strerror or exc})", where=str(path),
                              todo="choose another path, or free space / fix its permissions") from None
    return path
