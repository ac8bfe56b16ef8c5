"""Notifications: the transactional outbox and its delivery. Imports no domain app.

Any app calls `enqueue(...)` inside its own transaction; the row commits or rolls back with the
event. After commit a Celery task delivers it; a periodic sweep re-enqueues rows whose delivery
never ran (a lost broker message, a worker killed mid-send). Emails carry no clinical content:
only that something is waiting on the platform.
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import Notification
from notifications.tasks import deliver_notification

# Kinds with their email templates under notifications/email/<kind>_subject.txt / _body.txt.
KINDS = frozenset({"module_completed"})
# A claim older than this belonged to a worker that died: the sweep hands the row out again.
STALE_CLAIM = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def enqueue(
    *, recipient, kind: str, reference: str, due_at: datetime | None = None
) -> Notification | None:
    """Queue a notification once; returns None if this (recipient, kind, reference) exists."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}")
    notification, created = Notification.objects.get_or_create(
        recipient=recipient,
        kind=kind,
        reference=reference,
        defaults={"due_at": due_at or timezone.now()},
    )
    if not created:
        return None
    if notification.due_at <= timezone.now():
        transaction.on_commit(partial(deliver_notification.delay, notification.pk))
    return notification


def _claim(notification_id: int) -> Notification | None:
    claimed = Notification.objects.filter(
        pk=notification_id, state=Notification.State.QUEUED, due_at__lte=timezone.now()
    ).update(state=Notification.State.SENDING, claimed_at=timezone.now())
    if not claimed:
        return None
    return Notification.objects.select_related("recipient").get(pk=notification_id)


def notification_deliver(*, notification_id: int) -> bool:
    """Send one queued notification; True if this call sent it. Safe to call any number of times."""
    notification = _claim(notification_id)
    if notification is None:
        return False  # sent, suppressed, not yet due, or claimed by another worker
    recipient = notification.recipient
    if not recipient.is_active:
        notification.state = Notification.State.SUPPRESSED
        notification.save(update_fields=["state"])
        return False
    context = {"recipient": recipient, "site_url": settings.SITE_URL}
    try:
        send_mail(
            subject=render_to_string(
                f"notifications/email/{notification.kind}_subject.txt", context
            ).strip(),
            message=render_to_string(f"notifications/email/{notification.kind}_body.txt", context),
            from_email=None,
            recipient_list=[recipient.email],
        )
    except OSError as error:  # SMTP and network failures: put it back for a retry
        notification.attempts += 1
        notification.last_error = str(error)[:1000]
        notification.state = (
            Notification.State.FAILED
            if notification.attempts >= MAX_ATTEMPTS
            else Notification.State.QUEUED
        )
        notification.save(update_fields=["attempts", "last_error", "state"])
        raise
    notification.state = Notification.State.SENT
    notification.sent_at = timezone.now()
    notification.attempts += 1
    notification.save(update_fields=["state", "sent_at", "attempts"])
    return True


def notifications_sweep() -> list[int]:
    """Ids of due notifications whose delivery never ran, handed out again."""
    now = timezone.now()
    Notification.objects.filter(
        state=Notification.State.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(state=Notification.State.QUEUED)
    return list(
        Notification.objects.filter(state=Notification.State.QUEUED, due_at__lte=now)
        .order_by("due_at")
        .values_list("pk", flat=True)[:1000]
    )
