"""``matchstats check``: fact-check quoted figures against the published data.

A claims file (YAML) lists figures as a text quotes them::

    claims:
      - text: "67.8% of U.S.-citizen IMGs matched to a PGY-1 position in 2024"
        metric: match_rate_pct
        dimensions: {year: 2024, applicant_type: us_img}
        stated: "67.8%"

Each claim's metric is looked up in one registry (``METRICS``), which maps the
metric to the analysis (mart) or table that holds it, the columns its value is
computed from, the dimensions it can be selected by, and the *related series*
that a text may have quoted instead (the no-couples match rates, all positions
instead of PGY-1, ...). Claim values reach SQL as bound parameters only; the SQL
text comes from the registry.

Verdicts (the first rule that applies wins):

``not in data``
    the claim's dimensions select no value in the stated year (the year is not
    covered, the analysis was not built, or the combination does not exist);
``confirmed``
    the stated value equals the data's value at the stated precision;
``different definition``
    not confirmed, but a related series matches in the stated year (which one is
    named);
``wrong year``
    the same series matches in one or more other years (they are named);
``wrong value``
    none of the above; the data's value and the difference are given.

Precision: the stated value is taken as written ("58%" has 0 decimals, "58.0"
one, "9,045" is a whole number; ``decimals: -3`` marks a figure rounded to
thousands). It stands for the interval of values that round half-up to it, e.g.
"58" for [57.5, 58.5). Where the data allow, the value is computed exactly from
its counts (58.0% of non-U.S. IMGs in 2025 is 6,653 / 11,465 = 58.028...%);
it is confirmed if it lies in the stated interval. A stated value is never
rounded. Where only a printed (rounded) figure exists (e.g. the 2022-2023 match
rates by applicant type), that figure stands for its own rounding interval and
the claim is confirmed when the two intervals overlap; the note then says so.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Callable

from pipeline.config import Paths
from pipeline.errors import InputError, MatchstatsError, UsageError

CONFIRMED = "confirmed"
WRONG_YEAR = "wrong year"
WRONG_VALUE = "wrong value"
DIFFERENT_DEFINITION = "different definition"
NOT_IN_DATA = "not in data"
VERDICTS = (CONFIRMED, WRONG_YEAR, WRONG_VALUE, DIFFERENT_DEFINITION, NOT_IN_DATA)

DIMENSIONS = ("year", "applicant_type", "specialty_id", "position_level", "state")
CLAIM_KEYS = ("id", "text", "metric", "dimensions", "stated", "decimals", "source", "note")
REQUIRED_KEYS = ("text", "metric", "dimensions", "stated")
TOP_KEYS = ("title", "source", "note", "claims")


# --------------------------------------------------------------------------- registry


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
    no_state = lambda d: "state" not in d  # noqa: E731

    def from_programs(series):
        return Related(series.label, series, drop=("position_level",), when=no_state)

    def from_state_report(series):
        return (Related(series.label + ", all levels (state/specialty report)", series),
                Related(series.label + ", PGY-1 only (state/specialty report)", series,
                        set={"position_level": "PGY-1"}))

    def nat_metric(col, desc, related):
        return Metric(col, desc, False, ("year",), nat[col],
                      tuple(Related(nat[r].label, nat[r]) for r in related))

    def spec_metric(name, desc, series, pct, related=()):
        return Metric(name, desc, pct, ("year", "specialty_id", "position_level", "state"), series,
                      _level_swaps(series) + tuple(related))

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
               (Related("registered applicants", registered), Related(active_nc.label, active_nc)),
               defaults={"applicant_type": "all_applicants"}),
        Metric("registered_applicants", "applicants registered for the Match (published for all applicants only)",
               False, ("year", "applicant_type"), registered,
               (Related("active applicants (certified a rank order list)", active),),
               defaults={"applicant_type": "all_applicants"}),
        Metric("img_matched_pgy1", "IMGs (U.S.-citizen + non-U.S.-citizen) matched to PGY-1 positions (headline)",
               False, ("year",), img_matched, (Related(NO_COUPLES_NOTE, img_matched_nc),)),
        Metric("img_share_of_matched_pct", "IMGs' share (%) of all applicants matched to PGY-1 positions "
               "(img_matched_pgy1 / matched_pgy1 of all applicants)", True, ("year",), img_of_matched,
               (Related(NO_COUPLES_NOTE, img_of_matched_nc),)),
        nat_metric("positions_total", "all positions offered in the Match, national",
                   ["positions_pgy1", "filled_total"]),
        nat_metric("positions_pgy1", "PGY-1 positions offered, national", ["positions_total", "filled_pgy1"]),
        nat_metric("filled_total", "all positions filled, national", ["filled_pgy1", "positions_total"]),
        nat_metric("filled_pgy1", "PGY-1 positions filled, national", ["filled_total", "positions_pgy1"]),
        nat_metric("unfilled", "positions unfilled after the matching algorithm, national",
                   ["unfilled_offered_in_soap"]),
        nat_metric("unfilled_offered_in_soap", "unfilled positions offered in SOAP, national", ["unfilled"]),
        spec_metric("positions", "positions offered, per specialty / state / position level "
                    "(summed over what is not given)", positions, False, [from_programs(p_quota)]),
        spec_metric("filled", "positions filled, per specialty / state / position level", filled, False,
                    [Related(positions.label, positions), from_programs(p_filled)]),
        spec_metric("fill_pct", "positions filled as % of positions offered", fill, True, [from_programs(p_fill)]),
        spec_metric("img_filled", "positions filled by IMGs (U.S.-citizen + non-U.S.-citizen)", img_filled, False,
                    [Related(us_img_filled.label, us_img_filled), Related(non_us_img_filled.label, non_us_img_filled)]),
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
               from_state_report(positions) + (Related(p_filled.label, p_filled),)),
        Metric("program_filled", "positions filled per specialty, all program types summed (program results)", False,
               ("year", "specialty_id"), p_filled, from_state_report(filled) + (Related(p_quota.label, p_quota),)),
        Metric("program_fill_pct", "positions filled as % of offered per specialty, all program types (program "
               "results)", True, ("year", "specialty_id"), p_fill, from_state_report(fill)),
    ]
    return {m.name: m for m in metrics}


METRICS: dict[str, Metric] = _registry()


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


# --------------------------------------------------------------------------- claims


@dataclass
class Stated:
    text: str  # as written
    value: Fraction
    decimals: int
    percent_sign: bool

    @property
    def half(self) -> Fraction:
        return Fraction(1, 2) / Fraction(10) ** self.decimals

    def precision(self, percent: bool) -> str:
        d = self.decimals
        if d > 0:
            return f"{d} decimal{'s' if d > 1 else ''}"
        if d == 0:
            return "integer precision" if percent else "exact count"
        return f"nearest {10 ** -d:,}"


@dataclass
class Claim:
    number: int
    line: int
    text: str
    metric: Metric
    dims: dict  # validated, with defaults applied
    stated: Stated
    id: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        return f"claim {self.number}" + (f" ({self.id})" if self.id else "")


NUMBER_RE = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_stated(text: str) -> tuple[Fraction, int, bool] | None:
    t = text.strip().replace("\u2009", "").replace("\u00a0", "").replace(" ", "")
    pct = t.endswith("%")
    if pct:
        t = t[:-1]
    if not NUMBER_RE.match(t):
        return None
    t = t.replace(",", "")
    decimals = len(t.split(".")[1]) if "." in t else 0
    return Fraction(Decimal(t)), decimals, pct


def _dimension_values() -> dict[str, tuple]:
    from pipeline import dictionary

    out = {}
    for dim, table in (("applicant_type", "match_summary"), ("position_level", "state_specialty_results"),
                       ("state", "state_specialty_results")):
        try:
            col = next(c for c in dictionary.spec(table).columns if c.name == dim)
            out[dim] = col.values or ()
        except (MatchstatsError, StopIteration):
            out[dim] = ()
    return out


def load_claims(file: Path) -> list[Claim]:
    """Read and validate a claims file; every problem names the file and the claim."""
    import yaml

    if not file.is_file():
        raise UsageError("the claims file does not exist", where=str(file),
                         todo="give the path of a YAML claims file (see claims/examples/img-residency-guide.yml)")
    try:
        root = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file} line {mark.line + 1}" if mark else str(file)
        raise InputError(f"the claims file is not valid YAML: {getattr(exc, 'problem', None) or exc}", where=where,
                         todo="fix the YAML syntax (quote texts that contain ': ' or start with a quote)") from None
    except UnicodeDecodeError:
        raise InputError("the claims file is not UTF-8 text", where=str(file), todo="save it as UTF-8") from None
    layout = "a top-level `claims:` list of mappings (see claims/examples/img-residency-guide.yml)"
    if not isinstance(root, yaml.MappingNode):
        raise InputError(f"expected {layout}", where=str(file), todo="add `claims:` with one entry per quoted figure")
    top = {k.value: v for k, v in root.value}
    unknown = [k for k in top if k not in TOP_KEYS]
    if unknown:
        raise InputError(f"unknown top-level key(s) {', '.join(unknown)}", where=str(file),
                         todo=f"use only: {', '.join(TOP_KEYS)}")
    seq = top.get("claims")
    if not isinstance(seq, yaml.SequenceNode) or not seq.value:
        raise InputError(f"expected {layout}; found no claims", where=str(file),
                         todo="add `claims:` with one entry per quoted figure")
    dim_values = _dimension_values()
    return [_claim(file, i, node, dim_values) for i, node in enumerate(seq.value, 1)]


def _claim(file: Path, number: int, node, dim_values: dict) -> Claim:
    import yaml

    line = node.start_mark.line + 1
    where = f"{file}, claim {number} (line {line})"

    def err(what: str, todo: str):
        return InputError(what, where=where, todo=todo)

    if not isinstance(node, yaml.MappingNode):
        raise err("a claim must be a mapping with text, metric, dimensions and stated",
                  "write the claim as `- text: ...` with metric, dimensions and stated below it")
    items = {k.value: v for k, v in node.value}
    unknown = [k for k in items if k not in CLAIM_KEYS]
    if unknown:
        raise err(f"unknown key(s) {', '.join(unknown)}", f"use only: {', '.join(CLAIM_KEYS)}")
    missing = [k for k in REQUIRED_KEYS if k not in items]
    if missing:
        raise err(f"missing {', '.join(missing)}", f"every claim needs: {', '.join(REQUIRED_KEYS)}")

    def scalar(key: str) -> str:
        n = items[key]
        if not isinstance(n, yaml.ScalarNode) or n.tag == "tag:yaml.org,2002:null" or not n.value.strip():
            raise err(f"`{key}` must be a single value", f"give `{key}` a value, e.g. {_EXAMPLES[key]}")
        return n.value.strip()

    text = scalar("text")
    name = scalar("metric")
    metric = METRICS.get(name)
    if metric is None:
        raise err(f"unknown metric {name!r}", f"use one of: {', '.join(METRICS)} "
                                              "(`matchstats check --metrics` describes them)")
    dnode = items["dimensions"]
    if not isinstance(dnode, yaml.MappingNode):
        raise err("`dimensions` must be a mapping", "write e.g. `dimensions: {year: 2024, applicant_type: us_img}`")
    given = {}
    for k, v in dnode.value:
        if not isinstance(v, yaml.ScalarNode) or not v.value.strip():
            raise err(f"dimension {k.value!r} must be a single value", "give one value per dimension")
        given[k.value] = v.value.strip()
    bad = [k for k in given if k not in metric.dims]
    if bad:
        other = [k for k in bad if k not in DIMENSIONS]
        what = (f"unknown dimension(s) {', '.join(other)}" if other
                else f"metric {name} has no dimension(s) {', '.join(bad)}")
        hint = ""
        if "specialty_id" in bad or "state" in bad:
            hint = " (per-specialty and per-state figures: metrics positions, filled, fill_pct, img_share_pct, ...)"
        raise err(what, f"metric {name} takes: {', '.join(metric.dims)}; the dimensions are {', '.join(DIMENSIONS)}"
                  + hint)
    dims = {k: v for k, v in metric.defaults.items()}
    dims.update(given)
    if "year" not in dims:
        raise err("no year in dimensions", "every claim needs `year` (the Match year the text gives or means)")
    dims = {dim: _dimension_value(dim, dims[dim], dim_values, err) for dim in metric.dims if dim in dims}

    parsed = parse_stated(scalar("stated"))
    if parsed is None:
        raise err(f"stated value {scalar('stated')!r} is not a number",
                  "write the number as quoted, e.g. \"67.8%\", 58, \"9,045\" (no words, no ranges)")
    value, decimals, pct = parsed
    if pct and not metric.percent:
        raise err(f"stated value {scalar('stated')} is a percentage but metric {name} is a count",
                  "use a percentage metric (e.g. match_rate_pct, img_share_pct) or drop the %")
    if "decimals" in items:
        try:
            decimals = int(scalar("decimals"))
        except ValueError:
            raise err("`decimals` must be a whole number",
                      "e.g. `decimals: -3` for a figure rounded to thousands") from None
        if (value * Fraction(10) ** decimals).denominator != 1:
            raise err(f"stated value {scalar('stated')} has more digits than `decimals: {decimals}` allows",
                      "give the value as quoted and `decimals` no smaller than its digits")
    return Claim(number=number, line=line, text=text, metric=metric, dims=dims,
                 stated=Stated(scalar("stated"), value, decimals, pct),
                 id=scalar("id") if "id" in items else "",
                 note=scalar("note") if "note" in items else "")


_EXAMPLES = {"text": "\"67.8% of U.S.-citizen IMGs matched\"", "metric": "match_rate_pct", "stated": "\"67.8%\"",
             "decimals": "1", "id": "us-img-rate", "source": "https://...", "note": "..."}


def _dimension_value(dim: str, raw: str, dim_values: dict, err):
    if dim == "year":
        if not re.fullmatch(r"\d{4}", raw) or not 1952 <= int(raw) <= 2100:
            raise err(f"year {raw!r} is not a Match year", "give the year as four digits, e.g. 2024")
        return int(raw)
    if dim == "specialty_id":
        from pipeline.specialties import crosswalk

        cw = crosswalk()
        sid = cw.search(raw)
        if sid is None:
            close = cw.closest(raw)
            raise err(f"unknown specialty {raw!r}",
                      "use a specialty_id from data/reference/specialties.csv"
                      + (f"; closest: {', '.join(close)}" if close else ""))
        return sid
    valid = dim_values.get(dim) or ()
    value = raw.upper() if dim == "state" else raw
    if dim == "position_level":
        value = {v.casefold(): v for v in valid}.get(raw.casefold(), raw)
    if valid and value not in valid:
        raise err(f"unknown {dim} {raw!r}", f"use one of: {', '.join(valid)}")
    return value


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Value:
    """A data value: exact (from counts) or as printed, standing for its rounding interval."""

    center: Fraction
    half: Fraction = Fraction(0)
    printed: str | None = None

    @property
    def exact(self) -> bool:
        return self.half == 0

    def matches(self, s: Stated) -> bool:
        lo, hi = s.value - s.half, s.value + s.half
        if self.exact:
            return lo <= self.center < hi
        return self.center - self.half < hi and lo < self.center + self.half

    def show(self, decimals: int) -> str:
        if not self.exact:
            return self.printed or fmt(self.center, decimals)
        return fmt(self.center, decimals)


def round_half_up(x: Fraction, decimals: int) -> Fraction:
    scale = Fraction(10) ** decimals
    sign = -1 if x < 0 else 1
    n = abs(x) * scale
    q = n.numerator // n.denominator
    if n - q >= Fraction(1, 2):
        q += 1
    return sign * Fraction(q) / scale


def fmt(x: Fraction, decimals: int, sign: bool = False) -> str:
    d = max(decimals, 0)
    r = round_half_up(x, d)
    s = f"{Decimal(r.numerator) / Decimal(r.denominator):,.{d}f}"
    if s.lstrip("-") == f"{0:.{d}f}":
        s = f"{0:.{d}f}"
    return ("+" + s if sign and not s.startswith("-") else s)


def _value(src: Source, num, den, printed) -> Value | None:
    if src.den is None:
        return None if num is None else Value(Fraction(num))
    if num is not None and den:
        return Value(100 * Fraction(num) / Fraction(den))
    if printed is not None:
        p = Decimal(repr(float(printed)))
        return Value(Fraction(p), Fraction(1, 2) / Fraction(10) ** src.printed_decimals,
                     printed=f"{p:.{src.printed_decimals}f}")
    return None


# --------------------------------------------------------------------------- checking


@dataclass
class SeriesData:
    series: Series
    source: Source | None  # None: no relation in the database can give it
    values: dict  # year -> Value
    years: list  # years with any selected row
    missing: str = ""  # why there is no source

    @property
    def relation(self) -> str:
        if self.source is None:
            return ""
        return self.source.relation + (f" ({self.source.label})" if self.source.label else "")


@dataclass
class Result:
    claim: Claim
    verdict: str
    data_value: str = ""
    data_year: int | None = None
    difference: str = ""
    found_in: str = ""
    series: str = ""
    source_table: str = ""
    citation: str = ""
    note: str = ""

    def row(self) -> dict:
        c = self.claim
        return {
            "claim": c.number, "id": c.id, "text": c.text, "metric": c.metric.name,
            "dimensions": "; ".join(f"{k}={v}" for k, v in c.dims.items()),
            "stated": c.stated.text, "compared_at": c.stated.precision(c.metric.percent),
            "verdict": self.verdict, "data_value": self.data_value,
            "data_year": "" if self.data_year is None else self.data_year,
            "difference": self.difference, "found_in": self.found_in, "series": self.series,
            "source_table": self.source_table, "citation": self.citation, "note": self.note,
        }


CSV_COLUMNS = ["claim", "id", "text", "metric", "dimensions", "stated", "compared_at", "verdict", "data_value",
               "data_year", "difference", "found_in", "series", "source_table", "citation", "note"]


class Checker:
    def __init__(self, paths: Paths, con=None):
        from pipeline import publish, warehouse

        self.paths = paths
        self.con = con if con is not None else warehouse.connect(paths)
        self.version = publish.current_version(paths) or (paths.processed if paths.processed.is_dir() else None)
        rows = self.con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal "
            "UNION SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()
        self.relations = {r[0] for r in rows}
        self._catalogue = None
        self._manual_titles = None

    def close(self):
        self.con.close()

    # -- data

    def fetch(self, series: Series, dims: dict) -> SeriesData:
        """The series' value per year for the claim's dimensions (other than year)."""
        usable = [s for s in series.sources if set(dims) <= set(s.dims)]
        present = [s for s in usable if s.relation in self.relations]
        if not present:
            name = usable[0].relation if usable else ""
            tables = ", ".join(usable[0].tables) if usable else ""
            return SeriesData(series, None, {}, [],
                              missing=(f"{name} is not in the database (it needs the table {tables}: run "
                                       "`matchstats fetch` and `matchstats pipeline`)") if usable else
                              "no analysis gives it for these dimensions")
        src = present[0]
        conds, params = [src.where], []
        for dim, v in dims.items():
            if dim == "year":
                continue
            conds.append(f'"{src.dims[dim]}" = ?')
            params.append(v)
        sql = (f'SELECT "{src.dims["year"]}" AS y, {src.num} AS num, {src.den or "NULL"} AS den, '
               f'{src.printed or "NULL"} AS printed FROM "{src.relation}" WHERE {" AND ".join(conds)} '
               f'GROUP BY 1 ORDER BY 1')
        values, years = {}, []
        for y, num, den, printed in self.con.execute(sql, params).fetchall():
            years.append(int(y))
            v = _value(src, num, den, printed)
            if v is not None:
                values[int(y)] = v
        return SeriesData(series, src, values, years)

    # -- verdict

    def check(self, claim: Claim) -> Result:
        m, s, year = claim.metric, claim.stated, claim.dims["year"]
        dims = dict(claim.dims)
        shown = max(s.decimals, 1 if m.percent else 0)
        unit = " points" if m.percent else ""
        primary = self.fetch(m.primary, dims)
        res = Result(claim, NOT_IN_DATA, series=m.primary.label, source_table=primary.relation)
        related = []
        for r in m.related:
            if r.when is not None and not r.when(dims):
                continue
            rdims = {k: v for k, v in dims.items() if k not in r.drop}
            rdims.update(r.set)
            related.append((r, self.fetch(r.series, rdims)))
        cite_from = [primary]

        here = primary.values.get(year)
        other_years = [y for y, v in sorted(primary.values.items(), reverse=True) if y != year and v.matches(s)]
        rel_here = [(r, d) for r, d in related if year in d.values and d.values[year].matches(s)]

        at_stated = ""
        if here is not None and here.exact and s.decimals < shown:
            at_stated = f" ({fmt(here.center, s.decimals)} at the stated precision)"

        def rel_text(pairs):
            return "; ".join(f"{r.label} = {d.values[year].show(shown)}" for r, d in pairs)

        if here is None:
            res.verdict = NOT_IN_DATA
            if primary.source is None:
                res.note = primary.missing
            else:
                covered = sorted(primary.values)
                sel = ", ".join(f"{k}={v}" for k, v in dims.items() if k != "year")
                res.note = (f"no value for {year}" + (f" ({sel})" if sel else "") + "; the data cover "
                            + (", ".join(map(str, covered)) if covered else "no year for these dimensions"))
                if other_years:
                    res.note += ("; the stated value equals the figure for "
                                 + ", ".join(f"{y} ({primary.values[y].show(shown)})" for y in other_years))
            if rel_here:
                res.note += f"; in {year} it matches another series: {rel_text(rel_here)}"
                cite_from += [d for _, d in rel_here]
        else:
            res.data_value = here.show(shown)
            res.data_year = year
            if here.matches(s):
                res.verdict = CONFIRMED
                res.found_in = str(year)
                if not here.exact:
                    res.note = (f"the data give only the printed, rounded {here.printed}; the stated {s.text} is "
                                "consistent with it")
            elif rel_here:
                res.verdict = DIFFERENT_DEFINITION
                res.found_in = f"{year}, " + "; ".join(r.label for r, _ in rel_here)
                res.difference = fmt(s.value - here.center, shown, sign=True) + unit
                res.note = (f"{s.text} matches another series in {year}: {rel_text(rel_here)}; "
                            f"{m.primary.label} = {here.show(shown)}")
                cite_from += [d for _, d in rel_here]
            elif other_years:
                res.verdict = WRONG_YEAR
                res.found_in = ", ".join(map(str, other_years))
                res.difference = fmt(s.value - here.center, shown, sign=True) + unit
                res.note = (f"{s.text} is the figure for "
                            + ", ".join(f"{y} ({primary.values[y].show(shown)})" for y in other_years)
                            + f"; the {year} figure is {here.show(shown)}{at_stated}")
            else:
                res.verdict = WRONG_VALUE
                res.difference = fmt(s.value - here.center, shown, sign=True) + unit
                res.note = f"the data give {here.show(shown)} for {year}{at_stated}"
                others = [(r, d) for r, d in related if year in d.values]
                if others:
                    res.note += "; related series: " + rel_text(others)
            if res.verdict != CONFIRMED:
                extra = []
                for r, d in related:
                    ys = [y for y, v in sorted(d.values.items(), reverse=True) if y != year and v.matches(s)]
                    if ys:
                        extra.append(f"{r.label} in " + ", ".join(f"{y} ({d.values[y].show(shown)})" for y in ys))
                if extra:
                    res.note += "; the stated value also matches " + "; ".join(extra)
        years_cited = {year} | ({int(y) for y in res.found_in.split(", ") if y.isdigit()}
                                if res.verdict == WRONG_YEAR else set())
        res.citation = self.citation(cite_from, years_cited, dims.get("applicant_type"))
        return res

    # -- citations

    def citation(self, data: list[SeriesData], years: set, applicant_type: str | None) -> str:
        out: list[str] = []
        for d in data:
            if d.source is None:
                continue
            types = (applicant_type,) if applicant_type else d.source.cite_types
            for table in d.source.tables:
                for c in self._table_citations(table, years, types):
                    if c not in out:
                        out.append(c)
        return "; ".join(out)

    def _catalogue_sources(self):
        if self._catalogue is None:
            from pipeline import catalogue

            try:
                self._catalogue = {s.id: s for s in catalogue.load(self.paths).sources}
            except MatchstatsError:
                self._catalogue = {}
        return self._catalogue

    def _table_citations(self, table: str, years: set, applicant_types: tuple) -> list[str]:
        import json

        cat = self._catalogue_sources()
        if table == "match_summary" and table in self.relations:
            # each row names its source: cite the rows behind the value
            sql = "SELECT DISTINCT match_year, applicant_type, source_id FROM match_summary WHERE match_year IN ({})"
            params = sorted(years)
            sql = sql.format(", ".join("?" for _ in params))
            if applicant_types:
                sql += f" AND applicant_type IN ({', '.join('?' for _ in applicant_types)})"
                params += list(applicant_types)
            rows = self.con.execute(sql + " ORDER BY 1 DESC, 2", params).fetchall()
            out = []
            for y, at, sid in rows:
                src = cat.get(sid)
                text = src.citation() if src else sid
                row_title = self._manual_title(sid, y, at) if src and src.bundled else None
                if row_title:
                    text = f"{row_title} (via {src.title})"
                if text not in out:
                    out.append(text)
            if out:
                return out
        ids = []
        if self.version is not None:
            meta = self.version / f"{table}.meta.json"
            try:
                ids = [i["id"] for i in json.loads(meta.read_text(encoding="utf-8")).get("inputs", [])]
            except (OSError, ValueError, KeyError, TypeError):
                ids = []
        return [cat[i].citation() if i in cat else i for i in ids]

    def _manual_title(self, source_id: str, year, applicant_type) -> str | None:
        """The per-row citation of a bundled facts file (its source_title column)."""
        if self._manual_titles is None:
            self._manual_titles = {}
        if source_id not in self._manual_titles:
            titles = {}
            src = self._catalogue_sources().get(source_id)
            try:
                with open(src.local(self.paths), newline="", encoding="utf-8") as f:
                    for row in csv.DictReader(f):
                        if row.get("source_title"):
                            titles[(row.get("match_year"), row.get("applicant_type"))] = row["source_title"]
            except (OSError, AttributeError, csv.Error):
                pass
            self._manual_titles[source_id] = titles
        return self._manual_titles[source_id].get((str(year), applicant_type))


def check_file(paths: Paths, file: Path) -> list[Result]:
    claims = load_claims(file)
    checker = Checker(paths)
    try:
        return [checker.check(c) for c in claims]
    finally:
        checker.close()


# --------------------------------------------------------------------------- output


def summary(results: list[Result]) -> str:
    counts = {v: sum(r.verdict == v for r in results) for v in VERDICTS}
    parts = [f"{n} {v}" for v, n in counts.items() if n]
    return f"{counts[CONFIRMED]} of {len(results)} claim(s) confirmed" + (f" ({', '.join(parts)})" if parts else "")


def format_text(results: list[Result]) -> str:
    blocks = []
    for r in results:
        c = r.claim
        dims = ", ".join(f"{k}={v}" for k, v in c.dims.items())
        rows = [
            ("verdict", r.verdict.upper()),
            ("metric", f"{c.metric.name} ({dims})"),
            ("stated", f"{c.stated.text} (compared at {c.stated.precision(c.metric.percent)})"),
            ("data value", f"{r.data_value} ({r.data_year})" if r.data_value else "-"),
        ]
        if r.difference:
            rows.append(("difference", f"{r.difference} (stated - data)"))
        if r.found_in:
            rows.append(("found in", r.found_in))
        rows.append(("series", r.series))
        rows.append(("source table", r.source_table or "-"))
        rows.append(("citation", r.citation or "-"))
        if r.note:
            rows.append(("note", r.note))
        width = max(len(k) for k, _ in rows)
        head = f"Claim {c.number}" + (f" [{c.id}]" if c.id else "") + f": \"{c.text}\""
        blocks.append("\n".join([head] + [f"  {k.ljust(width)}  {v}" for k, v in rows]))
    return "\n\n".join(blocks) + "\n\n" + summary(results)


def to_csv(results: list[Result]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in results:
        w.writerow(r.row())
    return buf.getvalue()


_COLOURS = {CONFIRMED: "#1a7f37", WRONG_YEAR: "#9a6700", WRONG_VALUE: "#cf222e",
            DIFFERENT_DEFINITION: "#8250df", NOT_IN_DATA: "#57606a"}


def to_html(results: list[Result], claims_file: Path, database: str = "") -> str:
    e = html.escape
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    db = f" (version {e(database)})" if database else ""
    rows = []
    for r in results:
        d = r.row()
        colour = _COLOURS[r.verdict]
        rows.append(
            "<tr>"
            f"<td>{e(str(d['claim']))}</td>"
            f"<td><q>{e(d['text'])}</q><div class=m>{e(d['metric'])} &middot; {e(d['dimensions'])}</div></td>"
            f"<td class=v style=\"color:{colour}\">{e(r.verdict)}</td>"
            f"<td class=n>{e(d['stated'])}<div class=m>{e(d['compared_at'])}</div></td>"
            f"<td class=n>{e(d['data_value'])}<div class=m>{e(str(d['data_year']))}</div></td>"
            f"<td class=n>{e(d['difference'])}</td>"
            f"<td>{e(d['found_in'])}</td>"
            f"<td>{e(d['series'])}<div class=m>{e(d['source_table'])}</div></td>"
            f"<td>{e(d['citation'])}</td>"
            f"<td>{e(d['note'])}</td>"
            "</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Fact check: {e(claims_file.name)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}}
table{{border-collapse:collapse;font-size:.9rem}}
th,td{{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;vertical-align:top;text-align:left}}
th{{background:#f6f8fa}} td.n{{text-align:right;white-space:nowrap}} td.v{{font-weight:600;white-space:nowrap}}
.m{{color:#57606a;font-size:.8rem}} q{{font-style:italic}}
</style></head><body>
<h1>Fact check: {e(claims_file.name)}</h1>
<p>{e(summary(results))}. Checked {e(stamp)} against the published data{db}.</p>
<p class=m>A claim is confirmed when the stated value equals the data's value at the stated precision
(the data rounded half-up to the digits the claim gives; the claim is never rounded). Wrong year: the same
figure belongs to another year. Different definition: a related series (no-couples, all positions instead of
PGY-1, ...) matches in the stated year. Not in data: nothing is selected for the stated year.
Difference = stated &minus; data.</p>
<table><thead><tr><th>#</th><th>Claim</th><th>Verdict</th><th>Stated</th><th>Data</th><th>Difference</th>
<th>Found in</th><th>Series / source table</th><th>Citation</th><th>Note</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""


def write_reports(results: list[Result], claims_file: Path, out_dir: Path, database: str = "") -> tuple[Path, Path]:
    from pipeline import publish

    stem = claims_file.stem
    csv_path, html_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.html"
    try:
        publish.write_atomic(csv_path, to_csv(results))
        publish.write_atomic(html_path, to_html(results, claims_file, database))
    except OSError as exc:
        raise MatchstatsError(f"cannot write the check reports ({exc.strerror or exc})", where=str(out_dir),
                              todo="choose another folder with --out, or free space / fix its permissions") from None
    return csv_path, html_path
