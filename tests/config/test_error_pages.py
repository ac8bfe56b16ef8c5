"""The error pages (403, 404, 500 and a refused form) in the site's layout and the reader's
language, each with a way back."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path

from config.urls import handler404  # noqa: F401 (this module's URLconf uses the site's 404 page)
from config.urls import urlpatterns as site_urlpatterns


def _broken(request):
    raise RuntimeError("a bug")


# This module is the URLconf of the tests marked below: the site plus a page with a bug.
urlpatterns = [path("broken/", _broken), *site_urlpatterns]

SWEDISH = {"HTTP_ACCEPT_LANGUAGE": "sv"}


def _in_layout(page: str, language: str) -> None:
    assert f'<html lang="{language}">' in page
    assert '<header class="site-header">' in page
    assert '<footer class="site-footer">' in page


def test_it_shows_403_in_the_layout_with_a_way_back(client, participant):
    client.force_login(participant.user)
    response = client.get("/staff/participants/")
    assert response.status_code == 403
    page = response.content.decode()
    _in_layout(page, "en")
    assert "You do not have access to this page" in page
    assert '<a href="/">Go to your start page</a>' in page


def test_it_shows_403_in_swedish(client, participant):
    participant.user.language = "sv"
    participant.user.save(update_fields=["language"])
    client.force_login(participant.user)
    page = client.get("/staff/participants/").content.decode()
    _in_layout(page, "sv")
    assert "Du har inte tillgång till den här sidan" in page
    assert '<a href="/">Gå till din startsida</a>' in page


@pytest.mark.parametrize(
    ("headers", "language", "heading", "back"),
    [
        ({}, "en", "We could not find that page", "Go to your start page"),
        (SWEDISH, "sv", "Vi kunde inte hitta sidan", "Gå till din startsida"),
    ],
)
def test_it_shows_404_in_the_layout_and_language(client, db, headers, language, heading, back):
    response = client.get("/no-such-page/", **headers)
    assert response.status_code == 404
    page = response.content.decode()
    _in_layout(page, language)
    assert heading in page
    assert f'<a href="/">{back}</a>' in page


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("headers", "language", "heading", "back"),
    [
        ({}, "en", "Something went wrong", "Go to the start page"),
        (SWEDISH, "sv", "Något gick fel", "Gå till startsidan"),
    ],
)
def test_it_shows_500_in_the_layout_and_language(db, headers, language, heading, back):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", **headers)
    assert response.status_code == 500
    page = response.content.decode()
    _in_layout(page, language)
    assert heading in page
    assert f'<a href="/">{back}</a>' in page


@pytest.mark.urls(__name__)
def test_the_500_page_leaves_out_what_needs_a_request(db, participant):
    """Django renders it without context processors: no menu, no forms without a token."""
    participant.user.language = "sv"
    participant.user.save(update_fields=["language"])
    client = Client(raise_request_exception=False)
    client.force_login(participant.user)
    page = client.get("/broken/").content.decode()
    _in_layout(page, "sv")
    assert "<form" not in page
    assert "Logga in" not in page  # the signed-in person is not told to log in


def test_the_500_page_renders_with_an_empty_context():
    page = render_to_string("500.html")
    _in_layout(page, "en")
    assert "Something went wrong" in page


def test_a_refused_form_gets_a_page_with_a_way_back(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/language/", {"language": "sv"}, HTTP_REFERER="http://testserver/accounts/signup/"
    )
    assert response.status_code == 403
    page = response.content.decode()
    _in_layout(page, "en")
    assert "We could not send the form" in page
    assert "your browser blocks cookies" in page
    assert (
        '<a href="http://testserver/accounts/signup/">Go back to the page and try again</a>' in page
    )
    assert '<a href="/accounts/login/">Log in again</a>' in page


def test_a_refused_form_does_not_link_to_another_site(db):
    client = Client(enforce_csrf_checks=True)
    page = client.post("/language/", HTTP_REFERER="https://elsewhere.example/").content.decode()
    assert "elsewhere.example" not in page
    assert "Go back to the page and try again" not in page
    assert '<a href="/">Go to your start page</a>' in page


def test_a_refused_form_is_explained_in_swedish_to_a_signed_in_person(participant):
    participant.user.language = "sv"
    participant.user.save(update_fields=["language"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant.user)
    response = client.post("/accounts/logout/", HTTP_REFERER="http://testserver/programme/")
    assert response.status_code == 403
    page = response.content.decode()
    _in_layout(page, "sv")
    assert "Vi kunde inte skicka formuläret" in page
    back = '<a href="http://testserver/programme/">Gå tillbaka till sidan och försök igen</a>'
    assert back in page
    assert "Logga in igen" not in page  # still signed in: the way back is enough
