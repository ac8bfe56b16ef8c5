"""The main menu on a phone (behind a "Menu" button) and on a desktop, the unread badge, and
the tabs of a participant's staff pages, each checked with axe at both widths."""

import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.e2e.test_guidance_journey import log_in_staff
from tests.factories import PASSWORD
from therapists.services import message_send

PHONE = {"width": 375, "height": 700}
DESKTOP = {"width": 1280, "height": 800}


def test_a_participant_opens_the_menu_with_the_button_on_a_phone(
    page: Page, site, make_participant
):
    participant = make_participant()
    message_send(
        participant=participant,
        author=participant.therapist,
        body="Hi",
        idempotency_key=uuid.uuid4(),
    )
    page.set_viewport_size(PHONE)
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + "/me/")
    menu = page.get_by_role("navigation", name="Main")
    button = menu.get_by_role("button", name="Menu")
    links = page.locator("#main-menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()
    # The folded menu still tells of the unread message.
    expect(button).to_have_accessible_name("Menu 1 unread message")
    assert_accessible(page)
    assert_fits_width(page, 375)

    # The keyboard alone: Enter opens, Tab reaches the links, Escape closes and returns focus.
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Messages 1 unread")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="My study")).to_be_focused()
    page.keyboard.press("Escape")
    expect(links).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")

    menu.get_by_role("link", name="Messages").click()
    expect(page.get_by_role("heading", name="Messages with your therapist")).to_be_visible()
    expect(page.locator("#main-menu")).to_be_hidden()  # folded again on the new page
    expect(menu.get_by_role("button", name="Menu")).to_be_visible()

    # On a desktop the menu shows in full, without the button; read messages lose the badge.
    page.set_viewport_size(DESKTOP)
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="Questionnaires")).to_be_visible()
    expect(menu.get_by_role("link", name="Messages", exact=True)).to_be_visible()
    assert_accessible(page)


def test_without_javascript_the_whole_menu_shows_on_a_phone(browser, site, make_participant):
    participant = make_participant()
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + "/me/")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
    expect(menu.get_by_role("link", name="Questionnaires")).to_be_visible()
    context.close()


def test_a_therapist_moves_between_a_participants_pages_by_tabs(page: Page, site, make_participant):
    participant = make_participant()
    log_in_staff(page, site, participant.therapist)
    page.goto(f"{site}/staff/participants/{participant.pk}/")
    tabs = page.get_by_role("navigation", name="Participant pages")
    expect(tabs.get_by_role("link", name="Study record")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="Activity plan")).to_have_count(0)
    assert_accessible(page)

    tabs.get_by_role("link", name="Clinical notes").click()
    expect(
        page.get_by_role("heading", name=f"Clinical notes on {participant.code}")
    ).to_be_visible()
    expect(tabs.get_by_role("link", name="Clinical notes")).to_have_attribute(
        "aria-current", "page"
    )
    expect(tabs.get_by_role("link", name="Study record")).not_to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Menu")
    ).to_be_visible()
    expect(tabs.get_by_role("link", name="Messages")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, 375)
