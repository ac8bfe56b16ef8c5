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


@pytest.fixture
def licensed_texts(tmp_path, settings):
    """Stand-in item texts for the licensed instruments (tests never ship the real wording)."""
    import json

    from assessments.instruments import INSTRUMENTS

    for code, instrument in INSTRUMENTS.items():
        if instrument.texts_licensed:
            items = {str(n): f"Test item {n} of {code}" for n in instrument.item_numbers}
            (tmp_path / f"{code}.json").write_text(json.dumps({"items": items}))
    settings.INSTRUMENT_TEXTS_DIR = str(tmp_path)
    return tmp_path
