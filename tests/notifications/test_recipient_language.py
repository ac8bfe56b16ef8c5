"""Emails and text messages are written in the recipient's language, whoever caused them, and
Swedish mobile numbers are accepted as Swedes write them."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from notifications.forms import ReminderSettingsForm
from notifications.models import KIND_LABELS
from notifications.services import (
    KINDS,
    OPTIONAL_KINDS,
    enqueue,
    notification_deliver,
    preference_set,
)
from tests.factories import UserFactory

SUBJECT = "[iCBT] A new message is waiting for you"
BODY_LINE = "For your privacy this email never contains the message itself."


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def test_an_email_is_written_in_the_recipients_language_not_the_senders(db):
    swedish, english = UserFactory(language="sv"), UserFactory(language="en")
    assert _in("sv", SUBJECT) != SUBJECT  # the catalogue has the Swedish text
    with translation.override("en"):  # the sender's (and the worker's) language
        for user in (swedish, english):
            notification = enqueue(recipient=user, kind="message_waiting", reference="t:1")
            assert notification_deliver(notification_id=notification.pk)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient[swedish.email].subject == _in("sv", SUBJECT)
    assert _in("sv", BODY_LINE) in by_recipient[swedish.email].body
    assert by_recipient[english.email].subject == SUBJECT
    assert BODY_LINE in by_recipient[english.email].body


def test_a_text_message_is_written_in_the_recipients_language(db, caplog):
    user = UserFactory(language="sv")
    preference_set(
        user=user, optional_reminders=True, by_text_message=True, phone_number="+46701234567"
    )
    notification = enqueue(recipient=user, kind="message_waiting", reference="t:2")
    with translation.override("en"), caplog.at_level("INFO", logger="notifications.sms"):
        assert notification_deliver(notification_id=notification.pk)
    first_line = _in("sv", "Hello,\n\nA new message is waiting for you on the platform. Log in to "
                     "read it:").splitlines()[0]  # fmt: skip
    assert first_line and first_line in caplog.text
    assert "A new message is waiting" not in caplog.text


@pytest.mark.parametrize(
    "written", ["070-123 45 67", "0701234567", "+46 70 123 45 67", "+46701234567", "0046701234567"]
)
def test_swedish_mobile_numbers_are_stored_as_e164(written):
    form = ReminderSettingsForm({"phone_number": written, "by_text_message": "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone_number"] == "+46701234567"


@pytest.mark.parametrize("written", ["call me", "070-123", "12", "+46 70 123 45 67 89"])
def test_a_wrong_number_gets_one_clear_error(written):
    form = ReminderSettingsForm({"phone_number": written, "by_text_message": "on"})
    assert not form.is_valid()
    assert len(form.errors["phone_number"]) == 1
    assert "070-123 45 67" in form.errors["phone_number"][0]


def test_every_kind_has_a_name_for_staff_pages():
    assert set(KIND_LABELS) == KINDS | OPTIONAL_KINDS
