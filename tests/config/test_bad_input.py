"""NUL bytes and other control characters, in any query or form value of any page of any role,
are refused with a page that says why: never a 5xx. Tab and line breaks stay allowed."""

import pytest

from tests.factories import UserFactory

BAD_VALUES = ["a\x00b", "\x00", "x\x1by", "x\x7f"]


@pytest.mark.parametrize("value", BAD_VALUES)
def test_every_page_refuses_control_characters_in_queries_and_forms(client, every_role, value):
    checked = 0
    for user in every_role.users.values():
        client.force_login(user)
        for path in every_role.paths():
            for response in (
                client.get(path, {"q": value, "page": value}),
                client.post(path, {"q": value, "body": value, "note": value, "title": value}),
            ):
                assert response.status_code < 500, f"{path} as {user.role}"
                if response.status_code == 400:
                    assert "cannot be saved" in response.content.decode()
                    checked += 1
    assert checked > 100


def test_the_search_boxes_that_failed_before_answer_400(client, therapist, coordinator):
    for user, path in ((therapist, "/staff/inbox/"), (coordinator, "/staff/care-teams/")):
        client.force_login(user)
        assert client.get(path, {"q": "a\x00"}).status_code == 400


def test_tabs_and_line_breaks_are_text(client, make_participant):
    participant = make_participant()
    client.force_login(participant.user)
    response = client.post(
        "/me/messages/", {"body": "Hej!\r\n\tEn fråga.", "idempotency_key": "k1"}
    )
    assert response.status_code in {200, 302}


def test_the_refusal_is_in_the_readers_language(client, db):
    client.force_login(UserFactory(language="sv"))
    response = client.get("/", {"q": "\x00"})
    assert response.status_code == 400
    assert 'lang="sv"' in response.content.decode()
