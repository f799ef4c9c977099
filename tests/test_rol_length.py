"""rol_length: NRMP "Impact of Length of Rank Order List on Match Results".

Unit tests draw small PDFs with reportlab in the report's layout (title page with a
table of contents naming every section, one section per page identified by its
heading, table headers broken over several lines, a count printed without its
thousands separator, a footer on the last page) with made-up numbers. Integration
tests read the real 2006-2025 report when it is available.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from pipeline.store.dictionary import check_schema, conform
from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import rol_length
from tests.conftest import REPO_RAW, real_source

SOURCE = "nrmp_rol_impact_2025"

HEADING = {"programs": "Program Data", "all_applicants": "Applicant Data", "us_md_senior": "U.S. MD Seniors Data",
           "us_do_senior": "U.S. DO Seniors Data", "us_img": "U.S. IMG Data", "non_us_img": "Non U.S. IMG Data"}
PROGRAM_HEADER_LINES = ["Year Filled Programs Unfilled Programs", "Number and ", "% Filled", "Average ",
                        "Length of ROL", "Average", "Ranks per ", "Position", "Number and %", " Unfilled", "Average ",
                        "Length of ROL", "Average ", "Ranks per ", "Position"]
APPLICANT_HEADER_LINES = ["Year Matched Applicants Unmatched Applicants", "Number and % ", "Matched",
                          "Average Length of ", "ROLs", "Number and", "% Unmatched", "Average Length ", "of ROLs"]

# hand-written rows (made-up numbers) that the tests check field by field
PROGRAMS_2025 = "2025 4,321 (86.4%) 70.05 11.50 680 (13.6%) 40.10 7.25"
ALL_2025 = "2025 30,004 (79.9%) 11.87 7,531 (20.1%) 4.02"
MD_2023 = "2023 15,873 (93.8%) 13.10 1041 (6.2%) 7.02"   # 1041: printed without separator, as in the real report


def _pct(part: int, total: int) -> Decimal:
    return (Decimal(100 * part) / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _row(year: int, group: str) -> str:
    k = year - 2000
    if group == "programs":
        if year == 2025:
            return PROGRAMS_2025
        f, u = 3000 + 120 * k, 600 + 10 * k
        pf = _pct(f, f + u)
        return f"{year} {f:,} ({pf}%) {50 + k * 1.25:.2f} {9 + k * 0.1:.2f} {u:,} ({100 - pf}%) {25 + k:.2f} {4 + k * 0.2:.2f}"
    if group == "all_applicants" and year == 2025:
        return ALL_2025
    if group == "us_md_senior" and year == 2023:
        return MD_2023
    gi = list(HEADING).index(group)
    m, u = 500 + 97 * k + 1000 * gi, 200 + 31 * k + 50 * gi
    pm = _pct(m, m + u)
    return f"{year} {m:,} ({pm}%) {6 + k * 0.11 + gi:.2f} {u:,} ({100 - pm}%) {3 + k * 0.05:.2f}"


def default_pages(first: int = 2021, last: int = 2025) -> list[list[str]]:
    """The report's pages as lines of text (page 1 = title page)."""
    n_pages = 1 + len(HEADING)
    pages = [["455 Massachusetts Ave NW, Suite 310, Washington, ", "DC 20001 www.nrmp.org",
              "Impact of Length of Rank Order List on ", "Match Results:", f"{first}-{last} Main Residency Match",
              "This report outlines the average length of the rank order lists (ROL) of matched versus unmatched ",
              "applicants, filled versus unfilled programs.", *HEADING.values()]]
    for i, (group, heading) in enumerate(HEADING.items(), start=2):
        lines = [f"Page {i} of {n_pages}", heading]
        if group == "programs":
            lines += ["Program data are based on the number of positions offered. Between 2021 and",
                      "2024, length of ROL consistently declined."]
            lines += PROGRAM_HEADER_LINES
        else:
            lines += ["Data are based on applicants' primary rank order lists. Data do not include ",
                      "couples. Year-to-year variations occur within a narrow range."]
            lines += APPLICANT_HEADER_LINES
        lines += [_row(y, group) for y in range(first, last + 1)]
        pages.append(lines)
    pages[-1].append("Updated 03/21/2025.")
    return pages


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    for lines in pages:
        c.setFont("Helvetica", 8)
        y = 760
        for line in lines:
            c.drawString(40, y, line)
            y -= 11
        c.showPage()
    c.save()
    return path


