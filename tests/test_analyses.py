"""The analyses layer: DuckDB marts (pipeline/marts), pipeline.marts and the charts.

Unit tests build small made-up tables as Parquet files in tmp_path, create the
database with warehouse.build and check the marts' figures by hand. Integration
tests build state_specialty_results / program_results / rol_length from the real
NRMP files (skipped when they are absent) and check the acceptance figures.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline import charts
from pipeline import marts
from pipeline.charts import export, labels
from pipeline.store import warehouse
from tests import charting_outcomes_fixture as _co
from pipeline.config import SQL_DIR

# -- fixture tables ----------------------------------------------------------------------------

SS_COLS = ["match_year", "state", "specialty_label", "specialty_id", "position_level", "positions", "filled",
           "us_md_senior", "us_md_grad", "us_do_senior", "us_do_grad", "us_img", "non_us_img", "other"]


def _ss(year, state, sid, level, positions, md, mdg, do, dog, usimg, nonus, other=0):
    filled = md + mdg + do + dog + usimg + nonus + other
    return (year, state, sid.replace("-", " ").title(), sid, level, positions, filled, md, mdg, do, dog, usimg, nonus,
            other)


def state_specialty() -> pd.DataFrame:
    rows = [
        # internal medicine PGY-1, two states: positions 150, filled 140, IMGs 10 + 46 = 56 -> 40.0%
        _ss(2025, "NY", "internal-medicine", "PGY-1", 100, 40, 2, 10, 0, 8, 36, 0),   # filled 96
        _ss(2025, "AL", "internal-medicine", "PGY-1", 50, 20, 0, 12, 0, 2, 10, 0),    # filled 44
        # internal medicine PGY-2 (must stay separate from PGY-1)
        _ss(2025, "NY", "internal-medicine", "PGY-2", 5, 1, 0, 0, 0, 0, 3, 0),        # filled 4
        # family medicine PGY-1: 120 positions, filled 100, IMGs 30 + 10 = 40 -> 40.0% exactly
        _ss(2025, "NY", "family-medicine", "PGY-1", 120, 40, 0, 20, 0, 30, 10, 0),
        # pediatrics PGY-1: 300 positions, all filled, IMGs 20 + 30 = 50 -> 16.666.. -> 16.7%
        _ss(2025, "AL", "pediatrics", "PGY-1", 300, 200, 10, 40, 0, 20, 30, 0),
        # pathology PGY-1: 99 positions (below the ranking minimum), IMGs 60 of 99
        _ss(2025, "NY", "pathology", "PGY-1", 99, 20, 0, 19, 0, 20, 40, 0),
        # dermatology PGY-2 only: 200 positions, not ranked (PGY-1 only)
        _ss(2025, "AL", "dermatology", "PGY-2", 200, 190, 0, 8, 0, 1, 1, 0),
        # surgery PGY-1: 100 positions exactly (eligible), 3 filled, 1 by an IMG -> 33.3%
        _ss(2025, "AL", "surgery", "PGY-1", 100, 2, 0, 0, 0, 1, 0, 0),
        # a row whose level the report did not print
        _ss(2025, "NY", "occupational-environmental-medicine", None, 7, 3, 0, 1, 0, 1, 1, 0),
        # nothing filled: fill 0.0%, IMG share null
        _ss(2025, "AL", "nuclear-medicine", "PGY-2", 4, 0, 0, 0, 0, 0, 0, 0),
        # an older year with a higher share must not enter the latest-year ranking
        _ss(2024, "NY", "anesthesiology", "PGY-1", 500, 100, 0, 0, 0, 200, 200, 0),
    ]
    return pd.DataFrame(rows, columns=SS_COLS)


PR_COLS = ["match_year", "program_code", "institution", "state", "city", "program_name", "specialty_code",
           "specialty_id", "program_type", "track", "quota", "filled"]


def program_results() -> pd.DataFrame:
    rows = [
        (2024, "1000140C0", "Univ A", "NY", "New York", "Internal Medicine", "140", "internal-medicine", "C", "0", 10, 10),
        (2024, "1000140P0", "Univ A", "NY", "New York", "Internal Medicine-Preliminary", "140", "internal-medicine", "P", "0", 6, 3),
        (2024, "2000120C0", "Hosp B", "AL", "Mobile", "Family Medicine", "120", "family-medicine", "C", "0", 8, 7),
        (2025, "1000140C0", "Univ A", "NY", "New York", "Internal Medicine", "140", "internal-medicine", "C", "0", 12, 12),
        (2025, "1000140P0", "Univ A", "NY", "New York", "Internal Medicine-Preliminary", "140", "internal-medicine", "P", "0", 6, 5),
        (2025, "3000140C0", "Hosp C", "AL", "Mobile", "Internal Medicine", "140", "internal-medicine", "C", "0", 3, 3),
        (2025, "2000120C0", "Hosp B", "AL", "Mobile", "Family Medicine", "120", "family-medicine", "C", "0", 8, 5),
        (2025, "2000040A0", "Hosp B", "AL", "Mobile", "Anesthesiology", "040", "anesthesiology", "A", "0", 0, 0),
    ]
    df = pd.DataFrame(rows, columns=PR_COLS)
    return df.assign(source_id="fixture_program_results", printed_in="fixture_program_results",
                     name_key=df["program_name"].str.lower(), name_clipped=0)


def match_summary() -> pd.DataFrame:
    rows = [  # (year, type, registered, active, matched, published rate, source)
        (2025, "all_applicants", 52000, 47208, 37667, 79.8, "m"),
        (2025, "us_img", None, 4587, 3108, 67.8, "m"),
        (2023, "us_img", None, None, 3356, 67.6, "m"),  # no applicant count: the published rate is kept
    ]
    df = pd.DataFrame(rows, columns=["match_year", "applicant_type", "registered_applicants", "active_applicants",
                                     "matched_pgy1", "match_rate_pct", "source_id"])
    return df.astype({"registered_applicants": "Int64", "active_applicants": "Int64"})


def positions_summary() -> pd.DataFrame:
    return pd.DataFrame([(2025, 43237, 40041, 40764, 37667, 2473, 2521)],
                        columns=["match_year", "positions_total", "positions_pgy1", "filled_total", "filled_pgy1",
                                 "unfilled", "unfilled_offered_in_soap"])


def rol_length() -> pd.DataFrame:
    rows = [  # year, group, outcome, n, pct, avg_rol, per position
        (2025, "programs", "filled", 900, 90.0, 80.0, 10.0),
        (2025, "programs", "unfilled", 100, 10.0, 40.0, 5.0),
        (2025, "all_applicants", "matched", 35987, 80.5, 12.02, None),
        (2025, "all_applicants", "unmatched", 8703, 19.5, 4.04, None),
        (2025, "us_img", "matched", 2, 66.7, 10.0, None),
        (2025, "us_img", "unmatched", 1, 33.3, 3.3, None),
        (2006, "us_img", "matched", 1, 50.0, 6.75, None),
        (2006, "us_img", "unmatched", 1, 50.0, 4.1, None),
    ]
    return pd.DataFrame(rows, columns=["match_year", "group_name", "outcome", "n", "pct", "avg_rol_length",
                                       "avg_ranks_per_position"])


def residents() -> pd.DataFrame:
    rows = []
    for deg, sid, spec, total, nonus in [("MD", "internal-medicine", "Internal Medicine", 1000, 300),
                                         ("DO", "internal-medicine", "Internal Medicine", 200, 2),
                                         ("MD", "dermatology", "Dermatology", 50, 1),
                                         ("MD", "aerospace-medicine", "Aerospace Medicine", 7, 0),
                                         ("MD", None, "Total", 1257, 301)]:
        rows.append(("2021-22", deg, spec, None, sid, "total", total, None))
        rows.append(("2021-22", deg, spec, None, sid, "non_us_citizen", nonus, round(100 * nonus / total, 1)))
        rows.append(("2021-22", deg, spec, None, sid, "white", total // 2, 50.0))
    return pd.DataFrame(rows, columns=["academic_year", "degree_type", "specialty", "parent_specialty", "specialty_id",
                                       "category", "residents", "pct"])


ALL_TABLES = {"match_summary": match_summary, "positions_summary": positions_summary,
              "state_specialty_results": state_specialty, "program_results": program_results,
              "rol_length": rol_length, "residents_by_specialty": residents,
              "preferred_specialty_outcomes": _co.preferred_specialty_outcomes,
              "applicant_measures": _co.applicant_measures}


def build_db(version: Path, tables: dict[str, pd.DataFrame]) -> list[str]:
    version.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_parquet(version / f"{name}.parquet", index=False)
    notes: list[str] = []
    created = warehouse.build(version, sorted(tables), say=notes.append)
    return created, notes


@pytest.fixture(scope="module")
def full_db(tmp_path_factory):
    version = tmp_path_factory.mktemp("full")
    created, notes = build_db(version, {k: f() for k, f in ALL_TABLES.items()})
    con = duckdb.connect(str(version / warehouse.DB_NAME), read_only=True)
    yield con, created, notes
    con.close()


@pytest.fixture
def con(full_db):
    return full_db[0]


def rows(df: pd.DataFrame, **where) -> pd.DataFrame:
    mask = pd.Series(True, index=df.index)
    for k, v in where.items():
        mask &= df[k].isna() if v is None else (df[k] == v)
    return df[mask]


def one(df: pd.DataFrame, **where) -> pd.Series:
    r = rows(df, **where)
    assert len(r) == 1, f"{len(r)} rows for {where}"
    return r.iloc[0]


# -- the database ------------------------------------------------------------------------------

def test_every_sql_file_is_one_create_view_named_like_the_file():
    files = sorted(SQL_DIR.glob("*.sql"))
    assert {f.stem for f in files} == set(marts.MARTS)
    for f in files:
        sql = re.sub(r"--[^\n]*", "", f.read_text())
        assert len(re.findall(r"\bCREATE\s+VIEW\b", sql, re.I)) == 1, f.name
        assert re.search(rf"\bCREATE\s+VIEW\s+{f.stem}\s+AS\b", sql, re.I), f.name


def test_all_marts_are_created_from_all_tables(full_db):
    _, created, notes = full_db
    assert sorted(created) == sorted(marts.MARTS)
    assert notes == []


def test_offline_clone_gets_only_the_headline_mart(tmp_path):
    created, notes = build_db(tmp_path / "v", {"match_summary": match_summary(),
                                               "positions_summary": positions_summary()})
    assert created == ["match_rate_headline"]
    skipped = "\n".join(notes)
    assert len(notes) == 1 and "analyses skipped (a table they need was not built)" in skipped
    assert "img_share_by_specialty (needs state_specialty_results)" in skipped  # through img_share_by_state
    assert "specialty_fill_trends (needs program_results)" in skipped  # through specialty_fill_by_program_type
    assert "match_rate_trends (needs rol_length)" in skipped
    con = duckdb.connect(str(tmp_path / "v" / warehouse.DB_NAME), read_only=True)
    try:
        assert marts.available(con) == ["match_rate_headline"]
        with pytest.raises(marts.MartUnavailable) as exc:
            marts.mart("img_share_by_specialty", con)
        msg = exc.value.message
        assert "state_specialty_results" in msg and "was not built" in msg
        assert "Main_Match_Results_by_State_Specialty_and_AppType_2025.pdf" in msg
        assert "make pipeline" in msg
        assert marts.load("specialty_fill_trends", con) is None  # a note, not an exception
        written = export.write_all_charts(con, tmp_path / "charts")
    finally:
        con.close()
    # the match-rate chart falls back to the headline definition; nothing else can be drawn
    assert sorted(p.name for p in written) == ["match_rate_trends.html", "match_rate_trends.png",
                                               "match_rate_trends.svg"]
    svg = (tmp_path / "charts" / "match_rate_trends.svg").read_text()
    assert "rank-order-list report (2006–2025) is not loaded" in svg


def test_unknown_mart_is_an_error(con):
    with pytest.raises(marts.access.MatchstatsError, match="unknown analysis"):
        marts.mart("no_such_mart", con)


# -- match rates -------------------------------------------------------------------------------

def test_match_rate_trends_two_definitions(con):
    df = marts.mart("match_rate_trends", con)
    assert set(df["definition"]) == {"headline", "no_couples"}
    h = one(df, definition="headline", match_year=2025, applicant_type="all_applicants")
    assert (h["active_applicants"], h["matched"], h["match_rate_pct"], h["rate_basis"]) == (47208, 37667, 79.8,
                                                                                             "computed")
    # 2023 has no applicant count: the published rate, flagged as such
    h23 = one(df, definition="headline", match_year=2023, applicant_type="us_img")
    assert h23["match_rate_pct"] == 67.6 and h23["rate_basis"] == "published" and math.isnan(h23["active_applicants"])
    # no_couples: matched n / (matched + unmatched) from rol_length
    n = one(df, definition="no_couples", match_year=2025, applicant_type="all_applicants")
    assert (n["active_applicants"], n["matched"], n["match_rate_pct"]) == (44690, 35987, 80.5)
    n2 = one(df, definition="no_couples", match_year=2025, applicant_type="us_img")
    assert n2["match_rate_pct"] == 66.7  # 2 / 3
    # the programs rows of rol_length are not applicants
    assert "programs" not in set(df["applicant_type"])
    assert len(rows(df, definition="no_couples")) == 3


def test_match_rate_trends_chart_labels_both_definitions(con):
    spec = charts.match_rate_trends(marts.mart("match_rate_trends", con)).to_dict()
    text = str(spec)
    assert "Headline (PGY-1; couples included)" in text and "Rank-list report (any position; no couples)" in text
    dash = spec["vconcat"][0]["layer"][0]["encoding"]["strokeDash"]
    assert dash["scale"]["range"] == [[1, 0], [6, 4]]  # solid headline, dashed no-couples
    assert "Source: NRMP, Impact of Length of Rank Order List" in text


# -- IMG share ---------------------------------------------------------------------------------

def test_img_share_by_specialty_sums_states_and_keeps_levels_apart(con):
    df = marts.mart("img_share_by_specialty", con)
    im = one(df, match_year=2025, specialty_id="internal-medicine", position_level="PGY-1")
    assert (im["positions"], im["filled"], im["us_img"], im["non_us_img"]) == (150, 140, 10, 46)
    assert im["img_share_pct"] == 40.0          # 56 / 140
    assert im["fill_pct"] == 93.3               # 140 / 150 = 93.33
    assert im["us_md_senior"] == 60 and im["us_do_senior"] == 22
    assert im["specialty"] == "Internal Medicine"  # display name added by marts.mart
    pgy2 = one(df, match_year=2025, specialty_id="internal-medicine", position_level="PGY-2")
    assert (pgy2["filled"], pgy2["img_share_pct"], pgy2["fill_pct"]) == (4, 75.0, 80.0)
    assert one(df, specialty_id="pediatrics")["img_share_pct"] == 16.7   # 50 / 300 = 16.67
    assert one(df, specialty_id="surgery")["img_share_pct"] == 33.3      # 1 / 3
    # the applicant types add up to filled
    parts = ["us_md_senior", "us_md_grad", "us_do_senior", "us_do_grad", "us_img", "non_us_img", "other"]
    assert (df[parts].sum(axis=1) == df["filled"]).all()
    # the row without a printed level is its own group; nothing filled -> share null, fill 0
    occ = one(df, specialty_id="occupational-environmental-medicine")
    assert pd.isna(occ["position_level"]) and occ["img_share_pct"] == 33.3  # 2 / 6 filled
    nuc = one(df, specialty_id="nuclear-medicine")
    assert nuc["fill_pct"] == 0.0 and pd.isna(nuc["img_share_pct"])


def test_img_share_by_state(con):
    df = marts.mart("img_share_by_state", con)
    ny = one(df, match_year=2025, state="NY", specialty_id="internal-medicine", position_level="PGY-1")
    assert (ny["filled"], ny["us_img"], ny["non_us_img"], ny["img_share_pct"], ny["fill_pct"]) == (96, 8, 36, 45.8,
                                                                                                   96.0)
    al = one(df, match_year=2025, state="AL", specialty_id="internal-medicine", position_level="PGY-1")
    assert al["img_share_pct"] == 27.3  # 12 / 44 = 27.27
    # state rows add up to the national mart
    nat = marts.mart("img_share_by_specialty", con)
    assert df["filled"].sum() == nat["filled"].sum() and df["us_img"].sum() == nat["us_img"].sum()


def test_img_friendly_ranking_rule(con):
    df = marts.mart("img_friendly_specialties", con)
    # latest year only, PGY-1 only, at least 100 positions: pathology (99), dermatology (PGY-2 only),
    # anesthesiology (2024) and the small specialties are out; so is surgery: 100 positions but 3 filled, a
    # small number (under SMALL_BASE), never ranked
    assert df["specialty_id"].tolist() == ["family-medicine", "internal-medicine", "pediatrics"]
    assert set(df["match_year"]) == {2025}
    # internal medicine 56/140 and family medicine 40/100 are both exactly 40%: they share rank 1
    # (listed by specialty_id within a rank)
    assert df["rank"].tolist() == [1, 1, 3]
    assert df["img_share_pct"].tolist() == [40.0, 40.0, 16.7]
    assert (df["filled"] >= marts.SMALL_BASE).all()
    fm = one(df, specialty_id="family-medicine")
    assert (fm["positions"], fm["us_img"], fm["non_us_img"], fm["fill_pct"]) == (120, 30, 10, 83.3)
    assert list(df.columns[:4]) == ["rank", "match_year", "specialty_id", "specialty"]


def test_ranking_minimum_is_the_same_in_sql_and_python():
    sql = (SQL_DIR / "img_friendly_specialties.sql").read_text()
    assert f"positions >= {marts.RANKING_MIN_POSITIONS}" in sql
    assert f"at least {marts.RANKING_MIN_POSITIONS} PGY-1 positions" in sql
    assert f"at least ``RANKING_MIN_POSITIONS`` ({marts.RANKING_MIN_POSITIONS})" in " ".join(
        marts.access.__doc__.split())


def test_ranking_breaks_ties_on_the_exact_ratio(tmp_path):
    # 20/30 = 66.67% and 667/1000 = 66.7% round alike but are not equal
    ss = pd.DataFrame([_ss(2025, "NY", "surgery", "PGY-1", 100, 10, 0, 0, 0, 20, 0, 0),
                       _ss(2025, "NY", "pediatrics", "PGY-1", 1000, 333, 0, 0, 0, 300, 367, 0)], columns=SS_COLS)
    build_db(tmp_path / "v", {"state_specialty_results": ss})
    c = duckdb.connect(str(tmp_path / "v" / warehouse.DB_NAME), read_only=True)
    try:
        df = marts.mart("img_friendly_specialties", c)
    finally:
        c.close()
    assert df["img_share_pct"].tolist() == [66.7, 66.7]
    assert df["specialty_id"].tolist() == ["pediatrics", "surgery"] and df["rank"].tolist() == [1, 2]


# -- program results ---------------------------------------------------------------------------

def test_specialty_fill_trends(con):
    df = marts.mart("specialty_fill_trends", con)
    im25 = one(df, match_year=2025, specialty_id="internal-medicine")
    # categorical and preliminary programs together: quota 12 + 6 + 3, filled 12 + 5 + 3
    assert (im25["programs"], im25["quota"], im25["filled"], im25["unfilled"]) == (3, 21, 20, 1)
    assert im25["fill_pct"] == 95.2  # 20 / 21 = 95.24
    im24 = one(df, match_year=2024, specialty_id="internal-medicine")
    assert (im24["quota"], im24["filled"], im24["fill_pct"]) == (16, 13, 81.3)  # 81.25 -> 81.3
    an = one(df, match_year=2025, specialty_id="anesthesiology")
    assert an["quota"] == 0 and pd.isna(an["fill_pct"])
    # sums reconcile with the program table, year by year
    pr = program_results().groupby("match_year")[["quota", "filled"]].sum()
    got = df.groupby("match_year")[["quota", "filled", "unfilled"]].sum()
    assert (got["quota"] == pr["quota"]).all() and (got["filled"] == pr["filled"]).all()
    assert (got["unfilled"] == pr["quota"] - pr["filled"]).all()


def test_unfilled_programs(con):
    df = marts.mart("unfilled_programs", con)
    assert sorted(zip(df["match_year"], df["program_code"], df["unfilled"])) == [
        (2024, "1000140P0", 3), (2024, "2000120C0", 1), (2025, "1000140P0", 1), (2025, "2000120C0", 3)]
    assert (df["quota"] - df["filled"] == df["unfilled"]).all()
    assert {"institution", "program_name", "city", "state", "program_type", "specialty"} <= set(df.columns)


# -- rank order lists --------------------------------------------------------------------------

def test_rol_length_vs_match_is_wide(con):
    df = marts.mart("rol_length_vs_match", con)
    assert set(df["group_name"]) == {"all_applicants", "us_img"}  # programs left out
    a = one(df, match_year=2025, group_name="all_applicants")
    assert (a["matched"], a["unmatched"], a["match_rate_pct"]) == (35987, 8703, 80.5)
    assert (a["avg_rol_matched"], a["avg_rol_unmatched"], a["difference"]) == (12.02, 4.04, 7.98)
    u = one(df, match_year=2006, group_name="us_img")
    assert u["difference"] == 2.65  # 6.75 - 4.10, without float noise


# -- AAMC ---------------------------------------------------------------------------------------

def test_residents_non_us_share(con):
    df = marts.mart("residents_non_us_share", con)
    im = one(df, specialty_id="internal-medicine")
    assert (im["degree_types"], im["residents"], im["non_us_citizen"]) == ("MD+DO", 1200, 302)
    assert im["non_us_citizen_pct"] == 25.2  # 302 / 1200 = 25.17
    # NRMP side: latest year, all position levels: filled 140 + 4, non-U.S. IMGs 46 + 3
    assert (im["nrmp_match_year"], im["nrmp_filled"], im["nrmp_non_us_img"]) == (2025, 144, 49)
    assert im["nrmp_non_us_img_pct"] == 34.0
    aero = one(df, specialty_id="aerospace-medicine")  # no NRMP counterpart
    assert pd.isna(aero["nrmp_filled"]) and aero["non_us_citizen_pct"] == 0.0
    assert df["specialty_id"].notna().all()  # the Total row is not a specialty


# -- charts -------------------------------------------------------------------------------------

def test_write_all_charts(con, tmp_path):
    written = export.write_all_charts(con, tmp_path / "charts")
    stems = {p.stem for p in written}
    assert stems == {c.stem for c in export.chart_specs()}
    assert len(written) == 3 * len(stems)
    for p in written:
        assert p.stat().st_size > 1000, p
        if p.suffix == ".html":
            html = p.read_text()
            assert "cdn.jsdelivr" not in html and "<script src=" not in html
        if p.suffix == ".png":
            assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "charts" / "img_share_by_specialty.svg").read_text()
    assert "IMG share of filled PGY-1 positions by specialty, 2025" in svg
    assert "Source: NRMP, 2025 Main Residency Match" in svg
    assert "Share of filled positions (%)" in svg
    assert "40.0%" in svg and "Internal Medicine" in svg


def test_every_chart_has_title_axis_units_and_source(con):
    for spec in export.chart_specs():
        d = spec.make(marts.mart(spec.mart, con)).to_dict()
        text = str(d).replace("\\n", " ")
        assert d["title"]["text"], spec.stem
        assert "Source: " in text and "Chart: matchstats." in text, spec.stem
        if spec.stem == "specialty_fill_trends":  # the fixture's specialties are below the 50-position minimum
            assert "No specialty with at least 50 positions in 2025." in text
            d = charts.specialty_fill_trends(marts.mart(spec.mart, con), min_quota=1).to_dict()
            text = str(d)
            assert "Internal Medicine (21)" in text and "Family Medicine (8)" in text
        assert re.search(r"\((%|ranks|log scale)\)|IMGs matched \(", text), spec.stem


def test_charts_of_empty_marts_say_so(con):
    for spec in export.chart_specs():
        empty = marts.mart(spec.mart, con).iloc[0:0]
        d = spec.make(empty).to_dict()
        assert d["title"]["text"] and "Source: " in str(d), spec.stem
        assert re.search(r"No .* to show|No specialty with", str(d)), spec.stem


def test_img_share_chart_respects_ranking_minimum(con):
    df = marts.mart("img_share_by_specialty", con)
    d = charts.img_share_by_specialty(df).to_dict()
    names = {r["specialty_name"] for ds in d["datasets"].values() for r in ds if "specialty_name" in r}
    assert names == {"Internal Medicine", "Family Medicine", "Surgery", "Pediatrics"}


def test_label_placement_avoids_overlaps():
    circles = [(100.0, 100.0, 20.0), (160.0, 100.0, 20.0), (130.0, 130.0, 5.0)]
    pts = [(x, y, r, "Label number %d" % i) for i, (x, y, r) in enumerate(circles)]
    spots = labels.place_labels(pts, circles, 400, 300)
    assert None not in spots  # there is room for all three
    boxes = []
    for (x, y, align), (_, _, _, text) in zip(spots, pts):
        w = 5.9 * len(text)
        x0 = x if align == "left" else x - w if align == "right" else x - w / 2
        boxes.append((x0, y - 6, x0 + w, y + 6))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # no room at all (a plot the size of the circles): labels are left out rather than overlapped
    crowded = [(10.0, 10.0, 8.0), (12.0, 10.0, 8.0), (14.0, 10.0, 8.0)]
    spots = labels.place_labels([(x, y, r, "A long label here") for x, y, r in crowded], crowded, 20, 20)
    assert spots[0] is not None and spots[1:] == [None, None]


# -- integration: real NRMP files ---------------------------------------------------------------

def _real_table(table: str, tmp: Path) -> None:
    """Build one table from its real file(s) with its ingest module and write it as Parquet."""
    from pipeline import ingest
    from pipeline.sources import catalogue
    from pipeline.store import dictionary
    from pipeline.config import paths
    from tests.conftest import real_source

    mod = ingest.module(table)
    cat = catalogue.load(paths())
    needed = [k for k in mod.KINDS if k not in getattr(mod, "OPTIONAL", ())]
    sources = {s.id: s for s in cat.of_kind(*mod.KINDS)}
    files = {sid: (real_source(sid) if s.kind in needed else None) for sid, s in sources.items()}
    df = dictionary.conform(table, mod.build(ingest.Inputs(files, sources)))
    df.to_parquet(tmp / f"{table}.parquet", index=False)


@pytest.mark.integration
def test_real_internal_medicine_acceptance_figure(tmp_path):
    _real_table("state_specialty_results", tmp_path)
    created = warehouse.build(tmp_path, ["state_specialty_results"], say=lambda m: None)
    assert {"img_share_by_specialty", "img_share_by_state", "img_friendly_specialties"} <= set(created)
    c = duckdb.connect(str(tmp_path / warehouse.DB_NAME), read_only=True)
    try:
        df = marts.mart("img_share_by_specialty", c)
        ranked = marts.mart("img_friendly_specialties", c)
    finally:
        c.close()
    im = one(df, match_year=2025, specialty_id="internal-medicine", position_level="PGY-1")
    assert (im["us_img"], im["non_us_img"], im["filled"], im["img_share_pct"]) == (1221, 3794, 12439, 40.3)
    # internal medicine has the highest IMG share among specialties with >= 100 PGY-1 positions
    top = ranked.iloc[0]
    assert (top["rank"], top["specialty_id"], top["img_share_pct"]) == (1, "internal-medicine", 40.3)
    assert (ranked["positions"] >= marts.RANKING_MIN_POSITIONS).all()
    assert ranked["img_share_pct"].is_monotonic_decreasing


@pytest.mark.integration
def test_real_fill_trends_reconcile_with_national_totals(tmp_path):
    _real_table("program_results", tmp_path)
    warehouse.build(tmp_path, ["program_results"], say=lambda m: None)
    c = duckdb.connect(str(tmp_path / warehouse.DB_NAME), read_only=True)
    try:
        df = marts.mart("specialty_fill_trends", c)
        raw = c.sql("select match_year, sum(quota) q, sum(filled) f, count(*) n from program_results "
                    "group by 1 order by 1").df().set_index("match_year")
        unfilled = marts.mart("unfilled_programs", c)
    finally:
        c.close()
    got = df.groupby("match_year")[["quota", "filled", "programs", "unfilled"]].sum()
    assert sorted(got.index) == list(range(2015, 2026))  # the 2015-2019, 2016-2020 and 2021-2025 editions
    assert (got["quota"] == raw["q"]).all() and (got["filled"] == raw["f"]).all() and (got["programs"] == raw["n"]).all()
    # NRMP's national totals (independent: NRMP and AMA releases, data/raw/manual/): 2024 41,503 offered,
    # 38,941 filled; 2020 37,256 / 35,258; 2016 30,750 / 29,572; 2015 30,212 offered
    assert (got.loc[2024, "quota"], got.loc[2024, "filled"]) == (41503, 38941)
    assert (got.loc[2020, "quota"], got.loc[2020, "filled"]) == (37256, 35258)
    assert (got.loc[2016, "quota"], got.loc[2016, "filled"]) == (30750, 29572)
    assert got.loc[2015, "quota"] == 30212
    # unfilled positions after the algorithm: 2,562 in 2024 (= positions_summary.unfilled)
    assert got.loc[2024, "unfilled"] == 2562
    assert unfilled[unfilled["match_year"] == 2024]["unfilled"].sum() == 2562


@pytest.mark.integration
def test_real_match_rate_definitions_differ(tmp_path):
    _real_table("rol_length", tmp_path)
    match_summary().to_parquet(tmp_path / "match_summary.parquet", index=False)  # 2025 headline figures as published
    warehouse.build(tmp_path, ["match_summary", "rol_length"], say=lambda m: None)
    c = duckdb.connect(str(tmp_path / warehouse.DB_NAME), read_only=True)
    try:
        df = marts.mart("match_rate_trends", c)
    finally:
        c.close()
    nc = one(df, definition="no_couples", match_year=2025, applicant_type="all_applicants")
    assert (nc["matched"], nc["active_applicants"], nc["match_rate_pct"]) == (35987, 44690, 80.5)
    assert one(df, definition="headline", match_year=2025, applicant_type="all_applicants")["match_rate_pct"] == 79.8
    assert sorted(set(rows(df, definition="no_couples")["match_year"])) == list(range(2006, 2026))


def test_write_report_charts_into_reports_and_skip_when_unchanged(home):
    from pipeline.store import publish
    from pipeline.config import paths

    p = paths(home)

    def publish_tables(tables):
        version = publish.new_version(p)
        for name, make in tables.items():
            make().to_parquet(version / f"{name}.parquet", index=False)
        warehouse.build(version, sorted(tables), say=lambda m: None)
        publish.swap(p, version)

    said: list[str] = []
    assert export.write_report_charts(p, say=said.append) == []  # nothing published yet
    assert "no published data" in said[-1]
    publish_tables(ALL_TABLES)
    written = export.write_report_charts(p, say=said.append)
    assert {f.parent for f in written} == {home / "reports" / "charts"} and len(written) == 24
    assert export.write_report_charts(p, say=said.append) == [] and "up to date" in said[-1]
    # a later version without the NRMP reports: the charts that cannot be drawn are removed
    publish_tables({"match_summary": match_summary, "positions_summary": positions_summary})
    export.write_report_charts(p, say=said.append)
    assert sorted(f.name for f in (home / "reports" / "charts").glob("*") if not f.name.startswith(".")) == [
        "match_rate_trends.html", "match_rate_trends.png", "match_rate_trends.svg"]
