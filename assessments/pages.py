"""How a questionnaire is laid out: its pages, and each item's control and current answer."""

from dataclasses import dataclass, field
from math import ceil

from django.utils.translation import gettext_lazy as _

from assessments.instruments import Instrument, Item
from assessments.wording import Wording

MAX_ITEMS_PER_PAGE = 10
BODY_MAP = "pain_locations"
# The default body map's regions by area (numbers as in instruments/own.py).
DEFAULT_BODY_MAP_AREAS = (
    (_("Head and neck"), (1, 2)),
    (_("Shoulders and arms"), (3, 4, 5, 6, 7, 8)),
    (_("Chest, abdomen and back"), (9, 10, 11, 12)),
    (_("Hips and legs"), (13, 14, 15, 16, 17, 18)),
)
# A numeric item with at most this many steps is a row of radio buttons; wider ones (0-100
# visual analogue scales) are a number field with a slider.
MAX_RADIO_STEPS = 11


@dataclass(frozen=True)
class Page:
    number: int
    items: tuple[Item, ...]
    # The instruction of a block that began on an earlier page, repeated on this one.
    continued_preamble: object = None

    @property
    def first(self) -> int:
        return self.items[0].number

    @property
    def last(self) -> int:
        return self.items[-1].number


def questionnaire_pages(instrument: Instrument) -> list[Page]:
    """Pages of at most MAX_ITEMS_PER_PAGE items that keep each instruction with its items.

    An item with a preamble starts a block; whole blocks share a page while they fit, and a
    block longer than a page is split evenly with its instruction repeated. The body map is one
    page (the figure shows every region at once).
    """
    if instrument.code == BODY_MAP:
        return [Page(1, instrument.items)]
    blocks: list[list[Item]] = []
    for item in instrument.items:
        if item.preamble is not None or not blocks:
            blocks.append([item])
        else:
            blocks[-1].append(item)
    chunks: list[tuple[list[Item], object]] = []
    for block in blocks:
        if len(block) > MAX_ITEMS_PER_PAGE:
            parts = _even_parts(block, ceil(len(block) / MAX_ITEMS_PER_PAGE))
            chunks.append((parts[0], None))
            chunks.extend((part, block[0].preamble) for part in parts[1:])
        elif chunks and len(chunks[-1][0]) + len(block) <= MAX_ITEMS_PER_PAGE:
            chunks[-1][0].extend(block)
        else:
            chunks.append((list(block), None))
    return [
        Page(number, tuple(items), continued)
        for number, (items, continued) in enumerate(chunks, start=1)
    ]


def _even_parts(items: list[Item], count: int) -> list[list[Item]]:
    size, extra = divmod(len(items), count)
    parts, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        parts.append(items[start:end])
        start = end
    return parts


def page_of_item(pages: list[Page], item_number: int) -> int:
    return next(page.number for page in pages if page.first <= item_number <= page.last)


def required_items(instrument: Instrument) -> tuple[int, ...]:
    """Items the web form needs before it can be sent: all but those the instrument marks
    optional. The body map records unmarked regions as 0, so it is never incomplete."""
    return tuple(item.number for item in instrument.items if not item.optional)


def missing_required(instrument: Instrument, answers: dict[int, int]) -> list[int]:
    return [n for n in required_items(instrument) if answers.get(n) is None]


@dataclass
class Choice:
    value: int
    label: str
    checked: bool


@dataclass
class ItemView:
    """One item as a page shows it."""

    item: Item
    text: str
    control: str  # radio, vas, checkbox, number, select
    value: str  # the current answer as posted or stored, "" when none
    preamble: object = None
    choices: list[Choice] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"item_{self.item.number}"

    @property
    def number(self) -> int:
        return self.item.number


def _control(instrument: Instrument, item: Item, mode: str) -> str:
    if instrument.code == BODY_MAP and mode != "resolve":
        return "checkbox"
    if mode == "paper":
        return "number"
    if mode == "resolve":
        return "select"
    if item.options is not None or item.maximum - item.minimum < MAX_RADIO_STEPS:
        return "radio"
    return "vas"


def _values(item: Item) -> list[int]:
    if item.options is not None:
        return [option.value for option in item.options]
    return list(range(item.minimum, item.maximum + 1))


def item_views(
    instrument: Instrument,
    items: tuple[Item, ...],
    wording: Wording | None,
    form,
    *,
    mode: str = "web",
    continued_preamble=None,
) -> list[ItemView]:
    """What to render for `items`: texts (None wording shows item numbers only, for staff
    entering a paper form whose licensed text is not installed), controls and values."""
    views = []
    for index, item in enumerate(items):
        value = form[f"item_{item.number}"].value() or ""
        value = str(value).strip()
        control = _control(instrument, item, mode)
        preamble = item.preamble
        if index == 0 and preamble is None:
            preamble = continued_preamble
        views.append(
            ItemView(
                item=item,
                text=wording.texts[item.number] if wording else "",
                control=control,
                value=value,
                preamble=preamble if wording else None,
                choices=[
                    Choice(v, wording.label(item.number, v) if wording else str(v), str(v) == value)
                    for v in _values(item)
                ]
                if control in ("radio", "select") or item.options is not None
                else [],
                errors=list(form.errors.get(f"item_{item.number}", [])),
            )
        )
    return views


def body_map_groups(views: list[ItemView]) -> list[tuple[object, list[ItemView]]]:
    """The body map's checkboxes grouped by area; a site's own map is one group."""
    by_number = {view.number: view for view in views}
    if sorted(by_number) != list(range(1, 19)):
        return [(_("Body areas"), views)]
    return [(label, [by_number[n] for n in numbers]) for label, numbers in DEFAULT_BODY_MAP_AREAS]
