"""The guidance inbox owns the conversation between a participant and their care team.

One MessageThread per participant holds the messages of both sides. A participant's message
starts the reply clock (`awaiting_reply_since`), is scanned for risk phrases and tells the
therapist by email that something is waiting; a care-team message answers every waiting
participant message (recorded for the service level) and may be feedback on one submitted
worksheet. Emails never carry what was written. Care teams, cover periods, notes and time are
in therapists.care; risk phrases and flags in therapists.safety.
"""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from modules.models import WorksheetAnswer
from notifications.services import enqueue
from therapists.models import (
    MESSAGE_MAX_LENGTH,
    Message,
    MessageTemplate,
    MessageThread,
    WorksheetFeedback,
)
from therapists.safety import care_team_to_alert, message_scan
from trial.models import Participant


class InboxError(Exception):
    """An action the inbox refuses; the message is shown to the user as it is."""


def message_body_clean(body: str) -> str:
    """The body as it will be stored; InboxError when it is empty or too long."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise InboxError(_("Write a message before you send it."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise InboxError(
            _("A message can be at most %(max)s characters long; this one has %(count)s.")
            % {"max": f"{MESSAGE_MAX_LENGTH:,}", "count": f"{len(body):,}"}
        )
    return body


def _thread_locked(participant: Participant) -> MessageThread:
    thread, _created = MessageThread.objects.get_or_create(participant=participant)
    # Row lock: two messages sent at the same moment update the thread one after the other.
    return MessageThread.objects.select_for_update().get(pk=thread.pk)


def message_send(
    *,
    participant: Participant,
    author: User,
    body: str,
    idempotency_key: uuid.UUID,
    worksheet_answer: WorksheetAnswer | None = None,
) -> tuple[Message, bool]:
    """Store a message once per idempotency key; returns (message, created).

    The participant writes on their side, anyone else on the care team's side. The same key
    from the same author returns the message stored the first time, however often it comes.
    """
    body = message_body_clean(body)
    from_participant = author.pk == participant.user_id
    if from_participant and participant.status == Participant.Status.WITHDRAWN:
        raise InboxError(_("You have left the study, so you cannot send new messages."))
    if worksheet_answer is not None and (
        from_participant
        or worksheet_answer.participant_id != participant.pk
        or worksheet_answer.submitted_at is None
    ):
        raise InboxError(_("Feedback can only be given on a worksheet the participant has sent."))
    with transaction.atomic():
        existing = Message.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, False
        thread = _thread_locked(participant)
        now = timezone.now()
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    thread=thread,
                    author=author,
                    side=Message.Side.PARTICIPANT if from_participant else Message.Side.CARE_TEAM,
                    body=body,
                    created_at=now,
                    idempotency_key=idempotency_key,
                )
        except IntegrityError:
            # The same form arrived twice at once; the other request stored it.
            return Message.objects.get(author=author, idempotency_key=idempotency_key), False
        thread.last_message_at = now
        if from_participant:
            thread.awaiting_reply_since = thread.awaiting_reply_since or now
            message_scan(message=message, participant=participant)
            for staff in care_team_to_alert(participant):
                enqueue(recipient=staff, kind="message_waiting", reference=f"message:{message.pk}")
        else:
            Message.objects.filter(
                thread=thread, side=Message.Side.PARTICIPANT, first_reply_at__isnull=True
            ).exclude(pk=message.pk).update(first_reply_at=now, first_reply=message)
            thread.awaiting_reply_since = None
            if worksheet_answer is not None:
                WorksheetFeedback.objects.create(answer=worksheet_answer, message=message)
            if participant.status != Participant.Status.WITHDRAWN:
                enqueue(
                    recipient=participant.user,
                    kind="message_waiting",
                    reference=f"message:{message.pk}",
                )
        thread.save(update_fields=["last_message_at", "awaiting_reply_since"])
    return message, True


@transaction.atomic
def thread_mark_handled(*, participant: Participant, by: User) -> MessageThread:
    """Nothing in this thread needs an answer now: the reply clock and the worksheets that
    arrived so far stop waiting. Later messages and worksheets wait again."""
    thread = _thread_locked(participant)
    thread.awaiting_reply_since = None
    thread.handled_at = timezone.now()
    thread.handled_by = by
    thread.save(update_fields=["awaiting_reply_since", "handled_at", "handled_by"])
    return thread


def thread_mark_read(*, participant: Participant, reader_side: str) -> int:
    """Mark the other side's messages as read; returns how many were unread."""
    other = (
        Message.Side.CARE_TEAM
        if reader_side == Message.Side.PARTICIPANT
        else Message.Side.PARTICIPANT
    )
    return Message.objects.filter(
        thread__participant=participant, side=other, read_at__isnull=True
    ).update(read_at=timezone.now())


# --- reply templates -------------------------------------------------------------------------


@transaction.atomic
def message_template_save(
    *,
    owner: User,
    title: str,
    body: str,
    shared: bool,
    template: MessageTemplate | None = None,
) -> MessageTemplate:
    """Create a template, or change one of the owner's own."""
    if template is not None and template.owner_id != owner.pk:
        raise InboxError(_("Only the therapist who wrote a template can change it."))
    template = template or MessageTemplate(owner=owner)
    template.title = title.strip()
    template.body = message_body_clean(body)
    template.shared = shared
    template.updated_at = timezone.now()
    template.save()
    return template


@transaction.atomic
def message_template_delete(*, template: MessageTemplate, by: User) -> None:
    if template.owner_id != by.pk:
        raise InboxError(_("Only the therapist who wrote a template can delete it."))
    template.delete()
