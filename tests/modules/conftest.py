import datetime as dt
from functools import cache

import pytest
from django.utils import timezone

from modules.content import read_programme
from modules.services import programme_load, programme_release
from tests.factories import ParticipantFactory
from trial.models import Arm, Participant


@cache
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


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)
