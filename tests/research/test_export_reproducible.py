"""The same data exported twice gives byte-identical files; shifted dates shift stably."""

import json
from datetime import datetime

from research.export.base import date_shift_key, shift_days
from tests.research.conftest import rows_of


def test_it_writes_byte_identical_files_for_the_same_data(cohort, export):
    first, second = export(cohort), export(cohort)
    for path in first.iterdir():
        if path.name != "MANIFEST.json":
            assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    one, two = (json.loads((b / "MANIFEST.json").read_text()) for b in (first, second))
    one.pop("created_at"), two.pop("created_at")
    assert one == two


def test_it_orders_answers_by_participant_timepoint_instrument_then_item_number(cohort, export):
    """Items come in numeric order (10 after 9) without a sort: the export relies on jsonb's key
    order for canonical decimal keys (assessments_long.py says why)."""
    timepoint_order = {"baseline": 0, "m6": 1}
    answers = rows_of(export(cohort), "assessments_long.csv")
    keys = [
        (r["participant_code"], timepoint_order[r["timepoint"]], r["instrument"], int(r["item"]))
        for r in answers
    ]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert max(key[3] for key in keys) >= 10


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_it_shifts_each_participants_dates_by_a_stable_offset(cohort, export):
    plain = {r["participant_code"]: r for r in rows_of(export(cohort), "participants.csv")}
    first, second = export(cohort, "--shift-dates"), export(cohort, "--shift-dates")
    assert (first / "participants.csv").read_bytes() == (second / "participants.csv").read_bytes()
    key, offsets = date_shift_key(), set()
    for row in rows_of(first, "participants.csv"):
        original = plain[row["participant_code"]]
        days = shift_days(key, row["participant_code"])
        offsets.add(days)
        assert -30 <= days <= 30
        for column in ("screened_at", "consented_at", "randomized_at"):
            if original[column]:
                delta = _time(row[column]) - _time(original[column])
                assert delta.total_seconds() == days * 86400, column
    assert len(offsets) > 5  # per participant, not one offset for everyone
    answers = rows_of(first, "assessments_long.csv")
    plain_answers = rows_of(export(cohort), "assessments_long.csv")
    for shifted, original in list(zip(answers, plain_answers, strict=True))[:50]:
        days = shift_days(key, shifted["participant_code"])
        delta = _time(shifted["answered_at"]) - _time(original["answered_at"])
        assert delta.total_seconds() == days * 86400
