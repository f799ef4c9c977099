"""Editions as data: every edition of a report feeds its table, read without code changes.

Program Results: a made-up edition in the 2019-2020 layout ("Quota Matched", asterisks, clipped
names, the city on its own line, names after their program lines), overlapping editions merged
(newest wins, every shared count compared), `matchstats add` (kind and edition from the content),
and the real 2015-2019, 2016-2020 and 2021-2025 editions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import Inputs, program_results
from tests.helpers import cli, snapshot
from tests.test_program_results import Page, Prog, default_pages, write_pdf

OLD_YEARS = (2021, 2020, 2019, 2018, 2017)


def old_pages() -> list[Page]:
    """The default pages as a 2017-2021 edition in the 2019-2020 layout, plus what only that layout has.

    Each program's 2021 counts are those of the 2021-2025 edition (``default_pages``, last pair), so
    the two editions agree on the year they share; the other years are the default pages' others."""
    p1, p2 = default_pages()
    for page in (p1, p2):
        for item in page.items:
            if isinstance(item, Prog):
                item.cells = item.cells[8:] + item.cells[:8]
                item.join = None  # cells drawn across a column boundary are placed for "Filled" headers
    p1.items.insert(8, Prog("Radiology-Diagnostic - Rad -- PGY2", "2132420R0", ["--", "--", "1", "0"] + ["--"] * 6,
                            clipped=True))
    p2.items += [
        ("inst", "Inspira Health Network-AK"),
        ("city_alone", "Vineland"),
        Prog("Emergency Medicine", "3004110C0", ["--", "--", "12", "12", "11", "11", "8", "8", "--", "--"],
             name_later=True),
        Prog("Family Medicine/Woodbury", "3004120C2", ["--", "--", "6", "5", "--", "--", "--", "--", "--", "--"],
             name_later=True),
        Prog("Transitional", "3004999P0", ["--", "--", "16", "6", "10", "0", "--", "--", "--", "--"]),
    ]
    return [p1, p2]


def test_edition_in_the_2019_2020_layout_is_read(tmp_path):
    df = program_results.parse(write_pdf(tmp_path / "old.pdf", old_pages(), years=OLD_YEARS, layout="2019"))
    assert sorted(df.match_year.unique()) == [2017, 2018, 2019, 2020, 2021]
    one = df[(df.program_code == "2405140P0") & (df.match_year == 2020)].iloc[0]
    assert (one.quota, one.filled, one.program_name) == (10, 2, "Medicine-Preliminary")
    clipped = df[df.program_code == "2132420R0"].iloc[0]
    assert (clipped.program_name, clipped.quota, clipped.filled) == ("Radiology-Diagnostic - Rad -- PGY2", 1, 0)
    later = df[df.program_code.isin(["3004110C0", "3004120C2"]) & (df.match_year == 2020)]
    assert dict(zip(later.program_code, later.program_name)) == {"3004110C0": "Emergency Medicine",
                                                                "3004120C2": "Family Medicine/Woodbury"}
    assert set(df[df.program_code == "3004110C0"].city) == {"Vineland"}
    assert set(df[df.program_code == "3004999P0"].program_name) == {"Transitional"}


def test_asterisk_on_a_filled_year_is_an_error(tmp_path):
    pages = old_pages()
    pages[0].items[3] = Prog("Internal Medicine", "2405140C0", ["21", "21", "25", "25"] + ["--"] * 6, marks={0})
    with pytest.raises(InputError, match=r"program 2405140C0: 2021 is marked as not filled but shows 21 of 21"):
        program_results.parse(write_pdf(tmp_path / "old.pdf", pages, years=OLD_YEARS, layout="2019"))


def test_unfilled_year_without_asterisk_is_an_error(tmp_path):
    pages = old_pages()
    pages[0].items[4] = Prog("Medicine-Preliminary", "2405140P0", ["10", "2", "10", "6", "8", "8", "8", "7", "6", "6"],
                             marks={0, 1})  # 2018: 7 of 8 filled, no asterisk
    with pytest.raises(InputError, match=r"2018 shows 7 of 8 filled but has no asterisk"):
        program_results.parse(write_pdf(tmp_path / "old.pdf", pages, years=OLD_YEARS, layout="2019"))


