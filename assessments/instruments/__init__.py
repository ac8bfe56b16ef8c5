"""Outcome instruments as data: ``INSTRUMENTS`` registry and ``get_instrument(code)``.

Item texts of licensed instruments (``texts_licensed``) are not shipped: ``item_texts`` and
``load_licensed_texts`` read them from ``<directory>/<code>.json`` supplied by the site.
"""

from pathlib import Path

from .base import (
    Instrument,
    Item,
    LicensedTextMissing,
    Option,
    Scale,
    licensed_text_path,
    load_licensed_options,
    load_licensed_texts,
)
from .fiq import FIQ
from .hads import HADS
from .mfi20 import MFI20
from .own import DEFAULT_BODY_REGIONS, FATIGUE_VAS, PAIN_LOCATIONS, PAIN_VAS, build_pain_locations
from .rand36 import RAND36
from .sci93 import SCI93, SCI93_ITEM_COUNT

INSTRUMENTS: dict[str, Instrument] = {
    instrument.code: instrument
    for instrument in (RAND36, HADS, MFI20, FIQ, SCI93, PAIN_VAS, FATIGUE_VAS, PAIN_LOCATIONS)
}


def get_instrument(code: str) -> Instrument:
    """The registered instrument; KeyError naming the known codes otherwise."""
    try:
        return INSTRUMENTS[code]
    except KeyError:
        known = ", ".join(sorted(INSTRUMENTS))
        raise KeyError(f"unknown instrument {code!r}; known instruments: {known}") from None


def item_texts(code: str, directory: str | Path | None = None) -> dict[int, str]:
    """Texts to show for each item: shipped wording, or the site's licensed file.

    Raises LicensedTextMissing for a licensed instrument whose file is absent or incomplete.
    """
    instrument = get_instrument(code)
    if instrument.texts_licensed:
        return load_licensed_texts(instrument, directory)
    return {item.number: str(item.text) for item in instrument.items}


__all__ = [
    "DEFAULT_BODY_REGIONS",
    "INSTRUMENTS",
    "SCI93_ITEM_COUNT",
    "Instrument",
    "Item",
    "LicensedTextMissing",
    "Option",
    "Scale",
    "build_pain_locations",
    "get_instrument",
    "item_texts",
    "licensed_text_path",
    "load_licensed_options",
    "load_licensed_texts",
]
