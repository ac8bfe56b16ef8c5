"""Data types for outcome instruments and the loader for licensed item texts.

An instrument is pure data: its items (numbered from 1 in the instrument's own order), the
allowed answer values of each item, and the scales it reports. Scoring lives in
``assessments.scoring``. Instruments whose wording we may not publish (``texts_licensed=True``)
ship no item texts; the deploying site supplies them in ``<directory>/<code>.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Option:
    """One answer option: the stored value and its label (None when the label is licensed)."""

    value: int
    label: Any = None  # str or lazy translation string


@dataclass(frozen=True)
class Item:
    """One question. ``options`` is None for numeric scales (VAS, day counts) ranging
    ``minimum``..``maximum``; otherwise the answer must be one of the option values."""

    number: int
    options: tuple[Option, ...] | None
    minimum: int
    maximum: int
    text: Any = None  # our own/public-domain wording, or None when the text is licensed
    preamble: Any = None  # shared instruction shown before this item (first of a block)
    anchor_low: Any = None  # label of the minimum of a numeric scale
    anchor_high: Any = None  # label of the maximum of a numeric scale
    # May be left blank on the web form (e.g. work items for people without paid work); the
    # instrument's scoring rule decides what a blank means.
    optional: bool = False

    def allows(self, value: int) -> bool:
        if self.options is not None:
            return any(option.value == value for option in self.options)
        return self.minimum <= value <= self.maximum

    def describe_allowed(self) -> str:
        if self.options is not None:
            values = sorted(option.value for option in self.options)
            if values == list(range(values[0], values[-1] + 1)):
                return f"{values[0]}-{values[-1]}"
            return ", ".join(str(v) for v in values)
        return f"{self.minimum}-{self.maximum}"


@dataclass(frozen=True)
class Scale:
    """A reported score. ``items`` are the item numbers it uses (before recoding)."""

    code: str
    name: Any
    items: tuple[int, ...]
    minimum: float
    maximum: float
    higher_is_worse: bool


@dataclass(frozen=True)
class Instrument:
    code: str
    name: Any
    version: str
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    licence_note: str
    texts_licensed: bool

    def item(self, number: int) -> Item:
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(f"{self.code} has no item {number}")

    @property
    def item_numbers(self) -> tuple[int, ...]:
        return tuple(item.number for item in self.items)

    def scale(self, code: str) -> Scale:
        for scale in self.scales:
            if scale.code == code:
                return scale
        raise KeyError(f"{self.code} has no scale {code!r}")


def options(values: Iterable[int], labels: Iterable[Any] | None = None) -> tuple[Option, ...]:
    """Options for consecutive values; labels None gives unlabelled (licensed) options."""
    values = tuple(values)
    if labels is None:
        return tuple(Option(v) for v in values)
    labels = tuple(labels)
    if len(labels) != len(values):
        raise ValueError("options(): values and labels differ in length")
    return tuple(Option(v, label) for v, label in zip(values, labels, strict=True))


def numbered_items(count: int, minimum: int, maximum: int) -> tuple[Item, ...]:
    """Items 1..count without texts, each answered with an unlabelled option minimum..maximum."""
    opts = options(range(minimum, maximum + 1))
    return tuple(Item(n, opts, minimum, maximum) for n in range(1, count + 1))


# --- licensed texts -----------------------------------------------------------------------------


class LicensedTextMissing(Exception):
    """The site-supplied file with an instrument's licensed wording is absent or incomplete."""

    def __init__(self, code: str, path: Path | None, problem: str):
        self.code = code
        self.path = path
        self.problem = problem
        where = str(path) if path is not None else "<no licensed text directory configured>"
        super().__init__(
            f"Licensed item texts for instrument {code!r} are not available: {problem}. "
            f'Expected file: {where} (JSON: {{"items": {{"1": "text", ...}}}}), '
            f"supplied by the deploying site under its own licence (INSTRUMENT_TEXTS_DIR)."
        )