def test_nameless_line_with_no_name_on_its_baseline_is_an_error(tmp_path):
    pages = old_pages()
    pages[1].items.insert(3, Prog("", "3002140C9", ["2", "2"] + ["--"] * 8))
    with pytest.raises(InputError, match=r"program line\(s\) without a program name"):
        program_results.parse(write_pdf(tmp_path / "old.pdf", pages, years=OLD_YEARS, layout="2019"))


def test_unknown_layout_is_refused_naming_what_was_looked_for(tmp_path):
    title = "NRMP Program Results 2017-2021 Main Residency Match"
    path = write_pdf(tmp_path / "odd.pdf", old_pages(), years=OLD_YEARS, layout="2021", title=title.replace("NRMP ", "NRMP  Listing "))
    with pytest.raises(InputError, match="no page starts with a Program Results title"):
        program_results.parse(path)


# --- overlapping editions -------------------------------------------------------------------------

def _two_editions(tmp_path, change: dict | None = None) -> Inputs:
    """A 2021-2025 edition and a 2017-2021 edition in the old layout; they share 2021."""
    new = write_pdf(tmp_path / "new.pdf", default_pages())
    pages = old_pages()
    if change:
        for page in pages:
            for i, item in enumerate(page.items):
                if isinstance(item, Prog) and item.code in change:
                    page.items[i] = Prog(item.name, item.code, change[item.code])
    old = write_pdf(tmp_path / "old.pdf", pages, years=OLD_YEARS, layout="2019")
    inputs = Inputs.of("program_results", new, old)
    s_new, s_old = inputs.sources.values()
    inputs.sources = {s_new.id: s_new.__class__(**{**s_new.__dict__, "years": (2021, 2025)}),
                      s_old.id: s_old.__class__(**{**s_old.__dict__, "years": (2017, 2021)})}
    return inputs


def test_overlapping_editions_give_one_row_per_program_year_from_the_newest(tmp_path):
    df = program_results.build(_two_editions(tmp_path))
    assert not df.duplicated(["program_code", "match_year"]).any()
    assert sorted(df.match_year.unique()) == list(range(2017, 2026))
    assert set(df[df.match_year == 2021].source_id) == {"program_results_1"}        # the 2021-2025 edition
    assert set(df[df.match_year == 2017].source_id) == {"program_results_2"}
    assert df.attrs["failures"] == []
    # 2021 is printed by both: every program in both editions, two counts each
    shared = df[(df.match_year == 2021) & df.program_code.isin(
        program_results.parse(Path(_two_editions.__globals__["write_pdf"](tmp_path / "o2.pdf", old_pages(),
                                                                        years=OLD_YEARS, layout="2019"))).program_code)]
    assert df.attrs["notes"] == [f"2 edition(s); {2 * len(shared):,} counts printed by more than one edition "
                                 "compared, 0 differed"]


def test_editions_that_disagree_name_both_files_program_year_and_values(tmp_path):
    # 2405140P0 in 2021: 6 of 6 in the 2021-2025 edition, 7 of 6 in the 2017-2021 one
    df = program_results.build(_two_editions(tmp_path, {"2405140P0": ["7", "6", "10", "2"] + ["--"] * 6}))
    (f,) = df.attrs["failures"]
    assert f.check == "editions_agree 2405140P0 quota" and (f.year, f.observed, f.expected) == (2021, 6, 7)
    assert "new.pdf" in f.detail and "old.pdf" in f.detail and "2405140P0" in f.detail
    assert "1 differed" in df.attrs["notes"][0]


