"""A participant reads module 1, fills in and sends its worksheet, and waits for module 2."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from modules.models import WorksheetAnswer
from modules.services import programme_release
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.factories import PASSWORD


def _fill_by_keyboard(page: Page) -> None:
    """Answer every question of the worksheet with the keyboard alone (no clicks)."""
    form = page.locator("form.worksheet-form")
    for textarea in form.locator("textarea").all():
        textarea.focus()
        page.keyboard.type("Tight shoulders and a short temper.")
    for fieldset in form.locator("fieldset.choices-scale").all():
        fieldset.locator("input[type=radio]").first.focus()
        page.keyboard.press("ArrowRight")  # moves to and selects the next value: 1
    for fieldset in form.locator("fieldset.choices-checklist").all():
        fieldset.locator("input[type=checkbox]").first.focus()
        page.keyboard.press("Space")
    form.get_by_role("button", name="Send to my therapist").focus()
    page.keyboard.press("Enter")


def test_a_participant_works_through_module_1(page: Page, site, make_participant):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)

    expect(page.get_by_role("heading", name="My programme")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go to module 1").click()
    expect(page.get_by_text("Page 1 of 6")).to_be_visible()
    assert_accessible(page)

    while page.locator("form.worksheet-form").count() == 0:
        page.get_by_role("link", name="Next page").click()
    assert_accessible(page)
    _fill_by_keyboard(page)
    expect(page.get_by_text("Your worksheet has been sent to your therapist")).to_be_visible()
    answer = WorksheetAnswer.objects.get(participant=participant)
    assert answer.submitted_at is not None
    assert answer.data["stress_level"] == 1

    while page.get_by_role("link", name="Next page").count():
        page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("you have completed this module")).to_be_visible()
    page.get_by_role("link", name="Back to my programme").click()
    expect(page.get_by_text("1 of 14 modules completed")).to_be_visible()
    expect(page.get_by_text("Module 2 opens on")).to_be_visible()
    expect(page.get_by_role("link", name="2. Mapping my stress and pain")).to_have_count(0)
    assert page.goto(f"{site}/programme/modules/2/pages/1/").status == 404

    # The rule's time comes (4 days later, at 06:00 in Stockholm): module 2 opens.
    programme_release(participant=participant, now=timezone.now() + timedelta(days=5))
    page.goto(f"{site}/programme/")
    expect(page.get_by_role("link", name="Go to module 2")).to_be_visible()


def test_pages_work_at_320_pixels(page: Page, site, make_participant):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    for path in ["/programme/", "/programme/modules/1/pages/1/", "/programme/modules/1/pages/5/"]:
        page.goto(site + path)
        assert_fits_width(page, 320)
