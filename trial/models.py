import secrets

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# No 0/O or 1/I/L: codes are read aloud and typed by hand.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_participant_code() -> str:
    return "P-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def new_allocation_secret() -> str:
    return secrets.token_urlsafe(32)


class Arm(models.TextChoices):
    INTERVENTION = "intervention", _("iCBT and physical activity plan")
    CONTROL = "control", _("Physical activity plan")


@pghistory.track()
class Study(models.Model):
    """A trial, or a routine-care service, with its own participants and rules."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    registry_id = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Eligibility (the trial's registry said 18-65, the article 18-70: configurable).
    min_age = models.PositiveSmallIntegerField(default=18)
    max_age = models.PositiveSmallIntegerField(default=70)
    min_pain_months = models.PositiveSmallIntegerField(default=3)
    hads_exclusion_above = models.PositiveSmallIntegerField(default=15)
    # Seeds the concealed allocation sequence. Never rendered on any page, form or admin view.
    allocation_secret = models.CharField(max_length=64, default=new_allocation_secret)
    allocation_from_list = models.BooleanField(
        default=False, help_text=_("Allocate from an uploaded list instead of the seeded sequence.")
    )
    # For participants whose browser names no language of the site (the trial ran in Swedish).
    default_language = models.CharField(
        _("default language"), max_length=10, choices=settings.LANGUAGES, default="sv"
    )
    # At randomization the therapists app gives the participant a care team by its rule
    # (therapists/care.py, "automatic assignment"); off: coordinators assign every one by hand.
    assign_care_teams_automatically = models.BooleanField(
        _("assign care teams automatically"), default=False
    )

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def __str__(self):
        return self.name


@pghistory.track()
class Participant(models.Model):
    """A person's record in the trial, linked to their login. Research sees only `code`."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        INELIGIBLE = "ineligible", _("Not eligible")
        ELIGIBLE = "eligible", _("Eligible")
        CONSENTED = "consented", _("Consented")
        RANDOMIZED = "randomized", _("Randomized")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participant"
    )
    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="participants")
    code = models.CharField(max_length=12, unique=True, default=new_participant_code)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    site = models.ForeignKey(
        "Site", on_delete=models.PROTECT, null=True, blank=True, related_name="participants"
    )
    arm = models.CharField(max_length=20, choices=Arm.choices, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    consented_at = models.DateTimeField(null=True, blank=True)
    # Set by the assessments app when the first timepoint's questionnaires are all complete.
    baseline_completed_at = models.DateTimeField(null=True, blank=True)
    randomized_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="therapist_caseload",
        limit_choices_to={"role": "therapist"},
    )
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="physiotherapist_caseload",
        limit_choices_to={"role": "physiotherapist"},
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Site(models.Model):
    """A rehabilitation site; randomization is stratified by site."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sites")
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["study", "code"], name="site_code_once")]

    def __str__(self):
        return self.name


class Timepoint(models.Model):
    """A measurement occasion: when it opens (days after its anchor) and how long it stays open."""

    class Anchor(models.TextChoices):
        CONSENT = "consent", _("Consent")
        RANDOMIZATION = "randomization", _("Randomization")

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="timepoints")
    code = models.SlugField(max_length=20)  # baseline, m6, m12, m24: the export's codes
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    anchor = models.CharField(max_length=20, choices=Anchor.choices)
    offset_days = models.PositiveSmallIntegerField(default=0)
    window_days = models.PositiveSmallIntegerField(default=28)
    instruments = ArrayField(models.CharField(max_length=30), default=list)

    class Meta:
        verbose_name = _("timepoint")
        verbose_name_plural = _("timepoints")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="timepoint_code_once")
        ]

    def __str__(self):
        # The default timepoints' labels are in the catalogue; a coordinator's own label is
        # shown as they wrote it.
        return gettext(self.label)


class ConsentVersion(models.Model):
    """A published consent text with its explicit consent items; never edited once used."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="consent_versions")
    version = models.CharField(_("version"), max_length=20)
    # A participant consents to the text in their language; the consent records which one.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    text = models.TextField(
        _("text"), help_text=_("Markdown; shown to participants and kept with consents.")
    )
    # [{"key": "...", "text": "...", "required": true}, ...]
    items = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("consent version")
        verbose_name_plural = _("consent versions")
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "version", "language"], name="consent_version_once"
            )
        ]

    def __str__(self):
        return f"{self.study.code} consent {self.version} ({self.language})"


