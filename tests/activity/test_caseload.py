"""The caseload lists a physiotherapist's participants with plan status, next visit and goals."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activity.models import Goal, Visit
from activity.services import activity_plan_save, goal_create, visits_ensure


def _busy(participant, physiotherapist):
    """A plan, three visits (the first held) and three goals."""
    activity_plan_save(participant=participant, by=physiotherapist, activities="Walking")
    first = visits_ensure(participant=participant)[0]
    Visit.objects.filter(pk=first.pk).update(held_at=participant.randomized_at)
    goal_create(participant=participant, kind="main", description="Main", by=physiotherapist)
    for n in range(2):
        goal_create(
            participant=participant,
            kind="intermediate",
            description=f"Step {n}",
            by=physiotherapist,
        )


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/staff/activity/").status_code == 200
    return len(captured)


def test_it_costs_the_same_queries_for_5_and_50_participants(
    client, make_participant, physiotherapist, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            participant = make_participant()
            if i % 2 == 0:  # half of them busy, half never opened
                _busy(participant, physiotherapist)

    client.force_login(physiotherapist)
    client.get("/staff/activity/")  # the first request of a session writes more
    add(5)
    five = _queries(client)
    add(45)
    fifty = _queries(client)
    assert fifty == five
    # Session, user; allauth's user session (savepoint, read, its user, touch, release); MFA
    # authenticator (middleware); page count; the audit row; one page of participants with
    # plan, next visit and goals as subqueries; session save (savepoint, update, release).
    with django_assert_max_num_queries(14):
        client.get("/staff/activity/")


def test_it_shows_plan_status_next_visit_and_goals(client, make_participant, physiotherapist):
    busy = make_participant()
    _busy(busy, physiotherapist)
    fresh = make_participant(randomized_at=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
    client.force_login(physiotherapist)
    page = client.get("/staff/activity/").content.decode()
    busy_row = page[page.index(busy.code) :].split("</tr>")[0]
    fresh_row = page[page.index(fresh.code) :].split("</tr>")[0]
    assert "Updated" in busy_row
    assert "Visit 2," in busy_row
    assert "3 goals" in busy_row
    assert "no main goal" not in busy_row
    assert "No plan yet" in fresh_row
    assert "Visit 1, 1 March 2026" in fresh_row
    assert "default date" in fresh_row
    assert "0 goals" in fresh_row
    assert "no main goal" in fresh_row


def test_it_says_when_all_visits_were_held(client, make_participant, physiotherapist):
    participant = make_participant()
    for visit in visits_ensure(participant=participant):
        Visit.objects.filter(pk=visit.pk).update(held_at=participant.randomized_at)
    Goal.objects.create(
        participant=participant, kind="main", description="x", set_by=physiotherapist
    )
    client.force_login(physiotherapist)
    assert "All visits held" in client.get("/staff/activity/").content.decode()
