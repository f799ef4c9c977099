"""A MATCHSTATS_HOME with the made-up specialty data of tests/specialty_fixture.py published, for the test
modules that run ``matchstats report --specialty`` on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.specialty_fixture import publish_fixture


def published_fixture_home(tmp_path_factory) -> Path:
    """A new home with the fixture data published (no reports written), for a module-scoped fixture: the
    pipeline run takes seconds, so a module publishes once. MATCHSTATS_HOME points at it (and no raw mirror
    is used) only while it is published; a test sets its own."""
    from tests.conftest import make_home

    home = make_home(tmp_path_factory.mktemp("published"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MATCHSTATS_HOME", str(home))
        mp.delenv("MATCHSTATS_RAW_MIRROR", raising=False)
        publish_fixture(home)
    return home
