"""The analyses: DuckDB marts as DataFrames.

Each mart is a view in ``data/processed/matchstats.duckdb`` created from
``pipeline/marts/<mart>.sql`` (see ``pipeline/marts/README.md`` for every column).
A mart whose tables were not built (their report files are missing) is not in
the database; :func:`mart` then raises :class:`MartUnavailable`, which says
which table and source file are missing, and :func:`load` shows that as a note
(the notebooks use it, so they run on an offline clone too).

Marts (percentages are ``round(x, 1)`` in SQL from exact counts):

``match_rate_headline`` (match_summary)
    NRMP's headline PGY-1 match rate by applicant type and year (couples included).
``match_rate_trends`` (match_summary, rol_length)
    match rate by year and applicant type under two definitions: ``headline``
    (matched to PGY-1 / certified a rank order list, couples included) and
    ``no_couples`` (rank-order-list report 2006-2025: matched in the Match /
    matched + unmatched, couples excluded). Do not mix the two in one series.
``img_share_by_specialty`` / ``img_share_by_state`` (state_specialty_results)
    positions, filled, fill_pct and filled positions by applicant type per year,
    specialty and position level (and state); ``img_share_pct`` =
    100 * (us_img + non_us_img) / filled.
``specialty_fill_trends`` (program_results)
    programs, quota, filled, fill_pct and unfilled per specialty and year
    (every year of the catalogued Program Results editions, 2015-2025), all program
    types summed (PGY-1 and PGY-2 positions together).
``specialty_fill_by_program_type`` (program_results)
    the same per program type (``position_type``: categorical = C and M, preliminary = P,
    advanced = A, reserved = R, from the program code): preliminary positions fill far
    less often than categorical ones, so fill is shown per type.
``unfilled_programs`` (program_results)
    program-level rows with quota > filled, per year: the positions that go to SOAP.
``program_history`` (program_results)
    one row per program and year (2015-2025): quota, filled and the names printed that
    year, with ``years_listed``, ``renamed`` and the edition (``source_id``).
``img_friendly_specialties`` (state_specialty_results)
    specialties ranked by IMG share of filled positions. Ranking rule: latest
    Match year, PGY-1 positions only, specialties with at least
    ``RANKING_MIN_POSITIONS`` (100) PGY-1 positions; rank() by the exact ratio
    (us_img + non_us_img) / filled, highest first, ties share a rank; never a
    small number (at least ``SMALL_BASE`` PGY-1 positions filled). The share
    describes who filled the positions, not an applicant's chance of matching.
``rol_length_vs_match`` (rol_length)
    average rank-order-list length of matched vs unmatched applicants per
    group and year (wide), with ``difference`` = matched - unmatched.
``residents_non_us_share`` (residents_by_specialty, state_specialty_results)
    AAMC share of residents who are not U.S. citizens/permanent residents per
    specialty beside NRMP's non-U.S.-citizen-IMG share of filled positions in
    the latest Match year.

:func:`mart` adds a ``specialty`` column (display name from
``data/reference/specialties.csv``) after ``specialty_id``; otherwise the
DataFrame is the view as it is, with plain NumPy dtypes: an integer column with
missing values comes as float64 with NaN (e.g. active_applicants where NRMP
gives no count), strings as pandas ``str``.

Small numbers: one threshold, ``SMALL_BASE`` (20). A percentage or a change whose base
(positions, positions filled, applicants) is under 20 is a *small number*: the marts
flag it (``positions_small``, ``filled_small``, ``quota_small``, ``applicants_small``,
``step2_*_small``: ``base < 20``), the reports and charts mute it and say so, it is
never ranked, and a change from such a base is given as counts, not as a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import MatchstatsError, shorten

RANKING_MIN_POSITIONS = 100  # must equal the threshold in pipeline/marts/img_friendly_specialties.sql
SMALL_BASE = 20  # a percentage or change whose base is under this is a small number; the same in every *.sql


# The base of each figure the marts give as a share, by column name (the first base column a frame has is
# used): a figure over a small base is flagged wherever a table shows it (the notebooks' tables included).
FIGURE_BASES = {
    "img_share_pct": ("filled",), "us_img_share_pct": ("filled",), "non_us_img_share_pct": ("filled",),
    "fill_pct": ("positions", "quota"), "match_rate_pct": ("applicants", "active_applicants"),
    "non_us_citizen_pct": ("residents",), "nrmp_non_us_img_pct": ("nrmp_filled",),
    **{f"step2_{o}_{q}": (f"step2_{o}_n",) for o in ("matched", "not_matched") for q in ("q1", "median", "q3")},
}


def base_of(column: str, columns) -> str | None:
    """The column of ``columns`` that holds the base of ``column``'s figures (None: it has none)."""
    return next((b for b in FIGURE_BASES.get(str(column), ()) if b in columns), None)


