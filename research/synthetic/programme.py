"""What randomized synthetic participants did: modules and worksheets (intervention), messages
and feedback from their therapist, the physical activity plan, visits and goals (both arms),
and their logins."""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import SignIn
from activity.models import ActivityPlan, Goal, GoalRating, Visit
from modules.models import (
    ModuleProgress,
    ProgrammeEnrolment,
    UnlockDecision,
    WorksheetAnswer,
)
from research.synthetic.flow import Person
from research.synthetic.rows import IdPool, TableWriter, as_json
from therapists.models import Message, MessageThread, WorksheetFeedback, WorksheetScan

P_ALL_MODULES = 0.37  # 16/43 in the trial
P_NEVER_STARTED = 0.05
P_OPEN_NEXT = 0.6
P_FEEDBACK = 0.85
PROGRAMME_DAYS = 120
MAIN_GOAL_ATTAINED = {"intervention": 17 / 46, "control": 8 / 42}
INTERMEDIATE_GOAL_ATTAINED = {"intervention": 25 / 46, "control": 15 / 42}
GOALS = [
    "Walk for 30 minutes three times a week",
    "Strength training twice a week",
    "Cycle to work once a week",
    "Stretch for 10 minutes every morning",
    "Swim once a week",
]


@dataclass(frozen=True)
class ModuleInfo:
    module_id: int
    number: int
    version_id: int
    worksheets: tuple[tuple[str, bool, tuple[str, ...]], ...]  # key, required, text fields


@dataclass(frozen=True)
class Staff:
    coordinator: int
    therapist: int
    physiotherapist: int


def _between(rng: random.Random, start: datetime, hours_min: float, hours_max: float) -> datetime:
    return start + timedelta(hours=rng.uniform(hours_min, hours_max))


def _message(writer, ids, rng, *, thread_id, author_id, side, body, at, read_at=None, reply=None):
    message_id = ids.next(Message._meta.db_table)
    writer.add(
        Message._meta.db_table,
        ("id", "thread_id", "author_id", "side", "body", "created_at", "read_at",
         "first_reply_at", "first_reply_id", "idempotency_key"),
        (message_id, thread_id, author_id, side, body, at, read_at,
         reply[1] if reply else None, reply[0] if reply else None,
         uuid.UUID(int=rng.getrandbits(128))),
    )  # fmt: skip
    return message_id


def write_programme(
    *,
    writer: TableWriter,
    ids: IdPool,
    rng: random.Random,
    person: Person,
    participant_id: int,
    user_id: int,
    staff: Staff,
    modules: list[ModuleInfo],
) -> int:
    """Modules, worksheets, feedback and messages of an intervention participant; returns the
    number of modules they completed."""
    start = person.randomized_at
    stop = person.withdrawn_at or start + timedelta(days=PROGRAMME_DAYS)
    draw = rng.random()
    if draw < P_ALL_MODULES:
        completed = len(modules)
    elif draw < P_ALL_MODULES + P_NEVER_STARTED:
        completed = -1  # module 1 opens but is never read
    else:
        completed = int(rng.random() ** 1.5 * (len(modules) - 1))
    thread_id = ids.next(MessageThread._meta.db_table)
    welcome_at = start + timedelta(hours=1)
    messages = [(welcome_at, "care_team", "Welcome to the programme! Module 1 is open now.")]
    last_activity, previous_done, done_count = None, start, 0
    for index, module in enumerate(modules):
        if index > max(completed, 0):
            break
        unlocked = max(start + timedelta(days=4 * index), previous_done)
        if unlocked >= stop:
            break
        opens = index < completed or (completed >= 0 and rng.random() < P_OPEN_NEXT)
        opened = _between(rng, unlocked, 1, 72) if opens else None
        done = _between(rng, opened, 1, 96) if opens and index < completed else None
        if opened and opened >= stop:
            opened = done = None
        if done and done >= stop:
            done = None
        progress = ModuleProgress._meta.db_table
        writer.add(
            progress,
            ("participant_id", "module_id", "content_version_id", "unlocked_at",
             "first_opened_at", "pages_viewed", "time_spent_seconds", "completed_at"),
            (participant_id, module.module_id, module.version_id if opened else None, unlocked,
             opened, [], int(rng.uniform(600, 2400) if done else rng.uniform(60, 900) if opened
                              else 0), done),
        )  # fmt: skip
        writer.add(
            UnlockDecision._meta.db_table,
            ("participant_id", "module_id", "action", "reason", "decided_at", "note"),
            (participant_id, module.module_id, "unlock", "schedule", unlocked, ""),
        )
        last_activity = done or opened or last_activity
        if done is None:
            break
        previous_done, done_count = done, done_count + 1
        for key, required, fields in module.worksheets:
            if not required and rng.random() < 0.5:
                continue
            submitted = done - timedelta(minutes=rng.uniform(5, 60))
            answer_id = ids.next(WorksheetAnswer._meta.db_table)
            data = {field: f"Synthetic answer {rng.randint(1, 999)}." for field in fields}
            writer.add(
                WorksheetAnswer._meta.db_table,
                ("id", "participant_id", "module_id", "worksheet_key", "content_version_id",
                 "data", "revision", "updated_at", "submitted_at"),
                (answer_id, participant_id, module.module_id, key, module.version_id,
                 as_json(data), 1, submitted, submitted),
            )  # fmt: skip
            writer.add(
                WorksheetScan._meta.db_table,
                ("answer_id", "scanned_at"),
                (answer_id, submitted + timedelta(minutes=2)),
            )
            if rng.random() < P_FEEDBACK:
                at = _between(rng, submitted, 2, 48)
                message_id = _message(
                    writer, ids, rng, thread_id=thread_id, author_id=staff.therapist,
                    side="care_team", body="Thank you for your worksheet. Well done!", at=at,
                    read_at=_between(rng, at, 1, 24),
                )  # fmt: skip
                writer.add(
                    WorksheetFeedback._meta.db_table,
                    ("answer_id", "message_id"),
                    (answer_id, message_id),
                )
                messages.append((at, None, None))
    active_until = last_activity or welcome_at
    active_hours = max(3, (active_until - start).total_seconds() / 3600)
    for _ in range(int(rng.random() * (max(completed, 0) / 2 + 2))):
        at = _between(rng, start, 2, active_hours)
        messages.append((at, "participant", "A question about this week's module."))
    last_message = welcome_at
    for at, side, body in sorted(messages, key=lambda m: m[0]):
        last_message = max(last_message, at)
        if side == "participant":
            reply_at = _between(rng, at, 2, 40)
            reply_id = _message(
                writer, ids, rng, thread_id=thread_id, author_id=staff.therapist,
                side="care_team", body="Thank you for your message.", at=reply_at,
                read_at=_between(rng, reply_at, 1, 48),
            )  # fmt: skip
            _message(
                writer, ids, rng, thread_id=thread_id, author_id=user_id, side="participant",
                body=body, at=at, read_at=_between(rng, at, 1, 20), reply=(reply_id, reply_at),
            )  # fmt: skip
            last_message = max(last_message, reply_at)
        elif side == "care_team":
            _message(
                writer, ids, rng, thread_id=thread_id, author_id=staff.therapist, side=side,
                body=body, at=at, read_at=_between(rng, at, 1, 48),
            )  # fmt: skip
    writer.add(
        MessageThread._meta.db_table,
        ("id", "participant_id", "created_at", "last_message_at"),
        (thread_id, participant_id, start, last_message),
    )
    writer.add(
        ProgrammeEnrolment._meta.db_table,
        ("participant_id", "starts_at", "paused_at", "modules_completed", "last_activity_at",
         "adherence_refreshed_at"),
        # The synthetic trial is over: programmes are closed, so no reminders go out.
        (participant_id, start, stop, done_count, last_activity, stop),
    )  # fmt: skip
    return done_count


