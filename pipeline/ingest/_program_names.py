"""Program names compared across editions: a key that ignores case, punctuation, spacing and NRMP's
known abbreviations, so "Gen Surg/Bowling Green" and "General Surgery/Bowling Green" are one name.

NRMP prints one name per program in each edition, abbreviating differently from edition to edition
("Fam Med", "Family Med", "Family Medicine"; "Surg-Prelim", "Surgery-Preliminary"), and the 2019 and
2020 editions clip long names at the column width ("Gen Surg/Integrated Comm & Rura"). ``name_key``
gives the comparable form; whether a clipped name is a prefix of another is for the caller (the
``program_history`` mart) to decide, with the ``name_clipped`` flag the parser records.

Only abbreviations seen in the editions are expanded; spelling corrections ("Opthalmology") and
changed words stay differences.
"""

from __future__ import annotations

import re

# two-word forms first (they decide what an ambiguous word means: "Int Med" is internal medicine,
# "Int Radiology" interventional radiology, "Rad Onc" radiation oncology)
PAIRS = {
    ("int", "med"): "internal medicine", ("int", "medicine"): "internal medicine",
    ("int", "rad"): "interventional radiology", ("int", "radiology"): "interventional radiology",
    ("rad", "onc"): "radiation oncology", ("rad", "oncology"): "radiation oncology",
    ("ob", "gyn"): "obstetrics gynecology", ("pm", "r"): "physical medicine rehabilitation",
    ("primary", "care"): "primary", ("transitional", "year"): "transitional",
    ("surgery", "general"): "general surgery", ("surg", "general"): "general surgery",
    ("farm", "hills"): "farmington hills", ("research", "path"): "research pathway",
}
WORDS = {
    "fam": "family", "med": "medicine", "surg": "surgery", "gen": "general", "prelim": "preliminary",
    "peds": "pediatrics", "psych": "psychiatry", "trans": "transitional", "osteo": "osteopathic",
    "ortho": "orthopaedic", "gyn": "gynecology", "intervent": "interventional", "rad": "radiology",
    "diag": "diagnostic", "onc": "oncology", "phys": "physical", "rehab": "rehabilitation",
    "pmr": "physical medicine rehabilitation", "trk": "track", "integ": "integrated", "yr": "year",
    "neuromusculo": "neuromusculoskeletal", "ctr": "center", "hosp": "hospital", "desig": "designated",
}
DROP = {"and"}


def name_key(name: str | None) -> str:
    """The comparable form of a printed program name (lower case, words only, abbreviations expanded)."""
    if name is None:
        return ""
    text = str(name).casefold().replace("&", " and ")
    text = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", text)  # "1yr" -> "1 yr", "pgy2" -> "pgy 2"
    tokens = [t for t in re.split(r"[^0-9a-z]+", text) if t and t not in DROP]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tuple(tokens[i:i + 2])
        if len(pair) == 2 and pair in PAIRS:
            out.append(PAIRS[pair])
            i += 2
            continue
        out.append(WORDS.get(tokens[i], tokens[i]))
        i += 1
    return " ".join(out)