def page_of(pages, group: str) -> list[str]:
    return next(p for p in pages[1:] if p[1] == HEADING[group])


@pytest.fixture
def fixture_pdf(tmp_path) -> Path:
    return write_pdf(tmp_path / "Impact-Data.pdf", default_pages())


def _row_of(df: pd.DataFrame, year: int, group: str, outcome: str) -> dict:
    sel = df[(df.match_year == year) & (df.group_name == group) & (df.outcome == outcome)]
    assert len(sel) == 1
    return sel.iloc[0].to_dict()


# --- unit tests on made-up PDFs -------------------------------------------------------------

def test_parses_every_section_and_year(fixture_pdf):
    df = rol_length.parse(fixture_pdf)
    assert len(df) == 5 * (2 + 5 * 2)
    assert sorted(df.match_year.unique()) == [2021, 2022, 2023, 2024, 2025]
    counts = df.groupby(["group_name", "outcome"]).size()
    assert set(counts.index) == {("programs", "filled"), ("programs", "unfilled")} | {
        (g, o) for g in rol_length.GROUPS[1:] for o in ("matched", "unmatched")}
    assert (counts == 5).all()


def test_hand_checked_rows(fixture_pdf):
    df = rol_length.parse(fixture_pdf)
    r = _row_of(df, 2025, "programs", "filled")
    assert (r["n"], r["pct"], r["avg_rol_length"], r["avg_ranks_per_position"]) == (4321, 86.4, 70.05, 11.50)
    assert (r["_source_page"], r["_source_line"]) == (2, PROGRAMS_2025)
    r = _row_of(df, 2025, "programs", "unfilled")
    assert (r["n"], r["pct"], r["avg_rol_length"], r["avg_ranks_per_position"]) == (680, 13.6, 40.10, 7.25)
    r = _row_of(df, 2025, "all_applicants", "matched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (30004, 79.9, 11.87)
    assert pd.isna(r["avg_ranks_per_position"])
    r = _row_of(df, 2025, "all_applicants", "unmatched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (7531, 20.1, 4.02)
    r = _row_of(df, 2023, "us_md_senior", "unmatched")  # "1041" without a thousands separator
    assert (r["n"], r["pct"], r["avg_rol_length"], r["_source_page"]) == (1041, 6.2, 7.02, 4)
    # a formula row: non_us_img 2021 -> m = 500 + 97*21 + 5000 = 7537, u = 200 + 31*21 + 250 = 1101
    r = _row_of(df, 2021, "non_us_img", "matched")
    assert (r["n"], r["pct"]) == (7537, 87.3)
    assert _row_of(df, 2021, "non_us_img", "unmatched")["n"] == 1101


def test_conforms_to_dictionary(fixture_pdf):
    df = conform("rol_length", rol_length.parse(fixture_pdf))
    data = df[[c for c in df.columns if not c.startswith("_source_")]]
    assert check_schema("rol_length", data) == []
    assert not data.duplicated(["match_year", "group_name", "outcome"]).any()
    assert data.loc[data.group_name != "programs", "avg_ranks_per_position"].isna().all()
    assert data.loc[data.group_name == "programs", "avg_ranks_per_position"].notna().all()


def test_build_reads_the_declared_source(fixture_pdf):
    df = rol_length.build(Inputs.of("rol_impact", fixture_pdf))
    assert len(df) == 60
    assert rol_length.KINDS == ("rol_impact",)


def test_sections_are_found_by_heading_not_page(tmp_path):
    pages = default_pages()
    pages[2], pages[6] = pages[6], pages[2]   # non_us_img on page 3, all applicants on page 7
    df = rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    r = _row_of(df, 2025, "all_applicants", "matched")
    assert (r["n"], r["_source_page"]) == (30004, 7)
    assert _row_of(df, 2021, "non_us_img", "matched")["_source_page"] == 3


def test_other_edition_years_come_from_the_title(tmp_path):
    pages = default_pages(2019, 2025)
    df = rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    assert sorted(df.match_year.unique()) == list(range(2019, 2026))
    assert len(df) == 7 * 12


def test_missing_year_is_an_error(tmp_path):
    pages = default_pages()
    md = page_of(pages, "us_md_senior")
    md.remove(MD_2023)
    with pytest.raises(InputError) as exc:
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    msg = str(exc.value)
    assert "page 4" in msg and "2023" in msg and "2021-2025" in msg
    assert "2022 " in msg  # names the line after which the year is missing


def test_title_range_must_match_rows(tmp_path):
    pages = default_pages()
    pages[0][4] = "2020-2025 Main Residency Match"
    with pytest.raises(InputError, match=r"page 2.*lacks year\(s\) 2020"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_duplicated_year_is_an_error(tmp_path):
    pages = default_pages()
    page_of(pages, "us_img").append(_row(2022, "us_img"))
    with pytest.raises(InputError, match=r"page 6.*2022 .*appears twice"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_year_outside_the_title_range_is_an_error(tmp_path):
    pages = default_pages()
    page_of(pages, "programs").append(_row(2026, "programs"))
    with pytest.raises(InputError, match=r"page 2.*2026 is outside the title's range 2021-2025"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_changed_header_is_an_error(tmp_path):
    pages = default_pages()
    app = page_of(pages, "us_do_senior")
    app[app.index("Average Length of ")] = "Median Length of "
    with pytest.raises(InputError) as exc:
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    msg = str(exc.value)
    assert "page 5" in msg and "Median Length of ROLs" in msg and "expected" in msg


def test_changed_program_header_is_an_error(tmp_path):
    pages = default_pages()
    prog = page_of(pages, "programs")
    prog[prog.index("% Filled")] = "% Filled Positions"
    with pytest.raises(InputError, match=r"page 2.*table header"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_unparseable_row_is_an_error(tmp_path):
    pages = default_pages()
    prog = page_of(pages, "all_applicants")
    bad = ALL_2025.replace("(20.1%)", "20.1%")
    prog[prog.index(ALL_2025)] = bad
    with pytest.raises(InputError) as exc:
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    msg = str(exc.value)
    assert "page 3" in msg and bad in msg and "cannot read this table row" in msg


def test_row_with_too_few_fields_is_an_error(tmp_path):
    pages = default_pages()
    prog = page_of(pages, "programs")
    bad = "2025 4,321 (86.4%) 70.05 680 (13.6%) 40.10 7.25"   # lost a column
    prog[prog.index(PROGRAMS_2025)] = bad
    with pytest.raises(InputError, match=r"page 2.*cannot read this table row"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_stray_text_below_the_table_is_an_error(tmp_path):
    pages = default_pages()
    page_of(pages, "us_img").append("Note: figures revised")
    with pytest.raises(InputError, match=r"page 6.*Note: figures revised"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_percentage_disagreeing_with_counts_is_an_error(tmp_path):
    pages = default_pages()
    prog = page_of(pages, "programs")
    bad = "2025 4,321 (86.3%) 70.05 11.50 680 (13.7%) 40.10 7.25"  # 100*4321/5001 = 86.403
    prog[prog.index(PROGRAMS_2025)] = bad
    with pytest.raises(InputError) as exc:
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    msg = str(exc.value)
    assert "page 2" in msg and bad in msg and "86.3%" in msg and "86.403" in msg


def test_unmatched_percentage_disagreeing_with_counts_is_an_error(tmp_path):
    pages = default_pages()
    md = page_of(pages, "us_md_senior")
    bad = "2023 15,873 (93.8%) 13.10 1041 (6.3%) 7.02"   # 100*1041/16914 = 6.155, printed 6.3
    md[md.index(MD_2023)] = bad
    with pytest.raises(InputError) as exc:
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))
    msg = str(exc.value)
    assert "page 4" in msg and bad in msg and "2023 unmatched: printed 6.3%" in msg and "6.155" in msg


def test_unknown_heading_is_an_error(tmp_path):
    pages = default_pages()
    page_of(pages, "us_img")[1] = "U.S. IMG Citizens Data"
    with pytest.raises(InputError, match=r"page 6.*U.S. IMG Citizens Data.*not one of the known sections"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_missing_section_is_an_error(tmp_path):
    pages = default_pages()
    pages.remove(page_of(pages, "us_do_senior"))
    with pytest.raises(InputError, match=r"sections missing: 'U.S. DO Seniors Data'"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_repeated_section_is_an_error(tmp_path):
    pages = default_pages()
    pages.append(list(page_of(pages, "us_img")))
    with pytest.raises(InputError, match=r"page 8.*appears again \(first on page 6\)"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_section_without_couples_note_is_an_error(tmp_path):
    pages = default_pages()
    app = page_of(pages, "all_applicants")
    app[2] = "Data are based on applicants' primary rank order lists, couples included."
    with pytest.raises(InputError, match=r"page 3.*Data do not include couples"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_other_report_is_an_error(tmp_path):
    pages = default_pages()
    pages[0][2] = "Results and Data: "
    with pytest.raises(InputError, match=r"page 1.*Impact of Length of Rank Order List"):
        rol_length.parse(write_pdf(tmp_path / "r.pdf", pages))


def test_non_pdf_is_an_error(tmp_path):
    p = tmp_path / "Impact-Data_2025.pdf"
    p.write_text("<html><body>Page not found</body></html>")
    with pytest.raises(InputError, match="not a PDF"):
        rol_length.parse(p)


def test_truncated_pdf_is_an_error(tmp_path, fixture_pdf):
    p = tmp_path / "cut.pdf"
    p.write_bytes(fixture_pdf.read_bytes()[:400])
    with pytest.raises(InputError, match="cannot be opened"):
        rol_length.parse(p)


# --- reconcile ------------------------------------------------------------------------------

def _summary(rows):
    return pd.DataFrame(rows, columns=["match_year", "applicant_type", "active_applicants", "matched_pgy1"])


def test_reconcile_bounds(fixture_pdf):
    df = rol_length.parse(fixture_pdf)
    assert rol_length.reconcile(df, {}) == []
    # all applicants 2025: 30,004 matched + 7,531 unmatched = 37,535
    ok = _summary([(2025, "all_applicants", 37535, 30004), (2025, "us_img", None, 1)])
    assert rol_length.reconcile(df, {"match_summary": ok}) == []
    bad = _summary([(2025, "all_applicants", 37534, 30003), (2030, "all_applicants", 1, 1)])
    failures = rol_length.reconcile(df, {"match_summary": bad})
    assert [f.check for f in failures] == ["applicants_within_active", "matched_within_headline"]
    assert "2025 all_applicants matched+unmatched 30,004+7,531 = 37,535 > match_summary.active_applicants 37,534" \
        in failures[0].detail
    assert "2025 all_applicants matched 30,004 > match_summary.matched_pgy1 30,003" in failures[1].detail
    assert failures[1].examples == [{"match_year": 2025, "group_name": "all_applicants", "matched": 30004,
                                     "match_summary_matched_pgy1": 30003}]


# --- the expectation suite ------------------------------------------------------------------

def test_suite_passes_and_catches_bad_rows(fixture_pdf):
    from pipeline.validate.suites import validate_frame

    df = conform("rol_length", rol_length.parse(fixture_pdf))
    res = validate_frame("rol_length", df)
    assert res.success, [f.describe() for f in res.failures]
    bad = df.copy()
    bad.loc[(bad.match_year == 2025) & (bad.group_name == "programs") & (bad.outcome == "filled"), "pct"] = 80.0
    bad.loc[(bad.match_year == 2024) & (bad.group_name == "us_img") & (bad.outcome == "matched"),
            "avg_ranks_per_position"] = 3.0
    bad = bad[~((bad.match_year == 2022) & (bad.group_name == "us_do_senior"))]
    failed = {f.detail.split("(column=")[1].split(",")[0] for f in validate_frame("rol_length", bad).failures}
    assert failed == {"rate_gap_pp", "pct_sum_gap_pp", "ranks_per_position_wrong_for_group", "years_missing_in_group"}


# --- integration: the real report -----------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    path = real_source(SOURCE)
    return path, rol_length.parse(path)


@pytest.mark.integration
def test_real_shape(real):
    _, df = real
    assert len(df) == 240
    assert sorted(df.match_year.unique()) == list(range(2006, 2026))
    assert (df.groupby(["group_name", "outcome"]).size() == 20).all()
    assert df.groupby("group_name")["_source_page"].first().to_dict() == {
        "programs": 2, "all_applicants": 3, "us_md_senior": 4, "us_do_senior": 5, "us_img": 6, "non_us_img": 7}
    data = conform("rol_length", df)
    assert check_schema("rol_length", data[[c for c in data.columns if not c.startswith("_")]]) == []


@pytest.mark.integration
def test_real_hand_checked_rows(real):
    _, df = real
    r = _row_of(df, 2025, "programs", "filled")
    assert (r["n"], r["pct"], r["avg_rol_length"], r["avg_ranks_per_position"]) == (5791, 87.4, 81.15, 12.47)
    r = _row_of(df, 2025, "programs", "unfilled")
    assert (r["n"], r["pct"], r["avg_rol_length"], r["avg_ranks_per_position"]) == (835, 12.6, 58.74, 8.83)
    r = _row_of(df, 2025, "all_applicants", "matched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (35987, 80.5, 12.02)
    r = _row_of(df, 2025, "all_applicants", "unmatched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (8703, 19.5, 4.04)
    r = _row_of(df, 2006, "us_md_senior", "matched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (13285, 94.7, 8.40)
    r = _row_of(df, 2019, "us_md_senior", "unmatched")   # printed "1041", without separator
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (1041, 6.0, 6.90)
    r = _row_of(df, 2010, "non_us_img", "matched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (2887, 40.4, 6.81)
    r = _row_of(df, 2020, "us_do_senior", "unmatched")
    assert (r["n"], r["pct"], r["avg_rol_length"]) == (559, 9.2, 5.81)


@pytest.mark.integration
def test_real_rates_and_totals(real):
    _, df = real
    wide = df.pivot_table(index=["match_year", "group_name"], columns="outcome", values="n")
    apps = wide.loc[(slice(None), list(rol_length.GROUPS[1:])), ["matched", "unmatched"]]
    # the four applicant types do not cover "all applicants" (prior graduates, Canadians and others
    # are in "all" only), so they sum to less
    y2025 = apps.loc[2025]
    types = y2025.drop(index="all_applicants").sum()
    assert (types["matched"], types["unmatched"]) == (17645 + 7291 + 3053 + 6512, 1191 + 563 + 1409 + 4655)
    assert types["matched"] < y2025.loc["all_applicants", "matched"] == 35987
    # rate here (couples excluded) differs from the headline 79.8% for 2025
    assert round(100 * 35987 / (35987 + 8703), 2) == 80.53
    prog = wide.loc[(slice(None), "programs"), ["filled", "unfilled"]].sum(axis=1)
    assert int(prog.loc[(2025, "programs")]) == 6626 and int(prog.loc[(2006, "programs")]) == 3861


@pytest.mark.integration
def test_real_reconcile_with_headline_facts(real):
    _, df = real
    manual = pd.read_csv(REPO_RAW / "manual" / "nrmp_headline_by_applicant_type.csv")
    summary = manual[["match_year", "applicant_type", "active_applicants", "matched_pgy1"]]
    assert rol_length.reconcile(df, {"match_summary": summary}) == []
    # and the bounds are real: with couples excluded the report has fewer applicants
    assert 35987 + 8703 < int(summary.query("match_year == 2025 and applicant_type == 'all_applicants'")
                              ["active_applicants"].iloc[0]) == 47208


def test_editions_merge_newest_first_and_compare_shared_years(tmp_path):
    """A 2021-2026 edition and a 2021-2025 one: 2026 from the newer, 2021-2025 compared figure by figure."""
    new = write_pdf(tmp_path / "new.pdf", default_pages(2021, 2026))
    old = write_pdf(tmp_path / "old.pdf", default_pages(2021, 2025))
    inputs = Inputs.of("rol_impact", new, old)
    for sid, years in zip(inputs.sources, ((2021, 2026), (2021, 2025))):
        src = inputs.sources[sid]
        inputs.sources[sid] = src.__class__(**{**src.__dict__, "years": years})
    df = rol_length.build(inputs)
    assert not df.duplicated(["match_year", "group_name", "outcome"]).any()
    assert sorted(df.match_year.unique()) == list(range(2021, 2027))
    assert df.attrs["failures"] == []
    shared = len(rol_length.parse(old))
    assert df.attrs["notes"] == [f"{3 * shared:,} figures printed by more than one edition compared, 0 differed"]


def test_editions_that_disagree_are_a_failure_naming_both_files(tmp_path):
    new = write_pdf(tmp_path / "new.pdf", default_pages(2021, 2026))
    pages = default_pages(2021, 2025)
    md = page_of(pages, "us_md_senior")
    i = next(n for n, line in enumerate(md) if line.startswith("2024 "))
    old_line = md[i]
    m, rest = old_line.split(" ", 2)[1], old_line.split(" ", 2)[2]
    md[i] = f"2024 {int(m.replace(',', '')) + 1:,} {rest}"  # one more matched U.S. MD senior in 2024
    old = write_pdf(tmp_path / "old.pdf", pages)
    df = rol_length.build(Inputs.of("rol_impact", new, old))  # 82.2% still rounds from 4,829 / 5,873
    checks = {f.check for f in df.attrs["failures"]}
    assert "editions_agree us_md_senior matched n" in checks
    f = next(f for f in df.attrs["failures"] if f.check == "editions_agree us_md_senior matched n")
    assert f.year == 2024 and "new.pdf" in f.detail and "old.pdf" in f.detail
