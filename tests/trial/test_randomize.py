"""Randomization: once, never changed, only after consent and baseline; balanced; concurrent."""

import threading
from collections import Counter

import pytest
from django.db import ProgrammingError, connection, transaction

from tests.factories import ParticipantFactory
from tests.trial.conftest import screening_answers
from trial.models import AllocationSlot, Participant
from trial.services import (
    TrialError,
    allocation_list_import,
    consent_give,
    consent_version_current,
    participant_baseline_completed,
    participant_randomize,
    screening_submit,
)


def _ready(study, site_code="eriksberg"):
    participant = ParticipantFactory(study=study)
    screening_submit(participant=participant, answers=screening_answers(site_code=site_code))
    consent_give(
        participant=participant,
        consent_version=consent_version_current(study=study, language="en"),
        accepted_items=["participate", "data", "randomization"],
        ip_address=None,
    )
    return participant


def test_completing_baseline_randomizes_a_consented_participant(study):
    participant = _ready(study)
    slot = participant_baseline_completed(participant=participant)
    participant.refresh_from_db()
    assert participant.status == Participant.Status.RANDOMIZED
    assert participant.arm == slot.arm
    assert slot.position == 1
    assert participant_baseline_completed(participant=participant) is None


def test_nobody_is_randomized_before_consent_and_baseline(study, registered, coordinator):
    with pytest.raises(TrialError, match="consented"):
        participant_randomize(participant=registered, by=coordinator)
    participant = _ready(study)
    with pytest.raises(TrialError, match="baseline"):
        participant_randomize(participant=participant, by=coordinator)
    ineligible = ParticipantFactory(study=study)
    screening_submit(participant=ineligible, answers=screening_answers(age=90))
    with pytest.raises(TrialError):
        participant_randomize(participant=ineligible, by=coordinator)
    assert not AllocationSlot.objects.filter(participant__isnull=False).exists()


def test_an_allocation_is_made_once_and_cannot_be_changed(study, coordinator):
    participant = _ready(study)
    slot = participant_baseline_completed(participant=participant)
    with pytest.raises(TrialError, match="already"):
        participant_randomize(participant=participant, by=coordinator)
    flipped = "control" if slot.arm == "intervention" else "intervention"
    with pytest.raises(ProgrammingError), transaction.atomic():
        AllocationSlot.objects.filter(pk=slot.pk).update(arm=flipped)
    with pytest.raises(ProgrammingError), transaction.atomic():
        AllocationSlot.objects.filter(pk=slot.pk).delete()


def test_arms_stay_within_a_block_of_each_other_per_site(study):
    counts = Counter()
    for _ in range(40):
        participant = _ready(study, site_code="uddevalla")
        counts[participant_baseline_completed(participant=participant).arm] += 1
        assert abs(counts["intervention"] - counts["control"]) <= 3


def test_an_uploaded_list_is_used_in_order_and_can_run_out(study):
    csv = "stratum,position,arm\nlidkoping,1,control\nlidkoping,2,intervention\n"
    assert allocation_list_import(study=study, csv_text=csv) == 2
    arms = [
        participant_baseline_completed(participant=_ready(study, "lidkoping")).arm for _ in range(2)
    ]
    assert arms == ["control", "intervention"]
    with pytest.raises(TrialError, match="used up"):
        participant_baseline_completed(participant=_ready(study, "lidkoping"))


def test_a_bad_list_is_refused_with_the_row(study):
    with pytest.raises(TrialError, match="row 3"):
        allocation_list_import(
            study=study, csv_text="stratum,position,arm\nx,1,control\nx,1,control\n"
        )


@pytest.mark.django_db(transaction=True)
def test_two_randomizations_at_once_never_take_the_same_slot():
    from trial.services import study_default

    study = study_default()
    participants = []
    for _ in range(6):
        participant = _ready(study, "sannegarden")
        Participant.objects.filter(pk=participant.pk).update(
            baseline_completed_at="2026-01-01T00:00Z"
        )
        participants.append(participant)
    barrier = threading.Barrier(len(participants))
    errors = []

    def randomize(participant):
        try:
            barrier.wait(timeout=10)
            participant_randomize(participant=participant)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=randomize, args=(p,)) for p in participants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    taken = AllocationSlot.objects.filter(participant__isnull=False)
    assert taken.count() == 6
    assert sorted(taken.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_the_last_baseline_questionnaire_randomizes(study, django_capture_on_commit_callbacks):
    from assessments.instruments import INSTRUMENTS
    from assessments.services import response_page_save, response_submit

    participant = _ready(study)
    baseline = study.timepoints.get(code="baseline")
    with django_capture_on_commit_callbacks(execute=True):
        for code in baseline.instruments:
            instrument = INSTRUMENTS[code]
            answers = {item.number: item.minimum for item in instrument.items}
            response_page_save(
                participant=participant, timepoint=baseline, instrument_code=code, answers=answers
            )
            participant.refresh_from_db()
            assert participant.status == Participant.Status.CONSENTED
            response_submit(participant=participant, timepoint=baseline, instrument_code=code)
    participant.refresh_from_db()
    assert participant.baseline_completed_at is not None
    assert participant.status == Participant.Status.RANDOMIZED
