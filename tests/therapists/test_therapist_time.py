"""Therapist time per participant and ISO week: heartbeats from their pages, hand corrections."""

import time_machine

from accounts.models import AuditEvent
from tests.therapists.conftest import utc
from therapists.care import therapist_time_add
from therapists.models import TherapistTime


def _beat(client, participant, seconds):
    return client.post(f"/staff/participants/{participant.pk}/time/beat", {"seconds": seconds})


def test_it_adds_up_heartbeats_per_week(client, participant, therapist):
    client.force_login(therapist)
    with time_machine.travel(utc(2026, 3, 11, 10), tick=False):
        assert _beat(client, participant, "15").status_code == 204
        assert _beat(client, participant, "15").status_code == 204
    record = TherapistTime.objects.get()
    assert (record.iso_year, record.iso_week, record.tracked_seconds) == (2026, 11, 30)


def test_it_clips_or_refuses_a_large_or_bad_claim(client, participant, therapist):
    client.force_login(therapist)
    _beat(client, participant, "3600")
    _beat(client, participant, "-50")
    assert _beat(client, participant, "lots").status_code == 400
    assert TherapistTime.objects.get().tracked_seconds == 60


def test_it_counts_weeks_on_the_therapists_calendar(participant, therapist):
    therapist.time_zone = "Europe/Stockholm"
    therapist.save()
    # Sunday 23:30 UTC is already Monday in Stockholm: week 12, not 11.
    therapist_time_add(
        therapist=therapist, participant=participant, seconds=10, at=utc(2026, 3, 15, 23, 30)
    )
    assert TherapistTime.objects.get().iso_week == 12


def test_it_puts_the_heartbeat_on_the_therapists_pages(client, participant, therapist):
    client.force_login(therapist)
    for path in ("messages/", "notes/", "time/"):
        page = client.get(f"/staff/participants/{participant.pk}/{path}").content.decode()
        assert f'data-heartbeat-url="/staff/participants/{participant.pk}/time/beat"' in page
        assert "js/heartbeat.js" in page


def test_it_corrects_a_week_by_hand_keeping_the_counted_time(client, participant, therapist):
    client.force_login(therapist)
    with time_machine.travel(utc(2026, 3, 11, 10), tick=False):
        _beat(client, participant, "45")
        response = client.post(
            f"/staff/participants/{participant.pk}/time/", {"week": "2026-W11", "minutes": "20"}
        )
        page = client.get(f"/staff/participants/{participant.pk}/time/").content.decode()
    assert response.status_code == 302
    record = TherapistTime.objects.get()
    assert (record.tracked_seconds, record.adjustment_seconds) == (45, 20 * 60 - 45)
    assert record.total_seconds == 20 * 60
    assert record.adjusted_by == therapist
    assert AuditEvent.objects.filter(action="update", object_id=str(record.pk)).exists()
    assert "2026-W11" in page


def test_it_refuses_a_bad_week_or_minutes(client, participant, therapist):
    client.force_login(therapist)
    url = f"/staff/participants/{participant.pk}/time/"
    for data in ({"week": "2026-W60", "minutes": "5"}, {"week": "2026-W10", "minutes": "-5"}):
        assert client.post(url, data).status_code == 200
    assert not TherapistTime.objects.exists()
