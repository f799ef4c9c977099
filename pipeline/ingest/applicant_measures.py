"""applicant_measures: score and experience profiles of non-U.S. IMGs by preferred specialty and outcome.

Input: a transcription of NRMP's *Charting Outcomes in the Match: Characteristics of
Non-U.S. IMGs* (``kind: charting_outcomes_img``; read by ``_charting_outcomes``), not NRMP's
own file. One row per Match year, charted specialty, outcome (matched / not matched to the
preferred specialty) and measure (USMLE Step 2 CK score, contiguous ranks, specialties
ranked, research experiences, abstracts, presentations, publications, work and volunteer
experiences) with n, min, q1, median, q3, max, mean and sd; small cohorts are suppressed by
the report (n given, the statistics null). Rows with ``specialty_id`` null are the report's
all-specialty medians (median only).

Checks: the quartiles' order, mean within [min, max] and iqr = q3 - q1 when read (an error
naming the key path); the order again in the suite; and in ``reconcile`` n against the
matched / not matched counts of ``preferred_specialty_outcomes`` and the same specialties in
both tables.
"""

from __future__ import annotations

import pandas as pd

from pipeline.ingest._charting_outcomes import KIND, read_editions, transcription_note
from pipeline.validate.failures import Failure

TABLE = "applicant_measures"
KINDS = (KIND,)
OUTCOMES_TABLE = "preferred_specialty_outcomes"


def build(inputs) -> pd.DataFrame:
    reports = read_editions(inputs)
    df = pd.DataFrame([row for rep in reports for row in rep.measures])
    df.attrs["notes"] = [transcription_note(reports)]
    return df


def _examples(rows: pd.DataFrame, cols) -> list[dict]:
    cols = [c for c in cols if c in rows.columns]
    return [{k.removeprefix("_"): (None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
             for k, v in r.items()} for r in rows[cols].head(10).to_dict("records")]


def check_against_outcomes(table: pd.DataFrame, outcomes: pd.DataFrame | None) -> list[Failure]:
    failures: list[Failure] = []
    if outcomes is None or table.empty:
        return failures
    keys = ["match_year", "applicant_type", "specialty_id"]
    spec = table[table["specialty_id"].notna()]
    counts = outcomes[outcomes["specialty_id"].notna()]
    long = counts.melt(id_vars=keys, value_vars=["matched", "not_matched"], var_name="outcome",
                       value_name="applicants_with_outcome")
    joined = spec.merge(long, on=keys + ["outcome"], how="left")
    orphan = joined[joined["applicants_with_outcome"].isna()]
    if len(orphan):
        failures.append(Failure(TABLE, "specialties_in_outcomes_table",
                                f"{orphan['specialty_id'].nunique()} specialties have measures but no row in "
                                f"{OUTCOMES_TABLE}", _examples(orphan, keys + ["_source_line"])))
    over = joined[joined["n"].notna() & joined["applicants_with_outcome"].notna()
                  & (joined["n"] > joined["applicants_with_outcome"])]
    if len(over):
        r = over.iloc[0]
        failures.append(Failure(TABLE, "n_le_applicants_with_outcome",
                                f"{len(over)} rows have n above the applicants with that outcome, e.g. "
                                f"{r['specialty_id']} {r['outcome']} {r['measure']}: n {int(r['n']):,} > "
                                f"{int(r['applicants_with_outcome']):,}",
                                _examples(over, keys + ["outcome", "measure", "n", "applicants_with_outcome",
                                                        "_source_line"])))
    have = set(map(tuple, spec[keys].drop_duplicates().itertuples(index=False, name=None)))
    lacking = counts[[tuple(k) not in have for k in counts[keys].itertuples(index=False, name=None)]]
    if len(lacking):
        failures.append(Failure(TABLE, "every_charted_specialty_has_measures",
                                f"{len(lacking)} specialties of {OUTCOMES_TABLE} have no measures",
                                _examples(lacking, keys)))
    return failures


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list[Failure]:
    """Against preferred_specialty_outcomes (the same report): the same charted specialties in both tables, and
    each measure's n (applicants described) at most the specialty's matched or not-matched count.

    (The validation page shows this paragraph.)"""
    return check_against_outcomes(table, others.get(OUTCOMES_TABLE))
