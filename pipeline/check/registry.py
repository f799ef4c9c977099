"""The metric registry of the fact-check: every checkable metric, the mart or table that holds it,
the columns its value is computed from, the dimensions it is selected by, and the related series a
text may have quoted instead. Also the verdict names and the dimensions a claim can have."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


CONFIRMED = "confirmed"
WRONG_YEAR = "wrong year"
WRONG_VALUE = "wrong value"
DIFFERENT_DEFINITION = "different definition"
NOT_IN_DATA = "not in data"
VERDICTS = (CONFIRMED, WRONG_YEAR, WRONG_VALUE, DIFFERENT_DEFINITION, NOT_IN_DATA)
DIMENSIONS = ("year", "applicant_type", "specialty_id", "position_level", "state", "outcome", "program_type")
PROGRAM_TYPES = ("categorical", "preliminary", "advanced", "reserved")


@dataclass(frozen=True)
class Source:
    """One relation (analysis or table) that can give a series' value per year.

    ``num`` (and ``den``) are SQL aggregates over the rows the claim's dimensions
    select; the value is ``num`` or, for a percentage, ``100 * num / den``.
    ``printed`` is an aggregate of a printed, rounded percentage used where the
    counts are missing (``printed_decimals`` digits)."""

    relation: str
    dims: dict  # claim dimension -> column; "year" is always present
    num: str
    den: str | None = None
    printed: str | None = None
    printed_decimals: int = 1
    where: str = "TRUE"
    tables: tuple = ()  # published tables behind it, for the citation
    label: str = ""  # shown with the relation, e.g. "definition = headline"
    cite_types: tuple = ()  # match_summary rows cited when the claim gives no applicant_type


@dataclass(frozen=True)
class Series:
    label: str
    sources: tuple  # of Source, preferred first (the analyses, then fallbacks)


@dataclass(frozen=True)
class Related:
    """A series a text may have quoted instead of the claimed one."""

    label: str
    series: Series
    set: dict = field(default_factory=dict)  # dimension values to set
    drop: tuple = ()  # dimensions to leave out
    when: Callable | None = None  # applies only when when(dims) is true
    # another quantity (positions offered rather than filled, registered rather than active applicants, those
    # who matched rather than all who preferred a specialty, positions left unfilled after the algorithm rather
    # than offered in SOAP), not another definition of the same one: an article's figure that equals it is as likely
    # read wrongly as quoted wrongly, so `check ARTICLE` does not judge it (issue 25)
    quantity: bool = False


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    percent: bool
    dims: tuple
    primary: Series
    related: tuple = ()
    defaults: dict = field(default_factory=dict)

    @property
    def unit(self) -> str:
        return "percent" if self.percent else "count"


YEAR = {"year": "match_year"}
AT = {"year": "match_year", "applicant_type": "applicant_type"}
SPEC = {"year": "match_year", "specialty_id": "specialty_id", "position_level": "position_level"}
SPEC_STATE = {**SPEC, "state": "state"}
HEADLINE_MARTS = ("match_rate_trends", "match_rate_headline")
ONE_ROW = "CASE WHEN count(*) = 1 THEN max({}) END"
IMG_TYPES = "applicant_type IN ('us_img', 'non_us_img')"
ALL_TYPES = "applicant_type = 'all_applicants'"


def _img_sum(col: str) -> str:
    """Sum over the two IMG applicant types, null unless both rows are there."""
    return (f"CASE WHEN count({col}) FILTER (WHERE {IMG_TYPES}) = 2 "
            f"THEN sum({col}) FILTER (WHERE {IMG_TYPES}) END")


def _headline(label: str, num: str, den: str | None = None, printed: str | None = None,
              dims: dict = AT, summary_num: str | None = None, summary_den: str | None = None,
              cite_types: tuple = ()) -> Series:
    """A series of the headline (couples included) figures: match_rate_trends, falling
    back to match_rate_headline and then match_summary when the analyses are absent."""
    marts = tuple(Source(rel, dims, num, den, printed, where="definition = 'headline'",
                         tables=("match_summary",), label="definition = headline", cite_types=cite_types)
                  for rel in HEADLINE_MARTS)
    base = Source("match_summary", dims, summary_num or num.replace("matched", "matched_pgy1"),
                  summary_den or (den.replace("matched", "matched_pgy1") if den else None), printed,
                  tables=("match_summary",), cite_types=cite_types)
    return Series(label, marts + (base,))


def _no_couples(label: str, num: str, den: str | None = None, dims: dict = AT) -> Series:
    return Series(label, (Source("match_rate_trends", dims, num, den, where="definition = 'no_couples'",
                                 tables=("rol_length",), label="definition = no_couples"),))


def _national(col: str, label: str) -> Series:
    return Series(label, (Source("positions_summary", YEAR, f"sum({col})", tables=("positions_summary",)),))


def _spec(label: str, num: str, den: str | None = None) -> Series:
    return Series(label, (Source("img_share_by_specialty", SPEC, num, den, tables=("state_specialty_results",)),
                          Source("img_share_by_state", SPEC_STATE, num, den, tables=("state_specialty_results",))))


NO_COUPLES_NOTE = "no-couples series (rank-order-list report)"
IMG = "(sum(us_img) + sum(non_us_img))"


def _level_swaps(series: Series) -> tuple:
    return (
        Related("all position levels (PGY-1, PGY-2, Physician)", series, drop=("position_level",),
                when=lambda d: "position_level" in d),
        Related("PGY-1 positions only", series, set={"position_level": "PGY-1"},
                when=lambda d: "position_level" not in d),
    )


def _registry() -> dict[str, Metric]:
    rate = _headline("headline PGY-1 match rate (couples included)", "sum(matched)", "sum(active_applicants)",
                     ONE_ROW.format("match_rate_pct"))
    rate_nc = _no_couples(NO_COUPLES_NOTE, "sum(matched)", "sum(active_applicants)")
    matched = _headline("applicants matched to PGY-1 positions (headline)", "sum(matched)")
    matched_nc = _no_couples(NO_COUPLES_NOTE, "sum(matched)")
    unmatched_nc = _no_couples("applicants who did not match, " + NO_COUPLES_NOTE, "sum(active_applicants) - sum(matched)")
    active = _headline("active applicants (certified a rank order list)", "sum(active_applicants)")
    active_nc = _no_couples(NO_COUPLES_NOTE + ": matched + unmatched", "sum(active_applicants)")
    registered = Series("registered applicants",
                        (Source("match_summary", AT, "sum(registered_applicants)", tables=("match_summary",)),))
    img_matched = _headline("IMGs (U.S.-citizen + non-U.S.-citizen) matched to PGY-1 positions",
                            _img_sum("matched"), dims=YEAR, summary_num=_img_sum("matched_pgy1"),
                            cite_types=("us_img", "non_us_img"))
    img_matched_nc = _no_couples(NO_COUPLES_NOTE, _img_sum("matched"), dims=YEAR)
    img_of_matched = _headline("IMGs' share of applicants matched to PGY-1 positions", _img_sum("matched"),
                               f"sum(matched) FILTER (WHERE {ALL_TYPES})", dims=YEAR,
                               summary_num=_img_sum("matched_pgy1"),
                               summary_den=f"sum(matched_pgy1) FILTER (WHERE {ALL_TYPES})",
                               cite_types=("all_applicants", "us_img", "non_us_img"))
    img_of_matched_nc = _no_couples(NO_COUPLES_NOTE, _img_sum("matched"),
                                    f"sum(matched) FILTER (WHERE {ALL_TYPES})", dims=YEAR)
    nat = {c: _national(c, lab) for c, lab in [
        ("positions_total", "all positions offered (PGY-1, PGY-2 and physician)"),
        ("positions_pgy1", "PGY-1 positions offered"),
        ("filled_total", "all positions filled"),
        ("filled_pgy1", "PGY-1 positions filled"),
        ("unfilled", "positions unfilled after the matching algorithm"),
        ("unfilled_offered_in_soap", "unfilled positions offered in SOAP")]}
    all_only = lambda d: d.get("applicant_type") == "all_applicants"  # noqa: E731

    positions = _spec("positions offered", "sum(positions)")
    filled = _spec("positions filled", "sum(filled)")
    fill = _spec("positions filled, % of positions offered", "sum(filled)", "sum(positions)")
    img_filled = _spec("positions filled by IMGs (U.S.-citizen + non-U.S.-citizen)", IMG)
    us_img_filled = _spec("positions filled by U.S.-citizen IMGs", "sum(us_img)")
    non_us_img_filled = _spec("positions filled by non-U.S.-citizen IMGs", "sum(non_us_img)")
    md_filled = _spec("positions filled by U.S. MD seniors", "sum(us_md_senior)")
    do_filled = _spec("positions filled by U.S. DO seniors", "sum(us_do_senior)")
    img_share = _spec("IMGs' share of positions filled", IMG, "sum(filled)")
    img_of_offered = _spec("IMGs' share of positions offered (not filled)", IMG, "sum(positions)")
    us_img_share = _spec("U.S.-citizen IMGs' share of positions filled", "sum(us_img)", "sum(filled)")
    non_us_img_share = _spec("non-U.S.-citizen IMGs' share of positions filled", "sum(non_us_img)", "sum(filled)")

    def prog(label, num, den=None):
        return Series(label, (Source("specialty_fill_trends", {"year": "match_year", "specialty_id": "specialty_id"},
                                     num, den, tables=("program_results",)),))

    p_quota = prog("positions offered, all program types (program results)", "sum(quota)")
    p_filled = prog("positions filled, all program types (program results)", "sum(filled)")
    p_fill = prog("positions filled, % of offered, all program types (program results)", "sum(filled)", "sum(quota)")
    p_unfilled = prog("positions unfilled after the Match, all program types (program results)", "sum(unfilled)")
    p_programs = prog("programs in the Match, all program types (program results)", "sum(programs)")
    no_state = lambda d: "state" not in d  # noqa: E731

    def from_programs(series):
        return Related(series.label, series, drop=("position_level",), when=no_state)

    def from_state_report(series):
        return (Related(series.label + ", all levels (state/specialty report)", series),
                Related(series.label + ", PGY-1 only (state/specialty report)", series,
                        set={"position_level": "PGY-1"}))

    def nat_metric(col, desc, level, quantity=None):
        return Metric(col, desc, False, ("year",), nat[col],
                      ((Related(nat[level].label, nat[level]),) if level else ())
                      + ((Related(nat[quantity].label, nat[quantity], quantity=True),) if quantity else ()))

    def spec_metric(name, desc, series, pct, related=()):
        return Metric(name, desc, pct, ("year", "specialty_id", "position_level", "state"), series,
                      _level_swaps(series) + tuple(related))

    def ptype(label, num, den=None):
        return Series(label, (Source("specialty_fill_by_program_type",
                                     {"year": "match_year", "specialty_id": "specialty_id",
                                      "program_type": "position_type"}, num, den, tables=("program_results",)),))

    t_quota = ptype("positions offered, by program type (program results)", "sum(quota)")
    t_filled = ptype("positions filled, by program type (program results)", "sum(filled)")
    t_fill = ptype("positions filled, % of offered, by program type (program results)", "sum(filled)", "sum(quota)")
    t_unfilled = ptype("positions unfilled after the Match, by program type (program results)", "sum(unfilled)")
    t_programs = ptype("programs in the Match, by program type (program results)", "sum(programs)")
    all_types = lambda d: "program_type" in d  # noqa: E731

    def type_metric(name, desc, series, pct, other):
        return Metric(name, desc, pct, ("year", "specialty_id", "program_type"), series,
                      (Related(other.label.replace("by program type", "all program types"), other, drop=("program_type",),
                               when=all_types),))

    charting = _charting_outcomes_metrics()
    metrics = [
        Metric("match_rate_pct", "PGY-1 match rate (%), NRMP headline definition: applicants matched to PGY-1 "
               "positions / active applicants, couples included", True, ("year", "applicant_type"), rate,
               (Related(NO_COUPLES_NOTE, rate_nc),), defaults={"applicant_type": "all_applicants"}),
        Metric("matched_pgy1", "applicants matched to PGY-1 positions (headline)", False, ("year", "applicant_type"),
               matched, (Related(NO_COUPLES_NOTE, matched_nc),
                         Related("all positions filled (PGY-1 and PGY-2), positions_summary", nat["filled_total"],
                                 drop=("applicant_type",), when=all_only)),
               defaults={"applicant_type": "all_applicants"}),
        Metric("active_applicants", "applicants who certified a rank order list (headline)", False,
               ("year", "applicant_type"), active,
               (Related("registered applicants", registered, quantity=True), Related(active_nc.label, active_nc)),
               defaults={"applicant_type": "all_applicants"}),
        Metric("unmatched_applicants", "applicants who did not match, as NRMP's rank order list report counts them "
               "(couples left out; the headline tables print no such count: a text's 'active minus matched' is its "
               "own arithmetic)", False, ("year", "applicant_type"), unmatched_nc,
               defaults={"applicant_type": "all_applicants"}),
        Metric("registered_applicants", "applicants registered for the Match (published for all applicants only)",
               False, ("year", "applicant_type"), registered,
               (Related("active applicants (certified a rank order list)", active, quantity=True),),
               defaults={"applicant_type": "all_applicants"}),
        Metric("img_matched_pgy1", "IMGs (U.S.-citizen + non-U.S.-citizen) matched to PGY-1 positions (headline)",
               False, ("year",), img_matched, (Related(NO_COUPLES_NOTE, img_matched_nc),)),
        Metric("img_share_of_matched_pct", "IMGs' share (%) of all applicants matched to PGY-1 positions "
               "(img_matched_pgy1 / matched_pgy1 of all applicants)", True, ("year",), img_of_matched,
               (Related(NO_COUPLES_NOTE, img_of_matched_nc),)),
        nat_metric("positions_total", "all positions offered in the Match, national", "positions_pgy1", "filled_total"),
        nat_metric("positions_pgy1", "PGY-1 positions offered, national", "positions_total", "filled_pgy1"),
        nat_metric("filled_total", "all positions filled, national", "filled_pgy1", "positions_total"),
        nat_metric("filled_pgy1", "PGY-1 positions filled, national", "filled_total", "positions_pgy1"),
        nat_metric("unfilled", "positions unfilled after the matching algorithm, national", None,
                   "unfilled_offered_in_soap"),
        nat_metric("unfilled_offered_in_soap", "unfilled positions offered in SOAP, national", None, "unfilled"),
        spec_metric("positions", "positions offered, per specialty / state / position level "
                    "(summed over what is not given)", positions, False, [from_programs(p_quota)]),
        spec_metric("filled", "positions filled, per specialty / state / position level", filled, False,
                    [Related(positions.label, positions, quantity=True), from_programs(p_filled)]),
        spec_metric("fill_pct", "positions filled as % of positions offered", fill, True, [from_programs(p_fill)]),
        spec_metric("img_filled", "positions filled by IMGs (U.S.-citizen + non-U.S.-citizen)", img_filled, False,
                    [Related(us_img_filled.label, us_img_filled), Related(non_us_img_filled.label, non_us_img_filled)]),
        spec_metric("us_img_filled", "positions filled by U.S.-citizen IMGs", us_img_filled, False,
                    [Related(img_filled.label, img_filled), Related(non_us_img_filled.label, non_us_img_filled)]),
        spec_metric("non_us_img_filled", "positions filled by non-U.S.-citizen IMGs", non_us_img_filled, False,
                    [Related(img_filled.label, img_filled), Related(us_img_filled.label, us_img_filled)]),
        spec_metric("us_md_senior_filled", "positions filled by U.S. MD seniors", md_filled, False,
                    [Related(do_filled.label, do_filled), Related(filled.label, filled)]),
        spec_metric("us_do_senior_filled", "positions filled by U.S. DO seniors", do_filled, False,
                    [Related(md_filled.label, md_filled), Related(filled.label, filled)]),
        spec_metric("img_share_pct", "IMGs' (U.S.-citizen + non-U.S.-citizen) share (%) of positions filled",
                    img_share, True,
                    [Related(img_of_offered.label, img_of_offered), Related(non_us_img_share.label, non_us_img_share),
                     Related(us_img_share.label, us_img_share)]),
        spec_metric("us_img_share_pct", "U.S.-citizen IMGs' share (%) of positions filled", us_img_share, True,
                    [Related(img_share.label, img_share), Related(non_us_img_share.label, non_us_img_share)]),
        spec_metric("non_us_img_share_pct", "non-U.S.-citizen IMGs' share (%) of positions filled", non_us_img_share,
                    True, [Related(img_share.label, img_share), Related(us_img_share.label, us_img_share)]),
        Metric("program_positions", "positions offered per specialty, all program types summed (program results, "
               "2021-2025)", False, ("year", "specialty_id"), p_quota,
               from_state_report(positions) + (Related(p_filled.label, p_filled, quantity=True),)),
        Metric("program_filled", "positions filled per specialty, all program types summed (program results)", False,
               ("year", "specialty_id"), p_filled,
               from_state_report(filled) + (Related(p_quota.label, p_quota, quantity=True),)),
        Metric("program_fill_pct", "positions filled as % of offered per specialty, all program types (program "
               "results)", True, ("year", "specialty_id"), p_fill, from_state_report(fill)),
        type_metric("program_type_positions", "positions offered per specialty and program type (categorical, "
                    "preliminary, advanced, reserved; program results)", t_quota, False, p_quota),
        type_metric("program_type_filled", "positions filled per specialty and program type (program results)",
                    t_filled, False, p_filled),
        type_metric("program_type_fill_pct", "positions filled as % of offered per specialty and program type "
                    "(program results)", t_fill, True, p_fill),
        Metric("program_unfilled", "positions left unfilled after the Match per specialty, all program types summed "
               "(program results)", False, ("year", "specialty_id"), p_unfilled),
        type_metric("program_type_unfilled", "positions left unfilled after the Match per specialty and program type "
                    "(program results)", t_unfilled, False, p_unfilled),
        Metric("program_count", "programs in the Match per specialty, all program types (program results)", False,
               ("year", "specialty_id"), p_programs),
        type_metric("program_type_count", "programs in the Match per specialty and program type (program results)",
                    t_programs, False, p_programs),
        *charting,
    ]
    return {m.name: m for m in metrics}


# -- Charting Outcomes (non-U.S. IMGs by preferred specialty; a transcription of NRMP's report) ----------

CO_TABLES = ("preferred_specialty_outcomes", "applicant_measures")
CO_AT = {"year": "match_year", "applicant_type": "applicant_type"}
CO_SPEC = {**CO_AT, "specialty_id": "specialty_id"}
CO_OUTCOME = {**CO_AT, "outcome": "outcome"}
CO_SPEC_OUTCOME = {**CO_SPEC, "outcome": "outcome"}


def _charting_outcomes_metrics() -> list[Metric]:
    """preferred_specialty_match_rate_pct and step2_median. A claim without specialty_id reads the
    all-specialty figures (the first source, which lacks that dimension); with one, the specialty's."""
    rate = Series("non-U.S. IMGs matched to their preferred specialty, % of those who preferred it",
                  (Source("preferred_specialty_overall", CO_AT, "sum(matched)", "sum(applicants)", tables=CO_TABLES,
                          label="all specialties, applicant-weighted"),
                   Source("step2_by_specialty", CO_SPEC, "sum(matched)", "sum(applicants)", tables=CO_TABLES)))
    headline = Series("the report's headline rate: unweighted mean of the charted specialties' rates",
                      (Source("step2_by_specialty", CO_AT, "avg(100 * matched::DOUBLE / applicants)",
                              tables=CO_TABLES),))
    charted = Series("applicant-weighted over the charted specialties only",
                     (Source("step2_by_specialty", CO_AT, "sum(matched)", "sum(applicants)", tables=CO_TABLES),))
    median = ONE_ROW.format("median")
    step2 = Series("median USMLE Step 2 CK score of non-U.S. IMGs who matched / did not match to their preferred "
                   "specialty",
                   (Source("applicant_measures", CO_OUTCOME, median,
                           where="measure = 'step2ck' AND specialty_id IS NULL",
                           tables=CO_TABLES, label="all specialties"),
                    Source("applicant_measures", CO_SPEC_OUTCOME, median,
                           where="measure = 'step2ck' AND specialty_id IS NOT NULL", tables=CO_TABLES)))
    no_spec = lambda d: "specialty_id" not in d  # noqa: E731
    other = "the other outcome (matched vs not_matched)"

    def count(col, what):
        return Series(f"non-U.S. IMGs who preferred the specialty: {what}",
                      (Source("preferred_specialty_outcomes", CO_AT, f"sum({col})", where="specialty_id IS NULL",
                              tables=CO_TABLES, label="all specialties"),
                       Source("preferred_specialty_outcomes", CO_SPEC, f"sum({col})", where="specialty_id IS NOT NULL",
                              tables=CO_TABLES)))

    counts = {c: count(c, w) for c, w in (("applicants", "applicants"), ("matched", "matched to it"),
                                          ("not_matched", "not matched to it"))}

    def count_metric(col, desc):
        rel = tuple(Related(counts[o].label, counts[o], quantity=True) for o in counts if o != col)
        return Metric(f"preferred_specialty_{col}", desc + " (Charting Outcomes, a transcription); without "
                      "specialty_id: all specialties", False, ("year", "applicant_type", "specialty_id"), counts[col],
                      rel, defaults={"applicant_type": "non_us_img"})

    return [
        count_metric("applicants", "non-U.S. IMGs who preferred a specialty (applicants)"),
        count_metric("matched", "non-U.S. IMGs matched to their preferred specialty"),
        count_metric("not_matched", "non-U.S. IMGs not matched to their preferred specialty"),
        Metric("preferred_specialty_match_rate_pct",
               "non-U.S. IMGs who matched to their preferred specialty, % of those who preferred it (Charting "
               "Outcomes, a transcription of NRMP's report); without specialty_id: all specialties, applicant-weighted",
               True, ("year", "applicant_type", "specialty_id"), rate,
               (Related(headline.label, headline, drop=("specialty_id",), when=no_spec),
                Related(charted.label, charted, drop=("specialty_id",), when=no_spec)),
               defaults={"applicant_type": "non_us_img"}),
        Metric("step2_median",
               "median USMLE Step 2 CK score of non-U.S. IMGs by preferred specialty and outcome (matched or "
               "not_matched to it; Charting Outcomes, a transcription); without specialty_id: all specialties",
               False, ("year", "applicant_type", "specialty_id", "outcome"), step2,
               (Related(other, step2, set={"outcome": "not_matched"}, when=lambda d: d.get("outcome") == "matched"),
                Related(other, step2, set={"outcome": "matched"}, when=lambda d: d.get("outcome") == "not_matched"),
                Related("all specialties", step2, drop=("specialty_id",), when=lambda d: "specialty_id" in d)),
               defaults={"applicant_type": "non_us_img"}),
    ]


