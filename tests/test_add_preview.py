"""`matchstats add` shows what it will do before it does it, and leaves nothing behind when it refuses
(issue 24 item 3, issue 23 item 5).

Every edition here is synthetic (reportlab, tests.test_program_results.write_pdf; the AAMC table of
tests.test_residents_by_specialty.write_table). The end-to-end case at the bottom (an edition of the
2014-2018 kind, then the pipeline) is held out of the tuning of the preview and runs last.
"""

from __future__ import annotations

import tracemalloc

import yaml

from pipeline.sources.add import add as add_files
from pipeline.config import paths as paths_of
from tests.helpers import cli, snapshot
from tests.test_program_results import Page, Prog, default_pages, write_pdf

RAW = ("data", "raw")


def old_layout(pages):
    for page in pages:
        for item in page.items:
            if isinstance(item, Prog):
                item.join = None  # cells drawn across a column boundary are placed for "Filled" headers
    return pages


def edition_2010_2014(tmp_path, name="Program-Results-2010-2014.pdf"):
    pages = old_layout(default_pages())
    pages[0].items[3] = Prog("Plastic Surgery (Integrated)", "2405363C0", ["2", "2", "2", "1"] + ["--"] * 6)
    pages[1].items[-1] = Prog("Plastic Surgery", "3003360A0", ["--"] * 8 + ["3", "3"])
    return write_pdf(tmp_path / name, pages, years=(2014, 2013, 2012, 2011, 2010), layout="2019")


def test_dry_run_shows_what_add_will_do_and_registers_nothing(home, tmp_path):
    pdf = edition_2010_2014(tmp_path)
    before = snapshot(home.joinpath(*RAW))
    r = cli("add", str(pdf), "--dry-run")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "kind            program_results (NRMP Program Results 2010-2014 Main Residency Match)" in out
    assert "years printed   2010-2014" in out
    assert "read            2 pages, 12 programs, 42 program-years" in out
    # a code not in the crosswalk, read by its printed name; 360 (retired) is in the crosswalk
    assert ("code 363 read as plastic surgery (integrated) (plastic-surgery-integrated) from its printed name "
            "'Plastic Surgery (Integrated)'") in out
    assert "shared years    none: no catalogued edition prints these years" in out
    # reconciled against the cited national totals where there are some (synthetic sums: they differ)
    assert "2012: positions offered 26,772 (sum of programs" in out and "positions filled 25,526" in out
    assert "2014: positions offered 29,671" in out and "positions filled: no national total" in out
    assert "not reconciled  2010-2011: no national total (the run will say so)" in out
    assert "none known: `matchstats fetch` will not be able to get this file on another machine" in out
    assert "dry run: nothing registered" in out and "Next:" not in out
    assert snapshot(home.joinpath(*RAW)) == before


def _shifted(change=None):
    """The 2010-2014 edition's programs as a 2011-2015 edition: a 2015 pair, then 2014-2011 as before."""
    pages = old_layout(default_pages())
    pages[0].items[3] = Prog("Plastic Surgery (Integrated)", "2405363C0", ["2", "2", "2", "1"] + ["--"] * 6)
    pages[1].items[-1] = Prog("Plastic Surgery", "3003360A0", ["--"] * 8 + ["3", "3"])
    for page in pages:
        for item in page.items:
            if isinstance(item, Prog):
                item.cells = ["1", "1"] + item.cells[:8]
                item.marks = None
    if change:
        change(pages)
    return pages


def test_shared_years_are_compared_count_by_count(home, tmp_path):
    assert cli("add", str(edition_2010_2014(tmp_path))).exit_code == 0
    later = write_pdf(tmp_path / "later.pdf", _shifted(), years=(2015, 2014, 2013, 2012, 2011), layout="2019")
    r = cli("add", str(later), "--dry-run")
    assert r.exit_code == 0, r.output
    assert ("2011-2014 with nrmp_program_results_2010_2014 (data/raw/nrmp/2014/Program-Results-2010-2014.pdf): "
            "68 counts compared, all agree") in r.output

    def one_more(pages):
        pages[0].items[3].cells[4:6] = ["3", "1"]  # 2013: quota 3, filled 1 (the older edition: 1 of 2)

    other = write_pdf(tmp_path / "other.pdf", _shifted(one_more), years=(2015, 2014, 2013, 2012, 2011),
                      layout="2019")
    r = cli("add", str(other), "--dry-run")
    assert "68 counts compared, 1 differ (first: 2013 2405363C0 quota 3 vs 2); the pipeline will fail unless " \
           "each is documented" in r.output


