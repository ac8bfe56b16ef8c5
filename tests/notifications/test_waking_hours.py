"""Reminders go out inside waking hours in the person's own zone, right across DST changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from notifications.services import within_waking_hours

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        # 12:00 in Stockholm (winter) is inside the hours: now.
        (STOCKHOLM, utc(2026, 1, 10, 11), utc(2026, 1, 10, 11)),
        # 05:00 in Stockholm: wait until 09:00 local = 08:00 UTC.
        (STOCKHOLM, utc(2026, 1, 10, 4), utc(2026, 1, 10, 8)),
        # 22:00 in Stockholm on the eve of the spring change: 09:00 CEST next day = 07:00 UTC.
        (STOCKHOLM, utc(2026, 3, 28, 21), utc(2026, 3, 29, 7)),
        # Autumn change on 25 October: 09:00 CET = 08:00 UTC.
        (STOCKHOLM, utc(2026, 10, 24, 21), utc(2026, 10, 25, 8)),
        # New York changes on 8 March: 09:00 EDT = 13:00 UTC (not 14:00).
        (NEW_YORK, utc(2026, 3, 8, 4), utc(2026, 3, 8, 13)),
        (NEW_YORK, utc(2026, 3, 7, 4), utc(2026, 3, 7, 14)),
    ],
)
def test_it_waits_for_the_waking_hours(zone, moment, expected):
    assert within_waking_hours(moment, zone=zone, start_hour=9, end_hour=20) == expected
