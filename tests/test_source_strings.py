"""Source strings are checked at ingest (issue #23 items 6 and 7).

A label with a control character, a quote or markup that the specialty crosswalk does not know is
refused, naming file and line (AAMC CSVs); names printed in NRMP PDFs may hold quotes and apostrophes
("St. Mary's") but no control character or markup. An AAMC CSV with a line dropped fails naming the
file and the Total row's line, not only the check and the table. A deeply nested data.js (the
Charting Outcomes transcription) is a message naming the file, not a RecursionError (item 4).
"""

from __future__ import annotations

import pytest

from pipeline.errors import InputError
from pipeline.ingest import _labels
from pipeline.ingest import residents_by_specialty as rbs
from tests.conftest import real_raw_dir, real_source
from tests.helpers import cli, recatalogue, snapshot
from tests.test_residents_by_specialty import ROWS, write_table


def _with_label(old: str, new: str):
    return [(k, new if lab == old else lab, c, t) for k, lab, c, t in ROWS]


@pytest.mark.parametrize("label, found", [
    ('Cardiovascular"Disease (Internal Medicine)', "the quote '\"' at character 15"),
    ("Nephrology <script>alert(1)</script>", "the markup character '<' at character 12"),
    ("Nephrology (Internal Medicine)\x1b[31m", "the control character U+001B at character 31"),
    ("Nephrology `rm` (Internal Medicine)", "the quote '`' at character 12"),
    ("Nephrology\u202e (Internal Medicine)", "the control character U+202E at character 11"),
])
def test_a_strange_subspecialty_label_is_refused_naming_file_and_line(tmp_path, label, found):
    p = tmp_path / "b5.csv"
    old = "Nephrology (Internal Medicine)" if "Nephrology" in label else "Cardiovascular Disease (Internal Medicine)"
    write_table(p, rows=_with_label(old, label))
    with pytest.raises(InputError) as info:
        rbs.parse_file(p)
    msg = info.value.message
    assert info.value.where.startswith(f"{p} line ") and found in msg, msg
    assert "\x1b" not in msg and "\u202e" not in msg  # the message shows the label escaped
    assert "crosswalk does not know it" in msg and "get it again" in msg


def test_a_strange_core_label_is_refused_too(tmp_path):
    p = tmp_path / "b5.csv"
    write_table(p, rows=_with_label("Anesthesiology", "Anesthesiology<b>"))
    with pytest.raises(InputError) as info:
        rbs.parse_file(p)
    assert "the markup character '<'" in info.value.message and str(p) in info.value.message


def test_plain_labels_pass_and_a_crosswalk_label_is_accepted_as_it_is():
    _labels.check_label("Internal Medicine/Pediatrics", "f line 1")
    _labels.check_label("Radiology: Diagnostic, (Interventional)-x", "f line 1")
    with pytest.raises(InputError):
        _labels.check_label("O'Neil Medicine", "f line 1")
    _labels.check_label("O'Neil Medicine", "f line 1", known=lambda s: s == "O'Neil Medicine")  # printed so


def test_printed_names_may_hold_quotes_but_no_control_character_or_markup():
    _labels.check_printed(["St. Mary's Hospital-MI", "Coeur D'Alene", 'The "Big" Clinic', None, ""], "f page 3")
    for bad, found in (("Akron<Children's", "'<'"), ("Tom\x07s River", "U+0007"), ("A\u2028B", "U+2028")):
        with pytest.raises(InputError) as info:
            _labels.check_printed(["fine", bad], "f.pdf page 3 line 'x'")
        assert info.value.where == "f.pdf page 3 line 'x'" and found in info.value.message


@pytest.mark.integration
def test_every_pdf_parser_checks_the_names_it_publishes(monkeypatch):
    """The program and state/specialty parsers pass every name they publish to check_printed."""
    from pipeline.ingest import _program_results_pdf, program_results, state_specialty_results

    seen: list[str] = []

    def spy(texts, where, what="name"):
        texts = [t for t in texts if t]
        seen.extend(texts)
        _labels.check_printed(texts, where, what)

    monkeypatch.setattr(_program_results_pdf, "check_printed", spy)
    monkeypatch.setattr(state_specialty_results, "check_printed", spy)
    df = program_results.parse(real_source("nrmp_program_results_2021_2025"))
    names = set(seen)
    assert set(df["institution"]) <= names and set(df["city"]) <= names
    assert set(df["program_name"].dropna()) <= names
    assert "UCSF Health-St. Mary's Hospital" in names  # an apostrophe is allowed
    seen.clear()
    ss = state_specialty_results.parse(real_source("nrmp_state_specialty_2025"))
    assert set(ss["specialty_label"]) <= set(seen)


