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
    friendly: pd.DataFrame | None = None         # img_friendly_specialties
    residents: pd.DataFrame | None = None        # residents_by_specialty rows with a specialty_id
    residents_share: pd.DataFrame | None = None  # residents_non_us_share
    inputs: dict[str, list[dict]] = field(default_factory=dict)  # table -> meta inputs (id, path, md5)
    unavailable: dict[str, str] = field(default_factory=dict)    # section -> why
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

    def ranked(self) -> pd.DataFrame | None:
        """Specialties with positions filled, by IMG share (exact ratio), highest first."""
        if "ranked" not in self._memo:
            ranked = None
            if self.totals is not None:
                ranked = self.totals[self.totals["specialty_id"].notna() & (self.totals["filled"] > 0)].copy()
                ranked["ratio"] = (ranked["us_img"] + ranked["non_us_img"]) / ranked["filled"]
                ranked = ranked.sort_values("ratio", ascending=False)
            self._memo["ranked"] = ranked
        return self._memo["ranked"]

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
                except MatchstatsError as exc:
                    data.unavailable[name] = exc.message
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


def resolve(text: str, data: ReportData | None = None) -> str:
    """The specialty_id of what a user typed (id, display name or label, case-insensitive).

    Raises SpecialtyNotFound listing the closest matches; with ``data``, a specialty
    that is not in the data is refused as well.
    """
    cw = crosswalk()
    sid = cw.search(text)
    if sid is None or not ID_RE.match(sid):
        close = cw.closest(text)
        hint = ("closest matches: " + "; ".join(f"{cw.names[c]} ({c})" for c in close)) if close \
            else "no close match"
        raise SpecialtyNotFound(
            f"unknown specialty {shorten(text)!r}; {hint}",
            todo="give a display name or specialty_id from data/reference/specialties.csv (case does not matter), "
                 "e.g. --specialty \"Internal Medicine\" or --specialty internal-medicine")
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
