import datetime as dt
import json

import pytest
from django.utils import timezone

from assessments.instruments import INSTRUMENTS
from assessments.services import response_page_save, response_submit
from tests.factories import ParticipantFactory
from trial.models import Participant, Study, Timepoint

# The trial's eight instruments, in the order participants answer them.
ALL_INSTRUMENTS = [
    "pain_vas",
    "pain_locations",
    "fatigue_vas",
    "hads",
    "rand36",
    "mfi20",
    "fiq",
    "sci93",
]
# Baseline in these tests: unlicensed instruments only, so no licensed text file is needed.
BASELINE_INSTRUMENTS = ["pain_vas", "pain_locations", "rand36"]
LICENSED = ("hads", "mfi20", "fiq", "sci93")


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def study(db):
    """A study set up here, not by study_default, so the tests fix their own schedule."""
    study = Study.objects.create(code="assess-test", name="Assessment test study")
    Timepoint.objects.create(
        study=study,
        code="baseline",
        label="Baseline",
        order=1,
        anchor=Timepoint.Anchor.CONSENT,
        offset_days=0,
        window_days=28,
        instruments=BASELINE_INSTRUMENTS,
    )
    Timepoint.objects.create(
        study=study,
        code="m6",
        label="6 months",
        order=2,
        anchor=Timepoint.Anchor.RANDOMIZATION,
        offset_days=182,
        window_days=42,
        instruments=ALL_INSTRUMENTS,
    )
    return study


@pytest.fixture
def baseline(study):
    return study.timepoints.get(code="baseline")


@pytest.fixture
def m6(study):
    return study.timepoints.get(code="m6")


@pytest.fixture
def make_participant(study, therapist, physiotherapist):
    def _make(**extra):
        fields = {
            "study": study,
            "status": Participant.Status.CONSENTED,
            "consented_at": timezone.now(),
            "therapist": therapist,
            "physiotherapist": physiotherapist,
            "user__time_zone": "Europe/Stockholm",
        }
        fields.update(extra)
        return ParticipantFactory(**fields)

    return _make


@pytest.fixture
def enrolled(make_participant):
    """A participant who consented just now: the baseline questionnaires are open."""
    return make_participant()


@pytest.fixture
def texts_dir(tmp_path, settings):
    """Licensed item texts written for the test only: never shipped in the repository."""
    for code in LICENSED:
        instrument = INSTRUMENTS[code]
        data = {"items": {str(n): f"{code} test question {n}" for n in instrument.item_numbers}}
        (tmp_path / f"{code}.json").write_text(json.dumps(data), encoding="utf-8")
    settings.INSTRUMENT_TEXTS_DIR = str(tmp_path)
    return tmp_path


@pytest.fixture
def no_texts(tmp_path, settings):
    settings.INSTRUMENT_TEXTS_DIR = str(tmp_path / "not-installed")


def full_answers(code: str, value_of=None) -> dict[int, int]:
    """An answer to every item: the lowest allowed value unless `value_of(item)` says."""
    answers = {}
    for item in INSTRUMENTS[code].items:
        low = item.options[0].value if item.options else item.minimum
        answers[item.number] = value_of(item) if value_of else low
    return answers


def answer_on_web(participant, timepoint, code, answers=None):
    """Save and send a web questionnaire through the services."""
    response_page_save(
        participant=participant,
        timepoint=timepoint,
        instrument_code=code,
        answers=answers if answers is not None else full_answers(code),
    )
    return response_submit(participant=participant, timepoint=timepoint, instrument_code=code)