@pytest.mark.integration
def test_real_aamc_labels_pass_and_one_flipped_bit_is_refused(tmp_path):
    src = real_source("aamc_residents_b5_2022")
    assert len(rbs.parse_file(src)) > 1000
    text = src.read_bytes()
    at = text.index(b"Medical Microbiology (Pathology)") + len(b"Medical")
    damaged = tmp_path / src.name
    damaged.write_bytes(text[:at] + bytes([text[at] ^ 0x02]) + text[at + 1:])  # " " (0x20) -> '"' (0x22)
    with pytest.raises(InputError) as info:
        rbs.parse_file(damaged)
    assert str(damaged) in info.value.message and " line " in info.value.where
    assert "Medical\"Microbiology (Pathology)" in info.value.message


def _drop_line(text: str, label: str) -> str:
    lines = text.split("\n")
    i = next(i for i, ln in enumerate(lines) if label in ln)
    return "\n".join(lines[:i] + lines[i + 1:])


@pytest.mark.integration
def test_an_aamc_csv_with_a_line_dropped_names_the_file_and_line(tmp_path):
    src = real_source("aamc_residents_b5_2022")
    damaged = tmp_path / src.name
    damaged.write_text(_drop_line(src.read_text(encoding="utf-8-sig"), "Nephrology (Internal Medicine)"),
                       encoding="utf-8")
    df = rbs.parse_file(damaged).assign(specialty_id=None)
    fails = [f for f in rbs.check_table(df) if f.check == "specialty_rows_sum_to_total"]
    assert fails and all(f"in {damaged} (Total row on line " in f.detail for f in fails), fails[0].detail
    assert "a row of the file is missing or changed" in fails[0].detail


@pytest.mark.integration
def test_the_pipeline_names_the_aamc_file_a_line_was_dropped_from(home):
    raw = real_raw_dir()
    assert cli("fetch", "--from", str(raw)).exit_code == 0
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    target = home / "data" / "raw" / "aamc" / "2022" / "2022 Report on Residents - Table B5.csv"
    target.chmod(0o644)
    target.write_text(_drop_line(target.read_text(encoding="utf-8-sig"), "Nephrology (Internal Medicine)"),
                      encoding="utf-8")
    recatalogue(home, "aamc_residents_b5_2022", target)
    r = cli("pipeline", "--no-reports")
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert "2022 Report on Residents - Table B5.csv (Total row on line" in r.output, r.output
    assert snapshot(home / "data" / "processed") == before


# -- a deeply nested data.js (Charting Outcomes transcription) ------------------------------------------

@pytest.mark.parametrize("nest", ["[", '{"a": '])
def test_a_deeply_nested_transcription_is_a_message_not_a_recursion_error(tmp_path, nest):
    from pipeline.ingest import _charting_outcomes as co
    from pipeline.ingest import preferred_specialty_outcomes
    from tests.test_charting_outcomes import inputs, write_js

    f = write_js(tmp_path / "data.js", "const DATA = {\"overall\": " + nest * 100_000 + "1};")
    for read in (co.parse_json, lambda p: preferred_specialty_outcomes.build(inputs(p))):
        with pytest.raises(InputError) as info:
            read(f)
        assert info.value.where == str(f) and "nested too deeply" in info.value.message


def test_a_deeply_nested_transcription_stops_the_pipeline_with_a_message(home):
    from tests.test_charting_outcomes import _install, make_data

    _install(home, make_data())
    assert cli("pipeline", "--no-reports").exit_code == 0
    before = snapshot(home / "data" / "processed")
    _install(home, "const DATA = {\"overall\": " + "[" * 50_000 + "]" * 50_000 + "};")
    r = cli("pipeline", "--no-reports")
    assert r.exit_code == 1 and "Traceback" not in r.output and "RecursionError" not in r.output
    assert "nested too deeply" in r.output and "data.js" in r.output
    assert snapshot(home / "data" / "processed") == before
