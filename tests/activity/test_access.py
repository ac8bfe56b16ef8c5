"""Only the participant's physiotherapist (or a coordinator) opens their activity pages; a
participant opens only their own goals. Other people get 404 for ids, 403 for the wrong role."""

import pytest

from accounts.models import AuditEvent
from accounts.roles import Role
from activity.models import ActivityPlan, Goal, GoalRating
from tests.factories import ParticipantFactory, UserFactory

POST_DATA = {
    "activities": "Changed by someone else",
    "weekly_moderate_minutes": "10",
    "weekly_vigorous_minutes": "0",
    "strength_sessions_per_week": "0",
    "number": "2",
    "planned_for": "2030-01-01",
    "held_at": "2026-01-01T10:00",
    "kind": "intermediate",
    "description": "Changed by someone else",
    "rating": "attained",
}


@pytest.fixture
def staff_urls(participant, plan, visits, main_goal):
    base = f"/staff/participants/{participant.pk}/activity/"
    return [
        base,
        f"{base}plan/",
        f"{base}visits/plan/",
        f"{base}visits/{visits[2].pk}/",
        f"{base}goals/new/",
        f"{base}goals/{main_goal.pk}/",
        f"{base}goals/{main_goal.pk}/rating/",
    ]


def _nothing_changed(main_goal):
    assert ActivityPlan.objects.get().activities == "Brisk walks in the park"
    assert Goal.objects.get().description == main_goal.description
    assert not GoalRating.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_gives_another_physiotherapist_404_on_every_url(
    client, staff_urls, other_physiotherapist, main_goal, method
):
    client.force_login(other_physiotherapist)
    # The overview takes GET only and answers POST with 405 whoever asks, revealing nothing.
    for url in staff_urls if method == "get" else staff_urls[1:]:
        response = getattr(client, method)(url, POST_DATA)
        assert response.status_code == 404, url
    _nothing_changed(main_goal)
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_gives_a_therapist_403_even_for_their_own_participant(
    client, staff_urls, therapist, main_goal, method
):
    client.force_login(therapist)  # the participant's own therapist, without the physio role
    for url in [*staff_urls, "/staff/activity/"]:
        assert getattr(client, method)(url, POST_DATA).status_code == 403, url
    _nothing_changed(main_goal)


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.RESEARCHER])
def test_it_gives_participants_and_researchers_403(client, staff_urls, participant, role):
    user = participant.user if role == Role.PARTICIPANT else UserFactory(role=role)
    client.force_login(user)
    for url in [*staff_urls, "/staff/activity/"]:
        assert client.get(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_log_in(client, staff_urls, main_goal):
    for url in [
        *staff_urls,
        "/staff/activity/",
        "/activity/",
        f"/activity/goals/{main_goal.pk}/rating/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_it_lets_a_coordinator_open_every_page(client, staff_urls, coordinator):
    client.force_login(coordinator)
    for url in [*staff_urls, "/staff/activity/"]:
        assert client.get(url).status_code == 200, url


def test_it_gives_404_for_an_id_of_another_participant(
    client, participant, physiotherapist, main_goal, visits
):
    # Both participants are this physiotherapist's, but the goal and visit are not the second's.
    second = ParticipantFactory(physiotherapist=physiotherapist)
    client.force_login(physiotherapist)
    base = f"/staff/participants/{second.pk}/activity/"
    for url in [
        f"{base}visits/{visits[0].pk}/",
        f"{base}goals/{main_goal.pk}/",
        f"{base}goals/{main_goal.pk}/rating/",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, POST_DATA).status_code == 404, url
    assert Goal.objects.get().description == main_goal.description
    assert not GoalRating.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_gives_another_participant_404_for_a_goal(client, main_goal, method):
    client.force_login(ParticipantFactory().user)
    response = getattr(client, method)(f"/activity/goals/{main_goal.pk}/rating/", POST_DATA)
    assert response.status_code == 404
    assert not GoalRating.objects.exists()


def test_it_keeps_staff_off_the_participant_pages(client, physiotherapist, main_goal):
    client.force_login(physiotherapist)
    assert client.get("/activity/").status_code == 403
    assert client.post(f"/activity/goals/{main_goal.pk}/rating/", POST_DATA).status_code == 403


def test_it_lists_only_the_physiotherapists_own_participants(
    client, participant, other_physiotherapist
):
    others = ParticipantFactory(physiotherapist=other_physiotherapist)
    client.force_login(other_physiotherapist)
    page = client.get("/staff/activity/").content.decode()
    assert others.code in page
    assert participant.code not in page
