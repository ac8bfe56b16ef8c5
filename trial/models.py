import secrets

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# No 0/O or 1/I/L: codes are read aloud and typed by hand.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_participant_code() -> str:
    return "P-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


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

    class Meta:
        verbose_name_plural = "studies"

    def __str__(self):
        return self.name


@pghistory.track()
class Participant(models.Model):
    """A person's record in the trial, linked to their login. Research sees only `code`."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        RANDOMIZED = "randomized", _("Randomized")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participant"
    )
    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="participants")
    code = models.CharField(max_length=12, unique=True, default=new_participant_code)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REGISTERED)
    arm = models.CharField(max_length=20, choices=Arm.choices, blank=True)
    randomized_at = models.DateTimeField(null=True, blank=True)
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
        ordering = ["code"]

    def __str__(self):
        return self.code
