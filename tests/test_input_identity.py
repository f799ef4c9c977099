"""Input identity and every year reconciled (issue 23 items 2, 7 and 8).

* a file whose printed kind or years differ from its catalogue entry's is refused before it is parsed,
  naming that file, what it prints, what the catalogue says and what to do (a wrong edition in a
  catalogued slot, with its md5 and size updated, once dropped 2020 silently);
* every year with a national total is reconciled: one with a total and no program rows fails naming
  both; one with rows and no total is said ("not reconciled: no national total"), in the run output
  and on the validation page;
* the validation page is the version's: the same bytes whether `matchstats pipeline` or
  `matchstats validate` writes it (the documented 2020 U.S. MD senior discrepancy, 93.9 vs 93.7, stays).
"""

from __future__ import annotations

import shutil
import time

import pandas as pd
import pytest
import yaml

from pipeline.errors import InputError
from pipeline.ingest import program_results
from pipeline.ingest.kinds import check_catalogued
from pipeline.sources.catalogue import Source
from tests.helpers import cli, recatalogue, snapshot
from tests.test_editions import OLD_YEARS, old_pages
from tests.test_program_results import default_pages, write_pdf


def _source(path, kind="program_results", years=(2017, 2018, 2019, 2020, 2021)) -> Source:
    return Source(id="nrmp_program_results_x", publisher="NRMP", title="t", years=tuple(years), path=str(path),
                  landing_page="", md5="", size=0, terms="", kind=kind)


# -- the identity of a file --------------------------------------------------------------------------------

def test_a_file_printing_its_catalogued_kind_and_years_passes(tmp_path):
    f = write_pdf(tmp_path / "r.pdf", old_pages(), years=OLD_YEARS, layout="2019")
    assert check_catalogued(_source(f), f).years == (2017, 2018, 2019, 2020, 2021)
    assert check_catalogued(_source(f, kind="national_positions_facts"), f) is None  # bundled facts: no title


def test_a_file_printing_other_years_is_refused_naming_it_both_spans_and_what_to_do(tmp_path):
    f = write_pdf(tmp_path / "Program-Results_2016_2020.pdf", old_pages(), years=OLD_YEARS, layout="2019")
    with pytest.raises(InputError) as e:
        check_catalogued(_source(f, years=(2018, 2019, 2020, 2021, 2022)), f)
    text = e.value.message
    assert text.startswith(f"{f}: the file prints")
    assert "(program_results, 2017-2021)" in text and "says program_results, 2018-2022" in text
    assert "nrmp_program_results_x" in text and "matchstats fetch" in text and "matchstats add" in text


def test_a_file_of_another_kind_is_refused(tmp_path):
    f = write_pdf(tmp_path / "r.pdf", default_pages())
    with pytest.raises(InputError, match=r"\(program_results, 2021-2025\), but its catalogue entry .* says "
                                         r"state_specialty_results, 2025"):
        check_catalogued(_source(f, kind="state_specialty_results", years=(2025,)), f)


def test_the_identity_check_reads_only_the_first_pages(tmp_path):
    pages = default_pages() * 60  # 120 pages
    f = write_pdf(tmp_path / "big.pdf", pages)
    t0 = time.perf_counter()
    check_catalogued(_source(f, years=(2021, 2022, 2023, 2024, 2025)), f)
    assert time.perf_counter() - t0 < 2.0


def test_a_wrong_edition_in_a_catalogued_slot_is_refused_before_it_is_read(home, tmp_path):
    cat = home / "data" / "raw" / "sources.yml"
    doc = yaml.safe_load(cat.read_text())
    doc["sources"] = [s for s in doc["sources"] if s["kind"] != "program_results"]
    cat.write_text(yaml.safe_dump(doc, sort_keys=False))
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    a = write_pdf(tmp_path / "Program-Results-2017-2021.pdf", old_pages(), years=OLD_YEARS, layout="2019")
    assert cli("add", str(a)).exit_code == 0
    slot = home / "data" / "raw" / "nrmp" / "2021" / a.name
    write_pdf(slot, default_pages())  # the 2021-2025 edition's content in the 2017-2021 slot ...
    recatalogue(home, "nrmp_program_results_2017_2021", slot)  # ... with its md5 and size updated
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1
    assert f"{slot}: the file prints" in r.output and "(program_results, 2021-2025)" in r.output
    assert "nrmp_program_results_2017_2021 (data/raw/sources.yml) says program_results, 2017-2021" in r.output
    assert "[ingest] program_results" not in r.output and "Traceback" not in r.output
    assert snapshot(home / "data" / "processed") == before


