"""A participant sends a worksheet; their therapist sees it flagged in the inbox, answers with a
template, and the participant reads the feedback inside the module."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from playwright.sync_api import Page, expect

from accounts.roles import Role
from modules.models import WorksheetAnswer
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.e2e.test_programme_journey import _fill_by_keyboard
from tests.factories import PASSWORD, UserFactory
from therapists.models import MessageTemplate, WorksheetFeedback

WORKSHEET_PAGE = "/programme/modules/1/pages/5/"


def _totp_code(user) -> str:
    secret = decrypt(
        Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    )
    if time.time() % 30 > 25:  # too close to the next code: a slow machine would send it late
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def main_menu(page: Page):
    return page.get_by_role("navigation", name="Main")


def log_in_staff(page: Page, site: str, user, menu: str = "Inbox") -> None:
    """The real login form, then the authenticator code as staff must give it."""
    log_in(page, site, user.email, PASSWORD)
    page.locator("#id_code").fill(_totp_code(user))
    page.get_by_role("button", name="Log in").click()
    expect(main_menu(page).get_by_role("link", name=menu)).to_be_visible()


def test_it_takes_a_worksheet_to_feedback_from_a_template(
    page: Page, browser, site, make_participant
):
    participant = make_participant()
    participant.user.first_name = "Alva"
    participant.user.save()
    therapist = participant.therapist
    MessageTemplate.objects.create(
        owner=therapist,
        title="Worksheet feedback",
        body="Hi {first_name}, thank you for your work on {current_module}. Well noticed!",
    )

    # The participant sends the worksheet of module 1.
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + WORKSHEET_PAGE)
    _fill_by_keyboard(page)
    expect(page.get_by_text("Your worksheet has been sent to your therapist")).to_be_visible()

    # The therapist, in their own browser, finds it flagged in the inbox.
    staff_context = browser.new_context()
    staff = staff_context.new_page()
    log_in_staff(staff, site, therapist)
    main_menu(staff).get_by_role("link", name="Inbox").click()
    row = staff.get_by_role("row").filter(has_text=participant.code)
    expect(row.get_by_text("1 worksheet awaiting feedback")).to_be_visible()
    assert_accessible(staff)

    # They read the worksheet, then answer it with the template, as feedback on it.
    row.get_by_role("link", name=participant.code).click()
    expect(staff.get_by_role("heading", name=f"Messages with {participant.code}")).to_be_visible()
    staff.get_by_role("navigation", name="Participant pages").get_by_role(
        "link", name="Worksheets"
    ).click()
    expect(staff.get_by_text("Tight shoulders and a short temper.").first).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Give feedback").click()
    feedback_choice = staff.get_by_label("Feedback on a worksheet (optional)")
    expect(feedback_choice).to_have_value(str(WorksheetAnswer.objects.get().pk))
    staff.get_by_label("Start from a template").select_option(label="Worksheet feedback")
    reply = staff.get_by_role("textbox", name="Reply")
    expect(reply).to_have_value(
        "Hi Alva, thank you for your work on module 1, Welcome: how stress, pain and the body "
        "interact. Well noticed!"
    )
    assert_accessible(staff)
    staff.get_by_role("button", name="Send", exact=True).click()
    expect(staff.get_by_text("Your message was sent.")).to_be_visible()
    assert WorksheetFeedback.objects.get().answer.participant == participant
    main_menu(staff).get_by_role("link", name="Inbox").click()
    expect(
        staff.get_by_role("row").filter(has_text=participant.code).get_by_text("awaiting feedback")
    ).to_have_count(0)
    staff_context.close()

    # The participant reads the feedback inside the module, and is told of it on the dashboard.
    page.goto(site + "/programme/")
    expect(page.get_by_text("You have 1 new message from your therapist.")).to_be_visible()
    page.goto(site + WORKSHEET_PAGE)
    feedback = page.locator(".feedback")
    expect(feedback).to_contain_text("Hi Alva, thank you for your work on module 1")
    assert_accessible(page)

    # And in their messages, with the emergency numbers beside them.
    main_menu(page).get_by_role("link", name="Messages").click()
    expect(page.get_by_text("Messages are not read around the clock")).to_be_visible()
    expect(
        page.get_by_text("Feedback on the worksheet “My stress signals” in module 1")
    ).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, 320)


def test_it_keeps_the_other_inbox_pages_accessible(page: Page, browser, site, make_participant):
    participant = make_participant()
    therapist = participant.therapist
    MessageTemplate.objects.create(owner=therapist, title="Hello", body="Hi {first_name}")
    log_in_staff(page, site, therapist)
    for path in (
        f"/staff/participants/{participant.pk}/notes/",
        f"/staff/participants/{participant.pk}/time/",
        "/staff/reply-templates/",
        "/staff/reply-templates/new/",
    ):
        page.goto(site + path)
        assert_accessible(page)
    page.goto(site + f"/staff/participants/{participant.pk}/messages/")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#id_body_error")).to_contain_text("Write a message before you send it.")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)
    for path in ("/staff/inbox/", f"/staff/participants/{participant.pk}/messages/"):
        page.goto(site + path)
        assert_fits_width(page, 320)

    coordinator_context = browser.new_context()
    coordinator = coordinator_context.new_page()
    log_in_staff(coordinator, site, UserFactory(role=Role.COORDINATOR), menu="Care teams")
    for path in (
        "/staff/care-teams/",
        f"/staff/participants/{participant.pk}/care-team/",
        "/staff/cover/",
    ):
        coordinator.goto(site + path)
        assert_accessible(coordinator)
    coordinator_context.close()
