"""The crosswalk knows history, and a code it does not know is read by its printed name when that name
is one of its labels (issue 24, items 1 and 2).

Synthetic editions are written with reportlab (tests.test_program_results.write_pdf). The last test is a
held-out, edition-like case (a 2014-2018 edition in the 2019-2020 layout with the retired code 360),
kept out of the tuning of the by-name reading and run last.
"""

from __future__ import annotations

import csv

import pytest

from pipeline.config import SPECIALTIES_CSV
from pipeline.errors import InputError
from pipeline.ingest import Inputs, program_results
from pipeline.ingest.specialties import crosswalk
from tests.test_program_results import Prog, default_pages, write_pdf


def test_every_code_row_is_cited_and_retired_tracks_are_marked():
    rows = list(csv.DictReader(open(SPECIALTIES_CSV, newline="", encoding="utf-8")))
    assert {"retired", "note", "citation"} <= set(rows[0])
    coded = [r for r in rows if r["acgme_codes"]]
    assert all(r["citation"].strip() for r in coded), [r["specialty_id"] for r in coded if not r["citation"]]
    cw = crosswalk()
    # 360: the former independent plastic-surgery track keeps an id of its own, with a note saying what is unsure
    assert cw.by_code("360") == "plastic-surgery-independent" and cw.retired["plastic-surgery-independent"] == 2014
    ps = next(r for r in rows if r["specialty_id"] == "plastic-surgery-independent")
    assert "unsure" in ps["note"] and "No NRMP or ACGME page listing code 360 was found" in ps["note"]
    # tracks seen in the 2015-2020 editions and gone from the 2021-2025 code list
    assert {cw.by_code(c): cw.retired[cw.by_code(c)] for c in ("740", "745", "753")} == {
        "internal-medicine-family-medicine": 2018, "internal-medicine-neurology": 2015,
        "family-medicine-osteopathic-neuromusculoskeletal-medicine": 2020}
    assert cw.by_code("362") == "plastic-surgery-integrated" and "plastic-surgery-integrated" not in cw.retired


def test_unknown_code_with_a_known_printed_name_is_read_by_name_and_said(tmp_path):
    pages = default_pages()
    pages[0].items[3] = Prog("Plastic Surgery (Integrated)", "2405363C0", ["2", "2", "2", "1"] + ["--"] * 6)
    pdf = write_pdf(tmp_path / "r.pdf", pages)
    df = program_results.build(Inputs.of("program_results", pdf))
    rows = df[df.program_code == "2405363C0"]
    assert set(rows.specialty_id) == {"plastic-surgery-integrated"} and len(rows) == 2
    note = next(n for n in df.attrs["notes"] if n.startswith("code 363"))
    assert ("code 363 read as plastic surgery (integrated) (plastic-surgery-integrated) from its printed name "
            "'Plastic Surgery (Integrated)'") in note
    assert "first 2405363C0 on page 3 of r.pdf" in note


def test_two_programs_of_one_unknown_code_naming_two_specialties_are_refused(tmp_path):
    pages = default_pages()
    pages[0].items[3] = Prog("Pediatrics", "2405363C0", ["2", "2"] + ["--"] * 8)
    pages[1].items[-1] = Prog("Internal Medicine", "3003363C0", ["2", "2"] * 5)
    with pytest.raises(InputError) as exc:
        program_results.parse(write_pdf(tmp_path / "r.pdf", pages))
    assert "363" in str(exc.value) and "'Internal Medicine', 'Pediatrics'" in str(exc.value)


def test_unknown_code_and_unknown_name_are_refused_naming_file_page_and_program(tmp_path):
    pages = default_pages()
    pages[1].items[-1] = Prog("Undersea Medicine", "3003124C0", ["2", "2"] * 5)
    pdf = write_pdf(tmp_path / "r.pdf", pages)
    with pytest.raises(InputError) as exc:
        program_results.parse(pdf)
    msg = str(exc.value)
    assert str(pdf) in msg and "1 ACGME specialty code(s) are not in the crosswalk: 124" in msg
    assert "124 in program 3003124C0 on page 4, printed name(s) 'Undersea Medicine'" in msg
    assert "specialties.csv" in msg


def test_held_out_2014_2018_edition_with_the_retired_code_360(tmp_path):
    """Edition-like and held out: the 2019-2020 layout titled 2014-2018, an advanced plastic-surgery program
    with code 360 printed 'Plastic Surgery' in 2014 only."""
    pages = default_pages()
    for page in pages:
        for item in page.items:
            if isinstance(item, Prog):
                item.join = None  # cells drawn across a column boundary are placed for "Filled" headers
    pages[0].items[3] = Prog("Plastic Surgery", "2405360A0", ["--"] * 8 + ["3", "3"])
    pdf = write_pdf(tmp_path / "old.pdf", pages, years=(2018, 2017, 2016, 2015, 2014), layout="2019")
    df = program_results.build(Inputs.of("program_results", pdf))
    assert sorted(df.match_year.unique()) == [2014, 2015, 2016, 2017, 2018]
    ps = df[df.program_code == "2405360A0"]
    assert list(ps.match_year) == [2014] and list(ps.specialty_id) == ["plastic-surgery-independent"]
    assert not any(n.startswith("code 360") for n in df.attrs["notes"])  # known by code: nothing to say
