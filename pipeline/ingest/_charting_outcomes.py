"""Reading the transcription of NRMP's *Charting Outcomes in the Match: Characteristics of
Non-U.S. IMGs* (``kind: charting_outcomes_img``), shared by the tables
``preferred_specialty_outcomes`` and ``applicant_measures``.

The file is not NRMP's: it is a public transcription of the 255-page report, published as
the JavaScript file of a web page (``const DATA = {...};`` with JSON inside). It is read as
data, never evaluated: the assignment is stripped and the rest parsed as strict JSON
(duplicate keys, NaN and trailing text are errors). Its structure is checked key by key;
anything unexpected -- a missing, renamed or extra key, a wrong type, a quartile out of
order -- is an :class:`~pipeline.errors.InputError` naming the key path (for example
``specialties[3].metrics.step2ck.matched.q1``), and the key path of every row is its
``_source_line``.

Layout (2026 edition):

* ``overall``: the report's totals -- non-U.S. IMGs matched / not matched to their preferred
  specialty over all specialties (``totalImgMatched``, ``totalImgNotMatched``, ``totalImg``),
  positions and all applicants (``totalPositions``, ``totalAllApplicants``), the report's
  headline rate (``reportHeadlineRate``: the unweighted mean of the charted specialties' rates)
  and the applicant-weighted rate (``weightedMatchRate``), and ``aggregate``: the
  all-specialty medians of each measure (printed as text: "248", "5.0", "2.2%").
* ``metrics``: the nine measures (key, label, unit, whether NRMP verified it).
* ``specialties``: one entry per charted specialty (name, positions, allApplicants,
  imgMatched, imgNotMatched, imgTotal, matchRate) with, per measure and outcome
  (``matched`` / ``not_matched``), n, min, q1, median, q3, max, iqr, mean and sd. Cohorts
  too small to show are suppressed: n is given and every other statistic is null.

The file names no year: the Match year is the one year of the catalogue entry (``years``
in data/raw/sources.yml), never typed here.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.errors import InputError
from pipeline.validate.failures import Failure

KIND = "charting_outcomes_img"
APPLICANT_TYPE = "non_us_img"  # the population of this report kind: non-U.S.-citizen IMGs
MEASURES = ("step2ck", "contiguous_ranks", "specialties_ranked", "research", "abstracts", "presentations",
            "publications", "work", "volunteer")
VERIFIED = ("step2ck",)  # the measures the data dictionary says NRMP verified (checked against the file)
OUTCOMES = ("matched", "not_matched")
STATS = ("n", "min", "q1", "median", "q3", "max", "iqr", "mean", "sd")
KEPT_STATS = ("n", "min", "q1", "median", "q3", "max", "mean", "sd")

TOP_KEYS = ("overall", "metrics", "specialties")
OVERALL_KEYS = ("activeApplicants", "imgShareOfPool", "analysisSample", "consentedMatched", "consentedNotMatched",
                "totalImgMatched", "totalImgNotMatched", "totalImg", "weightedMatchRate", "reportHeadlineRate",
                "totalPositions", "totalAllApplicants", "aggregate")
AGGREGATE_KEYS = ("measure", "matched", "notMatched", "separates")
METRIC_KEYS = ("key", "label", "unit", "verified", "desc", "higherBetter")
SPECIALTY_KEYS = ("name", "short", "positions", "allApplicants", "imgMatched", "imgNotMatched", "imgTotal",
                  "matchRate", "allPerPos", "imgPerPos", "metrics", "phd", "gradDegree")
# aggregate rows that are shares of applicants, not one of the measures (not kept in the tables)
AGGREGATE_SHARES = {"Has a Ph.D.": "phd", "Has another graduate degree": "gradDegree"}

RATE_TOLERANCE = 0.05 + 1e-9   # a printed one-decimal rate vs the exact rate, percentage points
IQR_TOLERANCE = 0.05 + 1e-9    # printed iqr vs q3 - q1

TODO = ("the transcription's layout differs from the one this reader knows: compare the file with the catalogue "
        "entry (md5) and the published report; if it is a new edition, update pipeline/ingest/_charting_outcomes.py "
        "and the data dictionary only after checking what changed -- never edit the file by hand")
_PREFIX_RE = re.compile(r"^\ufeff?\s*const\s+DATA\s*=\s*")
_SUFFIX_RE = re.compile(r"\}\s*;\s*$")
_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)?%?$")


class _Obj(dict):
    """A JSON object that remembers keys it saw more than once."""

    dups: tuple = ()


def _pairs(pairs):
    obj, dups = _Obj(), []
    for k, v in pairs:
        if k in obj:
            dups.append(k)
        obj[k] = v
    obj.dups = tuple(dups)
    return obj


def _no_constant(name):
    raise ValueError(f"{name} is not valid JSON")


@dataclass
class Report:
    """One edition, read and checked: the rows of both tables and the checks of printed figures."""

    source_id: str
    path: str  # as catalogued, under data/raw/
    year: int
    outcomes: list[dict] = field(default_factory=list)  # preferred_specialty_outcomes rows
    measures: list[dict] = field(default_factory=list)  # applicant_measures rows
    failures: list[Failure] = field(default_factory=list)  # printed rates that disagree with the counts


class _Reader:
    def __init__(self, file: Path):
        self.file = file

    def fail(self, key: str, what: str, todo: str = TODO):
        raise InputError(f"{key}: {what}" if key else what, where=str(self.file), todo=todo)

    def obj(self, v, key: str, keys: tuple) -> dict:
        if not isinstance(v, dict):
            self.fail(key, f"expected an object with the keys {', '.join(keys)}; found {_kind(v)}")
        if getattr(v, "dups", ()):
            self.fail(key, f"the key {v.dups[0]!r} appears more than once")
        missing = [k for k in keys if k not in v]
        extra = [k for k in v if k not in keys]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"no key {', '.join(repr(k) for k in missing)}")
            if extra:
                parts.append(f"unexpected key {', '.join(repr(k) for k in extra)}")
            self.fail(key, f"{' and '.join(parts)}; expected the keys {', '.join(keys)}")
        return v

    def lst(self, v, key: str) -> list:
        if not isinstance(v, list) or not v:
            self.fail(key, f"expected a non-empty list; found {_kind(v)}")
        return v

    def count(self, v, key: str, nullable: bool = False) -> int | None:
        if v is None and nullable:
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            self.fail(key, f"expected a count (a whole number, 0 or more); found {_kind(v)}")
        return v

    def number(self, v, key: str, nullable: bool = False) -> float | None:
        if v is None and nullable:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.fail(key, f"expected a number{' or null' if nullable else ''}; found {_kind(v)}")
        return float(v)

    def text(self, v, key: str) -> str:
        if not isinstance(v, str) or not v.strip():
            self.fail(key, f"expected a text; found {_kind(v)}")
        return v.strip()


def _kind(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return f"the boolean {str(v).lower()}"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if isinstance(v, str):
        return f"the text {v[:40]!r}"
    if isinstance(v, list):
        return f"a list of {len(v)}"
    return "an object"


def parse_json(file: Path) -> dict:
    """The JSON object assigned to DATA, parsed strictly (never evaluated)."""
    r = _Reader(file)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        r.fail("", f"the file is not UTF-8 text (byte {exc.start})",
               todo="check that this is the transcription's data.js and not another file")
    m = _PREFIX_RE.match(text)
    if not m:
        r.fail("", f"the file does not start with `const DATA = {{`; it starts with {text[:40]!r}",
               todo="check that this is the transcription's src/data.js (see data/raw/sources.yml), not another "
                    "file")
    body = text[m.end():]
    if not _SUFFIX_RE.search(body) and "};" in body:
        end = body.rindex("};") + 2
        r.fail("", f"unexpected text after the closing `}};` of `const DATA = {{...}};`: {body[end:].strip()[:40]!r} "
                   "(the file must hold the data only)",
               todo="check that this is the transcription's src/data.js (see data/raw/sources.yml); it is read as "
                    "data and never run")
    if not _SUFFIX_RE.search(body):
        lines = text.count("\n") + 1
        r.fail("", f"the file ends at line {lines} without the closing `}};` of `const DATA = {{...}};` "
                   f"(last characters {text[-30:]!r}): it looks truncated",
               todo="download the file again (`matchstats fetch`); its md5 must match the catalogue")
    body = body[: _SUFFIX_RE.search(body).start() + 1]
    offset_line = text[: m.end()].count("\n")
    try:
        data = json.loads(body, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        r.fail("", f"the JSON inside `const DATA = ...;` is not valid at line {exc.lineno + offset_line} column "
                   f"{exc.colno}: {exc.msg}", todo="download the file again; do not edit it by hand")
    except ValueError as exc:
        r.fail("", f"the JSON inside `const DATA = ...;` is not valid: {exc}",
               todo="download the file again; do not edit it by hand")
    except RecursionError:  # Python's JSON parser recurses once per level of nesting
        r.fail("", "the JSON inside `const DATA = ...;` is nested too deeply to read (more than about "
                   f"{sys.getrecursionlimit() - 50} levels of lists or objects; the transcription has 5)",
               todo="check that this is the transcription's src/data.js (see data/raw/sources.yml); download it "
                    "again; do not edit it by hand")
    return data


def _stat_block(r: _Reader, v, key: str, outcome_total: int) -> dict:
    """One measure x outcome: n and the statistics (all null when suppressed), in order."""
    v = r.obj(v, key, STATS)
    n = r.count(v["n"], f"{key}.n")
    vals = {s: r.number(v[s], f"{key}.{s}", nullable=True) for s in STATS[1:]}
    given = [s for s in STATS[1:] if vals[s] is not None]
    if given and len(given) != len(STATS) - 1:
        missing = [s for s in STATS[1:] if vals[s] is None]
        r.fail(f"{key}.{missing[0]}", f"null while {', '.join(given)} are given: a suppressed cohort has every "
                                      "statistic null, a shown one none")
    if n > outcome_total:
        r.fail(f"{key}.n", f"n = {n:,} is more than the {outcome_total:,} applicants of this outcome")
    if given:
        order = ("min", "q1", "median", "q3", "max")
        for a, b in zip(order, order[1:]):
            if vals[a] > vals[b]:
                r.fail(f"{key}.{b}", f"{b} = {vals[b]:g} is below {a} = {vals[a]:g} (expected min <= q1 <= median "
                                     "<= q3 <= max)")
        if not vals["min"] <= vals["mean"] <= vals["max"]:
            r.fail(f"{key}.mean", f"mean = {vals['mean']:g} is outside [min, max] = [{vals['min']:g}, "
                                  f"{vals['max']:g}]")
        if vals["sd"] < 0:
            r.fail(f"{key}.sd", f"sd = {vals['sd']:g} is negative")
        if abs(vals["iqr"] - (vals["q3"] - vals["q1"])) > IQR_TOLERANCE:
            r.fail(f"{key}.iqr", f"iqr = {vals['iqr']:g} but q3 - q1 = {vals['q3'] - vals['q1']:g}")
        if n == 0:
            r.fail(f"{key}.n", "n = 0 but statistics are given")
    return {"n": n, **{s: vals[s] for s in KEPT_STATS[1:]}}


def _printed_number(r: _Reader, v, key: str, percent: bool) -> float:
    t = r.text(v, key)
    if not _NUMBER_RE.match(t) or t.endswith("%") != percent:
        expected = "a percentage such as '2.2%'" if percent else "a number such as '248'"
        r.fail(key, f"expected {expected}; found {t!r}")
    return float(t.rstrip("%"))


def _rate_failure(table: str, check: str, year: int, printed: float, exact: float, what: str,
                  examples: list[dict]) -> Failure:
    return Failure(table, check, f"{what}: printed {printed:.1f}% but the counts give {exact:.3f}% (more than 0.05 "
                                 "points apart)", examples, year=year, observed=printed, expected=round(exact, 3))


@lru_cache(maxsize=8)
def _read_cached(file: str, size: int, mtime_ns: int, source_id: str, source_path: str, year: int) -> Report:
    return _read(Path(file), source_id, source_path, year)


def read(file: Path, source) -> Report:
    """Read one edition (``source``: its catalogue entry); parsed once per process and file version."""
    file = Path(file)
    years = tuple(getattr(source, "years", ()) or ())
    if len(years) != 1:
        raise InputError(f"catalogue entry {source.id!r} covers the years {list(years)}; a Charting Outcomes "
                         "edition is one Match year", where="data/raw/sources.yml",
                         todo="give the entry the one Match year of the report, e.g. `years: [2026]` (the file "
                              "itself names no year)")
    st = file.stat()
    return _read_cached(str(file), st.st_size, st.st_mtime_ns, source.id, source.path, int(years[0]))


def _read(file: Path, source_id: str, source_path: str, year: int) -> Report:
    from pipeline.ingest.specialties import crosswalk

    r = _Reader(file)
    data = r.obj(parse_json(file), "", TOP_KEYS)
    rep = Report(source_id, source_path, year)

    # metrics: the nine measures, each once
    metrics = r.lst(data["metrics"], "metrics")
    labels: dict[str, str] = {}
    for i, m in enumerate(metrics):
        key = f"metrics[{i}]"
        m = r.obj(m, key, METRIC_KEYS)
        k = r.text(m["key"], f"{key}.key")
        if k not in MEASURES:
            r.fail(f"{key}.key", f"unknown measure {k!r}; the known measures are {', '.join(MEASURES)}")
        if k in labels:
            r.fail(f"{key}.key", f"measure {k!r} is listed twice")
        labels[k] = r.text(m["label"], f"{key}.label")
        r.text(m["unit"], f"{key}.unit")
        if not isinstance(m["verified"], bool):
            r.fail(f"{key}.verified", f"expected true or false; found {_kind(m['verified'])}")
        if m["verified"] != (k in VERIFIED):
            r.fail(f"{key}.verified", f"the file says {k} is {'' if m['verified'] else 'not '}verified by NRMP; the "
                                      "data dictionary (pipeline/dictionary/applicant_measures.yml) says otherwise",
                   todo="check the report; update VERIFIED in pipeline/ingest/_charting_outcomes.py and the "
                        "dictionary's caveats together")
    absent = [k for k in MEASURES if k not in labels]
    if absent:
        r.fail("metrics", f"the measure(s) {', '.join(absent)} are missing")

    # overall: the report's totals and all-specialty medians
    ov = r.obj(data["overall"], "overall", OVERALL_KEYS)
    tot = {k: r.count(ov[k], f"overall.{k}") for k in ("totalImgMatched", "totalImgNotMatched", "totalImg",
                                                        "totalPositions", "totalAllApplicants")}
    rates = {k: r.number(ov[k], f"overall.{k}") for k in ("weightedMatchRate", "reportHeadlineRate")}
    if tot["totalImgMatched"] + tot["totalImgNotMatched"] != tot["totalImg"]:
        r.fail("overall.totalImg", f"{tot['totalImg']:,} is not totalImgMatched + totalImgNotMatched = "
                                   f"{tot['totalImgMatched']:,} + {tot['totalImgNotMatched']:,}")
    rep.outcomes.append({
        "match_year": year, "applicant_type": APPLICANT_TYPE, "specialty_id": None,
        "positions": tot["totalPositions"], "applicants_all_types": tot["totalAllApplicants"],
        "applicants": tot["totalImg"], "matched": tot["totalImgMatched"], "not_matched": tot["totalImgNotMatched"],
        "_source_file": source_path, "_source_line": "overall"})
    by_label = {v: k for k, v in labels.items()}
    seen_agg: dict[str, str] = {}
    for i, a in enumerate(r.lst(ov["aggregate"], "overall.aggregate")):
        key = f"overall.aggregate[{i}]"
        a = r.obj(a, key, AGGREGATE_KEYS)
        label = r.text(a["measure"], f"{key}.measure")
        measure = by_label.get(label)
        if measure is None and label not in AGGREGATE_SHARES:
            r.fail(f"{key}.measure", f"{label!r} is neither a measure label of `metrics` "
                                     f"({', '.join(labels.values())}) nor one of {', '.join(AGGREGATE_SHARES)}")
        if label in seen_agg:
            r.fail(f"{key}.measure", f"{label!r} is listed twice (first at {seen_agg[label]})")
        seen_agg[label] = key
        values = {o: _printed_number(r, a[src], f"{key}.{src}", percent=measure is None)
                  for o, src in (("matched", "matched"), ("not_matched", "notMatched"))}
        if measure is None:
            continue
        for outcome, src in (("matched", "matched"), ("not_matched", "notMatched")):
            rep.measures.append({
                "match_year": year, "applicant_type": APPLICANT_TYPE, "specialty_id": None, "outcome": outcome,
                "measure": measure, **{s: None for s in KEPT_STATS}, "median": values[outcome],
                "_source_file": source_path, "_source_line": f"{key}.{src}"})
    absent = [labels[k] for k in MEASURES if labels[k] not in seen_agg]
    if absent:
        r.fail("overall.aggregate", f"no all-specialty median for {', '.join(absent)}")

    # specialties
    specs = r.lst(data["specialties"], "specialties")
    names = []
    rate_off = []
    for i, s in enumerate(specs):
        key = f"specialties[{i}]"
        s = r.obj(s, key, SPECIALTY_KEYS)
        name = r.text(s["name"], f"{key}.name")
        names.append(name)
        c = {k: r.count(s[k], f"{key}.{k}") for k in ("positions", "allApplicants", "imgMatched", "imgNotMatched",
                                                      "imgTotal")}
        printed = r.number(s["matchRate"], f"{key}.matchRate")
        if c["imgTotal"] == 0:
            r.fail(f"{key}.imgTotal", "no non-U.S. IMG preferred this specialty, so there is no rate to chart")
        exact = 100 * c["imgMatched"] / c["imgTotal"]
        if abs(printed - exact) > RATE_TOLERANCE:
            rate_off.append({"specialty": name, "matched": c["imgMatched"], "applicants": c["imgTotal"],
                             "printed_match_rate": printed, "exact_match_rate": round(exact, 3),
                             "source_line": f"{key}.matchRate"})
        rep.outcomes.append({
            "match_year": year, "applicant_type": APPLICANT_TYPE, "specialty_id": name,  # label, resolved below
            "positions": c["positions"], "applicants_all_types": c["allApplicants"], "applicants": c["imgTotal"],
            "matched": c["imgMatched"], "not_matched": c["imgNotMatched"],
            "_source_file": source_path, "_source_line": key, "_exact_rate": exact})
        ms = r.obj(s["metrics"], f"{key}.metrics", MEASURES)
        for measure in MEASURES:
            mkey = f"{key}.metrics.{measure}"
            block = r.obj(ms[measure], mkey, OUTCOMES)
            for outcome in OUTCOMES:
                total = c["imgMatched"] if outcome == "matched" else c["imgNotMatched"]
                stats = _stat_block(r, block[outcome], f"{mkey}.{outcome}", total)
                rep.measures.append({
                    "match_year": year, "applicant_type": APPLICANT_TYPE, "specialty_id": name, "outcome": outcome,
                    "measure": measure, **stats, "_source_file": source_path, "_source_line": f"{mkey}.{outcome}"})
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        r.fail("specialties", f"the specialty {dup[0]!r} is listed more than once")

    # every label resolves through the crosswalk (one error listing all unknown labels)
    ids = crosswalk().resolve_labels(names, where=f"{file} (specialties[].name)")
    by_id: dict[str, str] = {}
    for n in names:
        if ids[n] in by_id:
            r.fail("specialties", f"{by_id[ids[n]]!r} and {n!r} are the same specialty ({ids[n]}) in the crosswalk",
                   todo="give each label its own specialty_id in data/reference/specialties.csv, or check the file")
        by_id[ids[n]] = n
    for row in rep.outcomes + rep.measures:
        if row["specialty_id"] is not None:
            row["specialty_id"] = ids[row["specialty_id"]]

    # printed rates against the counts (validation failures: nothing is published when one disagrees)
    table = "preferred_specialty_outcomes"
    if rate_off:
        rep.failures.append(Failure(table, "printed_match_rate_matches_counts",
                                    f"{len(rate_off)} printed specialty match rates differ from 100 * imgMatched / "
                                    f"imgTotal by more than 0.05 points, e.g. {rate_off[0]['specialty']}: printed "
                                    f"{rate_off[0]['printed_match_rate']:.1f}% vs "
                                    f"{rate_off[0]['exact_match_rate']:.3f}%",
                                    rate_off, year=year))
    weighted = 100 * tot["totalImgMatched"] / tot["totalImg"] if tot["totalImg"] else float("nan")
    if not abs(rates["weightedMatchRate"] - weighted) <= RATE_TOLERANCE:
        rep.failures.append(_rate_failure(table, "printed_weighted_rate_matches_counts", year,
                                          rates["weightedMatchRate"], weighted,
                                          "overall.weightedMatchRate vs 100 * totalImgMatched / totalImg",
                                          [{"source_line": "overall.weightedMatchRate"}]))
    spec_rates = [row.pop("_exact_rate") for row in rep.outcomes if "_exact_rate" in row]
    mean = sum(spec_rates) / len(spec_rates)
    if abs(rates["reportHeadlineRate"] - mean) > RATE_TOLERANCE:
        rep.failures.append(_rate_failure(table, "printed_headline_rate_is_mean_of_specialty_rates", year,
                                          rates["reportHeadlineRate"], mean,
                                          f"overall.reportHeadlineRate vs the unweighted mean of the {len(spec_rates)} "
                                          "specialties' rates (the definition the data dictionary gives)",
                                          [{"source_line": "overall.reportHeadlineRate"}]))
    return rep


def read_editions(inputs) -> list[Report]:
    """Every present edition of the kind (at least one), newest first; one edition per Match year."""
    reports, years = [], {}
    for ed in inputs.require(KIND):
        rep = read(ed.path, ed.source)
        if rep.year in years:
            raise InputError(f"two editions cover the {rep.year} Match: {years[rep.year]} and {ed.source.id}",
                             where="data/raw/sources.yml", todo="keep one catalogue entry per Match year")
        years[rep.year] = ed.source.id
        reports.append(rep)
    return reports


def transcription_note(reports: list[Report]) -> str:
    files = ", ".join(dict.fromkeys(r.path for r in reports))
    return f"read from a transcription of NRMP's Charting Outcomes (non-U.S. IMGs), not NRMP's own file: {files}"
