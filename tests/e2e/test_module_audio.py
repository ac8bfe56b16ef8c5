"""A participant listens to module 4's guided relaxation in the browser and reads its transcript."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from modules.models import Module, ModuleProgress
from tests.e2e.conftest import assert_accessible, assert_fits_width, log_in
from tests.factories import PASSWORD


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Notice your body as a whole, resting."),
        ("sv", "Känn efter hur hela kroppen vilar."),
    ],
)
def test_a_participant_plays_seeks_and_reads_the_recording(
    page: Page, site, make_participant, language, sentence
):
    participant = make_participant()
    participant.user.language = language
    participant.user.save(update_fields=["language"])
    ModuleProgress.objects.create(
        participant=participant, module=Module.objects.get(number=4), unlocked_at=timezone.now()
    )
    log_in(page, site, participant.user.email, PASSWORD)
    page.goto(f"{site}/programme/modules/4/pages/3/")

    audio = page.locator("audio")
    expect(audio).to_be_visible()
    # The browser reads the length and may jump anywhere: the server answers byte ranges.
    page.wait_for_function("document.querySelector('audio').duration > 180")
    assert audio.evaluate("a => a.seekable.length && a.seekable.end(0) > 180")

    expect(page.get_by_text(sentence)).to_be_hidden()
    page.locator("details.transcript summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(sentence)).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page, 320)
