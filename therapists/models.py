import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.models import WorksheetAnswer
from trial.models import Participant

MESSAGE_MAX_LENGTH = 10_000
NOTE_MAX_LENGTH = 10_000


class CareRole(models.TextChoices):
    THERAPIST = "therapist", _("Therapist")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")


class CareAssignment(models.Model):
    """Who cared for a participant in which role, and when. The open row is the current one.

    Participant.therapist / physiotherapist mirror the open rows so that every app can ask
    "whose participant is this?" without reading the history.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="care_assignments"
    )
    role = models.CharField(max_length=20, choices=CareRole.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_assignments"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    # Empty when the study's automatic rule made the assignment at randomization.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("care team")
        verbose_name_plural = _("care teams")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "role"],
                condition=Q(ends_at__isnull=True),
                name="care_assignment_one_open_per_role",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="care_assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.role} {self.staff_id}"


class CoverPeriod(models.Model):
    """A colleague covers an absent therapist: during the period they see that caseload.

    trial.selectors.participants_visible_to reads these rows through the reverse name
    `absences` on the user, so the lower app never imports this one.
    """

    absent_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="absences"
    )
    covering_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="covers"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cover period")
        verbose_name_plural = _("cover periods")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["covering_therapist", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="cover_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(absent_therapist=models.F("covering_therapist")),
                name="cover_not_by_self",
            ),
        ]

    def __str__(self):
        return f"{self.covering_therapist_id} covers {self.absent_therapist_id}"

    def is_active(self, at=None) -> bool:
        at = at or timezone.now()
        return self.starts_at <= at < self.ends_at


class MessageThread(models.Model):
    """The one conversation between a participant and their care team.

    `awaiting_reply_since` is the time of the oldest participant message nobody has answered or
    marked handled yet; the caseload sorts and flags on it without reading the messages.
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="message_thread"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True)
    awaiting_reply_since = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        indexes = [models.Index(fields=["awaiting_reply_since"])]

    def __str__(self):
        return f"Thread of {self.participant_id}"


class Message(models.Model):
    class Side(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        CARE_TEAM = "care_team", _("Care team")

    thread = models.ForeignKey(MessageThread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_written"
    )
    side = models.CharField(max_length=12, choices=Side.choices)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)
    # When the other side first read it.
    read_at = models.DateTimeField(null=True, blank=True)
    # Participant messages only: the first reply from the care team (service level).
    first_reply_at = models.DateTimeField(null=True, blank=True)
    first_reply = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Generated when the form is shown, so a double click or a resent form stores one message.
    idempotency_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["thread", "created_at"]),
            models.Index(fields=["author", "thread", "-created_at"]),
            models.Index(
                fields=["thread", "side"],
                condition=Q(read_at__isnull=True),
                name="message_unread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["author", "idempotency_key"], name="message_sent_once"),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("body"), 1)
                & LessThanOrEqual(Length("body"), MESSAGE_MAX_LENGTH),
                name="message_body_length",
            ),
        ]

    def __str__(self):
        return f"Message {self.pk} in thread {self.thread_id}"

    @property
    def from_participant(self) -> bool:
        return self.side == self.Side.PARTICIPANT


class WorksheetFeedback(models.Model):
    """A care-team message that answers one submitted worksheet; shown with the worksheet."""

    answer = models.ForeignKey(
        WorksheetAnswer, on_delete=models.PROTECT, related_name="therapist_feedback"
    )
    message = models.OneToOneField(
        Message, on_delete=models.PROTECT, related_name="worksheet_feedback"
    )

    class Meta:
        verbose_name = _("worksheet feedback")
        verbose_name_plural = _("worksheet feedback")
        ordering = ["message__created_at"]

    def __str__(self):
        return f"Feedback on answer {self.answer_id}"


class MessageTemplate(models.Model):
    """A reply a therapist reuses; `{first_name}` and `{current_module}` are filled in."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="message_templates"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=MESSAGE_MAX_LENGTH)
    shared = models.BooleanField(
        _("shared with all therapists"),
        default=False,
        help_text=_("Other therapists can use it; only you can change it."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class SafetyFlag(models.Model):
    """A risk phrase found in a participant's message or worksheet: urgent until resolved."""

    class Source(models.TextChoices):
        MESSAGE = "message", _("Message")
        WORKSHEET = "worksheet", _("Worksheet")

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="safety_flags"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    message = models.OneToOneField(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="safety_flag"
    )
    answer = models.OneToOneField(
        WorksheetAnswer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phrase = models.CharField(max_length=200)
    raised_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("safety flag")
        verbose_name_plural = _("safety flags")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(
                fields=["participant"], condition=Q(resolved_at__isnull=True), name="flag_open"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="message", message__isnull=False, answer__isnull=True)
                | Q(source="worksheet", answer__isnull=False, message__isnull=True),
                name="flag_has_one_source",
            ),
        ]

    def __str__(self):
        return f"Safety flag {self.pk} for {self.participant_id}"


class WorksheetScan(models.Model):
    """A submitted worksheet the safety scan has read; one row per answer makes scans idempotent."""

    answer = models.OneToOneField(
        WorksheetAnswer, on_delete=models.CASCADE, related_name="safety_scan"
    )
    scanned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("worksheet safety scan")
        verbose_name_plural = _("worksheet safety scans")

    def __str__(self):
        return f"Scan of answer {self.answer_id}"


class ClinicalNote(models.Model):
    """A care-team note about a participant; never changed once written (append-only)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="clinical_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinical note")
        verbose_name_plural = _("clinical notes")
        ordering = ["-created_at", "-id"]
        triggers = [
            pgtrigger.Protect(
                name="clinical_note_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Note {self.pk} on {self.participant_id}"


class TherapistTime(models.Model):
    """Minutes a therapist spent on one participant in one ISO week (therapist's calendar).

    `tracked_seconds` comes from page heartbeats; `adjustment_seconds` is the hand correction,
    so the total is tracked + adjustment and the tracked figure is never overwritten.
    """

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_records"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="therapist_time"
    )
    iso_year = models.PositiveSmallIntegerField()
    iso_week = models.PositiveSmallIntegerField()
    tracked_seconds = models.PositiveIntegerField(default=0)
    adjustment_seconds = models.IntegerField(default=0)
    adjusted_at = models.DateTimeField(null=True, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("therapist time")
        verbose_name_plural = _("therapist time")
        ordering = ["-iso_year", "-iso_week"]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "participant", "iso_year", "iso_week"],
                name="therapist_time_once_per_week",
            ),
            models.CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53), name="therapist_time_iso_week"
            ),
        ]

    def __str__(self):
        return f"{self.therapist_id} on {self.participant_id} in {self.iso_year}-W{self.iso_week}"

    @property
    def total_seconds(self) -> int:
        return max(0, self.tracked_seconds + self.adjustment_seconds)
