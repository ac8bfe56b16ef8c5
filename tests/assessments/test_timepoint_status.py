"""When a timepoint is not open, open, overdue or complete.

Windows are whole days in the participant's time zone: open from midnight on the day
`offset_days` after the anchor, for `window_days` days.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from assessments.selectors import timepoint_status, timepoint_statuses
from tests.assessments.conftest import BASELINE_INSTRUMENTS, answer_on_web, utc

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _status_at(moment, participant, timepoint):
    with time_machine.travel(moment, tick=False):
        return timepoint_status(participant, timepoint)


def test_it_is_not_open_before_the_anchor_event(make_participant, baseline, m6):
    participant = make_participant(consented_at=None, status="eligible")
    status = timepoint_status(participant, baseline)
    assert (status.status, status.open_at, status.close_at) == ("not_open", None, None)
    assert timepoint_status(participant, m6).status == "not_open"  # not randomized


def test_it_opens_on_the_consent_day_and_closes_after_the_window(make_participant, baseline):
    # 09:00 UTC on 2 March 2026 is 10:00 in Stockholm.
    participant = make_participant(consented_at=utc(2026, 3, 2, 9))
    status = _status_at(utc(2026, 3, 2, 9, 30), participant, baseline)
    assert status.status == "open"
    assert status.open_at == dt.datetime(2026, 3, 2, tzinfo=STOCKHOLM)
    assert status.close_at == dt.datetime(2026, 3, 30, tzinfo=STOCKHOLM)
    assert status.last_day == dt.date(2026, 3, 29)
    # Last day, 23:30 in Stockholm: still open. Next day: overdue.
    assert _status_at(utc(2026, 3, 29, 21, 30), participant, baseline).status == "open"
    assert _status_at(utc(2026, 3, 29, 22, 30), participant, baseline).status == "overdue"


def test_it_counts_days_in_the_participants_time_zone(make_participant, baseline):
    # 23:30 UTC on 1 March is already 2 March in Stockholm, still 1 March in New York.
    stockholm = make_participant(consented_at=utc(2026, 3, 1, 23, 30))
    new_york = make_participant(
        consented_at=utc(2026, 3, 1, 23, 30), user__time_zone="America/New_York"
    )
    assert timepoint_status(stockholm, baseline).open_at.date() == dt.date(2026, 3, 2)
    assert timepoint_status(new_york, baseline).open_at.date() == dt.date(2026, 3, 1)


def test_it_opens_after_the_offset_from_randomization(make_participant, m6):
    participant = make_participant(
        consented_at=utc(2026, 1, 5, 8), randomized_at=utc(2026, 1, 10, 8), status="randomized"
    )
    opens = dt.datetime(2026, 1, 10, tzinfo=STOCKHOLM) + dt.timedelta(days=182)
    assert _status_at(opens - dt.timedelta(minutes=1), participant, m6).status == "not_open"
    status = _status_at(opens + dt.timedelta(minutes=1), participant, m6)
    assert (status.status, status.open_at) == ("open", opens)
    assert status.close_at == opens + dt.timedelta(days=42)
    assert timepoint_status(participant, m6, today=status.last_day).status == "open"
    assert timepoint_status(participant, m6, today=status.close_at.date()).status == "overdue"


def test_it_is_complete_when_every_instrument_has_a_response_of_record(enrolled, baseline):
    for code in BASELINE_INSTRUMENTS[:-1]:
        answer_on_web(enrolled, baseline, code)
    assert timepoint_status(enrolled, baseline).status == "open"
    answer_on_web(enrolled, baseline, BASELINE_INSTRUMENTS[-1])
    assert timepoint_status(enrolled, baseline).status == "complete"
    later = timepoint_status(enrolled, baseline, today=dt.date.today() + dt.timedelta(days=60))
    assert later.status == "complete"


def test_it_lists_every_timepoint_in_order(enrolled):
    statuses = timepoint_statuses(enrolled)
    assert [(s.timepoint.code, s.status) for s in statuses] == [
        ("baseline", "open"),
        ("m6", "not_open"),
    ]
