"""What the specialty reports and the index read, once per run, from the published database,
and how a name a user types becomes a specialty of the crosswalk (and a safe file name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import MatchstatsError, shorten
from pipeline.store import publish
from pipeline.ingest.specialties import ID_RE, crosswalk
from pipeline.reports.formatting import GROUPS


SUBDIR = "specialties"
TYPE_ORDER = ["categorical", "advanced", "preliminary", "reserved"]  # position_type of specialty_fill_by_program_type
TABLES = ("state_specialty_results", "program_results", "residents_by_specialty",
          "preferred_specialty_outcomes", "applicant_measures")  # the last two: reports/step2_section.py


class SpecialtyNotFound(MatchstatsError):
    """What the user typed is not a specialty of the crosswalk, or it has no data."""


@dataclass
class ReportData:
    """Everything the reports need, read once from the published database."""

    paths: Paths
    version: Path
    year: int | None = None                      # latest Match year of img_share_by_specialty
    levels: pd.DataFrame | None = None           # img_share_by_specialty, latest year, per level
    totals: pd.DataFrame | None = None           # per specialty, all levels (+ national row: specialty_id null)
    states: pd.DataFrame | None = None           # per specialty and state, all levels, ranked
    trends: pd.DataFrame | None = None           # specialty_fill_trends
    trend_national: pd.DataFrame | None = None   # sums per year
    unfilled: pd.DataFrame | None = None         # unfilled_programs, latest program year
    unfilled_year: int | None = None
    friendly: pd.DataFrame | None = None         # img_friendly_specialties: THE ranking every report shows
    types: pd.DataFrame | None = None            # specialty_fill_by_program_type (every year)
    types_national: pd.DataFrame | None = None   # the same summed over specialties, per year and type
    residents: pd.DataFrame | None = None        # residents_by_specialty rows with a specialty_id
    residents_share: pd.DataFrame | None = None  # residents_non_us_share
    inputs: dict[str, list[dict]] = field(default_factory=dict)  # table -> meta inputs (id, path, md5)
    unavailable: dict[str, str] = field(default_factory=dict)    # mart -> why it is not there, what to do
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # what every report shares

    def part(self, name: str, sid: str) -> pd.DataFrame | None:
        """The rows of frame ``name`` (e.g. "states") of one specialty, in the frame's order.

        The frame is split by specialty once, not filtered again for every report.
        """
        df = getattr(self, name)
        if df is None:
            return None
        parts = self._memo.get(("part", name))
        if parts is None:
            parts = self._memo[("part", name)] = dict(iter(df.groupby("specialty_id", sort=False)))
        got = parts.get(sid)
        return got if got is not None else df.iloc[0:0]

    def national(self) -> dict | None:
        """The all-specialties row of ``totals`` (specialty_id null)."""
        if "national" not in self._memo:
            self._memo["national"] = _row(self.totals, specialty_id=None)
        return self._memo["national"]

    def ranking(self, sid: str) -> dict | None:
        """Where ``sid`` stands in THE ranking (mart img_friendly_specialties), the only one the reports show.

        ``{"rank", "of", "year", "share", "ranked": True}``, or ``{"ranked": False, "of", "why"}`` saying
        why the specialty is not ranked; None when the ranking is not in the data.
        """
        from pipeline.marts import RANKING_MIN_POSITIONS, SMALL_BASE
        from pipeline.reports.formatting import count, fmt_pct, noun

        if self.friendly is None:
            return None
        of = len(self.friendly)
        fr = self.part("friendly", sid)
        if len(fr):
            r = fr.iloc[0]
            return {"ranked": True, "rank": int(r["rank"]), "of": of, "share": fmt_pct(r["img_share_pct"]),
                    "positions": int(r["positions"]), "filled": int(r["filled"]),
                    "filled_text": count(r["filled"], "PGY-1 position"), "of_noun": noun(of, "specialty", "specialties")}
        pgy1 = None
        if self.levels is not None:
            lv = self.part("levels", sid)
            lv = lv[lv["position_level"] == "PGY-1"]
            pgy1 = (int(lv["positions"].sum()), int(lv["filled"].sum())) if len(lv) else (0, 0)
        if pgy1 is None:
            why = f"it is not among the {of} specialties ranked"
        elif pgy1[0] < RANKING_MIN_POSITIONS:
            why = (f"it had {count(pgy1[0], 'PGY-1 position')} in {self.year}, fewer than the "
                   f"{RANKING_MIN_POSITIONS} the ranking needs")
        else:
            why = (f"only {fmt_int_(pgy1[1])} of its PGY-1 positions were filled, a small number (under "
                   f"{SMALL_BASE})")
        return {"ranked": False, "of": of, "why": why}

    def fill_by_type(self, sid: str, year: int | None = None) -> list[dict]:
        """Rows of specialty_fill_by_program_type of ``sid`` in ``year`` (default: the latest program year),
        the specialty's main type first: the categorical or advanced type with the most positions (the
        residency itself), else the type with the most positions; then the others in TYPE_ORDER."""
        if self.types is None:
            return []
        t = self.part("types", sid)
        year = year if year is not None else (int(self.types["match_year"].max()) if len(self.types) else None)
        rows = t[t["match_year"] == year].to_dict("records")
        if not rows:
            return []
        rows.sort(key=lambda r: TYPE_ORDER.index(r["position_type"]))
        core = [r for r in rows if r["position_type"] in ("categorical", "advanced")] or rows
        main = max(core, key=lambda r: r["quota"])
        return [main] + [r for r in rows if r is not main]

    def national_by_type(self, year: int | None) -> dict[str, dict]:
        """All specialties together, per position type, in ``year``."""
        if self.types_national is None or year is None:
            return {}
        tn = self.types_national[self.types_national["match_year"] == year]
        return {r["position_type"]: r for r in tn.to_dict("records")}

    @property
    def specialties(self) -> list[str]:
        """Specialties present in the latest Match year of the data (state and program reports)."""
        ids: set[str] = set()
        if self.levels is not None:
            ids |= set(self.levels["specialty_id"].dropna())
        if self.trends is not None and len(self.trends):
            latest = self.trends["match_year"].max()
            ids |= set(self.trends.loc[self.trends["match_year"] == latest, "specialty_id"].dropna())
        return sorted(ids)

    @property
    def data_version(self) -> str:
        return self.version.name


TOTALS_SQL = """
SELECT specialty_id,
       sum(positions)::BIGINT AS positions, sum(filled)::BIGINT AS filled,
       round(100 * sum(filled)::DOUBLE / nullif(sum(positions), 0), 1) AS fill_pct,
       {sums},
       round(100 * (sum(us_img) + sum(non_us_img))::DOUBLE / nullif(sum(filled), 0), 1) AS img_share_pct,
       {shares},
       count(*) AS levels
