"""preferred_specialty_outcomes: non-U.S. IMGs by preferred specialty, matched to it or not.

Input: a transcription of NRMP's *Charting Outcomes in the Match: Characteristics of
Non-U.S. IMGs* (``kind: charting_outcomes_img``; read by ``_charting_outcomes``), not NRMP's
own file. One row per Match year and charted specialty (positions, applicants of all types
and non-U.S. IMGs whose preferred specialty it was, matched / not matched to it), plus one
row with ``specialty_id`` null: the report's totals over all specialties.

Checks: the printed specialty match rates, the applicant-weighted rate and the report's
headline rate (the unweighted mean of the specialty rates) against the counts, at build
time (validation failures); matched + not_matched = applicants in the suite; and in
``reconcile`` the charted specialties against the report's totals. The charted specialties
do not add up to the totals (2026: 5,708 / 5,941 against 5,721 / 5,964): non-U.S. IMGs
whose preferred specialty is not charted are only in the totals. Both figures are kept and
the difference is documented in data/reference/known_discrepancies.csv.
"""

from __future__ import annotations

import pandas as pd

from pipeline.ingest._charting_outcomes import KIND, read_editions, transcription_note
from pipeline.validate.failures import Failure

TABLE = "preferred_specialty_outcomes"
KINDS = (KIND,)


def build(inputs) -> pd.DataFrame:
    reports = read_editions(inputs)
    df = pd.DataFrame([row for rep in reports for row in rep.outcomes])
    df.attrs["failures"] = [f for rep in reports for f in rep.failures]
    df.attrs["notes"] = [transcription_note(reports)]
    return df


def _examples(rows: pd.DataFrame) -> list[dict]:
    cols = [c for c in ("match_year", "applicant_type", "specialty_id", "matched", "not_matched", "applicants",
                        "_source_line") if c in rows.columns]
    return [{k.removeprefix("_"): (None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
             for k, v in r.items()} for r in rows[cols].head(10).to_dict("records")]


def check_totals(table: pd.DataFrame) -> list[Failure]:
    """The charted specialties against the report's all-specialty row, per Match year."""
    failures: list[Failure] = []
    if table.empty:
        return failures
    for (year, at), rows in table.groupby(["match_year", "applicant_type"], sort=True):
        total = rows[rows["specialty_id"].isna()]
        spec = rows[rows["specialty_id"].notna()]
        year = int(year)
        if len(total) != 1:
            failures.append(Failure(TABLE, "one_total_row_per_year",
                                    f"{year} {at}: {len(total)} all-specialty rows (specialty_id null), expected 1",
                                    _examples(total), year=year))
            continue
        t = total.iloc[0]
        for col, what in (("matched", "matched to their preferred specialty"),
                          ("not_matched", "not matched to their preferred specialty")):
            s, expected = int(spec[col].sum()), int(t[col])
            if s != expected:
                failures.append(Failure(
                    TABLE, f"specialty_{col}_sum_equals_total",
                    f"{year} {at}: the {len(spec)} charted specialties' non-U.S. IMGs {what} sum to {s:,}; the "
                    f"report's total is {expected:,} ({expected - s:+,})", _examples(total), year=year,
                    observed=s, expected=expected))
        for col, what in (("positions", "positions"), ("applicants_all_types", "applicants of all types")):
            s, limit = int(spec[col].sum()), int(t[col])
            if s > limit:
                failures.append(Failure(
                    TABLE, f"specialty_{col}_sum_le_total",
                    f"{year} {at}: the charted specialties' {what} sum to {s:,}, more than the report's total "
                    f"{limit:,}", _examples(total), year=year, observed=s, expected=limit))
    return failures


def reconcile(table: pd.DataFrame, others: dict[str, pd.DataFrame]) -> list[Failure]:
    return check_totals(table)
