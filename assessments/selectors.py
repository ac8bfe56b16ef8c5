"""Reads of the assessment schedule and of questionnaire responses.

Windows are whole days in the participant's time zone: a timepoint opens at midnight on the day
`offset_days` after its anchor (consent or randomization) and stays open `window_days` days, so
a participant, their reminders and the staff lists agree on what is due all day long.
"""

import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from assessments.instruments import INSTRUMENTS, Instrument
from assessments.models import OF_RECORD, QuestionnaireResponse, Source
from assessments.pages import missing_required
from assessments.wording import texts_installed
from trial.models import Participant, Timepoint
from trial.selectors import participants_visible_to


class TimepointState(models.TextChoices):
    NOT_OPEN = "not_open", gettext_lazy("Not open yet")
    OPEN = "open", gettext_lazy("Open")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    COMPLETE = "complete", gettext_lazy("Complete")


def responses_of_record() -> QuerySet[QuestionnaireResponse]:
    return QuestionnaireResponse.objects.filter(OF_RECORD)


@dataclass(frozen=True)
class TimepointStatus:
    timepoint: Timepoint
    status: str  # a TimepointState value
    open_at: datetime | None
    close_at: datetime | None  # the first moment it is no longer open

    @property
    def label(self) -> str:
        return TimepointState(self.status).label

    @property
    def last_day(self) -> date | None:
        return None if self.close_at is None else (self.close_at - timedelta(days=1)).date()


def participant_zone(participant: Participant) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(participant.user.time_zone or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def timepoint_window(
    participant: Participant, timepoint: Timepoint
) -> tuple[datetime | None, datetime | None]:
    """(open_at, close_at), or (None, None) while the anchor event has not happened."""
    if timepoint.anchor == Timepoint.Anchor.CONSENT:
        anchor = participant.consented_at
    else:
        anchor = participant.randomized_at
    if anchor is None:
        return None, None
    zone = participant_zone(participant)
    opens_on = timezone.localtime(anchor, zone).date() + timedelta(days=timepoint.offset_days)
    closes_on = opens_on + timedelta(days=timepoint.window_days)
    return (
        datetime.combine(opens_on, time.min, tzinfo=zone),
        datetime.combine(closes_on, time.min, tzinfo=zone),
    )


def _status(
    participant: Participant, timepoint: Timepoint, done: set[str], today: date | None
) -> TimepointStatus:
    open_at, close_at = timepoint_window(participant, timepoint)
    if today is None:
        today = timezone.localdate(timezone=participant_zone(participant))
    if set(timepoint.instruments) <= done:
        state = TimepointState.COMPLETE
    elif open_at is None or today < open_at.date():
        state = TimepointState.NOT_OPEN
    elif today < close_at.date():
        state = TimepointState.OPEN
    else:
        state = TimepointState.OVERDUE
    return TimepointStatus(timepoint, state.value, open_at, close_at)


def completed_instruments(
    participant_ids: Iterable[int], timepoint_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], set[str]]:
    """{(participant id, timepoint id): instrument codes with a response of record}: 1 query."""
    records = responses_of_record().filter(participant_id__in=list(participant_ids))
    if timepoint_ids is not None:
        records = records.filter(timepoint_id__in=list(timepoint_ids))
    done: dict[tuple[int, int], set[str]] = defaultdict(set)
    for participant_id, timepoint_id, code in records.values_list(
        "participant_id", "timepoint_id", "instrument"
    ):
        done[(participant_id, timepoint_id)].add(code)
    return done


def timepoint_status(
    participant: Participant, timepoint: Timepoint, *, today: date | None = None
) -> TimepointStatus:
    """Where the participant is with one timepoint. `today` defaults to their own local date.

    A timepoint is complete when every instrument it lists has a response of record (even if
    that came before the window opened); a timepoint listing no instruments is complete.
    """
    done = completed_instruments([participant.pk], [timepoint.pk])
    return _status(participant, timepoint, done[(participant.pk, timepoint.pk)], today)


