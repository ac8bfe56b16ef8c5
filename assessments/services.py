"""Assessments own questionnaire responses and their scores.

A participant answers on the web page by page (`response_page_save`) and sends the
questionnaire once (`response_submit`). Staff type in paper forms twice, independently
(`paper_entry_create`); entry 1 becomes the verified response of record when the second entry
agrees, or when someone resolves the differences (`paper_entries_resolve`). Every completed
response gets its scale scores from assessments.scoring, with the rule version that made them.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.instruments import INSTRUMENTS, Instrument
from assessments.models import QuestionnaireResponse, Score, Source
from assessments.pages import missing_required
from assessments.paper_selectors import differing_items, entry_slot
from assessments.scoring import score, validate_answers
from assessments.selectors import TimepointState, baseline_complete, timepoint_status
from trial.models import Participant, Timepoint
from trial.services import TrialError, participant_baseline_completed

logger = logging.getLogger(__name__)


class QuestionnaireError(Exception):
    """An action the questionnaire's state does not allow; the message is shown to the user."""


class AlreadySubmitted(QuestionnaireError):
    def __init__(self, response: QuestionnaireResponse):
        self.response = response
        super().__init__(_("You have already sent this questionnaire. Thank you."))


class ResponseIncomplete(QuestionnaireError):
    def __init__(self, missing: list[int]):
        self.missing = missing
        super().__init__(_("Some questions still need an answer before you can send."))


def _randomize_when_baseline_complete(participant: Participant) -> None:
    """After commit: once every baseline questionnaire is in, the trial records it and
    randomizes a consented participant. A refusal there leaves the answers saved; staff see
    the participant waiting and can randomize by hand."""

    def check():
        fresh = Participant.objects.select_related("study").get(pk=participant.pk)
        if fresh.baseline_completed_at is None and baseline_complete(fresh):
            try:
                participant_baseline_completed(participant=fresh)
            except TrialError as error:
                logger.warning("participant %s not randomized: %s", fresh.pk, error)

    transaction.on_commit(check)


def _instrument(timepoint: Timepoint, instrument_code: str) -> Instrument:
    if instrument_code not in timepoint.instruments or instrument_code not in INSTRUMENTS:
        raise QuestionnaireError(_("This questionnaire is not part of this timepoint."))
    return INSTRUMENTS[instrument_code]


def _validated(instrument: Instrument, answers: dict[int, int | None]) -> dict[int, int | None]:
    """The given answers checked by scoring's rules (the forms check them first, with
    per-question messages; this guards every other caller)."""
    try:
        validate_answers(instrument, answers)
    except ValueError as error:
        raise QuestionnaireError(
            _("An answer was not accepted: %(problem)s") % {"problem": error}
        ) from error
    return answers


def _lock(participant: Participant) -> Participant:
    # One participant's entries take turns, so two staff members cannot both make entry 1.
    return Participant.objects.select_for_update().get(pk=participant.pk)


def _refuse_if_withdrawn(participant: Participant) -> None:
    if participant.status == Participant.Status.WITHDRAWN:
        raise QuestionnaireError(_("You have left the study, so no more answers are collected."))


def _scores_write(response: QuestionnaireResponse, instrument: Instrument, now) -> list[Score]:
    response.scores.all().delete()
    return Score.objects.bulk_create(
        Score(
            response=response,
            scale=scale,
            value=result.value,
            missing_items=result.missing_items,
            rule_version=result.rule_version,
            computed_at=now,
        )
        for scale, result in score(instrument, response.item_answers).items()
    )


def _stored(answers: dict[int, int | None]) -> dict[str, int]:
    return {str(number): value for number, value in sorted(answers.items()) if value is not None}


# --- web -----------------------------------------------------------------------------------


@transaction.atomic
def response_page_save(
    *,
    participant: Participant,
    timepoint: Timepoint,
    instrument_code: str,
    answers: dict[int, int | None],
) -> QuestionnaireResponse:
    """Save the participant's answers to some items (one page); None clears an answer.

    Refused once the questionnaire has been sent or received on paper, for a withdrawn
    participant, and before the timepoint opens.
    """
    instrument = _instrument(timepoint, instrument_code)
    _validated(instrument, answers)
    participant = _lock(participant)
    _refuse_if_withdrawn(participant)
    if timepoint_status(participant, timepoint).status == TimepointState.NOT_OPEN:
        raise QuestionnaireError(_("These questionnaires are not open yet."))
    responses = QuestionnaireResponse.objects.filter(
        participant=participant, timepoint=timepoint, instrument=instrument.code
    )
    if responses.filter(source=Source.PAPER).exists():
        raise QuestionnaireError(
            _("The study team has already received this questionnaire on paper.")
        )
    now = timezone.now()
    response, _created = QuestionnaireResponse.objects.select_for_update().get_or_create(
        participant=participant,
        timepoint=timepoint,
        instrument=instrument.code,
        source=Source.WEB,
        entry_number=1,
        defaults={"started_at": now, "updated_at": now},
    )
    if response.completed_at is not None:
        raise AlreadySubmitted(response)
    merged = {**response.item_answers, **answers}
    response.answers = _stored(merged)
    response.updated_at = now
    response.save(update_fields=["answers", "updated_at"])
    return response


