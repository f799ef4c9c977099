"""state_specialty_results: NRMP "Match Rates by Specialty and State".

Unit tests draw small PDFs with reportlab in the report's layout: two columns of
state tables, the column header's words drawn in the report's (garbled) text order,
labels wrapped over two lines with the numbers on a line of their own, a label
clipped before its position level, state names split over two lines, "(cont.)"
headings (also clipped: "PUERTO RICO (cont.", "DISTRICT OF COLU"), rows continuing
at the top of the right-hand column without a heading, and the key footer. All
numbers are made up. Integration tests read the real 2025 report when available.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import real_source
from pipeline.sources import catalogue
from pipeline.config import paths
from pipeline.store.dictionary import check_schema, conform
from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import state_specialty_results as ssr
from pipeline.ingest.pdftext import Pdf

SOURCE = "nrmp_state_specialty_2025"

# --- a small report in the real layout ---------------------------------------------------------

# right edges of the 11 number columns and the header's x-centres, relative to a column's left edge
RIGHT = [112, 129, 148, 163, 178, 193, 208, 225, 242, 267, 285]
CENTRE = [r - 4 for r in RIGHT]
COL_OFFSET = 300  # the right-hand column
# header words in the text-layer order of the real report: (word, column, row 1 = upper / 0 = lower)
HEADER_REAL = [("Pos.", 0, 0), ("No.", 1, 1), ("Filled", 1, 0), ("MD", 2, 1), ("Sr", 2, 0), ("MD", 3, 1),
               ("Gr", 3, 0), ("DO", 4, 1), ("Sr", 4, 0), ("DO", 5, 1), ("Gr", 5, 0), ("US", 6, 1), ("IMG", 6, 0),
               ("%", 9, 1), ("MD Sr", 9, 0), ("%", 10, 1), ("IMG", 7, 0), ("Oth", 8, 0), ("Tot", 10, 0)]
# the same words in plain column order (another text order, same geometry)
HEADER_BY_COLUMN = sorted(HEADER_REAL, key=lambda w: (w[1], -w[2]))


def _pct(part: int, whole: int) -> str:
    if whole == 0:
        return "0.0"
    v = (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return "100" if v == 100 else str(v)


def nums(pos, md_sr, md_gr, do_sr, do_gr, us_img, img, oth, *, unfilled=0) -> list[str]:
    """A consistent row of numbers as printed: Pos., No. Filled, 7 applicant types, % MD Sr, % Tot."""
    filled = md_sr + md_gr + do_sr + do_gr + us_img + img + oth
    assert filled + unfilled == pos
    return [str(v) for v in (pos, filled, md_sr, md_gr, do_sr, do_gr, us_img, img, oth)] + \
        [_pct(md_sr, pos), _pct(filled, pos)]


@dataclass
class Heading:
    lines: list[str]


@dataclass
class Header:
    words: list = field(default_factory=lambda: list(HEADER_REAL))
    centres: list = field(default_factory=lambda: list(CENTRE))


@dataclass
class Row:
    label: list[str]  # one or two printed lines
    numbers: list[str]


def table(state: str | list[str] | None, rows: list[Row], header: Header | None = None) -> list:
    items = []
    if state is not None:
        items.append(Heading([state] if isinstance(state, str) else state))
    items.append(header or Header())
    return items + rows


def default_pages() -> list[tuple[list, list]]:
    """Pages as (left column items, right column items)."""
    p1_left = table("ALABAMA", [
        Row(["Anesthesiology (PGY-1)"], nums(21, 18, 0, 3, 0, 0, 0, 0)),
        Row(["Emergency Medicine ", "(PGY-1)"], nums(20, 11, 2, 5, 0, 2, 0, 0)),
        Row(["Internal Medicine (PGY-1)"], nums(193, 54, 0, 27, 0, 12, 73, 0, unfilled=27)),
        Row(["Internal Medicine/ ", "Emergency Med (PGY-1)"], nums(3, 1, 0, 1, 0, 0, 1, 0)),
        Row(["Occupational & ", "Environmental Med "], nums(2, 0, 0, 0, 0, 0, 0, 0, unfilled=2)),
        Row(["Occupational & ", "Environmental Med "], nums(1, 0, 1, 0, 0, 0, 0, 0)),
        Row(["Radiology-Diagnostic ", "(Physician)"], nums(1, 0, 0, 0, 0, 1, 0, 0)),
    ]) + table(["DISTRICT OF ", "COLUMBIA"], [
        Row(["Pediatrics (PGY-1)"], nums(30, 20, 1, 4, 0, 2, 3, 0)),
    ])
    p1_right = [  # DC continues at the top of the right column without a heading
        Row(["Surgery (PGY-1)"], nums(35, 23, 3, 1, 0, 0, 1, 0, unfilled=7)),
    ] + table(["NEW", "HAMPSHIRE"], [
        Row(["Family Medicine (PGY-1)"], nums(12, 1, 0, 3, 0, 1, 2, 0, unfilled=5)),
    ])
    p2_left = table("NEW HAMPSHIRE (cont.)", [
        Row(["Psychiatry (PGY-1)"], nums(6, 4, 0, 1, 0, 0, 1, 0)),
        Row(["Dermatology (PGY-2)"], nums(5, 4, 1, 0, 0, 0, 0, 0)),
    ]) + table("PUERTO RICO", [
        Row(["Internal Medicine (PGY-1)"], nums(40, 0, 0, 0, 0, 30, 9, 1)),
    ])
    p2_right = table("PUERTO RICO (cont.", [
        Row(["Transitional Year (PGY-1)"], nums(8, 0, 0, 0, 0, 6, 2, 0)),
    ]) + table("WYOMING", [
        Row(["Family Medicine (PGY-1)"], nums(15, 1, 1, 3, 0, 2, 4, 0, unfilled=4)),
    ])
    return [(p1_left, p1_right), (p2_left, p2_right)]


KEY_LINES = [
    "Key: Pos.=number of postions in the match; No. Filled=number of positions filled; MD Sr=U.S. allopathic "
    "seniors; MD Gr=prior U.S. Page {page} of {pages}",
    "allopathic graduates; DO Sr=U.S. osteopathic seniors; DO Gr=prior U.S. osteopathic graduates; US IMG=U.S. ",
    "international medical schools; IMG=non-U.S. citizen graduates of international medical schools; Oth=5th",
]


def write_pdf(path: Path, pages, year: int = 2025, title: str | None = None) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    for pno, columns in enumerate(pages, start=1):
        c.setFont("Helvetica", 14)
        c.drawString(68, 758, title or f"{year} NRMP Main Residency Match\u00ae: Match Rates by Specialty and State")
        c.setFont("Helvetica", 8)
        c.drawString(160, 742, ssr.NOTICE)
        for ci, items in enumerate(columns):
            ox = 13 + ci * COL_OFFSET
            y = 715
            for it in items:
                if isinstance(it, Heading):
                    c.setFont("Helvetica-Bold", 9)
                    for k, ln in enumerate(it.lines):
                        c.drawString(ox, y - 9 * k, ln)
                    y -= 9 * len(it.lines) + 4
                elif isinstance(it, Header):
                    c.setFont("Helvetica", 6.5)
                    c.drawCentredString(ox + 190, y, "Applicant Type")
                    for word, col, upper in it.words:
                        c.drawCentredString(ox + it.centres[col], y - (8 if upper else 16), word)
                    y -= 28
                else:
                    c.setFont("Helvetica", 7)
                    for k, ln in enumerate(it.label):
                        c.drawString(ox, y - 8 * k, ln)
                    for col, v in enumerate(it.numbers):
                        c.drawRightString(ox + RIGHT[col], y, v)
                    y -= 8 * len(it.label) + 3
        c.setFont("Helvetica", 6)
        for k, ln in enumerate(KEY_LINES):
            c.drawString(100, 40 - 7 * k, ln.format(page=pno, pages=len(pages)))
        c.showPage()
    c.save()
    return path


@pytest.fixture
def fixture_pdf(tmp_path) -> Path:
    return write_pdf(tmp_path / "Main_Match_Results_by_State_Specialty_and_AppType_2025.pdf", default_pages())


def build(path: Path) -> pd.DataFrame:
    return ssr.build(Inputs.of("state_specialty_results", path))


def row(df, state, label, level=None, nth=0) -> dict:
    sel = df[(df["state"] == state) & (df["specialty_label"] == label)]
    sel = sel[sel["position_level"].isna()] if level is None else sel[sel["position_level"] == level]
    return sel.iloc[nth].to_dict()


COUNTS = ["positions", "filled", "us_md_senior", "us_md_grad", "us_do_senior", "us_do_grad", "us_img",
          "non_us_img", "other"]


def counts(r: dict) -> list[int]:
    return [int(r[c]) for c in COUNTS]


# --- parsing the quirks ------------------------------------------------------------------------

def test_parses_every_table(fixture_pdf):
    df = build(fixture_pdf)
    assert len(df) == 15
    assert df["state"].tolist() == ["AL"] * 7 + ["DC"] * 2 + ["NH"] * 3 + ["PR"] * 2 + ["WY"]
    assert set(df["match_year"]) == {2025}
    assert df["_source_page"].tolist() == [1] * 10 + [2] * 5


def test_hand_checked_rows(fixture_pdf):
    df = build(fixture_pdf)
    r = row(df, "AL", "Internal Medicine", "PGY-1")
    assert r["specialty_id"] == "internal-medicine"
    assert counts(r) == [193, 166, 54, 0, 27, 0, 12, 73, 0]
    assert r["_source_line"] == "Internal Medicine (PGY-1) 193 166 54 0 27 0 12 73 0 28.0 86.0"
    r = row(df, "PR", "Internal Medicine", "PGY-1")
    assert counts(r) == [40, 40, 0, 0, 0, 0, 30, 9, 1]


def test_wrapped_label_with_numbers_on_their_own_line(fixture_pdf):
    df = build(fixture_pdf)
    r = row(df, "AL", "Emergency Medicine", "PGY-1")
    assert r["specialty_id"] == "emergency-medicine"
    assert counts(r) == [20, 20, 11, 2, 5, 0, 2, 0, 0]
    assert r["_source_line"] == "Emergency Medicine | (PGY-1) | 20 20 11 2 5 0 2 0 0 55.0 100"
    r = row(df, "AL", "Radiology-Diagnostic", "Physician")
    assert counts(r) == [1, 1, 0, 0, 0, 0, 1, 0, 0]


def test_label_wrapped_after_a_slash_joins_without_a_space(fixture_pdf):
    df = build(fixture_pdf)
    r = row(df, "AL", "Internal Medicine/Emergency Med", "PGY-1")
    assert r["specialty_id"] == "internal-medicine-emergency-medicine"


def test_label_clipped_before_its_level_has_no_level(fixture_pdf):
    df = build(fixture_pdf)
    oem = df[(df["state"] == "AL") & (df["specialty_id"] == "occupational-environmental-medicine")]
    assert oem["specialty_label"].tolist() == ["Occupational & Environmental Med"] * 2
    assert oem["position_level"].isna().all()
    assert [counts(r) for r in oem.to_dict("records")] == [[2, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 0, 1, 0, 0, 0, 0, 0]]


def test_header_words_do_not_leak_into_labels(fixture_pdf):
    df = build(fixture_pdf)
    first = df.groupby("state", sort=False)["specialty_label"].first().to_dict()
    assert first == {"AL": "Anesthesiology", "DC": "Pediatrics", "NH": "Family Medicine",
                     "PR": "Internal Medicine", "WY": "Family Medicine"}
    for word in ("Applicant", "Pos.", "Filled", "IMG", "Oth", "Tot", "ALABAMA"):
        assert not df["specialty_label"].str.contains(word, regex=False).any()


def test_split_state_name_and_rows_continuing_in_the_right_column(fixture_pdf):
    df = build(fixture_pdf)
    assert row(df, "DC", "Pediatrics", "PGY-1")["positions"] == 30
    # first row of the right-hand column, under no heading: still DISTRICT OF COLUMBIA
    assert counts(row(df, "DC", "Surgery", "PGY-1")) == [35, 28, 23, 3, 1, 0, 0, 1, 0]
    assert row(df, "NH", "Family Medicine", "PGY-1")["filled"] == 7


def test_cont_headings_continue_the_state(fixture_pdf):
    df = build(fixture_pdf)
    nh = df[df["state"] == "NH"]
    assert nh["specialty_label"].tolist() == ["Family Medicine", "Psychiatry", "Dermatology"]
    assert nh["_source_page"].tolist() == [1, 2, 2]
    # "PUERTO RICO (cont." as clipped by the report
    assert df[df["state"] == "PR"]["specialty_label"].tolist() == ["Internal Medicine", "Transitional Year"]


def test_clipped_state_name_continues_the_state(tmp_path):
    pages = default_pages()
    right = pages[0][1]
    right[0:0] = [Heading(["DISTRICT OF COLU"]), Header()]  # DC continued under its name as clipped by the report
    df = build(write_pdf(tmp_path / "r.pdf", pages))
    assert df[df["state"] == "DC"]["specialty_label"].tolist() == ["Pediatrics", "Surgery"]


def test_cont_heading_of_another_state_is_an_error(tmp_path):
    pages = default_pages()
    left, right = pages[1]
    left[0] = Heading(["ALABAMA (cont.)"])
    with pytest.raises(InputError, match=r"page 2 .*'ALABAMA \(cont\.\)' continues a state, but the state in "
                                         r"progress is 'NEW HAMPSHIRE'"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_state_appearing_twice_is_an_error(tmp_path):
    pages = default_pages()
    left, right = pages[1]
    right[-3] = Heading(["ALABAMA"])  # replaces WYOMING
    with pytest.raises(InputError, match=r"page 2 .*ALABAMA appears again after PUERTO RICO"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_unknown_state_is_an_error(tmp_path):
    pages = default_pages()
    pages[1][1][-3] = Heading(["ATLANTIS"])
    with pytest.raises(InputError, match=r"page 2 .*unknown state 'ATLANTIS'"):
        build(write_pdf(tmp_path / "r.pdf", pages))


# --- the header ----------------------------------------------------------------------------------

def test_header_in_another_text_order_is_checked_by_position(tmp_path):
    pages = default_pages()
    left, right = pages[1]
    left[1] = Header(words=list(HEADER_BY_COLUMN))  # same columns, other text order
    df = build(write_pdf(tmp_path / "r.pdf", pages))
    assert counts(row(df, "NH", "Psychiatry", "PGY-1")) == [6, 6, 4, 0, 1, 0, 0, 1, 0]
    # page 2 was read again with positions: no row lost or doubled
    assert len(df) == 15 and df["_source_page"].tolist() == [1] * 10 + [2] * 5


def test_label_glued_to_the_header_line(tmp_path, monkeypatch):
    """A text layer that puts the first label on the header's last line: the header words are cut off."""

    class GluingPdf(Pdf):
        def text(self, page):
            t = super().text(page)
            return t.replace("IMG Oth Tot\nPsychiatry (PGY-1)", "IMG Oth Tot Psychiatry (PGY-1)") if page == 2 else t

    monkeypatch.setattr(ssr, "Pdf", GluingPdf)
    p = write_pdf(tmp_path / "r.pdf", default_pages())
    with GluingPdf(p) as pdf:
        assert "IMG Oth Tot Psychiatry (PGY-1) 6 6 4" in pdf.text(2)
    df = build(p)
    r = row(df, "NH", "Psychiatry", "PGY-1")
    assert counts(r) == [6, 6, 4, 0, 1, 0, 0, 1, 0] and r["specialty_id"] == "psychiatry"


