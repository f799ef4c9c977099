"""A query on a clone without the report files: naming an analysis or table that is not published gets a
message that says what is missing and how to get it, not DuckDB's bare "Catalog Error ... does not exist"
(pipeline.marts.access.missing_relation, which the query command's error uses)."""

from __future__ import annotations

import pytest

from pipeline.config import paths


@pytest.fixture
def offline_clone(home):
    from pipeline.run import run

    run(paths(home), say=lambda m: None, reports=False)  # the bundled facts only
    return home


def _error_of(sql: str) -> tuple[str, set[str]]:
    from pipeline.marts import access
    from pipeline.store import warehouse

    con = warehouse.connect(paths())
    try:
        views = access._views(con)
        with pytest.raises(Exception) as exc:
            con.execute(sql)
        return str(exc.value), views
    finally:
        con.close()


def test_the_readmes_second_query_says_which_file_is_missing(offline_clone):
    from pipeline.marts.access import missing_relation

    error, views = _error_of("select rank, specialty_id, img_share_pct from img_friendly_specialties limit 5")
    assert "does not exist" in error  # what DuckDB says
    what, todo = missing_relation(error, views)
    assert what.startswith("the analysis img_friendly_specialties is not in the published data: it needs the "
                           "table state_specialty_results, which was not built")
    assert "data/raw/nrmp/2025/Main_Match_Results_by_State_Specialty_and_AppType_2025.pdf" in what
    assert "make pipeline" in todo and "Catalog Error" not in what + todo


def test_a_table_that_was_not_built_names_its_report_files(offline_clone):
    from pipeline.marts.access import missing_relation

    error, views = _error_of("select count(*) from program_results")
    what, todo = missing_relation(error, views)
    assert what.startswith("the table program_results is not in the published data: it was not built")
    assert "Program-Results-2015-2019.pdf" in what and "MATCHSTATS_RAW_MIRROR=DIR make pipeline" in todo


def test_a_typo_is_left_to_the_query_commands_own_message(offline_clone):
    from pipeline.marts.access import missing_relation

    error, views = _error_of("select * from match_sumary")
    assert missing_relation(error, views) is None
