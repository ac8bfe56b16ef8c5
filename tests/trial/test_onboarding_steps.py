"""The start page shows the way into the trial as steps (done, next, later: in words), with one
button to the next step; signing in, or the front door, brings an unfinished participant there."""

import re

import pytest

from tests.assessments.conftest import answer_on_web
from tests.factories import PASSWORD, ParticipantFactory
from tests.trial.conftest import screening_answers
from trial.models import Arm, Participant
from trial.onboarding import StepState, onboarding_steps
from trial.services import (
    consent_give,
    consent_version_current,
    participant_baseline_completed,
    screening_submit,
)

STEPS = [
    "Create an account",
    "Answer questions about you",
    "Read about the study and give your consent",
    "Answer the first questionnaires",
    "Find out your group",
]


def _eligible(study):
    participant = ParticipantFactory(study=study)
    screening_submit(participant=participant, answers=screening_answers())
    participant.refresh_from_db()
    return participant


def _consented(study):
    participant = _eligible(study)
    consent_give(
        participant=participant,
        consent_version=consent_version_current(study=study, language="en"),
        accepted_items=["participate", "data", "randomization"],
        ip_address=None,
    )
    return participant


def _baseline_in_progress(study):
    participant = _consented(study)
    answer_on_web(participant, study.timepoints.get(code="baseline"), "pain_vas")
    return participant


def _randomized(study):
    participant = _consented(study)
    participant_baseline_completed(participant=participant)
    participant.refresh_from_db()
    return participant


def _steps(html: str) -> list[tuple[str, str]]:
    """(title, status in words) of each step on the page, in order."""
    items = re.findall(
        r'<span class="task-name">\d+\. ([^<]+)</span>\s*<strong class="task-status">([^<]+)<',
        html,
    )
    return [(title, status) for title, status in items]


def _next_card(html: str) -> str:
    return html.split('<section class="card next-step"', 1)[1].split("</section>", 1)[0]


def _buttons(html: str) -> list[tuple[str, str]]:
    """(href, text) of each button in the next-step card: there is one, or none."""
    return re.findall(r'<a class="button" href="([^"]+)">([^<]+)</a>', _next_card(html))


@pytest.mark.parametrize(
    ("make", "statuses", "button"),
    [
        (
            ParticipantFactory,
            ["Done", "Next step", "Later", "Later", "Later"],
            ("/me/screening/", "Answer the screening questions"),
        ),
        (
            _eligible,
            ["Done", "Done", "Next step", "Later", "Later"],
            ("/me/consent/", "Read the information and consent"),
        ),
        (
            _consented,
            ["Done", "Done", "Done", "Next step", "Later"],
            ("/questionnaires/baseline/", "Answer the questionnaires"),
        ),
        (
            _baseline_in_progress,
            ["Done", "Done", "Done", "In progress", "Later"],
            ("/questionnaires/baseline/", "Continue the questionnaires"),
        ),
    ],
    ids=["registered", "eligible", "consented", "baseline-in-progress"],
)
def test_it_shows_where_the_participant_is_and_one_button_to_the_next_step(
    client, study, make, statuses, button
):
    participant = make(study=study) if make is ParticipantFactory else make(study)
    client.force_login(participant.user)
    html = client.get("/me/").content.decode()
    assert _steps(html) == list(zip(STEPS, statuses, strict=True))
    assert html.count('aria-current="step"') == 1
    assert _buttons(html) == [button]


def test_it_counts_the_questionnaires_done_while_baseline_is_in_progress(client, study):
    participant = _baseline_in_progress(study)
    client.force_login(participant.user)
    html = client.get("/me/").content.decode()
    total = len(study.timepoints.get(code="baseline").instruments)
    assert f"1 of {total} questionnaires done." in html


@pytest.mark.parametrize(
    ("arm", "button"),
    [
        (Arm.INTERVENTION, ("/programme/", "Go to my programme")),
        (Arm.CONTROL, ("/activity/", "My activity plan")),
    ],
)
def test_a_randomized_participant_sees_every_step_done_and_their_way_on(client, study, arm, button):
    participant = _randomized(study)
    Participant.objects.filter(pk=participant.pk).update(arm=arm)
    client.force_login(participant.user)
    html = client.get("/me/").content.decode()
    assert _steps(html) == [(title, "Done") for title in STEPS]
    assert 'aria-current="step"' not in html
    assert _buttons(html) == [button]
    assert 'href="/me/group/"' in html


def test_waiting_for_randomization_says_so_without_a_button(client, study):
    participant = _consented(study)
    Participant.objects.filter(pk=participant.pk).update(baseline_completed_at=study.created_at)
    client.force_login(participant.user)
    html = client.get("/me/").content.decode()
    assert _steps(html)[3:] == [(STEPS[3], "Done"), (STEPS[4], "Next step")]
    assert "The study team will place you in a group soon" in html
    assert _buttons(html) == []


def test_someone_not_eligible_or_withdrawn_gets_no_steps(client, study):
    ineligible = ParticipantFactory(study=study)
    screening_submit(participant=ineligible, answers=screening_answers(age=90))
    ineligible.refresh_from_db()
    assert onboarding_steps(ineligible) == []
    client.force_login(ineligible.user)
    html = client.get("/me/").content.decode()
    assert "not the right fit" in html and "task-list" not in html


def test_each_step_has_one_state_and_only_the_first_not_done_is_current(study):
    states = [step.state for step in onboarding_steps(_eligible(study))]
    assert states == [
        StepState.DONE,
        StepState.DONE,
        StepState.CURRENT,
        StepState.LATER,
        StepState.LATER,
    ]


def _log_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True)


def test_signing_in_brings_an_unfinished_participant_to_their_next_step(client, study):
    participant = _eligible(study)
    response = _log_in(client, participant.user)
    assert response.redirect_chain[-1][0] == "/me/"
    assert _buttons(response.content.decode()) == [
        ("/me/consent/", "Read the information and consent")
    ]


def test_a_new_participant_without_a_record_lands_on_the_first_step(client, db):
    from tests.factories import UserFactory

    user = UserFactory()
    assert _log_in(client, user).redirect_chain[-1][0] == "/me/"
    assert Participant.objects.get(user=user).status == Participant.Status.REGISTERED


def test_a_randomized_participant_still_starts_at_their_programme(client, study):
    participant = _randomized(study)
    client.force_login(participant.user)
    assert client.get("/")["Location"] == "/programme/"


def test_withdrawal_is_offered_only_once_the_person_has_consented(client, study):
    for participant in (ParticipantFactory(study=study), _eligible(study)):
        client.force_login(participant.user)
        assert "Withdraw from the study" not in client.get("/me/").content.decode()
        assert client.get("/me/withdraw/")["Location"] == "/me/"
        response = client.post("/me/withdraw/", {"data_use": "keep", "confirm": "on"})
        assert response["Location"] == "/me/"
        participant.refresh_from_db()
        assert participant.status != Participant.Status.WITHDRAWN
    consented = _consented(study)
    client.force_login(consented.user)
    assert "Withdraw from the study" in client.get("/me/").content.decode()
    assert client.get("/me/withdraw/").status_code == 200


def test_a_record_randomized_without_the_earlier_marks_shows_them_done(study):
    # The demo accounts are randomized directly, with no screening or consent recorded.
    participant = ParticipantFactory(
        study=study, status=Participant.Status.RANDOMIZED, randomized_at=study.created_at
    )
    assert {step.state for step in onboarding_steps(participant)} == {StepState.DONE}
