"""A participant who follows a link to one of their modules that is not open yet gets a 404 that
says when it opens, in their time zone and language; anyone else gets the plain 404."""

import time_machine
from django.utils import timezone

from modules.models import ModuleProgress, ProgrammeEnrolment, UnlockDecision
from modules.services import release_rule_for
from tests.modules.conftest import utc
from trial.models import Arm, Participant

# Module 1 opens at randomization, 06:00 on 2 December in São Paulo (09:00 UTC); with module 1
# done, module 2 opens four days later at 06:00 there, which is 10:00 in Stockholm.
RANDOMIZED = utc(2026, 12, 2, 9)
ZONE = "America/Sao_Paulo"


def _participant(make_participant, *, language="en", module_1_done=True, **extra):
    participant = make_participant(randomized_at=RANDOMIZED, time_zone=ZONE, **extra)
    if module_1_done:
        ModuleProgress.objects.filter(participant=participant).update(
            completed_at=utc(2026, 12, 2, 12)
        )
    participant.user.language = language
    participant.user.save(update_fields=["language"])
    return participant


def _page(client, participant, number: int = 2) -> str:
    client.force_login(participant.user)
    response = client.get(f"/programme/modules/{number}/")
    assert response.status_code == 404
    return response.content.decode()


@time_machine.travel(utc(2026, 12, 3, 12))
def test_it_says_when_the_module_opens_in_the_participants_zone(client, make_participant):
    page = _page(client, _participant(make_participant))
    assert '<html lang="en">' in page
    assert '<header class="site-header">' in page
    assert "Module 2 is not open yet" in page
    assert "Module 2 opens on 6 December 2026 at 06:00." in page
    assert '<a href="/programme/">Go to my programme</a>' in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_it_says_when_the_module_opens_in_swedish(client, make_participant):
    page = _page(client, _participant(make_participant, language="sv"))
    assert '<html lang="sv">' in page
    assert "Modul 2 är inte öppen än" in page
    assert "Modul 2 öppnar den 6 december 2026 kl. 06:00." in page
    assert '<a href="/programme/">Gå till mitt program</a>' in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_it_says_the_module_before_must_be_finished_first(client, make_participant):
    page = _page(client, _participant(make_participant, module_1_done=False))
    assert "Module 2 opens after you finish module 1." in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_a_later_module_waits_for_the_one_before(client, make_participant):
    page = _page(client, _participant(make_participant), number=5)
    assert "Module 5 is not open yet" in page
    assert "Modules open one at a time. Module 5 opens after module 4." in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_it_says_the_therapist_opens_it_when_the_rule_asks_for_approval(client, make_participant):
    participant = _participant(make_participant)
    rule = release_rule_for(participant.study)
    rule.require_therapist_approval = True
    rule.save()
    page = _page(client, participant)
    assert "Module 2 opens when your therapist has looked at your work." in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_it_says_the_programme_is_paused(client, make_participant):
    participant = _participant(make_participant)
    ProgrammeEnrolment.objects.filter(participant=participant).update(paused_at=timezone.now())
    page = _page(client, participant)
    assert "Your therapist has paused the programme for now." in page


@time_machine.travel(utc(2026, 12, 7, 12))
def test_a_due_module_is_left_for_the_programme_page_to_open(client, make_participant):
    participant = _participant(make_participant)
    page = _page(client, participant)
    assert "Module 2 is ready. It opens when you go to your programme." in page
    # The access helper only reads: the programme page (or the periodic task) opens it.
    assert ModuleProgress.objects.filter(participant=participant).count() == 1
    assert UnlockDecision.objects.filter(participant=participant).count() == 1


@time_machine.travel(utc(2026, 12, 3, 12))
def test_the_control_arm_gets_the_plain_404(client, make_participant):
    page = _page(client, _participant(make_participant, arm=Arm.CONTROL, module_1_done=False))
    assert "We could not find that page" in page
    assert "not open yet" not in page
    assert "opens" not in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_a_withdrawn_participant_gets_the_plain_404(client, make_participant):
    participant = _participant(make_participant)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    page = _page(client, participant)
    assert "We could not find that page" in page
    assert "opens" not in page


@time_machine.travel(utc(2026, 12, 3, 12))
def test_a_module_that_does_not_exist_gets_the_plain_404(client, make_participant):
    page = _page(client, _participant(make_participant), number=99)
    assert "We could not find that page" in page
    assert "not open yet" not in page
