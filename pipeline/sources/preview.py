"""What ``matchstats add`` will do with a file, found out before it does anything.

``preview(paths, file, recognised, catalogue)`` reads the file in full with the parser of its kind (a file
that cannot be read is refused here, so it is never registered) and says: the kind and the years it
prints, the pages, programs and program-years (or rows) read, the specialty codes not in the crosswalk
and how each resolves, the years it shares with catalogued editions of its kind and whether their counts
agree, and which years will be reconciled against which national total and which have none.

Only Program Results editions are compared count by count and reconciled here (the only report whose
rows add up to a national total); for the other kinds the pipeline compares the editions it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.sources import catalogue as catalogue_mod


PDF_KINDS = ("program_results", "state_specialty_results", "rol_impact", "by_the_numbers")


@dataclass
class Preview:
    lines: list[tuple[str, str]] = field(default_factory=list)  # (what, text), printed as two columns

    def add(self, what: str, text: str) -> None:
        self.lines.append((what, text))

    def text(self) -> str:
        width = max((len(w) for w, _ in self.lines), default=0)
        out = []
        for what, text in self.lines:
            first, *rest = text.split("\n")
            out.append(f"  {what:<{width}}  {first}")
            out += [f"  {'':<{width}}  {r}" for r in rest]
        return "\n".join(out)


def span(years) -> str:
    """2014-2018, or 2010, 2012-2013 for years with gaps."""
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return "none"
    runs, start = [], ys[0]
    for a, b in zip(ys, ys[1:] + [None]):
        if b != a + 1:
            runs.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return ", ".join(runs)


def _pages(path: Path) -> int | None:
    from pipeline.ingest.pdftext import Pdf

    try:
        with Pdf(path) as pdf:
            return pdf.pages
    except InputError:
        return None


def _read(path: Path, kind: str, years: tuple[int, ...]):
    """The file read in full by its kind's parser: a DataFrame of its rows (None for a kind read by
    ``recognise`` already)."""
    if kind == "program_results":
        from pipeline.ingest._program_results_pdf import parse_edition

        return parse_edition(path)[0]
    if kind == "state_specialty_results":
        from pipeline.ingest.state_specialty_results import parse

        return parse(path, tuple(years))
    if kind == "rol_impact":
        from pipeline.ingest.rol_length import parse

        return parse(path)
    if kind == "by_the_numbers":
        import pandas as pd

        from pipeline.ingest._by_the_numbers import parse

        btn = parse(path, max(years))
        return pd.DataFrame([{"figure": k} for k in btn.figures])
    if kind.startswith("aamc_residents_"):
        from pipeline.ingest.residents_by_specialty import parse_file

        return parse_file(path)
    return None


def national_totals(paths: Paths, cat) -> tuple[dict[int, dict], str | None]:
    """positions_summary built from the catalogued facts and sheets present: {year: row}, or an explanation
    of why it could not be built."""
    from pipeline.ingest import Inputs, positions_summary

    files, sources = {}, {}
    for s in cat.of_kind(*positions_summary.KINDS):
        sources[s.id] = s
        files[s.id] = s.local(paths) if cat.status(s, paths).ok else None
    try:
        df = positions_summary.build(Inputs(files, sources))
    except InputError as exc:
        return {}, f"the national totals could not be read ({exc.what})"
    out = {}
    for _, r in df.iterrows():
        out[int(r["match_year"])] = {k: (None if r.get(k) is None or r.get(k) != r.get(k) else int(r[k]))
                                     for k in ("positions_total", "filled_total")}
    return out, None


def _compare(new, old) -> tuple[int, int, str]:
    """Counts both editions print for the years they share: (compared, differing, first difference)."""
    key = ["program_code", "match_year"]
    years = set(new["match_year"]) & set(old["match_year"])
    a = new[new["match_year"].isin(years)]
    b = old[old["match_year"].isin(years)]
    both = a.merge(b, on=key, how="outer", suffixes=("", "_old"), indicator=True)
    compared = differ = 0
    first = ""
    for col in ("quota", "filled"):
        m = both[both["_merge"] == "both"]
        compared += len(m)
        bad = m[m[col] != m[f"{col}_old"]]
        differ += len(bad)
        if len(bad) and not first:
            r = bad.iloc[0]
            first = f"{int(r['match_year'])} {r['program_code']} {col} {int(r[col])} vs {int(r[f'{col}_old'])}"
    lonely = both[both["_merge"] != "both"]
    differ += len(lonely)
    if len(lonely) and not first:
        r = lonely.iloc[0]
        first = (f"{int(r['match_year'])} {r['program_code']} listed only in "
                 + ("this file" if r["_merge"] == "left_only" else "the catalogued edition"))
    return compared, differ, first


def preview(paths: Paths, path: Path, rec, cat) -> Preview:
    """What adding ``path`` (recognised as ``rec``) will do; InputError if the file cannot be read."""
    pv = Preview()
    pv.add("kind", f"{rec.kind} ({rec.title})")
    pv.add("years printed", span(rec.years))
    pages = _pages(path) if rec.kind in PDF_KINDS else None
    df = _read(path, rec.kind, rec.years)
    if rec.kind == "program_results":
        pv.add("read", f"{pages} pages, {df['program_code'].nunique():,} programs, {len(df):,} program-years")
        unknown = df.attrs.get("notes", [])
        pv.add("codes", "\n".join(unknown) if unknown else
               f"all {df['specialty_code'].nunique()} specialty codes are in the crosswalk")
        _shared_program_results(paths, pv, df, rec, cat)
        _reconciliation(paths, pv, df, rec, cat)
    else:
        read = f"{pages} pages" if pages else ""
        if df is not None:
            read += (", " if read else "") + f"{len(df):,} rows"
        pv.add("read", read or "read in full")
        shared = [(s, sorted(set(s.years) & set(rec.years))) for s in cat.of_kind(rec.kind)]
        shared = [(s, ys) for s, ys in shared if ys]
        pv.add("shared years", "\n".join(f"{span(ys)} with {s.id} (data/raw/{s.path}); the pipeline compares them"
                                         for s, ys in shared) or "none: no catalogued edition prints these years")
    return pv


def _shared_program_results(paths: Paths, pv: Preview, df, rec, cat) -> None:
    from pipeline.ingest._program_results_pdf import parse_edition

    out = []
    for s in cat.of_kind("program_results"):
        ys = sorted(set(s.years) & set(rec.years))
        if not ys:
            continue
        where = f"{span(ys)} with {s.id} (data/raw/{s.path})"
        st = cat.status(s, paths)
        if not st.ok:
            out.append(f"{where}: not compared, " + ("the catalogued file is not in data/raw/ (`matchstats fetch` "
                                                     "gets it)" if st.state == "missing" else
                                                     "the file in data/raw/ differs from its catalogue entry"))
            continue
        try:
            old = parse_edition(s.local(paths))[0]
        except InputError as exc:
            out.append(f"{where}: not compared, the catalogued file cannot be read ({exc.what})")
            continue
        compared, differ, first = _compare(df, old)
        out.append(f"{where}: {compared:,} counts compared, "
                   + ("all agree" if not differ else f"{differ:,} differ (first: {first}); the pipeline will "
                      "fail unless each is documented in data/reference/known_discrepancies.csv"))
    pv.add("shared years", "\n".join(out) or "none: no catalogued edition prints these years")


def _reconciliation(paths: Paths, pv: Preview, df, rec, cat) -> None:
    totals, problem = national_totals(paths, cat)
    if problem:
        pv.add("reconciled", problem)
        return
    sums = df.groupby("match_year")[["quota", "filled"]].sum()
    done, none = [], []
    for year in sorted(rec.years):
        t = totals.get(year, {})
        parts = []
        for ours, theirs, words in (("quota", "positions_total", "positions offered"),
                                    ("filled", "filled_total", "positions filled")):
            total = t.get(theirs)
            if total is None:
                parts.append(f"{words}: no national total")
                continue
            got = int(sums.loc[year, ours]) if year in sums.index else 0
            parts.append(f"{words} {total:,} (sum of programs {got:,}: "
                         + ("agrees)" if got == total else f"differs by {got - total:+,}; the pipeline will fail)"))
        if all(p.endswith("no national total") for p in parts):
            none.append(year)
        else:
            done.append(f"{year}: " + "; ".join(parts))
    pv.add("reconciled", "\n".join(done) or "no year")
    pv.add("not reconciled", f"{span(none)}: no national total (the run will say so)" if none else "none")
