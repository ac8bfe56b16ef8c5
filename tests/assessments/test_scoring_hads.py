"""HADS scoring.

Sources: CamCOPS camcops_server/tasks/hads.py (14 items 0-3, odd items anxiety, even items
depression, subscales 0-21); R package qscorer, scoring_hads ("both sub scores are calculated if
no more than one item is missing; missing values are replaced with the average score of the
completed items", no rounding by default); cut-offs 0-7 normal, 8-10 borderline, >= 11 case
(Zigmond & Snaith 1983, as documented in qscorer); trial exclusion > 15 (INSTRUMENTS.md).
"""

import pytest

from assessments.scoring import hads_band, hads_exceeds_trial_limit, score

ANXIETY = dict(zip((1, 3, 5, 7, 9, 11, 13), (3, 2, 1, 0, 3, 2, 1), strict=True))  # sum 12
DEPRESSION = dict(zip((2, 4, 6, 8, 10, 12, 14), (0, 1, 0, 1, 0, 1, 0), strict=True))  # sum 3


def test_it_sums_odd_items_as_anxiety_and_even_items_as_depression():
    # CamCOPS hads.py: anxiety = items 1,3,...,13; depression = items 2,4,...,14.
    result = score("hads", {**ANXIETY, **DEPRESSION})
    assert result["anxiety"].value == 12.0
    assert result["depression"].value == 3.0
    assert result["anxiety"].missing_items == 0
    assert result["anxiety"].rule_version == "hads-1.0"


def test_it_spans_0_to_21_per_subscale():
    assert score("hads", dict.fromkeys(range(1, 15), 3))["anxiety"].value == 21.0
    assert score("hads", dict.fromkeys(range(1, 15), 0))["depression"].value == 0.0


def test_it_replaces_one_missing_item_by_the_mean_of_the_answered_ones():
    # qscorer: one missing item per subscale is replaced by the mean of the completed items.
    # Anxiety items 1..11 answered 3,2,1,0,3,2 (sum 11), item 13 missing: 11 + 11/6 = 77/6.
    answers = {**ANXIETY, 13: None, **DEPRESSION}
    result = score("hads", answers)["anxiety"]
    assert result.value == pytest.approx(77 / 6)  # 12.8333..., kept unrounded
    assert result.missing_items == 1


def test_it_treats_an_absent_item_like_an_unanswered_one():
    # Item 4 (answered 1 above) left out: depression items 2,6,...,14 sum 2 -> 2 + 2/6 = 14/6.
    answers = {n: v for n, v in {**ANXIETY, **DEPRESSION}.items() if n != 4}
    result = score("hads", answers)["depression"]
    assert result.value == pytest.approx(14 / 6)
    assert result.missing_items == 1


def test_it_gives_no_subscale_score_with_two_missing_items():
    # qscorer: a subscale is scored only if no more than one of its items is missing.
    answers = {**ANXIETY, 1: None, 3: None, **DEPRESSION}
    result = score("hads", answers)
    assert result["anxiety"].value is None
    assert result["anxiety"].missing_items == 2
    assert result["depression"].value == 3.0


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "normal"),
        (7, "normal"),
        (7.5, "normal"),
        (8, "borderline"),
        (10, "borderline"),
        (10.83, "borderline"),
        (11, "case"),
        (21, "case"),
        (None, None),
    ],
)
def test_it_bands_scores_at_the_published_cut_offs(value, band):
    # Zigmond & Snaith 1983 / qscorer: <= 7 normal, 8-10 borderline, >= 11 case.
    assert hads_band(value) == band


@pytest.mark.parametrize(("value", "exceeds"), [(0, False), (15, False), (15.17, True), (16, True)])
def test_it_flags_scores_above_the_trial_limit(value, exceeds):
    # INSTRUMENTS.md: the trial excludes a HADS subscale score > 15.
    assert hads_exceeds_trial_limit(value) is exceeds


def test_it_refuses_to_check_the_trial_limit_without_a_score():
    with pytest.raises(ValueError, match="could not be scored"):
        hads_exceeds_trial_limit(None)


@pytest.mark.parametrize("value", [-1, 21.5, 22])
def test_it_rejects_impossible_subscale_scores(value):
    with pytest.raises(ValueError, match="allowed 0-21"):
        hads_band(value)
    with pytest.raises(ValueError, match="allowed 0-21"):
        hads_exceeds_trial_limit(value)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 4}, r"hads item 1: answer 4 is out of range; allowed 0-3"),
        ({14: -1}, r"hads item 14: answer -1 is out of range; allowed 0-3"),
        ({15: 0}, r"hads: unknown item 15; items are numbered 1-14"),
    ],
)
def test_it_rejects_invalid_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("hads", answers)