def test_a_program_year_missing_from_the_newer_edition_is_a_difference(tmp_path):
    # the 2017-2021 edition lists 2132420R0 in 2021; the 2021-2025 edition does not list it at all
    df = program_results.build(_two_editions(tmp_path, {"2132420R0": ["1", "1", "1", "0"] + ["--"] * 6}))
    (f,) = df.attrs["failures"]
    assert f.check == "editions_agree 2132420R0 listed" and f.year == 2021
    assert "not listed" in f.detail and "new.pdf" in f.detail and "old.pdf" in f.detail


def test_disagreeing_editions_stop_publication(home, tmp_path):
    """End to end: `matchstats add` two editions that disagree, and the pipeline publishes nothing."""
    inputs = _two_editions(tmp_path, {"2405140P0": ["7", "6", "10", "2"] + ["--"] * 6})
    files = list(inputs.files.values())
    cat = home / "data" / "raw" / "sources.yml"
    text = cat.read_text()  # the real Program Results entries are replaced by the made-up editions
    import yaml

    doc = yaml.safe_load(text)
    doc["sources"] = [s for s in doc["sources"] if s["kind"] != "program_results"]
    cat.write_text(yaml.safe_dump(doc, sort_keys=False))
    r = cli("add", *map(str, files))
    assert r.exit_code == 0, r.output
    assert r.output.count("added ") == 2
    r = cli("pipeline", "--no-reports")
    assert r.exit_code != 0
    assert "editions_agree 2405140P0 quota" in r.output and "nothing was published" in r.output
    assert not (home / "data" / "processed").exists()


# --- matchstats add -------------------------------------------------------------------------------

def test_add_recognises_kind_and_edition_from_the_content(home, tmp_path):
    odd_name = tmp_path / "download(3).pdf"
    write_pdf(odd_name, old_pages(), years=OLD_YEARS, layout="2019")
    before = (home / "data" / "raw" / "sources.yml").read_text()
    r = cli("add", str(odd_name))
    assert r.exit_code == 0, r.output
    import yaml

    entry = yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"][-1]
    assert entry["kind"] == "program_results" and entry["years"] == [2017, 2018, 2019, 2020, 2021]
    assert entry["title"] == "NRMP Program Results 2017-2021 Main Residency Match"
    assert entry["path"] == "nrmp/2021/download(3).pdf" and entry["id"] == "nrmp_program_results_2017_2021"
    assert (home / "data" / "raw" / "nrmp" / "2021" / "download(3).pdf").read_bytes() == odd_name.read_bytes()
    assert entry["size"] == odd_name.stat().st_size and len(entry["md5"]) == 32
    assert (home / "data" / "raw" / "sources.yml").read_text().startswith(before)  # appended; comments kept
    again = cli("add", str(odd_name))
    assert again.exit_code == 0 and "nothing to do" in again.output


def test_add_of_the_same_edition_is_a_replacement_to_confirm(home, tmp_path):
    a = write_pdf(tmp_path / "a" / "r.pdf", old_pages(), years=OLD_YEARS, layout="2019") if (tmp_path / "a").mkdir() is None else None
    assert cli("add", str(a)).exit_code == 0
    pages = old_pages()
    pages[0].items[3] = Prog("Internal Medicine", "2405140C0", ["20", "20", "25", "25"] + ["--"] * 6)
    (tmp_path / "b").mkdir()
    b = write_pdf(tmp_path / "b" / "r.pdf", pages, years=OLD_YEARS, layout="2019")
    r = cli("add", str(b))  # the same kind and years: a replacement, done only when confirmed
    assert r.exit_code == 1 and "the same edition as the catalogued 'nrmp_program_results_2017_2021'" in r.output
    assert "--replace" in r.output and "4 differ (first: 2020 2405140C0 quota 25 vs 21)" in r.output
    assert (home / "data" / "raw" / "nrmp" / "2021" / "r.pdf").read_bytes() == a.read_bytes()
    r = cli("add", str(b), "--replace")  # same name: the entry keeps its id and folder, the file is replaced
    assert r.exit_code == 0, r.output
    assert "replaced nrmp_program_results_2017_2021: data/raw/nrmp/2021/r.pdf" in r.output
    assert (home / "data" / "raw" / "nrmp" / "2021" / "r.pdf").read_bytes() == b.read_bytes()
    import yaml

    entries = [s for s in yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"]
               if s["kind"] == "program_results" and s["years"] == [2017, 2018, 2019, 2020, 2021]]
    assert [(e["id"], e["path"], e["size"]) for e in entries] == [
        ("nrmp_program_results_2017_2021", "nrmp/2021/r.pdf", b.stat().st_size)]
    assert sorted(p.name for p in (home / "data" / "raw" / "nrmp" / "2021").iterdir()) == ["r.pdf"]


