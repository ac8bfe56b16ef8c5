"""Every view answers only the methods it is meant for: PUT, PATCH and DELETE are refused (405)
on every page of every role, and a page for reading refuses POST as well."""

import pytest


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_page_accepts_put_patch_or_delete(client, every_role, method):
    answered = []
    for user in every_role.users.values():
        client.force_login(user)
        for path in every_role.paths():
            response = getattr(client, method)(path)
            if response.status_code < 400:
                answered.append(f"{user.role} {method.upper()} {path}: {response.status_code}")
    assert not answered, "\n".join(answered)


def test_reading_pages_refuse_post(client, coordinator):
    client.force_login(coordinator)
    for path in ("/staff/audit/", "/staff/participants/", "/research/"):
        assert client.post(path).status_code == 405, path
