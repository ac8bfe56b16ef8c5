"""Reads of paper forms: their two entries, who may make the next one, and what differs."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.instruments import INSTRUMENTS, Instrument
from assessments.models import QuestionnaireResponse, Source
from trial.models import Participant, Timepoint
from trial.selectors import participants_visible_to


def paper_entries(
    participant: Participant, timepoint: Timepoint, instrument_code: str
) -> dict[int, QuestionnaireResponse]:
    """{entry number: response} of one paper form."""
    entries = QuestionnaireResponse.objects.filter(
        participant=participant,
        timepoint=timepoint,
        instrument=instrument_code,
        source=Source.PAPER,
    ).select_related("entered_by", "verified_by")
    return {entry.entry_number: entry for entry in entries}


@dataclass(frozen=True)
class EntrySlot:
    number: int | None  # the entry `user` may make now (1 or 2), or None
    refusal: str = ""  # why not, for the user


def entry_slot(
    entries: dict[int, QuestionnaireResponse], web: QuestionnaireResponse | None, user: User
) -> EntrySlot:
    """Which entry of a paper form `user` may make; services apply the same rule under lock."""
    if web is not None and web.completed_at is not None:
        return EntrySlot(None, _("The participant has already sent this questionnaire on the web."))
    first = entries.get(1)
    if first is None:
        return EntrySlot(1)
    if first.verified:
        return EntrySlot(None, _("This paper form has already been entered and verified."))
    if 2 in entries:
        return EntrySlot(
            None,
            _("Both entries of this paper form have been made and they differ: resolve them."),
        )
    if first.entered_by_id == user.pk:
        return EntrySlot(
            None,
            _(
                "You made the first entry of this paper form. The second, independent entry "
                "must be made by another staff member."
            ),
        )
    return EntrySlot(2)


def differing_items(
    instrument: Instrument, first: QuestionnaireResponse, second: QuestionnaireResponse
) -> list[int]:
    """Item numbers whose answers differ between two entries (blank counts as an answer)."""
    a, b = first.item_answers, second.item_answers
    return [n for n in instrument.item_numbers if a.get(n) != b.get(n)]


@dataclass(frozen=True)
class Disagreement:
    first: QuestionnaireResponse
    second: QuestionnaireResponse
    items: list[int]

    @property
    def instrument(self) -> Instrument:
        return INSTRUMENTS[self.first.instrument]


@dataclass(frozen=True)
class PaperWorklist:
    disagreements: list[Disagreement]
    awaiting_second_entry: list[QuestionnaireResponse]


def paper_worklist(user: User) -> PaperWorklist:
    """Unverified paper forms of participants `user` may see: those whose two entries differ,
    item by item, and those still waiting for their second entry (1 query)."""
    unresolved_first = QuestionnaireResponse.objects.filter(
        participant=OuterRef("participant"),
        timepoint=OuterRef("timepoint"),
        instrument=OuterRef("instrument"),
        source=Source.PAPER,
        entry_number=1,
        verified=False,
    )
    entries = (
        QuestionnaireResponse.objects.filter(
            source=Source.PAPER,
            participant__in=participants_visible_to(user).values("pk"),
            instrument__in=list(INSTRUMENTS),
        )
        .filter(Q(entry_number=1, verified=False) | Q(Exists(unresolved_first), entry_number=2))
        .select_related("participant__user", "timepoint", "entered_by")
        .order_by("completed_at", "id")
    )
    pairs: dict[tuple, dict[int, QuestionnaireResponse]] = defaultdict(dict)
    for entry in entries:
        key = (entry.participant_id, entry.timepoint_id, entry.instrument)
        pairs[key][entry.entry_number] = entry
    disagreements, awaiting = [], []
    for pair in pairs.values():
        if 2 in pair:
            first, second = pair[1], pair[2]
            items = differing_items(INSTRUMENTS[first.instrument], first, second)
            disagreements.append(Disagreement(first, second, items))
        else:
            awaiting.append(pair[1])
    return PaperWorklist(disagreements, awaiting)
