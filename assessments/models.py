import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.instruments import INSTRUMENTS
from trial.models import Participant, Timepoint


class Source(models.TextChoices):
    WEB = "web", _("Web")
    PAPER = "paper", _("Paper")


# The response that counts for a participant, timepoint and instrument: the web answers once
# sent, or the paper form once its two entries agreed or were resolved.
OF_RECORD = Q(source=Source.WEB, completed_at__isnull=False) | Q(
    source=Source.PAPER, entry_number=1, verified=True
)


@pghistory.track()
class QuestionnaireResponse(models.Model):
    """One person's answers to one instrument at one timepoint, as given on the web or on paper.

    `answers` maps the item number (a string, as JSON keys are) to the answer as given, before any
    recoding; an item left blank is absent. A paper form is entered twice by two different staff
    members (entry 1 and 2); entry 1 becomes the verified response of record when both agree, or
    when someone resolves their differences (assessments.services).
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    timepoint = models.ForeignKey(Timepoint, on_delete=models.PROTECT, related_name="responses")
    instrument = models.CharField(max_length=30)
    source = models.CharField(max_length=10, choices=Source.choices)
    entry_number = models.PositiveSmallIntegerField(default=1)
    # Null for the participant's own web answers; the staff member who typed in a paper form.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answers = models.JSONField(default=dict)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Paper only: both entries agreed, or their differences were resolved.
    verified = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        ordering = ["participant", "timepoint__order", "instrument", "source", "entry_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "timepoint", "instrument", "source", "entry_number"],
                name="response_once",
            ),
            models.CheckConstraint(
                condition=Q(source="web", entry_number=1)
                | Q(source="paper", entry_number__in=(1, 2), entered_by__isnull=False),
                name="response_entry_valid",
            ),
            models.CheckConstraint(
                condition=Q(verified=False)
                | Q(source="paper", entry_number=1, completed_at__isnull=False),
                name="response_verified_paper_only",
            ),
        ]
        indexes = [
            # Which instruments of a timepoint count, read from the index alone (completion
            # flags for the follow-up lists and the research export) instead of the wide rows.
            models.Index(
                fields=["participant", "timepoint", "instrument"],
                condition=OF_RECORD,
                name="response_of_record",
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.instrument} ({self.source} {self.entry_number})"

    @property
    def instrument_name(self) -> str:
        instrument = INSTRUMENTS.get(self.instrument)
        return str(instrument.name) if instrument is not None else self.instrument

    @property
    def item_answers(self) -> dict[int, int]:
        """The answers keyed by item number as an int."""
        return {int(number): value for number, value in self.answers.items()}


class Score(models.Model):
    """A scale score computed from a completed response by assessments.scoring.score()."""

    response = models.ForeignKey(
        QuestionnaireResponse, on_delete=models.CASCADE, related_name="scores"
    )
    scale = models.CharField(max_length=30)
    value = models.FloatField(null=True, blank=True)
    missing_items = models.PositiveSmallIntegerField()
    rule_version = models.CharField(max_length=40)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["response", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "scale"], name="score_once"),
        ]

    def __str__(self):
        return f"{self.response_id} {self.scale}={self.value}"

    @property
    def scale_name(self) -> str:
        instrument = INSTRUMENTS.get(self.response.instrument)
        try:
            return str(instrument.scale(self.scale).name)
        except (AttributeError, KeyError):
            return self.scale