def is_small(base) -> bool:
    """True when ``base`` (a count of positions, positions filled or applicants) is under SMALL_BASE."""
    try:
        return base is not None and base == base and float(base) < SMALL_BASE
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Mart:
    name: str
    needs: tuple[str, ...]
    title: str


MARTS: dict[str, Mart] = {m.name: m for m in (
    Mart("match_rate_headline", ("match_summary",), "Headline PGY-1 match rate by applicant type"),
    Mart("match_rate_trends", ("match_summary", "rol_length"), "Match rate by applicant type, two definitions"),
    Mart("img_share_by_specialty", ("state_specialty_results",), "IMG share of filled positions by specialty"),
    Mart("img_share_by_state", ("state_specialty_results",), "IMG share of filled positions by state and specialty"),
    Mart("specialty_fill_trends", ("program_results",), "Positions filled per specialty and year"),
    Mart("specialty_fill_by_program_type", ("program_results",),
         "Positions filled per specialty, year and program type (categorical, preliminary, advanced, reserved)"),
    Mart("unfilled_programs", ("program_results",), "Programs with unfilled positions"),
    Mart("program_history", ("program_results",), "One program's positions and fill in every year, with its names"),
    Mart("img_friendly_specialties", ("state_specialty_results",), "Specialties ranked by IMG share of PGY-1 positions"),
    Mart("rol_length_vs_match", ("rol_length",), "Rank order list length, matched vs unmatched"),
    Mart("residents_non_us_share", ("residents_by_specialty", "state_specialty_results"),
         "Non-U.S.-citizen residents (AAMC) vs non-U.S. IMG matches (NRMP)"),
    Mart("step2_by_specialty", ("preferred_specialty_outcomes", "applicant_measures"),
         "Non-U.S. IMGs by preferred specialty: match rate and Step 2 CK, matched vs not (2026, transcription)"),
    Mart("preferred_specialty_overall", ("preferred_specialty_outcomes", "applicant_measures"),
         "Non-U.S. IMGs, all specialties: two match-rate definitions and Step 2 CK medians (transcription)"),
)}


class MartUnavailable(MatchstatsError):
    """The mart is not in the published database (a table it needs was not built).

    ``reason`` says what is missing (tables and their source files), ``todo`` what to do."""

    def __init__(self, name: str, reason: str, todo: str):
        self.name = name
        self.reason = reason
        super().__init__(f"the analysis {name} is not available: {reason}", todo=todo)


# -- connection and reading --------------------------------------------------------------

def connect(home: str | Path | None = None):
    """Read-only, sandboxed connection to the published database (``MATCHSTATS_HOME`` or the checkout).

    It is :func:`pipeline.store.warehouse.connect`: the tables and analyses can be queried, but
    COPY / EXPORT, reading other files or URLs, ATTACH, INSTALL / LOAD and SET / RESET raise
    ``duckdb.PermissionException`` or ``duckdb.InvalidInputException``. To save a mart, use the
    DataFrame: ``mart(name).to_csv(...)``.
    """
    from pipeline.store import warehouse
    from pipeline.config import paths

    return warehouse.connect(paths(home))


def _views(con) -> set[str]:
    return {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}


def available(con=None) -> list[str]:
    """The marts present in the database, in the order of MARTS."""
    if con is None:
        con = connect()
        try:
            return available(con)
        finally:
            con.close()
    views = _views(con)
    return [m for m in MARTS if m in views]


def _missing_reason(name: str, views: set[str]) -> tuple[str, str]:
    """What is missing for a mart, and what to do."""
    spec = MARTS[name]
    absent = [t for t in spec.needs if t not in views]
    if not absent:
        return ("the analysis is not in the database", "run `matchstats pipeline` (make pipeline) again")
    files = []
    try:
        from pipeline import ingest
        from pipeline.sources import catalogue
        from pipeline.config import paths

        cat = catalogue.load(paths())
        for t in absent:
            mod = ingest.module(t)
            needed = [k for k in mod.KINDS if k not in getattr(mod, "OPTIONAL", ())]
            files += [f"data/raw/{src.path}" for src in cat.of_kind(*needed)]
    except Exception:  # the note must never fail; the table names are enough
        pass
    what = (f"it needs the table{'s' if len(absent) > 1 else ''} {', '.join(absent)}, "
            f"which {'were' if len(absent) > 1 else 'was'} not built")
    if files:
        what += f" (source file{'s' if len(files) > 1 else ''}: {', '.join(dict.fromkeys(files))})"
    return what, ("get the report files (`matchstats fetch`, or save them under data/raw/ as listed in "
                  "data/raw/sources.yml), then run `make pipeline`")


