"""The programme: module content versions, release of modules, progress and adherence.

Participants in the intervention arm get a ProgrammeEnrolment; modules open by the study's
ReleaseRule (or a therapist's decision, each logged as an UnlockDecision); reading, time and
worksheets are recorded in ModuleProgress; completion is recorded once and then tells the
therapist (notifications outbox) and refreshes adherence (a Celery task).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Case, CharField, Count, DateTimeField, F, Func, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Extract, Floor
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.celery_app import delay_after_commit
from modules.content import SOURCE_LANGUAGE, ModuleContent, read_programme
from modules.models import (
    Module,
    ModuleProgress,
    ModuleVersion,
    ProgrammeEnrolment,
    ReleaseRule,
    UnlockDecision,
    WorksheetAnswer,
)
from modules.tasks import refresh_adherence
from notifications.services import enqueue, enqueue_from_queryset
from trial.models import Arm, Participant, Study
from trial.services import reminder_due_at, reminder_policy_for

logger = logging.getLogger(__name__)

# Heartbeats come every 15 s from a visible, recently used page; a larger claim is clipped so a
# tampered or delayed request cannot inflate time spent.
MAX_HEARTBEAT_SECONDS = 60


class ProgrammeError(Exception):
    """An action the programme's state does not allow; the message is shown to the user."""


# --- content -------------------------------------------------------------------------------


@transaction.atomic
def programme_load(*, modules: list[ModuleContent] | None = None) -> list[tuple[int, bool]]:
    """Load the module files; a changed text in any language becomes a new revision, one
    version per language. Returns (number, changed)."""
    modules = read_programme() if modules is None else modules
    results = []
    for content in modules:
        module, _created = Module.objects.select_for_update().get_or_create(
            number=content.number, defaults={"slug": content.slug}
        )
        versions = {
            language: ModuleVersion.objects.get_or_create(
                module=module,
                content_hash=content.content_hash,
                language=language,
                defaults={
                    "title": text.title,
                    "description": text.description,
                    "content": text.content,
                },
            )[0]
            for language, text in content.texts.items()
        }
        source = versions[SOURCE_LANGUAGE]
        changed = module.current_version_id != source.pk
        if changed or module.slug != content.slug:
            module.slug = content.slug
            module.current_version = source
            module.save(update_fields=["slug", "current_version"])
        results.append((content.number, changed))
    return results


# --- release -------------------------------------------------------------------------------


def release_rule_for(study: Study) -> ReleaseRule:
    # The reverse one-to-one accessor caches the rule on this study instance for the request.
    try:
        return study.release_rule
    except ReleaseRule.DoesNotExist:
        rule, _created = ReleaseRule.objects.get_or_create(study=study)
        study.release_rule = rule
        return rule


def _local_time_after(moment: datetime, *, days: int, hour: int, zone: ZoneInfo) -> datetime:
    """`hour` o'clock on the local calendar day `days` after `moment`'s local day.

    Counting calendar days in the participant's zone keeps the hour right across
    daylight-saving changes (a day is then 23 or 25 hours long).
    """
    local_day = moment.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(local_day, time(hour), tzinfo=zone)


def participant_zone(participant: Participant) -> ZoneInfo:
    return ZoneInfo(participant.user.time_zone)


def programme_enrolment_ensure(*, participant: Participant) -> ProgrammeEnrolment | None:
    """The participant's programme, made on first need; None outside the intervention arm."""
    if participant.arm != Arm.INTERVENTION or participant.randomized_at is None:
        return None
    try:
        return participant.programme
    except ProgrammeEnrolment.DoesNotExist:
        pass
    rule = release_rule_for(participant.study)
    starts_at = participant.randomized_at
    if rule.start_offset_days:
        starts_at = _local_time_after(
            starts_at,
            days=rule.start_offset_days,
            hour=rule.release_hour,
            zone=participant_zone(participant),
        )
    enrolment, _created = ProgrammeEnrolment.objects.get_or_create(
        participant=participant, defaults={"starts_at": starts_at}
    )
    return enrolment


def module_due_at(
    *,
    rule: ReleaseRule,
    enrolment: ProgrammeEnrolment,
    previous: ModuleProgress | None,
    zone: ZoneInfo,
) -> datetime | None:
    """When the next module may open by the rule, or None while a condition is unmet."""
    if previous is None:
        return enrolment.starts_at
    if rule.require_previous_completed and previous.completed_at is None:
        return None
    return _local_time_after(
        previous.unlocked_at,
        days=rule.min_days_between_modules,
        hour=rule.release_hour,
        zone=zone,
    )


