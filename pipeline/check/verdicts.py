"""The verdict rules: a claim's value in the data, compared at the stated precision, and the first
rule that applies (see ``pipeline.check``): not in data, confirmed, different definition, wrong year,
wrong value."""


from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import MatchstatsError
from pipeline.check.registry import CONFIRMED, DIFFERENT_DEFINITION, NOT_IN_DATA, Series, Source, WRONG_VALUE, WRONG_YEAR
from pipeline.check.claims import Claim, Stated, load_claims

# --------------------------------------------------------------------------- registry


# --------------------------------------------------------------------------- claims


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
    other_quantity: bool = False  # DIFFERENT_DEFINITION: every series it matches is another quantity (Related.quantity)

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


class Checker:
    def __init__(self, paths: Paths, con=None):
        from pipeline.store import publish
        from pipeline.store import warehouse

        self.paths = paths
        self.con = con if con is not None else warehouse.connect(paths)
        self.version = publish.current_version(paths) or (paths.processed if paths.processed.is_dir() else None)
        rows = self.con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal "
            "UNION SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()
        self.relations = {r[0] for r in rows}
        self._catalogue = None
        self._manual_titles = None
        self._fetched: dict = {}  # (series, dimensions but year) -> SeriesData: an article repeats its series

    def close(self):
        self.con.close()

    # -- data

    def fetch(self, series: Series, dims: dict) -> SeriesData:
        """The series' value per year for the claim's dimensions (other than year)."""
        key = (id(series), tuple(sorted((k, str(v)) for k, v in dims.items() if k != "year")))
        if key not in self._fetched:
            self._fetched[key] = self._fetch(series, dims)
        return self._fetched[key]

    def _fetch(self, series: Series, dims: dict) -> SeriesData:
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
                elif covered:
                    latest = covered[-1]
                    res.note += f"; the latest year in the data, {latest}, gives {primary.values[latest].show(shown)}"
            if rel_here:
                res.note += f"; in {year} it matches another series: {rel_text(rel_here)}"
                cite_from += [d for _, d in rel_here]
            else:
                # what the data do have for that year: the related series (another definition) with a value
                have = list({r.label: (r, d) for r, d in reversed(related) if year in d.values}.values())[::-1]
                if have:
                    res.note += (f"; for {year} the data have a related series (a different definition, not "
                                 f"the claimed one): {rel_text(have)}")
                    cite_from += [d for _, d in have]
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
                res.other_quantity = all(r.quantity for r, _ in rel_here)
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
            from pipeline.sources import catalogue

            try:
                self._catalogue = {s.id: s for s in catalogue.load(self.paths).sources}
            except MatchstatsError:
                self._catalogue = {}
        return self._catalogue

    def _table_citations(self, table: str, years: set, applicant_types: tuple) -> list[str]:
        key = (table, tuple(sorted(years)), tuple(applicant_types or ()))
        cache = self.__dict__.setdefault("_cited", {})
        if key not in cache:
            cache[key] = self._table_citations_uncached(table, years, applicant_types)
        return list(cache[key])

    def _table_citations_uncached(self, table: str, years: set, applicant_types: tuple) -> list[str]:
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
    return check_claims(paths, load_claims(file))


def check_claims(paths: Paths, claims: list[Claim]) -> list[Result]:
    checker = Checker(paths)
    try:
        return [checker.check(c) for c in claims]
    finally:
        checker.close()


# --------------------------------------------------------------------------- output