FROM img_share_by_specialty
WHERE match_year = $1
GROUP BY GROUPING SETS ((specialty_id), ())
"""


STATES_SQL = """
WITH s AS (
    SELECT specialty_id, state,
           sum(positions)::BIGINT AS positions, sum(filled)::BIGINT AS filled,
           round(100 * sum(filled)::DOUBLE / nullif(sum(positions), 0), 1) AS fill_pct,
           sum(us_img)::BIGINT AS us_img, sum(non_us_img)::BIGINT AS non_us_img,
           round(100 * (sum(us_img) + sum(non_us_img))::DOUBLE / nullif(sum(filled), 0), 1) AS img_share_pct
    FROM img_share_by_state
    WHERE match_year = $1
    GROUP BY specialty_id, state
)
SELECT rank() OVER (PARTITION BY specialty_id ORDER BY us_img + non_us_img DESC)::BIGINT AS rank, *,
       (us_img + non_us_img)::BIGINT AS img
FROM s
ORDER BY specialty_id, rank, positions DESC, state
"""


def fmt_int_(v) -> str:
    return f"{int(v):,}"


RULE = ("PGY-1 positions only, specialties with at least {min} PGY-1 positions offered (and {small} filled) "
        "nationally; by the exact IMG share of filled PGY-1 positions, highest first; ties share a rank")


def ranking_rule() -> str:
    """The ranking rule in words (README, marts/README.md and img_friendly_specialties.sql say the same)."""
    from pipeline.marts import RANKING_MIN_POSITIONS, SMALL_BASE

    return RULE.format(min=RANKING_MIN_POSITIONS, small=SMALL_BASE)


def _frame(con, sql: str, params=None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def load_data(paths: Paths) -> ReportData:
    """Read the marts the reports need; a mart whose table was not built is noted, not fatal."""
    from pipeline.store import tables
    from pipeline import marts
    from pipeline.store import warehouse

    version = publish.current_version(paths)
    if version is None:
        raise MatchstatsError("there is no published data yet", where=str(paths.processed),
                              todo="run `make pipeline` (or `matchstats pipeline`) first")
    data = ReportData(paths, version)
    for t in TABLES:
        meta = tables.read_meta(version, t)
        if meta:
            data.inputs[t] = meta.get("inputs", [])
    con = warehouse.connect(paths)
    try:
        present = set(marts.available(con))

        def get(name: str) -> pd.DataFrame | None:
            if name not in present:
                try:
                    marts.mart(name, con)
                except marts.MartUnavailable as exc:
                    data.unavailable[name] = f"{exc.reason}. What to do: {exc.todo}"
                except MatchstatsError as exc:
                    data.unavailable[name] = exc.what + (f". What to do: {exc.todo}" if exc.todo else "")
                return None
            return marts.mart(name, con)

        levels = get("img_share_by_specialty")
        if levels is not None and len(levels):
            data.year = int(levels["match_year"].max())
            data.levels = levels[levels["match_year"] == data.year].reset_index(drop=True)
            sums = ", ".join(f"sum({c})::BIGINT AS {c}" for c, _ in GROUPS)
            shares = ", ".join(f"round(100 * sum({c})::DOUBLE / nullif(sum(filled), 0), 1) AS {c}_pct"
                               for c, _ in GROUPS)
            data.totals = _frame(con, TOTALS_SQL.format(sums=sums, shares=shares), [data.year])
            if "img_share_by_state" in present:
                data.states = _frame(con, STATES_SQL, [data.year])
        data.friendly = get("img_friendly_specialties")
        trends = get("specialty_fill_trends")
        if trends is not None and len(trends):
            data.trends = trends
            data.trend_national = _frame(con, """
                SELECT match_year, sum(programs)::BIGINT AS programs, sum(quota)::BIGINT AS quota,
                       sum(filled)::BIGINT AS filled,
                       round(100 * sum(filled)::DOUBLE / nullif(sum(quota), 0), 1) AS fill_pct,
                       sum(unfilled)::BIGINT AS unfilled
                FROM specialty_fill_trends GROUP BY match_year ORDER BY match_year""")
        types = get("specialty_fill_by_program_type")
        if types is not None and len(types):
            data.types = types
            data.types_national = _frame(con, """
                SELECT match_year, position_type, sum(programs)::BIGINT AS programs, sum(quota)::BIGINT AS quota,
                       sum(filled)::BIGINT AS filled,
                       round(100 * sum(filled)::DOUBLE / nullif(sum(quota), 0), 1) AS fill_pct
                FROM specialty_fill_by_program_type GROUP BY ALL ORDER BY match_year, position_type""")
        unfilled = get("unfilled_programs")
        if unfilled is not None:
            year = int(trends["match_year"].max()) if trends is not None and len(trends) else None
            if year is None and len(unfilled):
                year = int(unfilled["match_year"].max())
            data.unfilled_year = year
            data.unfilled = unfilled[unfilled["match_year"] == year].reset_index(drop=True)
        data.residents_share = get("residents_non_us_share")
        views = {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
        if "residents_by_specialty" in views:
            data.residents = _frame(con, """
                SELECT academic_year, degree_type, specialty, specialty_id, category, residents, pct
                FROM residents_by_specialty WHERE specialty_id IS NOT NULL""")
    finally:
        con.close()
    return data


def resolve(text: str, data: ReportData | None = None, say=None) -> str:
    """The specialty_id of what a user typed (id, display name, label or alias, case-insensitive; a close
    misspelling when one specialty clearly fits best, and then ``say`` is told what it was taken for).

    Raises SpecialtyNotFound listing the closest matches, most similar first; with ``data``, a
    specialty that is not in the data is refused as well.
    """
    from pipeline.ingest.specialties import lookup

    cw = crosswalk()
    hit = lookup(text, cw)  # exact, word, guess, ambiguous ("neuro"), fellowship ("cardiology") or unknown
    hit.text = shorten(text)
    sid = hit.sid
    if sid is not None and (hit.kind != "exact" or hit.note) and say is not None:
        say(hit.message(cw.names))
    if sid is None or not ID_RE.match(sid):
        raise SpecialtyNotFound(
            hit.message(cw.names).rstrip("."),
            todo="give a display name, specialty_id or alias (`matchstats specialties` lists them; case does not "
                 "matter), e.g. --specialty \"Internal Medicine\", --specialty internal-medicine or --specialty IM")
    if data is not None and not data.specialties:  # no specialty data at all: say what is missing, how to get it
        why = "; ".join("the analysis " + data.unavailable[mart].split(". What to do:")[0].removeprefix("it ")
                        .replace("needs", f"{mart} needs", 1) for mart in
                        ("img_share_by_specialty", "specialty_fill_trends") if mart in data.unavailable)
        raise SpecialtyNotFound(
            f"no specialty report can be written for {cw.names[sid]} ({sid}): the published data has no "
            "specialty figures" + (f": {why}" if why else ""),
            todo="get the NRMP report files — `MATCHSTATS_RAW_MIRROR=DIR make pipeline` with a folder that holds "
                 "them, or `.venv/bin/matchstats fetch` (it downloads those with a known address) then `make "
                 "pipeline`; `make pipeline` lists each missing file and where it is published")
    if data is not None and sid not in data.specialties:
        year = f" {data.year}" if data.year else ""
        raise SpecialtyNotFound(
            f"{cw.names[sid]} ({sid}) is not in the published{year} Match data",
            todo="`matchstats report --all` writes a report for every specialty in the data "
                 "(listed in reports/index.html); see `matchstats query \"select distinct specialty_id from "
                 "img_share_by_specialty\"`")
    return sid


def report_path(paths: Paths, sid: str, suffix: str = ".html") -> Path:
    """reports/specialties/<sid><suffix>, for a crosswalk id only (never user text)."""
    if sid not in crosswalk().names or not ID_RE.match(sid):
        raise SpecialtyNotFound(f"{sid!r} is not a specialty_id of the crosswalk")
    folder = (paths.reports / SUBDIR).resolve()
    out = (folder / f"{sid}{suffix}").resolve()
    if out.parent != folder:  # pragma: no cover - ID_RE already excludes this
        raise SpecialtyNotFound(f"refusing to write outside {folder}: {out}")
    return out


def _first(df: pd.DataFrame | None) -> dict | None:
    return df.iloc[0].to_dict() if df is not None and len(df) else None


def _row(df: pd.DataFrame | None, **eq) -> dict | None:
    if df is None:
        return None
    m = pd.Series(True, index=df.index)
    for k, v in eq.items():
        m &= df[k].isna() if v is None else (df[k] == v)
    sub = df[m]
    return sub.iloc[0].to_dict() if len(sub) else None
