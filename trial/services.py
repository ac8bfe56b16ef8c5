"""The trial owns participant records: enrolment, allocation to an arm, care team, withdrawal."""

from django.db import transaction

from accounts.models import User
from trial.models import Participant


@transaction.atomic
def participant_register(*, user: User) -> Participant:
    """The participant record of a self-registered user; made once, on first need."""
    participant, _created = Participant.objects.get_or_create(user=user)
    return participant
