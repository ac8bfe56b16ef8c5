"""The reply limit counts weekday time only, on the therapist's own calendar."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.therapists.conftest import utc
from therapists.working_days import overdue_cutoff, working_deadline, working_seconds_between

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(
    ("since", "deadline"),
    [
        (local(2026, 3, 9, 9), local(2026, 3, 11, 9)),  # Monday -> Wednesday
        (local(2026, 3, 12, 15), local(2026, 3, 16, 15)),  # Thursday -> Monday
        (local(2026, 3, 13, 15), local(2026, 3, 17, 15)),  # Friday -> Tuesday
        (local(2026, 3, 14, 10), local(2026, 3, 18, 0)),  # Saturday: the clock starts Monday
        (local(2026, 3, 15, 23, 59), local(2026, 3, 18, 0)),  # Sunday night
    ],
)
def test_it_skips_the_weekend(since, deadline):
    assert working_deadline(since, STOCKHOLM, 2) == deadline


def test_it_moves_no_deadline_at_a_daylight_saving_change():
    # Clocks go forward on Sunday 29 March 2026; Friday 10:00 is due Tuesday 10:00 local.
    deadline = working_deadline(local(2026, 3, 27, 10), STOCKHOLM, 2)
    assert deadline == local(2026, 3, 31, 10)
    assert deadline.utcoffset() == dt.timedelta(hours=2)


def test_it_takes_the_weekend_from_the_therapists_zone():
    friday_night_utc = utc(2026, 3, 13, 23, 30)  # already Saturday in Stockholm
    assert working_deadline(friday_night_utc, STOCKHOLM, 1) == local(2026, 3, 17, 0)
    new_york = ZoneInfo("America/New_York")
    assert working_deadline(friday_night_utc, new_york, 1) == dt.datetime(
        2026, 3, 16, 19, 30, tzinfo=new_york
    )


@pytest.mark.parametrize("days", [1, 2, 3, 5])
@pytest.mark.parametrize(
    "now",
    [utc(2026, 3, 11, 12), utc(2026, 3, 16, 7), utc(2026, 3, 14, 12), utc(2026, 3, 30, 8, 15)],
)
def test_it_makes_the_cutoff_the_inverse_of_the_deadline(now, days):
    cutoff = overdue_cutoff(now, STOCKHOLM, days)
    assert working_deadline(cutoff, STOCKHOLM, days) == now.astimezone(STOCKHOLM) or (
        # On a weekend `now` the deadline of the cutoff is the Monday midnight before it.
        now.astimezone(STOCKHOLM).weekday() >= 5
    )
    just_before = cutoff - dt.timedelta(minutes=1)
    assert working_deadline(just_before, STOCKHOLM, days) < now
    assert working_deadline(cutoff + dt.timedelta(minutes=1), STOCKHOLM, days) > now


def test_it_counts_working_seconds_without_the_weekend():
    seconds = working_seconds_between(local(2026, 3, 13, 12), local(2026, 3, 16, 12), STOCKHOLM)
    assert seconds == 24 * 3600
    assert working_seconds_between(local(2026, 3, 16), local(2026, 3, 13), STOCKHOLM) == 0
