"""Small summaries of marts used by the charts, reports and notebooks (pandas, no SQL)."""

from __future__ import annotations

import pandas as pd


def state_totals(img_share_by_state: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per state (latest year by default), summed over specialties and position levels:
    positions, filled, us_img, non_us_img, img (= us_img + non_us_img) and
    img_share_pct = round(100 * img / filled, 1); largest number of IMGs first."""
    df = img_share_by_state
    if df.empty:
        return pd.DataFrame(columns=["match_year", "state", "positions", "filled", "us_img", "non_us_img", "img",
                                     "img_share_pct"])
    year = int(df["match_year"].max()) if year is None else int(year)
    s = df[df["match_year"] == year].groupby("state", as_index=False)[
        ["positions", "filled", "us_img", "non_us_img"]].sum()
    s = s.astype({c: "int64" for c in ("positions", "filled", "us_img", "non_us_img")})
    s.insert(0, "match_year", year)
    s["img"] = s["us_img"] + s["non_us_img"]
    s["img_share_pct"] = (100 * s["img"] / s["filled"].where(s["filled"] > 0)).round(1)
    return s.sort_values(["img", "state"], ascending=[False, True], ignore_index=True)


def unfilled_summary(unfilled_programs: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per specialty (latest year by default): programs with unfilled positions and the
    positions they left unfilled, most unfilled positions first."""
    df = unfilled_programs
    if df.empty:
        return pd.DataFrame(columns=["match_year", "specialty_id", "specialty", "programs", "unfilled"])
    year = int(df["match_year"].max()) if year is None else int(year)
    d = df[df["match_year"] == year]
    keys = ["specialty_id"] + (["specialty"] if "specialty" in d.columns else [])
    out = d.groupby(keys, as_index=False, dropna=False).agg(programs=("program_code", "count"),
                                                             unfilled=("unfilled", "sum"))
    out.insert(0, "match_year", year)
    return out.sort_values(["unfilled", "specialty_id"], ascending=[False, True], ignore_index=True)
