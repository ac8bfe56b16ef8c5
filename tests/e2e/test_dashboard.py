"""The participant's dashboard in a browser, and every worksheet of the programme on a phone."""

import uuid

from django.utils import timezone
from playwright.sync_api import Page, expect

from modules.models import Module, ModuleProgress, WorksheetAnswer
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.factories import PASSWORD
from therapists.services import message_send

PHONE = 375


def _open_every_module(participant) -> list[Module]:
    now = timezone.now()
    modules = list(Module.objects.select_related("current_version").order_by("number"))
    for module in modules[1:]:
        ModuleProgress.objects.create(
            participant=participant,
            module=module,
            unlocked_at=now,
            content_version=module.current_version,
        )
    return modules


def test_the_dashboard_is_accessible_on_a_computer_and_a_phone(
    page: Page, site, make_participant, therapist
):
    participant = make_participant(consented_at=timezone.now())
    message_send(
        participant=participant, author=therapist, body="Welcome!", idempotency_key=uuid.uuid4()
    )
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(f"{site}/programme/")
    panel = page.locator("section.this-week")
    expect(panel.get_by_role("heading", name="This week")).to_be_visible()
    expect(panel.get_by_role("link", name="Go to module 1")).to_be_visible()
    expect(panel.get_by_text("You have 1 new message from your therapist.")).to_be_visible()
    expect(panel.get_by_role("link", name="Baseline")).to_be_visible()
    expect(page.get_by_text("0 of 14 modules completed")).to_be_visible()
    for width in (1280, PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
    assert_fits_width(page, PHONE)


def test_every_worksheet_fits_a_phone_and_is_accessible(page: Page, site, make_participant):
    participant = make_participant()
    modules = _open_every_module(participant)
    log_in(page, site, participant.user.email, PASSWORD)
    page.set_viewport_size({"width": PHONE, "height": 800})
    checked = 0
    for module in modules:
        for number, content_page in enumerate(module.current_version.pages, start=1):
            if content_page["worksheet"]:
                page.goto(f"{site}/programme/modules/{module.number}/pages/{number}/")
                expect(page.locator("form.worksheet-form")).to_be_visible()
                assert_fits_width(page, PHONE)
                assert_accessible(page)
                checked += 1
    assert checked >= len(modules)


def test_a_sent_diary_fits_a_phone_and_its_table_scrolls_by_keyboard(
    page: Page, site, make_participant
):
    participant = make_participant()
    module = _open_every_module(participant)[6]
    WorksheetAnswer.objects.create(
        participant=participant,
        module=module,
        worksheet_key="weekly-plan",
        content_version=module.current_version,
        data={
            "main_goal": "Walk",
            "week_diary": [{"planned": "A long walk by the lake", "pain": 3}] * 7,
        },
        revision=1,
        submitted_at=timezone.now(),
    )
    log_in(page, site, participant.user.email, PASSWORD)
    page.set_viewport_size({"width": PHONE, "height": 800})
    for path in ("/programme/answers/", "/programme/modules/7/pages/5/"):
        page.goto(site + path)
        region = page.get_by_role("region", name="My plan and what happened, one row per day")
        expect(region).to_be_visible()
        assert_fits_width(page, PHONE)
        assert_accessible(page)
