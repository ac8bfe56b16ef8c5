"""Working time for the reply service level: Monday to Friday, in the therapist's time zone.

Only weekday time counts. A message sent on Friday at 15:00 with a limit of two working days is
due on Tuesday at 15:00; one sent on Saturday is due on Wednesday at 00:00, because the clock
starts on Monday. Days are local calendar days, so a daylight-saving change moves no deadline.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

_DAY = timedelta(days=1)


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def reply_limit_days() -> int:
    return settings.REPLY_WITHIN_WORKING_DAYS


def working_deadline(since: datetime, zone: ZoneInfo, days: int | None = None) -> datetime:
    """The moment `days` working days of weekday time have passed after `since`."""
    remaining = _DAY * (reply_limit_days() if days is None else days)
    cursor = since.astimezone(zone)
    while True:
        day = cursor.date()
        next_midnight = _midnight(day + _DAY, zone)
        if _is_working_day(day):
            available = next_midnight - cursor
            if available >= remaining:
                return cursor + remaining
            remaining -= available
        cursor = next_midnight


def overdue_cutoff(now: datetime, zone: ZoneInfo, days: int | None = None) -> datetime:
    """The latest `since` whose deadline has passed at `now`: waiting since before it = overdue.

    The inverse of working_deadline, so the caseload can flag and sort overdue threads in SQL.
    """
    remaining = _DAY * (reply_limit_days() if days is None else days)
    cursor = now.astimezone(zone)
    while True:
        # The day on which the moment just before `cursor` lies.
        day = (cursor - timedelta(microseconds=1)).date()
        day_start = _midnight(day, zone)
        if _is_working_day(day):
            available = cursor - day_start
            if available >= remaining:
                return cursor - remaining
            remaining -= available
        cursor = day_start


def working_seconds_between(start: datetime, end: datetime, zone: ZoneInfo) -> float:
    """Weekday time between two moments, in seconds (0 if `end` is not after `start`)."""
    if end <= start:
        return 0.0
    total = timedelta(0)
    cursor = start.astimezone(zone)
    end = end.astimezone(zone)
    while cursor < end:
        next_midnight = _midnight(cursor.date() + _DAY, zone)
        stop = min(next_midnight, end)
        if _is_working_day(cursor.date()):
            total += stop - cursor
        cursor = stop
    return total.total_seconds()
