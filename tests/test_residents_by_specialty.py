"""residents_by_specialty: AAMC Report on Residents Tables B5 (MD) and B6 (DO).

Unit tests write small CSVs in the AAMC export layout (BOM, title/note rows, a
two-row header with a line break inside a label, quoted thousands, `%` on the
Total row, subspecialty rows with an empty first column, a "Combined Specialties"
heading, notes and trailing empty rows/columns) with made-up numbers. Integration
tests read the real files (MATCHSTATS_RAW_MIRROR=/work/shared/raw).
"""

from __future__ import annotations

import csv
import time

import pandas as pd
import pytest

from pipeline.sources.catalogue import load
from pipeline.config import PROJECT_DIR, paths
from pipeline.errors import InputError
from pipeline.ingest import Inputs
from pipeline.ingest import residents_by_specialty as rbs

from tests.conftest import real_source

B5, B6 = "aamc_residents_b5_2022", "aamc_residents_b6_2022"
CATALOGUE = load(paths(PROJECT_DIR))
SOURCES = {s.id: s for s in CATALOGUE.of_kind(*rbs.KINDS)}

# Category header labels as AAMC prints them (one contains a line break).
LABELS = {
    "american_indian_alaska_native": "American Indian or Alaska Native",
    "asian": "Asian",
    "black": "Black or African American",
    "hispanic": "Hispanic, Latino, or of Spanish Origin",
    "nhpi": "Native Hawaiian or Other Pacific Islander",
    "white": "White",
    "other": "Other \nRace/Ethnicity",
    "unknown": "Unknown Race/Ethnicity",
    "non_us_citizen": "Non-U.S. Citizen or Non-Permanent Resident",
    "total": "Unduplicated Total",
}
ORDER = list(LABELS)
CATS = ORDER[:-1]

# Made-up figures: (kind, label, counts for the 9 categories, unduplicated total).
ROWS = [
    ("core", "Anesthesiology", [3, 1210, 40, 95, 1, 2500, 60, 7, 600], 4400),
    ("sub", "Critical Care Medicine (Anesthesiology)", [0, 12, 3, 4, 0, 30, 1, 0, 9], 58),
    ("core", "Internal Medicine", [10, 2100, 500, 700, 4, 3000, 300, 50, 3100], 9500),
    ("sub", "Cardiovascular Disease (Internal Medicine)", [1, 300, 40, 60, 0, 400, 30, 2, 280], 1100),
    ("sub", "Nephrology (Internal Medicine)", [0, 70, 10, 15, 0, 60, 5, 0, 110], 268),
    ("core", "Thoracic Surgery", [0, 10, 5, 4, 0, 50, 2, 0, 9], 78),
    ("heading", "Combined Specialties", None, None),
    ("comb", "Internal Medicine/Pediatrics", [1, 90, 40, 30, 0, 300, 10, 2, 30], 500),
]


def _fmt_count(n: int) -> str:
    return f"{n:,}"


def _pct(n: int, total: int, sign: str = "") -> str:
    return f"{round(100 * n / total, 1):.1f}{sign}"