@transaction.atomic
def response_submit(
    *, participant: Participant, timepoint: Timepoint, instrument_code: str
) -> QuestionnaireResponse:
    """Send the web answers: once, and only with every required item answered; scores them."""
    instrument = _instrument(timepoint, instrument_code)
    _refuse_if_withdrawn(_lock(participant))
    response = (
        QuestionnaireResponse.objects.filter(
            participant=participant,
            timepoint=timepoint,
            instrument=instrument.code,
            source=Source.WEB,
        )
        .select_for_update()
        .first()
    )
    if response is None:
        raise ResponseIncomplete(missing_required(instrument, {}))
    if response.completed_at is not None:
        raise AlreadySubmitted(response)
    missing = missing_required(instrument, response.item_answers)
    if missing:
        raise ResponseIncomplete(missing)
    now = timezone.now()
    response.completed_at = now
    response.updated_at = now
    response.save(update_fields=["completed_at", "updated_at"])
    _scores_write(response, instrument, now)
    _randomize_when_baseline_complete(participant)
    return response


# --- paper ---------------------------------------------------------------------------------


@transaction.atomic
def paper_entry_create(
    *,
    participant: Participant,
    timepoint: Timepoint,
    instrument_code: str,
    answers: dict[int, int | None],
    entered_by: User,
) -> QuestionnaireResponse:
    """Record one staff entry of a paper form: entry 1, or the independent entry 2.

    The second entry must come from someone else. When it agrees with the first item by item,
    entry 1 becomes the verified response; otherwise the pair waits for `paper_entries_resolve`.
    """
    instrument = _instrument(timepoint, instrument_code)
    _validated(instrument, answers)
    _lock(participant)
    responses = list(
        QuestionnaireResponse.objects.filter(
            participant=participant, timepoint=timepoint, instrument=instrument.code
        )
    )
    entries = {r.entry_number: r for r in responses if r.source == Source.PAPER}
    web = next((r for r in responses if r.source == Source.WEB), None)
    slot = entry_slot(entries, web, entered_by)
    if slot.number is None:
        raise QuestionnaireError(slot.refusal)
    now = timezone.now()
    entry = QuestionnaireResponse.objects.create(
        participant=participant,
        timepoint=timepoint,
        instrument=instrument.code,
        source=Source.PAPER,
        entry_number=slot.number,
        entered_by=entered_by,
        answers=_stored(answers),
        started_at=now,
        updated_at=now,
        completed_at=now,
    )
    _scores_write(entry, instrument, now)
    if slot.number == 2 and not differing_items(instrument, entries[1], entry):
        _verify(entries[1], by=entered_by, now=now)
        _randomize_when_baseline_complete(participant)
    return entry


def _verify(first: QuestionnaireResponse, *, by: User, now) -> None:
    first.verified = True
    first.verified_at = now
    first.verified_by = by
    first.updated_at = now
    first.save(update_fields=["answers", "verified", "verified_at", "verified_by", "updated_at"])


@transaction.atomic
def paper_entries_resolve(
    *,
    participant: Participant,
    timepoint: Timepoint,
    instrument_code: str,
    answers: dict[int, int | None],
    resolved_by: User,
) -> QuestionnaireResponse:
    """Settle the items on which the two entries differ, as read from the paper form.

    `answers` gives every differing item (None: not answered on the form). The agreed answers
    become entry 1's, which is then the verified response, scored again; entry 2 is kept as
    typed and the history table keeps entry 1 as first typed.
    """
    instrument = _instrument(timepoint, instrument_code)
    _validated(instrument, answers)
    _lock(participant)
    entries = {
        r.entry_number: r
        for r in QuestionnaireResponse.objects.filter(
            participant=participant,
            timepoint=timepoint,
            instrument=instrument.code,
            source=Source.PAPER,
        )
    }
    first, second = entries.get(1), entries.get(2)
    if first is None or second is None:
        raise QuestionnaireError(_("This paper form does not have two entries to compare."))
    if first.verified:
        raise QuestionnaireError(_("This paper form has already been verified."))
    differing = differing_items(instrument, first, second)
    if set(answers) != set(differing):
        raise QuestionnaireError(
            _("The entries have changed since you opened this page. Please look again.")
        )
    now = timezone.now()
    first.answers = _stored({**first.item_answers, **answers})
    _verify(first, by=resolved_by, now=now)
    _scores_write(first, instrument, now)
    _randomize_when_baseline_complete(participant)
    return first
