"""Sign up, screening, consent, baseline questionnaires, randomization, and the arm's page."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, fill_screening
from trial.models import Arm, Participant, Timepoint
from trial.services import study_default

PASSWORD = "a-long-and-private-secret-42"


def _sign_up_and_log_in(page: Page, site: str, email: str) -> None:
    page.goto(f"{site}/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _answer_screening(page: Page) -> None:
    fill_screening(page)
    page.get_by_role("button", name="Send my answers").click()


def _answer_questionnaire(page: Page) -> None:
    while page.get_by_role("button", name="Send my answers").count() == 0:
        for number in page.locator("input[data-vas-number]").all():
            number.fill("40")
        for group in page.locator("fieldset.q-item").all():
            radios = group.locator("input[type=radio]")
            if radios.count():
                radios.first.check()
        page.locator("button[name=go][value=next]").click()
    page.get_by_role("button", name="Send my answers").click()


def test_a_person_goes_from_sign_up_to_their_programme(page: Page, site, licensed_texts, programme):
    study = study_default()
    Timepoint.objects.filter(study=study, code="baseline").update(instruments=["pain_vas", "hads"])
    _sign_up_and_log_in(page, site, "maria@example.org")

    page.goto(f"{site}/me/")
    assert_accessible(page)
    page.get_by_role("link", name="Answer the screening questions").click()
    _answer_screening(page)
    page.get_by_role("link", name="Read the information and consent").click()
    assert_accessible(page)
    for label in [
        "I have read the information",
        "I agree that my answers",
        "I understand that chance decides",
    ]:
        page.get_by_label(re.compile(label)).check()
    page.get_by_role("button", name="I consent").click()
    expect(page.get_by_text("Your consent is recorded")).to_be_visible()

    page.get_by_role("link", name="Answer the questionnaires").click()
    while True:
        start = page.get_by_role("link", name="Start the next questionnaire")
        if start.count() == 0:
            timepoint_link = page.get_by_role("link", name=re.compile("Baseline"))
            if timepoint_link.count() == 0:
                break
            timepoint_link.first.click()
            start = page.get_by_role("link", name="Start the next questionnaire")
            if start.count() == 0:
                break
        start.click()
        _answer_questionnaire(page)

    participant = Participant.objects.get(user__email="maria@example.org")
    assert participant.status == Participant.Status.RANDOMIZED
    assert participant.site.code == "lidkoping"
    page.goto(f"{site}/me/")
    expect(page.get_by_text("Your programme:")).to_be_visible()
    page.goto(f"{site}/programme/")
    if participant.arm == Arm.INTERVENTION:
        expect(page.get_by_role("link", name="Go to module 1")).to_be_visible()
    else:
        expect(page.get_by_text("Your programme is a physical activity plan")).to_be_visible()
    assert_accessible(page)
