"""The follow-up list: who has questionnaires open or overdue, for the staff member's own
participants, at a cost that does not grow with the number of participants."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import QuestionnaireResponse
from assessments.selectors import due_participants
from tests.assessments.conftest import BASELINE_INSTRUMENTS, answer_on_web


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_it_lists_open_and_overdue_timepoints_that_are_not_complete(
    enrolled, make_participant, baseline, therapist, other_therapist
):
    overdue = make_participant(consented_at=_ago(40))
    done = make_participant()
    for code in BASELINE_INSTRUMENTS:
        answer_on_web(done, baseline, code)
    make_participant(consented_at=None, status="eligible")  # nothing open yet
    make_participant(status="withdrawn", withdrawn_at=_ago(1))
    make_participant(therapist=other_therapist)
    answer_on_web(enrolled, baseline, "pain_vas")
    rows = due_participants(therapist)
    assert [(r.participant, r.status.timepoint.code, r.status.status) for r in rows] == [
        (overdue, "baseline", "overdue"),
        (enrolled, "baseline", "open"),
    ]
    assert (rows[1].completed, rows[1].total) == (1, 3)


def test_it_filters_by_status_and_timepoint(enrolled, make_participant, therapist):
    overdue = make_participant(consented_at=_ago(40))
    randomized = make_participant(
        consented_at=_ago(200), randomized_at=_ago(190), status="randomized"
    )
    # Most overdue first: the randomized participant's baseline closed long ago.
    assert [r.participant for r in due_participants(therapist, state="overdue")] == [
        randomized,
        overdue,
    ]
    assert [r.participant for r in due_participants(therapist, timepoint_code="m6")] == [randomized]
    on_a_day = due_participants(therapist, today=timezone.localdate() + dt.timedelta(days=60))
    assert {r.status.status for r in on_a_day} == {"overdue"}


def test_the_page_shows_the_rows_with_filters(client, enrolled, make_participant, therapist):
    make_participant(consented_at=_ago(40))
    client.force_login(therapist)
    page = client.get("/staff/follow-up/").content.decode()
    assert enrolled.code in page
    assert "Overdue" in page and "Open" in page
    assert f"/staff/participants/{enrolled.pk}/assessments/" in page
    page = client.get("/staff/follow-up/?state=overdue").content.decode()
    assert enrolled.code not in page
    page = client.get("/staff/follow-up/?timepoint=m6").content.decode()
    assert "Nobody has questionnaires due." in page


def _make_cohort(make_participant, baseline, size):
    for i in range(size):
        participant = make_participant(consented_at=_ago(i % 40))
        if i % 3 == 0:
            QuestionnaireResponse.objects.create(
                participant=participant,
                timepoint=baseline,
                instrument="pain_vas",
                source="web",
                answers={"1": 10},
                completed_at=timezone.now(),
            )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_follow_up_list_costs_the_same_queries_for_5_and_50_participants(
    client, make_participant, baseline, therapist, other_therapist, django_assert_max_num_queries
):
    client.force_login(therapist)
    client.get("/staff/follow-up/")  # warm up: the first request slides the session's idle expiry
    _make_cohort(make_participant, baseline, 5)
    small = _queries(client, "/staff/follow-up/")
    _make_cohort(make_participant, baseline, 45)
    large = _queries(client, "/staff/follow-up/")
    assert small == large
    # session, user, MFA authenticator; timepoint choices for the filter; participants,
    # their timepoints, responses of record; audit row (the session is not rewritten).
    with django_assert_max_num_queries(8):
        client.get("/staff/follow-up/")
