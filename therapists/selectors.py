"""Reads for the guidance inbox, scoped to what the asking user may see (the caseload is in
therapists.caseload). Each returns what one page needs in a fixed number of queries."""

import datetime as dt
import statistics
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from assessments.models import Score, Source
from modules.models import ModuleProgress, WorksheetAnswer
from therapists.models import (
    Message,
    MessageTemplate,
    SafetyFlag,
    TherapistTime,
    WorksheetFeedback,
)
from therapists.working_days import working_deadline
from trial.models import Participant
from trial.selectors import participants_visible_to


def user_zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.time_zone or settings.TIME_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(settings.TIME_ZONE)


def count_of(queryset: QuerySet, group_by: str) -> Coalesce:
    counted = queryset.order_by().values(group_by).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def of_record(prefix: str) -> Q:
    """Responses that count (see assessments.models.OF_RECORD), seen through `prefix`."""
    return Q(**{f"{prefix}source": Source.WEB, f"{prefix}completed_at__isnull": False}) | Q(
        **{f"{prefix}source": Source.PAPER, f"{prefix}entry_number": 1, f"{prefix}verified": True}
    )


def worksheet_title(prefix: str = "") -> Func:
    """The worksheet's title from its content version, without loading the module's text."""
    return Func(
        F(f"{prefix}content_version__content"),
        Value("worksheets"),
        F(f"{prefix}worksheet_key"),
        Value("title"),
        function="jsonb_extract_path_text",
        output_field=CharField(),
    )


@dataclass(frozen=True)
class ServiceLevel:
    messages: int
    replied: int
    within_limit: int
    median_hours: float | None
    waiting_overdue: int

    @property
    def within_limit_percent(self) -> int | None:
        return round(100 * self.within_limit / self.replied) if self.replied else None


def service_level_for(
    user: User, *, days: int = 30, now: dt.datetime | None = None
) -> ServiceLevel:
    """Replies to the participant messages of the last `days` days in `user`'s caseload."""
    now = now or timezone.now()
    zone = user_zone(user)
    rows = Message.objects.filter(
        side=Message.Side.PARTICIPANT,
        created_at__gte=now - dt.timedelta(days=days),
        thread__participant__in=participants_visible_to(user).values("pk"),
    ).values_list("created_at", "first_reply_at")
    replied, within, waiting_overdue, hours = 0, 0, 0, []
    total = 0
    for created_at, first_reply_at in rows:
        total += 1
        deadline = working_deadline(created_at, zone)
        if first_reply_at is None:
            waiting_overdue += now > deadline
            continue
        replied += 1
        within += first_reply_at <= deadline
        hours.append((first_reply_at - created_at).total_seconds() / 3600)
    return ServiceLevel(
        messages=total,
        replied=replied,
        within_limit=within,
        median_hours=round(statistics.median(hours), 1) if hours else None,
        waiting_overdue=waiting_overdue,
    )


def unread_from_care_team(user: User) -> int:
    """How many of their care team's messages the participant `user` has not opened (1 query)."""
    return Message.objects.filter(
        thread__participant__user=user, side=Message.Side.CARE_TEAM, read_at__isnull=True
    ).count()


def thread_messages(participant: Participant) -> QuerySet[Message]:
    """The thread's messages, oldest first, with what the page shows of each (no N+1)."""
    return (
        Message.objects.filter(thread__participant=participant)
        .select_related("author", "worksheet_feedback__answer__module", "safety_flag")
        .annotate(feedback_worksheet_title=worksheet_title("worksheet_feedback__answer__"))
        .order_by("created_at", "id")
    )


def submitted_worksheets(participant: Participant) -> QuerySet[WorksheetAnswer]:
    """The participant's sent worksheets, newest first, with title and whether feedback exists."""
    return (
        WorksheetAnswer.objects.filter(participant=participant, submitted_at__isnull=False)
        .select_related("module")
        .defer("data")
        .annotate(
            title=worksheet_title(),
            feedback_count=count_of(
                WorksheetFeedback.objects.filter(answer_id=OuterRef("pk")), "answer_id"
            ),
        )
        .order_by("-submitted_at")
    )


