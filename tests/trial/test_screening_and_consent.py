"""Screening decides eligibility (kept with reasons); consent follows, once; withdrawal stops."""

import pytest

from notifications.models import Notification
from tests.trial.conftest import screening_answers
from trial.models import Participant
from trial.services import (
    TrialError,
    consent_give,
    consent_version_current,
    participant_withdraw,
    screening_submit,
)

REQUIRED = ["participate", "data", "randomization"]


def test_it_screens_an_eligible_person(registered):
    screening = screening_submit(participant=registered, answers=screening_answers())
    registered.refresh_from_db()
    assert screening.eligible and screening.reasons == []
    assert registered.status == Participant.Status.ELIGIBLE
    assert registered.site.code == "eriksberg"
    assert screening.answers["hads_scores"] == {"anxiety": 7.0, "depression": 7.0}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"age": 17}, "age"),
        ({"age": 71}, "age"),
        ({"pain_months": 2}, "pain_duration"),
        ({"pain_widespread": False}, "pain_not_widespread"),
        ({"serious_disease": True}, "serious_disease"),
        ({"has_device": False}, "no_device"),
        # Odd items are anxiety: 16 of 21 is above the trial's limit of 15.
        (
            {
                "hads_items": {
                    **dict.fromkeys(range(1, 15), 1),
                    1: 3,
                    3: 3,
                    5: 3,
                    7: 3,
                    9: 2,
                    11: 1,
                    13: 1,
                }
            },
            "hads_anxiety",
        ),
        ({"hads_items": {n: 3 if n % 2 == 0 else 0 for n in range(1, 15)}}, "hads_depression"),
    ],
)
def test_screen_failures_are_kept_with_their_reason(registered, changes, reason):
    screening = screening_submit(participant=registered, answers=screening_answers(**changes))
    registered.refresh_from_db()
    assert not screening.eligible
    assert reason in screening.reasons
    assert registered.status == Participant.Status.INELIGIBLE


def test_the_age_limits_are_the_studys(registered, study):
    study.max_age = 65  # as the registry entry said
    study.save()
    assert (
        "age" in screening_submit(participant=registered, answers=screening_answers(age=66)).reasons
    )


def test_screening_happens_once_and_needs_a_known_site(registered):
    with pytest.raises(TrialError, match="sites"):
        screening_submit(participant=registered, answers=screening_answers(site_code="mars"))
    screening_submit(participant=registered, answers=screening_answers())
    with pytest.raises(TrialError, match="already"):
        screening_submit(participant=registered, answers=screening_answers())


def test_consent_needs_eligibility_and_every_required_item(registered, study):
    version = consent_version_current(study=study, language="en")
    with pytest.raises(TrialError):
        consent_give(
            participant=registered,
            consent_version=version,
            accepted_items=REQUIRED,
            ip_address=None,
        )
    screening_submit(participant=registered, answers=screening_answers())
    with pytest.raises(TrialError, match="required"):
        consent_give(
            participant=registered,
            consent_version=version,
            accepted_items=["participate"],
            ip_address=None,
        )
    consent = consent_give(
        participant=registered,
        consent_version=version,
        accepted_items=REQUIRED,
        ip_address="10.0.0.1",
    )
    registered.refresh_from_db()
    assert registered.status == Participant.Status.CONSENTED
    assert consent.accepted_items == sorted(REQUIRED)
    with pytest.raises(TrialError):
        consent_give(
            participant=registered,
            consent_version=version,
            accepted_items=REQUIRED,
            ip_address=None,
        )


def test_withdrawal_records_what_may_be_kept_and_stops_notifications(registered, coordinator):
    Notification.objects.create(recipient=registered.user, kind="module_completed", reference="x")
    withdrawal = participant_withdraw(
        participant=registered, by=registered.user, data_use="no_further", reason="Too tired"
    )
    registered.refresh_from_db()
    assert registered.status == Participant.Status.WITHDRAWN
    assert withdrawal.data_use == "no_further"
    assert Notification.objects.get().state == Notification.State.SUPPRESSED
    with pytest.raises(TrialError):
        participant_withdraw(participant=registered, by=coordinator, data_use="keep")
