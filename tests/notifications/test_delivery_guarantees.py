"""At most one delivery in practice: what a crash, a refusal and a database outage each do to a
notification, against a real SMTP server and a real PostgreSQL connection."""

import smtplib
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from notifications.services import (
    RESEND_WHEN_UNCERTAIN,
    dispatch,
    enqueue,
    is_permanent_failure,
    notification_deliver,
    notifications_sweep,
    retry_delay,
)
from notifications.sms import DeliveryRefused
from tests.factories import UserFactory
from tests.notifications.reliability import AnsweringMailServer


def _crashed(notification, *, attempt_started: bool, minutes_ago: int = 60):
    """The row as a worker killed mid-delivery leaves it."""
    past = timezone.now() - timedelta(minutes=minutes_ago)
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.SENDING,
        claimed_at=past,
        attempt_started_at=past if attempt_started else None,
    )


def test_a_crash_before_the_provider_was_called_is_simply_sent_again(db, broker_down):
    notification = enqueue(recipient=UserFactory(), kind="inactivity", reference="i:1")
    _crashed(notification, attempt_started=False)
    assert notifications_sweep() == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.QUEUED
    assert notification_deliver(notification_id=notification.pk) is True


def test_a_crash_during_the_attempt_is_uncertain_and_resent_only_after_the_grace_period(
    db, broker_down, settings, caplog
):
    settings.NOTIFICATION_UNCERTAIN_GRACE_SECONDS = 30 * 60
    user = UserFactory()
    harmless = enqueue(recipient=user, kind="message_waiting", reference="t:1")
    not_worth_it = enqueue(recipient=user, kind="therapist_digest", reference="d:1")
    assert "message_waiting" in RESEND_WHEN_UNCERTAIN
    assert "therapist_digest" not in RESEND_WHEN_UNCERTAIN
    for notification in (harmless, not_worth_it):
        _crashed(notification, attempt_started=True, minutes_ago=10)

    with caplog.at_level("WARNING", logger="notifications.services"):
        assert notifications_sweep() == 0  # within the grace period nothing is resent
    assert set(Notification.objects.values_list("state", flat=True)) == {"uncertain"}
    assert "uncertain" in caplog.text

    Notification.objects.update(attempt_started_at=timezone.now() - timedelta(hours=1))
    with caplog.at_level("WARNING", logger="notifications.services"):
        assert notifications_sweep() == 1
    harmless.refresh_from_db()
    not_worth_it.refresh_from_db()
    assert harmless.state == Notification.State.QUEUED
    assert "resent" in harmless.last_error and "resent after the grace period" in caplog.text
    assert not_worth_it.state == Notification.State.UNCERTAIN  # left for staff to see


def test_a_permanent_refusal_fails_at_once_with_its_reason(db, settings):
    with AnsweringMailServer("550 5.1.1 no such mailbox") as server:
        server.use(settings)
        notification = enqueue(recipient=UserFactory(), kind="visit_reminder", reference="v:1")
        assert notification_deliver(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == 1
    assert "no such mailbox" in notification.last_error


def test_a_temporary_refusal_is_retried_later_with_jitter(db, settings):
    with AnsweringMailServer("451 4.3.0 try again later") as server:
        server.use(settings)
        notification = enqueue(recipient=UserFactory(), kind="visit_reminder", reference="v:2")
        before = timezone.now()
        assert notification_deliver(notification_id=notification.pk) is False
        notification.refresh_from_db()
        assert notification.state == Notification.State.QUEUED
        assert before + timedelta(minutes=1.6) <= notification.due_at
        assert notification.due_at <= timezone.now() + timedelta(minutes=2.4)
        assert notification.attempt_started_at is None and "try again later" in (
            notification.last_error
        )
        server.reply = "250 OK"
        Notification.objects.filter(pk=notification.pk).update(due_at=timezone.now())
        assert notification_deliver(notification_id=notification.pk) is True
    assert server.accepted == [f"<notification-{notification.pk}@icbt.invalid>"]


def test_a_refusal_of_the_text_message_provider_fails_at_once(db, settings):
    settings.SMS_BACKEND = "tests.notifications.test_delivery_guarantees.RefusingSMSBackend"
    user = UserFactory(phone_number="+46701234567")
    notification = enqueue(recipient=user, kind="visit_reminder", reference="v:3", channel="sms")
    assert notification_deliver(notification_id=notification.pk) is False
    notification.refresh_from_db()
    assert (notification.state, notification.last_error) == ("failed", "number blocked")
    assert RefusingSMSBackend.keys == [f"notification-{notification.pk}"]


class RefusingSMSBackend:
    keys: list[str] = []

    def send(self, *, to, text, idempotency_key):
        self.keys.append(idempotency_key)
        raise DeliveryRefused("number blocked")


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPDataError(554, b"rejected"), True),
        (smtplib.SMTPSenderRefused(550, b"sender", "a@b"), True),
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b": (450, b"busy"), "c@d": (550, b"no")}), False),
        (smtplib.SMTPDataError(451, b"later"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (TimeoutError("timed out"), False),
        (ConnectionRefusedError(), False),
        (DeliveryRefused("blocked"), True),
    ],
)
def test_failures_are_classified_as_permanent_or_temporary(error, permanent):
    assert is_permanent_failure(error) is permanent


def test_retry_delays_grow_and_spread():
    for attempts in range(1, 5):
        delays = {retry_delay(attempts) for _ in range(50)}
        assert len(delays) > 1
        low, high = timedelta(minutes=0.8 * 2**attempts), timedelta(minutes=1.2 * 2**attempts)
        assert all(low <= delay <= high for delay in delays)


def test_the_sweep_hands_out_only_what_no_worker_took_in_time(db, broker_down, settings):
    settings.NOTIFICATION_REDISPATCH_SECONDS = 600
    notification = enqueue(recipient=UserFactory(), kind="inactivity", reference="i:2")
    Notification.objects.filter(pk=notification.pk).update(dispatched_at=timezone.now())
    assert notifications_sweep() == 0  # a worker may still be about to take it
    Notification.objects.filter(pk=notification.pk).update(
        dispatched_at=timezone.now() - timedelta(minutes=11)
    )
    assert notifications_sweep() == 1


def test_dispatch_notes_what_it_handed_out(db):
    user = UserFactory()
    ids = [enqueue(recipient=user, kind="inactivity", reference=f"i:{n}").pk for n in range(25)]
    Notification.objects.update(due_at=timezone.now() + timedelta(days=1))  # the worker skips
    assert dispatch(ids) == 3  # batches of 10
    assert Notification.objects.filter(dispatched_at__isnull=False).count() == 25


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_after_the_provider_accepted_is_waited_out_not_resent(settings):
    """The connection is cut (pg_terminate_backend) the moment the mail server has accepted."""
    settings.NOTIFICATION_RECORD_RETRY_SECONDS = 30
    notification = enqueue(recipient=UserFactory(), kind="questionnaire_due", reference="q:1")
    db = connection.settings_dict
    with AnsweringMailServer() as server:
        server.use(settings)
        original = server.handle_DATA
        connection.ensure_connection()
        backend_pid = connection.connection.info.backend_pid

        async def accept_then_cut(smtp, session, envelope):
            reply = await original(smtp, session, envelope)
            with psycopg.connect(
                host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                dbname=db["NAME"], autocommit=True,
            ) as admin:  # fmt: skip
                admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
            return reply

        server.handle_DATA = accept_then_cut
        assert notification_deliver(notification_id=notification.pk) is True
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert server.accepted == [f"<notification-{notification.pk}@icbt.invalid>"]
