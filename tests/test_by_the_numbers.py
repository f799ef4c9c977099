"""match_summary and positions_summary from the By the Numbers sheet."""

from __future__ import annotations

import pytest

from pipeline.sources.catalogue import load
from pipeline.config import paths
from pipeline.errors import InputError
from pipeline.ingest import Inputs, _by_the_numbers, match_summary, positions_summary
from tests.conftest import real_source

UP, DOWN = "\u2191", "\u2193"

# Made-up figures in the sheet's layout; the 2024 values implied are in comments.
PAGE1 = [
    "2031 Main Residency Match\u00ae By the Numbers*",
    "CHANGE FROM",
    "2030",
    "Positions",
    f"Total Positions** 1,000 {UP} 100 11.1%",            # 900
    f"Total PGY-1 Positions** 800 {UP} 50 6.7%",           # 750
    f"Total Positions Filled** 900 {UP} 90 11.1%",         # 810
    f"Total PGY-1 Positions Filled** 700 {UP} 40 6.1%",    # 660
    f"Unfilled Positions 100 {UP} 10 11.1%",               # 90
    f"Unfilled Positions Offered in SOAP 120 {DOWN} 5 4.0%",  # 125
    "All Applicants",
    f"Total Registered Applicants** 1,200 {UP} 100 9.1%",
    f"Applicants Certifying Rank Order Lists** 1,000 {UP} 100 11.1%",
    f"Applicants Matched to PGY-1 Positions** 700 {UP} 40 6.1%",
    f"Percent of Active Applicants Matched to PGY-1 Positions*** 70.0 {DOWN} 3.3%",  # 73.3
    "U.S. MD Seniors",
    f"U.S. MD Seniors Submitting Program Choices** 400 {UP} 20 5.3%",
    f"U.S. MD Seniors Matched to PGY-1 Positions** 360 {UP} 18 5.3%",
    "Percent of U.S. MD Seniors Matched to PGY-1 Positions*** 90.0 0.0%",
    "U.S. DO Seniors",
    f"U.S. DO Seniors Submitting Program Choices** 200 {UP} 10 5.3%",
    f"U.S. DO Seniors Matched to PGY-1 Positions** 180 {UP} 9 5.3%",
    "Percent of U.S. DO Seniors Matched to PGY-1 Positions** *** 90.0 0.0%",
    "U.S. IMGs",
    f"U.S. IMGs Submitting Program Choices 100 {DOWN} 25 20.0%",   # 125
    f"U.S. IMGs Matched to PGY-1 Positions 50 {DOWN} 10 16.7%",    # 60
    f"Percent of U.S. IMGs Matched to PGY-1 Positions*** 50.0 {DOWN} -2.0%",
]
PAGE2 = [
    f"U.S. Non-U.S IMGs Submitting Program Choices** 300 {UP} 50 20.0%",  # 250
    f"U.S. Non-U.S IMGs Matched to PGY-1 Positions** 110 {UP} 10 10.0%",  # 100
    f"Percent of Non-U.S IMGs Matched to PGY-1 Positions** *** 36.7 {DOWN} 3.3%",  # 40.0
    "Couples",
    f"Couples Submitting Program Choices 10 {DOWN} 1",
]


def make_sheet(path, page1=PAGE1, page2=PAGE2):
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    for cand in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",):
        try:
            pdfmetrics.registerFont(TTFont("DejaVu", cand))
            font = "DejaVu"
        except Exception:
            pass
    c = canvas.Canvas(str(path), pagesize=letter)
    for lines in (page1, page2):
        y = 740
        c.setFont(font, 9)
        for line in lines:
            c.drawString(40, y, line)
            y -= 14
        c.showPage()
    c.save()
    return path


