"""Allocation-sequence logic for stratified permuted-block randomization (no database)."""

import hashlib
import hmac
import random
import unicodedata
from collections import Counter
from itertools import groupby, pairwise

import pytest

from trial.randomization import (
    Allocation,
    generate_sequence,
    parse_allocation_csv,
    validate_allocation_list,
)

SEED = "test-only-secret-seed-0123456789"
SITES = ("Eriksberg", "Sannegården", "Lidköping", "Uddevalla")
ARMS = ("intervention", "control")


def _blocks(sequence):
    return [list(block) for _, block in groupby(sequence, key=lambda a: a.block_number)]


def _arms(sequence):
    return [a.arm for a in sequence]


# --- generate_sequence --------------------------------------------------------------------------


def test_it_returns_the_same_sequence_for_the_same_seed_and_stratum():
    first = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=200)
    second = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=200)
    assert first == second
    assert len(first) == 200
    assert all(isinstance(a, Allocation) for a in first)


def test_it_pins_a_known_sequence_so_an_auditor_can_regenerate_it():
    # If this changes, lists regenerated for audit no longer match the stored ones.
    sequence = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=12)
    assert [(a.block_number, a.block_size, a.arm[0]) for a in sequence] == PINNED_ERIKSBERG

    # The per-stratum generator is random.Random(HMAC-SHA256(seed, stratum)); its first draw
    # (an exact 53-bit integer from random()) picks the first block size.
    digest = hmac.new(SEED.encode(), b"Eriksberg", hashlib.sha256).digest()
    first_draw = int(random.Random(int.from_bytes(digest, "big")).random() * 2**53)
    assert (2, 4, 6)[first_draw % 3] == sequence[0].block_size


def test_it_gives_a_different_sequence_for_a_different_seed():
    first = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=100)
    other = generate_sequence(secret_seed=SEED + "x", stratum="Eriksberg", length=100)
    assert _arms(first) != _arms(other)


@pytest.mark.parametrize("length", [0, 1, 2, 3, 5, 7, 11, 50, 99])
def test_it_is_a_prefix_of_the_same_sequence_with_a_larger_length(length):
    longer = generate_sequence(secret_seed=SEED, stratum="Lidköping", length=100)
    shorter = generate_sequence(secret_seed=SEED, stratum="Lidköping", length=length)
    assert shorter == longer[:length]


def test_it_returns_an_empty_list_for_length_zero():
    assert generate_sequence(secret_seed=SEED, stratum="Uddevalla", length=0) == []


def test_it_keeps_strata_independent():
    sequences = {
        site: generate_sequence(secret_seed=SEED, stratum=site, length=1000) for site in SITES
    }
    for i, a in enumerate(SITES):
        for b in SITES[i + 1 :]:
            assert _arms(sequences[a]) != _arms(sequences[b])
            # Unrelated sequences agree about half the time, not systematically.
            pairs = zip(_arms(sequences[a]), _arms(sequences[b]), strict=True)
            agree = sum(x == y for x, y in pairs) / 1000
            assert 0.4 < agree < 0.6, (a, b, agree)

    # No shared or global state: other strata and the global random module do not matter.
    random.seed(0)
    generate_sequence(secret_seed=SEED, stratum="Sannegården", length=37)
    again = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=1000)
    random.seed(12345)
    assert again == sequences["Eriksberg"]


def test_it_treats_unicode_forms_and_spaces_of_a_stratum_name_alike():
    composed = unicodedata.normalize("NFC", "Sannegården")
    decomposed = unicodedata.normalize("NFD", "Sannegården")
    assert composed != decomposed
    assert generate_sequence(secret_seed=SEED, stratum=composed, length=30) == generate_sequence(
        secret_seed=SEED, stratum=f" {decomposed} ", length=30
    )


def test_it_numbers_positions_from_one_and_blocks_consecutively():
    sequence = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=300)
    assert [a.position for a in sequence] == list(range(1, 301))
    assert [block[0].block_number for block in _blocks(sequence)] == list(
        range(1, len(_blocks(sequence)) + 1)
    )


def test_it_draws_block_sizes_only_from_the_allowed_set():
    for site in SITES:
        sequence = generate_sequence(secret_seed=SEED, stratum=site, length=1000)
        blocks = _blocks(sequence)
        sizes = {block[0].block_size for block in blocks}
        assert sizes == {2, 4, 6}  # all allowed sizes are used, and nothing else
        for block in blocks[:-1]:
            assert len(block) == block[0].block_size
            assert {a.block_size for a in block} == {block[0].block_size}
        assert len(blocks[-1]) <= blocks[-1][0].block_size


