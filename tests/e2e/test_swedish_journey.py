"""The whole participant journey in Swedish, as the trial's participants read it: sign-up,
screening, consent, a questionnaire, module 1 with its worksheet, a message to the therapist
and the therapist's reply (written by a therapist who works in English). Every page is marked
Swedish, shows no English word of the project's catalogue and passes axe-core."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from config.devstack import DEMO_INSTRUMENT_TEXTS
from modules.models import ModuleVersion, WorksheetAnswer
from tests.e2e.conftest import assert_accessible, assert_in_swedish, fill_screening
from tests.e2e.test_guidance_journey import log_in_staff
from therapists.models import Message
from trial.models import AllocationSlot, Arm, Participant, Timepoint
from trial.services import study_default

PASSWORD = "ett-langt-och-hemligt-losenord-42"
EMAIL = "karin@example.org"


def _check(page: Page) -> None:
    assert_in_swedish(page)
    assert_accessible(page)


def _submit(page: Page) -> None:
    # The form's own first button (allauth adds a "cancel" button bound to another form).
    page.locator("main form button[type=submit]:not([form])").first.click()


def _sign_up(page: Page, site: str) -> None:
    page.goto(f"{site}/accounts/signup/")
    _check(page)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    _submit(page)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    _check(page)
    _submit(page)
    page.locator("#id_login").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    _submit(page)


def _answer_screening(page: Page) -> None:
    fill_screening(page, age="47", pain_months="60")
    _check(page)
    _submit(page)


def _answer_questionnaires(page: Page, site: str) -> None:
    page.goto(f"{site}/questionnaires/")
    _check(page)
    page.locator("main a[href$='/questionnaires/baseline/']").first.click()
    _check(page)
    while (start := page.locator("main p > a.button[href*='/questionnaires/baseline/']")).count():
        start.first.click()
        _check(page)
        while page.locator("button[name=go][value=next]").count():
            for number in page.locator("input[data-vas-number]").all():
                number.fill("40")
            for group in page.locator("fieldset.q-item").all():
                radios = group.locator("input[type=radio]")
                if radios.count():
                    radios.first.check()
            page.locator("button[name=go][value=next]").click()
        _check(page)  # the review page
        _submit(page)
        _check(page)


def test_a_swedish_participant_goes_through_the_trial_in_swedish(
    browser, site, programme, therapist
):
    study = study_default()
    assert study.default_language == "sv"
    Timepoint.objects.filter(study=study, code="baseline").update(instruments=["pain_vas", "hads"])
    # The coordinator's allocation list puts the first person at Lidköping in the iCBT arm.
    AllocationSlot.objects.create(
        site=study.sites.get(code="lidkoping"),
        position=1,
        block_number=1,
        block_size=2,
        arm=Arm.INTERVENTION,
    )
    from django.conf import settings

    settings.INSTRUMENT_TEXTS_DIR = str(DEMO_INSTRUMENT_TEXTS)

    context = browser.new_context(locale="sv-SE")  # the browser asks for Swedish
    page = context.new_page()
    _sign_up(page, site)
    participant = Participant.objects.get(user__email=EMAIL)
    assert participant.user.language == "sv"  # remembered on the account

    page.goto(f"{site}/me/")
    _check(page)
    page.locator("a[href$='/me/screening/']").first.click()
    _answer_screening(page)
    page.locator("a[href$='/me/consent/']").first.click()
    _check(page)
    expect(page.get_by_text("Jag har läst informationen och vill delta i studien.")).to_be_visible()
    for checkbox in page.locator("main form input[type=checkbox][required]").all():
        checkbox.check()
    _submit(page)
    participant.refresh_from_db()
    assert participant.consent.consent_version.language == "sv"

    _answer_questionnaires(page, site)
    participant.refresh_from_db()
    assert (participant.status, participant.arm) == (
        Participant.Status.RANDOMIZED,
        Arm.INTERVENTION,
    )
    # A coordinator assigns the care team (their own journey); then module 1 in Swedish.
    participant.therapist = therapist
    participant.save(update_fields=["therapist"])

    page.goto(f"{site}/programme/")
    _check(page)
    swedish = ModuleVersion.objects.get(module__number=1, language="sv")
    page.locator("main a[href$='/programme/modules/1/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(swedish.pages[0]["title"])
    _check(page)
    while page.locator("form.worksheet-form").count() == 0:
        page.locator("a[rel=next]").click()
        _check(page)
    form = page.locator("form.worksheet-form")
    for textarea in form.locator("textarea").all():
        textarea.fill("Spända axlar och kort stubin.")
    for fieldset in form.locator("fieldset.choices-scale").all():
        fieldset.locator("input[type=radio]").nth(3).check()
    form.locator("button[name=action][value=submit]").click()
    answer = WorksheetAnswer.objects.get(participant=participant)
    assert answer.submitted_at is not None and answer.data["stress_level"] == 3
    assert answer.content_version.language == "sv"
    _check(page)

    page.goto(f"{site}/me/messages/")
    _check(page)
    page.locator("main form.message-form textarea").fill("Hej! Jag har en fråga om modul 1.")
    _submit(page)
    _check(page)

    # The therapist works in English and replies.
    staff_context = browser.new_context(locale="en-GB")
    staff = staff_context.new_page()
    log_in_staff(staff, site, therapist)
    staff.goto(f"{site}/staff/participants/{participant.pk}/messages/")
    expect(staff.locator("html")).to_have_attribute("lang", "en")
    staff.get_by_role("textbox", name="Reply").fill(
        "Hej Karin, bra fråga! Vi tar det steg för steg."
    )
    staff.get_by_role("button", name="Send", exact=True).click()
    expect(staff.get_by_text("Your message was sent.")).to_be_visible()
    staff_context.close()
    assert Message.objects.filter(thread__participant=participant).count() == 2

    page.goto(f"{site}/me/messages/")
    expect(page.get_by_text("Vi tar det steg för steg.")).to_be_visible()
    _check(page)
    context.close()