@pytest.mark.integration
def test_the_2015_2019_edition_in_the_2016_2020_slot_is_refused_naming_that_file(home):
    from tests.conftest import real_source

    older, slot_id = real_source("nrmp_program_results_2015_2019"), "nrmp_program_results_2016_2020"
    entries = {s["id"]: s for s in yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"]}
    for sid in ("nrmp_program_results_2015_2019", "nrmp_program_results_2021_2025"):
        dst = home / "data" / "raw" / entries[sid]["path"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real_source(sid), dst)
    slot = home / "data" / "raw" / entries[slot_id]["path"]
    slot.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(older, slot)
    recatalogue(home, slot_id, slot)  # as the checksum error suggests
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1, r.output
    assert f"{slot}: the file prints" in r.output and "2015-2019" in r.output
    assert f"{slot_id} (data/raw/sources.yml) says program_results, 2016-2020" in r.output
    assert not (home / "data" / "processed").exists()


# -- every year with a national total is reconciled --------------------------------------------------------------

def _programs(counts: dict[int, tuple[int, int]]) -> pd.DataFrame:
    return pd.DataFrame([{"match_year": y, "program_code": f"P{y}", "quota": q, "filled": f, "source_id": "ed_x"}
                         for y, (q, f) in counts.items()])


def _national(rows) -> pd.DataFrame:
    return pd.DataFrame([{"match_year": y, "positions_total": p, "filled_total": f,
                          "_source_file": "/raw/manual/national.csv", "_source_line": f"line {i + 2}"}
                         for i, (y, p, f) in enumerate(rows)]).astype({"positions_total": "Int64",
                                                                       "filled_total": "Int64"})


def test_a_year_with_a_national_total_and_no_program_rows_fails_naming_both():
    programs = _programs({2019: (10, 9), 2021: (12, 11)})
    national = _national([(2019, 10, 9), (2020, 11, 10), (2021, 12, 11)])
    fails = program_results.reconcile(programs, {"positions_summary": national}, covered=[2019, 2020, 2021])
    assert [(f.check, f.year) for f in fails] == [("program_rows_for_positions_total", 2020),
                                                 ("program_rows_for_filled_total", 2020)]
    assert "national.csv line 3" in fails[0].detail and "program_results has no program for 2020" in fails[0].detail
    assert "11 positions" in fails[0].detail and "ed_x" in fails[0].detail
    # without the year among those covered (no edition read prints it) it is said, not failed
    assert program_results.reconcile(programs, {"positions_summary": national}, covered=[2019, 2021]) == []
    said = program_results.not_reconciled(programs, {"positions_summary": national}, covered=[2019, 2021])
    assert said == ["2020: national total not reconciled: no Program Results edition read covers 2020"]


def test_a_year_with_rows_and_no_national_total_is_said():
    programs = _programs({2021: (12, 11), 2022: (13, 12), 2023: (14, 13)})
    national = _national([(2021, 12, 11), (2023, 14, None)])
    others = {"positions_summary": national}
    assert program_results.reconcile(programs, others) == []
    assert program_results.not_reconciled(programs, others) == [
        "2022: not reconciled: no national total",
        "2023: filled positions not reconciled: no national total of filled positions (positions reconciled)"]


def test_not_reconciled_years_are_on_the_validation_page(home):
    from pipeline.config import paths
    from pipeline.reports import validation

    record = validation.make_record(None, [], [], {}, ["program_results"],
                                    not_reconciled={"program_results": ["2022: not reconciled: no national total"]})
    out = validation._write(paths(), record, "v1", [], validation.TITLE_NOTE)
    assert "program_results: 2022: not reconciled: no national total" in out.read_text()
    doc = yaml.safe_load((out.parent / "validation.json").read_text())
    assert doc["not_reconciled"] == {"program_results": ["2022: not reconciled: no national total"]}


# -- one validation page per data version ----------------------------------------------------------------------

def test_the_validation_page_is_the_same_whichever_command_writes_it(home):
    r = cli("pipeline")
    assert r.exit_code == 0, r.output
    page, record = home / "reports" / "validation.html", home / "reports" / "validation.json"
    by_pipeline = page.read_bytes(), record.read_bytes()
    assert b"93.9" in by_pipeline[0] and b"93.7" in by_pipeline[0]  # documented while the facts were read
    v = cli("validate")
    assert v.exit_code == 0, v.output
    assert "agrees with the record" in v.output
    assert (page.read_bytes(), record.read_bytes()) == by_pipeline
    r = cli("pipeline")  # a run with nothing changed writes the same page again
    assert r.exit_code == 0 and (page.read_bytes(), record.read_bytes()) == by_pipeline


# -- a failed check names the files behind it (item 7) ----------------------------------------------------------

def test_a_failed_reconciliation_names_the_files_of_both_tables(home):
    f = home / "data" / "raw" / "manual" / "nrmp_national_positions.csv"
    text = f.read_text()
    assert text.count(",40041,37667,") == 1
    f.write_text(text.replace(",40041,37667,", ",40041,37666,"))  # 2025 PGY-1 filled one lower
    recatalogue(home, "nrmp_national_positions_manual", f)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1, r.output
    assert "37,667 != positions_summary.filled_pgy1 37,666" in r.output
    line = next(ln for ln in r.output.splitlines() if ln.strip().startswith("read from match_summary:"))
    assert "; positions_summary: " in line and "data/raw/manual/nrmp_national_positions.csv" in line
