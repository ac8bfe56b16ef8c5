"""FIQ (1997/2002) scoring.

Source: FIQ scoring notes (myalgia.com, FIQ academic agreement; Burckhardt, Clark & Bennett
1991; Bennett 2005): physical function = mean of the answered items 1-11 (0-3) x 3.33; days
felt good = (7 - x) x 1.43; days missed work = x x 1.43; the seven 0-10 VAS items as given;
total = sum of the ten components, maximum 100. Blank components: sum of the scored
components / number scored x 10. The limits (function required, at most two other components
missing) are our documented rule (assessments/scoring.py).
"""

import pytest

from assessments.scoring import fiq_components, score

FUNCTION = dict(zip(range(1, 12), (0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2), strict=True))  # sum 15
VAS = dict(zip(range(14, 21), (5, 6, 7, 4, 3, 2, 1), strict=True))  # sum 28
FORM = {**FUNCTION, 12: 2, 13: 1, **VAS}


def test_it_computes_the_ten_components():
    components = fiq_components(FORM)
    assert components["function"] == pytest.approx(15 / 11 * 3.33)  # 4.5409...
    assert components["felt_good"] == pytest.approx((7 - 2) * 1.43)  # 7.15
    assert components["missed_work"] == pytest.approx(1 * 1.43)
    assert [components[f"vas{n}"] for n in range(14, 21)] == [5, 6, 7, 4, 3, 2, 1]


def test_it_sums_the_components_of_a_complete_form():
    # 4.540909 + 7.15 + 1.43 + 28 = 41.120909...
    result = score("fiq", FORM)["total"]
    assert result.value == pytest.approx(15 / 11 * 3.33 + 7.15 + 1.43 + 28)
    assert result.value == pytest.approx(41.1209, abs=1e-4)
    assert result.missing_items == 0
    assert result.rule_version == "fiq-1.0"


def test_it_caps_the_total_at_100():
    # Worst answers give 9.99 + 10.01 + 10.01 + 70 = 100.01, reported as 100.
    worst = {**dict.fromkeys(range(1, 12), 3), 12: 0, 13: 7, **dict.fromkeys(range(14, 21), 10)}
    assert score("fiq", worst)["total"].value == 100.0


def test_it_scores_the_best_form_as_0():
    best = {**dict.fromkeys(range(1, 12), 0), 12: 7, 13: 0, **dict.fromkeys(range(14, 21), 0)}
    assert score("fiq", best)["total"].value == 0.0


def test_it_averages_only_the_answered_function_items():
    # FIQ notes: function score = mean of the items answered (activities not done are blank).
    answers = {**FORM, **dict.fromkeys(range(6, 12), None)}  # items 1-5: 0,1,2,3,0 -> mean 1.2
    assert fiq_components(answers)["function"] == pytest.approx(1.2 * 3.33)
    result = score("fiq", answers)["total"]
    assert result.value == pytest.approx(1.2 * 3.33 + 7.15 + 1.43 + 28)
    assert result.missing_items == 6


def test_it_prorates_the_total_when_work_items_are_blank():
    # A participant without work leaves items 13 (missed work) and 14 (job VAS) blank:
    # 8 components scored, total = (4.540909 + 7.15 + 23) / 8 x 10.
    answers = {**FORM, 13: None, 14: None}
    result = score("fiq", answers)["total"]
    assert result.value == pytest.approx((15 / 11 * 3.33 + 7.15 + 23) / 8 * 10)
    assert result.value == pytest.approx(43.3636, abs=1e-4)
    assert result.missing_items == 2


def test_it_gives_no_total_without_any_function_item():
    answers = {**FORM, **dict.fromkeys(range(1, 12), None)}
    result = score("fiq", answers)["total"]
    assert result.value is None
    assert result.missing_items == 11


def test_it_gives_no_total_with_three_other_components_missing():
    answers = {**FORM, 12: None, 13: None, 20: None}
    result = score("fiq", answers)["total"]
    assert result.value is None
    assert result.missing_items == 3


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 4}, r"fiq item 1: answer 4 is out of range; allowed 0-3"),
        ({12: 8}, r"fiq item 12: answer 8 is out of range; allowed 0-7"),
        ({13: -1}, r"fiq item 13: answer -1 is out of range; allowed 0-7"),
        ({14: 11}, r"fiq item 14: answer 11 is out of range; allowed 0-10"),
        ({14: 5.5}, r"fiq item 14: answer 5.5 is not a whole number; allowed 0-10"),
        ({21: 0}, r"fiq: unknown item 21; items are numbered 1-20"),
    ],
)
def test_it_rejects_invalid_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("fiq", answers)
