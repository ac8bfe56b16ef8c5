"""Service level: time from each participant message to the first reply, against the limit."""

import time_machine

from tests.therapists.conftest import utc
from therapists.selectors import service_level_for


def test_it_reports_replies_within_the_limit_and_the_median(make_participant, therapist, send):
    participant = make_participant()
    with time_machine.travel(utc(2026, 3, 9, 8), tick=False):  # Monday
        send(participant, participant.user, "Quick one")
    with time_machine.travel(utc(2026, 3, 9, 12), tick=False):  # 4 hours later
        send(participant, therapist, "Answer")
    with time_machine.travel(utc(2026, 3, 10, 8), tick=False):  # Tuesday
        send(participant, participant.user, "Slow one")
    with time_machine.travel(utc(2026, 3, 13, 8), tick=False):  # Friday: 3 working days
        send(participant, therapist, "Late answer")
    with time_machine.travel(utc(2026, 3, 16, 8), tick=False):  # Monday, still unanswered
        send(participant, participant.user, "Waiting")
    with time_machine.travel(utc(2026, 3, 19, 8), tick=False):
        level = service_level_for(therapist)
    assert (level.messages, level.replied, level.within_limit) == (3, 2, 1)
    assert level.within_limit_percent == 50
    assert level.median_hours == (4 + 72) / 2
    assert level.waiting_overdue == 1


def test_it_shows_the_service_level_on_the_caseload(client, make_participant, therapist, send):
    participant = make_participant()
    send(participant, participant.user, "Question")
    send(participant, therapist, "Answer")
    client.force_login(therapist)
    page = client.get("/staff/inbox/").content.decode()
    assert "1 of 1 messages from participants answered" in page
    assert "100% within the time limit" in page
