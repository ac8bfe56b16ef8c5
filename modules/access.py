"""Access helpers for programme pages: they return the participant's own objects or raise 404."""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from modules.models import ModuleProgress, ModuleVersion
from modules.selectors import programme_overview
from modules.services import module_open, next_release
from trial.access import get_own_participant
from trial.models import Arm, Participant


@dataclass(frozen=True)
class ModuleOpening:
    """What a participant is told about one of their own modules that has not opened yet."""

    number: int
    # "time" (opens at `at`), "due" (opens on the participant's next visit to the programme),
    # "completion" (after they finish the module before), "approval" (their therapist decides),
    # "paused" (the programme is paused), "order" (a module before it has to open first)
    waiting_for: str
    at: datetime | None = None

    @property
    def previous(self) -> int:
        return self.number - 1


class ModuleNotOpen(Http404):
    """A 404 that the error page (config.views.page_not_found) explains with `opening`.

    Raised only for the asking participant's own programme, so it tells them nothing about
    anyone else."""

    def __init__(self, opening: ModuleOpening):
        super().__init__(f"module {opening.number} is not open yet")
        self.opening = opening


def get_open_module(user: User, number: int) -> ModuleProgress:
    """The user's progress in an unlocked module; 404 for locked modules (ModuleNotOpen for
    their own modules still to come), other arms, others. A first opening pins the revision in
    the language the participant reads."""
    participant = get_own_participant(user)
    if participant.arm != Arm.INTERVENTION:
        raise Http404
    progress = (
        ModuleProgress.objects.select_related(
            "participant__user",
            "participant__therapist",
            "module__current_version",
            "content_version",
        )
        .filter(participant=participant, module__number=number)
        .first()
    )
    if progress is None:
        raise _not_open(participant, number)
    return module_open(progress=progress, language=get_language())


def _not_open(participant: Participant, number: int) -> Http404:
    """The 404 for a module without progress: one that says when it opens if it is a module
    still to come in this participant's running programme, a plain one otherwise.

    Reads only: a module that is due but not yet released opens when the participant next
    visits their programme page (modules.views.dashboard releases it)."""
    if participant.randomized_at is None or participant.status == Participant.Status.WITHDRAWN:
        return Http404()
    if not hasattr(participant, "programme"):  # no enrolment: the programme never started
        return Http404()
    rows = programme_overview(participant, get_language())
    if not any(row.module.number == number for row in rows):
        return Http404()
    upcoming = next_release(participant=participant, rows=rows)
    if upcoming.waiting_for == "paused":
        waiting_for, at = "paused", None
    elif upcoming.number != number:
        waiting_for, at = "order", None
    elif upcoming.waiting_for == "time" and upcoming.at <= timezone.now():
        waiting_for, at = "due", None
    else:
        waiting_for, at = upcoming.waiting_for, upcoming.at
    return ModuleNotOpen(ModuleOpening(number=number, waiting_for=waiting_for, at=at))


def get_worksheet(version: ModuleVersion, worksheet_key: str) -> dict:
    worksheet = version.worksheets.get(worksheet_key)
    if worksheet is None:
        raise Http404
    return worksheet