def test_a_file_that_cannot_be_read_is_not_registered(home, tmp_path):
    pages = old_layout(default_pages())
    pages[0].items[3] = Prog("Internal Medicine", "2405140C0", ["21", "--"] + ["--"] * 8,  # a count beside "--"
                             marks=set())
    pdf = write_pdf(tmp_path / "broken.pdf", pages, years=(2018, 2017, 2016, 2015, 2014), layout="2019")
    before = snapshot(home.joinpath(*RAW))
    r = cli("add", str(pdf))
    assert r.exit_code == 1
    assert "broken.pdf page 1" in r.output and "2018: quota '21' and filled '--'" in r.output
    assert snapshot(home.joinpath(*RAW)) == before
    assert not home.joinpath(*RAW, "nrmp", "2018").exists()


def test_a_name_that_cannot_be_stored_as_given_is_refused(home, tmp_path):
    pdf = edition_2010_2014(tmp_path, name="Program\nResults.pdf")
    before = snapshot(home.joinpath(*RAW))
    r = cli("add", str(pdf))
    assert r.exit_code == 1
    assert "cannot be stored as given (U+000A at position 8)" in r.output and "rename the file" in r.output
    assert snapshot(home.joinpath(*RAW)) == before


def test_a_title_with_a_control_character_is_refused_naming_that_cause(home, tmp_path):
    from tests.test_residents_by_specialty import write_table

    f = tmp_path / "2022 Report on Residents - Table B5.csv"
    write_table(f)
    text = f.read_text(encoding="utf-8-sig")
    f.write_text(text.replace("Active MD Residents", "Active MD Resi\x07dents", 1), encoding="utf-8-sig")
    before = snapshot(home.joinpath(*RAW))
    r = cli("add", str(f))
    assert r.exit_code == 1
    assert "has a control character (U+0007" in r.output and "download the file again" in r.output
    assert "catalogue's `sources:` list" not in r.output  # not blamed on the catalogue's layout
    assert snapshot(home.joinpath(*RAW)) == before


def test_the_redownloaded_b5_table_replaces_the_catalogued_one_under_its_id_and_folder(home, tmp_path):
    from tests.test_residents_by_specialty import write_table

    f = tmp_path / "2022 Report on Residents - Table B5.csv"
    write_table(f)
    r = cli("add", str(f))
    assert r.exit_code == 1 and "the same edition as the catalogued 'aamc_residents_b5_2022'" in r.output
    assert not home.joinpath(*RAW, "aamc").exists()
    r = cli("add", str(f), "--replace")
    assert r.exit_code == 0, r.output
    entries = [s for s in yaml.safe_load(home.joinpath(*RAW, "sources.yml").read_text())["sources"]
               if s["kind"] == "aamc_residents_b5"]
    assert [(e["id"], e["path"]) for e in entries] == [
        ("aamc_residents_b5_2022", "aamc/2022/2022 Report on Residents - Table B5.csv")]
    assert home.joinpath(*RAW, "aamc", "2022", f.name).read_bytes() == f.read_bytes()
    assert not home.joinpath(*RAW, "aamc", "2021").exists()


def test_a_refusal_after_the_copy_leaves_nothing_behind(home, tmp_path):
    cat = home.joinpath(*RAW, "sources.yml")
    cat.write_text(cat.read_text() + "\nlater_key: 1\n")  # new entries appended after it are not in `sources:`
    before = snapshot(home.joinpath(*RAW))
    r = cli("add", str(edition_2010_2014(tmp_path)))
    assert r.exit_code == 1 and "it was left as it was" in r.output
    assert snapshot(home.joinpath(*RAW)) == before
    assert not home.joinpath(*RAW, "nrmp").exists()


