"""Which language a person reads: the switch on every page, their account, their browser and
their study's default; the page's lang attribute always matches the text."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.models import User
from research.demo import demo_seed
from tests.factories import PASSWORD, UserFactory
from trial.models import Participant, Study
from trial.services import participant_register, study_default


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def _sign_up(client, **headers):
    return client.post(
        "/accounts/signup/",
        {"email": "ny@example.org", "password1": PASSWORD, "password2": PASSWORD},
        **headers,
    )


def test_an_anonymous_visitor_gets_their_browsers_language(client, db):
    swedish = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9,en;q=0.5")
    assert _lang(swedish) == "sv"
    assert "Logga in" in swedish.content.decode()
    english = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB")
    assert _lang(english) == "en"
    assert "Log in" in english.content.decode()


def test_the_switch_works_before_login_and_an_unknown_code_changes_nothing(client, db):
    response = client.post("/language/", {"language": "sv", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert _lang(client.get("/accounts/login/")) == "sv"
    for bad in ("xx", "", "../../etc"):
        response = client.post("/language/", {"language": bad, "next": "/accounts/login/"})
        assert response.status_code == 302
        assert _lang(client.get("/accounts/login/")) == "sv"
    refused = client.post("/language/", {"language": "sv\x00", "next": "/accounts/login/"})
    assert refused.status_code == 400  # control characters are refused everywhere
    assert _lang(client.get("/accounts/login/")) == "sv"


def test_the_switch_refuses_a_link_to_another_site(client, db):
    response = client.post("/language/", {"language": "sv", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_signed_in_users_choice_is_kept_on_the_account_and_wins_over_the_browser(client, db):
    user = UserFactory(language="")
    client.force_login(user)
    client.post("/language/", {"language": "sv", "next": "/"})
    user.refresh_from_db()
    assert user.language == "sv"
    client.cookies.clear()  # another browser, asking for English
    client.force_login(user)
    assert _lang(client.get("/account/reminders/", HTTP_ACCEPT_LANGUAGE="en")) == "sv"


def test_sign_up_keeps_the_browsers_language(client, db):
    _sign_up(client, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    user = User.objects.get(email="ny@example.org")
    assert user.language == "en"
    assert participant_register(user=user).user.language == "en"


def test_without_a_browser_language_a_participant_gets_the_studys(client, db):
    study_default()
    Study.objects.update(default_language="sv")
    _sign_up(client)  # no Accept-Language, no cookie
    user = User.objects.get(email="ny@example.org")
    assert user.language == ""
    participant_register(user=user)
    user.refresh_from_db()
    assert user.language == "sv"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("sv", "6 december 2026 kl. 06:00 2,5"), ("en", "6 December 2026, 06:00 2.5")],
)
def test_dates_times_and_decimals_follow_the_language(language, expected):
    moment = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
    template = Template('{{ moment|date:"DATETIME_FORMAT" }} {{ number|floatformat:1 }}')
    with translation.override(language), timezone.override(ZoneInfo("Europe/Stockholm")):
        assert template.render(Context({"moment": moment, "number": 2.5})) == expected


@pytest.mark.django_db
def test_the_demo_has_a_swedish_and_an_english_participant(programme):
    demo_seed()
    languages = {p.user.email: p.user.language for p in Participant.objects.select_related("user")}
    assert languages == {"participant@example.org": "sv", "participant2@example.org": "en"}


def test_default_timepoints_are_stored_once_and_named_in_the_readers_language(db):
    with translation.override("sv"):  # the first sign-up of a site may come in Swedish
        study = study_default()
    baseline = study.timepoints.get(code="baseline")
    assert baseline.label == "Baseline"
    with translation.override("sv"):
        assert str(baseline) == translation.gettext("Baseline") != "Baseline"
    with translation.override("en"):
        assert str(baseline) == "Baseline"
