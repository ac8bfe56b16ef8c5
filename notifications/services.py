"""Notifications: the transactional outbox and its delivery. Imports no domain app.

Any app calls `enqueue(...)` (or `enqueue_many(...)`) inside its own transaction; the row commits
or rolls back with the event, and (recipient, kind, reference) is unique, so the same
notification can never be created twice. Due rows are handed to Celery in small batches of ids;
a periodic sweep hands out again rows no worker took in time (a lost broker message, a killed
worker). Emails and text messages carry no clinical content: only that something is waiting on
the platform.

Delivery is at most once in practice (docs/operations.md has the measured figures): a worker
claims a row, records `attempt_started_at`, calls the provider with the notification's
idempotency key (the email's Message-ID), and records SENT, waiting out a short database outage.
A claim that went stale after the provider was called may have been delivered: it becomes
UNCERTAIN and is resent only after a grace period, and only for kinds where a repeat is harmless.
Permanent refusals (SMTP 5xx, `DeliveryRefused`) fail at once; temporary ones are retried with
backoff and jitter.
"""

import logging
import random
import smtplib
import time as clock
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as BrokerError

from notifications.models import Notification, NotificationPreference
from notifications.sms import DeliveryRefused, send_sms
from notifications.tasks import deliver_notifications

logger = logging.getLogger(__name__)

# Kinds with their email templates under notifications/email/<kind>_subject.txt / _body.txt.
KINDS = frozenset(
    {
        "module_completed",
        "questionnaire_due",
        "visit_reminder",
        "message_waiting",
        "safety_flag",
        "therapist_digest",
    }
)
# Reminders a participant may turn off; everything else (their therapist's messages and
# feedback, questionnaires due, visits) is essential to their care or the trial.
OPTIONAL_KINDS = frozenset({"module_unlocked", "inactivity"})
# Kinds whose repeat is harmless: each only says that something waits on the platform, and a
# missed one costs more (a questionnaire window, a therapist's message, a safety flag) than a
# second email. A digest or an inactivity nudge is not resent: the next one replaces it.
RESEND_WHEN_UNCERTAIN = frozenset(
    {
        "module_unlocked",
        "module_completed",
        "questionnaire_due",
        "visit_reminder",
        "message_waiting",
        "safety_flag",
    }
)
MAX_ATTEMPTS = 5
# Ids per delivery task: a killed worker process holds few of them (the rest are handed out
# again by the sweep), and 100,000 reminders still go out as 10,000 broker messages in seconds.
BATCH_SIZE = 10
SWEEP_LIMIT = 100_000


def stale_claim() -> timedelta:
    """A claim older than this belonged to a worker that died: the sweep hands the row out again."""
    return timedelta(seconds=settings.NOTIFICATION_STALE_CLAIM_SECONDS)


def _seconds(name: str) -> timedelta:
    return timedelta(seconds=getattr(settings, name))


# --- when ----------------------------------------------------------------------------------


def within_waking_hours(moment: datetime, *, zone: ZoneInfo, start_hour: int, end_hour: int):
    """`moment`, or the next start of the waking hours in `zone` if it falls outside them.

    Built from the local calendar date and hour, so it stays right across daylight-saving
    changes (the hours are never inside a DST gap).
    """
    local = moment.astimezone(zone)
    if start_hour <= local.hour < end_hour:
        return moment
    day = local.date() if local.hour < start_hour else local.date() + timedelta(days=1)
    return datetime.combine(day, time(start_hour), tzinfo=zone)


# --- queueing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NotificationRequest:
    recipient_id: int
    kind: str
    reference: str
    due_at: datetime
    channel: str = Notification.Channel.EMAIL


def _check_kind(kind: str) -> None:
    if kind not in KINDS and kind not in OPTIONAL_KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")


def enqueue(
    *,
    recipient,
    kind: str,
    reference: str,
    due_at: datetime | None = None,
    channel: str = Notification.Channel.EMAIL,
    context: dict | None = None,
) -> Notification | None:
    """Queue a notification once; returns None if this (recipient, kind, reference) exists."""
    _check_kind(kind)
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        kind=kind,
        reference=reference,
        defaults={"due_at": due_at or timezone.now(), "channel": channel, "context": context or {}},
    )
    if not created:
        return None
    if notification.due_at <= timezone.now():
        transaction.on_commit(lambda: dispatch([notification.pk]))
    return notification


