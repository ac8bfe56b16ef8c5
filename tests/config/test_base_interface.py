def test_pages_carry_a_strict_content_security_policy(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_frames_are_denied(client, db):
    assert client.get("/")["X-Frame-Options"] == "DENY"


def test_an_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "Something went wrong" in render_to_string("500.html")


def test_user_input_is_escaped(client, coordinator, participant):
    participant.user.first_name = "<script>alert(1)</script>"
    participant.user.save()
    client.force_login(coordinator)
    page = client.get(f"/staff/participants/{participant.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