def write_table(path, *, degree="MD", year="2021-22", rows=ROWS, order=ORDER, labels=None, spacer=False,
                width=36, edit=None, total_row=True, after_total=()):
    """Write an AAMC-style B5/B6 CSV. ``edit(line_cells_list)`` may change the data rows."""
    labels = {**LABELS, **(labels or {})}
    body = []
    sums = [0] * 10
    for kind, label, counts, total in rows:
        if kind == "heading":
            body.append([label, ""])
            continue
        values = dict(zip(CATS, counts)) | {"total": total}
        for i, c in enumerate(ORDER):
            sums[i] += values[c]
        body.append(["" if kind in ("sub", "comb") else label, label if kind in ("sub", "comb") else "", values])
    totals = dict(zip(ORDER, sums))

    def figure_cells(values, sign=""):
        out = []
        for c in order:
            out.append(_fmt_count(values[c]))
            if c != "total":
                out.append(_pct(values[c], values["total"], sign))
            if spacer and c == "white":
                out.append("")
        return out

    cat_row, sub_row = ["", ""], ["", ""]
    for c in order:
        cat_row += [labels[c]] + ([""] if c != "total" else [])
        sub_row += ["Number", "Percent"] if c != "total" else [""]
        if spacer and c == "white":
            cat_row.append("")
            sub_row.append("")
    grads = "MD-granting U.S. and Canadian Schools" if degree == "MD" else "DO-granting U.S. Schools"
    lines = [
        [f"Table B5. Number of Active {degree} Residents, by Race/Ethnicity (Alone or In Combination) and "
         "GME Specialty"],
        [f"{year} Active Residents"],
        [],
        [f'The table below displays the number and percentage of {year} active {degree} residents. "Alone or in '
         'combination" indicates ... Counts shown for specialties do not include the related subspecialties.'],
        [],
        ["Selected Finding: Overall, 48.8% reported White."],
        [],
        ["ACGME-Accredited Specialties and Subspecialties", "", f"Active Residents who are Graduates of {grads}"],
        cat_row,
        sub_row,
    ]
    data = []
    for cells in body:
        if len(cells) == 2:
            data.append(cells)
        else:
            data.append(cells[:2] + figure_cells(cells[2]))
    if edit:
        edit(data)
    lines += data
    if total_row:
        lines.append(["Total", ""] + figure_cells(totals, "%"))
    lines += [list(r) for r in after_total]
    lines += [["Note: ACGME specialties and subspecialties with no active residents in 2021 were excluded."],
              ["Source: GME Track\u00ae as of Aug. 25, 2022."],
              ["\u00a9 2022 Association of American Medical Colleges. May be reproduced ..."]]
    lines += [[] for _ in range(5)]
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f, lineterminator="\r\n")
        for line in lines:
            w.writerow(line + [""] * (width - len(line)))
    return totals


FIXTURE_TOTAL = 4400 + 58 + 9500 + 1100 + 268 + 78 + 500


def inputs(b5=None, b6=None) -> Inputs:
    return Inputs(files={B5: b5, B6: b6}, sources=SOURCES)


def fixture_pair(tmp_path, **kw):
    b5, b6 = tmp_path / "b5.csv", tmp_path / "b6.csv"
    write_table(b5, degree="MD", **kw)
    write_table(b6, degree="DO", **kw)
    return b5, b6


def row(df, degree, specialty, category):
    hit = df[(df.degree_type == degree) & (df.specialty == specialty) & (df.category == category)]
    assert len(hit) == 1, (degree, specialty, category, len(hit))
    return hit.iloc[0]


def error_of(path) -> str:
    with pytest.raises(InputError) as exc:
        rbs.build(inputs(path))
    return exc.value.message


# ---------------------------------------------------------------- unit tests: layout

def test_fixture_builds_long_table(tmp_path):
    b5, b6 = fixture_pair(tmp_path)
    df = rbs.build(inputs(b5, b6))
    assert list(df.columns[:8]) == rbs.COLUMNS
    # 7 specialty rows + Total, 10 categories, 2 degrees
    assert len(df) == 8 * 10 * 2
    assert set(df.academic_year) == {"2021-22"} and set(df.degree_type) == {"MD", "DO"}

    r = row(df, "MD", "Internal Medicine", "non_us_citizen")
    assert (r.residents, r.pct, r.specialty_id) == (3100, 32.6, "internal-medicine")
    assert pd.isna(r.parent_specialty)
    assert row(df, "MD", "Internal Medicine", "total").residents == 9500
    assert pd.isna(row(df, "MD", "Internal Medicine", "total").pct)
    assert row(df, "MD", "Anesthesiology", "asian").residents == 1210  # "1,210" in the file

    sub = row(df, "MD", "Cardiovascular Disease (Internal Medicine)", "white")
    assert (sub.residents, sub.pct, sub.parent_specialty) == (400, 36.4, "Internal Medicine")
    assert pd.isna(sub.specialty_id)  # subspecialty without a Match counterpart

    comb = row(df, "DO", "Internal Medicine/Pediatrics", "total")
    assert pd.isna(comb.parent_specialty) and comb.specialty_id == "internal-medicine-pediatrics"
    assert "Combined Specialties" not in set(df.specialty)
    # AAMC "Thoracic Surgery" is the independent program, not NRMP's integrated one
    assert row(df, "MD", "Thoracic Surgery", "total").specialty_id == "thoracic-surgery-independent"

    tot = row(df, "MD", "Total", "total")
    assert tot.residents == FIXTURE_TOTAL == 15_904
    assert pd.isna(tot.specialty_id) and pd.isna(tot.parent_specialty)
    assert row(df, "MD", "Total", "white").pct == round(100 * 6340 / 15904, 1)  # printed as "39.9%"
    # provenance: physical line of the row (the header spans two lines)
    assert row(df, "MD", "Anesthesiology", "asian")._source_line == 12
    assert rbs.check_table(df) == []


