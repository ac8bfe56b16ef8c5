"""Worksheets in the browser: autosave as you type, two tabs, a dropped network."""

from playwright.sync_api import Page, expect

from modules.models import WorksheetAnswer
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD

WORKSHEET_PAGE = "/programme/modules/1/pages/5/"


def _first_text(page: Page):
    return page.locator("form.worksheet-form textarea").first


def test_answers_save_as_the_participant_types(page: Page, site, make_participant):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + WORKSHEET_PAGE)
    _first_text(page).fill("My shoulders tighten")
    expect(page.locator(".autosave-status")).to_contain_text("Saved at")
    answer = WorksheetAnswer.objects.get(participant=participant)
    assert "My shoulders tighten" in answer.data.values()
    assert answer.submitted_at is None


def test_a_save_from_another_tab_is_shown_not_overwritten(page: Page, site, make_participant):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + WORKSHEET_PAGE)
    other_tab = page.context.new_page()
    other_tab.goto(site + WORKSHEET_PAGE)

    _first_text(other_tab).fill("Written in the other tab")
    expect(other_tab.locator(".autosave-status")).to_contain_text("Saved at")
    _first_text(page).fill("Written in this tab")

    alert = page.locator(".conflict-choice [role=alert]")
    expect(alert).to_contain_text("saved from another tab or device")
    answer = WorksheetAnswer.objects.get(participant=participant)
    assert "Written in the other tab" in answer.data.values()

    page.get_by_role("button", name="Keep my answers").click()
    expect(page.locator(".autosave-status")).to_contain_text("Saved at")
    answer.refresh_from_db()
    assert "Written in this tab" in answer.data.values()


def test_answers_typed_offline_are_kept_and_saved_later(page: Page, site, make_participant):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + WORKSHEET_PAGE)
    page.context.set_offline(True)
    _first_text(page).fill("Typed without a connection")
    expect(page.locator(".autosave-status")).to_contain_text("No connection")
    assert not WorksheetAnswer.objects.filter(participant=participant).exists()

    page.context.set_offline(False)
    page.reload()  # e.g. the tab was closed and opened again later
    expect(_first_text(page)).to_have_value("Typed without a connection")
    expect(page.locator(".autosave-status")).to_contain_text("Saved at")
    answer = WorksheetAnswer.objects.get(participant=participant)
    assert "Typed without a connection" in answer.data.values()


def test_answers_typed_after_the_session_expired_survive_logging_in(
    page: Page, site, make_participant
):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + WORKSHEET_PAGE)
    page.context.clear_cookies()  # the session ends while the page is open
    _first_text(page).fill("Typed after the session ended")
    expect(page.locator(".autosave-status")).to_contain_text("logged out")

    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(site + WORKSHEET_PAGE)
    expect(_first_text(page)).to_have_value("Typed after the session ended")
    expect(page.locator(".autosave-status")).to_contain_text("Saved at")
    answer = WorksheetAnswer.objects.get(participant=participant)
    assert "Typed after the session ended" in answer.data.values()