def test_it_balances_every_block_exactly():
    for site in SITES:
        sequence = generate_sequence(secret_seed=SEED, stratum=site, length=1000)
        for block in _blocks(sequence)[:-1]:
            counts = Counter(_arms(block))
            assert counts == {"intervention": len(block) // 2, "control": len(block) // 2}
        # The cut-off last block never over-allocates an arm either.
        last = _blocks(sequence)[-1]
        assert max(Counter(_arms(last)).values()) <= last[0].block_size // 2


def test_it_is_exactly_balanced_at_the_end_of_each_block():
    sequence = generate_sequence(secret_seed=SEED, stratum="Uddevalla", length=1000)
    counts = Counter()
    block_ends = 0
    for allocation, following in pairwise(sequence):
        counts[allocation.arm] += 1
        if following.block_number != allocation.block_number:
            block_ends += 1
            assert counts["intervention"] == counts["control"], allocation
            assert allocation.position == counts.total()
    assert block_ends == len(_blocks(sequence)) - 1 > 200


def test_it_varies_the_order_within_blocks_of_the_same_size():
    sequence = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=1000)
    patterns = {tuple(_arms(b)) for b in _blocks(sequence)[:-1] if len(b) == 6}
    assert len(patterns) > 10  # of the 20 possible orderings of a 6-block


def test_it_supports_other_block_sizes_and_three_arms():
    arms = ("a", "b", "c")
    sequence = generate_sequence(
        secret_seed=SEED, stratum="Eriksberg", arms=arms, block_sizes=(3, 9), length=300
    )
    for block in _blocks(sequence)[:-1]:
        assert block[0].block_size in (3, 9)
        assert Counter(_arms(block)) == dict.fromkeys(arms, len(block) // 3)


def test_it_keeps_imbalance_within_half_the_largest_block_in_a_four_site_simulation():
    block_sizes = (2, 4, 6)
    per_site = 1000
    sequences = {
        site: generate_sequence(
            secret_seed=SEED, stratum=site, block_sizes=block_sizes, length=per_site
        )
        for site in SITES
    }
    # Participants arrive at the sites in random order; each gets its site's next slot.
    arrivals = [site for site in SITES for _ in range(per_site)]
    random.Random(2026).shuffle(arrivals)
    next_slot = dict.fromkeys(SITES, 0)
    counts = {site: Counter() for site in SITES}
    for site in arrivals:
        allocation = sequences[site][next_slot[site]]
        next_slot[site] += 1
        counts[site][allocation.arm] += 1
        imbalance = abs(counts[site]["intervention"] - counts[site]["control"])
        assert imbalance <= max(block_sizes) / 2, (site, next_slot[site], imbalance)

    total = sum(counts.values(), Counter())
    assert total.total() == per_site * len(SITES)
    for site in SITES:
        assert counts[site].total() == per_site
        difference = abs(counts[site]["intervention"] - counts[site]["control"])
        assert difference <= max(block_sizes)
    # Overall 1:1 within the largest block size, summed over the sites.
    assert abs(total["intervention"] - total["control"]) <= max(block_sizes) / 2 * len(SITES)
    assert 0.99 < total["intervention"] / total["control"] < 1.01


@pytest.mark.parametrize(
    ("block_sizes", "message"),
    [
        ((3,), "not a multiple of the number of arms"),
        ((2, 4, 5), "block size 5 is not a multiple"),
        ((0,), "positive whole numbers"),
        ((-2,), "positive whole numbers"),
        ((2.0,), "positive whole numbers"),
        ((), "at least one block size"),
    ],
)
def test_it_rejects_invalid_block_sizes(block_sizes, message):
    with pytest.raises(ValueError, match=message):
        generate_sequence(secret_seed=SEED, stratum="Eriksberg", block_sizes=block_sizes, length=10)


def test_it_rejects_block_sizes_that_do_not_fit_three_arms():
    with pytest.raises(ValueError, match=r"block size 4 is not a multiple .* \(3\)"):
        generate_sequence(
            secret_seed=SEED,
            stratum="Eriksberg",
            arms=("a", "b", "c"),
            block_sizes=(3, 4),
            length=3,
        )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"secret_seed": "short"}, "at least 16 characters"),
        ({"stratum": "  "}, "stratum must be a non-empty string"),
        ({"length": -1}, "length must be a whole number"),
        ({"arms": ("intervention",)}, "at least two arms"),
        ({"arms": ("control", "control")}, "distinct"),
    ],
)
def test_it_rejects_other_invalid_arguments(kwargs, message):
    arguments = {"secret_seed": SEED, "stratum": "Eriksberg", "length": 10} | kwargs
    with pytest.raises(ValueError, match=message):
        generate_sequence(**arguments)


