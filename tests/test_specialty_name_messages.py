"""`matchstats report --specialty NAME` says what a typed name is, with the messages of
``pipeline.ingest.specialties.lookup``: ambiguous names list every candidate, fellowships name the
residency that leads to them, misspellings say what they were taken for."""

from __future__ import annotations

import pytest

from tests.helpers import cli
from tests.specialty_home import published_fixture_home


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return published_fixture_home(tmp_path_factory)


@pytest.fixture
def env(published, monkeypatch):
    monkeypatch.setenv("MATCHSTATS_HOME", str(published))
    monkeypatch.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
    return published


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_neuro_is_ambiguous_and_lists_neurology_and_neurological_surgery(env):
    r = cli("report", "--specialty", "neuro")
    out = _flat(r.output)
    assert r.exit_code == 1, r.output
    assert "'neuro' could mean" in out
    assert "Neurology (neurology)" in out and "Neurological Surgery (neurological-surgery)" in out
    assert "not resolved by a guess" in out
    assert "Wrote" not in out and not (env / "reports" / "specialties").exists()


def test_cardiology_is_a_fellowship_of_the_specialties_matching_service(env):
    r = cli("report", "--specialty", "cardiology")
    out = _flat(r.output)
    assert r.exit_code == 1, r.output
    assert "'cardiology' is a fellowship (Cardiovascular Disease)" in out
    assert "Specialties Matching Service" in out
    assert "The residency that leads to it is Internal Medicine (internal-medicine)" in out
    assert "unknown specialty" not in out
    assert not (env / "reports" / "specialties").exists()


def test_a_word_and_a_note_are_said_and_the_report_written(env):
    r = cli("report", "--specialty", "anesth")
    assert r.exit_code == 0, r.output
    assert "Took 'anesth' for Anesthesiology (anesthesiology)." in r.output
    r = cli("report", "--specialty", "prelim IM")
    assert r.exit_code == 0, r.output
    assert "'prelim IM' is Internal Medicine (internal-medicine); preliminary positions" in _flat(r.output)
    assert (env / "reports" / "specialties" / "internal-medicine.html").exists()


def test_an_exact_name_says_nothing_more(env):
    r = cli("report", "--specialty", "Internal Medicine")
    assert r.exit_code == 0, r.output
    assert "Took" not in r.output and " is Internal Medicine" not in r.output
