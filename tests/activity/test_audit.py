"""Every staff page of a participant's activity data leaves an audit row."""

import pytest
from django.utils import timezone

from accounts.models import AuditEvent


@pytest.fixture
def base(participant):
    return f"/staff/participants/{participant.pk}/activity/"


def _last():
    return AuditEvent.objects.order_by("-id").first()


def test_it_audits_every_page_view(
    client, physiotherapist, participant, plan, visits, main_goal, base
):
    client.force_login(physiotherapist)
    pages = {
        base: ("activity.ActivityPlan", plan.pk),
        f"{base}plan/": ("activity.ActivityPlan", plan.pk),
        f"{base}visits/plan/": ("trial.Participant", participant.pk),
        f"{base}visits/{visits[0].pk}/": ("activity.Visit", visits[0].pk),
        f"{base}goals/new/": ("trial.Participant", participant.pk),
        f"{base}goals/{main_goal.pk}/": ("activity.Goal", main_goal.pk),
        f"{base}goals/{main_goal.pk}/rating/": ("activity.Goal", main_goal.pk),
    }
    for url, (object_type, object_id) in pages.items():
        assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200
        event = _last()
        assert (event.action, event.actor, event.actor_role) == (
            "view",
            physiotherapist,
            "physiotherapist",
        )
        assert (event.participant, event.object_type, event.object_id) == (
            participant.user,
            object_type,
            str(object_id),
        )
        assert (event.path, event.ip_address) == (url, "10.1.2.3")
    assert AuditEvent.objects.count() == len(pages)


def test_it_audits_the_caseload_list_once(client, physiotherapist, participant):
    client.force_login(physiotherapist)
    client.get("/staff/activity/")
    event = AuditEvent.objects.get()
    assert (event.action, event.participant, event.path) == ("view", None, "/staff/activity/")


def test_it_audits_creating_and_changing_the_plan(client, physiotherapist, participant, base):
    client.force_login(physiotherapist)
    data = {
        "activities": "Swimming",
        "weekly_moderate_minutes": "60",
        "weekly_vigorous_minutes": "0",
        "strength_sessions_per_week": "1",
    }
    client.post(f"{base}plan/", data)
    created = _last()
    assert (created.action, created.object_type) == ("create", "activity.ActivityPlan")
    client.post(f"{base}plan/", {**data, "activities": "Swimming and walking"})
    updated = _last()
    assert (updated.action, updated.object_id) == ("update", created.object_id)
    plan = participant.activity_plan
    plan.refresh_from_db()
    assert plan.activities == "Swimming and walking"


def test_it_audits_planning_and_recording_a_visit(client, physiotherapist, visits, base):
    client.force_login(physiotherapist)
    client.post(f"{base}visits/plan/", {"number": "2", "planned_for": "2030-05-01"})
    assert (_last().action, _last().object_id) == ("update", str(visits[1].pk))
    held_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.post(f"{base}visits/{visits[0].pk}/", {"held_at": held_at, "notes": "Fine"})
    assert (_last().action, _last().object_id) == ("update", str(visits[0].pk))


def test_a_form_with_errors_is_audited_as_a_view_only(client, physiotherapist, base):
    client.force_login(physiotherapist)
    response = client.post(f"{base}goals/new/", {"kind": "main", "description": ""})
    assert response.status_code == 200
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["view"]
