import functools
import json
import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.utils import timezone

from accounts.roles import Role
from assessments.instruments import INSTRUMENTS
from config.celery_app import app as celery_app
from config.devstack import DEMO_INSTRUMENT_TEXTS
from modules.content import read_programme
from modules.services import programme_load, programme_release
from tests.celery_worker import use_broker
from tests.factories import ParticipantFactory, UserFactory
from tests.site_pages import Site
from therapists.models import MessageTemplate
from trial.models import Arm, Participant


@pytest.fixture(autouse=True)
def _fast_hashing_and_clean_cache(settings):
    # Argon2 is deliberately slow; tests that check hashing ask for it themselves.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate-limit counters live in the real Redis cache
    yield
    cache.clear()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) on the real Redis broker.

    Its thread uses its own database connection, so test data must be committed: hence
    transactional_db. Messages left over from other runs are purged first.
    """
    celery_app.loader.import_default_modules()
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield celery_app


@pytest.fixture
def broker_down():
    """Celery's broker unreachable for this test (nothing listens on port 1)."""
    original = celery_app.conf.broker_url
    use_broker(celery_app, "redis://127.0.0.1:1/0")
    yield
    use_broker(celery_app, original)


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


@functools.cache
def _programme_files():
    return read_programme()


@pytest.fixture
def programme(db):
    programme_load(modules=_programme_files())


@pytest.fixture
def make_participant(programme, therapist):
    def _make(*, arm=Arm.INTERVENTION, randomized_at=None, time_zone="Europe/Stockholm", **extra):
        participant = ParticipantFactory(
            arm=arm,
            status=Participant.Status.RANDOMIZED,
            randomized_at=randomized_at or timezone.now(),
            therapist=therapist,
            user__time_zone=time_zone,
            **extra,
        )
        programme_release(participant=participant, now=participant.randomized_at)
        return participant

    return _make


@pytest.fixture
def in_programme(make_participant):
    return make_participant()


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


@pytest.fixture
def licensed_texts(tmp_path, settings):
    """Stand-in item texts for the licensed instruments (tests never ship the real wording)."""
    for code, instrument in INSTRUMENTS.items():
        if instrument.texts_licensed:
            items = {str(n): f"Test item {n} of {code}" for n in instrument.item_numbers}
            (tmp_path / f"{code}.json").write_text(json.dumps({"items": items}))
    settings.INSTRUMENT_TEXTS_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def every_role(make_participant, physiotherapist, coordinator, researcher, settings):
    """A participant in the programme with their care team, a coordinator and a researcher,
    and the ids that fill every URL pattern's arguments (tests/site_pages.py)."""
    settings.INSTRUMENT_TEXTS_DIR = str(DEMO_INSTRUMENT_TEXTS)
    participant = make_participant(physiotherapist=physiotherapist)
    template = MessageTemplate.objects.create(owner=participant.therapist, title="Hej", body="Hej")
    study = participant.study
    return Site(
        users={
            Role.PARTICIPANT: participant.user,
            Role.THERAPIST: participant.therapist,
            Role.PHYSIOTHERAPIST: physiotherapist,
            Role.COORDINATOR: coordinator,
            Role.RESEARCHER: researcher,
        },
        values={
            "participant_id": participant.pk,
            "study_code": study.code,
            "timepoint_code": "baseline",
            "instrument_code": "pain_vas",
            "worksheet_key": "stress-signals",
            "template_id": template.pk,
            "site_id": study.sites.first().pk,
            "timepoint_id": study.timepoints.first().pk,
        },
        data=(study.name, study.code, *study.timepoints.values_list("code", flat=True)),
    )