def test_b6_is_optional_and_b5_required(tmp_path):
    b5, b6 = fixture_pair(tmp_path)
    df = rbs.build(inputs(b5))
    assert set(df.degree_type) == {"MD"} and len(df) == 80
    with pytest.raises(InputError) as exc:
        rbs.build(inputs(None, b6))
    assert "Table B5.csv is missing" in exc.value.message


def test_reordered_edition_with_footnotes_loads_the_same_figures(tmp_path):
    base = tmp_path / "base.csv"
    write_table(base)
    other = tmp_path / "reordered.csv"
    order = ["total", "white", "non_us_citizen", "asian", "unknown", "black", "other", "hispanic", "nhpi",
             "american_indian_alaska_native"]
    write_table(other, order=order, spacer=True, width=40,
                labels={"white": "White*", "total": "Unduplicated Total\u00b9", "asian": "Asian [2]"})
    a = rbs.parse_file(base).drop(columns=["_source_line"])
    b = rbs.parse_file(other).drop(columns=["_source_line"])
    key = ["specialty", "category"]
    a, b = a.sort_values(key).reset_index(drop=True), b.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a.drop(columns=["_source_file"]), b.drop(columns=["_source_file"]))


def test_other_year_edition_parses_with_its_year(tmp_path):
    p = tmp_path / "b5_2024.csv"
    write_table(p, year="2023-24")
    df = rbs.parse_file(p)
    assert set(df.academic_year) == {"2023-24"}
    # but it is not the edition catalogued as aamc_residents_b5_2022
    msg = error_of(p)
    assert "2023-24" in msg and "aamc_residents_b5_2022" in msg


def test_md_table_in_the_do_slot_is_an_error(tmp_path):
    b5 = tmp_path / "b5.csv"
    write_table(b5)
    with pytest.raises(InputError) as exc:
        rbs.build(inputs(b5, b5))
    assert "MD residents" in exc.value.message and B6 in exc.value.message


# ---------------------------------------------------------------- unit tests: bad input

def test_renamed_header_is_an_error_naming_file_line_and_label(tmp_path):
    p = tmp_path / "renamed.csv"
    write_table(p, labels={"white": "White Alone"})
    msg = error_of(p)
    assert str(p) in msg and "line 9" in msg and "'White Alone'" in msg


def test_missing_header_is_an_error(tmp_path):
    p = tmp_path / "missing.csv"
    order = [c for c in ORDER if c != "unknown"]
    write_table(p, order=order)
    msg = error_of(p)
    assert "missing header" in msg and "'Unknown Race/Ethnicity'" in msg


def test_multiple_race_column_is_not_merged_into_other(tmp_path):
    p = tmp_path / "multi.csv"
    write_table(p, labels={"other": "Multiple Race/Ethnicity"})
    msg = error_of(p)
    assert "unrecognised header" in msg and "'Multiple Race/Ethnicity'" in msg


def _set_cell(specialty, column_offset, value):
    def edit(data):
        for cells in data:
            if specialty in cells[:2]:
                cells[2 + column_offset] = value
    return edit


def test_non_numeric_count_is_an_error(tmp_path):
    p = tmp_path / "nonnum.csv"
    write_table(p, edit=_set_cell("Internal Medicine", 2, "n/a"))  # Asian Number
    msg = error_of(p)
    assert str(p) in msg and "line 14" in msg and "'n/a'" in msg and "'Asian'" in msg


def test_negative_count_is_an_error(tmp_path):
    p = tmp_path / "neg.csv"
    write_table(p, edit=_set_cell("Nephrology (Internal Medicine)", 0, "-3"))
    msg = error_of(p)
    assert "negative count '-3'" in msg and "line 16" in msg


def test_empty_count_and_decimal_count_are_errors(tmp_path):
    p = tmp_path / "empty.csv"
    write_table(p, edit=_set_cell("Anesthesiology", 10, ""))  # White Number
    assert "empty count in column 'White'" in error_of(p)
    q = tmp_path / "decimal.csv"
    write_table(q, edit=_set_cell("Anesthesiology", 10, "2500.5"))
    assert "not a whole number" in error_of(q)