def _unlock(*, participant, module, reason, now, decided_by=None, note="") -> ModuleProgress:
    progress = ModuleProgress.objects.create(
        participant=participant, module=module, unlocked_at=now
    )
    policy = reminder_policy_for(participant.study)
    if policy.module_unlocked:
        enqueue(
            recipient=participant.user,
            kind="module_unlocked",
            reference=f"module_progress:{progress.pk}",
            due_at=reminder_due_at(policy=policy, time_zone=participant.user.time_zone, now=now),
        )
    UnlockDecision.objects.create(
        participant=participant,
        module=module,
        action=UnlockDecision.Action.UNLOCK,
        reason=reason,
        decided_by=decided_by,
        decided_at=now,
        note=note,
    )
    return progress


@transaction.atomic
def programme_release(*, participant: Participant, now: datetime | None = None) -> list[int]:
    """Open every module that is due for this participant; returns the numbers opened."""
    now = now or timezone.now()
    # One release at a time per participant: the row lock serialises concurrent callers.
    enrolment = _locked_enrolment(participant)
    if enrolment is None:
        return []
    if enrolment.paused_at is not None:
        return []
    rule = release_rule_for(participant.study)
    zone = participant_zone(participant)
    progress = {p.module_id: p for p in ModuleProgress.objects.filter(participant=participant)}
    approved = set(
        UnlockDecision.objects.filter(
            participant=participant, action=UnlockDecision.Action.APPROVE
        ).values_list("module_id", flat=True)
    )
    opened, previous = [], None
    for module in Module.objects.order_by("number"):
        if module.pk in progress:
            previous = progress[module.pk]
            continue
        if previous is not None and rule.require_therapist_approval and module.pk not in approved:
            break
        due = module_due_at(rule=rule, enrolment=enrolment, previous=previous, zone=zone)
        if due is None or due > now:
            break
        previous = _unlock(
            participant=participant, module=module, reason=UnlockDecision.Reason.SCHEDULE, now=now
        )
        opened.append(module.number)
    return opened


@dataclass(frozen=True)
class UpcomingRelease:
    number: int | None  # None when every module is open
    at: datetime | None  # when it opens, if the rule's conditions are met
    waiting_for: str  # "time", "completion", "approval", "paused", "nothing" or "unavailable"


def next_release(*, participant: Participant, rows) -> UpcomingRelease:
    """What the participant waits for next, from the overview rows the dashboard already has."""
    if not rows:
        return UpcomingRelease(number=None, at=None, waiting_for="unavailable")
    locked = [row for row in rows if row.progress is None]
    if not locked:
        return UpcomingRelease(number=None, at=None, waiting_for="nothing")
    number = locked[0].module.number
    enrolment = participant.programme
    if enrolment.paused_at is not None:
        return UpcomingRelease(number=number, at=None, waiting_for="paused")
    rule = release_rule_for(participant.study)
    previous = rows[number - 2].progress if number > 1 else None
    due = module_due_at(
        rule=rule, enrolment=enrolment, previous=previous, zone=participant_zone(participant)
    )
    if due is None:
        return UpcomingRelease(number=number, at=None, waiting_for="completion")
    if previous is not None and rule.require_therapist_approval:
        return UpcomingRelease(number=number, at=due, waiting_for="approval")
    return UpcomingRelease(number=number, at=due, waiting_for="time")


def _locked_enrolment(participant: Participant) -> ProgrammeEnrolment | None:
    """The enrolment, read under a row lock, so that changes to one programme take turns."""
    if participant.arm != Arm.INTERVENTION or participant.randomized_at is None:
        return None
    if participant.status == Participant.Status.WITHDRAWN:
        return None  # a withdrawn participant keeps what is open, and gets nothing new
    enrolment = (
        ProgrammeEnrolment.objects.select_for_update().filter(participant=participant).first()
    )
    if enrolment is None:
        created = programme_enrolment_ensure(participant=participant)
        enrolment = ProgrammeEnrolment.objects.select_for_update().get(pk=created.pk)
    participant.programme = enrolment  # later reads in this request see the locked row
    return enrolment


def _next_locked_module(participant: Participant) -> Module:
    module = (
        Module.objects.exclude(
            pk__in=ModuleProgress.objects.filter(participant=participant).values("module_id")
        )
        .order_by("number")
        .first()
    )
    if module is None:
        raise ProgrammeError(_("All modules are already open."))
    return module


@transaction.atomic
def module_open_early(*, participant: Participant, by: User, note: str = "") -> ModuleProgress:
    """A therapist opens the next module now, whatever the rule says."""
    if _locked_enrolment(participant) is None:
        raise ProgrammeError(_("This participant is not in the programme."))
    module = _next_locked_module(participant)
    return _unlock(
        participant=participant,
        module=module,
        reason=UnlockDecision.Reason.EARLY,
        now=timezone.now(),
        decided_by=by,
        note=note,
    )


