"""The onboarding pages in a browser: the step list, the group page, the control arm's message
page and the coordinator's landing page pass axe-core and fit a 375 px screen."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.assessments.conftest import answer_on_web
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.e2e.test_guidance_journey import log_in_staff
from tests.factories import PASSWORD, ParticipantFactory, UserFactory
from trial.models import Arm, Participant
from trial.services import study_default

NARROW = 375


def _check(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page, NARROW)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_participant_on_the_way_in_sees_their_steps(page: Page, site):
    study = study_default()
    participant = ParticipantFactory(
        study=study,
        status=Participant.Status.CONSENTED,
        site=study.sites.get(code="lidkoping"),
        screened_at=timezone.now(),
        consented_at=timezone.now(),
    )
    answer_on_web(participant, study.timepoints.get(code="baseline"), "pain_vas")
    log_in(page, site, participant.user.email, PASSWORD)
    expect(page).to_have_url(f"{site}/me/")  # signing in leads to the next step
    current = page.locator("li[aria-current=step]")
    expect(current).to_contain_text("Answer the first questionnaires")
    expect(current).to_contain_text("In progress")
    expect(page.get_by_role("link", name="Continue the questionnaires")).to_be_visible()
    expect(page.get_by_role("link", name="Withdraw from the study")).to_be_visible()
    _check(page)


def test_a_new_participant_starts_at_the_first_step(page: Page, site):
    user = UserFactory(role=Role.PARTICIPANT)
    log_in(page, site, user.email, PASSWORD)
    expect(page).to_have_url(f"{site}/me/")
    expect(page.locator("li[aria-current=step]")).to_contain_text("Answer questions about you")
    expect(page.get_by_role("link", name="Withdraw from the study")).to_have_count(0)
    _check(page)


def test_the_group_page_and_the_control_arms_messages(page: Page, site):
    study = study_default()
    study.assign_care_teams_automatically = True
    study.save()
    physiotherapist = UserFactory(role=Role.PHYSIOTHERAPIST, first_name="Pia")
    participant = ParticipantFactory(
        study=study,
        status=Participant.Status.RANDOMIZED,
        arm=Arm.CONTROL,
        site=study.sites.get(code="lidkoping"),
        randomized_at=timezone.now(),
        physiotherapist=physiotherapist,
    )
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(f"{site}/me/")
    page.get_by_role("link", name="About your group and your care team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your group")
    expect(page.get_by_text(physiotherapist.get_full_name())).to_be_visible()
    _check(page)
    page.goto(f"{site}/me/messages/")
    expect(page.get_by_text("Your group does not include a therapist")).to_be_visible()
    _check(page)


def test_the_group_page_says_when_the_team_comes(page: Page, site):
    study = study_default()
    participant = ParticipantFactory(
        study=study,
        status=Participant.Status.RANDOMIZED,
        arm=Arm.INTERVENTION,
        site=study.sites.get(code="lidkoping"),
        randomized_at=timezone.now(),
    )
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(f"{site}/me/group/")
    expect(page.get_by_text("Chosen by the study team within 2 working days.")).to_have_count(2)
    _check(page)


def test_the_coordinator_lands_on_who_waits_for_a_care_team(page: Page, site):
    study = study_default()
    waiting = ParticipantFactory(
        study=study,
        status=Participant.Status.RANDOMIZED,
        arm=Arm.INTERVENTION,
        randomized_at=timezone.now(),
    )
    coordinator = UserFactory(role=Role.COORDINATOR)
    log_in_staff(page, site, coordinator, menu="Participants")
    expect(page).to_have_url(f"{site}/staff/participants/")
    section = page.locator("section.attention")
    expect(section).to_contain_text(waiting.code)
    expect(section.get_by_role("link", name=f"Assign {waiting.code}")).to_be_visible()
    _check(page)