def missing_relation(error: str, views: set[str]) -> tuple[str, str] | None:
    """A query naming a table or analysis of matchstats that is not in the published database (DuckDB: "Table
    with name X does not exist", e.g. on a clone without the report files): what is missing and what to do.

    None when X is not a table or analysis of matchstats (a typo: the caller's own message fits)."""
    import re

    from pipeline.config import DICTIONARY_DIR

    m = re.search(r'Table with name "?(\w+)"? does not exist', error)
    name = m.group(1).lower() if m else ""
    if name in MARTS:
        what, todo = _missing_reason(name, views)
        return f"the analysis {name} is not in the published data: {what}", todo
    if name and (DICTIONARY_DIR / f"{name}.yml").exists():
        files = []
        try:
            from pipeline import ingest
            from pipeline.sources import catalogue
            from pipeline.config import paths

            mod = ingest.module(name)
            needed = [k for k in mod.KINDS if k not in getattr(mod, "OPTIONAL", ())]
            files = list(dict.fromkeys(f"data/raw/{s.path}" for s in catalogue.load(paths()).of_kind(*needed)))
        except Exception:  # the message must never fail; the table's name is enough
            pass
        where = f" (source file{'s' if len(files) > 1 else ''}: {', '.join(files)})" if files else ""
        return (f"the table {name} is not in the published data: it was not built, its report "
                f"{'files are' if len(files) > 1 else 'file is'} missing{where}", "get the report files (`MATCHSTATS_RAW_MIRROR=DIR make pipeline`, or "
                "`matchstats fetch` then `make pipeline`); `matchstats tables` lists what is published")
    return None


def mart(name: str, con=None) -> pd.DataFrame:
    """One mart as a DataFrame (plus a ``specialty`` display-name column after specialty_id).

    ``con``: a DuckDB connection (default: a read-only connection to the published database,
    opened and closed here). Raises MartUnavailable when the mart is not in the database.
    """
    if name not in MARTS:
        raise MatchstatsError(f"unknown analysis {shorten(name)!r}", todo=f"use one of: {', '.join(MARTS)}")
    if con is None:
        con = connect()
        try:
            return mart(name, con)
        finally:
            con.close()
    views = _views(con)
    if name not in views:
        what, todo = _missing_reason(name, views)
        raise MartUnavailable(name, what, todo)
    df = con.sql(f'select * from "{name}"').to_arrow_table().to_pandas()
    return with_specialty_names(df)


def with_specialty_names(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``specialty`` (the crosswalk's display name) right after ``specialty_id``."""
    if "specialty_id" not in df.columns or "specialty" in df.columns:
        return df
    from pipeline.ingest.specialties import crosswalk

    names = crosswalk().names
    df = df.copy()
    ids = df["specialty_id"]
    label = ids.map(lambda s: names.get(s, s) if isinstance(s, str) else None).astype("str")
    df.insert(df.columns.get_loc("specialty_id") + 1, "specialty", label)
    return df


def load(name: str, con=None) -> pd.DataFrame | None:
    """For notebooks: the mart, or None after displaying a note saying what is missing and what to do."""
    try:
        return mart(name, con)
    except MartUnavailable as exc:
        _display_note(f"**Not available: `{name}`** — {exc.reason}.\n\n*What to do:* {exc.todo}.")
        return None
    except MatchstatsError as exc:  # e.g. no published database at all
        _display_note(f"**Not available: `{name}`** — {exc.what}." + (f"\n\n*What to do:* {exc.todo}." if exc.todo else ""))
        return None


def _display_note(markdown: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display

        if get_ipython() is not None:
            display(Markdown(markdown))
            return
    except ImportError:  # pragma: no cover
        pass
    print(markdown.replace("**", "").replace("`", "").replace("*", ""))


# -- small summaries used by the charts and notebooks ------------------------------------

# -- charts ------------------------------------------------------------------------------
