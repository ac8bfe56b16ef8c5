"""Notifications: the transactional outbox and its delivery. Imports no domain app.

Any app calls `enqueue(...)` (or `enqueue_many(...)`) inside its own transaction; the row commits
or rolls back with the event, and (recipient, kind, reference) is unique, so the same
notification can never be created twice. Due rows are handed to Celery in batches of ids; a
periodic sweep hands out again rows whose delivery never ran (a lost broker message, a worker
killed mid-send). Emails and text messages carry no clinical content: only that something is
waiting on the platform.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as BrokerError

from notifications.models import Notification, NotificationPreference
from notifications.sms import send_sms
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
MAX_ATTEMPTS = 5
BATCH_SIZE = 1000  # ids per delivery task: 100,000 reminders are 100 broker messages


def stale_claim() -> timedelta:
    """A claim older than this belonged to a worker that died: the sweep hands the row out again."""
    return timedelta(seconds=settings.NOTIFICATION_STALE_CLAIM_SECONDS)


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
    """Hand ids to workers in batches; returns broker messages sent.

    A broker outage must not break the request that caused the notification: the rows are
    committed, so the periodic sweep sends them once the broker is back.
    """
    messages = 0
    for start in range(0, len(notification_ids), BATCH_SIZE):
        try:
            deliver_notifications.delay(notification_ids[start : start + BATCH_SIZE])
        except BrokerError:
            logger.warning(
                "broker unavailable: %s notifications wait for the sweep",
                len(notification_ids) - start,
            )
            break
        messages += 1
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
    ).update(state=Notification.State.SENDING, claimed_at=timezone.now())
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
        )
        return
    message = EmailMessage(
        subject=_render(f"{template}_subject.txt", context, recipient).strip(),
        body=_render(f"{template}_body.txt", context, recipient),
        to=[recipient.email],
        # One Message-ID per notification: a provider or mail server that sees it twice can
        # drop the copy.
        headers={"Message-ID": f"<notification-{notification.pk}@{settings.EMAIL_MESSAGE_DOMAIN}>"},
    )
    message.send()


def notification_deliver(*, notification_id: int) -> bool:
    """Send one due notification; True if this call sent it. Safe to call any number of times,
    also concurrently: the conditional UPDATE in `_claim` lets exactly one caller through."""
    notification = _claim(notification_id)
    if notification is None:
        return False  # sent, suppressed, not yet due, or claimed by another worker
    reason = _suppression_reason(notification)
    if reason:
        notification.state = Notification.State.SUPPRESSED
        notification.last_error = reason
        notification.save(update_fields=["state", "last_error"])
        return False
    try:
        _send(notification)
    except OSError as error:  # SMTP and network failures: back in the queue, a bit later
        notification.attempts += 1
        notification.last_error = str(error)[:1000]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.state = Notification.State.FAILED
        else:
            notification.state = Notification.State.QUEUED
            notification.due_at = timezone.now() + timedelta(minutes=2**notification.attempts)
        notification.save(update_fields=["attempts", "last_error", "state", "due_at"])
        logger.warning("notification %s failed: %s", notification.pk, error)
        return False
    notification.state = Notification.State.SENT
    notification.sent_at = timezone.now()
    notification.attempts += 1
    notification.save(update_fields=["state", "sent_at", "attempts"])
    return True


def notifications_deliver(*, notification_ids: list[int]) -> int:
    return sum(notification_deliver(notification_id=pk) for pk in notification_ids)


def notifications_sweep() -> int:
    """Hand out due rows whose delivery never ran; returns how many were handed out."""
    now = timezone.now()
    Notification.objects.filter(
        state=Notification.State.SENDING, claimed_at__lt=now - stale_claim()
    ).update(state=Notification.State.QUEUED)
    due = Notification.objects.filter(state=Notification.State.QUEUED, due_at__lte=now)
    ids = list(due.order_by("due_at").values_list("pk", flat=True)[: BATCH_SIZE * 100])
    dispatch(ids)
    return len(ids)
