import datetime as dt
import uuid

import pytest
from django.utils import timezone

from accounts.roles import Role
from modules.models import ModuleProgress, WorksheetAnswer
from tests.factories import UserFactory
from therapists.models import MessageTemplate
from therapists.services import message_send


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def covering_therapist(db):
    return UserFactory(role=Role.THERAPIST, first_name="Cora")


def in_caseload_of(participant, therapist):
    """Move a participant (made by make_participant, which assigns `therapist`) elsewhere."""
    participant.therapist = therapist
    participant.save(update_fields=["therapist"])
    return participant


@pytest.fixture
def other_participant(make_participant, other_therapist):
    """A participant in another therapist's caseload."""
    return in_caseload_of(make_participant(), other_therapist)


@pytest.fixture
def send():
    """Send a message as `author` (the participant's user or a member of staff)."""

    def _send(participant, author, body="Hello", **extra):
        message, _created = message_send(
            participant=participant,
            author=author,
            body=body,
            idempotency_key=extra.pop("idempotency_key", uuid.uuid4()),
            **extra,
        )
        return message

    return _send


@pytest.fixture
def submit_worksheet():
    """Submit module 1's worksheet for a participant (as the programme does)."""

    def _submit(participant, text="A busy day at work", at=None) -> WorksheetAnswer:
        progress = ModuleProgress.objects.select_related("module__current_version").get(
            participant=participant, module__number=1
        )
        return WorksheetAnswer.objects.create(
            participant=participant,
            module=progress.module,
            worksheet_key="stress-signals",
            content_version=progress.module.current_version,
            data={"stress_situation": text, "body_signals": ["clenched_jaw"]},
            revision=1,
            submitted_at=at or timezone.now(),
        )

    return _submit


@pytest.fixture
def reply_template(therapist):
    return MessageTemplate.objects.create(
        owner=therapist,
        title="Weekly feedback",
        body="Hi {first_name}, thank you for your work on {current_module}.",
    )


def post_message(client, url, body, key=None, **extra):
    return client.post(url, {"body": body, "idempotency_key": str(key or uuid.uuid4()), **extra})
