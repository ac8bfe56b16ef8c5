"""Activity owns the physical activity part of both trial arms: each participant's activity plan,
the three physiotherapist visits (baseline, week 4, week 12, with the WHO-recommendation flag at
visit 3), one main and several intermediate goals, and the participant's and physiotherapist's
ratings of how well each goal was attained. History of every change is kept by pghistory; the
staff views write the audit log.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from activity.models import ActivityPlan, Goal, GoalRating, Visit
from activity.selectors import visit_default_dates
from notifications.services import NotificationRequest, enqueue_many
from trial.models import Participant, Study
from trial.services import reminder_due_at, reminder_policy_for


class ActivityError(Exception):
    """A change the plan's state does not allow; the message is shown to the user."""


def _lock(participant: Participant) -> None:
    # Serialises changes to one participant's plan, visits and goals, so that checks such as
    # "no main goal yet" cannot race with a parallel request.
    Participant.objects.select_for_update().filter(pk=participant.pk).exists()


@transaction.atomic
def activity_plan_save(
    *,
    participant: Participant,
    by: User,
    activities: str,
    frequency: str = "",
    duration: str = "",
    intensity: str = "",
    weekly_moderate_minutes: int = 0,
    weekly_vigorous_minutes: int = 0,
    strength_sessions_per_week: int = 0,
) -> tuple[ActivityPlan, bool]:
    """Create the participant's plan, or change it. Returns (plan, created)."""
    _lock(participant)
    now = timezone.now()
    fields = {
        "activities": activities,
        "frequency": frequency,
        "duration": duration,
        "intensity": intensity,
        "weekly_moderate_minutes": weekly_moderate_minutes,
        "weekly_vigorous_minutes": weekly_vigorous_minutes,
        "strength_sessions_per_week": strength_sessions_per_week,
        "updated_at": now,
        "updated_by": by,
    }
    plan = ActivityPlan.objects.filter(participant=participant).first()
    if plan is None:
        plan = ActivityPlan.objects.create(
            participant=participant, created_at=now, created_by=by, **fields
        )
        return plan, True
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    return plan, False


def _visits_up_to_date(visits: list[Visit], defaults: dict[int, dt.date]) -> bool:
    return len(visits) == len(Visit.SCHEDULE) and all(
        visit.planned_for == defaults[visit.number]
        for visit in visits
        if visit.planned_by_id is None and visit.held_at is None
    )


def visits_ensure(*, participant: Participant) -> list[Visit]:
    """The participant's three visits in order, made with default dates when missing.

    Idempotent. A default date nobody has changed follows the participant's randomization (made
    before it, the visits were dated from registration); a planned or held visit is kept.
    """
    defaults = visit_default_dates(participant)
    visits = list(Visit.objects.filter(participant=participant).order_by("number"))
    if _visits_up_to_date(visits, defaults):
        return visits  # the usual case: a read, no lock
    with transaction.atomic():
        _lock(participant)
        by_number = {visit.number: visit for visit in Visit.objects.filter(participant=participant)}
        for number, (kind, _days) in Visit.SCHEDULE.items():
            visit = by_number.get(number)
            if visit is None:
                by_number[number] = Visit.objects.create(
                    participant=participant, number=number, kind=kind, planned_for=defaults[number]
                )
            elif (
                visit.planned_by_id is None
                and visit.held_at is None
                and visit.planned_for != defaults[number]
            ):
                visit.planned_for = defaults[number]
                visit.save(update_fields=["planned_for"])
    return [by_number[number] for number in sorted(by_number)]


@transaction.atomic
def visit_plan(*, participant: Participant, number: int, planned_for: dt.date, by: User) -> Visit:
    """Set the date of visit `number` (1-3); a visit that has been held keeps its date."""
    if number not in Visit.SCHEDULE:
        raise ActivityError(_("Choose visit 1, 2 or 3."))
    _lock(participant)
    visits_ensure(participant=participant)
    visit = Visit.objects.get(participant=participant, number=number)
    if visit.held_at is not None:
        raise ActivityError(
            _("Visit %(number)s has already been held; record it instead.") % {"number": number}
        )
    visit.planned_for = planned_for
    visit.planned_by = by
    visit.save(update_fields=["planned_for", "planned_by"])
    return visit


