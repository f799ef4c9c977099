"""``matchstats check``: fact-check quoted figures against the published data.

A claims file (YAML) lists figures as a text quotes them::

    claims:
      - text: "67.8% of U.S.-citizen IMGs matched to a PGY-1 position in 2024"
        metric: match_rate_pct
        dimensions: {year: 2024, applicant_type: us_img}
        stated: "67.8%"

Each claim's metric is looked up in one registry (``METRICS``), which maps the
metric to the analysis (mart) or table that holds it, the columns its value is
computed from, the dimensions it can be selected by, and the *related series*
that a text may have quoted instead (the no-couples match rates, all positions
instead of PGY-1, ...). Claim values reach SQL as bound parameters only; the SQL
text comes from the registry.

Verdicts (the first rule that applies wins):

``not in data``
    the claim's dimensions select no value in the stated year (the year is not
    covered, the analysis was not built, or the combination does not exist);
``confirmed``
    the stated value equals the data's value at the stated precision;
``different definition``
    not confirmed, but a related series matches in the stated year (which one is
    named);
``wrong year``
    the same series matches in one or more other years (they are named);
``wrong value``
    none of the above; the data's value and the difference are given.

Precision: the stated value is taken as written ("58%" has 0 decimals, "58.0"
one, "9,045" is a whole number; ``decimals: -3`` marks a figure rounded to
thousands). It stands for the interval of values that round half-up to it, e.g.
"58" for [57.5, 58.5). Where the data allow, the value is computed exactly from
its counts (58.0% of non-U.S. IMGs in 2025 is 6,653 / 11,465 = 58.028...%);
it is confirmed if it lies in the stated interval. A stated value is never
rounded. Where only a printed (rounded) figure exists (e.g. the 2022-2023 match
rates by applicant type), that figure stands for its own rounding interval and
the claim is confirmed when the two intervals overlap; the note then says so.
"""

from pipeline.check.claims import Claim, Stated, load_claims, parse_stated
from pipeline.check.output import CSV_COLUMNS, format_text, summary, to_csv, to_html, write_reports
from pipeline.check.registry import (ARTICLE_VERDICTS, CONFIRMED, DIFFERENT_DEFINITION, DIMENSIONS, METRICS,
                                     NOT_CHECKED, NOT_IN_DATA, VERDICTS, WRONG_VALUE, WRONG_YEAR, Metric,
                                     describe_registry)
from pipeline.check.verdicts import Checker, Result, check_claims, check_file, fmt, round_half_up

__all__ = ["Claim", "Stated", "load_claims", "parse_stated", "CSV_COLUMNS", "format_text", "summary", "to_csv",
           "to_html", "write_reports", "ARTICLE_VERDICTS", "CONFIRMED", "DIFFERENT_DEFINITION", "DIMENSIONS",
           "METRICS", "NOT_CHECKED", "NOT_IN_DATA", "VERDICTS", "WRONG_VALUE", "WRONG_YEAR", "Metric",
           "describe_registry", "Checker", "Result", "check_claims", "check_file", "fmt", "round_half_up"]
