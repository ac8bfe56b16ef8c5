"""Bad input comes back as a clear message on the form, never as a server error."""

import datetime as dt

import pytest
from django.utils import timezone

from activity.models import ActivityPlan, Goal, Visit

PLAN = {
    "activities": "Walking",
    "weekly_moderate_minutes": "150",
    "weekly_vigorous_minutes": "0",
    "strength_sessions_per_week": "2",
}


@pytest.fixture
def staff(client, physiotherapist):
    client.force_login(physiotherapist)
    return client


def _errors(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"activities": ""}, "Describe the activities of the plan."),
        ({"activities": "x" * 2001}, "Ensure this value has at most 2000 characters"),
        ({"frequency": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"weekly_moderate_minutes": "2001"}, "Give a number of minutes from 0 to 2000."),
        ({"weekly_vigorous_minutes": "-5"}, "Give a number of minutes from 0 to 2000."),
        ({"weekly_moderate_minutes": "lots"}, "Give a number of minutes from 0 to 2000."),
        ({"weekly_moderate_minutes": ""}, "Give a number of minutes from 0 to 2000."),
        ({"strength_sessions_per_week": "15"}, "Give a number of sessions from 0 to 14."),
    ],
)
def test_it_explains_a_bad_plan(staff, participant, change, message):
    response = staff.post(
        f"/staff/participants/{participant.pk}/activity/plan/", {**PLAN, **change}
    )
    assert message in _errors(response)
    assert not ActivityPlan.objects.exists()


def test_it_accepts_the_limits(staff, participant):
    data = {**PLAN, "weekly_moderate_minutes": "2000", "weekly_vigorous_minutes": "0"}
    response = staff.post(f"/staff/participants/{participant.pk}/activity/plan/", data)
    assert response.status_code == 302
    assert ActivityPlan.objects.get().weekly_moderate_minutes == 2000


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "main", "description": ""}, "Describe the goal."),
        ({"kind": "main", "description": "   "}, "Describe the goal."),
        ({"kind": "main", "description": "x" * 1001}, "at most 1000 characters"),
        ({"kind": "best", "description": "Walk"}, "Select a valid choice."),
        (
            {"kind": "main", "description": "Walk", "target_date": "2026-02-30"},
            "Enter a valid date.",
        ),
    ],
)
def test_it_explains_a_bad_goal(staff, participant, data, message):
    response = staff.post(f"/staff/participants/{participant.pk}/activity/goals/new/", data)
    assert message in _errors(response)
    assert not Goal.objects.exists()


def test_it_refuses_a_target_date_in_the_past(staff, participant):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = staff.post(
        f"/staff/participants/{participant.pk}/activity/goals/new/",
        {"kind": "main", "description": "Walk", "target_date": yesterday.isoformat()},
    )
    assert "The target date cannot be in the past." in _errors(response)


def test_it_keeps_a_target_date_that_has_passed_since_it_was_set(staff, main_goal):
    passed = timezone.localdate() - dt.timedelta(days=3)
    Goal.objects.filter(pk=main_goal.pk).update(target_date=passed)
    response = staff.post(
        f"/staff/participants/{main_goal.participant.pk}/activity/goals/{main_goal.pk}/",
        {"description": "Walk to work", "target_date": passed.isoformat()},
    )
    assert response.status_code == 302
    main_goal.refresh_from_db()
    assert (main_goal.description, main_goal.target_date) == ("Walk to work", passed)


@pytest.mark.parametrize("number", ["0", "4", "two", ""])
def test_it_explains_a_bad_visit_number(staff, participant, number):
    response = staff.post(
        f"/staff/participants/{participant.pk}/activity/visits/plan/",
        {"number": number, "planned_for": "2030-01-01"},
    )
    assert "Choose visit 1, 2 or 3." in _errors(response)


def test_it_explains_a_visit_in_the_future_or_a_bad_time(staff, participant, visits):
    url = f"/staff/participants/{participant.pk}/activity/visits/{visits[0].pk}/"
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    response = staff.post(url, {"held_at": tomorrow.strftime("%Y-%m-%dT%H:%M")})
    assert "The visit cannot be in the future." in _errors(response)
    assert "Enter a valid date/time." in _errors(staff.post(url, {"held_at": "yesterday-ish"}))
    assert "Give the date and time the visit was held." in _errors(staff.post(url, {}))
    assert Visit.objects.filter(held_at__isnull=False).count() == 0


def test_it_does_not_plan_a_visit_that_was_held(staff, participant, visits):
    Visit.objects.filter(pk=visits[0].pk).update(held_at=timezone.now())
    response = staff.post(
        f"/staff/participants/{participant.pk}/activity/visits/plan/",
        {"number": "1", "planned_for": "2030-01-01"},
    )
    assert "Visit 1 has already been held" in _errors(response)


def test_it_answers_a_non_numeric_id_with_404(staff, participant):
    response = staff.get(f"/staff/participants/{participant.pk}/activity/goals/abc/")
    assert response.status_code == 404
