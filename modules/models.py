import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trial.models import Participant, Study


class Module(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(max_length=80)
    # The current revision in the source language (English); its translations share its hash.
    current_version = models.ForeignKey(
        "ModuleVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["number"]

    def __str__(self):
        return f"Module {self.number}"


class ModuleVersion(models.Model):
    """One text of a module in one language; never changed once loaded. `content_hash` is of
    the files of every language, so the languages of one revision share it."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="versions")
    content_hash = models.CharField(max_length=64)
    language = models.CharField(max_length=10, default="en")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # Pages (sanitised HTML), worksheet definitions, homework and summary, as loaded.
    content = models.JSONField()
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("module version")
        verbose_name_plural = _("module versions")
        constraints = [
            models.UniqueConstraint(
                fields=["module", "content_hash", "language"], name="module_version_once"
            )
        ]

    def __str__(self):
        return f"Module {self.module_id} version {self.content_hash[:12]} ({self.language})"

    @property
    def pages(self) -> list[dict]:
        return self.content["pages"]

    @property
    def worksheets(self) -> dict[str, dict]:
        return self.content["worksheets"]

    @property
    def required_worksheet_keys(self) -> set[str]:
        return {key for key, sheet in self.worksheets.items() if sheet["required"]}


@pghistory.track()
class ReleaseRule(models.Model):
    """How a study releases modules: when the programme starts and how modules follow."""

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="release_rule")
    start_offset_days = models.PositiveSmallIntegerField(
        _("programme starts this many days after randomization"), default=0
    )
    # 13 gaps of 4 days: the 14 modules fit in about 8 weeks, as in the trial.
    min_days_between_modules = models.PositiveSmallIntegerField(
        _("minimum days between modules"), default=4
    )
    require_previous_completed = models.BooleanField(
        _("the previous module must be completed first"), default=True
    )
    require_therapist_approval = models.BooleanField(
        _("the therapist approves each module after the first"), default=False
    )
    release_hour = models.PositiveSmallIntegerField(
        _("hour of the day modules open (participant's time)"), default=6
    )

    class Meta:
        verbose_name = _("release rule")
        verbose_name_plural = _("release rules")

    def __str__(self):
        return f"Release rule for {self.study}"


class ProgrammeEnrolment(models.Model):
    """An intervention-arm participant's place in the programme, with adherence figures.

    The figures are derived from ModuleProgress by a task (and recomputed nightly); they are
    kept here so lists and exports need no aggregation.
    """

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="programme"
    )
    starts_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    modules_completed = models.PositiveSmallIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    adherence_refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return f"Programme of {self.participant}"


class ModuleProgress(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    # The text the participant saw: set when they first open the module, then kept.
    content_version = models.ForeignKey(
        ModuleVersion, on_delete=models.PROTECT, null=True, related_name="+"
    )
    unlocked_at = models.DateTimeField()
    first_opened_at = models.DateTimeField(null=True, blank=True)
    pages_viewed = ArrayField(models.PositiveSmallIntegerField(), default=list)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        ordering = ["module__number"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "module"], name="progress_once")
        ]

    def __str__(self):
        return f"{self.participant} module {self.module_id}"


class UnlockDecision(models.Model):
    """Every decision about releasing modules, with its reason. Append-only."""

    class Action(models.TextChoices):
        UNLOCK = "unlock", _("Opened")
        APPROVE = "approve", _("Approved")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")

    class Reason(models.TextChoices):
        SCHEDULE = "schedule", _("Due by the release rule")
        EARLY = "early", _("Opened early by the therapist")
        APPROVED = "approved", _("Approved by the therapist")
        THERAPIST = "therapist", _("Therapist's decision")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="unlock_decisions"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("module opening decision")
        verbose_name_plural = _("module opening decisions")
        ordering = ["decided_at", "id"]
        triggers = [
            pgtrigger.Protect(
                name="unlock_decisions_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.action} {self.module_id} for {self.participant_id} ({self.reason})"


class WorksheetAnswer(models.Model):
    """A participant's answers to one worksheet: a draft until submitted, then read-only.

    `revision` grows with every save; a save based on an older revision is a conflict (another
    tab or device saved in between) and is refused rather than overwriting.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="worksheet_answers"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    worksheet_key = models.CharField(max_length=80)
    content_version = models.ForeignKey(ModuleVersion, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("worksheet answer")
        verbose_name_plural = _("worksheet answers")
        ordering = ["module__number", "worksheet_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "module", "worksheet_key"], name="answer_once"
            )
        ]

    def __str__(self):
        return f"{self.participant} {self.module_id}/{self.worksheet_key}"
