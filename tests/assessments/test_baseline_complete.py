"""baseline_complete(): every instrument of the first timepoint answered on the web or on a
verified paper form. Randomization relies on it."""

from assessments.selectors import baseline_complete
from assessments.services import paper_entry_create
from tests.assessments.conftest import BASELINE_INSTRUMENTS, answer_on_web, full_answers
from tests.factories import ParticipantFactory
from trial.models import Study, Timepoint


def _paper(participant, timepoint, code, by, answers=None):
    return paper_entry_create(
        participant=participant,
        timepoint=timepoint,
        instrument_code=code,
        answers=answers or full_answers(code),
        entered_by=by,
    )


def test_it_is_false_until_every_baseline_instrument_is_sent(enrolled, baseline):
    assert baseline_complete(enrolled) is False
    for code in BASELINE_INSTRUMENTS[:-1]:
        answer_on_web(enrolled, baseline, code)
    assert baseline_complete(enrolled) is False
    answer_on_web(enrolled, baseline, BASELINE_INSTRUMENTS[-1])
    assert baseline_complete(enrolled) is True


def test_it_counts_paper_forms_only_once_verified(enrolled, baseline, therapist, physiotherapist):
    answer_on_web(enrolled, baseline, "pain_vas")
    answer_on_web(enrolled, baseline, "pain_locations")
    _paper(enrolled, baseline, "rand36", therapist)
    assert baseline_complete(enrolled) is False  # one entry is not verified
    _paper(enrolled, baseline, "rand36", physiotherapist)
    assert baseline_complete(enrolled) is True


def test_it_ignores_started_but_unsent_web_answers(enrolled, baseline):
    from assessments.services import response_page_save

    for code in BASELINE_INSTRUMENTS:
        response_page_save(
            participant=enrolled,
            timepoint=baseline,
            instrument_code=code,
            answers=full_answers(code),
        )
    assert baseline_complete(enrolled) is False


def test_it_ignores_other_timepoints_and_participants(enrolled, make_participant, m6, baseline):
    other = make_participant()
    for code in BASELINE_INSTRUMENTS:
        answer_on_web(other, baseline, code)
    assert baseline_complete(enrolled) is False
    assert baseline_complete(other) is True


def test_it_is_false_for_a_study_without_a_schedule(db):
    study = Study.objects.create(code="empty", name="No timepoints")
    assert baseline_complete(ParticipantFactory(study=study)) is False
    Timepoint.objects.create(
        study=study, code="baseline", label="Baseline", order=1, anchor="consent", instruments=[]
    )
    assert baseline_complete(ParticipantFactory(study=study)) is False