METRICS: dict[str, Metric] = _registry()


# -- For `matchstats check ARTICLE` (issue #15): the verdict of a figure that is listed but not read as a
# claim, and the match rate of both IMG types together (articles quote it as "the IMG match rate").

NOT_CHECKED = "not checked"
ARTICLE_VERDICTS = VERDICTS + (NOT_CHECKED,)


def _img_match_rate() -> Metric:
    both = _headline("IMGs' (U.S.-citizen + non-U.S.-citizen) PGY-1 match rate, headline", _img_sum("matched"),
                     _img_sum("active_applicants"), dims=YEAR, summary_num=_img_sum("matched_pgy1"),
                     cite_types=("us_img", "non_us_img"))
    both_nc = _no_couples(NO_COUPLES_NOTE, _img_sum("matched"), _img_sum("active_applicants"), dims=YEAR)
    rate = METRICS["match_rate_pct"].primary
    return Metric("img_match_rate_pct", "PGY-1 match rate (%) of U.S.-citizen and non-U.S.-citizen IMGs together: "
                  "IMGs matched to PGY-1 positions / IMG active applicants (headline, couples included)", True,
                  ("year",), both,
                  (Related(NO_COUPLES_NOTE, both_nc),
                   Related("U.S.-citizen IMGs only", rate, set={"applicant_type": "us_img"}),
                   Related("non-U.S.-citizen IMGs only", rate, set={"applicant_type": "non_us_img"})))


