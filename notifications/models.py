from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What staff pages call each kind of notification (the kinds themselves: notifications.services).
KIND_LABELS = {
    "module_unlocked": _("A module opened"),
    "module_completed": _("A module was completed"),
    "questionnaire_due": _("Questionnaires to answer"),
    "visit_reminder": _("Visit reminder"),
    "message_waiting": _("A message is waiting"),
    "safety_flag": _("Safety flag"),
    "therapist_digest": _("Daily summary"),
    "inactivity": _("Not logged in for a while"),
}


class Notification(models.Model):
    """One message to one person, written in the same transaction as the event that causes it.

    (recipient, kind, reference) is unique, so the same notification can never be created twice;
    delivery claims a row with a conditional UPDATE, so two workers never send it twice.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")
        # The sender died after handing the message to the provider, before it recorded the
        # answer: it may have been delivered. Resent after a grace period where a repeat is
        # harmless (notifications.services.RESEND_WHEN_UNCERTAIN), otherwise left for staff.
        UNCERTAIN = "uncertain", _("Uncertain: may have been sent")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,  # the unique (recipient, kind, reference) index serves these lookups
    )
    kind = models.CharField(max_length=50)
    reference = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # Figures a message shows (e.g. a digest's counts); never names or clinical content.
    context = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    due_at = models.DateTimeField(default=timezone.now)
    # Handed to the broker (a sweep hands out again only what no worker took in time).
    dispatched_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set, and committed, just before the provider is called; cleared when it answered with an
    # error. A stale claim with it set may have been delivered: see State.UNCERTAIN.
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "reference"], name="notification_once"
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self):
        return f"{self.kind} to {self.recipient_id} ({self.state})"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def idempotency_key(self) -> str:
        """The same for every attempt of this notification: the email's Message-ID and the key a
        text-message provider can use to drop a repeat."""
        return f"notification-{self.pk}"


class NotificationPreference(models.Model):
    """What a person wants beyond the essential messages (see services.OPTIONAL_KINDS)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    optional_reminders = models.BooleanField(
        _("reminders about new modules and about coming back after a break"), default=True
    )
    by_text_message = models.BooleanField(
        _("send reminders by text message instead of email"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")

    def __str__(self):
        return f"Preferences of {self.user_id}"