def test_a_huge_file_is_not_read_whole(home, tmp_path):
    big = tmp_path / "huge.csv"
    with open(big, "wb") as f:  # sparse: 3 GB on paper, nothing on disk
        f.write(b"Table B5,,\n")
        f.truncate(3 << 30)
    tracemalloc.start()
    try:
        r = cli("add", str(big))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.exit_code == 1 and "3.0 GB and not a PDF" in r.output
    assert peak < 16 << 20, peak


# --- held out: an edition of the 2014-2018 kind, then the pipeline ---------------------------------

NATIONAL = {2014: (29671, None), 2015: (30212, 28906), 2016: (30750, 29572), 2017: (31757, 30478),
            2018: (33167, None)}


def test_add_of_a_2014_2018_edition_then_pipeline_publishes_2014(home, tmp_path):
    """Done when (issue 24): no hand edit. A made-up 2014-2018 edition whose programs add up to the cited
    national totals, with the retired code 360 in 2014 and a code read by its printed name."""
    pages = old_layout(default_pages())
    pages[0].items[3] = Prog("Plastic Surgery", "2405360A0", ["--"] * 8 + ["3", "3"])
    pages[1].items[-1] = Prog("Plastic Surgery (Integrated)", "3003363C0", ["2", "2"] * 5)
    years = (2018, 2017, 2016, 2015, 2014)
    sums = {y: [0, 0] for y in years}
    for page in pages:
        for item in page.items:
            if isinstance(item, Prog):
                for k, y in enumerate(years):
                    q, f = item.cells[2 * k], item.cells[2 * k + 1]
                    if q != "--":
                        sums[y][0] += int(q)
                        sums[y][1] += int(f)
    cells = []
    for y in years:
        total, filled = NATIONAL[y]
        q = total - sums[y][0]
        cells += [str(q), str((filled - sums[y][1]) if filled else q - 100)]
    pages[1].items.append(Prog("Internal Medicine", "3003140C0", cells))
    pdf = write_pdf(tmp_path / "Program-Results-2014-2018.pdf", pages, years=years, layout="2019")
    r = cli("add", str(pdf))
    assert r.exit_code == 0, r.output
    assert "2014: positions offered 29,671 (sum of programs 29,671: agrees)" in r.output
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 0, r.output
    assert "code 363 read as plastic surgery (integrated)" in r.output
    import json

    from pipeline.config import paths

    record = json.loads((paths().processed.resolve() / "validation.json").read_text())  # the validation page's
    assert any(n.startswith("code 363 read as plastic surgery (integrated)") for n in record["notes"]["program_results"])
    v = cli("validate")
    page = (paths().reports / "validation.html").read_text()
    assert v.exit_code == 0, v.output
    assert "code 363 read as plastic surgery (integrated) (plastic-surgery-integrated) from its printed name" in page
    assert "2014: filled positions not reconciled" in page
    assert "2014: filled positions not reconciled: no national total of filled positions" in r.output
    d = cli("dictionary", "program_results")  # the years not reconciled, from the published run
    assert "not reconciled in the published data" in d.output
    assert "2014: filled positions not reconciled" in d.output and "2018: filled positions not reconciled" in d.output
    # the texts that name the years covered are derived from the published data (issue 24 item 5)
    assert "the published data cover 2014\u20132018" in d.output
    h = cli("dictionary", "program_history")
    assert "(2014\u20132018 in\n  the published data)" in h.output and "{years:" not in h.output
    q = cli("query", "select match_year, sum(quota), sum(filled) from program_results group by 1 order by 1", "--csv")
    rows = q.output.strip().splitlines()[1:]
    assert rows[0] == f"2014,29671,{29671 - 100}" and [r.split(",")[0] for r in rows] == [
        "2014", "2015", "2016", "2017", "2018"]
    q = cli("query", "select specialty_id from program_results where program_code = '2405360A0'", "--csv")
    assert q.output.strip().splitlines()[1:] == ["plastic-surgery-independent"]