def timepoint_statuses(
    participant: Participant, *, today: date | None = None
) -> list[TimepointStatus]:
    """Every timepoint of the participant's study, in order (2 queries)."""
    timepoints = list(Timepoint.objects.filter(study_id=participant.study_id).order_by("order"))
    done = completed_instruments([participant.pk])
    return [_status(participant, tp, done[(participant.pk, tp.pk)], today) for tp in timepoints]


@dataclass(frozen=True)
class BaselineProgress:
    timepoint: Timepoint  # the study's first
    done: int  # its instruments with a response of record
    total: int


def baseline_progress(participant: Participant) -> BaselineProgress | None:
    """How far the participant is with the study's first timepoint (None: it has none)."""
    first = Timepoint.objects.filter(study_id=participant.study_id).order_by("order").first()
    if first is None:
        return None
    instruments = set(first.instruments)
    done = completed_instruments([participant.pk], [first.pk])[(participant.pk, first.pk)]
    return BaselineProgress(first, len(instruments & done), len(instruments))


def baseline_complete(participant: Participant) -> bool:
    """Every instrument of the study's first timepoint has a response of record (web answers
    sent, or a verified paper form). False when the first timepoint lists no instruments, so
    that randomization never proceeds on a misconfigured schedule."""
    progress = baseline_progress(participant)
    return progress is not None and progress.total > 0 and progress.done == progress.total


@dataclass(frozen=True)
class DueRow:
    participant: Participant
    status: TimepointStatus
    completed: int  # instruments of the timepoint with a response of record

    @property
    def total(self) -> int:
        return len(self.status.timepoint.instruments)


def due_participants(
    user: User,
    today: date | None = None,
    *,
    timepoint_code: str = "",
    state: str = "",
) -> list[DueRow]:
    """Participants `user` may see who have a timepoint open or overdue and not complete.

    Withdrawn participants are left out. Overdue rows first, then by closing day. Three
    queries whatever the number of participants. `today` defaults to each participant's date.
    """
    participants = list(
        participants_visible_to(user)
        .exclude(status=Participant.Status.WITHDRAWN)
        .filter(Q(consented_at__isnull=False) | Q(randomized_at__isnull=False))
        .order_by("code")
    )
    if not participants:
        return []
    timepoints = Timepoint.objects.filter(study_id__in={p.study_id for p in participants}).order_by(
        "order"
    )
    if timepoint_code:
        timepoints = timepoints.filter(code=timepoint_code)
    by_study: dict[int, list[Timepoint]] = defaultdict(list)
    for timepoint in timepoints:
        by_study[timepoint.study_id].append(timepoint)
    done = completed_instruments([p.pk for p in participants])
    wanted = {state} if state else {TimepointState.OPEN, TimepointState.OVERDUE}
    rows = []
    for participant in participants:
        for timepoint in by_study[participant.study_id]:
            codes = done[(participant.pk, timepoint.pk)]
            status = _status(participant, timepoint, codes, today)
            if status.status in wanted:
                completed = len(codes & set(timepoint.instruments))
                rows.append(DueRow(participant, status, completed))
    rows.sort(
        key=lambda r: (
            r.status.status != TimepointState.OVERDUE,
            r.status.close_at,
            r.participant.code,
        )
    )
    return rows


def timepoint_choices() -> list[tuple[str, str]]:
    """(code, label) of the timepoints in use, for filters; first label wins per code."""
    seen: dict[str, str] = {}
    for code, label in Timepoint.objects.order_by("order", "id").values_list("code", "label"):
        seen.setdefault(code, gettext(label))
    return list(seen.items())


def timepoint_instruments(timepoint: Timepoint) -> list[Instrument]:
    """The registered instruments a timepoint lists, in its order (unknown codes left out)."""
    return [INSTRUMENTS[code] for code in timepoint.instruments if code in INSTRUMENTS]


# --- one participant's questionnaires ------------------------------------------------------


