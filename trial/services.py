"""The trial owns participant records: enrolment, allocation to an arm, care team, withdrawal."""

from django.db import IntegrityError, transaction

from accounts.models import User
from trial.models import Participant, Study

DEFAULT_STUDY_CODE = "cwp-icbt"


def study_default() -> Study:
    """The study that self-registered people join; a site runs one open study at a time."""
    study, _created = Study.objects.get_or_create(
        code=DEFAULT_STUDY_CODE,
        defaults={
            "name": "iCBT for stress in chronic widespread pain",
            "registry_id": "NCT04624139",
        },
    )
    return study


def participant_register(*, user: User) -> Participant:
    """The participant record of a self-registered user; made once, on first need."""
    participants = Participant.objects.select_related("user", "study", "therapist")
    try:
        return participants.get(user=user)
    except Participant.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return Participant.objects.create(user=user, study=study_default())
    except IntegrityError:  # a parallel request made it first
        return participants.get(user=user)
