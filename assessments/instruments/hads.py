"""Hospital Anxiety and Depression Scale (Zigmond & Snaith 1983).

Copyrighted (GL Assessment): we ship structure, answer values and scoring only. Each answer is
stored as its score 0-3 as printed on the scoring key (the licensed form lists some items' options
in descending score order; the form maps each option to its score, so no reversal is needed here).
"""

from django.utils.translation import gettext_lazy as _

from .base import Instrument, Scale, numbered_items

ANXIETY_ITEMS = (1, 3, 5, 7, 9, 11, 13)
DEPRESSION_ITEMS = (2, 4, 6, 8, 10, 12, 14)

HADS = Instrument(
    code="hads",
    name=_("Hospital Anxiety and Depression Scale"),
    version="1983",
    items=numbered_items(14, 0, 3),
    scales=(
        Scale("anxiety", _("Anxiety"), ANXIETY_ITEMS, 0, 21, higher_is_worse=True),
        Scale("depression", _("Depression"), DEPRESSION_ITEMS, 0, 21, higher_is_worse=True),
    ),
    licence_note=(
        "Copyrighted (GL Assessment). Item texts and option labels are not shipped; the deploying "
        "site supplies them under its own licence."
    ),
    texts_licensed=True,
)
