"""Release rules: when modules open, in the participant's own time zone, across DST changes."""

import pytest
import time_machine
from django.db import ProgrammingError, transaction

from modules.models import ModuleProgress, UnlockDecision
from modules.services import (
    ProgrammeError,
    module_approve,
    module_open_early,
    programme_pause,
    programme_release,
    programme_resume,
    release_rule_for,
)
from tests.modules.conftest import utc
from trial.models import Arm


def _open_numbers(participant) -> list[int]:
    return list(
        ModuleProgress.objects.filter(participant=participant)
        .order_by("module__number")
        .values_list("module__number", flat=True)
    )


def _complete(participant, number, at):
    ModuleProgress.objects.filter(participant=participant, module__number=number).update(
        completed_at=at
    )


def test_it_opens_module_1_at_randomization(make_participant):
    participant = make_participant(randomized_at=utc(2026, 1, 12, 9))
    assert _open_numbers(participant) == [1]
    decision = UnlockDecision.objects.get(participant=participant)
    assert decision.reason == UnlockDecision.Reason.SCHEDULE
    assert decision.action == UnlockDecision.Action.UNLOCK


def test_a_start_offset_opens_module_1_at_the_release_hour_days_later(make_participant, programme):
    from tests.factories import ParticipantFactory
    from trial.services import study_default

    rule = release_rule_for(study_default())
    rule.start_offset_days = 56  # the trial's poster: iCBT from 8 weeks after baseline
    rule.save()
    participant = ParticipantFactory(
        arm=Arm.INTERVENTION, status="randomized", randomized_at=utc(2026, 1, 12, 15)
    )
    assert programme_release(participant=participant, now=utc(2026, 3, 9, 4, 59)) == []
    # 9 March 06:00 in Stockholm is 05:00 UTC (winter time).
    assert programme_release(participant=participant, now=utc(2026, 3, 9, 5, 0)) == [1]


def test_the_next_module_waits_for_completion_and_the_interval(make_participant):
    participant = make_participant(randomized_at=utc(2026, 1, 12, 9))
    assert programme_release(participant=participant, now=utc(2026, 2, 1, 9)) == []
    _complete(participant, 1, utc(2026, 1, 13, 9))
    # Opened Monday 12 January; 4 days later at 06:00 Stockholm = 05:00 UTC on the 16th.
    assert programme_release(participant=participant, now=utc(2026, 1, 16, 4, 59)) == []
    assert programme_release(participant=participant, now=utc(2026, 1, 16, 5, 0)) == [2]


@pytest.mark.parametrize(
    ("zone", "unlocked", "not_yet", "due"),
    [
        # Stockholm moves to summer time on 29 March 2026: 06:00 local is 04:00 UTC after it.
        ("Europe/Stockholm", utc(2026, 3, 27, 9), utc(2026, 3, 31, 3, 59), utc(2026, 3, 31, 4)),
        # ... and back on 25 October 2026: 06:00 local is 05:00 UTC again.
        ("Europe/Stockholm", utc(2026, 10, 23, 8), utc(2026, 10, 27, 4, 59), utc(2026, 10, 27, 5)),
        # New York moves on 8 March 2026: 06:00 EDT is 10:00 UTC.
        ("America/New_York", utc(2026, 3, 6, 15), utc(2026, 3, 10, 9, 59), utc(2026, 3, 10, 10)),
    ],
)
def test_release_times_stay_right_across_daylight_saving_changes(
    make_participant, zone, unlocked, not_yet, due
):
    participant = make_participant(randomized_at=unlocked, time_zone=zone)
    _complete(participant, 1, unlocked)
    assert programme_release(participant=participant, now=not_yet) == []
    assert programme_release(participant=participant, now=due) == [2]


def test_it_computes_due_times_with_the_clock_too(make_participant):
    participant = make_participant(randomized_at=utc(2026, 3, 27, 9))
    _complete(participant, 1, utc(2026, 3, 27, 10))
    with time_machine.travel(utc(2026, 3, 31, 4, 0, 1), tick=False):
        assert programme_release(participant=participant) == [2]


def test_without_the_completion_rule_modules_open_on_time_alone(make_participant):
    participant = make_participant(randomized_at=utc(2026, 1, 12, 9))
    rule = release_rule_for(participant.study)
    rule.require_previous_completed = False
    rule.save()
    assert programme_release(participant=participant, now=utc(2026, 1, 16, 5)) == [2]


def test_with_approval_the_therapist_decides(make_participant, therapist):
    participant = make_participant(randomized_at=utc(2026, 1, 12, 9))
    rule = release_rule_for(participant.study)
    rule.require_therapist_approval = True
    rule.save()
    _complete(participant, 1, utc(2026, 1, 13, 9))
    with time_machine.travel(utc(2026, 1, 20, 9), tick=False):
        assert programme_release(participant=participant) == []
        assert module_approve(participant=participant, by=therapist) == [2]
    reasons = list(participant.unlock_decisions.values_list("action", "reason"))
    assert ("approve", "approved") in reasons


def test_a_therapist_opens_the_next_module_early(make_participant, therapist):
    participant = make_participant()
    progress = module_open_early(participant=participant, by=therapist, note="Ready for more")
    assert progress.module.number == 2
    decision = participant.unlock_decisions.latest("decided_at")
    assert (decision.reason, decision.decided_by, decision.note) == (
        "early",
        therapist,
        "Ready for more",
    )


def test_a_paused_programme_opens_nothing_until_resumed(make_participant, therapist):
    participant = make_participant(randomized_at=utc(2026, 1, 12, 9))
    _complete(participant, 1, utc(2026, 1, 13, 9))
    with time_machine.travel(utc(2026, 1, 20, 9), tick=False):
        programme_pause(participant=participant, by=therapist, note="Holiday")
        assert programme_release(participant=participant) == []
        with pytest.raises(ProgrammeError):
            programme_pause(participant=participant, by=therapist)
        assert programme_resume(participant=participant, by=therapist) == [2]
    actions = list(participant.unlock_decisions.values_list("action", flat=True))
    assert actions == ["unlock", "pause", "resume", "unlock"]


def test_unlock_decisions_cannot_be_rewritten(in_programme):
    decision = in_programme.unlock_decisions.get()
    with pytest.raises(ProgrammingError), transaction.atomic():
        UnlockDecision.objects.filter(pk=decision.pk).update(reason="early")


def test_control_arm_participants_get_no_modules(make_participant):
    participant = make_participant(arm=Arm.CONTROL)
    assert _open_numbers(participant) == []
