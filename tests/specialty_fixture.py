"""Small made-up published data for the specialty-report tests.

``publish_fixture(home)`` runs the pipeline on the bundled facts (match_summary,
positions_summary), then adds small state_specialty_results, program_results and
residents_by_specialty tables to the published version and rebuilds its DuckDB
database, so that every analysis the reports use exists. Numbers are invented;
the expected figures below are worked out by hand from them.

Internal Medicine 2025 (PGY-1 only): positions 50 + 30 + 20 = 100, filled 48 + 27 + 20 = 95
(95.0%), IMGs (6 + 16) + (5 + 7) + (1 + 1) = 36 -> IMG share 36 / 95 = 37.9%.
Anesthesiology 2025: PGY-1 10/10 (no IMG), PGY-2 6/5 (NY, 2 IMGs) + 4/4 (CA) -> 20 positions,
19 filled, 2 IMGs = 10.5%. Dermatology: PGY-2 5/5 (CA), no IMG = 0.0%.
All specialties: 125 positions, 119 filled (95.2%), 38 IMGs = 31.9%.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.store.tables import write_table
from pipeline.store import dictionary
from pipeline.store import warehouse
from pipeline.config import paths
from tests.helpers import cli, set_catalogue_entry

SCRIPT = '<script>alert("x")</script>'
EXPECTED = {"internal-medicine": "37.9%", "anesthesiology": "10.5%", "dermatology": "0.0%"}
NATIONAL_IMG_SHARE = "31.9%"

STATE_COLS = ["match_year", "state", "specialty_label", "specialty_id", "position_level", "positions", "filled",
              "us_md_senior", "us_md_grad", "us_do_senior", "us_do_grad", "us_img", "non_us_img", "other"]
STATE_ROWS = [
    (2025, "NY", "Internal Medicine", "internal-medicine", "PGY-1", 50, 48, 20, 1, 5, 0, 6, 16, 0),
    (2025, "FL", "Internal Medicine", "internal-medicine", "PGY-1", 30, 27, 10, 0, 4, 1, 5, 7, 0),
    (2025, "CA", "Internal Medicine", "internal-medicine", "PGY-1", 20, 20, 15, 0, 3, 0, 1, 1, 0),
    (2025, "NY", "Anesthesiology", "anesthesiology", "PGY-1", 10, 10, 8, 0, 2, 0, 0, 0, 0),
    (2025, "NY", "Anesthesiology", "anesthesiology", "PGY-2", 6, 5, 3, 0, 0, 0, 1, 1, 0),
    (2025, "CA", "Anesthesiology", "anesthesiology", "PGY-2", 4, 4, 4, 0, 0, 0, 0, 0, 0),
    (2025, "CA", "Dermatology", "dermatology", "PGY-2", 5, 5, 5, 0, 0, 0, 0, 0, 0),
]
# program code, institution, state, city, program name, type, {year: (quota, filled)}
PROGRAMS = [
    ("1234140C0", "Empire Med Ctr", "NY", "New York", "Internal Medicine", "C",
     {2021: (40, 40), 2022: (42, 42), 2023: (44, 43), 2024: (46, 46), 2025: (50, 48)}),
    ("2345140P0", f"Sunshine {SCRIPT} Hosp", "FL", "Miami", "Medicine-Preliminary", "P",
     {2021: (25, 25), 2022: (26, 24), 2023: (28, 28), 2024: (29, 29), 2025: (30, 27)}),
    ("3456140C0", "Golden State Univ", "CA", "Los Angeles", "Internal Medicine", "C",
     {2021: (20, 20), 2022: (20, 20), 2023: (20, 20), 2024: (20, 20), 2025: (20, 20)}),
    ("1234040C0", "Empire Med Ctr", "NY", "New York", "Anesthesiology", "C",
     {y: (10, 10) for y in range(2021, 2026)}),
    ("1234040A0", "Empire Med Ctr", "NY", "New York", "Anesthesiology", "A",
     {2021: (6, 6), 2022: (6, 6), 2023: (6, 6), 2024: (6, 6), 2025: (6, 5)}),
    ("3456040A0", "Golden State Univ", "CA", "Los Angeles", "Anesthesiology", "A",
     {y: (4, 4) for y in range(2021, 2026)}),
    ("3456080A0", "Golden State Univ", "CA", "Los Angeles", "Dermatology", "A",
     {y: (5, 5) for y in range(2021, 2026)}),
]
SPECIALTY_OF_CODE = {"140": "internal-medicine", "040": "anesthesiology", "080": "dermatology"}
# AAMC 2021-22, Internal Medicine: MD and DO residents by category (residents, pct as printed)
AAMC = {
    "MD": {"total": (1000, None), "white": (350, 35.0), "asian": (250, 25.0), "black": (60, 6.0),
           "hispanic": (70, 7.0), "non_us_citizen": (300, 30.0)},
    "DO": {"total": (200, None), "white": (100, 50.0), "asian": (56, 28.0), "non_us_citizen": (20, 10.0)},
}
FAKE_MD5 = {"nrmp_state_specialty_2025": "1" * 32, "nrmp_program_results_2021_2025": "2" * 32,
            "aamc_residents_b5_2022": "3" * 32, "aamc_residents_b6_2022": "4" * 32}


def _tables() -> dict[str, pd.DataFrame]:
    state = pd.DataFrame(STATE_ROWS, columns=STATE_COLS)
    prog = []
    for code, inst, st, city, name, ptype, years in PROGRAMS:
        for y, (q, f) in years.items():
            prog.append({"match_year": y, "program_code": code, "institution": inst, "state": st, "city": city,
                         "program_name": name, "specialty_code": code[4:7],
                         "specialty_id": SPECIALTY_OF_CODE[code[4:7]], "program_type": ptype, "track": code[8:],
                         "quota": q, "filled": f, "source_id": "fixture_program_results",
                         "printed_in": "fixture_program_results", "name_key": name.lower(), "name_clipped": 0})
    res = []
    for degree, cats in AAMC.items():
        for cat, (n, pct) in cats.items():
            res.append({"academic_year": "2021-22", "degree_type": degree, "specialty": "Internal Medicine",
                        "parent_specialty": None, "specialty_id": "internal-medicine", "category": cat,
                        "residents": n, "pct": pct})
        res.append({"academic_year": "2021-22", "degree_type": degree, "specialty": "Total",
                    "parent_specialty": None, "specialty_id": None, "category": "total",
                    "residents": cats["total"][0], "pct": None})
    return {"state_specialty_results": state, "program_results": pd.DataFrame(prog),
            "residents_by_specialty": pd.DataFrame(res)}


INPUTS = {"state_specialty_results": ["nrmp_state_specialty_2025"],
          "program_results": ["nrmp_program_results_2021_2025"],
          "residents_by_specialty": ["aamc_residents_b5_2022", "aamc_residents_b6_2022"]}


def publish_fixture(home: Path, script_in_catalogue: bool = True) -> Path:
    """Publish the fixture tables in ``home`` (MATCHSTATS_HOME must point at it); return the version."""
    if script_in_catalogue:
        set_catalogue_entry(home, "nrmp_state_specialty_2025",
                            title=f"2025 Main Residency Match: Match Rates by Specialty and State {SCRIPT}")
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    p = paths()
    version = p.processed.resolve()
    for table, df in _tables().items():
        df = dictionary.conform(table, df)
        meta = {"table": table, "rows": len(df), "columns": dictionary.spec(table).column_names,
                "inputs": [{"id": i, "path": f"test/{i}", "md5": FAKE_MD5[i]} for i in INPUTS[table]],
                "fingerprint": "fixture"}
        write_table(df, version, table, meta)
    tables = sorted(f.name[: -len(".meta.json")] for f in version.glob("*.meta.json"))
    marts = warehouse.build(version, tables, say=lambda m: None)
    assert {"img_share_by_specialty", "img_share_by_state", "specialty_fill_trends", "unfilled_programs",
            "img_friendly_specialties", "residents_non_us_share"} <= set(marts), marts
    return version