def _moved(words=HEADER_REAL) -> Header:
    """MD Gr and DO Sr swap places in the header (the numbers stay where they are)."""
    centres = list(CENTRE)
    centres[3], centres[4] = centres[4], centres[3]
    return Header(words=list(words), centres=centres)


def test_moved_header_column_is_an_error(tmp_path):
    pages = default_pages()
    pages[0][0][1] = _moved()
    with pytest.raises(InputError, match=r"page 1 .*columns, read by position, are \['Pos\.', 'No\. Filled', "
                                         r"'MD Sr', 'DO Sr', 'MD Gr', 'DO Gr'"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_moved_header_column_on_a_later_page_is_an_error(tmp_path):
    pages = default_pages()
    pages[1][0][1] = _moved(HEADER_BY_COLUMN)
    with pytest.raises(InputError, match=r"page 2 .*columns, read by position"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_renamed_header_column_is_an_error(tmp_path):
    pages = default_pages()
    pages[0][0][1] = Header(words=[(("Other" if w == "Oth" else w), c, u) for w, c, u in HEADER_REAL])
    with pytest.raises(InputError, match=r"page 1 .*unexpected word 'Other' in the table header"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_header_word_off_the_columns_is_an_error(tmp_path):
    pages = default_pages()
    centres = list(CENTRE)
    centres[8] += 60  # "Oth" drawn far to the right of every number column
    pages[0][0][1] = Header(centres=centres)
    with pytest.raises(InputError, match=r"page 1 .*header word 'Oth'.* is not above any number column"):
        build(write_pdf(tmp_path / "r.pdf", pages))


# --- rows -----------------------------------------------------------------------------------------

def test_printed_percentage_disagreeing_with_counts_is_an_error(tmp_path):
    pages = default_pages()
    bad = nums(21, 18, 0, 3, 0, 0, 0, 0)
    bad[9] = "80.7"
    pages[0][0][2] = Row(["Anesthesiology (PGY-1)"], bad)
    with pytest.raises(InputError, match=r"page 1 \(line 'Anesthesiology \(PGY-1\) 21 21 18 0 3 0 0 0 0 80\.7 100'\)"
                                         r": printed % MD Sr 80\.7 disagrees with the counts \(100\*18/21 = 85\.714\)"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_filled_percentage_is_checked_too(tmp_path):
    pages = default_pages()
    bad = nums(193, 54, 0, 27, 0, 12, 73, 0, unfilled=27)
    bad[10] = "68.0"
    pages[0][0][4] = Row(["Internal Medicine (PGY-1)"], bad)
    with pytest.raises(InputError, match=r"page 1 .*printed % Tot 68\.0 disagrees with the counts"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_row_with_a_missing_number_is_an_error(tmp_path):
    pages = default_pages()
    short = nums(21, 18, 0, 3, 0, 0, 0, 0)
    del short[8]
    pages[0][0][2] = Row(["Anesthesiology (PGY-1)"], short)
    with pytest.raises(InputError, match=r"page 1 .*must end with 11 numbers .* this line ends with 10"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_one_line_label_without_level_is_an_error(tmp_path):
    pages = default_pages()
    pages[0][0][2] = Row(["Anesthesiology"], nums(21, 18, 0, 3, 0, 0, 0, 0))
    with pytest.raises(InputError, match=r"page 1 .*label 'Anesthesiology' does not end with a position level"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_unknown_labels_are_listed_together(tmp_path):
    pages = default_pages()
    pages[0][0][2] = Row(["Space Medicine (PGY-1)"], nums(21, 18, 0, 3, 0, 0, 0, 0))
    pages[1][0][2] = Row(["Underwater ", "Surgery (PGY-2)"], nums(6, 4, 0, 1, 0, 0, 1, 0))
    with pytest.raises(InputError, match=r"2 specialty label\(s\) are not in the crosswalk: 'Space Medicine'; "
                                         r"'Underwater Surgery'"):
        build(write_pdf(tmp_path / "r.pdf", pages))


def test_stray_text_is_an_error(tmp_path):
    pages = default_pages()
    pages[1][1].append(Row(["Footnote: figures are preliminary"], []))
    with pytest.raises(InputError, match=r"page 2 .*neither a state heading, a table header nor a row"):
        build(write_pdf(tmp_path / "r.pdf", pages))


# --- the file ---------------------------------------------------------------------------------------

def test_year_comes_from_the_title(tmp_path):
    df = ssr.parse(write_pdf(tmp_path / "r.pdf", default_pages(), year=2026), years=(2026,))
    assert set(df["match_year"]) == {2026}


def test_report_of_another_year_than_its_catalogue_entry_is_an_error(tmp_path):
    p = write_pdf(tmp_path / "r.pdf", default_pages(), year=2024)
    with pytest.raises(InputError, match=r"page 1 .*this is the 2024 report, but its catalogue entry "
                                         r"is the 2025 edition"):
        ssr.parse(p, years=(2025,))


def test_each_edition_is_read_for_its_own_year(tmp_path):
    """Two editions (2024 and 2025) of the report give both years, without code changes."""
    df = ssr.build(Inputs.of("state_specialty_results", write_pdf(tmp_path / "a.pdf", default_pages(), year=2025),
                             write_pdf(tmp_path / "b.pdf", default_pages(), year=2024)))
    assert df.groupby("match_year").size().to_dict() == {2024: 15, 2025: 15}


def test_two_files_of_the_same_year_are_an_error(tmp_path):
    a, b = (write_pdf(tmp_path / f"{n}.pdf", default_pages(), year=2024) for n in "ab")
    with pytest.raises(InputError, match="two files hold the 2024 report"):
        ssr.build(Inputs.of("state_specialty_results", a, b))


def test_catalogue_years_are_used(tmp_path):
    cat = catalogue.load(paths())
    sources = {s.id: s for s in cat.sources}
    assert sources[SOURCE].years == (2025,)
    p = write_pdf(tmp_path / "r.pdf", default_pages(), year=2024)
    with pytest.raises(InputError, match="this is the 2024 report"):
        ssr.build(Inputs(files={SOURCE: p}, sources=sources))
    assert len(ssr.build(Inputs(files={SOURCE: write_pdf(tmp_path / "ok.pdf", default_pages())},
                                sources=sources))) == 15


def test_other_report_is_an_error(tmp_path):
    p = write_pdf(tmp_path / "r.pdf", default_pages(), title="2025 NRMP Main Residency Match: Results by State")
    with pytest.raises(InputError, match=r"page 1 .*does not start with the title"):
        build(p)


def test_non_pdf_is_an_error(tmp_path):
    p = tmp_path / "Main_Match_Results_by_State_Specialty_and_AppType_2025.pdf"
    p.write_text("<html><body>Page not found</body></html>")
    with pytest.raises(InputError, match="not a PDF"):
        build(p)


def test_missing_file_is_an_error():
    with pytest.raises(InputError, match="is missing"):
        ssr.build(Inputs(files={SOURCE: None}, sources={SOURCE: catalogue.load(paths()).get(SOURCE)}))


# --- schema, suite, reconcile -------------------------------------------------------------------

def test_conforms_to_dictionary(fixture_pdf):
    df = conform(ssr.TABLE, build(fixture_pdf))
    assert check_schema(ssr.TABLE, df[[c for c in df.columns if not c.startswith("_")]]) == []
    assert df.columns[:5].tolist() == ["match_year", "state", "specialty_label", "specialty_id", "position_level"]


def test_suite_passes_and_catches_bad_rows(fixture_pdf):
    from pipeline.validate.suites import validate_frame

    df = conform(ssr.TABLE, build(fixture_pdf))
    res = validate_frame(ssr.TABLE, df)
    assert res.success, [f.describe() for f in res.failures]
    bad = df.copy()
    bad.loc[0, "other"] = 1          # filled no longer the sum of the applicant types
    bad.loc[1, "filled"] = 99        # more filled than offered (and sum broken)
    bad.loc[2, "state"] = "XX"
    dup = bad.iloc[[3]].copy()       # the same key twice
    bad = pd.concat([bad, dup], ignore_index=True)
    res = validate_frame(ssr.TABLE, bad)
    failed = {f.check for f in res.failures}
    assert {"expect_column_pair_values_a_to_be_greater_than_b", "expect_column_values_to_be_in_set",
            "expect_compound_columns_to_be_unique", "expect_column_values_to_be_between"} <= failed
    gap = next(f for f in res.failures if "applicant_sum_gap" in f.detail)
    assert "2 of 16 rows" in gap.detail


def _positions(total, filled, pgy1, filled_pgy1):
    return pd.DataFrame([{"match_year": 2025, "positions_total": total, "positions_pgy1": pgy1,
                          "filled_total": filled, "filled_pgy1": filled_pgy1}])


def _matched(**by_type):
    return pd.DataFrame([{"match_year": 2025, "applicant_type": k, "matched_pgy1": v} for k, v in by_type.items()])


def test_reconcile(fixture_pdf):
    df = conform(ssr.TABLE, build(fixture_pdf))
    assert ssr.reconcile(df, {}) == []
    # fixture: all rows 392 positions / 347 filled; PGY-1 rows 383 / 340; the two OEM rows without a level 3 / 1
    assert int(df["positions"].sum()) == 392 and int(df["filled"].sum()) == 347
    ok = {"positions_summary": _positions(392, 347, 385, 341),
          "match_summary": _matched(all_applicants=341, us_md_senior=133, us_do_senior=48, us_img=55, non_us_img=96)}
    assert ssr.reconcile(df, ok) == []
    bad = {"positions_summary": _positions(393, 347, 387, 340), "match_summary": _matched(us_img=54, us_md_senior=134)}
    failures = ssr.reconcile(df, bad)
    details = {f.check: f.detail for f in failures}
    assert details["national_positions"] == (
        "2025 positions over all rows 392 != positions_summary.positions_total 393; 2025 positions over PGY-1 "
        "rows 383 (+ up to 3 in rows whose level is not printed) cannot give positions_summary.positions_pgy1 387")
    # no row without a level has U.S. IMGs or MD seniors: those sums must be exact
    assert details["pgy1_by_applicant_type"] == (
        "2025 us_img over PGY-1 rows 55 != match_summary.matched_pgy1 54; "
        "2025 us_md_senior over PGY-1 rows 133 != match_summary.matched_pgy1 134")
    failures = ssr.reconcile(df, {"match_summary": _matched(all_applicants=342)})
    assert failures[0].detail == ("2025 filled (all_applicants) over PGY-1 rows 340 (+ up to 1 in rows whose level "
                                  "is not printed) cannot give match_summary.matched_pgy1 342")
    assert failures[0].examples == [{"match_year": 2025, "applicant_type": "all_applicants", "pgy1_rows": 340,
                                     "level_not_printed": 1, "match_summary_matched_pgy1": 342}]


def test_reconcile_is_exact_when_every_level_is_printed(fixture_pdf):
    df = conform(ssr.TABLE, build(fixture_pdf))
    df = df[df["position_level"].notna()]
    assert ssr.reconcile(df, {"positions_summary": _positions(389, 346, 383, 340)}) == []
    failures = ssr.reconcile(df, {"positions_summary": _positions(389, 346, 384, 340)})
    assert failures[0].detail == "2025 positions over PGY-1 rows 383 != positions_summary.positions_pgy1 384"


# --- the real 2025 report ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    path = real_source(SOURCE)
    cat = catalogue.load(paths())
    pages_by_position = []
    chars = Pdf.chars

    def counting_chars(self, page):
        pages_by_position.append(page)
        return chars(self, page)

    Pdf.chars = counting_chars
    try:
        t = time.perf_counter()
        df = ssr.build(Inputs(files={SOURCE: path}, sources={s.id: s for s in cat.sources}))
        seconds = time.perf_counter() - t
    finally:
        Pdf.chars = chars
    return conform(ssr.TABLE, df), seconds, pages_by_position


@pytest.mark.integration
def test_real_shape(real):
    df, seconds, _ = real
    assert len(df) == 1353
    assert df["state"].nunique() == 52  # 50 states, DC and PR
    assert set(df["match_year"]) == {2025}
    levels = df["position_level"]
    assert levels.value_counts().to_dict() == {"PGY-1": 974, "PGY-2": 228, "Physician": 120}
    assert int(levels.isna().sum()) == 31


@pytest.mark.integration
def test_real_header_positions_read_once(real):
    _, _, pages_by_position = real
    # every page's headers have the text order checked by position on page 1: one page of Pdf.chars
    assert pages_by_position == [1]


@pytest.mark.integration
def test_real_national_totals(real):
    df = real[0]
    assert int(df["positions"].sum()) == 43_237
    assert int(df["filled"].sum()) == 40_764
    pgy1 = df[df["position_level"].eq("PGY-1").fillna(False).astype(bool)]
    unknown = df[df["position_level"].isna()]
    assert (int(pgy1["positions"].sum()), int(pgy1["filled"].sum())) == (40_007, 37_647)
    assert (int(unknown["positions"].sum()), int(unknown["filled"].sum())) == (81, 53)
    by_type = {c: int(pgy1[c].sum()) for c in ("us_md_senior", "us_do_senior", "us_img", "non_us_img")}
    assert by_type == {"us_md_senior": 19_036, "us_do_senior": 7_762, "us_img": 3_108, "non_us_img": 6_652}


@pytest.mark.integration
def test_real_reconciles_with_the_headline_figures(real):
    df = real[0]
    others = {"positions_summary": _positions(43_237, 40_764, 40_041, 37_667),
              "match_summary": _matched(all_applicants=37_667, us_md_senior=19_044, us_do_senior=7_773,
                                        us_img=3_108, non_us_img=6_653)}
    assert ssr.reconcile(df, others) == []


@pytest.mark.integration
def test_real_hand_checked_rows(real):
    df = real[0]
    assert counts(row(df, "AL", "Internal Medicine", "PGY-1")) == [193, 166, 54, 0, 27, 0, 12, 73, 0]
    assert counts(row(df, "AL", "Emergency Medicine", "PGY-1")) == [20, 20, 11, 2, 5, 0, 2, 0, 0]
    assert counts(row(df, "FL", "Internal Medicine", "PGY-1")) == [1009, 929, 201, 9, 193, 5, 213, 307, 1]
    # DC continues on page 4 under the clipped heading "DISTRICT OF COLU"
    assert counts(row(df, "DC", "Psychiatry", "PGY-1")) == [27, 27, 20, 2, 0, 0, 2, 3, 0]
    # NORTH CAROLINA continues on page 13 under its bare name
    r = row(df, "NC", "Public Health and Preventive Medicine", "Physician")
    assert counts(r) == [3, 3, 0, 2, 0, 1, 0, 0, 0] and r["specialty_id"] == "preventive-medicine"
    # two Occupational & Environmental Med rows in Illinois, both with the level clipped
    il = df[(df["state"] == "IL") & (df["specialty_id"] == "occupational-environmental-medicine")]
    assert il["position_level"].isna().all()
    assert [counts(r) for r in il.to_dict("records")] == [[1, 1, 1, 0, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0, 0, 0, 0]]
    assert counts(row(df, "WY", "Family Medicine", "PGY-1")) == [15, 11, 1, 1, 3, 0, 2, 4, 0]


@pytest.mark.integration
def test_real_internal_medicine_pgy1(real):
    df = real[0]
    im = df[(df["specialty_id"] == "internal-medicine") & df["position_level"].eq("PGY-1").fillna(False)]
    assert int(im["filled"].sum()) == 12_439
    assert int(im["us_img"].sum()) == 1_221
    assert int(im["non_us_img"].sum()) == 3_794


@pytest.mark.integration
def test_real_key_is_unique_where_the_level_is_printed(real):
    df = real[0]
    known = df[df["position_level"].notna()]
    assert not known.duplicated(["match_year", "state", "specialty_id", "position_level"]).any()
    clipped = df[df["position_level"].isna()]
    dup = clipped[clipped.duplicated(["state", "specialty_id"], keep=False)]
    assert sorted(set(zip(dup["state"], dup["specialty_id"]))) == [
        ("IL", "occupational-environmental-medicine"), ("TN", "osteopathic-neuromusculoskeletal-medicine"),
        ("TX", "occupational-environmental-medicine"), ("UT", "occupational-environmental-medicine")]


@pytest.mark.integration
def test_real_suite_passes(real):
    from pipeline.validate.suites import validate_frame

    df = real[0]
    res = validate_frame(ssr.TABLE, df)
    assert res.success, [f.describe() for f in res.failures]
