"""Cross-table rules: clipped position levels resolved from program codes; documented
source discrepancies recognised only when both figures match exactly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.validate import discrepancies
from pipeline.errors import InputError
from pipeline.ingest.program_results import reconcile as programs_reconcile
from pipeline.ingest.state_specialty_results import resolve_clipped_levels


def _state_rows(rows):
    cols = ["match_year", "state", "specialty_label", "specialty_id", "position_level", "positions", "filled"]
    return pd.DataFrame(rows, columns=cols)


def _programs(rows):
    return pd.DataFrame(rows, columns=["match_year", "state", "specialty_id", "program_type", "quota", "filled"])


def test_clipped_levels_resolved_only_by_exact_match():
    state = _state_rows([
        (2031, "TX", "Occupational & Environmental Med", "occ-med", None, 2, 2),
        (2031, "TX", "Occupational & Environmental Med", "occ-med", None, 4, 3),
        (2031, "TX", "Surgery", "surgery", "PGY-1", 5, 5),
    ])
    programs = _programs([
        (2031, "TX", "occ-med", "A", 2, 2),   # PGY-2: 2/2
        (2031, "TX", "occ-med", "R", 3, 2),   # Physician: 3+1 quota, 2+1 filled
        (2031, "TX", "occ-med", "R", 1, 1),
        (2031, "TX", "surgery", "C", 5, 5),
    ])
    out = resolve_clipped_levels(state, programs, Path("report.pdf"))
    assert out["position_level"].tolist() == ["PGY-2", "Physician", "PGY-1"]


def test_unresolvable_clipped_level_is_an_error_naming_the_row():
    state = _state_rows([(2031, "UT", "Osteopathic Neuromusculoskeletal", "onm", None, 3, 1)])
    programs = _programs([(2031, "UT", "onm", "C", 3, 0)])  # filled differs: not the same positions
    with pytest.raises(InputError) as e:
        resolve_clipped_levels(state, programs, Path("report.pdf"))
    assert "UT 'Osteopathic Neuromusculoskeletal'" in str(e.value) and "report.pdf" in str(e.value)


def _summary(total, filled):
    return pd.DataFrame({"match_year": [2025], "positions_total": [total], "filled_total": [filled]})


def test_documented_discrepancy_needs_both_exact_figures():
    programs = pd.DataFrame({"match_year": [2025, 2025], "quota": [43000, 218], "filled": [40500, 245]})
    # exactly the documented 43,218 / 43,237 and 40,745 / 40,764: documented, not blocking
    blocking, documented = discrepancies.triage(programs_reconcile(programs, {"positions_summary": _summary(43237, 40764)}))
    assert blocking == [] and len(documented) == 2
    assert "19 fewer" in documented[0].documented
    # one more position missing: the documented entry no longer applies
    blocking, documented = discrepancies.triage(programs_reconcile(programs, {"positions_summary": _summary(43238, 40764)}))
    assert [f.check for f in blocking] == ["quota_sum_equals_positions_total"]
    assert "43,218" in blocking[0].detail and "43,238" in blocking[0].detail