def sent_worksheets(participant: Participant) -> list[WorksheetAnswer]:
    """Sent worksheets, newest first, with their definition and feedback (3 queries)."""
    answers = list(
        WorksheetAnswer.objects.filter(participant=participant, submitted_at__isnull=False)
        .select_related("module")
        .prefetch_related("content_version")  # one module text per version, not per answer
        .order_by("-submitted_at")
    )
    feedback = feedback_for_answers([answer.pk for answer in answers])
    for answer in answers:
        answer.worksheet = answer.content_version.worksheets.get(answer.worksheet_key)
        answer.feedback = feedback.get(answer.pk, [])
    return answers


def feedback_for_answers(answer_ids: list[int]) -> dict[int, list[WorksheetFeedback]]:
    feedback: dict[int, list[WorksheetFeedback]] = {}
    rows = WorksheetFeedback.objects.filter(answer_id__in=answer_ids).select_related(
        "message__author"
    )
    for row in rows.order_by("message__created_at"):
        feedback.setdefault(row.answer_id, []).append(row)
    return feedback


def templates_for(user: User) -> QuerySet[MessageTemplate]:
    """The user's own reply templates and those shared by colleagues."""
    return (
        MessageTemplate.objects.filter(Q(owner=user) | Q(shared=True, owner__is_active=True))
        .select_related("owner")
        .order_by("title", "id")
    )


@dataclass(frozen=True)
class CurrentModule:
    number: int
    title: str


def current_module(participant: Participant) -> CurrentModule | None:
    """The module the participant works on: the highest open one, else the last completed."""
    row = (
        ModuleProgress.objects.filter(participant=participant)
        .annotate(title=Coalesce("content_version__title", "module__current_version__title"))
        .order_by(F("completed_at").desc(nulls_first=True), "-module__number")
        .values("module__number", "title")
        .first()
    )
    return CurrentModule(row["module__number"], row["title"]) if row else None


def open_safety_flags(participant: Participant) -> QuerySet[SafetyFlag]:
    return SafetyFlag.objects.filter(participant=participant, resolved_at__isnull=True).order_by(
        "raised_at"
    )


def score_changes(participant: Participant) -> list[dict]:
    """Baseline and later scores of the scales the caseload watches, for the thread page."""
    wanted = Q(pk__in=[])
    for key in settings.WORSE_THAN_BASELINE:
        instrument, scale = key.split(".")
        wanted |= Q(response__instrument=instrument, scale=scale)
    return list(
        Score.objects.filter(wanted, of_record("response__"), response__participant=participant)
        .order_by("response__instrument", "scale", "response__timepoint__order")
        .values(
            "response__instrument", "scale", "value", "response__timepoint__code", "computed_at"
        )
    )


# --- for the research export (research reads this app only through these) -------------------


def guidance_adherence() -> QuerySet[Participant]:
    """Every participant with the guidance figures of the adherence file: messages written by
    each side, feedback on worksheets, and therapist time in seconds (tracked + corrections)."""
    messages = Message.objects.filter(thread__participant_id=OuterRef("pk"))
    seconds = (
        TherapistTime.objects.filter(participant_id=OuterRef("pk"))
        .order_by()
        .values("participant_id")
        .annotate(total=Sum(Greatest(F("tracked_seconds") + F("adjustment_seconds"), Value(0))))
        .values("total")
    )
    return Participant.objects.annotate(
        messages_from_participant=count_of(
            messages.filter(side=Message.Side.PARTICIPANT), "thread_id"
        ),
        messages_from_therapist=count_of(messages.filter(side=Message.Side.CARE_TEAM), "thread_id"),
        therapist_feedback_count=count_of(
            WorksheetFeedback.objects.filter(answer__participant_id=OuterRef("pk")),
            "answer__participant_id",
        ),
        therapist_seconds=Coalesce(Subquery(seconds, output_field=IntegerField()), 0),
    ).order_by("code")


def therapist_time_weeks() -> QuerySet[TherapistTime]:
    """Therapist time per therapist, participant and ISO week, for exports."""
    return TherapistTime.objects.select_related("participant").order_by(
        "participant__code", "iso_year", "iso_week", "therapist_id"
    )
