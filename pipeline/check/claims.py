"""Claims files (YAML): reading and checking each claim, and the stated value with its precision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from pipeline.errors import InputError, MatchstatsError, UsageError, shorten
from pipeline.check.registry import DIMENSIONS, METRICS, Metric


CLAIM_KEYS = ("id", "text", "metric", "dimensions", "stated", "decimals", "source", "note")
REQUIRED_KEYS = ("text", "metric", "dimensions", "stated")
TOP_KEYS = ("title", "source", "note", "claims")


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
    from pipeline.store import dictionary

    out = {}
    for dim, table in (("applicant_type", "match_summary"), ("position_level", "state_specialty_results"),
                       ("state", "state_specialty_results"), ("outcome", "applicant_measures")):
        try:
            col = next(c for c in dictionary.spec(table).columns if c.name == dim)
            out[dim] = col.values or ()
        except (MatchstatsError, StopIteration):
            out[dim] = ()
    return out


def load_claims(file: Path, problems: list | None = None) -> list[Claim]:
    """Read and validate a claims file; every problem names the file and the claim.

    With ``problems`` (a list), a claim that is not valid is appended to it as its InputError
    and the other claims are still returned; a problem with the file itself still raises."""
    if not file.is_file():
        raise UsageError("the claims file does not exist", where=str(file),
                         todo="give the path of a YAML claims file (see claims/examples/img-residency-guide.yml)")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("the claims file is not UTF-8 text", where=str(file), todo="save it as UTF-8") from None
    return parse_claims(text, file, problems)


def parse_claims(text: str, file: Path, problems: list | None = None) -> list[Claim]:
    """Validate the claims in a claims file's text (``file`` names it in errors; ``stdin`` for standard input)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file} line {mark.line + 1}" if mark else str(file)
        raise InputError(f"the claims file is not valid YAML: {getattr(exc, 'problem', None) or exc}", where=where,
                         todo="fix the YAML syntax (quote texts that contain ': ' or start with a quote)") from None
    layout = "a top-level `claims:` list of mappings (see claims/examples/img-residency-guide.yml)"
    if not isinstance(root, yaml.MappingNode):
        raise InputError(f"expected {layout}", where=str(file), todo="add `claims:` with one entry per quoted figure")
    top = {k.value: v for k, v in root.value}
    unknown = [k for k in top if k not in TOP_KEYS]
    if unknown:
        raise InputError(f"unknown top-level key(s) {shorten(', '.join(unknown))}", where=str(file),
                         todo=f"use only: {', '.join(TOP_KEYS)}")
    seq = top.get("claims")
    if not isinstance(seq, yaml.SequenceNode) or not seq.value:
        raise InputError(f"expected {layout}; found no claims", where=str(file),
                         todo="add `claims:` with one entry per quoted figure")
    dim_values = _dimension_values()
    if problems is None:
        return [_claim(file, i, node, dim_values) for i, node in enumerate(seq.value, 1)]
    out = []
    for i, node in enumerate(seq.value, 1):
        try:
            out.append(_claim(file, i, node, dim_values))
        except InputError as exc:
            problems.append(exc)
    return out


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
        raise err(f"unknown key(s) {shorten(', '.join(unknown))}", f"use only: {', '.join(CLAIM_KEYS)}")
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
        raise err(f"unknown metric {shorten(name)!r}", f"use one of: {', '.join(METRICS)} "
                                              "(`matchstats check --metrics` describes them)")
    dnode = items["dimensions"]
    if not isinstance(dnode, yaml.MappingNode):
        raise err("`dimensions` must be a mapping", "write e.g. `dimensions: {year: 2024, applicant_type: us_img}`")
    given = {}
    for k, v in dnode.value:
        if not isinstance(v, yaml.ScalarNode) or not v.value.strip():
            raise err(f"dimension {shorten(k.value)!r} must be a single value", "give one value per dimension")
        given[k.value] = v.value.strip()
    bad = [k for k in given if k not in metric.dims]
    if bad:
        other = [k for k in bad if k not in DIMENSIONS]
        what = (f"unknown dimension(s) {shorten(', '.join(other))}" if other
                else f"metric {name} has no dimension(s) {shorten(', '.join(bad))}")
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
        raise err(f"stated value {shorten(scalar('stated'))!r} is not a number",
                  "write the number as quoted, e.g. \"67.8%\", 58, \"9,045\" (no words, no ranges)")
    value, decimals, pct = parsed
    if pct and not metric.percent:
        raise err(f"stated value {shorten(scalar('stated'))} is a percentage but metric {name} is a count",
                  "use a percentage metric (e.g. match_rate_pct, img_share_pct) or drop the %")
    if "decimals" in items:
        try:
            decimals = int(scalar("decimals"))
        except ValueError:
            raise err("`decimals` must be a whole number",
                      "e.g. `decimals: -3` for a figure rounded to thousands") from None
        if (value * Fraction(10) ** decimals).denominator != 1:
            raise err(f"stated value {shorten(scalar('stated'))} has more digits than `decimals: {decimals}` allows",
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
            raise err(f"year {shorten(raw)!r} is not a Match year", "give the year as four digits, e.g. 2024")
        return int(raw)
    if dim == "specialty_id":
        from pipeline.ingest.specialties import crosswalk, lookup

        cw = crosswalk()
        hit = lookup(raw, cw)  # the same reading as `matchstats report --specialty`
        if hit.kind != "exact":  # a claim names its specialty: a guessed or partial name is not taken
            hit.text = shorten(raw)
            what = hit.message(cw.names).rstrip(".")
            if hit.kind in ("word", "guess"):
                what = f"specialty {hit.text} is not an exact name; it would be taken for " \
                       f"{cw.names[hit.sid]} ({hit.sid})"
            raise err(what, "use a specialty_id, display name or alias from data/reference/specialties.csv "
                            "(`matchstats specialties` lists them)")
        return hit.sid
    if dim == "program_type":
        from pipeline.check.registry import PROGRAM_TYPES

        if raw.casefold() not in PROGRAM_TYPES:
            raise err(f"unknown program_type {shorten(raw)!r}", f"use one of: {', '.join(PROGRAM_TYPES)}")
        return raw.casefold()
    valid = dim_values.get(dim) or ()
    value = raw.upper() if dim == "state" else raw
    if dim == "position_level":
        value = {v.casefold(): v for v in valid}.get(raw.casefold(), raw)
    if valid and value not in valid:
        raise err(f"unknown {dim} {shorten(raw)!r}", f"use one of: {', '.join(valid)}")
    return value
