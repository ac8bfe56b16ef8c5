"""After randomization the participant sees their group in plain words and their care team, or
when it comes; the last baseline questionnaire leads there, and the start page links to it."""

from django.utils import timezone
from django.utils.html import escape

from assessments.instruments import INSTRUMENTS
from tests.factories import ParticipantFactory
from trial.models import Arm, Participant

GROUP = "/me/group/"


def _randomized(study, arm=Arm.INTERVENTION, **extra):
    return ParticipantFactory(
        study=study,
        status=Participant.Status.RANDOMIZED,
        arm=arm,
        consented_at=timezone.now(),
        baseline_completed_at=timezone.now(),
        randomized_at=timezone.now(),
        **extra,
    )


def _page(client, participant) -> str:
    client.force_login(participant.user)
    response = client.get(GROUP)
    assert response.status_code == 200
    return response.content.decode()


def test_it_names_the_group_and_the_care_team(client, study, therapist, physiotherapist):
    participant = _randomized(study, therapist=therapist, physiotherapist=physiotherapist)
    html = _page(client, participant)
    assert "you are in the group that gets the online stress programme" in html
    assert "14 online modules" in html
    assert escape(therapist.get_full_name()) in html
    assert escape(physiotherapist.get_full_name()) in html
    assert "The other group gets the physical activity plan" in html
    assert 'href="/programme/"' in html


def test_the_control_arm_hears_about_its_physiotherapist_and_no_therapist(
    client, study, physiotherapist
):
    participant = _randomized(study, arm=Arm.CONTROL, physiotherapist=physiotherapist)
    html = _page(client, participant)
    assert "the group that gets a physical activity plan with a physiotherapist" in html
    assert "Your therapist" not in html
    assert "does not include a therapist" in html
    assert escape(physiotherapist.get_full_name()) in html
    assert 'href="/activity/"' in html


def test_it_says_when_the_study_team_assigns_the_care_team(client, study, settings):
    settings.CARE_TEAM_WITHIN_WORKING_DAYS = 3
    html = _page(client, _randomized(study))
    assert html.count("Chosen by the study team within 3 working days.") == 2  # both roles


def test_with_automatic_care_teams_it_says_minutes(client, study):
    study.assign_care_teams_automatically = True
    study.save()
    html = _page(client, _randomized(study, arm=Arm.CONTROL))
    assert html.count("usually within a few minutes") == 1  # the physiotherapist only


def test_before_randomization_it_leads_back_to_the_start_page(client, study):
    participant = ParticipantFactory(study=study)
    client.force_login(participant.user)
    assert client.get(GROUP)["Location"] == "/me/"


def test_sending_the_last_baseline_questionnaire_leads_to_the_group_page(
    client, transactional_db, study
):
    # Committed for real: the trial randomizes when the answers are committed.
    study.timepoints.filter(code="baseline").update(instruments=["pain_vas"])
    participant = ParticipantFactory(
        study=study,
        status=Participant.Status.CONSENTED,
        consented_at=timezone.now(),
        site=study.sites.get(code="lidkoping"),
    )
    client.force_login(participant.user)
    answers = {f"item_{n}": "40" for n in INSTRUMENTS["pain_vas"].item_numbers}
    client.post("/questionnaires/baseline/pain_vas/pages/1/", answers)
    response = client.post("/questionnaires/baseline/pain_vas/review/")
    assert response["Location"] == GROUP
    participant.refresh_from_db()
    assert participant.status == Participant.Status.RANDOMIZED
    assert "Your programme:" in client.get("/me/").content.decode()
