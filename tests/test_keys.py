"""One row per key (issue #18): a second row with the data dictionary's key of an earlier one is an
error naming where both were read and both values; nothing decides silently which one is kept.

Two levels: the bundled facts files (``pipeline.ingest._manual_csv``: the CSV file, both line
numbers, the differing figures; several citations of one figure are fine when they agree) and
every table the pipeline builds (``pipeline.store.dictionary.conform``: the provenance columns
``_source_file``/``_source_page``/``_source_line`` of both rows).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.ingest import _manual_csv
from pipeline.store import dictionary
from tests.helpers import cli, recatalogue, snapshot

HEADLINE = "manual/nrmp_headline_by_applicant_type.csv"
HEADLINE_COLUMNS = ["match_year", "applicant_type", "active_applicants", "matched_pgy1", "match_rate_pct",
                    "source_title", "source_url"]
HEADLINE_NUMBERS = dict(ints=["match_year", "active_applicants", "matched_pgy1"], floats=["match_rate_pct"])
SECOND_US_IMG = '2025,us_img,4587,3200,69.8,"A blog post",https://example.org/match-2025,\n'


def _headline(tmp_path: Path, *extra: str) -> Path:
    from tests.conftest import REPO_RAW

    f = tmp_path / "nrmp_headline_by_applicant_type.csv"
    f.write_text((REPO_RAW / HEADLINE).read_text() + "".join(extra))
    return f


def _line_of(f: Path, start: str) -> int:
    return next(n for n, ln in enumerate(f.read_text().splitlines(), start=1) if ln.startswith(start))


# ---------------------------------------------------------------- bundled facts files

def test_the_facts_files_hold_their_tables_keys():
    assert _manual_csv.dictionary_key(HEADLINE_COLUMNS + ["note"]) == ("match_year", "applicant_type")
    assert _manual_csv.dictionary_key(["match_year", "positions_total", "filled_total"]) == ("match_year",)
    with pytest.raises(InputError, match="pass key="):
        _manual_csv.dictionary_key(["state", "positions"])


def test_second_row_with_the_same_key_and_other_figures_names_file_lines_and_values(tmp_path):
    f = _headline(tmp_path, SECOND_US_IMG)
    first, second = _line_of(f, "2025,us_img,"), len(f.read_text().splitlines())
    with pytest.raises(InputError) as exc:
        _manual_csv.read(f, HEADLINE_COLUMNS, **HEADLINE_NUMBERS)
    msg = str(exc.value)
    assert f"{f} lines {first} and {second}" in msg
    assert "match_year=2025, applicant_type=us_img" in msg
    assert f"matched_pgy1 3,108 (line {first}) vs 3,200 (line {second})" in msg
    assert f"match_rate_pct 67.8 (line {first}) vs 69.8 (line {second})" in msg
    assert "active_applicants" not in msg  # the same in both rows


def test_the_same_figure_cited_by_a_second_source_is_one_row(tmp_path):
    """Several rows may give one figure, from different sources, if they agree: one row, both lines."""
    f = _headline(tmp_path, '2025,us_img,4587,3108,67.8,"NRMP, Match Day 2025 press release",'
                            'https://www.nrmp.org/,\n',
                  '2023,us_img,4400,3356,67.6,"A second citation that also gives active applicants",'
                  'https://example.org/,\n')
    rows = _manual_csv.read(f, HEADLINE_COLUMNS, **HEADLINE_NUMBERS)
    us_img = [r for r in rows if (r["match_year"], r["applicant_type"]) == (2025, "us_img")]
    n = len(f.read_text().splitlines())
    assert len(us_img) == 1 and us_img[0]["matched_pgy1"] == 3108
    assert us_img[0]["_source_line"] == f"{_line_of(f, '2025,us_img,')} and {n - 1}"
    # an empty cell gives no figure: the later citation's figure fills it
    r2023 = next(r for r in rows if (r["match_year"], r["applicant_type"]) == (2023, "us_img"))
    assert (r2023["active_applicants"], r2023["matched_pgy1"]) == (4400, 3356)
    assert len(rows) == len({(r["match_year"], r["applicant_type"]) for r in rows})


def test_a_row_repeated_word_for_word_is_still_an_error(tmp_path):
    f = tmp_path / "h.csv"
    text = _headline(tmp_path).read_text()
    f.write_text(text + text.splitlines()[4] + "\n")
    with pytest.raises(InputError, match="duplicates an earlier one"):
        _manual_csv.read(f, HEADLINE_COLUMNS, **HEADLINE_NUMBERS)


def test_conflicting_row_in_the_bundled_facts_stops_the_pipeline(home):
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    f = home / "data" / "raw" / HEADLINE
    f.write_text(f.read_text() + SECOND_US_IMG)
    recatalogue(home, "nrmp_headline_manual", f)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1, r.output
    first, second = _line_of(f, "2025,us_img,"), len(f.read_text().splitlines())
    assert f"nrmp_headline_by_applicant_type.csv lines {first} and {second}" in r.output
    assert "matched_pgy1 3,108" in r.output and "3,200" in r.output
    assert "Traceback" not in r.output
    assert snapshot(home / "data" / "processed") == before


# ---------------------------------------------------------------- every table's key

def _rol(rows) -> pd.DataFrame:
    cols = ["match_year", "group_name", "outcome", "n", "pct", "avg_rol_length", "avg_ranks_per_position"]
    df = pd.DataFrame([r[:7] for r in rows], columns=cols)
    df["_source_file"] = [r[7] for r in rows]
    df["_source_page"] = [r[8] for r in rows]
    df["_source_line"] = [r[9] for r in rows]
    return df


def test_every_table_refuses_a_second_row_with_its_key():
    for spec in dictionary.all_specs():
        assert spec.key, f"{spec.name} has no key in pipeline/dictionary/{spec.name}.yml"
    df = _rol([
        (2025, "us_img", "matched", 3053, 68.4, 9.1, None, "/raw/Impact-Data_2025.pdf", 6, "2025 3,053 (68.4%) 9.10"),
        (2025, "us_img", "unmatched", 1409, 31.6, 4.2, None, "/raw/Impact-Data_2025.pdf", 6, "2025 ... 1,409"),
        (2025, "us_img", "matched", 3035, 68.4, 9.1, None, "/raw/Impact-Data_2025.pdf", 7, "2025 3,035 (68.4%) 9.10"),
    ])
    with pytest.raises(InputError) as exc:
        dictionary.conform("rol_length", df)
    msg = str(exc.value)
    assert msg.startswith("/raw/Impact-Data_2025.pdf: 1 key(s) (match_year, group_name, outcome)")
    assert ("match_year=2025, group_name=us_img, outcome=matched: Impact-Data_2025.pdf page 6 line "
            "'2025 3,053 (68.4%) 9.10' and Impact-Data_2025.pdf page 7 line '2025 3,035 (68.4%) 9.10' "
            "(n 3,053 vs 3,035)") in msg


def test_identical_second_row_is_an_error_too():
    row = (2025, "programs", "filled", 5791, 87.4, 81.15, 12.47, "r.pdf", 2, "2025 5,791")
    with pytest.raises(InputError, match=r"outcome=filled: r\.pdf page 2 line '2025 5,791' and r\.pdf page 2 "
                                         r"line '2025 5,791' \(identical values\)"):
        dictionary.conform("rol_length", _rol([row, row]))


def test_rows_whose_key_the_source_does_not_print_are_not_compared():
    """The state report clips some labels before their position level: such rows have no full key."""
    base = {"match_year": 2025, "state": "IL", "specialty_label": "Occupational & Environmental Med",
            "specialty_id": "occupational-environmental-medicine", "position_level": None, "positions": 1,
            "filled": 1, "us_md_senior": 1, "us_md_grad": 0, "us_do_senior": 0, "us_do_grad": 0, "us_img": 0,
            "non_us_img": 0, "other": 0}
    df = pd.DataFrame([base, {**base, "positions": 2, "filled": 0, "us_md_senior": 0}])
    assert len(dictionary.conform("state_specialty_results", df)) == 2
    df.loc[:, "position_level"] = "Physician"
    with pytest.raises(InputError, match=r"position_level=Physician: \(no provenance\) and \(no provenance\) "
                                         r"\(positions 1 vs 2; filled 1 vs 0; us_md_senior 1 vs 0\)"):
        dictionary.conform("state_specialty_results", df)