@transaction.atomic
def visit_record(
    *,
    visit: Visit,
    held_at: dt.datetime,
    notes: str = "",
    meets_who_recommendation: bool | None = None,
    by: User,
) -> Visit:
    """Record that a visit was held (or correct the record), with the WHO flag at visit 3."""
    if held_at > timezone.now():
        raise ActivityError(_("A visit cannot be recorded before it has been held."))
    if meets_who_recommendation is not None and not visit.rates_who_recommendation:
        raise ActivityError(_("The WHO recommendation is rated at visit 3 only."))
    _lock(visit.participant)
    visit.held_at = held_at
    visit.notes = notes
    visit.meets_who_recommendation = meets_who_recommendation
    visit.recorded_by = by
    visit.save(update_fields=["held_at", "notes", "meets_who_recommendation", "recorded_by"])
    return visit


@transaction.atomic
def goal_create(
    *,
    participant: Participant,
    kind: str,
    description: str,
    target_date: dt.date | None = None,
    by: User,
) -> Goal:
    """Add a goal. A participant has one main goal (a database constraint backs this check)."""
    _lock(participant)
    if kind == Goal.Kind.MAIN and Goal.objects.filter(participant=participant, kind=kind).exists():
        raise ActivityError(
            _(
                "This participant already has a main goal. Change that goal, or add an "
                "intermediate one."
            )
        )
    return Goal.objects.create(
        participant=participant,
        kind=kind,
        description=description,
        target_date=target_date,
        set_by=by,
    )


@transaction.atomic
def goal_update(*, goal: Goal, description: str, target_date: dt.date | None) -> Goal:
    """Change a goal's wording or target date; its kind stays. pghistory and the audit log keep
    who changed it."""
    goal.description = description
    goal.target_date = target_date
    goal.save(update_fields=["description", "target_date"])
    return goal


@transaction.atomic
def goal_rate(*, goal: Goal, rater_role: str, rating: str, by: User) -> tuple[GoalRating, bool]:
    """Rate how well a goal was attained; a second rating by the same role replaces the first.

    Returns (rating, created). Participants rate only their own goals.
    """
    if rater_role == GoalRating.RaterRole.PARTICIPANT and by.pk != goal.participant.user_id:
        raise ActivityError(_("Participants rate only their own goals."))
    return GoalRating.objects.update_or_create(
        goal=goal,
        rater_role=rater_role,
        defaults={"rating": rating, "rated_at": timezone.now(), "rated_by": by},
    )


def visit_reminders_queue(*, now: dt.datetime | None = None) -> int:
    """Remind participants of a physiotherapist visit `visit_reminder_days_before` days ahead.

    Each (visit, planned date) is reminded once; a re-planned visit gets a new reminder.
    """
    now = now or timezone.now()
    policies = {study.pk: reminder_policy_for(study) for study in Study.objects.all()}
    if not policies:
        return 0
    # A day either side of the UTC date covers every zone's "today".
    days_ahead = max(p.visit_reminder_days_before for p in policies.values())
    window_start = now.date() - dt.timedelta(days=1)
    window_end = now.date() + dt.timedelta(days=days_ahead + 1)
    visits = (
        Visit.objects.filter(held_at__isnull=True, planned_for__range=(window_start, window_end))
        .exclude(participant__status=Participant.Status.WITHDRAWN)
        .values_list(
            "pk",
            "planned_for",
            "participant__user_id",
            "participant__study_id",
            "participant__user__time_zone",
        )
    )
    requests = []
    for visit_id, planned_for, user_id, study_id, time_zone in visits.iterator(chunk_size=5000):
        policy = policies[study_id]
        local_today = now.astimezone(ZoneInfo(time_zone)).date()
        if (planned_for - local_today).days != policy.visit_reminder_days_before:
            continue
        requests.append(
            NotificationRequest(
                recipient_id=user_id,
                kind="visit_reminder",
                reference=f"visit:{visit_id}:{planned_for.isoformat()}",
                due_at=reminder_due_at(policy=policy, time_zone=time_zone, now=now),
            )
        )
    return enqueue_many(requests)