# --- validate_allocation_list -------------------------------------------------------------------


def test_it_validates_rows_in_any_order_and_keeps_their_order():
    rows = [
        {"stratum": "Lidköping", "position": "2", "arm": "control"},
        {"stratum": "Eriksberg", "position": 1, "arm": "intervention"},
        {"stratum": "Lidköping", "position": "1", "arm": " intervention "},
    ]
    assert validate_allocation_list(rows) == [
        Allocation(position=2, block_number=0, block_size=0, arm="control"),
        Allocation(position=1, block_number=0, block_size=0, arm="intervention"),
        Allocation(position=1, block_number=0, block_size=0, arm="intervention"),
    ]


def test_it_accepts_a_generated_sequence_with_block_columns():
    sequence = generate_sequence(secret_seed=SEED, stratum="Eriksberg", length=41)
    rows = [
        {"stratum": "Eriksberg", **{k: getattr(a, k) for k in Allocation.__dataclass_fields__}}
        for a in sequence
    ]
    assert validate_allocation_list(rows) == sequence


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [{"stratum": "E", "position": "1", "arm": "placebo"}],
            "row 1: unknown arm 'placebo'",
        ),
        ([{"stratum": "E", "position": "1"}], "row 1: arm is missing"),
        ([{"stratum": "", "position": "1", "arm": "control"}], "row 1: stratum is missing"),
        ([{"stratum": "E", "position": "one", "arm": "control"}], "row 1: position must be"),
        ([{"stratum": "E", "position": "0", "arm": "control"}], "row 1: position must be 1"),
        (
            [
                {"stratum": "E", "position": "1", "arm": "control"},
                {"stratum": "E", "position": "3", "arm": "control"},
            ],
            "row 2: stratum 'E' has position 3 but no position 2",
        ),
        (
            [
                {"stratum": "E", "position": "1", "arm": "control"},
                {"stratum": "E", "position": "1", "arm": "intervention"},
            ],
            r"row 2: duplicate position 1 for stratum 'E' \(already on row 1\)",
        ),
        (
            [
                {"stratum": "E", "position": 1, "arm": "control", "block_number": 1},
            ],
            "row 1: give both block_number and block_size",
        ),
        (
            [
                {"stratum": "E", "position": 1, "arm": "control", "block_number": 1,
                 "block_size": 2},
                {"stratum": "E", "position": 2, "arm": "control", "block_number": 1,
                 "block_size": 2},
            ],
            "row 2: block 1 of stratum 'E' has more than 1 'control' slots",
        ),
        (
            [
                {"stratum": "E", "position": 1, "arm": "control", "block_number": 1,
                 "block_size": 4},
                {"stratum": "E", "position": 2, "arm": "intervention", "block_number": 2,
                 "block_size": 2},
            ],
            "row 2: block 2 of stratum 'E' starts before block 1 is complete",
        ),
        (
            [
                {"stratum": "E", "position": 1, "arm": "control", "block_number": 1,
                 "block_size": 2},
                {"stratum": "E", "position": 2, "arm": "intervention"},
            ],
            "row 2: stratum 'E' mixes rows with and without block_number",
        ),
        (
            [{"stratum": "E", "position": 1, "arm": "control", "block_number": 1,
              "block_size": 3}],
            "row 1: block_size 3 is not a multiple",
        ),
    ],
)  # fmt: skip
def test_it_rejects_invalid_allocation_rows_naming_the_row(rows, message):
    with pytest.raises(ValueError, match=message):
        validate_allocation_list(rows)


# --- parse_allocation_csv -----------------------------------------------------------------------

