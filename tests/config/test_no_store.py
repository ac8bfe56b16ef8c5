"""Pages for a signed-in person are never kept by a browser or proxy (a shared computer's back
button). Programme media set their own caching (tests/modules/test_media_views.py)."""


def test_signed_in_pages_are_not_stored(client, every_role):
    for user in every_role.users.values():
        client.force_login(user)
        for path in ("/", "/account/reminders/", *every_role.paths()[:40]):
            response = client.get(path)
            if response.status_code == 200:
                assert "no-store" in response["Cache-Control"], path
                assert "private" in response["Cache-Control"], path
