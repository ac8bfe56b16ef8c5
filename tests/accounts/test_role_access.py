"""Each role reaches only its own pages; anonymous visitors are sent to log in."""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

PAGES = {
    "/me/": {Role.PARTICIPANT},
    "/programme/": {Role.PARTICIPANT},
    "/staff/participants/": {Role.THERAPIST, Role.PHYSIOTHERAPIST, Role.COORDINATOR},
    "/staff/invite/": {Role.COORDINATOR},
    "/staff/audit/": {Role.COORDINATOR},
    "/staff/audit/export.csv": {Role.COORDINATOR},
    "/research/": {Role.RESEARCHER, Role.COORDINATOR},
}


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("path", PAGES)
def test_each_role_reaches_only_its_pages(client, db, role, path):
    client.force_login(UserFactory(role=role))
    response = client.get(path)
    expected = 200 if role in PAGES[path] else 403
    assert response.status_code == expected


def test_the_front_door_sends_each_role_home(client, db):
    homes = {
        Role.PARTICIPANT: "/me/",  # not randomized yet: their next step (tests/trial)
        Role.THERAPIST: "/staff/participants/",
        Role.RESEARCHER: "/research/",
    }
    for role, home in homes.items():
        client.force_login(UserFactory(role=role))
        assert client.get("/")["Location"] == home


def test_the_admin_is_for_superusers_only(client, db):
    client.force_login(UserFactory(role=Role.COORDINATOR, is_staff=True))
    assert client.get("/admin/").status_code in {302, 403}
    client.force_login(UserFactory(role=Role.COORDINATOR, is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
