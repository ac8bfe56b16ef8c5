"""Access helpers: each takes the user and returns the object or raises 404."""

from django.shortcuts import get_object_or_404

from accounts.models import User
from trial.models import Participant
from trial.selectors import participants_visible_to


def get_participant_for_staff(user: User, participant_id: int) -> Participant:
    return get_object_or_404(participants_visible_to(user), pk=participant_id)


def get_own_participant(user: User) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("user", "study", "therapist"), user=user
    )
