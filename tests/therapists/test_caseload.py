"""The caseload: figures and flags per participant, most urgent first, filters and search."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AuditEvent
from assessments.models import QuestionnaireResponse, Score, Source
from modules.models import ModuleProgress, ProgrammeEnrolment
from tests.therapists.conftest import utc
from therapists.caseload import Priority, caseload_filtered, caseload_for, caseload_row
from therapists.services import thread_mark_handled
from trial.models import Participant, Timepoint

# Wednesday 11 March 2026, 13:00 in Stockholm.
NOW = utc(2026, 3, 11, 12)
URL = "/staff/inbox/"


def score(participant, timepoint, instrument, scale, value):
    response = QuestionnaireResponse.objects.create(
        participant=participant,
        timepoint=Timepoint.objects.get(study=participant.study, code=timepoint),
        instrument=instrument,
        source=Source.WEB,
        completed_at=timezone.now(),
    )
    Score.objects.create(
        response=response, scale=scale, value=value, missing_items=0, rule_version="test"
    )


@pytest.fixture
def triage(make_participant, therapist, send, submit_worksheet):
    """One participant per flag, made on Tuesday and worked on until Wednesday."""
    with time_machine.travel(utc(2026, 3, 10, 8), tick=False):
        people = {name: make_participant() for name in ("calm", "worse", "inactive", "feedback")}
        people |= {name: make_participant() for name in ("waiting", "overdue", "safety")}
    with time_machine.travel(utc(2026, 3, 9, 8), tick=False):  # Monday 09:00 local
        send(people["overdue"], people["overdue"].user, "Are you there?")
    with time_machine.travel(utc(2026, 3, 11, 9), tick=False):
        send(people["waiting"], people["waiting"].user, "A question")
        send(people["safety"], people["safety"].user, "Some days I want to die.")
        submit_worksheet(people["feedback"])
    ProgrammeEnrolment.objects.filter(participant=people["inactive"]).update(
        last_activity_at=NOW - dt.timedelta(days=10)
    )
    score(people["worse"], "baseline", "hads", "depression", 6)
    score(people["worse"], "m6", "hads", "depression", 9)
    return people


def _codes(queryset):
    return [p.code for p in queryset]


def test_it_puts_the_urgent_first(triage, therapist):
    with time_machine.travel(NOW, tick=False):
        rows = list(caseload_for(therapist))
    order = ["safety", "overdue", "waiting", "feedback", "inactive", "worse", "calm"]
    assert _codes(rows) == [triage[name].code for name in order]
    assert [row.priority for row in rows] == [
        Priority.SAFETY,
        Priority.OVERDUE,
        Priority.AWAITING_REPLY,
        Priority.FEEDBACK,
        Priority.INACTIVE,
        Priority.WORSE,
        Priority.NONE,
    ]


def test_it_shows_each_flag_on_the_page(client, triage, therapist):
    client.force_login(therapist)
    with time_machine.travel(NOW, tick=False):
        html = client.get(URL).content.decode()
    for text in (
        "Safety flag",
        "Reply overdue",
        "Awaiting reply",
        "1 worksheet awaiting feedback",
        "Inactive for 10 days",
        "Questionnaire score worse than at baseline",
    ):
        assert text in html
    assert html.index(triage["safety"].code) < html.index(triage["calm"].code)


def test_it_counts_modules_activity_and_my_last_message(make_participant, therapist, send):
    participant = make_participant()
    ModuleProgress.objects.filter(participant=participant).update(completed_at=timezone.now())
    with time_machine.travel(utc(2026, 3, 8, 10), tick=False):
        send(participant, therapist, "Checking in")
    with time_machine.travel(utc(2026, 3, 10, 10), tick=False):
        send(participant, participant.user, "Thanks")
    with time_machine.travel(NOW, tick=False):
        row = caseload_row(therapist, participant)
    assert row.modules_completed == 1
    assert row.my_last_message_at == utc(2026, 3, 8, 10)
    assert row.last_activity_at == utc(2026, 3, 10, 10)
    assert row.unread_messages == 1


def test_it_shows_days_since_my_last_message(client, make_participant, therapist, send):
    participant = make_participant()
    with time_machine.travel(utc(2026, 3, 8, 10), tick=False):
        send(participant, therapist, "Checking in")
    client.force_login(therapist)
    with time_machine.travel(NOW, tick=False):
        html = client.get(URL).content.decode()
    assert "3 days ago" in html


def test_it_flags_a_reply_overdue_after_two_working_days_not_counting_the_weekend(
    make_participant, therapist, send
):
    participant = make_participant()
    with time_machine.travel(utc(2026, 3, 6, 14), tick=False):  # Friday 15:00 local
        send(participant, participant.user, "Before the weekend")
    with time_machine.travel(utc(2026, 3, 10, 13), tick=False):  # Tuesday 14:00 local
        assert not caseload_row(therapist, participant).is_overdue
    with time_machine.travel(utc(2026, 3, 10, 14, 1), tick=False):  # Tuesday 15:01
        assert caseload_row(therapist, participant).is_overdue


def test_it_takes_the_reply_limit_from_settings(settings, make_participant, therapist, send):
    settings.REPLY_WITHIN_WORKING_DAYS = 1
    participant = make_participant()
    with time_machine.travel(utc(2026, 3, 9, 8), tick=False):
        send(participant, participant.user, "Monday morning")
    with time_machine.travel(utc(2026, 3, 10, 9), tick=False):
        assert caseload_row(therapist, participant).is_overdue


def test_it_flags_a_worksheet_until_feedback_is_given_or_the_thread_handled(
    make_participant, therapist, send, submit_worksheet
):
    participant = make_participant()
    answer = submit_worksheet(participant)
    assert caseload_row(therapist, participant).worksheets_waiting == 1
    send(participant, therapist, "Well done", worksheet_answer=answer)
    assert caseload_row(therapist, participant).worksheets_waiting == 0
    other = make_participant()
    submit_worksheet(other)
    thread_mark_handled(participant=other, by=therapist)
    assert caseload_row(therapist, other).worksheets_waiting == 0


def test_it_flags_inactivity_by_the_setting(settings, make_participant, therapist):
    participant = make_participant()
    ProgrammeEnrolment.objects.filter(participant=participant).update(
        last_activity_at=timezone.now() - dt.timedelta(days=4)
    )
    assert not caseload_row(therapist, participant).is_inactive
    settings.INACTIVE_DAYS = 3
    assert caseload_row(therapist, participant).is_inactive


def test_it_does_not_flag_a_paused_programme_inactive(make_participant, therapist):
    participant = make_participant()
    ProgrammeEnrolment.objects.filter(participant=participant).update(
        last_activity_at=timezone.now() - dt.timedelta(days=30), paused_at=timezone.now()
    )
    assert not caseload_row(therapist, participant).is_inactive


@pytest.mark.parametrize(
    ("instrument", "scale", "baseline", "later", "worse"),
    [
        ("hads", "anxiety", 8, 10, True),
        ("hads", "anxiety", 8, 9, False),  # below the configured step of 2
        ("hads", "depression", 8, 5, False),  # better
        ("pain_vas", "score", 40, 55, True),
        ("pain_vas", "score", 40, 45, False),
    ],
)
def test_it_flags_scores_worse_than_baseline(
    make_participant, therapist, instrument, scale, baseline, later, worse
):
    participant = make_participant()
    score(participant, "baseline", instrument, scale, baseline)
    score(participant, "m6", instrument, scale, later)
    assert caseload_row(therapist, participant).worse_than_baseline is worse


def test_it_ignores_a_later_questionnaire_not_sent(make_participant, therapist):
    participant = make_participant()
    score(participant, "baseline", "hads", "anxiety", 5)
    score(participant, "m6", "hads", "anxiety", 15)
    QuestionnaireResponse.objects.filter(timepoint__code="m6").update(completed_at=None)
    assert not caseload_row(therapist, participant).worse_than_baseline


def test_it_filters_by_flag_and_searches_by_code(client, triage, therapist):
    with time_machine.travel(NOW, tick=False):
        caseload = caseload_for(therapist)
        assert _codes(caseload_filtered(caseload, "safety")) == [triage["safety"].code]
        assert _codes(caseload_filtered(caseload, "feedback")) == [triage["feedback"].code]
        assert _codes(caseload_filtered(caseload, "overdue")) == [triage["overdue"].code]
        assert len(caseload_filtered(caseload, "attention")) == 6
        code = triage["calm"].code
        assert _codes(caseload_for(therapist, search=code[-5:].lower())) == [code]
        client.force_login(therapist)
        html = client.get(URL, {"flag": "inactive"}).content.decode()
    assert triage["inactive"].code in html
    assert triage["calm"].code not in html
    assert "Inactive (1)" in html


def test_it_leaves_withdrawn_participants_out_unless_asked(client, make_participant, therapist):
    participant = make_participant()
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    client.force_login(therapist)
    assert participant.code not in client.get(URL).content.decode()
    assert participant.code in client.get(URL, {"withdrawn": "1"}).content.decode()


def test_it_writes_an_audit_row_for_the_list(client, therapist, in_programme):
    client.force_login(therapist)
    client.get(URL)
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.participant) == (therapist, "view", None)