def enqueue_many(requests: list[NotificationRequest]) -> int:
    """Queue many notifications at once; existing keys are skipped. Returns rows added.

    The rows are copied into a temporary table and inserted from there with ON CONFLICT DO
    NOTHING: one round trip for 100,000 reminders, and a second evaluation adds nothing.
    """
    if not requests:
        return 0
    for kind in {r.kind for r in requests}:
        _check_kind(kind)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE notification_batch (recipient_id bigint, kind text, "
            "reference text, channel text, due_at timestamptz) ON COMMIT DROP"
        )
        columns = "recipient_id, kind, reference, channel, due_at"
        with cursor.copy(f"COPY notification_batch ({columns}) FROM STDIN") as copy:
            for r in requests:
                copy.write_row((r.recipient_id, r.kind, r.reference, r.channel, r.due_at))
        # The column list is a constant; every value is a parameter.
        insert = (
            f"INSERT INTO notifications_notification ({columns}, state, created_at, attempts, "  # noqa: S608
            f"last_error, context) SELECT {columns}, %s, %s, 0, '', '{{}}' FROM notification_batch "
            "ON CONFLICT (recipient_id, kind, reference) DO NOTHING"
        )
        cursor.execute(insert, [Notification.State.QUEUED, now])
        added = cursor.rowcount
        # Dropped explicitly too: inside an outer transaction ON COMMIT comes too late.
        cursor.execute("DROP TABLE notification_batch")
        return added


def enqueue_from_queryset(*, kind: str, rows, channel: str = Notification.Channel.EMAIL) -> int:
    """Queue one notification of `kind` per row of a queryset with the values `recipient_id`,
    `reference` and `due_at`, in a single INSERT ... SELECT: the rows never travel through
    Python, so a rule can reach 100,000 people in about a second. Existing keys are skipped.
    """
    _check_kind(kind)
    sql, params = rows.values("recipient_id", "reference", "due_at").query.sql_with_params()
    with connection.cursor() as cursor:
        # The SELECT is compiled by the ORM; every value is a parameter.
        insert = (
            "INSERT INTO notifications_notification (recipient_id, kind, reference, channel, "  # noqa: S608
            "due_at, state, created_at, attempts, last_error, context) SELECT q.recipient_id, %s, "
            f"q.reference, %s, q.due_at, %s, %s, 0, '', '{{}}' FROM ({sql}) q "
            "ON CONFLICT (recipient_id, kind, reference) DO NOTHING"
        )
        cursor.execute(insert, [kind, channel, Notification.State.QUEUED, timezone.now(), *params])
        return cursor.rowcount


def dispatch(notification_ids: list[int]) -> int:
    """Hand ids to workers in small batches and note when; returns broker messages sent.

    A broker outage must not break the request that caused the notification: the rows are
    committed, so the periodic sweep sends them once the broker is back. Hence one attempt per
    publish, without Celery's retry: against a hung Redis each retry waits out the socket
    timeout again (measured: 15 s instead of 5), while a connection left over from before a
    Redis restart is renewed by the pool anyway.
    """
    published: list[int] = []
    messages = 0
    for start in range(0, len(notification_ids), BATCH_SIZE):
        batch = notification_ids[start : start + BATCH_SIZE]
        try:
            deliver_notifications.apply_async((batch,), retry=False)
        except BrokerError:
            logger.warning(
                "broker unavailable: %s notifications wait for the sweep",
                len(notification_ids) - start,
            )
            break
        published.extend(batch)
        messages += 1
    now = timezone.now()
    for start in range(0, len(published), 10_000):
        Notification.objects.filter(
            pk__in=published[start : start + 10_000], state=Notification.State.QUEUED
        ).update(dispatched_at=now)
    return messages


def notifications_suppress_for(*, recipient) -> int:
    """Stop everything still waiting for this person (e.g. a participant who withdrew)."""
    return Notification.objects.filter(recipient=recipient, state=Notification.State.QUEUED).update(
        state=Notification.State.SUPPRESSED
    )


