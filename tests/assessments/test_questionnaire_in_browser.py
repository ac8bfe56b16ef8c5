"""The questionnaire pages in a browser: the body map by mouse, touch and keyboard, the slider of
a visual analogue scale, and no axe-core (WCAG 2.1 AA) findings on participant or staff pages."""

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from assessments.models import QuestionnaireResponse
from assessments.services import paper_entry_create
from tests.assessments.conftest import full_answers

# The browser tests' own fixtures (Debian's Chromium, the ORM beside Playwright's loop) apply
# here by being imported under their names.
from tests.e2e.conftest import (  # noqa: F401
    _allow_orm_beside_playwright,
    assert_accessible,
    assert_fits_width,
    browser_type_launch_args,
)

pytestmark = pytest.mark.e2e
BODY_MAP = "/questionnaires/baseline/pain_locations/pages/1/"
MARKED = re.compile(r"\bis-marked\b")


@pytest.fixture
def site(live_server, transactional_db):
    return live_server.url


def _log_in(page: Page, site_url: str, user) -> None:
    """A session made by Django's test client, handed to the browser (staff skip the TOTP)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": site_url}])


def _region(page: Page, view: str, number: int):
    return page.locator(f'.body-map-{view} [data-region="{number}"]')


def test_it_marks_the_body_map_by_clicking_the_figure_or_the_checkboxes(page: Page, site, enrolled):
    _log_in(page, site, enrolled.user)
    page.goto(site + BODY_MAP)
    expect(page.locator("[data-body-map]")).to_be_visible()
    _region(page, "front", 2).click()
    expect(page.get_by_label("Neck", exact=True)).to_be_checked()
    expect(_region(page, "back", 2)).to_have_class(MARKED)  # the same region on both views
    expect(page.locator(".body-map-status")).to_have_text("Neck: marked")
    _region(page, "back", 12).click()
    _region(page, "back", 12).click()  # a second click unticks
    expect(page.get_by_label("Lower back", exact=True)).not_to_be_checked()
    # Keyboard: the checkboxes are the real controls, and the figure follows them.
    page.get_by_label("Jaw", exact=True).focus()
    page.keyboard.press("Space")
    expect(_region(page, "front", 1)).to_have_class(MARKED)
    assert_accessible(page)
    page.get_by_role("button", name="Save and check my answers").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    answers = QuestionnaireResponse.objects.get(participant=enrolled).answers
    assert [n for n, v in answers.items() if v] == ["1", "2"]


def test_it_marks_the_body_map_by_touch(browser, site, enrolled):
    context = browser.new_context(has_touch=True)
    page = context.new_page()
    _log_in(page, site, enrolled.user)
    page.goto(site + BODY_MAP)
    _region(page, "front", 9).tap()
    expect(page.get_by_label("Chest", exact=True)).to_be_checked()
    context.close()


def test_the_slider_sets_the_number_only_once_moved(page: Page, site, enrolled):
    _log_in(page, site, enrolled.user)
    page.goto(site + "/questionnaires/baseline/pain_vas/pages/1/")
    number = page.get_by_label("Your answer, a number from 0 to 100")
    slider = page.locator("input[type=range]")
    expect(slider).to_be_visible()
    expect(number).to_have_value("")  # an untouched slider is not an answer
    slider.focus()
    page.keyboard.press("End")
    expect(number).to_have_value("100")
    number.fill("35")
    expect(slider).to_have_value("35")
    assert_accessible(page)
    page.get_by_role("button", name="Save and check my answers").click()
    assert QuestionnaireResponse.objects.get(participant=enrolled).answers == {"1": 35}


def test_the_participant_pages_are_accessible_and_fit_a_phone(page: Page, site, enrolled):
    _log_in(page, site, enrolled.user)
    for path in (
        "/questionnaires/",
        "/questionnaires/baseline/",
        "/questionnaires/baseline/rand36/pages/2/",
        "/questionnaires/baseline/rand36/review/",
    ):
        page.goto(site + path)
        assert_accessible(page)
        assert_fits_width(page)
        page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site + "/questionnaires/baseline/rand36/pages/1/")
    page.get_by_label("Poor").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page).to_have_url(re.compile(r"/pages/2/$"))
    page.goto(site + "/questionnaires/baseline/rand36/pages/1/")
    page.locator("input[name=item_2]").first.evaluate("e => { e.value = '9'; e.checked = true; }")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)


def test_the_staff_pages_are_accessible(
    page: Page, site, enrolled, baseline, therapist, coordinator
):
    for value, by in ((1, therapist), (2, coordinator)):
        paper_entry_create(
            participant=enrolled,
            timepoint=baseline,
            instrument_code="rand36",
            answers={**full_answers("rand36"), 1: value},
            entered_by=by,
        )
    _log_in(page, site, therapist)
    base = f"/staff/participants/{enrolled.pk}/assessments/"
    for path in (
        "/staff/follow-up/",
        "/staff/paper-forms/",
        base,
        base + "baseline/pain_vas/paper/",
        base + "baseline/rand36/resolve/",
    ):
        page.goto(site + path)
        assert_accessible(page)
