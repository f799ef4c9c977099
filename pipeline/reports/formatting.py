"""How the reports write figures and labels: counts (with their noun: "1 position", "2 positions"),
percentages, changes, small numbers, applicant groups, position levels, program types, AAMC categories
and state names. "–" stands for a missing value."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup, escape  # Jinja's own escaping

from pipeline.marts.access import SMALL_BASE, is_small  # noqa: F401  (re-exported for the reports)


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
# position_type of the mart specialty_fill_by_program_type: label, program-code letters, what it is
POSITION_TYPES = {
    "categorical": ("Categorical", "C/M", "the full residency (C categorical, M primary care)"),
    "advanced": ("Advanced", "A", "starts at PGY-2, after a preliminary or transitional year"),
    "preliminary": ("Preliminary", "P", "one PGY-1 year (preliminary and transitional-year positions)"),
    "reserved": ("Reserved", "R", "reserved for physicians with prior graduate medical education"),
}
TYPE_OF_CODE = {"C": "categorical", "M": "categorical", "P": "preliminary", "A": "advanced", "R": "reserved"}
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


# -- counts in words --------------------------------------------------------------------------

def noun(n, singular: str, plural: str | None = None) -> str:
    """The word for ``n`` things: "position" for 1, "positions" otherwise (and for a missing count)."""
    many = plural or (singular + "s")
    if _missing(n):
        return many
    return singular if float(n) == 1 else many


def count(n, singular: str, plural: str | None = None) -> str:
    """A count with its noun and thousands separators: "1 position", "1,234 positions", "– positions"."""
    return f"{fmt_int(n)} {noun(n, singular, plural)}"


# -- small numbers ----------------------------------------------------------------------------

SMALL_LABEL = "small number"
SMALL_TITLE = (f"small number: the base of this figure is under {SMALL_BASE}; "
               "read it as a count, not as a rate (it is never ranked)")
SMALL_NOTE = (f"Small number: a percentage or change whose base (positions, positions filled or applicants) is "
              f"under {SMALL_BASE}, shown muted and marked; it swings on one or two people, so it is never ranked "
              "and a change from it is given as counts.")


def mark(text: str, small: bool, tag: bool = True) -> Markup:
    """``text`` as HTML, muted and marked "small number" when ``small`` (``tag=False``: muted, with a "†")."""
    if not small:
        return Markup(escape(text))
    marker = f'<span class="sn-tag"> {SMALL_LABEL}</span>' if tag else '<span class="sn-tag">†</span>'
    return Markup(f'<span class="sn" title="{escape(SMALL_TITLE)}">{escape(text)}{marker}</span>')


def pct_of(v, base, tag: bool = False) -> Markup:
    """A percentage whose base is ``base``, marked when the base is a small number."""
    return mark(fmt_pct(v), is_small(base) and not _missing(v), tag)


def change(first, last, unit: str = "position") -> tuple[str, bool]:
    """The change from ``first`` to ``last``: "+17.6%", or "4 → 4 positions" when ``first`` is a small number.

    Returns (text, small)."""
    if _missing(first) or _missing(last):
        return "–", False
    if is_small(first) or float(first) == 0:
        return f"{fmt_int(first)} → {count(last, unit)}", True
    return fmt_signed_pct(100 * (float(last) - float(first)) / float(first)), False


# -- messages as HTML ---------------------------------------------------------------------------

def rich_text(text) -> Markup:
    """A message written for a terminal, as HTML: escaped, `...` spans as <code>, addresses as links."""
    import re

    out = []
    for i, part in enumerate(re.split(r"`([^`]+)`", str(text))):
        if i % 2:
            out.append(f"<code>{escape(part)}</code>")
            continue
        pos = 0
        for m in re.finditer(r"https?://[^\s<>()]+[^\s<>().,;:]", part):
            out.append(str(escape(part[pos:m.start()])))
            url = escape(m.group(0))
            out.append(f'<a href="{url}" rel="noreferrer">{url}</a>')
            pos = m.end()
        out.append(str(escape(part[pos:])))
    return Markup("".join(out))


# -- the checks of the validation page, in words -------------------------------------------------

CHECK_LABELS = {
    "quota_sum_equals_positions_total": "Positions offered: the programs' sum vs the national total",
    "filled_sum_equals_filled_total": "Positions filled: the programs' sum vs the national total",
    "specialty_matched_sum_equals_total": "Matched to their preferred specialty: the specialties' sum vs the total",
    "specialty_not_matched_sum_equals_total": ("Not matched to their preferred specialty: the specialties' sum vs "
                                               "the total"),
    "pct_matches_counts": "Printed percentage vs the counts",
    "printed_match_rate_matches_counts": "Printed match rate vs the counts",
    "printed_weighted_rate_matches_counts": "Printed weighted match rate vs the counts",
}
COLUMN_LABELS = {"match_rate_pct": "PGY-1 match rate (%)", "matched_pgy1": "matched to PGY-1",
                 "active_applicants": "active applicants", "positions_total": "positions offered",
                 "filled_total": "positions filled"}


def check_label(check: str) -> str:
    """A check's id as words: "facts_agree us_md_senior match_rate_pct" -> "PGY-1 match rate (%) of U.S. MD
    seniors: the cited sources compared"; an id without a label: its words ("_" as spaces)."""
    import re

    if check in CHECK_LABELS:
        return CHECK_LABELS[check]
    m = re.fullmatch(r"facts_agree (\w+) (\w+)", check)
    if m:
        group = dict(GROUPS).get(m.group(1), "all applicants" if m.group(1) == "all_applicants" else m.group(1))
        col = COLUMN_LABELS.get(m.group(2), m.group(2).replace("_", " "))
        return f"{col[0].upper() + col[1:]} of {group}: the cited sources compared"
    return check.replace("_", " ").replace(" equals ", " = ")


_ENV = None


def template_env():
    """One Jinja environment per process for the specialty reports and the plan (it caches the compiled templates
    and reloads one when its file changes): an undefined name fails, ``code`` renders `code` spans."""
    global _ENV
    if _ENV is None:
        import jinja2

        from pipeline.config import TEMPLATES_DIR

        _ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
                                  autoescape=jinja2.select_autoescape(["html", "j2"]),
                                  undefined=jinja2.StrictUndefined)
        _ENV.filters["code"] = rich_text
    return _ENV
