"""The caseload: a therapist's participants with their figures and flags, most urgent first.

One query reads the whole caseload, each figure a correlated subquery written once in the
SELECT list; flags, the triage order, filters and counts are then worked out in Python. A
therapist's caseload is tens to a few hundred people, so this is cheap, and it keeps the SQL
small: ordering and filtering by the annotations in SQL would repeat every subquery in ORDER
BY, WHERE and CASE.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db.models import (
    BooleanField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import User
from assessments.models import Score
from modules.models import ModuleProgress, WorksheetAnswer
from therapists.models import Message, SafetyFlag, WorksheetFeedback
from therapists.selectors import count_of, of_record, user_zone
from therapists.working_days import overdue_cutoff
from trial.models import Participant
from trial.selectors import participants_visible_to

BASELINE = "baseline"  # the timepoint code of the research bundle's contract
_LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_LAST = dt.datetime.max.replace(tzinfo=dt.UTC)


class Priority:
    """The triage order: what needs the therapist first comes first."""

    SAFETY = 0
    OVERDUE = 1
    AWAITING_REPLY = 2
    FEEDBACK = 3
    INACTIVE = 4
    WORSE = 5
    NONE = 6


FLAGS = ("attention", "safety", "overdue", "awaiting_reply", "feedback", "inactive", "worse")


def _worse_than_baseline() -> ExpressionWrapper | Value:
    """A later score of record is higher (worse) than the baseline one by the configured step."""
    condition = None
    for key, step in settings.WORSE_THAN_BASELINE.items():
        instrument, scale = key.split(".")
        baseline = Score.objects.filter(
            of_record("response__"),
            response__participant_id=OuterRef("response__participant_id"),
            response__instrument=instrument,
            response__timepoint__code=BASELINE,
            scale=scale,
            value__lte=OuterRef("value") - Value(float(step)),
        )
        later = Score.objects.filter(
            of_record("response__"),
            Exists(baseline),
            response__participant_id=OuterRef("pk"),
            response__instrument=instrument,
            scale=scale,
            value__isnull=False,
        ).exclude(response__timepoint__code=BASELINE)
        condition = Exists(later) if condition is None else condition | Exists(later)
    if condition is None:
        return Value(False)
    return ExpressionWrapper(condition, output_field=BooleanField())


def _annotated(participants: QuerySet[Participant], user: User) -> QuerySet[Participant]:
    messages = Message.objects.filter(thread__participant_id=OuterRef("pk"))
    waiting_answers = (
        WorksheetAnswer.objects.filter(
            participant_id=OuterRef("pk"),
            submitted_at__isnull=False,
            submitted_at__gt=OuterRef("handled_cutoff"),
        )
        .exclude(Exists(WorksheetFeedback.objects.filter(answer_id=OuterRef("pk"))))
        .order_by("submitted_at")
    )
    return participants.annotate(
        modules_completed=count_of(
            ModuleProgress.objects.filter(
                participant_id=OuterRef("pk"), completed_at__isnull=False
            ),
            "participant_id",
        ),
        last_participant_message_at=Subquery(
            messages.filter(side=Message.Side.PARTICIPANT)
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
        # PostgreSQL's GREATEST skips NULLs: either source of activity is enough.
        last_activity_at=Greatest(
            "programme__last_activity_at",
            "last_participant_message_at",
            output_field=DateTimeField(),
        ),
        programme_starts_at=F("programme__starts_at"),
        programme_paused_at=F("programme__paused_at"),
        my_last_message_at=Subquery(
            messages.filter(author=user).order_by("-created_at").values("created_at")[:1]
        ),
        awaiting_reply_since=F("message_thread__awaiting_reply_since"),
        unread_messages=count_of(
            messages.filter(side=Message.Side.PARTICIPANT, read_at__isnull=True), "thread_id"
        ),
        handled_cutoff=Coalesce("message_thread__handled_at", Value(_LONG_AGO)),
        worksheets_waiting=count_of(waiting_answers, "participant_id"),
        worksheet_waiting_since=Subquery(waiting_answers.values("submitted_at")[:1]),
        open_safety_flags=count_of(
            SafetyFlag.objects.filter(participant_id=OuterRef("pk"), resolved_at__isnull=True),
            "participant_id",
        ),
        worse_than_baseline=_worse_than_baseline(),
    )


def _triage(participant: Participant, *, cutoff, inactive_before, today) -> None:
    """Set the flags, the priority and the day counts the page shows on one row."""
    p = participant
    p.activity_reference = p.last_activity_at or p.programme_starts_at
    p.is_overdue = p.awaiting_reply_since is not None and p.awaiting_reply_since < cutoff
    p.is_inactive = bool(
        p.programme_starts_at is not None
        and p.programme_paused_at is None
        and p.status != Participant.Status.WITHDRAWN
        and p.activity_reference < inactive_before
    )
    if p.open_safety_flags:
        p.priority = Priority.SAFETY
    elif p.is_overdue:
        p.priority = Priority.OVERDUE
    elif p.awaiting_reply_since is not None:
        p.priority = Priority.AWAITING_REPLY
    elif p.worksheets_waiting:
        p.priority = Priority.FEEDBACK
    elif p.is_inactive:
        p.priority = Priority.INACTIVE
    elif p.worse_than_baseline:
        p.priority = Priority.WORSE
    else:
        p.priority = Priority.NONE
    p.days_since_my_message = _days_between(p.my_last_message_at, today)
    p.days_inactive = _days_between(p.activity_reference, today)


def _days_between(moment: dt.datetime | None, today: dt.date) -> int | None:
    return None if moment is None else (today - timezone.localdate(moment)).days


def _order(participant: Participant) -> tuple:
    p = participant
    return (
        p.priority,
        p.awaiting_reply_since or _LAST,
        p.worksheet_waiting_since or _LAST,
        p.activity_reference or _LAST,
        p.code,
    )


def caseload_for(
    user: User,
    *,
    now: dt.datetime | None = None,
    search: str = "",
    withdrawn: bool = False,
    participant_ids: Iterable[int] | None = None,
) -> list[Participant]:
    """The participants `user` may see, with figures and flags, most urgent first (1 query).

    Withdrawn participants are left out unless asked for; `search` matches part of the code.
    """
    now = now or timezone.now()
    participants = participants_visible_to(user)
    if not withdrawn:
        participants = participants.exclude(status=Participant.Status.WITHDRAWN)
    if search:
        participants = participants.filter(code__icontains=search.strip())
    if participant_ids is not None:
        participants = participants.filter(pk__in=list(participant_ids))
    rows = list(_annotated(participants, user))
    context = {
        "cutoff": overdue_cutoff(now, user_zone(user)),
        "inactive_before": now - dt.timedelta(days=settings.INACTIVE_DAYS),
        "today": timezone.localdate(now),
    }
    for row in rows:
        _triage(row, **context)
    rows.sort(key=_order)
    return rows


def caseload_row(user: User, participant: Participant, *, now=None) -> Participant:
    """One participant's caseload figures (for their own pages); they may be withdrawn."""
    return caseload_for(user, now=now, withdrawn=True, participant_ids=[participant.pk])[0]


_MATCHES = {
    "attention": lambda p: p.priority < Priority.NONE,
    "safety": lambda p: p.open_safety_flags > 0,
    "overdue": lambda p: p.is_overdue,
    "awaiting_reply": lambda p: p.awaiting_reply_since is not None,
    "feedback": lambda p: p.worksheets_waiting > 0,
    "inactive": lambda p: p.is_inactive,
    "worse": lambda p: p.worse_than_baseline,
}


def caseload_filtered(rows: list[Participant], flag: str) -> list[Participant]:
    match = _MATCHES.get(flag)
    return [row for row in rows if match(row)] if match else rows


def caseload_counts(rows: list[Participant]) -> dict[str, int]:
    """How many rows each filter would show."""
    counts = Counter({"total": len(rows)})
    for name, match in _MATCHES.items():
        counts[name] = sum(1 for row in rows if match(row))
    return dict(counts)
