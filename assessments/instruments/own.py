"""Our own instruments: pain and fatigue visual analogue scales (0-100) and the body map."""

from django.utils.translation import gettext_lazy as _

from .base import Instrument, Item, Scale, options

PAIN_VAS = Instrument(
    code="pain_vas",
    name=_("Pain intensity"),
    version="1.0",
    items=(
        Item(
            1,
            None,
            0,
            100,
            text=_(
                "How strong has your pain been during the past week? Move the marker to the point "
                "on the line that best describes your pain."
            ),
            anchor_low=_("No pain"),
            anchor_high=_("Worst pain imaginable"),
        ),
    ),
    scales=(Scale("score", _("Pain intensity"), (1,), 0, 100, higher_is_worse=True),),
    licence_note="Our own wording (AGPL project).",
    texts_licensed=False,
)

FATIGUE_VAS = Instrument(
    code="fatigue_vas",
    name=_("Global fatigue"),
    version="1.0",
    items=(
        Item(
            1,
            None,
            0,
            100,
            text=_(
                "How tired or worn out have you felt during the past week? Move the marker to the "
                "point on the line that best describes your fatigue."
            ),
            anchor_low=_("No fatigue"),
            anchor_high=_("Worst fatigue imaginable"),
        ),
    ),
    scales=(Scale("score", _("Global fatigue"), (1,), 0, 100, higher_is_worse=True),),
    licence_note="Our own wording (AGPL project).",
    texts_licensed=False,
)

# Default body map: 18 regions, numbered from the head down. A site may build its own map with
# build_pain_locations(); region numbers are the item numbers stored and exported.
DEFAULT_BODY_REGIONS = (
    _("Jaw"),
    _("Neck"),
    _("Left shoulder"),
    _("Right shoulder"),
    _("Left upper arm"),
    _("Right upper arm"),
    _("Left lower arm"),
    _("Right lower arm"),
    _("Chest"),
    _("Abdomen"),
    _("Upper back"),
    _("Lower back"),
    _("Left hip or buttock"),
    _("Right hip or buttock"),
    _("Left upper leg"),
    _("Right upper leg"),
    _("Left lower leg"),
    _("Right lower leg"),
)

_MARK = options((0, 1), (_("No pain here"), _("Pain here")))


def build_pain_locations(regions=DEFAULT_BODY_REGIONS) -> Instrument:
    """A body-map instrument with one item (0 unmarked, 1 marked) per region name."""
    regions = tuple(regions)
    if not regions:
        raise ValueError("a body map needs at least one region")
    numbers = tuple(range(1, len(regions) + 1))
    return Instrument(
        code="pain_locations",
        name=_("Pain locations"),
        version=f"1.0-{len(regions)}",
        items=tuple(
            Item(
                n,
                _MARK,
                0,
                1,
                text=name,
                preamble=_(
                    "Mark every area of your body where you have had pain during the past week."
                )
                if n == 1
                else None,
            )
            for n, name in zip(numbers, regions, strict=True)
        ),
        scales=(
            Scale("count", _("Painful regions"), numbers, 0, len(regions), higher_is_worse=True),
        ),
        licence_note="Our own body map (AGPL project).",
        texts_licensed=False,
    )


PAIN_LOCATIONS = build_pain_locations()
