"""Access helpers for programme pages: they return the participant's own objects or raise 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from accounts.models import User
from modules.models import ModuleProgress, ModuleVersion
from modules.services import module_open
from trial.access import get_own_participant
from trial.models import Arm


def get_open_module(user: User, number: int) -> ModuleProgress:
    """The user's progress in an unlocked module; 404 for locked modules, other arms, others.
    A first opening pins the revision in the language the participant reads."""
    participant = get_own_participant(user)
    if participant.arm != Arm.INTERVENTION:
        raise Http404
    progress = get_object_or_404(
        ModuleProgress.objects.select_related(
            "participant__user",
            "participant__therapist",
            "module__current_version",
            "content_version",
        ),
        participant=participant,
        module__number=number,
    )
    return module_open(progress=progress, language=get_language())


def get_worksheet(version: ModuleVersion, worksheet_key: str) -> dict:
    worksheet = version.worksheets.get(worksheet_key)
    if worksheet is None:
        raise Http404
    return worksheet
