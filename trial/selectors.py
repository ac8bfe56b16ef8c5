"""Reads of participant records, always scoped to what the asking user may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from trial.models import Participant


def participants_visible_to(user: User) -> QuerySet[Participant]:
    """The participants whose identifiable records `user` may open; none for other roles.

    A therapist sees their own participants and, during a cover period, those of the colleague
    they cover for. Cover periods belong to the therapists app; they are read here through the
    reverse relation `absences` (CoverPeriod.absent_therapist), so this app imports nothing
    from it.
    """
    participants = Participant.objects.select_related("user", "therapist", "physiotherapist")
    if user.is_superuser or user.role == Role.COORDINATOR:
        return participants
    if user.role == Role.THERAPIST:
        now = timezone.now()
        covered = User.objects.filter(
            absences__covering_therapist=user,
            absences__starts_at__lte=now,
            absences__ends_at__gt=now,
        ).values("pk")
        return participants.filter(Q(therapist=user) | Q(therapist__in=covered))
    if user.role == Role.PHYSIOTHERAPIST:
        return participants.filter(physiotherapist=user)
    return participants.none()
