import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from activity.models import Goal
from activity.services import activity_plan_save, goal_create, visits_ensure
from tests.factories import ParticipantFactory, UserFactory
from trial.models import Arm, Participant


@pytest.fixture
def other_physiotherapist(db):
    return UserFactory(role=Role.PHYSIOTHERAPIST)


@pytest.fixture
def make_participant(physiotherapist):
    """A randomized participant in `physiotherapist`'s caseload, unless told otherwise."""

    def _make(**extra):
        fields = {
            "physiotherapist": physiotherapist,
            "status": Participant.Status.RANDOMIZED,
            "arm": Arm.CONTROL,
            "randomized_at": timezone.now(),
        }
        fields.update(extra)
        return ParticipantFactory(**fields)

    return _make


@pytest.fixture
def plan(participant, physiotherapist):
    plan, _created = activity_plan_save(
        participant=participant,
        by=physiotherapist,
        activities="Brisk walks in the park",
        frequency="Three times a week",
        duration="30 minutes",
        intensity="Moderate",
        weekly_moderate_minutes=90,
    )
    return plan


@pytest.fixture
def visits(participant):
    return visits_ensure(participant=participant)


@pytest.fixture
def main_goal(participant, physiotherapist):
    return goal_create(
        participant=participant,
        kind=Goal.Kind.MAIN,
        description="Walk to work twice a week",
        target_date=timezone.localdate() + dt.timedelta(days=60),
        by=physiotherapist,
    )


@pytest.fixture
def intermediate_goal(participant, physiotherapist):
    return goal_create(
        participant=participant,
        kind=Goal.Kind.INTERMEDIATE,
        description="Walk 15 minutes after lunch",
        by=physiotherapist,
    )
