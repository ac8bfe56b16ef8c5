"""Stress and Crisis Inventory 1993 (SCI-93): one-factor scale, total score.

Licence unknown: we ship structure and scoring only. Norms (PubMed 24848785): widespread pain
mean 76.4 (SD 24.9), healthy 24.9 (SD 21.3).
"""

from django.utils.translation import gettext_lazy as _

from .base import Instrument, Scale, numbered_items

# UNVERIFIED: the item count (about 35) and the 0-4 answer range come from secondary sources, not
# the instrument itself. Check against the licensed form before the trial and change these two
# constants if needed; bump SCI93 rule version in assessments.scoring when they change.
SCI93_ITEM_COUNT = 35
SCI93_ITEM_MAX = 4

SCI93 = Instrument(
    code="sci93",
    name=_("Stress and Crisis Inventory"),
    version="1993",
    items=numbered_items(SCI93_ITEM_COUNT, 0, SCI93_ITEM_MAX),
    scales=(
        Scale(
            "total",
            _("SCI-93 total"),
            tuple(range(1, SCI93_ITEM_COUNT + 1)),
            0,
            SCI93_ITEM_COUNT * SCI93_ITEM_MAX,
            higher_is_worse=True,
        ),
    ),
    licence_note=(
        "Licence unknown: structure and scoring only. Item count and range unverified "
        f"({SCI93_ITEM_COUNT} items, 0-{SCI93_ITEM_MAX})."
    ),
    texts_licensed=True,
)
