"""Reads of participant records, always scoped to what the asking user may see."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from trial.models import Arm, Participant, Study


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


def studies() -> QuerySet[Study]:
    return Study.objects.order_by("name", "code")


def participants_search(
    participants: QuerySet[Participant], *, study: Study | None = None, q: str = ""
) -> QuerySet[Participant]:
    """`participants` of one study (or all), and with a search, those whose code, name or email
    address holds every word of it, whatever the case: "anna berg" finds Anna Berg."""
    if study is not None:
        participants = participants.filter(study=study)
    for word in q.split():
        participants = participants.filter(
            Q(code__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    return participants


def participant_has_group(user: User) -> bool:
    """Whether the user's way into the trial is done: they have been randomized to a group."""
    return Participant.objects.filter(user=user, randomized_at__isnull=False).exists()


def participants_awaiting_care_team(user: User) -> QuerySet[Participant]:
    """Randomized participants `user` may see who still lack someone their group needs: a
    physiotherapist (both arms) or a therapist (intervention arm). Longest waiting first."""
    return (
        participants_visible_to(user)
        .filter(status=Participant.Status.RANDOMIZED)
        .filter(Q(arm=Arm.INTERVENTION, therapist__isnull=True) | Q(physiotherapist__isnull=True))
        .order_by("randomized_at", "code")
    )