def test_add_refuses_an_unknown_file_and_writes_nothing(home, tmp_path):
    page = tmp_path / "Program-Results_2026.pdf"
    page.write_text("<html>Not found</html>")
    before = snapshot(home / "data" / "raw")
    r = cli("add", str(page))
    assert r.exit_code == 1
    assert "this is not a report the pipeline reads" in r.output and "NRMP Program Results" in r.output
    assert snapshot(home / "data" / "raw") == before


@pytest.mark.parametrize("make, kind, years", [
    ("by_the_numbers", "by_the_numbers", [2030, 2031]),
    ("state_2024", "state_specialty_results", [2024]),
])
def test_add_recognises_the_other_report_kinds(home, tmp_path, make, kind, years):
    if make == "by_the_numbers":
        from tests.test_by_the_numbers import PAGE1, make_sheet

        # a readable sheet (add reads the file in full; the default page prints a rate change the parser refuses)
        f = make_sheet(tmp_path / "sheet.pdf", page1=[ln.replace(" -2.0%", " 2.0%") for ln in PAGE1])
    else:
        from tests.test_state_specialty_results import default_pages as state_pages, write_pdf as state_pdf

        f = state_pdf(tmp_path / "state.pdf", state_pages(), year=2024)
    assert cli("add", str(f)).exit_code == 0
    import yaml

    entry = yaml.safe_load((home / "data" / "raw" / "sources.yml").read_text())["sources"][-1]
    assert (entry["kind"], entry["years"]) == (kind, years)


# --- the real editions ------------------------------------------------------------------------------

@pytest.mark.integration
def test_real_editions_2015_to_2025():
    """Independent figures: NRMP's national totals (NRMP and AMA releases, data/raw/manual/)."""
    from tests.conftest import real_source

    ids = ["nrmp_program_results_2021_2025", "nrmp_program_results_2016_2020", "nrmp_program_results_2015_2019"]
    from pipeline.config import paths
    from pipeline.sources import catalogue

    cat = catalogue.load(paths())
    inputs = Inputs({i: real_source(i) for i in ids}, {i: cat.get(i) for i in ids})
    df = program_results.build(inputs)
    assert df.attrs["failures"] == []
    assert df.attrs["notes"] == ["3 edition(s); 41,056 counts printed by more than one edition compared, 0 differed"]
    assert not df.duplicated(["program_code", "match_year"]).any()
    sums = df.groupby("match_year")[["quota", "filled"]].sum()
    assert list(sums.index) == list(range(2015, 2026))
    assert sums.loc[2015, "quota"] == 30212                             # AMA 2016: 30,750 "an increase of 538"
    assert tuple(sums.loc[2016]) == (30750, 29572)                      # NRMP 2016 report release
    assert tuple(sums.loc[2017]) == (31757, 30478)
    assert tuple(sums.loc[2019]) == (35185, 33417)
    assert tuple(sums.loc[2020]) == (37256, 35258)
    assert tuple(sums.loc[2021]) == (38106, 36179)
    assert tuple(sums.loc[2025]) == (43218, 40745)                      # as printed; 19 short, documented
    assert df.groupby("match_year").source_id.first().to_dict()[2015] == "nrmp_program_results_2015_2019"
    assert set(df[df.match_year.between(2016, 2020)].source_id) == {"nrmp_program_results_2016_2020"}
