"""Time on task counts only while the page is used: an idle tab sends no heartbeat."""

from playwright.sync_api import Page

from tests.e2e.conftest import log_in
from tests.factories import PASSWORD


def test_heartbeats_stop_when_the_participant_is_idle(page: Page, site, make_participant):
    participant = make_participant()
    log_in(page, site, participant.user.email, PASSWORD)
    page.clock.install()
    beats = []
    page.on("request", lambda r: beats.append(r.url) if r.url.endswith("/activity") else None)
    page.goto(f"{site}/programme/modules/1/pages/1/")

    page.mouse.move(10, 10)
    page.clock.run_for(16_000)  # reading: one heartbeat
    page.wait_for_timeout(500)
    assert len(beats) == 1

    page.clock.run_for(120_000)  # no input for two minutes: the first beat in it, then none
    page.wait_for_timeout(500)
    idle_beats = len(beats) - 1
    assert idle_beats <= 3  # beats only within the first minute after the last input
    page.mouse.move(50, 50)
    page.clock.run_for(16_000)
    page.wait_for_timeout(500)
    assert len(beats) == 1 + idle_beats + 1
    progress = participant.module_progress.get(module__number=1)
    assert 0 < progress.time_spent_seconds <= 60 * (len(beats))
