from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    THERAPIST = "therapist", _("Therapist")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    RESEARCHER = "researcher", _("Researcher")
    COORDINATOR = "coordinator", _("Coordinator")


STAFF_ROLES = frozenset({Role.THERAPIST, Role.PHYSIOTHERAPIST, Role.RESEARCHER, Role.COORDINATOR})
# Roles that work with identifiable participant records (researchers get pseudonymised data only).
CARE_ROLES = frozenset({Role.THERAPIST, Role.PHYSIOTHERAPIST, Role.COORDINATOR})
