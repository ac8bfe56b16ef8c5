import pytest

from accounts.roles import STAFF_ROLES
from tests.factories import UserFactory


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_mfa_are_sent_to_enrol(client, db, role, participant):
    client.force_login(UserFactory(role=role, mfa=False))
    for path in ["/staff/participants/", f"/staff/participants/{participant.pk}/", "/research/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_without_mfa_see_no_participant_data(client, db, coordinator, participant):
    client.force_login(UserFactory(role="coordinator", mfa=False))
    response = client.get(f"/staff/participants/{participant.pk}/", follow=True)
    assert participant.code not in response.content.decode()
    assert participant.user.email not in response.content.decode()


def test_staff_with_mfa_get_through(client, coordinator, participant):
    client.force_login(coordinator)
    response = client.get(f"/staff/participants/{participant.pk}/")
    assert response.status_code == 200
    assert participant.code in response.content.decode()


def test_participants_do_not_need_mfa(client, participant):
    client.force_login(participant.user)
    assert client.get("/me/").status_code == 200
