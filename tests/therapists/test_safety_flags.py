"""Risk phrases in what a participant writes raise an urgent flag and tell the therapist."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import AuditEvent
from modules.models import WorksheetAnswer
from notifications.models import Notification
from notifications.services import notification_deliver
from tests.celery_worker import wait_for
from therapists.models import CoverPeriod, SafetyFlag, WorksheetScan
from therapists.safety import risk_phrase_in, worksheets_scan
from therapists.tasks import scan_submitted_worksheets


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Some days I WANT TO DIE.", "WANT TO DIE"),
        ("I thought about suicide", "suicide"),
        ("I could kill   myself\nfor forgetting", "kill myself"),
        ("Jag vill dö ibland", "vill dö"),
        ("Jag har haft SJÄLVMORDSTANKAR", "SJÄLVMORDSTANKAR"),
        ("Jag vill ta livet av mig.", "ta livet av mig"),
        ("My new diet is hard", None),
        ("It is a skill myself and others lack", None),
        ("suicidesquad is a film", None),
        ("", None),
    ],
)
def test_it_matches_phrases_case_insensitively_on_word_boundaries(text, found):
    assert risk_phrase_in(text) == found


def test_it_takes_the_phrases_from_settings(settings):
    settings.SAFETY_RISK_PHRASES = ["give up on everything"]
    assert risk_phrase_in("I want to give up on everything") == "give up on everything"
    assert risk_phrase_in("I want to die") is None


def test_it_flags_a_participant_message_and_tells_the_therapist(
    in_programme, therapist, covering_therapist, send
):
    CoverPeriod.objects.create(
        absent_therapist=therapist,
        covering_therapist=covering_therapist,
        starts_at=timezone.now() - dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1),
        created_by=therapist,
    )
    message = send(in_programme, in_programme.user, "I have been thinking about suicide.")
    flag = SafetyFlag.objects.get()
    assert (flag.participant, flag.message, flag.phrase) == (in_programme, message, "suicide")
    alerted = set(
        Notification.objects.filter(kind="safety_flag").values_list("recipient", flat=True)
    )
    assert alerted == {therapist.pk, covering_therapist.pk}


def test_it_says_nothing_in_the_email_about_what_was_written(in_programme, send, mailoutbox):
    send(in_programme, in_programme.user, "I want to die")
    notification = Notification.objects.get(kind="safety_flag")
    notification_deliver(notification_id=notification.pk)
    assert "die" not in mailoutbox[0].body.lower()
    assert in_programme.code not in mailoutbox[0].body


def test_it_does_not_flag_a_therapist_message(in_programme, therapist, send):
    send(in_programme, therapist, "If you ever think about suicide, call 112.")
    assert not SafetyFlag.objects.exists()


def test_it_scans_each_submitted_worksheet_once(in_programme, submit_worksheet):
    risky = submit_worksheet(in_programme, text="I want to hurt myself when it is like this")
    assert worksheets_scan() == 1
    assert worksheets_scan() == 0
    flag = SafetyFlag.objects.get()
    assert (flag.answer, flag.source, flag.phrase) == (risky, "worksheet", "hurt myself")
    assert WorksheetScan.objects.filter(answer=risky).count() == 1
    assert Notification.objects.filter(kind="safety_flag").count() == 1


def test_it_skips_drafts_and_records_harmless_worksheets(in_programme, submit_worksheet):
    answer = submit_worksheet(in_programme, text="A calm week")
    assert worksheets_scan() == 0
    assert WorksheetScan.objects.filter(answer=answer).exists()
    answer.delete()
    draft = WorksheetAnswer.objects.create(
        participant=in_programme,
        module=answer.module,
        worksheet_key="stress-signals",
        content_version=answer.content_version,
        data={"stress_situation": "I want to die"},
    )
    assert worksheets_scan() == 0
    assert not WorksheetScan.objects.filter(answer=draft).exists()


def test_it_scans_diary_cells_too(in_programme, submit_worksheet):
    answer = submit_worksheet(in_programme)
    answer.data = {"diary": [{"pain": 7, "note": "Ville skada mig själv"}]}
    answer.save()
    assert worksheets_scan() == 1


def test_it_schedules_the_scan_every_few_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["scan-worksheets-for-risk"]
    assert entry["task"] == "therapists.tasks.scan_submitted_worksheets"
    assert entry["schedule"] <= 5 * 60
    assert entry["options"]["expires"] < entry["schedule"]


def test_it_raises_the_flag_through_a_real_worker(celery_worker, in_programme, submit_worksheet):
    submit_worksheet(in_programme, text="Jag orkar inte leva så här")
    scan_submitted_worksheets.delay()
    assert wait_for(lambda: SafetyFlag.objects.filter(participant=in_programme).exists())


def test_it_puts_a_flagged_participant_on_top_until_closed_with_a_note(
    client, make_participant, therapist, send
):
    calm = make_participant()
    send(calm, calm.user, "A normal question")
    urgent = make_participant()
    send(urgent, urgent.user, "I want to end my life")
    client.force_login(therapist)
    page = client.get("/staff/inbox/").content.decode()
    assert 'class="flag flag-safety"' in page
    assert page.index(urgent.code) < page.index(calm.code)
    flag = SafetyFlag.objects.get()
    url = f"/staff/safety-flags/{flag.pk}/resolve"
    client.post(url, {"note": ""})
    flag.refresh_from_db()
    assert flag.resolved_at is None
    client.post(url, {"note": "Phoned; safety plan agreed."})
    flag.refresh_from_db()
    assert (flag.resolved_by, flag.resolution_note) == (therapist, "Phoned; safety plan agreed.")
    assert AuditEvent.objects.filter(action="update", object_id=str(flag.pk)).exists()
    page = client.get("/staff/inbox/").content.decode()
    assert 'class="flag flag-safety"' not in page


def test_it_says_messages_are_not_read_around_the_clock(client, in_programme, settings):
    client.force_login(in_programme.user)
    page = client.get("/me/messages/").content.decode()
    assert "Messages are not read around the clock" in page
    assert 'href="tel:112"' in page and 'href="tel:1177"' in page
    settings.EMERGENCY_NUMBERS = [("911", "Emergency")]
    page = client.get("/me/messages/").content.decode()
    assert 'href="tel:911"' in page
