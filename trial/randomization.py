"""Allocation sequences for concealed, stratified, permuted-block randomization.

Pure logic, no database: this module makes (or checks) the list of allocation slots for one
stratum (a site). A database service stores every slot in a table and hands the next free one
to the next randomized participant with ``SELECT ... FOR UPDATE SKIP LOCKED``; nobody, staff
included, is shown a slot before it is allocated.

Two ways to get a sequence:

* ``generate_sequence`` derives it from a secret seed. The same (seed, stratum) always gives the
  same list, so an independent statistician holding the seed can regenerate and audit it.
* ``parse_allocation_csv`` / ``validate_allocation_list`` read a list prepared and uploaded by the
  trial statistician.

Why a seeded, non-cryptographic PRNG is acceptable here
--------------------------------------------------------
``random.Random`` (Mersenne Twister) is not a cryptographic generator, and ``secrets`` would be
the right tool for anything that must be unpredictable on its own (tokens, codes). Here the
goal is different: a *reproducible* list that can be audited. Concealment rests on two things
that do not depend on the generator's output being unpredictable:

1. The seed is secret. It is kept outside the application database (e.g. in the deployment's
   secret store) and known only to those who must be able to audit the list; it must be long
   and random (``secrets.token_urlsafe(32)``). The per-stratum generator is seeded with
   HMAC-SHA256(seed, stratum), a 256-bit value that cannot be guessed or brute-forced, and
   that reveals nothing about the seed or about other strata.
2. The list is generated in advance and stored; the next slot is never displayed before the
   allocation is made, and allocations are logged and immutable. What someone can observe is
   only the arms already allocated, which do not let them recover a 256-bit seed.

Reproducibility across Python versions: the ``random`` module only guarantees that
``Random.random()`` gives the same numbers for the same seed; ``choice``/``shuffle`` may change.
So all draws here are built on ``random()`` alone (an exact, unbiased integer draw and a
Fisher-Yates shuffle), and a test pins a known sequence.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import random
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

DEFAULT_ARMS: tuple[str, ...] = ("intervention", "control")
DEFAULT_BLOCK_SIZES: tuple[int, ...] = (2, 4, 6)

# A weak seed could be brute-forced from the allocations already seen; require some length.
MIN_SECRET_SEED_LENGTH = 16

CSV_REQUIRED_COLUMNS: tuple[str, ...] = ("stratum", "position", "arm")
CSV_BLOCK_COLUMNS: tuple[str, ...] = ("block_number", "block_size")

# Random.random() returns k / 2**53 for an integer 0 <= k < 2**53, so this gives k exactly.
_FLOAT_BITS = 53
_FLOAT_SCALE = 1 << _FLOAT_BITS


@dataclass(frozen=True)
class Allocation:
    """One slot in a stratum's allocation sequence.

    ``position`` counts from 1 within the stratum. ``block_number`` (from 1) and ``block_size``
    describe the permuted block the slot belongs to; in an uploaded list without block columns
    both are 0 ("not given").
    """

    position: int
    block_number: int
    block_size: int
    arm: str


def normalize_stratum(stratum: str) -> str:
    """The canonical form of a stratum name: stripped, Unicode NFC.

    "Sannegården" typed on one machine and exported from another can differ in Unicode form
    (precomposed "å" or "a" + ring); both must name, and seed, the same stratum.
    """
    return unicodedata.normalize("NFC", stratum.strip())


def _check_arms(arms: tuple[str, ...]) -> None:
    if len(arms) < 2:
        raise ValueError(f"at least two arms are needed, got {arms!r}")
    if any(not isinstance(arm, str) or not arm.strip() for arm in arms):
        raise ValueError(f"arm names must be non-empty strings, got {arms!r}")
    if len(set(arms)) != len(arms):
        raise ValueError(f"arm names must be distinct, got {arms!r}")


def _check_block_sizes(block_sizes: tuple[int, ...], n_arms: int) -> None:
    if not block_sizes:
        raise ValueError("at least one block size is needed")
    for size in block_sizes:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"block sizes must be positive whole numbers, got {size!r}")
        if size % n_arms:
            raise ValueError(
                f"block size {size} is not a multiple of the number of arms ({n_arms}); "
                "every block must hold each arm equally often"
            )


def _stratum_rng(secret_seed: str, stratum: str) -> random.Random:
    digest = hmac.new(
        secret_seed.encode("utf-8"), normalize_stratum(stratum).encode("utf-8"), hashlib.sha256
    ).digest()
    # Seeded on purpose, for an auditable list; see the module docstring.
    return random.Random(int.from_bytes(digest, "big"))  # noqa: S311


def _randbelow(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n), exactly, using only the version-stable ``rng.random()``."""
    limit = _FLOAT_SCALE - _FLOAT_SCALE % n  # largest multiple of n not above 2**53
    while True:
        k = int(rng.random() * _FLOAT_SCALE)
        if k < limit:
            return k % n