class Screening(models.Model):
    """A person's answers to the eligibility questions, kept also when they are not eligible."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="screening"
    )
    answers = models.JSONField()
    eligible = models.BooleanField()
    reasons = ArrayField(models.CharField(max_length=40), default=list)
    screened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self):
        return f"Screening of {self.participant}"


class Consent(models.Model):
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="consent"
    )
    consent_version = models.ForeignKey(ConsentVersion, on_delete=models.PROTECT)
    accepted_items = ArrayField(models.CharField(max_length=50))
    consented_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        triggers = [
            pgtrigger.Protect(
                name="consent_unchangeable", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"Consent of {self.participant} to {self.consent_version}"


class Withdrawal(models.Model):
    class DataUse(models.TextChoices):
        KEEP = "keep", _("Keep data collected so far for the analysis")
        NO_FURTHER = "no_further", _("Keep data collected so far, collect nothing more")
        DELETE = "delete", _("Delete data where the law allows it")

    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="withdrawal"
    )
    withdrawn_at = models.DateTimeField(default=timezone.now)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data_use = models.CharField(max_length=20, choices=DataUse.choices)
    reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")

    def __str__(self):
        return f"Withdrawal of {self.participant}"


class AllocationSlot(models.Model):
    """One place in a site's concealed allocation sequence. Filled once, never changed."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="allocation_slots")
    position = models.PositiveIntegerField()
    block_number = models.PositiveIntegerField()
    block_size = models.PositiveSmallIntegerField()
    arm = models.CharField(max_length=20, choices=Arm.choices)
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="allocation"
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("allocation slot")
        verbose_name_plural = _("allocation slots")
        ordering = ["site", "position"]
        constraints = [
            models.UniqueConstraint(fields=["site", "position"], name="allocation_position_once")
        ]
        triggers = [
            # Slots are filled exactly once: a filled slot can never be changed or removed.
            pgtrigger.Protect(
                name="allocation_fixed",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__participant__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.site} slot {self.position}"


def _default_inactivity_days():
    return [3, 7, 14]


def _default_questionnaire_days():
    return [0, 3, 7, 14]


@pghistory.track()
class ReminderPolicy(models.Model):
    """When a study's participants and staff are reminded. Changing it never re-sends a reminder
    already sent: each reminder's key names its occasion and step, not these settings."""

    study = models.OneToOneField(Study, on_delete=models.CASCADE, related_name="reminder_policy")
    waking_start_hour = models.PositiveSmallIntegerField(_("reminders from (hour)"), default=9)
    waking_end_hour = models.PositiveSmallIntegerField(_("reminders until (hour)"), default=20)
    module_unlocked = models.BooleanField(_("tell participants when a module opens"), default=True)
    # Days without activity after which to remind, escalating; none after the last step.
    inactivity_days = ArrayField(
        models.PositiveSmallIntegerField(), default=_default_inactivity_days
    )
    # Days after a questionnaire opens on which to remind, while it is open and not done.
    questionnaire_days = ArrayField(
        models.PositiveSmallIntegerField(), default=_default_questionnaire_days
    )
    visit_reminder_days_before = models.PositiveSmallIntegerField(default=1)
    therapist_digest_hour = models.PositiveSmallIntegerField(default=8)

    class Meta:
        verbose_name = _("reminder rules")
        verbose_name_plural = _("reminder rules")

    def __str__(self):
        return f"Reminders of {self.study}"
