"""Each successful sign-in is counted once (the research export's `logins`): allauth's user
sessions are purged when they end, so they cannot serve."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client

from accounts.models import SignIn
from tests.factories import PASSWORD, UserFactory

LOGIN = "/accounts/login/"


def _sign_ins(user) -> int:
    return SignIn.objects.filter(user=user).count()


def test_each_password_sign_in_is_counted_and_a_failed_one_is_not(db):
    user = UserFactory()
    Client().post(LOGIN, {"login": user.email, "password": "wrong-guess"})
    assert _sign_ins(user) == 0
    for _visit in range(2):
        browser = Client()
        browser.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert "_auth_user_id" in browser.session
        browser.post("/accounts/logout/")
    assert _sign_ins(user) == 2


def test_staff_sign_in_counts_only_once_the_authenticator_code_is_given(db):
    staff = UserFactory(role="therapist")
    browser = Client()
    browser.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in browser.session
    assert _sign_ins(staff) == 0
    secret = decrypt(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"]
    )
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    browser.post("/accounts/2fa/authenticate/", {"code": code})
    assert "_auth_user_id" in browser.session
    assert _sign_ins(staff) == 1
