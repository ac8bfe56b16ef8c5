import time

import time_machine
from django.contrib.auth.hashers import identify_hasher
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PASSWORD, UserFactory


def test_login_brute_force_is_slowed_by_rate_limits(client, db):
    user = UserFactory()
    pages = [
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-guess"})
        for _ in range(6)
    ]
    # allauth allows 5 failures per account in 5 minutes, then refuses to check passwords.
    assert "Too many failed login attempts" not in pages[4].content.decode()
    assert "Too many failed login attempts" in pages[5].content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_staff_sessions_end_12_hours_after_login(client, therapist):
    with time_machine.travel(time.time(), tick=False) as traveller:
        client.force_login(therapist)
        assert client.get("/staff/participants/").status_code == 200
        for _hour in range(12):  # active all along, so the idle timeout never strikes
            traveller.shift(60 * 60)
            client.get("/staff/participants/")
        traveller.shift(60)
        response = client.get("/staff/participants/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sessions_expire_after_30_idle_minutes(client, settings, participant):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(participant.user)
    with time_machine.travel(time.time() + 31 * 60):
        response = client.get("/me/")
    assert response.status_code == 302


def test_changing_the_password_ends_other_sessions(client, db, django_user_model):
    from django.test import Client

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-long-secret-77",
            "password2": "a-new-long-secret-77",
        },
    )
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    assert other_device.get("/me/").status_code == 302


def test_one_persons_failures_do_not_lock_out_others_at_the_same_address(client, db):
    guesser, colleague = UserFactory(), UserFactory()
    for _ in range(6):
        client.post("/accounts/login/", {"login": guesser.email, "password": "wrong-guess"})
    assert (
        "Too many failed login attempts"
        in client.post(
            "/accounts/login/", {"login": guesser.email, "password": PASSWORD}
        ).content.decode()
    )
    response = client.post(
        "/accounts/login/", {"login": colleague.email, "password": PASSWORD}
    )  # same address (the test client's)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_activity_keeps_a_session_alive_without_a_write_per_request(client, participant):
    client.force_login(participant.user)
    with time_machine.travel(time.time(), tick=False) as traveller:
        client.get("/me/")
        for _minute in range(40):  # active every minute for 40 minutes: never idle 30
            traveller.shift(60)
            assert client.get("/me/").status_code == 200
        session_key = client.session.session_key
        traveller.shift(5)
        # Within the minute after a refresh, a request reads the session but does not write it.
        with CaptureQueriesContext(connection) as queries:
            client.get("/me/")
        assert not [q for q in queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]
        assert Session.objects.filter(session_key=session_key).exists()
        traveller.shift(31 * 60)
        assert client.get("/me/").status_code == 302  # idle 31 minutes: signed out
