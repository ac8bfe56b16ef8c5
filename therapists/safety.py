"""Safety flags: risk phrases in what participants write raise an urgent flag for the care team.

Phrases come from settings.SAFETY_RISK_PHRASES (English and Swedish by default) and match
case-insensitively on word boundaries, so "suicide" is found in "Suicide?" but "die" is not
found in "diet". Messages are scanned as they are sent (messaging services); submitted
worksheets are scanned by a periodic task, because the programme app must not call this one.
Each source is flagged at most once (unique message / answer on SafetyFlag).
"""

import logging
import re
from collections.abc import Iterable, Iterator
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from modules.models import WorksheetAnswer
from notifications.services import enqueue
from therapists.models import Message, SafetyFlag, WorksheetScan
from trial.models import Participant

logger = logging.getLogger(__name__)

SCAN_BATCH_SIZE = 500


@cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern | None:
    parts = [
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(phrases, key=len, reverse=True)
        if phrase.strip()
    ]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def risk_phrase_in(text: str) -> str | None:
    """The first configured risk phrase in `text`, as written there; None if there is none."""
    pattern = _pattern(tuple(settings.SAFETY_RISK_PHRASES))
    if pattern is None or not text:
        return None
    found = pattern.search(text)
    return " ".join(found.group(0).split()) if found else None


def _texts(value) -> Iterator[str]:
    """Every string in a worksheet's stored answers (text questions, diary cells)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def risk_phrase_in_answer(data: dict) -> str | None:
    for text in _texts(data):
        phrase = risk_phrase_in(text)
        if phrase:
            return phrase
    return None


def care_team_to_alert(participant: Participant, at=None) -> list[User]:
    """The participant's therapist and whoever covers for them right now."""
    if participant.therapist_id is None:
        return []
    at = at or timezone.now()
    covering = User.objects.filter(
        covers__absent_therapist_id=participant.therapist_id,
        covers__starts_at__lte=at,
        covers__ends_at__gt=at,
        is_active=True,
    ).distinct()
    return [participant.therapist, *covering]


def _flag_raise(*, participant: Participant, phrase: str, **source) -> SafetyFlag:
    """Record the flag and tell the care team (inside the caller's transaction)."""
    flag = SafetyFlag.objects.create(participant=participant, phrase=phrase[:200], **source)
    for staff in care_team_to_alert(participant):
        enqueue(recipient=staff, kind="safety_flag", reference=f"safety_flag:{flag.pk}")
    return flag


def message_scan(*, message: Message, participant: Participant) -> SafetyFlag | None:
    """Flag a participant's message that holds a risk phrase. Call inside the send transaction."""
    if not message.from_participant:
        return None
    phrase = risk_phrase_in(message.body)
    if phrase is None:
        return None
    return _flag_raise(
        participant=participant,
        phrase=phrase,
        source=SafetyFlag.Source.MESSAGE,
        message=message,
    )


def worksheet_answer_scan(*, answer_id: int) -> SafetyFlag | None:
    """Scan one submitted worksheet once; a second call (another worker, a retry) does nothing."""
    with transaction.atomic():
        answer = (
            WorksheetAnswer.objects.select_related("participant__therapist")
            .filter(pk=answer_id, submitted_at__isnull=False)
            .first()
        )
        if answer is None:
            return None  # deleted, or not submitted
        try:
            with transaction.atomic():
                WorksheetScan.objects.create(answer=answer)
        except IntegrityError:
            return None  # scanned already
        phrase = risk_phrase_in_answer(answer.data)
        if phrase is None:
            return None
        return _flag_raise(
            participant=answer.participant,
            phrase=phrase,
            source=SafetyFlag.Source.WORKSHEET,
            answer=answer,
        )


def unscanned_answer_ids(limit: int = SCAN_BATCH_SIZE) -> list[int]:
    """Submitted worksheets not scanned yet, oldest first.

    An anti-join rather than "submitted after the last scan": an answer whose transaction
    commits late, with an earlier submitted_at, is still found.
    """
    scanned = WorksheetScan.objects.filter(answer_id=OuterRef("pk"))
    return list(
        WorksheetAnswer.objects.filter(submitted_at__isnull=False)
        .filter(~Exists(scanned))
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def worksheets_scan(*, answer_ids: Iterable[int] | None = None) -> int:
    """Scan submitted worksheets not scanned yet; returns how many flags were raised."""
    raised = 0
    for answer_id in unscanned_answer_ids() if answer_ids is None else answer_ids:
        if worksheet_answer_scan(answer_id=answer_id) is not None:
            raised += 1
    if raised:
        logger.info("safety scan raised %s flag(s) on worksheets", raised)
    return raised


@transaction.atomic
def safety_flag_resolve(*, flag: SafetyFlag, by: User, note: str) -> SafetyFlag:
    """Close a flag once the care team has acted on it; a closed flag stays closed."""
    updated = SafetyFlag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=by, resolution_note=note.strip()[:2000]
    )
    flag.refresh_from_db()
    if not updated:
        logger.info("safety flag %s was already resolved", flag.pk)
    return flag
