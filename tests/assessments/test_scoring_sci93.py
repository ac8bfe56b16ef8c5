"""SCI-93 scoring.

Source: INSTRUMENTS.md (SCI-93 one-factor scale, total score; norms PubMed 24848785). The item
count and 0-4 range are unverified (SCI93_ITEM_COUNT); the complete-form rule (no total if any
item is missing) is our documented rule (assessments/scoring.py).
"""

import pytest

from assessments.instruments.sci93 import SCI93_ITEM_COUNT, SCI93_ITEM_MAX
from assessments.scoring import score

ITEMS = range(1, SCI93_ITEM_COUNT + 1)


def test_it_sums_all_items():
    answers = {n: n % 5 for n in ITEMS}
    result = score("sci93", answers)["total"]
    assert result.value == float(sum(n % 5 for n in ITEMS))
    assert result.missing_items == 0
    assert result.rule_version == "sci93-1.0"


def test_it_spans_0_to_the_maximum():
    assert score("sci93", dict.fromkeys(ITEMS, 0))["total"].value == 0.0
    top = score("sci93", dict.fromkeys(ITEMS, SCI93_ITEM_MAX))["total"].value
    assert top == SCI93_ITEM_COUNT * SCI93_ITEM_MAX


def test_it_gives_no_total_when_an_item_is_missing():
    answers = {**dict.fromkeys(ITEMS, 2), 7: None}
    result = score("sci93", answers)["total"]
    assert result.value is None
    assert result.missing_items == 1
    assert score("sci93", {})["total"].missing_items == SCI93_ITEM_COUNT


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 5}, r"sci93 item 1: answer 5 is out of range; allowed 0-4"),
        ({1: -1}, r"sci93 item 1: answer -1 is out of range; allowed 0-4"),
        ({SCI93_ITEM_COUNT + 1: 0}, rf"sci93: unknown item {SCI93_ITEM_COUNT + 1}"),
    ],
)
def test_it_rejects_invalid_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("sci93", answers)