def write_activity(
    *, writer: TableWriter, rng: random.Random, ids: IdPool, person: Person,
    participant_id: int, user_id: int, staff: Staff,
) -> None:  # fmt: skip
    """Physiotherapist visits, the activity plan, goals and both raters' ratings."""
    start = person.randomized_at
    stop = person.withdrawn_at or start + timedelta(days=365)
    held = {}
    for number, (kind, days) in Visit.SCHEDULE.items():
        planned = start + timedelta(days=days + 3)
        happened = {1: 0.94, 2: 0.85, 3: 0.75}[number]
        at = _between(rng, planned, -48, 48) if rng.random() < happened else None
        if at is not None and (at >= stop or (number > 1 and held.get(number - 1) is None)):
            at = None
        held[number] = at
        writer.add(
            Visit._meta.db_table,
            ("participant_id", "number", "kind", "planned_for", "held_at", "recorded_by_id",
             "notes", "meets_who_recommendation"),
            (participant_id, number, kind.value, planned.date(), at,
             staff.physiotherapist if at else None, "",
             (rng.random() < 0.5) if at and number == Visit.WHO_RATING_VISIT else None),
        )  # fmt: skip
    if held[1] is None:
        return
    writer.add(
        ActivityPlan._meta.db_table,
        ("participant_id", "activities", "frequency", "duration", "intensity",
         "weekly_moderate_minutes", "weekly_vigorous_minutes", "strength_sessions_per_week",
         "created_at", "created_by_id", "updated_at", "updated_by_id"),
        (participant_id, "Walking and strength training", "3 times a week", "30 minutes",
         "moderate", rng.choice([60, 90, 120, 150, 180]), rng.choice([0, 30, 60]),
         rng.randint(0, 3), held[1], staff.physiotherapist, held[1], staff.physiotherapist),
    )  # fmt: skip
    kinds = ["main"] + ["intermediate"] * rng.randint(1, 3)
    for order, kind in enumerate(kinds):
        goal_id = ids.next(Goal._meta.db_table)
        writer.add(
            Goal._meta.db_table,
            ("id", "participant_id", "kind", "description", "set_at", "set_by_id"),
            (goal_id, participant_id, kind, rng.choice(GOALS),
             held[1] + timedelta(minutes=order), staff.physiotherapist),
        )  # fmt: skip
        if held[3] is None:
            continue
        chance = (MAIN_GOAL_ATTAINED if kind == "main" else INTERMEDIATE_GOAL_ATTAINED)[person.arm]
        attained = rng.random() < chance
        for role, rater in (("participant", user_id), ("physiotherapist", staff.physiotherapist)):
            rating = (
                GoalRating.Rating.ATTAINED
                if attained
                else rng.choice([GoalRating.Rating.PARTLY, GoalRating.Rating.NOT_ATTAINED])
            )
            writer.add(
                GoalRating._meta.db_table,
                ("goal_id", "rater_role", "rating", "rated_at", "rated_by_id"),
                (goal_id, role, rating.value, held[3], rater),
            )


def write_logins(
    *, writer: TableWriter, rng: random.Random, person: Person, user_id: int, modules_open: int
) -> None:
    start = person.randomized_at or person.consented_at or person.screened_at
    stop = person.withdrawn_at or start + timedelta(days=PROGRAMME_DAYS)
    count = 1 + rng.randint(0, 3) + int(modules_open * rng.uniform(1, 2))
    for _ in range(count):
        at = start + (stop - start) * rng.random()
        writer.add(SignIn._meta.db_table, ("user_id", "signed_in_at"), (user_id, at))
