"""How the reports write figures and labels: counts, percentages, changes, applicant groups,
position levels, program types, AAMC categories and state names. "–" stands for a missing value."""

from __future__ import annotations

import math

import pandas as pd


GROUPS = [  # column in the marts, label
    ("us_md_senior", "U.S. MD seniors"), ("us_md_grad", "U.S. MD graduates"),
    ("us_do_senior", "U.S. DO seniors"), ("us_do_grad", "U.S. DO graduates"),
    ("us_img", "U.S.-citizen IMGs"), ("non_us_img", "Non-U.S.-citizen IMGs"),
    ("other", "Other (Fifth Pathway, Canadian)"),
]
LEVEL_ORDER = ["PGY-1", "PGY-2", "Physician", None]
LEVEL_LABELS = {"PGY-1": "PGY-1", "PGY-2": "PGY-2", "Physician": "Physician", None: "Level not printed"}
PROGRAM_TYPES = {"C": "Categorical", "M": "Primary care", "P": "Preliminary (PGY-1)", "A": "Advanced (PGY-2)",
                 "R": "Reserved (physicians)"}
AAMC_CATEGORIES = {
    "american_indian_alaska_native": "American Indian or Alaska Native", "asian": "Asian",
    "black": "Black or African American", "hispanic": "Hispanic, Latino, or of Spanish origin",
    "nhpi": "Native Hawaiian or Other Pacific Islander", "white": "White", "other": "Other race/ethnicity",
    "unknown": "Unknown race/ethnicity", "non_us_citizen": "Non-U.S. citizen or non-permanent resident",
}
AAMC_SHORT = {"american_indian_alaska_native": "American Indian/Alaska Native", "black": "Black/African American",
              "hispanic": "Hispanic/Latino/Spanish origin", "nhpi": "Native Hawaiian/Pacific Isl.",
              "non_us_citizen": "Non-U.S. citizen"}
STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky",
    "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "PR": "Puerto Rico", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def fmt_int(v) -> str:
    return "–" if _missing(v) else f"{int(v):,}"


def fmt_pct(v) -> str:
    return "–" if _missing(v) else f"{float(v):.1f}%"


def fmt_signed_pct(v) -> str:
    return "–" if _missing(v) else f"{float(v):+.1f}%"


def fmt_pp(v) -> str:
    return "–" if _missing(v) else f"{float(v):+.1f} pts"
