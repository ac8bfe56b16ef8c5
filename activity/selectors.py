"""Reads of activity plans, visits and goals; the caller has already checked access."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from activity.models import ActivityPlan, Goal, GoalRating, Visit
from trial.models import Participant
from trial.selectors import participants_visible_to


def visit_default_dates(participant: Participant) -> dict[int, dt.date]:
    """Default visit dates by number: baseline is the day of randomization (or of registration,
    before randomization) in the participant's own time zone."""
    try:
        zone = zoneinfo.ZoneInfo(participant.user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    baseline = timezone.localdate(participant.randomized_at or participant.created_at, zone)
    return {
        number: baseline + dt.timedelta(days=days)
        for number, (_kind, days) in Visit.SCHEDULE.items()
    }


def activity_plan_for(participant: Participant) -> ActivityPlan | None:
    return (
        ActivityPlan.objects.select_related("created_by", "updated_by")
        .filter(participant=participant)
        .first()
    )


@dataclass
class GoalRow:
    goal: Goal
    participant_rating: GoalRating | None
    physiotherapist_rating: GoalRating | None


def goal_rows(participant: Participant) -> list[GoalRow]:
    """The participant's goals, main goal first, each with its two current ratings."""
    goals = (
        Goal.objects.filter(participant=participant)
        .select_related("set_by")
        .prefetch_related("ratings__rated_by")
    )
    rows = []
    for goal in goals:
        by_role = {rating.rater_role: rating for rating in goal.ratings.all()}
        rows.append(
            GoalRow(
                goal=goal,
                participant_rating=by_role.get(GoalRating.RaterRole.PARTICIPANT),
                physiotherapist_rating=by_role.get(GoalRating.RaterRole.PHYSIOTHERAPIST),
            )
        )
    return rows


def caseload_for(user: User) -> QuerySet[Participant]:
    """The participants `user` may open, with what the caseload list shows, in one query."""
    visits = Visit.objects.filter(participant=OuterRef("pk"))
    first_open_visit = visits.filter(held_at__isnull=True).order_by("number")
    goal_count = (
        Goal.objects.filter(participant=OuterRef("pk"))
        .order_by()
        .values("participant")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        participants_visible_to(user)
        .annotate(
            plan_updated_at=Subquery(
                ActivityPlan.objects.filter(participant=OuterRef("pk")).values("updated_at")[:1]
            ),
            next_visit_number=Subquery(first_open_visit.values("number")[:1]),
            next_visit_on=Subquery(first_open_visit.values("planned_for")[:1]),
            has_visits=Exists(visits),
            goals_count=Coalesce(Subquery(goal_count), 0),
            has_main_goal=Exists(
                Goal.objects.filter(participant=OuterRef("pk"), kind=Goal.Kind.MAIN)
            ),
        )
        .order_by("code")
    )


@dataclass
class CaseloadRow:
    participant: Participant
    next_visit_number: int | None
    next_visit_on: dt.date | None
    # True when the date is the default one: the visits have not been set up yet.
    next_visit_is_default: bool


def caseload_rows(page: Page) -> list[CaseloadRow]:
    """Rows of one caseload page (participants annotated by caseload_for); no extra queries."""
    rows = []
    for participant in page:
        if participant.has_visits:
            row = CaseloadRow(
                participant, participant.next_visit_number, participant.next_visit_on, False
            )
        else:
            row = CaseloadRow(participant, 1, visit_default_dates(participant)[1], True)
        rows.append(row)
    return rows
