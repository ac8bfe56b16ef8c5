"""Reads of participant records, always scoped to what the asking user may see."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import Role
from trial.models import Participant


def participants_visible_to(user: User) -> QuerySet[Participant]:
    """The participants whose identifiable records `user` may open; none for other roles."""
    participants = Participant.objects.select_related("user", "therapist", "physiotherapist")
    if user.is_superuser or user.role == Role.COORDINATOR:
        return participants
    if user.role == Role.THERAPIST:
        return participants.filter(therapist=user)
    if user.role == Role.PHYSIOTHERAPIST:
        return participants.filter(physiotherapist=user)
    return participants.none()
