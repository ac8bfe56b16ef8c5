"""The participant's way into the trial as a list of steps, in the order they take them:
sign-up, screening, consent, baseline questionnaires, allocation to a group.

Each step is done, current (the one to take now) or later, read from the participant record
alone, so the start page needs no query of its own to draw the list.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from trial.models import Participant


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    LATER = "later"


@dataclass(frozen=True)
class Step:
    key: str
    title: Promise
    hint: Promise
    state: StepState


# key, title, hint; the hint says what the step involves, for someone who has not taken it yet.
_STEPS = [
    ("signup", _("Create an account"), _("With your email address and a password.")),
    (
        "screening",
        _("Answer questions about you"),
        _("About five minutes. Your answers show whether the study suits you."),
    ),
    (
        "consent",
        _("Read about the study and give your consent"),
        _("Take the time you need. You can stop taking part at any time."),
    ),
    (
        "baseline",
        _("Answer the first questionnaires"),
        _("About pain, stress, sleep and how you feel. Your answers are saved page by page."),
    ),
    (
        "allocation",
        _("Find out your group"),
        _("Chance decides which of the two groups you join, once the questionnaires are done."),
    ),
]


def _done(participant: Participant) -> dict[str, bool]:
    marks = [
        True,  # signed up: the record exists
        participant.screened_at is not None,
        participant.consented_at is not None,
        participant.baseline_completed_at is not None,
        participant.randomized_at is not None,
    ]
    # A later step done means the earlier ones are too, also for a record that skipped them
    # (the demo accounts are randomized directly).
    for index in reversed(range(len(marks) - 1)):
        marks[index] = marks[index] or marks[index + 1]
    return {key: mark for (key, _title, _hint), mark in zip(_STEPS, marks, strict=True)}


def onboarding_steps(participant: Participant) -> list[Step]:
    """The steps with their state; empty for someone whose way in ended otherwise (not
    eligible, or withdrawn), to whom a list of steps they cannot take would say nothing."""
    if participant.status in {Participant.Status.INELIGIBLE, Participant.Status.WITHDRAWN}:
        return []
    done = _done(participant)
    current = next((key for key, _title, _hint in _STEPS if not done[key]), None)

    def state(key: str) -> StepState:
        if done[key]:
            return StepState.DONE
        return StepState.CURRENT if key == current else StepState.LATER

    return [Step(key, title, hint, state(key)) for key, title, hint in _STEPS]
