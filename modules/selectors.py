"""Reads of the programme for pages and tasks; each returns what one page needs in few queries."""

from collections.abc import Iterator
from dataclasses import dataclass

from modules.models import Module, ModuleProgress, ProgrammeEnrolment, WorksheetAnswer
from trial.models import Arm, Participant


def running_programme_participant_ids() -> Iterator[int]:
    return (
        ProgrammeEnrolment.objects.filter(paused_at__isnull=True, participant__arm=Arm.INTERVENTION)
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .values_list("participant_id", flat=True)
        .iterator(chunk_size=5000)
    )


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    progress: ModuleProgress | None

    @property
    def state(self) -> str:
        if self.progress is None:
            return "locked"
        if self.progress.completed_at:
            return "completed"
        return "open"

    @property
    def title(self) -> str:
        version = self.progress.content_version if self.progress else None
        return (version or self.module.current_version).title


def programme_overview(participant: Participant) -> list[ModuleRow]:
    """The 14 modules with this participant's progress: two queries whatever the progress."""
    progress = {
        p.module_id: p
        for p in ModuleProgress.objects.filter(participant=participant).select_related(
            "content_version"
        )
    }
    modules = Module.objects.select_related("current_version").order_by("number")
    return [ModuleRow(module=m, progress=progress.get(m.pk)) for m in modules]


def worksheet_answers_for_module(
    participant: Participant, module: Module
) -> dict[str, WorksheetAnswer]:
    return {
        a.worksheet_key: a
        for a in WorksheetAnswer.objects.filter(participant=participant, module=module)
    }


def submitted_answers(participant: Participant):
    return (
        WorksheetAnswer.objects.filter(participant=participant, submitted_at__isnull=False)
        .select_related("module", "content_version")
        .order_by("-submitted_at")
    )
