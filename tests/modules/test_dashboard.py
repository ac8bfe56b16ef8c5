"""The participant's dashboard: the "This week" panel, progress in words, and what each module
is about under its title."""

import re
import uuid

import time_machine
from django.utils import timezone
from django.utils.html import escape

from modules.content import estimated_minutes
from modules.models import Module, ModuleProgress, ModuleVersion
from tests.modules.conftest import utc
from therapists.services import message_send

# Module 1 opens at randomization, 2 December 2026 in Stockholm; with module 1 completed,
# module 2 opens four days later at 06:00 there (05:00 UTC).
RANDOMIZED = utc(2026, 12, 2, 9)
NOW = utc(2026, 12, 3, 12)


def _dashboard(client, participant) -> str:
    client.force_login(participant.user)
    response = client.get("/programme/")
    assert response.status_code == 200
    return response.content.decode()


def _this_week(page: str) -> str:
    return re.search(r'<section class="card this-week".*?</section>', page, re.S).group(0)


def _version(number: int, language: str = "en") -> ModuleVersion:
    """The module's current revision in `language`."""
    module = Module.objects.select_related("current_version").get(number=number)
    return ModuleVersion.objects.get(
        module=module, language=language, content_hash=module.current_version.content_hash
    )


@time_machine.travel(NOW)
def test_it_shows_the_open_module_with_homework_messages_and_questionnaires(
    client, make_participant, therapist
):
    therapist.first_name, therapist.last_name = "Anna", "Berg"
    therapist.save(update_fields=["first_name", "last_name"])
    participant = make_participant(randomized_at=RANDOMIZED, consented_at=NOW)
    ModuleProgress.objects.filter(participant=participant).update(pages_viewed=[1, 2])
    for body in ("How are you?", "Well done on module 1."):
        message_send(
            participant=participant, author=therapist, body=body, idempotency_key=uuid.uuid4()
        )

    panel = _this_week(_dashboard(client, participant))

    version = _version(1)
    assert f"<h3>Module 1: {escape(version.title)}</h3>" in panel
    assert f"It takes about {estimated_minutes(version.content)} minutes." in panel
    # Where they left off: pages 1 and 2 are read.
    assert '<a class="button" href="/programme/modules/1/pages/3/">Go to module 1</a>' in panel
    assert "Your homework from module 1" in panel
    assert version.content["homework_html"] in panel
    assert "Module 2 opens when you have completed the module before it." in panel
    assert "Your therapist is Anna Berg." in panel
    assert "You have 2 new messages from your therapist." in panel
    assert "Questionnaires to answer" in panel
    assert '<a href="/questionnaires/baseline/">Baseline</a>' in panel
    assert "Open until 30 December 2026." in panel


@time_machine.travel(NOW)
def test_it_tells_a_participant_waiting_for_the_next_module_when_it_opens(client, make_participant):
    participant = make_participant(randomized_at=RANDOMIZED)
    ModuleProgress.objects.filter(participant=participant).update(completed_at=NOW)

    panel = _this_week(_dashboard(client, participant))

    assert "Go to module" not in panel
    assert "It takes about" not in panel
    assert (
        "Module 2 opens on 6 December 2026, 06:00. Until then, keep going with your homework."
        in " ".join(panel.split())
    )
    assert "Your homework from module 1" in panel
    assert _version(1).content["homework_html"] in panel
    assert '<a href="/me/messages/">Messages with your therapist</a>' in panel
    assert "new message" not in panel
    assert "Questionnaires to answer" not in panel  # none is open


def test_each_module_shows_its_description_in_the_readers_language(client, make_participant):
    participant = make_participant()
    participant.user.language = "sv"
    participant.user.save(update_fields=["language"])

    page = _dashboard(client, participant)

    items = re.findall(r'<li class="module-item.*?</li>', page, re.S)
    modules = Module.objects.select_related("current_version").order_by("number")
    assert len(items) == len(modules) == 14
    for item, module in zip(items, modules, strict=True):
        swedish = _version(module.number, "sv")
        assert f"{module.number}. {escape(swedish.title)}</" in item
        # Under the title, in the reader's language.
        assert item.index(escape(swedish.title)) < item.index(
            f'<p class="module-description">{escape(swedish.description)}</p>'
        )
        assert escape(module.current_version.description) not in item


def test_progress_is_stated_in_words_beside_the_bar(client, make_participant):
    participant = make_participant()
    now = timezone.now()
    for module in Module.objects.filter(number__in=[2, 3]):
        ModuleProgress.objects.create(
            participant=participant,
            module=module,
            unlocked_at=now,
            content_version=module.current_version,
        )
    ModuleProgress.objects.filter(participant=participant).update(completed_at=now)

    page = _dashboard(client, participant)

    assert '<p id="progress-text">3 of 14 modules completed</p>' in page
    assert 'max="14" value="3" aria-labelledby="progress-text"' in page
