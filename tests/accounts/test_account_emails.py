"""allauth's emails (verification, password reset) in our own words, in the recipient's language."""

import re

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def rendered_in(monkeypatch):
    """The language active while each allauth email is rendered, in order."""
    languages = []
    render_mail = DefaultAccountAdapter.render_mail

    def spy(self, *args, **kwargs):
        languages.append(translation.get_language())
        return render_mail(self, *args, **kwargs)

    monkeypatch.setattr(DefaultAccountAdapter, "render_mail", spy)
    return languages


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def _sign_up(client, **headers):
    return client.post(
        "/accounts/signup/",
        {"email": "ny@example.org", "password1": PASSWORD, "password2": PASSWORD},
        **headers,
    )


def test_the_verification_email_is_ours_and_names_the_programme_not_the_host(client, db):
    _sign_up(client, HTTP_ACCEPT_LANGUAGE="en")
    [email] = mail.outbox
    assert email.subject == "[iCBT] Welcome: please confirm your email address"
    assert email.body.startswith("Hello,\n\nThank you for signing up for the iCBT programme.")
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/\n", email.body)
    assert email.body.endswith("Best wishes,\nThe iCBT programme")
    assert "Hello from" not in email.body
    assert "testserver!" not in email.body and "testserver." not in email.body


def test_the_verification_email_is_in_the_language_they_signed_up_in(client, db, rendered_in):
    _sign_up(client, HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    [email] = mail.outbox
    assert rendered_in == ["sv"]
    assert email.subject == _in("sv", "[iCBT] Welcome: please confirm your email address")
    assert email.body.startswith(_in("sv", "Hello,"))


def test_a_resent_verification_is_in_the_accounts_language_not_the_browsers(
    client, db, rendered_in
):
    user = UserFactory(language="sv")
    EmailAddress.objects.filter(user=user).update(verified=False)

    # Logging in before confirming sends the link again; this browser reads English.
    client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    [email] = mail.outbox
    assert rendered_in == ["sv"]
    assert email.subject == _in("sv", "[iCBT] Please confirm your email address")


def test_the_password_reset_email_is_ours_in_the_accounts_language(client, db, rendered_in):
    swedish = UserFactory(language="sv")
    english = UserFactory(language="en")
    for user in (swedish, english):
        client.post("/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="sv")

    assert rendered_in == ["sv", "en"]
    to_swedish, to_english = mail.outbox
    assert to_swedish.subject == _in("sv", "[iCBT] Choose a new password")
    assert to_english.subject == "[iCBT] Choose a new password"
    assert "reset the password of your account in the iCBT programme" in to_english.body
    assert re.search(r"http://testserver/accounts/password/reset/key/\S+/\n", to_english.body)
    assert "Hello from" not in to_english.body
