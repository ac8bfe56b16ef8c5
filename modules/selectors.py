"""Reads of the programme for pages and tasks; each returns what one page needs in few queries."""

from collections.abc import Iterator
from dataclasses import dataclass

from modules.content import estimated_minutes
from modules.models import (
    Module,
    ModuleProgress,
    ModuleVersion,
    ProgrammeEnrolment,
    WorksheetAnswer,
)
from trial.models import Arm, Participant


def running_programme_participant_ids() -> Iterator[int]:
    return (
        ProgrammeEnrolment.objects.filter(paused_at__isnull=True, participant__arm=Arm.INTERVENTION)
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .values_list("participant_id", flat=True)
        .iterator(chunk_size=5000)
    )


def version_in(version: ModuleVersion, language: str) -> ModuleVersion:
    """The same revision of a module in `language`; the version itself when that revision has no
    such translation (texts loaded before it existed)."""
    if version.language == language:
        return version
    sibling = ModuleVersion.objects.filter(
        module_id=version.module_id, content_hash=version.content_hash, language=language
    ).first()
    return sibling or version


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    progress: ModuleProgress | None
    version: ModuleVersion  # what the participant reads (or will read), in their language

    @property
    def state(self) -> str:
        if self.progress is None:
            return "locked"
        if self.progress.completed_at:
            return "completed"
        return "open"

    @property
    def title(self) -> str:
        return self.version.title

    @property
    def description(self) -> str:
        return self.version.description

    @property
    def next_page(self) -> int:
        """Where the participant left off: the first page they have not read."""
        viewed = self.progress.pages_viewed if self.progress else []
        total = len(self.version.pages)  # every language has the same pages
        return next((n for n in range(1, total + 1) if n not in viewed), 1)


def programme_overview(participant: Participant, language: str) -> list[ModuleRow]:
    """The 14 modules with this participant's progress, titled in `language`: three queries
    whatever the progress."""
    progress = {
        p.module_id: p
        for p in ModuleProgress.objects.filter(participant=participant).select_related(
            "content_version"
        )
    }
    modules = list(Module.objects.select_related("current_version").order_by("number"))
    pinned = {
        m.pk: (progress[m.pk].content_version if m.pk in progress else None) or m.current_version
        for m in modules
    }
    translated = {
        (v.module_id, v.content_hash): v
        for v in ModuleVersion.objects.filter(
            language=language, content_hash__in={v.content_hash for v in pinned.values()}
        )
    }
    return [
        ModuleRow(
            module=m,
            progress=progress.get(m.pk),
            version=translated.get((m.pk, pinned[m.pk].content_hash), pinned[m.pk]),
        )
        for m in modules
    ]


@dataclass(frozen=True)
class ThisWeek:
    """The programme's part of the dashboard's "This week" panel."""

    current: ModuleRow | None  # the open module to work on
    minutes: int | None  # about how long the current module takes
    # The homework of the current module or, while the next one is not open, of the last one.
    homework: ModuleRow | None

    @property
    def homework_html(self) -> str:
        return self.homework.version.content["homework_html"] if self.homework else ""


def this_week(rows: list[ModuleRow]) -> ThisWeek:
    """What to work on now, from the overview's rows: no queries of its own."""
    opened = [row for row in rows if row.progress is not None]
    current = next((row for row in opened if row.state == "open"), None)
    return ThisWeek(
        current=current,
        minutes=estimated_minutes(current.version.content) if current else None,
        homework=current or (opened[-1] if opened else None),
    )


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
