from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trial.models import Study


class ExportJob(models.Model):
    """One research export: who asked for what, and where it stands.

    The row is the export's identity, so a task delivered twice runs it once (the worker claims
    the row with a conditional UPDATE); exports from the command line are recorded here too.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        SPSS = "spss", _("CSV and SPSS (.sav)")
        STATA = "stata", _("CSV and Stata (.dta)")

    class Origin(models.TextChoices):
        PAGE = "page", _("Export page")
        COMMAND = "command", _("Command line")

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="research_exports"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.PAGE)
    file_format = models.CharField(max_length=10, choices=Format.choices, default=Format.CSV)
    shift_dates = models.BooleanField(default=False)
    include_free_text = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent; live figure in the cache
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("research export")
        verbose_name_plural = _("research exports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="export_progress_percent"
            )
        ]

    def __str__(self):
        return f"Export {self.pk} of {self.study_id} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
