import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from activity.models import Goal
from activity.services import ActivityError, goal_create


def test_it_allows_one_main_goal_and_several_intermediate_ones(participant, physiotherapist):
    goal_create(participant=participant, kind="main", description="Main", by=physiotherapist)
    for n in range(3):
        goal_create(
            participant=participant,
            kind="intermediate",
            description=f"Step {n}",
            by=physiotherapist,
        )
    with pytest.raises(ActivityError, match="already has a main goal"):
        goal_create(participant=participant, kind="main", description="Another", by=physiotherapist)
    assert participant.activity_goals.filter(kind="main").count() == 1
    assert participant.activity_goals.filter(kind="intermediate").count() == 3


def test_it_is_backed_by_a_unique_partial_index(participant, make_participant, physiotherapist):
    Goal.objects.create(
        participant=participant, kind="main", description="A", set_by=physiotherapist
    )
    # Another participant has a main goal of their own.
    Goal.objects.create(
        participant=make_participant(), kind="main", description="B", set_by=physiotherapist
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(
            participant=participant, kind="main", description="C", set_by=physiotherapist
        )


def test_it_adds_a_goal_from_the_page_and_audits_it(client, participant, physiotherapist):
    client.force_login(physiotherapist)
    target = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        f"/staff/participants/{participant.pk}/activity/goals/new/",
        {"kind": "main", "description": "Cycle to the shop", "target_date": target.isoformat()},
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.kind, goal.description, goal.target_date) == ("main", "Cycle to the shop", target)
    assert goal.set_by == physiotherapist
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE)
    assert (event.participant, event.object_type, event.object_id) == (
        participant.user,
        "activity.Goal",
        str(goal.pk),
    )


def test_it_explains_that_there_is_already_a_main_goal(client, main_goal, physiotherapist):
    client.force_login(physiotherapist)
    response = client.post(
        f"/staff/participants/{main_goal.participant.pk}/activity/goals/new/",
        {"kind": "main", "description": "A second main goal"},
    )
    assert response.status_code == 200
    assert "There is already a main goal" in response.content.decode()
    assert Goal.objects.count() == 1


def test_it_keeps_the_kind_when_a_goal_is_changed(client, main_goal, physiotherapist):
    client.force_login(physiotherapist)
    response = client.post(
        f"/staff/participants/{main_goal.participant.pk}/activity/goals/{main_goal.pk}/",
        {"kind": "intermediate", "description": "Walk to work three times a week"},
    )
    assert response.status_code == 302
    main_goal.refresh_from_db()
    assert main_goal.kind == "main"
    assert main_goal.description == "Walk to work three times a week"
    assert main_goal.target_date is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == 1
