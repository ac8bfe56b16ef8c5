"""MFI-20 scoring.

Source: CamCOPS camcops_server/tasks/mfi20.py (after Smets et al. 1995): items 1-5, reverse
items 2,5,9,10,13,14,16,17,18,19 as 6 - x; subscales general 1,5,12,16; physical 2,8,14,20;
reduced activity 3,6,10,17; reduced motivation 4,9,15,18; mental 7,11,13,19; each 4-20, higher
= more fatigue. Missing-item rule (one missing item prorated as mean x 4, more -> no score) is
our documented rule (assessments/scoring.py); CamCOPS does not prorate.
"""

import pytest

from assessments.scoring import score

REVERSED = {2, 5, 9, 10, 13, 14, 16, 17, 18, 19}
SUBSCALES = ("general", "physical", "activity", "motivation", "mental")


def test_it_scores_the_most_and_least_fatigued_answers_as_20_and_4():
    # Most fatigue: "no, not true" (5) to forward items, "yes, true" (1) to reversed items.
    most = {n: 1 if n in REVERSED else 5 for n in range(1, 21)}
    least = {n: 5 if n in REVERSED else 1 for n in range(1, 21)}
    for subscale in SUBSCALES:
        assert score("mfi20", most)[subscale].value == 20.0
        assert score("mfi20", least)[subscale].value == 4.0


def test_it_reverse_scores_the_listed_items():
    # Every subscale has two reversed items: all answers 1 -> 1 + 1 + 5 + 5 = 12.
    result = score("mfi20", dict.fromkeys(range(1, 21), 1))
    assert {k: v.value for k, v in result.items()} == dict.fromkeys(SUBSCALES, 12.0)
    # Item 5 (general, reversed) answered 1 counts 5; item 12 (general, forward) counts 1.
    only_5 = score("mfi20", {1: 3, 5: 1, 12: 3, 16: 3})["general"]
    assert only_5.value == 3 + 5 + 3 + 3


def test_it_sums_a_hand_worked_general_fatigue_subscale():
    # Items 1=2, 5=4 (reversed -> 2), 12=3, 16=1 (reversed -> 5): 2 + 2 + 3 + 5 = 12.
    result = score("mfi20", {1: 2, 5: 4, 12: 3, 16: 1})
    assert result["general"].value == 12.0
    assert result["general"].missing_items == 0
    assert result["general"].rule_version == "mfi20-1.0"


def test_it_assigns_items_to_the_published_subscales():
    # Physical 2,8,14,20; activity 3,6,10,17; motivation 4,9,15,18; mental 7,11,13,19.
    answers = dict.fromkeys(range(1, 21), 3)  # 3 is its own reverse
    answers.update({8: 5, 3: 5, 4: 5, 7: 5})  # one forward item per subscale raised by 2
    result = score("mfi20", answers)
    assert result["general"].value == 12.0
    for subscale in ("physical", "activity", "motivation", "mental"):
        assert result[subscale].value == 14.0


def test_it_prorates_one_missing_item():
    # Our rule: one missing of four -> mean of the three answered x 4. 2 + 2 + 3 = 7 -> 28/3.
    result = score("mfi20", {1: 2, 5: 4, 12: 3, 16: None})["general"]
    assert result.value == pytest.approx(28 / 3)
    assert result.missing_items == 1


def test_it_gives_no_score_with_two_missing_items():
    result = score("mfi20", {1: 2, 5: 4})["general"]
    assert result.value is None
    assert result.missing_items == 2
    assert score("mfi20", {})["mental"] == result.__class__(None, 4, "mfi20-1.0")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({3: 0}, r"mfi20 item 3: answer 0 is out of range; allowed 1-5"),
        ({3: 6}, r"mfi20 item 3: answer 6 is out of range; allowed 1-5"),
        ({21: 1}, r"mfi20: unknown item 21; items are numbered 1-20"),
    ],
)
def test_it_rejects_invalid_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("mfi20", answers)
