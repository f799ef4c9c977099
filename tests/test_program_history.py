"""program_history: the name printed by the edition read, the editions that print each program-year, and
`renamed` only where two editions print names that still differ after normalising case, punctuation, known
abbreviations and clipping at the column width (issue 24 item 6).

Two synthetic editions that agree on their shared year 2021 (tests.test_editions.old_pages, 2017-2021 in the
2019-2020 layout, and the default 2021-2025 pages): 2017-2020 rows come from the older, 2021-2025 from the newer.
"""

from __future__ import annotations

import duckdb
import pytest

from pipeline.ingest import Inputs, program_results
from pipeline.ingest._program_names import name_key
from pipeline.store import dictionary, warehouse
from tests.test_editions import OLD_YEARS, old_pages
from tests.test_program_results import Prog, default_pages, write_pdf


@pytest.mark.parametrize("a, b", [
    ("Gen Surg/Bowling Green", "General Surgery/Bowling Green"),
    ("Fam Med/Harpers Ferry", "Family Medicine/Harpers Ferry"),
    ("Surg-Prelim/Non-Desig", "Surgery-Preliminary/Non-Designated"),
    ("Pediatrics-Primary", "Pediatrics-Primary Care"),
    ("Int Med/IA Methodist", "Internal Medicine/IA Methodist"),
    ("Intervent Rad (Integ)/Research", "Interventional Radiology (Integrated)/Research"),
    ("Med-Prelim/Rad Onc", "Medicine-Prelim/Radiation Oncology"),
    ("PM&R/Osteopathic/Regionals", "Phys Med Rehab/Osteo/Regionals"),
    ("Obstetrics and Gynecology", "Obstetrics-Gynecology"),
    ("Pediatrics / Shabbat", "Pediatrics/Shabbat"),
    ("Surg-Prelim/1yr", "Surgery-Preliminary/1 yr"),
])
def test_abbreviations_case_and_punctuation_give_one_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a, b", [
    ("Psychiatry", "Psychiatry/Charleston"),              # a site added: a new name
    ("Med-Prelim/Opthalmology", "Med-Prelim/Ophthalmology"),  # a spelling correction stays a difference
    ("Int Med/Bellevue", "Interventional Radiology/Bellevue"),  # "Int" decided by the word after it
])
def test_other_changes_stay_differences(a, b):
    assert name_key(a) != name_key(b)


@pytest.fixture
def history(tmp_path):
    old = old_pages()
    names = {"2405140P0": "Med-Prelim",             # abbreviated in the older edition only
             "2132320C0": "Pediatrics/Mobile"}      # a real rename: the newer edition prints "Pediatrics"
    for page in old:
        for item in page.items:
            if isinstance(item, Prog) and item.code in names:
                item.name = names[item.code]
            if isinstance(item, Prog) and item.code == "3002040C1":  # clipped at the column width
                item.name, item.clipped = "Anesthesiology/Resea", True
    new = write_pdf(tmp_path / "new.pdf", default_pages())
    older = write_pdf(tmp_path / "old.pdf", old, years=OLD_YEARS, layout="2019")
    inputs = Inputs.of("program_results", new, older)
    df = program_results.build(inputs)
    assert df.attrs["failures"] == []
    table = dictionary.conform("program_results", df)
    version = tmp_path / "v"
    version.mkdir()
    table[[c for c in table.columns if not c.startswith("_")]].to_parquet(version / "program_results.parquet")
    warehouse.build(version, ["program_results"], say=lambda *_: None)
    con = duckdb.connect(str(version / warehouse.DB_NAME), read_only=True)
    yield con
    con.close()


def _rows(con, code):
    return con.execute("select match_year, program_name, renamed, previous_name, source_id, printed_in "
                       "from program_history where program_code = ? order by match_year", [code]).fetchall()


def test_each_year_has_the_name_of_the_edition_read_and_the_editions_that_print_it(history):
    rows = {r[0]: r for r in _rows(history, "2405140P0")}
    assert rows[2020][1:] == ("Med-Prelim", False, None, "program_results_2", "program_results_2")
    assert rows[2021][1:] == ("Medicine-Preliminary", False, "Med-Prelim", "program_results_1",
                              "program_results_1; program_results_2")
    assert rows[2022][1:] == ("Medicine-Preliminary", False, None, "program_results_1", "program_results_1")


def test_renamed_only_where_names_still_differ(history):
    clipped = {r[0]: r for r in _rows(history, "3002040C1")}
    assert clipped[2021][1:4] == ("Anesthesiology/Research", False, "Anesthesiology/Resea")
    renamed = {r[0]: r for r in _rows(history, "2132320C0")}
    assert renamed[2021][1:4] == ("Pediatrics", True, "Pediatrics/Mobile")
    assert history.execute("select count(*) from program_history where renamed").fetchone() == (1,)
    clipped_flag = history.execute("select name_clipped from program_results where program_code = '3002040C1' "
                                   "and match_year = 2020").fetchone()
    assert clipped_flag == (1,)
