"""Certainty before any verdict (`matchstats check ARTICLE`, issue 25).

A figure is judged only in a reading whose every dimension that decides the value — metric, year, applicant
group, specialty, position level, program type, outcome — comes from the text. When one does not (no group
named, no year anywhere, earlier paragraphs that name different years), the reading rules raise
:class:`Unsure`: the figure is "not checked: unsure which group" (or year), and :func:`hint` says what the
figure equals under the plausible readings ("67.8% is the 2025 PGY-1 match rate of U.S.-citizen IMGs").
The hint is shown, never judged.
"""

from __future__ import annotations

from itertools import product

from pipeline.check.registry import METRICS

GROUP_LABELS = {"all_applicants": "all applicants", "us_md_senior": "U.S. MD seniors",
                "us_do_senior": "U.S. DO seniors", "us_img": "U.S.-citizen IMGs",
                "non_us_img": "non-U.S.-citizen IMGs"}
ALL_GROUPS = tuple(GROUP_LABELS)
WHICH = {"applicant_type": "group", "year": "year", "specialty_id": "specialty", "outcome": "outcome",
         "program_type": "program type", "position_level": "position level"}


class Skip(Exception):
    """The figure is not checked; the message is the reason."""


class Unsure(Skip):
    """A reading in which some deciding dimension is not given by the text.

    ``known``: the dimensions the text gives (name -> value); ``open``: name -> the plausible values (None: any
    value the data have, for a year)."""

    def __init__(self, reason: str, metric: str, known: dict, open_: dict):
        super().__init__(reason)
        self.metric, self.known, self.open = metric, known, open_


def reason(open_: dict, why: dict) -> str:
    names = [WHICH.get(k, k) for k in open_]
    return f"unsure which {' and '.join(names)}: " + "; ".join(why[k] for k in open_ if why.get(k))


LABELS = {"img_share_pct": "IMGs' share of positions filled",
          "us_img_share_pct": "U.S.-citizen IMGs' share of positions filled",
          "non_us_img_share_pct": "non-U.S.-citizen IMGs' share of positions filled",
          "img_filled": "positions filled by IMGs", "us_img_filled": "positions filled by U.S.-citizen IMGs",
          "non_us_img_filled": "positions filled by non-U.S.-citizen IMGs",
          "us_md_senior_filled": "positions filled by U.S. MD seniors",
          "us_do_senior_filled": "positions filled by U.S. DO seniors", "img_match_rate_pct": "PGY-1 match rate of IMGs",
          "img_matched_pgy1": "IMGs matched to PGY-1", "img_share_of_matched_pct": "IMGs' share of applicants matched",
          "registered_applicants": "registered applicants", "active_applicants": "active applicants",
          "matched_pgy1": "applicants matched to PGY-1", "fill_pct": "fill rate",
          "step2_median": "median Step 2 CK"}


def label(metric: str) -> str:
    return LABELS.get(metric) or METRICS[metric].description.split(",")[0].split(" (")[0].split(": ")[0]


def hint(checker, metric: str, known: dict, open_: dict, stated) -> str:
    """What the stated value equals under the plausible readings, or "" when it equals none of them."""
    if stated is None:
        return ""
    names = [k for k in open_ if k not in ("year", "metric")]
    years = open_.get("year") if "year" in open_ else ([known["year"]] if "year" in known else None)
    hits = []
    for name in open_.get("metric") or [metric]:
        m = METRICS[name]
        if m.percent != stated.percent_sign:
            continue
        for combo in product(*(open_[k] for k in names)):
            dims = {k: v for k, v in known.items() if k != "year" and k in m.dims}
            dims.update((k, v) for k, v in zip(names, combo) if v is not None and k in m.dims)
            try:
                data = checker.fetch(m.primary, dims)
            except Exception:  # noqa: BLE001 - a combination the relation cannot select: no hint from it
                continue
            for y in sorted(data.values, reverse=True):
                if years is not None and y not in years:
                    continue
                if data.values[y].matches(stated):
                    hits.append((name, y, dict(zip(names, combo))))
    if not hits:
        return ""
    parts = []
    for name, y, d in hits[:4]:
        who = d.get("applicant_type") or known.get("applicant_type")
        where = d.get("specialty_id", known.get("specialty_id")) if "specialty_id" in METRICS[name].dims else None
        parts.append(f"{stated.text} is the {y} {label(name)}" + (f" of {GROUP_LABELS.get(who, who)}" if who else "")
                     + (f" ({where})" if where else ""))
    return "; ".join(parts)


def state_reading(checker, u: Unsure, stated):
    """The state of a reading whose one open dimension is where: nationally, or the one state the text names around
    the figure ("New York filled 4,484 of its 5,105 PGY-1 positions, and IMGs took 1,690 of them"). When the stated
    value is that state's value, and not the national one, that is the reading; else None."""
    states = u.open.get("state") or []
    if stated is None or set(u.open) != {"state"} or len(states) != 2 or None not in states or \
            "state" not in METRICS[u.metric].dims or u.known.get("year") is None:
        return None
    code, m = next(v for v in states if v), METRICS[u.metric]
    base = {k: v for k, v in u.known.items() if k != "year" and k in m.dims}

    def value(dims):
        try:
            return checker.fetch(m.primary, dims).values.get(u.known["year"])
        except Exception:  # noqa: BLE001 - a combination the relation cannot select
            return None
    there, nation = value({**base, "state": code}), value(base)
    if there is None or not there.matches(stated) or nation is not None and nation.matches(stated):
        return None
    return code


def year_reading(checker, u: Unsure, stated):
    """The year of a reading whose one open dimension is the year, among the text's candidates ("the nearest earlier
    paragraph names 2026, but the heading above names 2025"), when the data hold the metric for only one of them, the
    latest, and the stated value is that year's value: that year (the other readings cannot be judged at all); else
    None."""
    years = u.open.get("year") or []
    if stated is None or set(u.open) != {"year"} or len(years) < 2:
        return None
    m = METRICS[u.metric]
    try:
        data = checker.fetch(m.primary, {k: v for k, v in u.known.items() if k != "year" and k in m.dims})
    except Exception:  # noqa: BLE001 - a combination the relation cannot select
        return None
    held = [y for y in years if y in data.values]  # (the latest of them: a later year the data lack yet may be the
    # one meant; and a percentage as precise as the data's, not a round "40%")
    return held[0] if len(held) == 1 and held[0] == max(years) and data.values[held[0]].matches(stated) and \
        (stated.decimals >= 1 or not m.percent) else None


# How far a stated figure may be from the data's value under a reading and still be judged "wrong value": the
# errors texts make are near the true figure (a slip of a digit or two, a swapped pair, another year's or level's
# value, each checked for apart); a figure half again as large as the reading's value, or two thirds of it or less
# (for a percentage: twice or half), is far likelier a reading of words the rules do not know than an error, so it
# is not judged (issue 25: on unseen text, two in three of the far ones were true figures read wrongly)
FAR_RATIO = {"percent": 2.0}
FAR_RATIO_DEFAULT = 1.5


def far_from_data(value, data_value: str, percent: bool) -> bool:
    """Whether a stated value is too far from the data's value (as shown) to be judged wrong."""
    try:
        shown = float(data_value.replace(",", "").rstrip("%").strip())
    except ValueError:
        return False
    value = float(value)
    if shown <= 0 or value <= 0:
        return shown != value
    limit = FAR_RATIO.get("percent" if percent else "", FAR_RATIO_DEFAULT)
    return max(value, shown) / min(value, shown) >= limit