GOOD_CSV = (
    "stratum,position,arm\n"
    "Eriksberg,1,intervention\n"
    "Eriksberg,2,control\n"
    "Sannegården,1,control\n"
    "Sannegården,2,intervention\n"
    "Eriksberg,3,control\n"
)


def test_it_parses_a_good_csv_into_sequences_per_stratum():
    sequences = parse_allocation_csv(GOOD_CSV)
    assert list(sequences) == ["Eriksberg", "Sannegården"]
    assert _arms(sequences["Eriksberg"]) == ["intervention", "control", "control"]
    assert [a.position for a in sequences["Eriksberg"]] == [1, 2, 3]
    assert sequences["Sannegården"][0] == Allocation(
        position=1, block_number=0, block_size=0, arm="control"
    )


def test_it_parses_a_csv_with_a_byte_order_mark_and_windows_line_ends():
    expected = parse_allocation_csv(GOOD_CSV)
    assert parse_allocation_csv("\ufeff" + GOOD_CSV) == expected
    assert parse_allocation_csv(GOOD_CSV.replace("\n", "\r\n").encode("utf-8-sig")) == expected


def test_it_round_trips_a_generated_sequence_with_block_columns_through_csv():
    sequences = {
        site: generate_sequence(secret_seed=SEED, stratum=site, length=25) for site in SITES
    }
    lines = ["Stratum, Position, Arm, Block_Number, Block_Size"]
    for site, sequence in sequences.items():
        lines += [f"{site},{a.position},{a.arm},{a.block_number},{a.block_size}" for a in sequence]
    assert parse_allocation_csv("\n".join(lines) + "\n\n") == sequences


def test_it_rejects_a_csv_with_an_unknown_arm():
    text = GOOD_CSV.replace("Sannegården,1,control", "Sannegården,1,placebo")
    with pytest.raises(ValueError, match=r"row 4: unknown arm 'placebo' \(expected one of"):
        parse_allocation_csv(text)


def test_it_rejects_a_csv_with_a_gap_in_positions():
    text = GOOD_CSV.replace("Eriksberg,3,control", "Eriksberg,4,control")
    with pytest.raises(
        ValueError, match="row 6: stratum 'Eriksberg' has position 4 but no position 3"
    ):
        parse_allocation_csv(text)


def test_it_rejects_a_csv_with_a_duplicate_position():
    text = GOOD_CSV + "Sannegården,2,control\n"
    with pytest.raises(
        ValueError,
        match=r"row 7: duplicate position 2 for stratum 'Sannegården' \(already on row 5\)",
    ):
        parse_allocation_csv(text)


@pytest.mark.parametrize(
    ("header", "extra"),
    [
        ("site,position,arm", ""),
        ("stratum,arm,position", ""),
        ("stratum,position", ""),
        ("stratum,position,arm,block_number", ""),
        ("stratum;position;arm", "semicolons"),
    ],
)
def test_it_rejects_a_csv_with_a_wrong_header(header, extra):
    text = GOOD_CSV.replace("stratum,position,arm", header, 1)
    with pytest.raises(ValueError, match="row 1: the header must be 'stratum,position,arm'") as err:
        parse_allocation_csv(text)
    assert header in str(err.value)
    assert extra in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("stratum,position,arm\n\n", "header but no allocation rows"),
        (GOOD_CSV + "Eriksberg,4\n", "row 7: has 2 values but the header has 3 columns"),
        ("stratum,position,arm\nE,1,control\n\nE,2,intervention\n", "row 3: the row is empty"),
        (b"stratum,position,arm\nS\xe4nneg,1,control\n", "not valid UTF-8"),
    ],
)
def test_it_rejects_malformed_csv_files(text, message):
    with pytest.raises(ValueError, match=message):
        parse_allocation_csv(text)


def test_it_merges_unicode_forms_of_a_stratum_name_in_csv():
    decomposed = unicodedata.normalize("NFD", "Sannegården")
    text = f"stratum,position,arm\nSannegården,1,control\n{decomposed},2,intervention\n"
    assert list(parse_allocation_csv(text)) == ["Sannegården"]


PINNED_ERIKSBERG = [
    (1, 4, "i"), (1, 4, "c"), (1, 4, "i"), (1, 4, "c"),
    (2, 4, "i"), (2, 4, "c"), (2, 4, "i"), (2, 4, "c"),
    (3, 2, "i"), (3, 2, "c"),
    (4, 6, "c"), (4, 6, "i"),
]  # fmt: skip