def test_duplicate_row_is_an_error(tmp_path):
    p = tmp_path / "dup.csv"

    def edit(data):
        data.insert(3, list(data[2]))  # Internal Medicine twice
    write_table(p, edit=edit)
    msg = error_of(p)
    assert "duplicated row 'Internal Medicine'" in msg and "first on line 14" in msg and "line 15" in msg


def test_unknown_specialties_are_listed_together(tmp_path):
    p = tmp_path / "unknown.csv"
    rows = ROWS[:5] + [("core", "Underwater Basket Surgery", [0] * 8 + [1], 1),
                       ("core", "Astro Medicine", [0] * 8 + [2], 2)] + ROWS[5:]
    write_table(p, rows=rows)
    msg = error_of(p)
    assert "2 specialty label(s) are not in the crosswalk" in msg
    assert "'Underwater Basket Surgery'" in msg and "'Astro Medicine'" in msg


def test_value_in_unlabelled_column_is_an_error(tmp_path):
    p = tmp_path / "stray.csv"

    def edit(data):
        data[0] += [""] * (31 - len(data[0]))
        data[0][30] = "17"
    write_table(p, edit=edit)
    assert "column 31, which has no header label" in error_of(p)


def test_missing_total_row_and_figures_after_it_are_errors(tmp_path):
    p = tmp_path / "nototal.csv"
    write_table(p, total_row=False)
    assert "no 'Total' row" in error_of(p)
    q = tmp_path / "after.csv"
    write_table(q, after_total=[["", "Late Row", "1"]])
    assert "figures after the Total row" in error_of(q)


def test_unknown_heading_row_is_an_error(tmp_path):
    p = tmp_path / "heading.csv"
    write_table(p, rows=ROWS[:2] + [("heading", "Osteopathic Recognition", None, None)] + ROWS[2:])
    assert "'Osteopathic Recognition' has a label but no figures" in error_of(p)


# ---------------------------------------------------------------- unit tests: checks

def _built(tmp_path, **kw):
    p = tmp_path / "t.csv"
    write_table(p, **kw)
    return rbs.build(inputs(p))


def test_check_flags_percentage_that_disagrees_with_counts(tmp_path):
    df = _built(tmp_path, edit=_set_cell("Internal Medicine", 3, "23.9"))  # true 2,100/9,500 = 22.1
    fails = rbs.check_table(df)
    assert [f.check for f in fails] == ["pct_matches_counts"]
    assert "published 23.9 vs 100 * 2,100 / 9,500 = 22.11" in fails[0].detail
    assert fails[0].examples[0]["specialty"] == "Internal Medicine"


def test_check_flags_sum_of_rows_not_equal_to_total_row(tmp_path):
    df = _built(tmp_path)
    # pretend the parent row included its subspecialties (double counting)
    mask = (df.specialty == "Internal Medicine") & (df.category == "total")
    df.loc[mask, "residents"] = 9500 + 1100 + 268
    fails = {f.check: f for f in rbs.check_table(df)}
    assert "MD 2021-22 total: sum of 7 specialty, subspecialty and combined rows 17,272 != Total row 15,904" \
        in fails["specialty_rows_sum_to_total"].detail


def test_check_flags_count_above_unduplicated_total(tmp_path):
    df = _built(tmp_path)
    mask = (df.specialty == "Thoracic Surgery") & (df.category == "non_us_citizen")
    df.loc[mask, "residents"] = 79
    fails = {f.check: f for f in rbs.check_table(df)}
    assert "Thoracic Surgery non_us_citizen 79 > total 78" in fails["category_le_unduplicated_total"].detail


def test_published_total_is_the_files_own_total_row(tmp_path):
    """No grand total is typed in code: each edition is checked against the Total row it prints."""
    df = _built(tmp_path)
    assert rbs.check_table(df) == []  # the made-up edition's own total, 15,904
    assert not hasattr(rbs, "PUBLISHED_TOTALS")
    total = (df.specialty == "Total") & (df.category == "total")
    assert int(df.loc[total, "residents"].iloc[0]) == FIXTURE_TOTAL
    df.loc[total, "residents"] = FIXTURE_TOTAL + 1  # a Total row that its rows do not add up to
    fails = {f.check: f for f in rbs.check_table(df)}
    assert "MD 2021-22 total: sum of 7 specialty, subspecialty and combined rows 15,904 != Total row 15,905" \
        in fails["specialty_rows_sum_to_total"].detail