@transaction.atomic
def preference_set(
    *, user, optional_reminders: bool, by_text_message: bool = False, phone_number: str = ""
) -> NotificationPreference:
    if by_text_message and not phone_number:
        raise ValueError("A mobile number is needed for text messages.")
    user.phone_number = phone_number
    user.save(update_fields=["phone_number"])
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={"optional_reminders": optional_reminders, "by_text_message": by_text_message},
    )
    return preference


# --- delivery ------------------------------------------------------------------------------


def _claim(notification_id: int) -> Notification | None:
    claimed = Notification.objects.filter(
        pk=notification_id, state=Notification.State.QUEUED, due_at__lte=timezone.now()
    ).update(state=Notification.State.SENDING, claimed_at=timezone.now(), attempt_started_at=None)
    if not claimed:
        return None
    return Notification.objects.select_related(
        "recipient", "recipient__notification_preference"
    ).get(pk=notification_id)


def _suppression_reason(notification: Notification) -> str:
    recipient = notification.recipient
    # Stored in English; staff pages translate them when shown.
    if not recipient.is_active:
        return gettext_noop("inactive account")
    if notification.channel == Notification.Channel.SMS and not recipient.phone_number:
        return gettext_noop("no phone number")
    if notification.kind in OPTIONAL_KINDS:
        preference = getattr(recipient, "notification_preference", None)
        if preference is not None and not preference.optional_reminders:
            return gettext_noop("turned off by the recipient")
    return ""


def recipient_language(recipient) -> str:
    """What the recipient reads: their own language, whoever caused the notification."""
    return recipient.language or settings.LANGUAGE_CODE


def _render(template: str, context: dict, recipient) -> str:
    # In the worker, not the sender's request: the recipient's language and time zone.
    with (
        translation.override(recipient_language(recipient)),
        timezone.override(recipient.time_zone or settings.TIME_ZONE),
    ):
        return render_to_string(template, context)


def _send(notification: Notification) -> None:
    recipient = notification.recipient
    context = {**notification.context, "recipient": recipient, "site_url": settings.SITE_URL}
    template = f"notifications/email/{notification.kind}"
    preference = getattr(recipient, "notification_preference", None)
    if preference is not None and preference.by_text_message and recipient.phone_number:
        notification.channel = Notification.Channel.SMS
        notification.save(update_fields=["channel"])
    if notification.channel == Notification.Channel.SMS:
        send_sms(
            to=recipient.phone_number,
            text=_render(f"{template}_body.txt", context, recipient).strip(),
            idempotency_key=notification.idempotency_key,
        )
        return
    message = EmailMessage(
        subject=_render(f"{template}_subject.txt", context, recipient).strip(),
        body=_render(f"{template}_body.txt", context, recipient),
        to=[recipient.email],
        # The same Message-ID on every attempt: a provider or mail server that sees it twice can
        # drop the copy.
        headers={"Message-ID": f"<{notification.idempotency_key}@{settings.EMAIL_MESSAGE_DOMAIN}>"},
    )
    message.send()


def is_permanent_failure(error: Exception) -> bool:
    """True when the provider refused for good (SMTP 5xx, a refusal of the SMS provider):
    retrying cannot help. SMTP 4xx, timeouts and lost connections are temporary."""
    if isinstance(error, DeliveryRefused):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def retry_delay(attempts: int) -> timedelta:
    """2, 4, 8, 16 minutes after the 1st-4th failure, each +-20% so retries do not bunch."""
    return timedelta(minutes=2**attempts * random.uniform(0.8, 1.2))  # noqa: S311 (jitter)


def _record_failure(notification: Notification, error: Exception) -> None:
    """The provider answered with an error, so nothing went out: fail now or retry later."""
    attempts = notification.attempts + 1
    permanent = is_permanent_failure(error)
    changes = {
        "attempts": attempts,
        "last_error": str(error)[:1000],
        "attempt_started_at": None,
        "dispatched_at": None,
    }
    if permanent or attempts >= MAX_ATTEMPTS:
        changes["state"] = Notification.State.FAILED
    else:
        changes["state"] = Notification.State.QUEUED
        changes["due_at"] = timezone.now() + retry_delay(attempts)
    _record(notification, **changes)
    logger.warning(
        "notification %s failed (%s): %s",
        notification.pk,
        "permanent" if permanent else "temporary",
        error,
    )


