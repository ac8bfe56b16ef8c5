"""Instrument registry and licensed-text loading.

Sources: DESIGN.md ("Codes used in the bundle": instrument and scale codes, items numbered from 1
in the instrument's own order) and INSTRUMENTS.md (licence column: licensed wording comes from a
file the deploying site supplies; the platform says clearly when a text is missing).
"""

import json

import pytest

from assessments.instruments import (
    INSTRUMENTS,
    LicensedTextMissing,
    get_instrument,
    item_texts,
    load_licensed_options,
    load_licensed_texts,
)
from assessments.scoring import RULE_VERSIONS

SCALES = {
    "rand36": ["pf", "rp", "re", "ef", "ewb", "sf", "pain", "gh"],
    "hads": ["anxiety", "depression"],
    "mfi20": ["general", "physical", "activity", "motivation", "mental"],
    "fiq": ["total"],
    "sci93": ["total"],
    "pain_vas": ["score"],
    "fatigue_vas": ["score"],
    "pain_locations": ["count"],
}
ITEM_COUNTS = {"rand36": 36, "hads": 14, "mfi20": 20, "fiq": 20, "pain_vas": 1, "fatigue_vas": 1}
LICENSED = {"hads", "mfi20", "fiq", "sci93"}


def test_it_registers_the_design_codes_and_scales():
    assert set(INSTRUMENTS) == set(SCALES)
    assert set(RULE_VERSIONS) == set(SCALES)
    for code, scales in SCALES.items():
        assert [s.code for s in get_instrument(code).scales] == scales


def test_it_numbers_items_from_1_in_order():
    for code, instrument in INSTRUMENTS.items():
        assert instrument.item_numbers == tuple(range(1, len(instrument.items) + 1)), code
        if code in ITEM_COUNTS:
            assert len(instrument.items) == ITEM_COUNTS[code]
        for scale in instrument.scales:
            assert set(scale.items) <= set(instrument.item_numbers)
    assert len(get_instrument("pain_locations").items) == 18


def test_it_ships_no_licensed_wording():
    for code, instrument in INSTRUMENTS.items():
        assert instrument.texts_licensed is (code in LICENSED)
        for item in instrument.items:
            if code in LICENSED:
                assert item.text is None
                assert all(option.label is None for option in item.options or ())
            else:
                assert str(item.text).strip()


def test_it_raises_a_clear_error_for_an_unknown_instrument():
    with pytest.raises(KeyError, match="unknown instrument 'sf36'"):
        get_instrument("sf36")


def test_it_returns_shipped_texts_for_unlicensed_instruments():
    texts = item_texts("rand36")
    assert texts[1] == "In general, would you say your health is:"
    assert len(texts) == 36


def test_it_reports_a_missing_licensed_file_with_code_and_path(tmp_path):
    with pytest.raises(LicensedTextMissing) as caught:
        load_licensed_texts("hads", tmp_path)
    message = str(caught.value)
    assert "'hads'" in message
    assert str(tmp_path / "hads.json") in message
    assert caught.value.code == "hads"
    with pytest.raises(LicensedTextMissing, match="no licensed text directory configured"):
        item_texts("mfi20", None)


def test_it_reports_an_incomplete_licensed_file(tmp_path):
    (tmp_path / "hads.json").write_text(json.dumps({"items": {"1": "text one", "2": ""}}))
    with pytest.raises(LicensedTextMissing, match=r"no text for item\(s\) 2, 3, 4, .*14"):
        load_licensed_texts("hads", tmp_path)


def test_it_rejects_a_file_for_another_version(tmp_path):
    items = {str(n): f"text {n}" for n in range(1, 16)}
    (tmp_path / "hads.json").write_text(json.dumps({"items": items}))
    with pytest.raises(LicensedTextMissing, match="names item '15'"):
        load_licensed_texts("hads", tmp_path)


def test_it_rejects_an_unreadable_file(tmp_path):
    (tmp_path / "fiq.json").write_text("{not json")
    with pytest.raises(LicensedTextMissing, match="cannot be read"):
        load_licensed_texts("fiq", tmp_path)


def test_it_loads_licensed_texts_and_option_labels(tmp_path):
    data = {
        "items": {str(n): f"MFI statement {n}" for n in range(1, 21)},
        "options": {"default": {"1": "yes", "5": "no"}, "3": {"1": "ja"}},
    }
    (tmp_path / "mfi20.json").write_text(json.dumps(data))
    texts = item_texts("mfi20", tmp_path)
    assert texts[20] == "MFI statement 20"
    labels = load_licensed_options("mfi20", tmp_path)
    assert labels[1] == {1: "yes", 5: "no"}
    assert labels[3] == {1: "ja"}


def test_it_rejects_option_labels_outside_the_item_range(tmp_path):
    data = {"items": {str(n): "t" for n in range(1, 15)}, "options": {"default": {"4": "x"}}}
    (tmp_path / "hads.json").write_text(json.dumps(data))
    with pytest.raises(LicensedTextMissing, match="option '4' of item 1 is outside 0-3"):
        load_licensed_options("hads", tmp_path)
