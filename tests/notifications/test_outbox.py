"""The outbox: each notification once, delivered once, retried on transient failures."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from notifications.services import (
    NotificationRequest,
    dispatch,
    enqueue,
    enqueue_many,
    notification_deliver,
    notifications_sweep,
    preference_set,
)
from tests.factories import UserFactory


def test_the_same_key_is_queued_once(db, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        assert enqueue(recipient=user, kind="module_unlocked", reference="m:1") is not None
        assert enqueue(recipient=user, kind="module_unlocked", reference="m:1") is None
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1


def test_unknown_kinds_are_refused(db):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        enqueue(recipient=UserFactory(), kind="gossip", reference="x")


def test_enqueue_many_skips_existing_keys(db):
    users = [UserFactory() for _ in range(3)]
    now = timezone.now()
    requests = [NotificationRequest(u.pk, "inactivity", "i:1", now) for u in users]
    assert enqueue_many(requests) == 3
    assert enqueue_many(requests) == 0
    assert Notification.objects.count() == 3


def test_delivering_twice_sends_one_email(db):
    notification = enqueue(recipient=UserFactory(), kind="module_unlocked", reference="m:1")
    assert notification_deliver(notification_id=notification.pk) is True
    assert notification_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.sent_at is not None
    assert (
        mail.outbox[0].extra_headers["Message-ID"].startswith(f"<notification-{notification.pk}@")
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_send_one_email():
    notification = enqueue(recipient=UserFactory(), kind="module_unlocked", reference="m:1")
    barrier = threading.Barrier(4)
    results = []

    def deliver():
        try:
            barrier.wait(timeout=10)
            results.append(notification_deliver(notification_id=notification.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, False, False, True]
    assert len(mail.outbox) == 1


def test_a_participant_can_turn_off_optional_reminders_only(db):
    user = UserFactory()
    preference_set(user=user, optional_reminders=False)
    optional = enqueue(recipient=user, kind="inactivity", reference="i:1")
    essential = enqueue(recipient=user, kind="questionnaire_due", reference="q:1")
    notification_deliver(notification_id=optional.pk)
    notification_deliver(notification_id=essential.pk)
    optional.refresh_from_db()
    assert optional.state == Notification.State.SUPPRESSED
    assert [m.subject for m in mail.outbox] == ["[iCBT] Questionnaires are waiting for you"]


def test_emails_carry_no_clinical_content(db):
    for kind in [
        "module_unlocked",
        "inactivity",
        "questionnaire_due",
        "visit_reminder",
        "module_completed",
    ]:
        user = UserFactory(first_name="Zelda")
        notification_deliver(notification_id=enqueue(recipient=user, kind=kind, reference="r").pk)
    for message in mail.outbox:
        text = (message.subject + message.body).lower()
        assert "zelda" not in text
        for word in ["pain", "stress", "anxiety", "depression", "hads", "score"]:
            assert word not in text


def test_text_messages_go_through_the_sms_interface(db, caplog):
    user = UserFactory(phone_number="+46701234567")
    notification = enqueue(recipient=user, kind="visit_reminder", reference="v:1", channel="sms")
    with caplog.at_level("INFO", logger="notifications.sms"):
        assert notification_deliver(notification_id=notification.pk) is True
    assert "4567" in caplog.text and "+4670123" not in caplog.text
    no_phone = enqueue(
        recipient=UserFactory(), kind="visit_reminder", reference="v:2", channel="sms"
    )
    assert notification_deliver(notification_id=no_phone.pk) is False
    no_phone.refresh_from_db()
    assert (no_phone.state, no_phone.last_error) == ("suppressed", "no phone number")


def test_transient_failures_retry_later_then_fail(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    notification = enqueue(recipient=UserFactory(), kind="module_unlocked", reference="m:1")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for attempt in range(1, 6):
            assert notification_deliver(notification_id=notification.pk) is False
            notification.refresh_from_db()
            assert notification.attempts == attempt
            clock.shift(timedelta(hours=1))
    assert notification.state == Notification.State.FAILED


def test_the_sweep_hands_out_stale_claims_again(db, broker_down):
    notification = enqueue(recipient=UserFactory(), kind="module_unlocked", reference="m:1")
    Notification.objects.filter(pk=notification.pk).update(
        state="sending", claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert notifications_sweep() == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.QUEUED
    assert notification_deliver(notification_id=notification.pk) is True


def test_dispatch_batches_ids_and_survives_a_broker_outage(db, broker_down):
    assert dispatch(list(range(2500))) == 0


def test_reminder_settings_page_validates_and_saves(client, db):
    user = UserFactory()
    client.force_login(user)
    page = client.post("/account/reminders/", {"by_text_message": "on"})
    assert "A mobile number is needed" in page.content.decode()
    page = client.post("/account/reminders/", {"phone_number": "call me"})
    assert "Enter a mobile number such as 070-123 45 67" in page.content.decode()
    client.post("/account/reminders/", {"by_text_message": "on", "phone_number": "+46 70 123 4567"})
    user.refresh_from_db()
    assert user.phone_number == "+46701234567"
    assert user.notification_preference.by_text_message
    assert not user.notification_preference.optional_reminders


def test_staff_see_a_participants_reminders_and_coordinators_the_daily_figures(
    client, coordinator, therapist, participant
):
    enqueue(recipient=participant.user, kind="questionnaire_due", reference="q:1")
    client.force_login(therapist)
    page = client.get(f"/staff/participants/{participant.pk}/").content.decode()
    assert "Questionnaires to answer" in page  # the kind, named for people
    assert client.get("/staff/reminders/").status_code == 403
    client.force_login(coordinator)
    report = client.get("/staff/reminders/").content.decode()
    assert "<td>1</td>" in report
