import os

import pytest
from django.core.cache import cache

from accounts.roles import Role
from tests.factories import ParticipantFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    # Argon2 is deliberately slow; tests that check hashing ask for it themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate-limit counters live in the real Redis cache
    yield
    cache.clear()


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR)


@pytest.fixture
def therapist(db):
    return UserFactory(role=Role.THERAPIST)


@pytest.fixture
def other_therapist(db):
    return UserFactory(role=Role.THERAPIST)


@pytest.fixture
def physiotherapist(db):
    return UserFactory(role=Role.PHYSIOTHERAPIST)


@pytest.fixture
def researcher(db):
    return UserFactory(role=Role.RESEARCHER)


@pytest.fixture
def participant(db, therapist, physiotherapist):
    return ParticipantFactory(therapist=therapist, physiotherapist=physiotherapist)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test counts as a failure: no test may be skipped for a missing service."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; every test must run in CI.")
        session.exitstatus = 1
