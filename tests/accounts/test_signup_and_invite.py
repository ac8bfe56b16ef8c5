from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from accounts.roles import Role
from tests.factories import PASSWORD


def test_signing_up_makes_an_unverified_participant(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.role == Role.PARTICIPANT
    assert not user.is_staff
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1


def test_an_unverified_participant_cannot_log_in(client, db):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.logout()
    response = client.post("/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_a_coordinator_invites_staff_who_set_a_password(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/invite/", {"email": "New.Therapist@Example.org", "role": Role.THERAPIST}
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.therapist@example.org")
    assert user.role == Role.THERAPIST
    assert not user.has_usable_password()
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_an_invite_to_an_existing_address_is_refused(client, coordinator, therapist):
    client.force_login(coordinator)
    response = client.post("/staff/invite/", {"email": therapist.email, "role": Role.THERAPIST})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_participants_cannot_be_invited_as_staff(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/staff/invite/", {"email": "x@example.org", "role": Role.PARTICIPANT})
    assert response.status_code == 200
    assert not User.objects.filter(email="x@example.org").exists()