def _record_sent(notification: Notification) -> None:
    _record(
        notification,
        state=Notification.State.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
    )


def _record(notification: Notification, **changes) -> None:
    """Write the provider's answer, waiting out a short database outage: until it is written the
    row is SENDING with an attempt started, which the sweep takes for a crash that may have sent
    it (uncertain), although the answer is known. A refusal left that way would never be sent
    for the kinds that are not resent."""
    deadline = clock.monotonic() + settings.NOTIFICATION_RECORD_RETRY_SECONDS
    pause = 0.5
    while True:
        try:
            Notification.objects.filter(pk=notification.pk).update(**changes)
            return
        except DatabaseError as error:
            if clock.monotonic() + pause > deadline:
                raise
            logger.warning(
                "notification %s answered, recording it again: %s", notification.pk, error
            )
            connection.close()  # a broken connection is reopened by the next query
            clock.sleep(pause)
            pause = min(pause * 2, 5)


def notification_deliver(*, notification_id: int) -> bool:
    """Send one due notification; True if this call sent it. Safe to call any number of times,
    also concurrently: the conditional UPDATE in `_claim` lets exactly one caller through."""
    notification = _claim(notification_id)
    if notification is None:
        return False  # sent, suppressed, not yet due, or claimed by another worker
    reason = _suppression_reason(notification)
    if reason:
        Notification.objects.filter(pk=notification.pk).update(
            state=Notification.State.SUPPRESSED, last_error=reason
        )
        return False
    # Committed before the provider is called: from here a crash leaves the row uncertain.
    Notification.objects.filter(pk=notification.pk).update(attempt_started_at=timezone.now())
    try:
        _send(notification)
    except (OSError, DeliveryRefused) as error:  # SMTP, HTTP and network failures
        _record_failure(notification, error)
        return False
    _record_sent(notification)
    return True


def notifications_deliver(*, notification_ids: list[int]) -> int:
    return sum(notification_deliver(notification_id=pk) for pk in notification_ids)


def _recover_stale_claims(now: datetime) -> None:
    stale = Notification.objects.filter(
        state=Notification.State.SENDING, claimed_at__lt=now - stale_claim()
    )
    # Died before calling the provider: nothing went out.
    stale.filter(attempt_started_at__isnull=True).update(
        state=Notification.State.QUEUED, dispatched_at=None
    )
    # Died while the provider had the message: it may have gone out.
    uncertain = list(stale.filter(attempt_started_at__isnull=False).values_list("pk", flat=True))
    if uncertain:
        Notification.objects.filter(pk__in=uncertain, state=Notification.State.SENDING).update(
            state=Notification.State.UNCERTAIN
        )
        logger.warning("notifications %s uncertain: sender died during the attempt", uncertain)
    ready = Notification.objects.filter(
        state=Notification.State.UNCERTAIN,
        attempt_started_at__lt=now - _seconds("NOTIFICATION_UNCERTAIN_GRACE_SECONDS"),
        kind__in=RESEND_WHEN_UNCERTAIN,
    )
    resend = list(ready.values_list("pk", flat=True))
    if resend:
        ready.filter(pk__in=resend).update(
            state=Notification.State.QUEUED,
            attempt_started_at=None,
            dispatched_at=None,
            last_error="uncertain after a crash: resent with the same idempotency key",
        )
        logger.warning("notifications %s resent after the grace period (harmless kind)", resend)


def notifications_sweep() -> int:
    """Recover dead workers' claims, then hand out due rows that no worker holds: never handed
    out, or handed out so long ago that the broker message was lost. Returns how many."""
    now = timezone.now()
    _recover_stale_claims(now)
    due = Notification.objects.filter(state=Notification.State.QUEUED, due_at__lte=now).filter(
        Q(dispatched_at__isnull=True)
        | Q(dispatched_at__lt=now - _seconds("NOTIFICATION_REDISPATCH_SECONDS"))
    )
    ids = list(due.order_by("due_at").values_list("pk", flat=True)[:SWEEP_LIMIT])
    dispatch(ids)
    return len(ids)
