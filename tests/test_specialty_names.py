"""Names people type (issue 27 item 3): short names resolve, ambiguous ones are never guessed, fellowships are
named as such, and suggestions are ranked by word starts first, then by similarity (none for gibberish)."""

from __future__ import annotations

import pytest

from pipeline.ingest.specialties import crosswalk, fellowship, lookup, suggest

RESOLVED = {
    "family med": ("family-medicine", "exact"),
    "Family": ("family-medicine", "word"),
    "rads": ("radiology-diagnostic", "exact"),
    "vascular": ("vascular-surgery-integrated", "word"),
    "prelim surgery": ("surgery", "exact"),
    "Preliminary Surgery": ("surgery", "exact"),
    "internal": ("internal-medicine", "word"),
    "IM": ("internal-medicine", "exact"),
    "internal medecine": ("internal-medicine", "guess"),
}


@pytest.mark.parametrize("typed", list(RESOLVED))
def test_names_people_type_resolve(typed):
    cw = crosswalk()
    hit = lookup(typed, cw)
    assert (hit.sid, hit.kind) == RESOLVED[typed]
    # the report's resolution (search, then best_guess) takes the same names
    assert (cw.search(typed) or cw.best_guess(typed)) == RESOLVED[typed][0]


def test_prelim_surgery_resolves_with_a_note_about_preliminary_positions():
    hit = lookup("prelim surgery")
    assert hit.sid == "surgery" and "preliminary positions" in hit.note
    assert "program type P" in hit.message(crosswalk().names)


def test_neuro_is_ambiguous_and_lists_both_never_a_guess():
    cw = crosswalk()
    hit = lookup("neuro", cw)
    assert hit.kind == "ambiguous" and hit.sid is None
    assert hit.candidates[:2] == ["neurology", "neurological-surgery"]
    msg = hit.message(cw.names)
    assert "could mean" in msg and "Neurology (neurology)" in msg and "Neurological Surgery" in msg
    assert "not resolved by a guess" in msg
    # the report's path does not guess either, and suggests the two first (not Urology)
    assert cw.best_guess("neuro") is None
    assert cw.closest("neuro")[:2] == ["neurology", "neurological-surgery"]


@pytest.mark.parametrize("typed,after", [("cardiology", "internal-medicine"), ("GI", "internal-medicine"),
                                         ("gastroenterology", "internal-medicine"),
                                         ("pulmonary critical care", "internal-medicine"),
                                         ("hem/onc", "internal-medicine"), ("Heme-Onc", "internal-medicine"),
                                         ("neonatology", "pediatrics")])
def test_fellowships_say_they_are_not_in_the_main_match(typed, after):
    cw = crosswalk()
    hit = lookup(typed, cw)
    assert hit.kind == "fellowship" and hit.sid is None and hit.fellowship.after_id == after
    msg = hit.message(cw.names)
    assert "not a Main Residency Match specialty" in msg and "Specialties Matching Service" in msg
    assert "Radiology" not in msg
    assert cw.closest(typed) == [] and cw.best_guess(typed) is None


def test_a_fellowship_name_shared_with_a_residency_names_the_residency_too():
    hit = lookup("oncology")
    assert hit.kind == "fellowship" and hit.suggestions == ["radiation-oncology"]


def test_gibberish_gets_no_suggestion():
    cw = crosswalk()
    hit = lookup("asdfgh", cw)
    assert hit.kind == "unknown" and hit.suggestions == []
    assert "no specialty name is close" in hit.message(cw.names)
    assert cw.closest("asdfgh") == [] and suggest(cw, "qwxz") == []


def test_suggestions_rank_word_starts_before_similarity():
    cw = crosswalk()
    # "surgical" begins no word: by similarity, Surgery first
    assert cw.closest("Surgical")[:2] == ["surgery", "neurological-surgery"]
    # "ped" begins Pediatrics before the combined programs that contain it
    assert lookup("pedi", cw).sid == "pediatrics"
    # a misspelling: the most similar name first
    assert suggest(cw, "urologyy")[0] == "urology"
    # "rad" begins four names: ambiguous, the diagnostic radiology first
    hit = lookup("rad", cw)
    assert hit.kind == "ambiguous" and hit.candidates[0] == "radiology-diagnostic"


def test_path_like_text_is_never_resolved_loosely():
    cw = crosswalk()
    for t in ("../neuro", "family.html", "/tmp/cardiology"):
        hit = lookup(t, cw)
        assert hit.sid is None and hit.kind == "unknown" and hit.suggestions == [], t
    assert fellowship("../cardiology") is None
