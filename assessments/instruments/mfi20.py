"""Multidimensional Fatigue Inventory, 20 items (Smets et al. 1995).

Free for academic use, commercial use licensed: we ship structure, answer values and scoring
only. Answers 1-5 as on the form, from "yes, that is true" (1) to "no, that is not true" (5).
"""

from django.utils.translation import gettext_lazy as _

from .base import Instrument, Scale, numbered_items

REVERSED_ITEMS = frozenset({2, 5, 9, 10, 13, 14, 16, 17, 18, 19})

SUBSCALES = {
    "general": (1, 5, 12, 16),
    "physical": (2, 8, 14, 20),
    "activity": (3, 6, 10, 17),
    "motivation": (4, 9, 15, 18),
    "mental": (7, 11, 13, 19),
}

_NAMES = {
    "general": _("General fatigue"),
    "physical": _("Physical fatigue"),
    "activity": _("Reduced activity"),
    "motivation": _("Reduced motivation"),
    "mental": _("Mental fatigue"),
}

MFI20 = Instrument(
    code="mfi20",
    name=_("Multidimensional Fatigue Inventory"),
    version="MFI-20 (1995)",
    items=numbered_items(20, 1, 5),
    scales=tuple(
        Scale(code, _NAMES[code], items, 4, 20, higher_is_worse=True)
        for code, items in SUBSCALES.items()
    ),
    licence_note=(
        "Copyright the authors (Smets et al.); free for academic use, charges apply for "
        "commercial use. Item texts are not shipped; the deploying site supplies them."
    ),
    texts_licensed=True,
)
