"""The words shown for an instrument: our shipped texts, or the site's licensed file.

Licensed instruments (``texts_licensed``) ship no wording; the deploying site installs
``<INSTRUMENT_TEXTS_DIR>/<code>.json`` under its own licence, and ``<code>.<language>.json``
(``hads.sv.json``) for each further language it has the validated wording of. Without it, the
questionnaire cannot be shown on the web and staff use the paper form.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language

from assessments.instruments import (
    Instrument,
    LicensedTextMissing,
    load_licensed_options,
    load_licensed_texts,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Wording:
    texts: dict[int, str]
    # {item number: {answer value: label}}; a value without a label is shown as its number.
    labels: dict[int, dict[int, str]] = field(default_factory=dict)

    def label(self, item_number: int, value: int) -> str:
        return self.labels.get(item_number, {}).get(value) or str(value)


def licensed_texts_dir():
    return getattr(settings, "INSTRUMENT_TEXTS_DIR", None)


def instrument_wording(instrument: Instrument) -> Wording:
    """Texts and option labels in the active language; raises LicensedTextMissing when the site
    has not installed them."""
    if not instrument.texts_licensed:
        return Wording(
            texts={item.number: str(item.text) for item in instrument.items},
            labels={
                item.number: {o.value: str(o.label) for o in item.options if o.label is not None}
                for item in instrument.items
                if item.options
            },
        )
    directory, language = licensed_texts_dir(), get_language()
    return Wording(
        texts=load_licensed_texts(instrument, directory, language),
        labels=load_licensed_options(instrument, directory, language),
    )


def instrument_wording_or_none(instrument: Instrument) -> Wording | None:
    """The wording, or None (logged for the operators) when the licensed file is missing."""
    try:
        return instrument_wording(instrument)
    except LicensedTextMissing as missing:
        logger.warning("%s", missing)
        return None


def texts_installed(instrument: Instrument) -> bool:
    if not instrument.texts_licensed:
        return True
    try:
        instrument_wording(instrument)
    except LicensedTextMissing:
        return False
    return True