class InstrumentState(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("Started")
    SENT = "sent", gettext_lazy("Sent")
    ON_PAPER = "on_paper", gettext_lazy("Received on paper")
    PAPER_NEEDED = "paper_needed", gettext_lazy("On paper only")


@dataclass(frozen=True)
class InstrumentRow:
    instrument: Instrument
    position: int
    state: str
    answered: int
    response: QuestionnaireResponse | None

    @property
    def label(self) -> str:
        return InstrumentState(self.state).label

    @property
    def total(self) -> int:
        return len(self.instrument.items)

    @property
    def can_answer(self) -> bool:
        return self.state in (InstrumentState.NOT_STARTED, InstrumentState.IN_PROGRESS)


def participant_instruments(participant: Participant, timepoint: Timepoint) -> list[InstrumentRow]:
    """The instruments of a timepoint as the participant sees them (1 query)."""
    responses = QuestionnaireResponse.objects.filter(participant=participant, timepoint=timepoint)
    web = {r.instrument: r for r in responses if r.source == Source.WEB}
    on_paper = {r.instrument for r in responses if r.source == Source.PAPER}
    rows = []
    for position, instrument in enumerate(timepoint_instruments(timepoint), start=1):
        response = web.get(instrument.code)
        if response is not None and response.completed_at is not None:
            state = InstrumentState.SENT
        elif instrument.code in on_paper:
            state = InstrumentState.ON_PAPER
        elif not texts_installed(instrument):
            state = InstrumentState.PAPER_NEEDED
        elif response is not None:
            state = InstrumentState.IN_PROGRESS
        else:
            state = InstrumentState.NOT_STARTED
        answered = len(response.answers) if response is not None else 0
        rows.append(InstrumentRow(instrument, position, state.value, answered, response))
    return rows


def web_response(
    participant: Participant, timepoint: Timepoint, instrument_code: str
) -> QuestionnaireResponse | None:
    return QuestionnaireResponse.objects.filter(
        participant=participant,
        timepoint=timepoint,
        instrument=instrument_code,
        source=Source.WEB,
    ).first()


def web_missing_items(instrument: Instrument, response: QuestionnaireResponse | None) -> list[int]:
    return missing_required(instrument, response.item_answers if response is not None else {})


# --- a participant's assessments, for staff ------------------------------------------------


@dataclass(frozen=True)
class StaffInstrumentRow:
    instrument: Instrument
    web: QuestionnaireResponse | None
    first: QuestionnaireResponse | None  # paper entry 1
    second: QuestionnaireResponse | None  # paper entry 2

    @property
    def record(self) -> QuestionnaireResponse | None:
        if self.web is not None and self.web.completed_at is not None:
            return self.web
        if self.first is not None and self.first.verified:
            return self.first
        return None

    @property
    def disagreement(self) -> bool:
        return self.first is not None and self.second is not None and not self.first.verified


@dataclass(frozen=True)
class StaffTimepoint:
    status: TimepointStatus
    rows: list[StaffInstrumentRow]


def participant_assessments(
    participant: Participant, *, today: date | None = None
) -> list[StaffTimepoint]:
    """Every timepoint of the participant with each instrument's web answers, paper entries and
    the scores of the response of record (4 queries)."""
    timepoints = list(Timepoint.objects.filter(study_id=participant.study_id).order_by("order"))
    responses = (
        QuestionnaireResponse.objects.filter(participant=participant)
        .select_related("entered_by", "verified_by")
        .prefetch_related("scores")
    )
    found: dict[tuple, QuestionnaireResponse] = {}
    done: dict[int, set[str]] = defaultdict(set)
    for response in responses:
        found[
            (response.timepoint_id, response.instrument, response.source, response.entry_number)
        ] = response
        if response.completed_at is not None and (
            response.source == Source.WEB or response.verified
        ):
            done[response.timepoint_id].add(response.instrument)
    blocks = []
    for timepoint in timepoints:
        rows = [
            StaffInstrumentRow(
                instrument,
                found.get((timepoint.pk, instrument.code, Source.WEB, 1)),
                found.get((timepoint.pk, instrument.code, Source.PAPER, 1)),
                found.get((timepoint.pk, instrument.code, Source.PAPER, 2)),
            )
            for instrument in timepoint_instruments(timepoint)
        ]
        status = _status(participant, timepoint, done[timepoint.pk], today)
        blocks.append(StaffTimepoint(status, rows))
    return blocks
