"""Fibromyalgia Impact Questionnaire, 1997/2002 version (Burckhardt, Clark & Bennett).

Free for academic/clinical use without wording changes: we ship structure, answer values and
scoring; texts come from the licensed file. Items as numbered here:
1-11 physical function (0 always ... 3 never able), 12 days felt good in the past week (0-7),
13 days of work missed in the past week (0-7), 14-20 visual analogue scales 0-10 (job ability,
pain, fatigue, morning tiredness, stiffness, anxiety, depression).
Items 13 and 14 ask about paid work: people without paid work leave them blank (FIQ scoring notes),
so the web form marks them optional and the scoring prorates the total.
"""

from django.utils.translation import gettext_lazy as _

from .base import Instrument, Item, Scale, numbered_items

FUNCTION_ITEMS = tuple(range(1, 12))
FELT_GOOD_ITEM = 12
MISSED_WORK_ITEM = 13
VAS_ITEMS = tuple(range(14, 21))
JOB_ABILITY_ITEM = 14

FIQ = Instrument(
    code="fiq",
    name=_("Fibromyalgia Impact Questionnaire"),
    version="1997/2002",
    items=(
        *numbered_items(11, 0, 3),
        Item(FELT_GOOD_ITEM, None, 0, 7),
        Item(MISSED_WORK_ITEM, None, 0, 7, optional=True),
        *(Item(n, None, 0, 10, optional=n == JOB_ABILITY_ITEM) for n in VAS_ITEMS),
    ),
    scales=(Scale("total", _("FIQ total"), tuple(range(1, 21)), 0, 100, higher_is_worse=True),),
    licence_note=(
        "Free for academic and clinical use under the myalgia.com agreement; no wording changes. "
        "Item texts are not shipped; the deploying site supplies them."
    ),
    texts_licensed=True,
)
