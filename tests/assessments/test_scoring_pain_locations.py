"""Body map: count of marked regions, default 18.

Source: INSTRUMENTS.md (count of regions marked, 0-18) and DESIGN.md ("for pain_locations the
item is the region number and the value 1 when marked").
"""

import pytest

from assessments.instruments import build_pain_locations
from assessments.scoring import score


def test_it_counts_marked_body_regions():
    result = score("pain_locations", {1: 1, 3: 1, 18: 1, 2: 0, 4: None})["count"]
    assert result.value == 3.0
    assert result.missing_items == 0
    assert result.rule_version == "pain_locations-1.0"


def test_it_counts_from_0_to_18_regions():
    assert score("pain_locations", {})["count"].value == 0.0
    assert score("pain_locations", dict.fromkeys(range(1, 19), 1))["count"].value == 18.0


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 2}, r"pain_locations item 1: answer 2 is out of range; allowed 0-1"),
        ({19: 1}, r"pain_locations: unknown item 19; items are numbered 1-18"),
    ],
)
def test_it_rejects_invalid_body_map_answers(answers, message):
    with pytest.raises(ValueError, match=message):
        score("pain_locations", answers)


def test_it_scores_a_site_specific_body_map():
    body_map = build_pain_locations(["Head", "Left foot", "Right foot"])
    assert score(body_map, {1: 1, 3: 1})["count"].value == 2.0
    with pytest.raises(ValueError, match="unknown item 4"):
        score(body_map, {4: 1})
