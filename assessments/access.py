"""Access helpers: each takes the user and returns what they may open, or raises 404."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from assessments.instruments import Instrument
from assessments.selectors import timepoint_instruments
from trial.access import get_own_participant, get_participant_for_staff
from trial.models import Participant, Timepoint


@dataclass(frozen=True)
class Questionnaire:
    """One instrument of one timepoint for one participant."""

    participant: Participant
    timepoint: Timepoint
    instrument: Instrument
    position: int  # its place among the timepoint's instruments, from 1
    count: int


def _timepoint(participant: Participant, timepoint_code: str) -> Timepoint:
    return get_object_or_404(Timepoint, study_id=participant.study_id, code=timepoint_code)


def _questionnaire(
    participant: Participant, timepoint_code: str, instrument_code: str
) -> Questionnaire:
    timepoint = _timepoint(participant, timepoint_code)
    instruments = timepoint_instruments(timepoint)
    for position, instrument in enumerate(instruments, start=1):
        if instrument.code == instrument_code:
            return Questionnaire(participant, timepoint, instrument, position, len(instruments))
    raise Http404


def get_own_timepoint(user: User, timepoint_code: str) -> tuple[Participant, Timepoint]:
    participant = get_own_participant(user)
    return participant, _timepoint(participant, timepoint_code)


def get_own_questionnaire(user: User, timepoint_code: str, instrument_code: str) -> Questionnaire:
    return _questionnaire(get_own_participant(user), timepoint_code, instrument_code)


def get_questionnaire_for_staff(
    user: User, participant_id: int, timepoint_code: str, instrument_code: str
) -> Questionnaire:
    participant = get_participant_for_staff(user, participant_id)
    return _questionnaire(participant, timepoint_code, instrument_code)
