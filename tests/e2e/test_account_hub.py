"""A participant sets their time zone (offered from the device, then found by search) and their
language on the account page and sees the page's dates follow at once; the page and the list of
sessions pass axe-core and fit a 375 px phone."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.factories import PASSWORD, UserFactory

DESKTOP = {"width": 1280, "height": 720}


def _times_now(zone: str, language: str) -> re.Pattern:
    """The page's "now" in `zone` and `language`, allowing for a minute passing meanwhile."""
    now = timezone.now()
    with translation.override(language):
        shown = {
            date_format(timezone.localtime(moment, ZoneInfo(zone)), "DATETIME_FORMAT")
            for moment in (now, now + timedelta(minutes=1))
        }
    return re.compile("|".join(re.escape(text) for text in shown))


def _check_small_and_accessible(page: Page) -> None:
    assert_accessible(page)
    assert_fits_width(page, 375)
    assert_accessible(page)  # also as a phone shows it
    page.set_viewport_size(DESKTOP)


def test_a_participant_changes_time_zone_and_language_and_sees_the_dates_follow(browser, site):
    user = UserFactory(language="en")
    # Logged in on another device too, so the list of sessions has two and a way to end one.
    other = browser.new_context(locale="en-GB", user_agent="Mozilla/5.0 (iPhone) " + "x" * 200)
    log_in(other.new_page(), site, user.email, PASSWORD)
    context = browser.new_context(locale="en-GB", timezone_id="Asia/Tokyo", viewport=DESKTOP)
    page = context.new_page()
    log_in(page, site, user.email, PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("Times are shown for Stockholm (Europe).")).to_be_visible()
    _check_small_and_accessible(page)

    # Never chosen: the device's zone is offered; the search then finds another place.
    page.get_by_role("link", name="Change time zone").click()
    select = page.get_by_label("Time zone", exact=True)
    expect(select).to_have_value("Asia/Tokyo")
    expect(
        page.get_by_text("We have chosen Tokyo (Asia), the time zone of this device.")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Search for a place").fill("new york")
    expect(page.get_by_text("Places that match: 1")).to_be_visible()
    expect(select).to_have_value("America/New_York")
    page.get_by_role("button", name="Save time zone").click()

    expect(page.get_by_text("Your time zone is saved.")).to_be_visible()
    expect(page.get_by_text("Times are shown for New York (America).")).to_be_visible()
    expect(page.locator("#time-zone-heading + p")).to_contain_text(
        _times_now("America/New_York", "en")
    )
    assert User.objects.get(pk=user.pk).time_zone == "America/New_York"

    page.get_by_role("link", name="Change language").click()
    page.get_by_label("Svenska").check()
    page.get_by_role("button", name="Save language").click()

    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#time-zone-heading + p")).to_contain_text(
        _times_now("America/New_York", "sv")
    )
    assert User.objects.get(pk=user.pk).language == "sv"
    _check_small_and_accessible(page)

    page.locator("a[href='/accounts/sessions/']").click()
    expect(page.locator(".session")).to_have_count(2)
    expect(page.locator("button.button-danger")).to_be_visible()
    _check_small_and_accessible(page)
    context.close()
    other.close()
