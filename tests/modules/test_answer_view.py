"""A sent worksheet reads as questions and answers, to the participant and to the therapist:
checklists by their labels, scales as "7 of 10", diaries as a table, gaps as "Not answered"."""

import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from modules.models import Module, ModuleProgress, WorksheetAnswer

DIARY_DAYS = 7


@pytest.fixture
def sent_weekly_plan(in_programme):
    """Module 7's "My balanced week" (text, checklist, diary and scale), sent with gaps."""
    module = Module.objects.select_related("current_version").get(number=7)
    ModuleProgress.objects.create(
        participant=in_programme,
        module=module,
        unlocked_at=timezone.now(),
        content_version=module.current_version,
    )
    diary = [{} for _day in range(DIARY_DAYS)]
    diary[0] = {"planned": "A walk", "actually_did": "Walked 10 minutes", "pain": 0, "energy": 4}
    diary[2] = {"planned": "Shopping", "actually_did": "", "pain": 6, "energy": None}
    WorksheetAnswer.objects.create(
        participant=in_programme,
        module=module,
        worksheet_key="weekly-plan",
        content_version=module.current_version,
        data={
            "main_goal": "Walk 20 minutes three times a week",
            "intermediate_goal": "",
            "pacing_strategies": ["timer", "planned_breaks"],
            "week_diary": diary,
            "confidence": 7,
        },
        revision=1,
        submitted_at=timezone.now(),
    )
    return module.current_version.worksheets["weekly-plan"]


def _answers(page: str) -> dict[str, str]:
    """{question: what is shown as its answer} from the page's answer list."""
    block = re.search(r'<dl class="answers">.*?</dl>', page, re.S).group(0)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {question: " ".join(answer.split()) for question, answer in pairs}


def _check(page: str, worksheet: dict) -> None:
    answers = _answers(page)
    labels = [escape(field["label"]) for field in worksheet["fields"]]
    assert list(answers) == labels  # every question, in order, each once
    main_goal, intermediate, strategies, diary, confidence = answers.values()
    assert "Walk 20 minutes three times a week" in main_goal
    assert "Not answered" in intermediate
    assert strategies == (
        "<ul><li>Using a timer to know when to stop</li>"
        "<li>Planning short breaks before I need them</li></ul>"
    )
    assert confidence == "7 of 10"
    # The diary: a focusable scroll region holding a table of the days filled in.
    assert f'<div class="table-wrap" role="region" aria-label="{labels[3]}" tabindex="0">' in diary
    assert '<th scope="col">What I actually did</th>' in diary
    assert (
        '<tr><th scope="row">Day 1</th><td>A walk</td><td>Walked 10 minutes</td>'
        "<td>0</td><td>4</td><td></td></tr>" in diary
    )
    assert '<th scope="row">Day 3</th><td>Shopping</td><td></td><td>6</td>' in diary
    assert "Day 2" not in diary
    # Not the dict's own items: no question repeated as a bullet of its answer.
    for label in labels:
        assert f"<li>{label}</li>" not in page


def test_the_participant_reads_it_in_my_sent_worksheets(client, in_programme, sent_weekly_plan):
    client.force_login(in_programme.user)
    _check(client.get("/programme/answers/").content.decode(), sent_weekly_plan)


def test_the_participant_reads_it_on_the_worksheets_page_after_sending(
    client, in_programme, sent_weekly_plan
):
    client.force_login(in_programme.user)
    page = client.get("/programme/modules/7/pages/5/").content.decode()
    assert "You sent this worksheet on" in page
    _check(page, sent_weekly_plan)


def test_the_therapist_reads_it_before_giving_feedback(
    client, in_programme, therapist, sent_weekly_plan
):
    client.force_login(therapist)
    page = client.get(f"/staff/participants/{in_programme.pk}/worksheets/").content.decode()
    _check(page, sent_weekly_plan)


def test_an_empty_diary_an_unanswered_scale_and_no_choices_are_not_answered(client, in_programme):
    now = timezone.now()
    sent = {
        1: (
            "stress-signals",
            {"stress_situation": "A busy day", "body_signals": [], "stress_level": None},
        ),
        2: ("stress-pain-diary", {"daily_diary": [{"pain": None, "what_happened": " "}] * 7}),
    }
    for number, (key, data) in sent.items():
        module = Module.objects.select_related("current_version").get(number=number)
        WorksheetAnswer.objects.create(
            participant=in_programme,
            module=module,
            worksheet_key=key,
            content_version=module.current_version,
            data=data,
            revision=1,
            submitted_at=now,
        )
    client.force_login(in_programme.user)
    page = client.get("/programme/answers/").content.decode()
    shown = {}
    for block in re.findall(r'<dl class="answers">.*?</dl>', page, re.S):
        shown.update(_answers(block))
    assert shown.pop(escape("Describe a recent situation when you felt stressed.")) == (
        '<span class="answer-text">A busy day</span>'
    )
    assert len(shown) == 6  # the other five questions of module 1 and module 2's diary
    assert set(shown.values()) == {'<span class="not-answered">Not answered</span>'}