def licensed_text_path(
    code: str, directory: str | Path | None, language: str | None = None
) -> Path | None:
    """``<code>.<language>.json`` when the site installed that language's wording, else the
    site's ``<code>.json``."""
    if directory is None:
        return None
    if language:
        translated = Path(directory) / f"{code}.{language}.json"
        if translated.is_file():
            return translated
    return Path(directory) / f"{code}.json"


def _read_licensed_file(
    instrument: Instrument, directory: str | Path | None, language: str | None
) -> dict:
    path = licensed_text_path(instrument.code, directory, language)
    if path is None:
        raise LicensedTextMissing(instrument.code, None, "no directory given")
    if not path.is_file():
        raise LicensedTextMissing(instrument.code, path, "the file does not exist")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LicensedTextMissing(
            instrument.code, path, f"the file cannot be read ({exc})"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise LicensedTextMissing(instrument.code, path, 'the file has no "items" object')
    return data


def _item_number(key: Any, instrument: Instrument, path: Path, what: str) -> int:
    try:
        number = int(key)
    except (TypeError, ValueError):
        number = None
    if number is None or number not in instrument.item_numbers:
        raise LicensedTextMissing(
            instrument.code, path, f"{what} names item {key!r}, which this instrument lacks"
        )
    return number


def load_licensed_texts(
    instrument_or_code: Instrument | str,
    directory: str | Path | None,
    language: str | None = None,
) -> dict[int, str]:
    """Item texts {item number: text} from ``<directory>/<code>[.<language>].json``.

    Raises LicensedTextMissing when the file is absent, unreadable, lacks a text for any item,
    or names items the instrument does not have (a file for another version).
    """
    instrument = _resolve(instrument_or_code)
    data = _read_licensed_file(instrument, directory, language)
    path = licensed_text_path(instrument.code, directory, language)
    texts: dict[int, str] = {}
    for key, text in data["items"].items():
        number = _item_number(key, instrument, path, '"items"')
        if isinstance(text, str) and text.strip():
            texts[number] = text
    missing = [n for n in instrument.item_numbers if n not in texts]
    if missing:
        listed = ", ".join(str(n) for n in missing)
        raise LicensedTextMissing(instrument.code, path, f"no text for item(s) {listed}")
    return texts


def load_licensed_options(
    instrument_or_code: Instrument | str,
    directory: str | Path | None,
    language: str | None = None,
) -> dict[int, dict[int, str]]:
    """Optional answer labels {item number: {value: label}} from the same file.

    Format: ``"options": {"default": {"0": "label", ...}, "7": {"0": "label", ...}}`` where
    "default" applies to every item without its own entry. Returns {} when the file has no
    "options". Raises LicensedTextMissing when the file is missing or labels values the item
    does not allow.
    """
    instrument = _resolve(instrument_or_code)
    data = _read_licensed_file(instrument, directory, language)
    path = licensed_text_path(instrument.code, directory, language)
    raw = data.get("options") or {}
    if not isinstance(raw, dict):
        raise LicensedTextMissing(instrument.code, path, '"options" is not an object')

    def parse(item: Item, labels: Any) -> dict[int, str]:
        if not isinstance(labels, dict):
            raise LicensedTextMissing(instrument.code, path, f"options for item {item.number}")
        parsed: dict[int, str] = {}
        for key, label in labels.items():
            try:
                value = int(key)
            except (TypeError, ValueError):
                value = None
            if value is None or not item.allows(value):
                raise LicensedTextMissing(
                    instrument.code,
                    path,
                    f"option {key!r} of item {item.number} is outside {item.describe_allowed()}",
                )
            parsed[value] = str(label)
        return parsed

    per_item = {
        _item_number(key, instrument, path, '"options"'): labels
        for key, labels in raw.items()
        if key != "default"
    }
    result: dict[int, dict[int, str]] = {}
    for item in instrument.items:
        labels = per_item.get(item.number, raw.get("default"))
        if labels is not None:
            result[item.number] = parse(item, labels)
    return result


def _resolve(instrument_or_code: Instrument | str) -> Instrument:
    if isinstance(instrument_or_code, Instrument):
        return instrument_or_code
    from assessments.instruments import get_instrument  # registry lives in the package

    return get_instrument(instrument_or_code)