def test_unmatched_specialties_reports_rather_than_drops(tmp_path):
    df = _built(tmp_path)
    un = rbs.unmatched_specialties(df)
    assert un == ["Critical Care Medicine (Anesthesiology)", "Cardiovascular Disease (Internal Medicine)",
                  "Nephrology (Internal Medicine)", "Thoracic Surgery"]
    assert rbs.unmatched_specialties(df, nrmp_ids={"thoracic-surgery-independent"})[-1] == \
        "Internal Medicine/Pediatrics"


# ---------------------------------------------------------------- integration: real files

@pytest.fixture(scope="module")
def real():
    b5, b6 = real_source(B5), real_source(B6)
    rbs.build(inputs(b5, b6))  # warm the crosswalk cache
    t0 = time.perf_counter()
    df = rbs.build(inputs(b5, b6))
    return df, time.perf_counter() - t0


@pytest.mark.integration
def test_real_totals_and_reconciliation(real):
    df, seconds = real
    assert row(df, "MD", "Total", "total").residents == 124_093
    assert row(df, "DO", "Total", "total").residents == 25_260
    assert rbs.check_table(df) == []
    # 178 MD / 152 DO specialty rows + Total, 10 categories each
    assert (df.degree_type == "MD").sum() == 1790 and (df.degree_type == "DO").sum() == 1530
    # the Total row is the sum of *all* rows; core specialties alone are far less
    md = df[(df.degree_type == "MD") & (df.category == "total")]
    assert md[md.specialty != "Total"].residents.sum() == 124_093
    assert md[md.parent_specialty.isna() & (md.specialty != "Total")].residents.sum() < 124_093


@pytest.mark.integration
def test_real_hand_checked_figures(real):
    df, _ = real
    im = row(df, "MD", "Internal Medicine", "total")
    assert (im.residents, im.specialty_id) == (24_600, "internal-medicine") and pd.isna(im.parent_specialty)
    nonus = row(df, "MD", "Internal Medicine", "non_us_citizen")
    assert (nonus.residents, nonus.pct) == (7_825, 31.8)
    assert (row(df, "DO", "Internal Medicine", "total").residents,
            row(df, "DO", "Internal Medicine", "non_us_citizen").residents) == (4_994, 653)
    cv = row(df, "MD", "Cardiovascular Disease (Internal Medicine)", "total")
    assert (cv.residents, cv.parent_specialty) == (2_918, "Internal Medicine") and pd.isna(cv.specialty_id)
    gen = row(df, "MD", "Vascular Surgery (General Surgery)", "total")
    assert (gen.residents, gen.parent_specialty) == (209, "Surgery: General")
    assert row(df, "MD", "Surgery: General", "total").specialty_id == "surgery"
    impeds = row(df, "MD", "Internal Medicine/Pediatrics", "total")
    assert (impeds.residents, impeds.specialty_id) == (1_362, "internal-medicine-pediatrics")
    assert pd.isna(impeds.parent_specialty)
    assert row(df, "MD", "Neurodevelopmental Disabilities (Neurology)", "total").specialty_id == \
        "neurodevelopmental-disabilities"
    assert row(df, "MD", "Thoracic Surgery", "total").specialty_id == "thoracic-surgery-independent"
    assert row(df, "MD", "Thoracic Surgery: Integrated", "total").specialty_id == "thoracic-surgery-integrated"
    asian = row(df, "MD", "Total", "asian")
    assert (asian.residents, asian.pct) == (26_789, 21.6)  # printed "26,789" and "21.6%"
    do_white = row(df, "DO", "Total", "white")
    assert (do_white.residents, do_white.pct) == (16_275, 64.4)
    assert row(df, "DO", "Psychiatry/Family Practice", "total").specialty_id == "psychiatry-family-medicine"
    un = rbs.unmatched_specialties(df)
    assert {"Ophthalmology", "Urology", "Allergy and Immunology", "Thoracic Surgery"} <= set(un)
    assert "Internal Medicine" not in un and "Neurodevelopmental Disabilities (Neurology)" not in un


@pytest.mark.integration
def test_real_table_fits_dictionary_and_suite(real):
    from pipeline.store.dictionary import check_schema, conform
    from pipeline.validate.suites import validate_frame

    df, _ = real
    table = conform(rbs.TABLE, df)
    assert check_schema(rbs.TABLE, table[[c for c in table.columns if not c.startswith("_")]]) == []
    result = validate_frame(rbs.TABLE, table)
    assert result.success, [f.describe() for f in result.failures]
    assert rbs.reconcile(table, {}) == []