def test_parse_derives_previous_year_exactly(tmp_path):
    pdf = make_sheet(tmp_path / "btn.pdf", page1=[l.replace(" -2.0%", " 2.0%") for l in PAGE1])
    b = _by_the_numbers.parse(pdf, 2031)
    assert (b.year, b.previous_year) == (2031, 2030)
    assert b.value("positions_total", 2030) == 900
    assert b.value("unfilled_offered_in_soap", 2030) == 125
    assert b.value("us_img.active", 2030) == 125
    assert str(b.value("all_applicants.rate", 2030)) == "73.3"
    assert str(b.value("non_us_img.rate", 2030)) == "40.0"
    assert str(b.value("us_md_senior.rate", 2030)) == "90.0"
    assert b.figures["non_us_img.matched"].page == 2


def test_inconsistent_relative_change_is_an_error(tmp_path):
    page1 = [l.replace("1,000 \u2191 100 11.1%", "1,000 \u2191 100 15.0%") if l.startswith("Total Positions**") else l
             for l in PAGE1]
    with pytest.raises(InputError) as e:
        _by_the_numbers.parse(make_sheet(tmp_path / "btn.pdf", page1=page1))
    assert "page 1" in str(e.value) and "15.0%" in str(e.value) and "Total Positions" in str(e.value)


def test_missing_figure_names_it(tmp_path):
    page1 = [l for l in PAGE1 if not l.startswith("Unfilled Positions Offered")]
    with pytest.raises(InputError) as e:
        _by_the_numbers.parse(make_sheet(tmp_path / "btn.pdf", page1=page1))
    assert "unfilled_offered_in_soap" in str(e.value)


def test_sheet_of_another_year_is_refused(tmp_path):
    with pytest.raises(InputError) as e:
        _by_the_numbers.parse(make_sheet(tmp_path / "btn.pdf"), expected_year=2025)
    assert "2031 sheet" in str(e.value) and "2025" in str(e.value)


