"""RAND-36 scoring.

Source for every expected value: RAND 36-Item Health Survey 1.0 scoring instructions
(rand.org, "Scoring Instructions for the 36-Item Short Form Survey"): step 1 recodes each
precoded answer to 0-100 (Table 1), step 2 averages the answered items of each scale (Table 2);
"items that are left blank (missing data) are not taken into account when calculating the
scale scores", so a scale is the mean of the answered items.
"""

import pytest

from assessments.scoring import RAND36_RECODE, score

# Answers that give 100 on every scale (best health) per Table 1.
BEST = {
    **dict.fromkeys((1, 2, 20, 22, 34, 36), 1),
    **dict.fromkeys(range(3, 13), 3),
    **dict.fromkeys(range(13, 20), 2),
    **dict.fromkeys((21, 23, 26, 27, 30), 1),
    **dict.fromkeys((24, 25, 28, 29, 31), 6),
    **dict.fromkeys((32, 33, 35), 5),
}
WORST = {
    **dict.fromkeys((1, 2, 20, 22, 34, 36), 5),
    **dict.fromkeys(range(3, 13), 1),
    **dict.fromkeys(range(13, 20), 1),
    **dict.fromkeys((21, 23, 26, 27, 30), 6),
    **dict.fromkeys((24, 25, 28, 29, 31), 1),
    **dict.fromkeys((32, 33, 35), 1),
}
SCALES = ("pf", "rp", "re", "ef", "ewb", "sf", "pain", "gh")


def test_it_scores_best_and_worst_health_as_100_and_0():
    # RAND Table 1: the healthiest answer of every item recodes to 100, the least healthy to 0.
    best = score("rand36", BEST)
    worst = score("rand36", WORST)
    assert list(best) == list(SCALES)
    for scale in SCALES:
        assert best[scale].value == 100.0
        assert worst[scale].value == 0.0
        assert best[scale].missing_items == 0
        assert best[scale].rule_version == "rand36-1.0"


def test_it_averages_physical_functioning_items():
    # RAND Table 1: items 3-12, 1 -> 0, 2 -> 50, 3 -> 100; Table 2: PF = mean of items 3-12.
    answers = dict(zip(range(3, 13), (1, 2, 3, 3, 3, 2, 3, 2, 3, 3), strict=True))
    # recoded 0, 50, 100, 100, 100, 50, 100, 50, 100, 100 -> 750 / 10
    assert score("rand36", answers)["pf"].value == 75.0


def test_it_scores_all_eight_scales_from_a_mixed_form():
    # RAND Tables 1-2, hand-worked: all answers 1.
    # ef: 23 (100) 27 (100) 29 (0) 31 (0) -> 50; ewb: 24 (0) 25 (0) 26 (100) 28 (0) 30 (100) -> 40
    # sf: 20 (100) 32 (0) -> 50; pain: 21 (100) 22 (100) -> 100
    # gh: 1 (100) 33 (0) 34 (100) 35 (0) 36 (100) -> 60; pf, rp, re all 0.
    result = score("rand36", dict.fromkeys(range(1, 37), 1))
    assert {k: v.value for k, v in result.items()} == {
        "pf": 0.0,
        "rp": 0.0,
        "re": 0.0,
        "ef": 50.0,
        "ewb": 40.0,
        "sf": 50.0,
        "pain": 100.0,
        "gh": 60.0,
    }


@pytest.mark.parametrize(
    ("item", "answer", "expected", "scale"),
    [
        (1, 2, 75.0, "gh"),
        (36, 4, 25.0, "gh"),
        (22, 3, 50.0, "pain"),
        (20, 5, 0.0, "sf"),
        (5, 2, 50.0, "pf"),
        (15, 2, 100.0, "rp"),
        (19, 1, 0.0, "re"),
        (21, 2, 80.0, "pain"),
        (30, 4, 40.0, "ewb"),
        (23, 6, 0.0, "ef"),
        (24, 3, 40.0, "ewb"),
        (31, 5, 80.0, "ef"),
        (32, 2, 25.0, "sf"),
        (33, 4, 75.0, "gh"),
        (35, 3, 50.0, "gh"),
    ],
)
def test_it_recodes_each_item_group_per_table_1(item, answer, expected, scale):
    # RAND Table 1 recoding; with one answered item the scale equals that item's recoded value.
    assert RAND36_RECODE[item][answer] == expected
    result = score("rand36", {item: answer})[scale]
    assert result.value == expected


def test_it_averages_only_answered_items():
    # RAND step 2: blank items are left out of the mean. RP: 13 -> 0, 14 -> 100, 15-16 blank.
    result = score("rand36", {13: 1, 14: 2, 15: None})["rp"]
    assert result.value == 50.0
    assert result.missing_items == 2


def test_it_gives_no_score_for_a_scale_without_answers():
    result = score("rand36", {1: 1})
    assert result["ef"].value is None
    assert result["ef"].missing_items == 4
    assert result["gh"].value == 100.0
    assert result["gh"].missing_items == 4


def test_it_keeps_item_2_out_of_every_scale():
    # RAND: item 2 (health change) is not scored in any of the eight scales.
    with_2 = score("rand36", {**BEST, 2: 5})
    assert with_2 == score("rand36", BEST)
    assert score("rand36", {2: 1}) == score("rand36", {})


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({3: 4}, r"rand36 item 3: answer 4 is out of range; allowed 1-3"),
        ({13: 0}, r"rand36 item 13: answer 0 is out of range; allowed 1-2"),
        ({21: 7}, r"item 21: .*allowed 1-6"),
        ({37: 1}, r"rand36: unknown item 37; items are numbered 1-36"),
        ({0: 1}, r"unknown item 0"),
        ({"1": 1}, r"unknown item '1'"),
        ({1: 2.0}, r"item 1: answer 2.0 is not a whole number; allowed 1-5"),
        ({1: True}, r"item 1: answer True is not a whole number"),
    ],
)
def test_it_rejects_invalid_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("rand36", answers)