METRICS["img_match_rate_pct"] = _img_match_rate()
# the average rank order list length of matched and unmatched applicants (NRMP's rank order list report, couples
# left out): outcome is "matched" or "unmatched"
METRICS["avg_rol_length"] = Metric(
    "avg_rol_length", "average number of programs ranked (rank order list length) by applicant type and outcome "
    "(matched or unmatched; NRMP's rank order list report, couples left out)", False,
    ("year", "applicant_type", "outcome"),
    Series("average rank order list length", (Source("rol_length", {**AT, "applicant_type": "group_name",
                                                                    "outcome": "outcome"},
                                                     ONE_ROW.format("avg_rol_length"), where="group_name <> 'programs'",
                                                     tables=("rol_length",)),)))


def describe_registry() -> str:
    """The metrics, their dimensions and where they come from (for `matchstats check --metrics`)."""
    lines = []
    for m in METRICS.values():
        rels = ", ".join(dict.fromkeys(s.relation for s in m.primary.sources))
        dflt = "".join(f"; default {k}={v}" for k, v in m.defaults.items())
        lines.append(f"{m.name} ({m.unit}): {m.description}")
        lines.append(f"    dimensions: {', '.join(m.dims)} (year required{dflt}); from: {rels}")
        if m.related:
            lines.append("    also compared with: " + "; ".join(dict.fromkeys(r.label for r in m.related)))
    return "\n".join(lines)