@transaction.atomic
def module_approve(*, participant: Participant, by: User) -> list[int]:
    """A therapist approves the next module; it opens as soon as the rule's timing allows."""
    module = _next_locked_module(participant)
    UnlockDecision.objects.create(
        participant=participant,
        module=module,
        action=UnlockDecision.Action.APPROVE,
        reason=UnlockDecision.Reason.APPROVED,
        decided_by=by,
    )
    return programme_release(participant=participant)


@transaction.atomic
def programme_pause(*, participant: Participant, by: User, note: str = "") -> None:
    enrolment = _locked_enrolment(participant)
    if enrolment is None or enrolment.paused_at is not None:
        raise ProgrammeError(_("The programme is not running, so it cannot be paused."))
    ProgrammeEnrolment.objects.filter(pk=enrolment.pk).update(paused_at=timezone.now())
    UnlockDecision.objects.create(
        participant=participant,
        action=UnlockDecision.Action.PAUSE,
        reason=UnlockDecision.Reason.THERAPIST,
        decided_by=by,
        note=note,
    )


@transaction.atomic
def programme_resume(*, participant: Participant, by: User, note: str = "") -> list[int]:
    enrolment = _locked_enrolment(participant)
    if enrolment is None or enrolment.paused_at is None:
        raise ProgrammeError(_("The programme is not paused."))
    ProgrammeEnrolment.objects.filter(pk=enrolment.pk).update(paused_at=None)
    UnlockDecision.objects.create(
        participant=participant,
        action=UnlockDecision.Action.RESUME,
        reason=UnlockDecision.Reason.THERAPIST,
        decided_by=by,
        note=note,
    )
    return programme_release(participant=participant)


def programme_release_due(*, participant_ids: list[int]) -> int:
    """Release due modules for a batch of participants (the periodic task's work)."""
    opened = 0
    participants = Participant.objects.filter(
        pk__in=participant_ids, arm=Arm.INTERVENTION, programme__paused_at__isnull=True
    ).select_related("user", "study", "programme")
    for participant in participants:
        opened += len(programme_release(participant=participant))
    return opened


# --- progress ------------------------------------------------------------------------------


def participant_activity_touch(*, participant_id: int) -> None:
    ProgrammeEnrolment.objects.filter(participant_id=participant_id).update(
        last_activity_at=timezone.now()
    )


def module_open(*, progress: ModuleProgress, language: str) -> ModuleProgress:
    """Record the first opening and pin the revision the participant will see, in the language
    they read it in (the research export's content_version and content_language)."""
    if progress.first_opened_at is None:
        now = timezone.now()
        current = progress.module.current_version
        translated = ModuleVersion.objects.filter(
            module_id=progress.module_id, content_hash=current.content_hash, language=language
        ).values_list("pk", flat=True)
        ModuleProgress.objects.filter(pk=progress.pk, first_opened_at__isnull=True).update(
            first_opened_at=now,
            content_version_id=translated.first() or current.pk,
        )
        progress.refresh_from_db(fields=["first_opened_at", "content_version"])
    return progress


def module_page_view(*, progress: ModuleProgress, page_number: int) -> bool:
    """Record a page as read; returns True if this view completed the module."""
    if page_number not in progress.pages_viewed:
        ModuleProgress.objects.filter(pk=progress.pk).exclude(
            pages_viewed__contains=[page_number]
        ).update(pages_viewed=Func(F("pages_viewed"), Value(page_number), function="array_append"))
        progress.pages_viewed = [*progress.pages_viewed, page_number]
    participant_activity_touch(participant_id=progress.participant_id)
    if page_number == len(progress.content_version.pages):
        return module_completion_check(progress=progress)
    return False


def module_time_add(*, progress: ModuleProgress, seconds: int) -> int:
    seconds = max(0, min(int(seconds), MAX_HEARTBEAT_SECONDS))
    if seconds:
        ModuleProgress.objects.filter(pk=progress.pk).update(
            time_spent_seconds=F("time_spent_seconds") + seconds
        )
        participant_activity_touch(participant_id=progress.participant_id)
    return seconds


