import pytest

from tests.factories import ParticipantFactory
from trial.services import ScreeningAnswers, study_default

HADS_LOW = dict.fromkeys(range(1, 15), 1)  # 7 per subscale: normal


def screening_answers(**changes) -> ScreeningAnswers:
    values = {
        "age": 45,
        "pain_months": 24,
        "pain_widespread": True,
        "site_code": "eriksberg",
        "reads_language": True,
        "has_device": True,
        "serious_disease": False,
        "hads_items": HADS_LOW,
    }
    values.update(changes)
    return ScreeningAnswers(**values)


@pytest.fixture
def study(db):
    return study_default()


@pytest.fixture
def registered(study):
    return ParticipantFactory(study=study)
