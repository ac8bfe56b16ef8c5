"""Reminder rules: what each occasion queues, once, in waking hours, and never for the withdrawn."""

import datetime as dt

from activity.services import visit_reminders_queue, visits_ensure
from modules.models import ProgrammeEnrolment
from modules.services import inactivity_reminders_queue, module_open_early
from notifications.models import Notification
from trial.models import Participant


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


def _idle_since(participant, moment):
    ProgrammeEnrolment.objects.filter(participant=participant).update(last_activity_at=moment)


def test_an_opened_module_queues_one_reminder_in_waking_hours(make_participant, therapist):
    # Randomized at 03:00 UTC = 04:00 in Stockholm: module 1 opens, the email waits until 09:00.
    participant = make_participant(randomized_at=utc(2026, 1, 12, 3))
    reminder = Notification.objects.get(kind="module_unlocked")
    assert reminder.recipient == participant.user
    assert reminder.due_at == utc(2026, 1, 12, 8)
    module_open_early(participant=participant, by=therapist)
    assert Notification.objects.filter(kind="module_unlocked").count() == 2


def test_a_study_can_turn_module_reminders_off(make_participant, study_policy):
    study_policy.module_unlocked = False
    study_policy.save()
    make_participant()
    assert not Notification.objects.filter(kind="module_unlocked").exists()


def test_inactivity_reminders_escalate_then_stop(make_participant):
    participant = make_participant(randomized_at=utc(2026, 1, 1, 9))
    _idle_since(participant, utc(2026, 1, 2, 10))
    assert inactivity_reminders_queue(now=utc(2026, 1, 4, 12)) == 0  # 2 days idle
    assert inactivity_reminders_queue(now=utc(2026, 1, 5, 12)) == 1  # 3 days
    assert inactivity_reminders_queue(now=utc(2026, 1, 6, 12)) == 0  # still step 1: already sent
    assert inactivity_reminders_queue(now=utc(2026, 1, 9, 12)) == 1  # 7 days
    assert inactivity_reminders_queue(now=utc(2026, 1, 16, 12)) == 1  # 14 days
    assert inactivity_reminders_queue(now=utc(2026, 2, 20, 12)) == 0  # stopped after 3
    references = sorted(
        Notification.objects.filter(kind="inactivity").values_list("reference", flat=True)
    )
    assert [r.rsplit(":", 1)[1] for r in references] == ["1", "2", "3"]


def test_editing_the_rule_does_not_resend(make_participant, study_policy):
    participant = make_participant(randomized_at=utc(2026, 1, 1, 9))
    _idle_since(participant, utc(2026, 1, 2, 10))
    assert inactivity_reminders_queue(now=utc(2026, 1, 5, 12)) == 1
    study_policy.inactivity_days = [2, 10, 20]
    study_policy.save()
    assert inactivity_reminders_queue(now=utc(2026, 1, 5, 13)) == 0


def test_new_activity_starts_a_new_spell(make_participant):
    participant = make_participant(randomized_at=utc(2026, 1, 1, 9))
    _idle_since(participant, utc(2026, 1, 2, 10))
    inactivity_reminders_queue(now=utc(2026, 1, 5, 12))
    _idle_since(participant, utc(2026, 1, 6, 10))
    assert inactivity_reminders_queue(now=utc(2026, 1, 9, 12)) == 1


def test_withdrawn_and_paused_participants_get_none(make_participant, therapist):
    from modules.services import programme_pause

    withdrawn, paused = make_participant(), make_participant()
    Participant.objects.filter(pk=withdrawn.pk).update(status=Participant.Status.WITHDRAWN)
    programme_pause(participant=paused, by=therapist)
    for participant in (withdrawn, paused):
        _idle_since(participant, utc(2026, 1, 2, 10))
    assert inactivity_reminders_queue(now=utc(2026, 1, 20, 12)) == 0


def test_visit_reminders_come_the_day_before_in_local_time(make_participant):
    participant = make_participant(randomized_at=utc(2026, 3, 1, 9))
    visits = visits_ensure(participant=participant)
    second = next(v for v in visits if v.number == 2)  # 29 March, the day summer time starts
    assert second.planned_for == dt.date(2026, 3, 29)
    # 23:30 UTC on 27 March is already the 28th in Stockholm: one day before the visit.
    assert visit_reminders_queue(now=utc(2026, 3, 27, 23, 30)) == 1
    assert visit_reminders_queue(now=utc(2026, 3, 28, 8)) == 0
    reminder = Notification.objects.get(kind="visit_reminder")
    assert reminder.due_at == utc(2026, 3, 28, 8)  # 09:00 CET


def test_no_visit_reminder_once_held_or_withdrawn(make_participant):
    participant = make_participant(randomized_at=utc(2026, 3, 1, 9))
    visits_ensure(participant=participant)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    assert visit_reminders_queue(now=utc(2026, 3, 28, 8)) == 0


def test_questionnaire_reminders_repeat_until_done_or_closed(db, study_policy):
    from assessments.reminders import questionnaire_reminders_queue
    from tests.factories import ParticipantFactory

    participant = ParticipantFactory(
        status=Participant.Status.CONSENTED, consented_at=utc(2026, 1, 10, 12)
    )
    # Baseline opens at midnight of 10 January in Stockholm and stays open 28 days.
    assert questionnaire_reminders_queue(now=utc(2026, 1, 10, 12)) == 1  # day 0
    assert questionnaire_reminders_queue(now=utc(2026, 1, 11, 12)) == 0
    assert questionnaire_reminders_queue(now=utc(2026, 1, 13, 12)) == 1  # +3
    assert questionnaire_reminders_queue(now=utc(2026, 1, 17, 12)) == 1  # +7
    assert questionnaire_reminders_queue(now=utc(2026, 1, 24, 12)) == 1  # +14
    assert questionnaire_reminders_queue(now=utc(2026, 2, 10, 12)) == 0  # window closed
    assert (
        Notification.objects.filter(recipient=participant.user, kind="questionnaire_due").count()
        == 4
    )


def test_therapists_get_one_digest_a_working_day_in_numbers_only(
    make_participant, therapist, other_therapist, django_capture_on_commit_callbacks
):
    import uuid

    from django.core import mail

    from notifications.services import notification_deliver
    from therapists.digest import therapist_digests_queue
    from therapists.services import message_send

    participant = make_participant()
    message_send(
        participant=participant,
        author=participant.user,
        body="I had a hard week",
        idempotency_key=uuid.uuid4(),
    )
    # Monday 07:00 UTC = 08:00 in Stockholm, the default digest hour.
    assert therapist_digests_queue(now=utc(2026, 11, 30, 6, 59)) == 0
    assert therapist_digests_queue(now=utc(2026, 11, 30, 7)) == 1  # other_therapist: nothing
    assert therapist_digests_queue(now=utc(2026, 11, 30, 9)) == 0  # once a day
    assert therapist_digests_queue(now=utc(2026, 12, 5, 9)) == 0  # Saturday
    digest = Notification.objects.get(kind="therapist_digest")
    assert digest.recipient == therapist
    assert digest.context["awaiting_reply"] == 1
    mail.outbox.clear()
    assert notification_deliver(notification_id=digest.pk) is True
    body = mail.outbox[0].body
    assert "1 message awaiting a reply" in body
    assert "hard week" not in body and participant.code not in body