def test_not_a_pdf_and_truncated_pdf(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("<html>Access denied</html>")
    with pytest.raises(InputError) as e:
        _by_the_numbers.parse(fake)
    assert "not a PDF" in str(e.value) and str(fake) in str(e.value)
    good = make_sheet(tmp_path / "btn.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good[: len(good) // 3])
    with pytest.raises(InputError) as e:
        _by_the_numbers.parse(cut)
    assert str(cut) in str(e.value)


def _real_inputs(table_module, home):
    p = paths()
    cat = load(p)
    files = {}
    sources = {s.id: s for s in cat.of_kind(*table_module.KINDS)}
    for sid, src in sources.items():
        files[sid] = real_source(sid) if not src.bundled else src.local(p)
    return Inputs(files, sources)


@pytest.mark.integration
def test_real_sheet_agrees_with_bundled_facts(home):
    df = match_summary.build(_real_inputs(match_summary, home)).set_index(["match_year", "applicant_type"])
    assert df.loc[(2025, "us_img"), "match_rate_pct"] == 67.8
    assert df.loc[(2025, "non_us_img"), "match_rate_pct"] == 58.0
    assert df.loc[(2024, "us_img"), "match_rate_pct"] == 67.0
    assert df.loc[(2024, "non_us_img"), "match_rate_pct"] == 58.5
    assert df.loc[(2024, "all_applicants"), "registered_applicants"] == 50413
    assert df.loc[(2025, "all_applicants"), "registered_applicants"] == 52498
    assert df.loc[(2024, "non_us_img"), "active_applicants"] == 10021
    assert df.loc[(2025, "us_img"), "source_id"] == "nrmp_by_the_numbers_2025"
    assert df.loc[(2023, "us_img"), "source_id"] == "nrmp_headline_manual"
    pos = positions_summary.build(_real_inputs(positions_summary, home)).set_index("match_year")
    assert pos.loc[2025, ["positions_total", "filled_total", "unfilled", "unfilled_offered_in_soap"]].tolist() == \
        [43237, 40764, 2473, 2521]
    assert pos.loc[2024, ["positions_total", "filled_total", "unfilled", "unfilled_offered_in_soap"]].tolist() == \
        [41503, 38941, 2562, 2575]


@pytest.mark.integration
def test_sheet_disagreeing_with_bundled_facts_names_both(home):
    csv = home / "data" / "raw" / "manual" / "nrmp_headline_by_applicant_type.csv"
    csv.write_text(csv.read_text().replace("2025,us_img,4587,3108,67.8", "2025,us_img,4587,3109,67.8"))
    with pytest.raises(InputError) as e:
        match_summary.build(_real_inputs(match_summary, home))
    msg = str(e.value)
    assert "3109" in msg and "3108" in msg and "bundled facts" in msg and "By the Numbers" in msg


def _btn_inputs(home, *sheets):
    """The bundled facts of the catalogue and the given (path, year) sheets as By the Numbers editions."""
    from pipeline.sources.catalogue import Source

    cat = load(paths())
    sources = {s.id: s for s in cat.sources if s.bundled}
    files = {sid: s.local(paths()) for sid, s in sources.items()}
    for path, year in sheets:
        sid = f"by_the_numbers_{year}"
        sources[sid] = Source(id=sid, publisher="NRMP", title=f"{year} By the Numbers", years=(year,), path=str(path),
                              landing_page="", md5="", size=0, terms="", kind="by_the_numbers")
        files[sid] = path
    return Inputs(files, sources)


def _sheet_unchanged_from(tmp_path, newer, year: int, change: dict | None = None):
    """A ``year`` sheet printing the previous-year figures that the ``newer`` sheet implies (``change``:
    figures to print differently), each unchanged from the year before."""
    lines = [f"{year} Main Residency Match\u00ae By the Numbers*", "CHANGE FROM", str(year - 1)]
    for key, labels in _by_the_numbers.LABELS.items():
        v = (change or {}).get(key, newer.value(key, year))
        lines.append(f"{labels[0]} {v:.1f} 0.0%" if key.endswith(".rate") else f"{labels[0]} {int(v):,} 0 0.0%")
    return make_sheet(tmp_path / f"btn_{year}.pdf", page1=lines[:20], page2=lines[20:])


def test_two_consistent_editions_give_three_years(home, tmp_path):
    """The 2031 sheet (2031 and, derived, 2030) and the 2030 sheet (2030 and 2029): the year both give must
    agree exactly, the newest edition's figure is kept, and every year is in the tables."""
    new = make_sheet(tmp_path / "btn_2031.pdf", page1=[l.replace(" -2.0%", " 2.0%") for l in PAGE1])
    old = _sheet_unchanged_from(tmp_path, _by_the_numbers.parse(new, 2031), 2030)
    inputs = _btn_inputs(home, (new, 2031), (old, 2030))
    pos = positions_summary.build(inputs).set_index("match_year")
    assert pos.loc[[2029, 2030, 2031], "positions_total"].tolist() == [900, 900, 1000]
    assert pos.loc[[2029, 2030, 2031], "unfilled_offered_in_soap"].tolist() == [125, 125, 120]
    assert "btn_2031.pdf" in pos.loc[2030, "_source_file"]  # the newest edition's figure is kept
    assert "btn_2030.pdf" in pos.loc[2029, "_source_file"]
    ms = match_summary.build(inputs).set_index(["match_year", "applicant_type"])
    assert ms.loc[(2030, "non_us_img"), "match_rate_pct"] == 40.0
    assert ms.loc[(2029, "all_applicants"), "registered_applicants"] == 1100
    assert ms.loc[(2030, "us_img"), "source_id"] == "by_the_numbers_2031"
    assert ms.loc[(2029, "us_img"), "source_id"] == "by_the_numbers_2030"


def test_editions_that_disagree_on_a_year_name_both(home, tmp_path):
    new = make_sheet(tmp_path / "btn_2031.pdf", page1=[l.replace(" -2.0%", " 2.0%") for l in PAGE1])
    old = _sheet_unchanged_from(tmp_path, _by_the_numbers.parse(new, 2031), 2030, change={"positions_total": 901})
    with pytest.raises(InputError) as e:
        positions_summary.build(_btn_inputs(home, (new, 2031), (old, 2030)))
    msg = str(e.value)
    assert "2030 positions_total" in msg and "900" in msg and "901" in msg
    assert "btn_2031.pdf" in msg and "btn_2030.pdf" in msg
