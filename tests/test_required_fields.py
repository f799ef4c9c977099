"""Required-fields checks (errors.require_fields) and positions_summary's merge of cited facts.

The messages asserted here are the ones users saw before the checks shared one helper; they
must stay exactly as they are.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.sources.catalogue import Source

FACTS_HEADER = "match_year,positions_total,filled_total,positions_pgy1,filled_pgy1,source_title,source_url\n"


# -- the messages of the four checks -------------------------------------------------------------

def test_catalogue_entry_lacking_fields(tmp_path):
    from pipeline.sources import catalogue

    f = tmp_path / "sources.yml"
    f.write_text("sources:\n"
                 "  - {id: a, kind: k, publisher: p, title: t, years: [2025], path: x.pdf, landing_page: u,"
                 " md5: '', terms: t}\n")
    with pytest.raises(InputError) as e:
        catalogue.load(SimpleNamespace(catalogue=f))
    assert e.value.message == (
        f"{f}: entry 1 lacks md5, size\nWhat to do: every source needs id, kind, publisher, title, years, path, "
        "landing_page, md5, size, terms")
    f.write_text("sources:\n  - just a string\n")
    with pytest.raises(InputError) as e:
        catalogue.load(SimpleNamespace(catalogue=f))
    assert e.value.what == "entry 1 lacks id, kind, publisher, title, years, path, landing_page, md5, size, terms"


def test_crosswalk_lacking_a_column(tmp_path):
    from pipeline.ingest import specialties

    f = tmp_path / "specialties.csv"
    f.write_text("specialty_id,display_name,labels\ninternal-medicine,Internal Medicine,IM\n")
    with pytest.raises(InputError) as e:
        specialties._load(str(f), 1)
    assert e.value.message == (
        f"{f}: expected columns ['acgme_codes', 'display_name', 'labels', 'specialty_id'], found "
        "['specialty_id', 'display_name', 'labels']\nWhat to do: restore the crosswalk from git")
    f.write_text("")
    with pytest.raises(InputError) as e:
        specialties._load(str(f), 2)
    assert e.value.what == "expected columns ['acgme_codes', 'display_name', 'labels', 'specialty_id'], found None"


@pytest.mark.parametrize("header", ["alias", "alias,specialty_id,note"])
def test_aliases_need_exactly_their_two_columns(tmp_path, header):
    from pipeline.ingest import specialties

    f = tmp_path / "specialty_aliases.csv"
    f.write_text(header + "\n")
    with pytest.raises(InputError) as e:
        specialties._load_aliases(specialties.Crosswalk(), f)
    assert e.value.message == (f"{f}: expected the columns alias, specialty_id, found {header.split(',')}\n"
                               "What to do: restore the file from git")
    f.write_text("specialty_id,alias\n")  # the order does not matter
    specialties._load_aliases(specialties.Crosswalk(), f)


def test_conform_names_missing_and_unexpected_columns():
    from pipeline.store import dictionary

    cols = dictionary.spec("positions_summary").column_names
    df = pd.DataFrame({**{c: [1] for c in cols if c != "unfilled"}, "extra": [1], "_source_line": ["line 2"]})
    with pytest.raises(InputError) as e:
        dictionary.conform("positions_summary", df)
    assert e.value.message == (
        "table positions_summary: columns differ from the data dictionary: missing ['unfilled'], unexpected "
        "['extra']\nWhat to do: make the builder return exactly the columns of "
        "pipeline/dictionary/positions_summary.yml")


def test_require_fields():
    from pipeline.errors import require_fields

    require_fields({"a": 0, "b": "x"}, ("a", "b"), what="unused", where="w", todo="t")  # 0 is a value
    with pytest.raises(InputError) as e:
        require_fields({"a": None, "b": "", "c": 1}, ("a", "b", "c"),
                       what=lambda missing, extra: f"lacks {missing}", where="f.yml entry 3", todo="add them")
    assert e.value.message == "f.yml entry 3: lacks ['a', 'b']\nWhat to do: add them"
    require_fields(["a", "b", "c"], ("b", "a"), what="unused", where="w", todo="t")  # a header: names
    with pytest.raises(InputError) as e:
        require_fields(["b", "c", "d"], ("a", "b"), exact=True, what=lambda m, x: f"{m} {x}", where="w", todo="t")
    assert e.value.what == "['a'] ['c', 'd']"
    with pytest.raises(InputError):
        require_fields(None, ("a",), what="no header", where="w", todo="t")


# -- positions_summary: facts merged by _manual_csv.read, across files and with the sheets ---------

def _inputs(tmp_path, files: dict[str, str]):
    from pipeline.ingest import Inputs

    paths, sources = {}, {}
    for i, (name, text) in enumerate(files.items()):
        p = tmp_path / name
        p.write_text(text)
        sid = f"facts_{i}"
        paths[sid] = p
        sources[sid] = Source(id=sid, publisher="p", title="t", years=(2025 - i,), path=f"manual/{name}",
                              landing_page="u", md5="0", size=1, terms="t", bundled=True,
                              kind="national_positions_facts")
    return Inputs(paths, sources)


def test_rows_of_one_year_merge_and_must_agree(tmp_path):
    from pipeline.ingest import positions_summary

    df = positions_summary.build(_inputs(tmp_path, {"a.csv": FACTS_HEADER + "2025,100,,,,s1,u\n2025,,90,,,s2,u\n"
                                                                             "2024,80,,,,s3,u\n"}))
    assert df["match_year"].tolist() == [2024, 2025] and df["positions_total"].tolist() == [80, 100]
    assert pd.isna(df["filled_total"][0]) and df["filled_total"][1] == 90
    assert df["_source_line"].tolist() == ["line 4", "line 2 and 3"]

    bad = _inputs(tmp_path, {"b.csv": FACTS_HEADER + "2025,100,,,,s1,u\n2025,101,,,,s2,u\n"})
    with pytest.raises(InputError) as e:
        positions_summary.build(bad)
    assert "lines 2 and 3 of b.csv both give match_year=2025" in e.value.what
    assert "positions_total 100 (line 2) vs 101 (line 3)" in e.value.what


def test_a_year_in_two_facts_files_merges_and_must_agree(tmp_path):
    from pipeline.ingest import positions_summary

    df = positions_summary.build(_inputs(tmp_path, {"a.csv": FACTS_HEADER + "2025,100,,,,s1,u\n",
                                                    "b.csv": FACTS_HEADER + "2024,7,,,,s,u\n2025,100,90,,,s2,u\n"}))
    row = df.set_index("match_year").loc[2025]
    assert (row["positions_total"], row["filled_total"]) == (100, 90)
    assert row["_source_line"] == "line 2; b.csv line 3"
    assert Path(row["_source_file"]).name == "a.csv"

    bad = _inputs(tmp_path, {"a.csv": FACTS_HEADER + "2025,100,,,,s1,u\n",
                             "c.csv": FACTS_HEADER + "2025,101,,,,s2,u\n"})
    with pytest.raises(InputError) as e:
        positions_summary.build(bad)
    assert e.value.what == "2025 positions_total: a.csv (line 2) gives 100, but c.csv (line 2) gives 101"


def test_an_empty_year_is_named(tmp_path):
    from pipeline.ingest import positions_summary

    with pytest.raises(InputError) as e:
        positions_summary.build(_inputs(tmp_path, {"a.csv": FACTS_HEADER + "2025,100,,,,s1,u\n,5,,,,s2,u\n"}))
    assert e.value.what == "match_year is empty" and e.value.where.endswith("a.csv line 3")