def module_completion_check(*, progress: ModuleProgress) -> bool:
    """Complete the module if the last page was read and every required worksheet submitted.

    Completion is recorded once (a conditional UPDATE); only the call that records it tells the
    therapist and schedules the adherence refresh. Returns True for that call.
    """
    version = progress.content_version
    if progress.completed_at is not None or len(version.pages) not in progress.pages_viewed:
        return False
    submitted = set(
        WorksheetAnswer.objects.filter(
            participant_id=progress.participant_id,
            module_id=progress.module_id,
            submitted_at__isnull=False,
        ).values_list("worksheet_key", flat=True)
    )
    if not version.required_worksheet_keys <= submitted:
        return False
    participant = progress.participant
    with transaction.atomic():
        now = timezone.now()
        recorded = ModuleProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        if not recorded:
            return False
        progress.completed_at = now
        if participant.therapist_id:
            enqueue(
                recipient=participant.therapist,
                kind="module_completed",
                reference=f"module_progress:{progress.pk}",
            )
        delay_after_commit(refresh_adherence, participant.pk)
    programme_release(participant=participant)
    return True


# --- adherence -----------------------------------------------------------------------------


def _completed_counts(participant_ids=None):
    enrolments = ProgrammeEnrolment.objects.annotate(
        completed=Count(
            "participant__module_progress",
            filter=Q(participant__module_progress__completed_at__isnull=False),
        )
    )
    if participant_ids is not None:
        enrolments = enrolments.filter(participant_id__in=participant_ids)
    return enrolments


def adherence_refresh(*, participant_id: int) -> int | None:
    """Recompute one participant's adherence figures from the raw records (idempotent)."""
    enrolment = _completed_counts([participant_id]).first()
    if enrolment is None:
        return None  # not (or no longer) in the programme
    ProgrammeEnrolment.objects.filter(pk=enrolment.pk).update(
        modules_completed=enrolment.completed, adherence_refreshed_at=timezone.now()
    )
    return enrolment.completed


def adherence_recompute_all() -> int:
    """Nightly check: recompute every participant's figures and report any drift."""
    drifted = [
        e
        for e in _completed_counts().iterator(chunk_size=2000)
        if e.completed != e.modules_completed
    ]
    for enrolment in drifted:
        logger.warning(
            "adherence drift for participant %s: stored %s, recomputed %s",
            enrolment.participant_id,
            enrolment.modules_completed,
            enrolment.completed,
        )
        ProgrammeEnrolment.objects.filter(pk=enrolment.pk).update(
            modules_completed=enrolment.completed, adherence_refreshed_at=timezone.now()
        )
    return len(drifted)


# --- reminders -----------------------------------------------------------------------------


def inactivity_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue today's come-back reminders for participants idle in a running programme.

    Escalates through the study's `inactivity_days` (e.g. 3, 7, 14 days idle) and stops after
    the last step; each (idle spell, step) is reminded once, whatever the rule says later.
    Runs as one INSERT ... SELECT: 100,000 participants take about a second
    (benchmarks/reminders_fanout.py).
    """
    now = now or timezone.now()
    policies = {study.pk: reminder_policy_for(study) for study in Study.objects.all()}
    enrolments = (
        ProgrammeEnrolment.objects.filter(paused_at__isnull=True, participant__arm=Arm.INTERVENTION)
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .annotate(since=Coalesce("last_activity_at", "starts_at"))
        .annotate(idle_days=Floor(Extract(Value(now) - F("since"), "epoch") / 86400))
    )
    # The step each participant has reached, from their study's cadence (0: not yet).
    step = Case(
        *[
            When(participant__study_id=study_id, idle_days__gte=days, then=Value(number))
            for study_id, policy in policies.items()
            for number, days in sorted(enumerate(policy.inactivity_days, 1), reverse=True)
        ],
        default=Value(0),
    )
    # One waking-hours calculation per (study, time zone), not per participant.
    zones = list(
        enrolments.values_list("participant__study_id", "participant__user__time_zone")
        .distinct()
        .order_by()
    )
    if not zones:
        return 0
    due_at = Case(
        *[
            When(
                participant__study_id=study_id,
                participant__user__time_zone=time_zone,
                then=Value(
                    reminder_due_at(policy=policies[study_id], time_zone=time_zone, now=now)
                ),
            )
            for study_id, time_zone in zones
        ],
        output_field=DateTimeField(),
    )
    rows = (
        enrolments.annotate(step=step)
        .filter(step__gt=0)
        .annotate(
            recipient_id=F("participant__user_id"),
            reference=Concat(
                Value("inactivity:"),
                Func(
                    F("since"),
                    Value('YYYYMMDD"T"HH24MISS'),
                    function="to_char",
                    output_field=CharField(),
                ),
                Value(":"),
                Cast("step", CharField()),
                output_field=CharField(),
            ),
            due_at=due_at,
        )
    )
    return enqueue_from_queryset(kind="inactivity", rows=rows)
