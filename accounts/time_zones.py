"""Which time zone a person's times are shown in: the zones they can choose, named for people.

The choices are the IANA zones of the world's regions ("Europe/Stockholm") and UTC; the rest of
the database is old aliases ("GB", "US/Eastern") and fixed offsets ("Etc/GMT+5") that would only
make the list longer and harder to read.
"""

import functools
import zoneinfo

from babel.dates import get_timezone_location
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

REGIONS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific"),
}
UTC = "UTC"


@functools.cache
def choosable() -> frozenset[str]:
    zones = zoneinfo.available_timezones()
    return frozenset(zone for zone in zones if zone.split("/", 1)[0] in REGIONS) | {UTC}


def is_choosable(zone: str) -> bool:
    return zone in choosable()


@functools.cache
def _places(language: str) -> dict[str, str]:
    """Each zone's place as it is called in `language`, from the Unicode CLDR ("Köpenhamn" in
    Swedish, "Tell City, Indiana" for America/Indiana/Tell_City)."""
    locale = to_locale(language)
    return {
        zone: get_timezone_location(zone, locale=locale, return_city=True)
        for zone in choosable() - {UTC}
    }


def zone_label(zone: str) -> str:
    """How a zone is named on a page: "Stockholm (Europe)", in the reader's language."""
    place = _places(get_language()).get(zone)
    if place is None:  # UTC, or an old alias chosen before there was a list
        return zone
    return f"{place} ({REGIONS[zone.split('/', 1)[0]]})"


def grouped_choices() -> list[tuple[str, list[tuple[str, str]] | str]]:
    """The zones for a select, by region and place, named in the reader's language; UTC last."""
    places = _places(get_language())
    by_region: dict[str, list[tuple[str, str]]] = {}
    for zone, place in places.items():
        by_region.setdefault(zone.split("/", 1)[0], []).append((zone, place))
    groups = [
        (str(REGIONS[region]), sorted(by_region[region], key=lambda choice: choice[1]))
        for region in REGIONS
        if region in by_region
    ]
    groups.sort(key=lambda group: group[0])
    return [*groups, (UTC, UTC)]
