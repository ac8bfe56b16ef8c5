"""The 404 page and a locked module's page pass axe-core and fit a phone's screen."""

from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.factories import PASSWORD


def test_the_not_found_and_locked_module_pages_are_accessible(page: Page, site, make_participant):
    response = page.goto(f"{site}/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="We could not find that page")).to_be_visible()
    assert_accessible(page)

    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    response = page.goto(f"{site}/programme/modules/2/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Module 2 is not open yet")).to_be_visible()
    expect(page.get_by_text("Module 2 opens after you finish module 1.")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, 375)
    page.get_by_role("link", name="Go to my programme").click()
    expect(page.get_by_role("heading", name="My programme")).to_be_visible()