def _shuffle(rng: random.Random, items: list[str]) -> None:
    """Fisher-Yates shuffle in place, using only ``_randbelow``."""
    for i in range(len(items) - 1, 0, -1):
        j = _randbelow(rng, i + 1)
        items[i], items[j] = items[j], items[i]


def generate_sequence(
    *,
    secret_seed: str,
    stratum: str,
    arms: tuple[str, ...] = DEFAULT_ARMS,
    block_sizes: tuple[int, ...] = DEFAULT_BLOCK_SIZES,
    length: int,
) -> list[Allocation]:
    """The first ``length`` slots of the permuted-block sequence for ``stratum``.

    Each block's size is drawn uniformly from ``block_sizes``; a block of size s holds each arm
    exactly s / len(arms) times in random order. Whole blocks are generated and the list is then
    cut, so a shorter call is always a prefix of a longer one with the same arguments (the list
    can be extended later without changing slots already stored). The last block may therefore be
    incomplete. Strata are independent: each has its own generator, seeded with
    HMAC-SHA256(secret_seed, stratum).
    """
    if not isinstance(secret_seed, str) or len(secret_seed) < MIN_SECRET_SEED_LENGTH:
        raise ValueError(
            f"secret_seed must be a string of at least {MIN_SECRET_SEED_LENGTH} characters "
            "(use e.g. secrets.token_urlsafe(32))"
        )
    if not isinstance(stratum, str) or not normalize_stratum(stratum):
        raise ValueError("stratum must be a non-empty string")
    if isinstance(length, bool) or not isinstance(length, int) or length < 0:
        raise ValueError(f"length must be a whole number >= 0, got {length!r}")
    arms = tuple(arms)
    block_sizes = tuple(block_sizes)
    _check_arms(arms)
    _check_block_sizes(block_sizes, len(arms))

    rng = _stratum_rng(secret_seed, stratum)
    sequence: list[Allocation] = []
    block_number = 0
    while len(sequence) < length:
        block_number += 1
        size = block_sizes[_randbelow(rng, len(block_sizes))]
        block = [arm for arm in arms for _ in range(size // len(arms))]
        _shuffle(rng, block)
        start = len(sequence)
        sequence.extend(
            Allocation(position=start + i + 1, block_number=block_number, block_size=size, arm=arm)
            for i, arm in enumerate(block)
        )
    return sequence[:length]


# --- Uploaded lists -----------------------------------------------------------------------------


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _whole_number(value: object, field: str, row_number: int) -> int:
    if isinstance(value, bool):
        raise ValueError(f"row {row_number}: {field} must be a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise ValueError(f"row {row_number}: {field} must be a whole number, got {value!r}")
    if number < 1:
        raise ValueError(f"row {row_number}: {field} must be 1 or more, got {number}")
    return number


@dataclass(frozen=True)
class _Row:
    row_number: int
    stratum: str
    allocation: Allocation
    has_block: bool


def _read_row(row: object, row_number: int, arms: tuple[str, ...]) -> _Row:
    if not isinstance(row, Mapping):
        raise ValueError(f"row {row_number}: expected a mapping of column to value, got {row!r}")
    for field in CSV_REQUIRED_COLUMNS:
        if _is_blank(row.get(field)):
            raise ValueError(f"row {row_number}: {field} is missing")

    raw_stratum = row["stratum"]
    if not isinstance(raw_stratum, str):
        raise ValueError(f"row {row_number}: stratum must be text, got {raw_stratum!r}")
    stratum = normalize_stratum(raw_stratum)

    position = _whole_number(row["position"], "position", row_number)

    raw_arm = row["arm"]
    arm = raw_arm.strip() if isinstance(raw_arm, str) else raw_arm
    if arm not in arms:
        known = ", ".join(repr(a) for a in arms)
        raise ValueError(f"row {row_number}: unknown arm {raw_arm!r} (expected one of {known})")

    number_blank = _is_blank(row.get("block_number"))
    size_blank = _is_blank(row.get("block_size"))
    if number_blank != size_blank:
        raise ValueError(f"row {row_number}: give both block_number and block_size, or neither")
    if number_blank:
        block_number = block_size = 0
    else:
        block_number = _whole_number(row["block_number"], "block_number", row_number)
        block_size = _whole_number(row["block_size"], "block_size", row_number)
        if block_size % len(arms):
            raise ValueError(
                f"row {row_number}: block_size {block_size} is not a multiple of the number of "
                f"arms ({len(arms)})"
            )
    return _Row(
        row_number=row_number,
        stratum=stratum,
        allocation=Allocation(
            position=position, block_number=block_number, block_size=block_size, arm=arm
        ),
        has_block=not number_blank,
    )


def _check_stratum(stratum: str, rows: list[_Row], n_arms: int) -> None:
    """Positions 1..n without gaps, and (if given) consistent, balanced blocks."""
    rows = sorted(rows, key=lambda r: r.allocation.position)
    for expected, row in enumerate(rows, start=1):
        position = row.allocation.position
        if position != expected:
            raise ValueError(
                f"row {row.row_number}: stratum {stratum!r} has position {position} but no "
                f"position {expected}; positions must run 1, 2, 3, ... without gaps"
            )

    odd = next((r for r in rows if r.has_block != rows[0].has_block), None)
    if odd is not None:
        raise ValueError(
            f"row {odd.row_number}: stratum {stratum!r} mixes rows with and without "
            "block_number/block_size; give them on every row of the stratum or on none"
        )
    if not rows[0].has_block:
        return

    block_number, block_size, count = 0, 0, 0
    arm_counts: dict[str, int] = {}
    for row in rows:
        a = row.allocation
        if a.block_number == block_number:
            if a.block_size != block_size:
                raise ValueError(
                    f"row {row.row_number}: block {a.block_number} of stratum {stratum!r} has "
                    f"block_size {a.block_size} here but {block_size} on earlier rows"
                )
        elif a.block_number == block_number + 1:
            if block_number and count != block_size:
                raise ValueError(
                    f"row {row.row_number}: block {a.block_number} of stratum {stratum!r} starts "
                    f"before block {block_number} is complete ({count} of {block_size} slots)"
                )
            block_number, block_size, count = a.block_number, a.block_size, 0
            arm_counts = {}
        else:
            expected = "1" if block_number == 0 else f"{block_number} or {block_number + 1}"
            raise ValueError(
                f"row {row.row_number}: stratum {stratum!r} position {a.position} has "
                f"block_number {a.block_number}, expected {expected}"
            )
        count += 1
        arm_counts[a.arm] = arm_counts.get(a.arm, 0) + 1
        if count > block_size:
            raise ValueError(
                f"row {row.row_number}: block {block_number} of stratum {stratum!r} has more "
                f"than its block_size of {block_size} slots"
            )
        if arm_counts[a.arm] > block_size // n_arms:
            raise ValueError(
                f"row {row.row_number}: block {block_number} of stratum {stratum!r} has more "
                f"than {block_size // n_arms} {a.arm!r} slots; a block of {block_size} must be "
                "balanced between the arms"
            )


def validate_allocation_list(
    rows: Iterable[Mapping[str, object]],
    *,
    arms: tuple[str, ...] = DEFAULT_ARMS,
    first_row_number: int = 1,
) -> list[Allocation]:
    """Check a statistician's allocation list and return it as ``Allocation`` objects.

    ``rows`` are mappings with ``stratum``, ``position`` and ``arm``, and optionally
    ``block_number`` and ``block_size`` (values may be text, as read from a CSV). The result is
    in the same order as ``rows``: item i belongs to ``rows[i]`` and its stratum.

    Checks: every row has a stratum, a whole-number position and a known arm; no stratum has the
    same position twice; positions of each stratum run 1, 2, 3, ... without gaps (rows may come in
    any order); if block columns are given, they are given on every row of the stratum, block
    numbers run from 1 in position order, a block keeps one size, is complete before the next
    starts (only the last may be cut short) and never holds an arm more than size / len(arms)
    times. Any problem raises ``ValueError`` naming the row; rows are numbered from
    ``first_row_number`` (the CSV reader passes file line numbers).
    """
    arms = tuple(arms)
    _check_arms(arms)

    read: list[_Row] = []
    by_stratum: dict[str, list[_Row]] = {}
    first_seen: dict[tuple[str, int], int] = {}
    for row_number, row in enumerate(rows, start=first_row_number):
        parsed = _read_row(row, row_number, arms)
        key = (parsed.stratum, parsed.allocation.position)
        if key in first_seen:
            raise ValueError(
                f"row {row_number}: duplicate position {key[1]} for stratum {key[0]!r} "
                f"(already on row {first_seen[key]})"
            )
        first_seen[key] = row_number
        read.append(parsed)
        by_stratum.setdefault(parsed.stratum, []).append(parsed)

    for stratum, stratum_rows in by_stratum.items():
        _check_stratum(stratum, stratum_rows, len(arms))
    return [r.allocation for r in read]


def parse_allocation_csv(
    text: str | bytes, *, arms: tuple[str, ...] = DEFAULT_ARMS
) -> dict[str, list[Allocation]]:
    """Read an uploaded allocation list: ``{stratum: [Allocation, ...] in position order}``.

    The CSV has the header ``stratum,position,arm`` optionally followed by
    ``,block_number,block_size`` (names are matched ignoring case and surrounding spaces). Text is
    UTF-8; bytes are decoded as UTF-8, and a leading byte-order mark (as Excel writes) is ignored.
    Strata are in order of first appearance. Rows are validated with ``validate_allocation_list``;
    errors name the row by its line in the file (the header is line 1).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(
                "the file is not valid UTF-8 text; save it as 'CSV UTF-8' and upload it again"
            ) from exc
    text = text.removeprefix("\ufeff")

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError("the file is empty; expected a header row") from None
    except csv.Error as exc:
        raise ValueError(f"row 1: cannot read the header as CSV ({exc})") from None

    columns = tuple(name.strip().lower() for name in header)
    if columns not in (CSV_REQUIRED_COLUMNS, CSV_REQUIRED_COLUMNS + CSV_BLOCK_COLUMNS):
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = " The file seems to use semicolons; save it as comma-separated CSV."
        raise ValueError(
            "row 1: the header must be 'stratum,position,arm' or "
            f"'stratum,position,arm,block_number,block_size', got {','.join(header)!r}.{hint}"
        )

    raw_rows: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            raw_rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise ValueError(f"row {reader.line_num}: cannot read the row as CSV ({exc})") from None
    while raw_rows and not any(f.strip() for f in raw_rows[-1][1]):
        raw_rows.pop()  # trailing blank lines
    if not raw_rows:
        raise ValueError("the file has a header but no allocation rows")

    rows: list[dict[str, str]] = []
    for expected_line, (line, fields) in enumerate(raw_rows, start=2):
        if line != expected_line:
            raise ValueError(
                f"row {expected_line}: a value spans several lines; each row must be on one line"
            )
        if not any(f.strip() for f in fields):
            raise ValueError(f"row {line}: the row is empty")
        if len(fields) != len(columns):
            raise ValueError(
                f"row {line}: has {len(fields)} values but the header has {len(columns)} columns"
            )
        rows.append(dict(zip(columns, fields, strict=True)))

    allocations = validate_allocation_list(rows, arms=arms, first_row_number=2)
    sequences: dict[str, list[Allocation]] = {}
    for row, allocation in zip(rows, allocations, strict=True):
        sequences.setdefault(normalize_stratum(row["stratum"]), []).append(allocation)
    for sequence in sequences.values():
        sequence.sort(key=lambda a: a.position)
    return sequences
