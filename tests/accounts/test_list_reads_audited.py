"""Every staff read of a page that lists participants (or figures about them) is in the audit
log, with the whole path and query: what was searched for is part of what was looked at."""

import pytest

from accounts.models import AuditEvent


@pytest.mark.parametrize(
    ("role_fixture", "path"),
    [
        ("therapist", "/staff/inbox/?q=P-AB"),
        ("coordinator", "/staff/participants/?q=anna"),
        ("coordinator", "/staff/care-teams/?q=P-"),
        ("coordinator", "/staff/cover/"),
        ("coordinator", "/staff/audit/"),
        ("researcher", "/research/"),
        ("researcher", "/research/export/"),
    ],
)
def test_a_list_read_is_audited_with_its_query(client, request, role_fixture, path):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    assert client.get(path).status_code == 200
    event = AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.VIEW).latest("id")
    assert event.path == path


def test_a_long_query_is_kept_whole(client, coordinator):
    client.force_login(coordinator)
    path = "/staff/care-teams/?q=" + "x" * 40 + "&unassigned=1" + "&page=1" * 100
    client.get(path)
    assert AuditEvent.objects.latest("id").path == path
