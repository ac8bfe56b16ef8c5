"""Pain and fatigue visual analogue scales: 0-100, scored as the value given.

Source: INSTRUMENTS.md (pain intensity and global fatigue VAS, our own wording, value as given).
"""

import pytest

from assessments.scoring import score


@pytest.mark.parametrize("code", ["pain_vas", "fatigue_vas"])
@pytest.mark.parametrize("value", [0, 57, 100])
def test_it_scores_a_vas_as_given(code, value):
    result = score(code, {1: value})["score"]
    assert result.value == float(value)
    assert result.missing_items == 0
    assert result.rule_version == f"{code}-1.0"


@pytest.mark.parametrize("code", ["pain_vas", "fatigue_vas"])
def test_it_gives_no_vas_score_when_unanswered(code):
    assert score(code, {1: None})["score"].value is None
    assert score(code, {})["score"].missing_items == 1


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 101}, r"pain_vas item 1: answer 101 is out of range; allowed 0-100"),
        ({1: -1}, r"pain_vas item 1: answer -1 is out of range; allowed 0-100"),
        ({2: 50}, r"pain_vas: unknown item 2; items are numbered 1-1"),
    ],
)
def test_it_rejects_invalid_vas_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("pain_vas", answers)
