"""The account page: one place for a person's own settings, each with a way to change it."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.roles import Role
from accounts.services import user_time_zone_set
from tests.factories import ParticipantFactory, UserFactory
from trial.models import Consent, ConsentVersion, Participant

# 06:00 in Stockholm, 00:00 in New York, 14:00 in Tokyo.
NOW = datetime(2026, 12, 6, 5, 0, tzinfo=UTC)

SECTIONS = [
    ("Language", "/account/language/"),
    ("Time zone", "/account/time-zone/"),
    ("Email address", "/accounts/email/"),
    ("Password", "/accounts/password/change/"),
    ("Two-factor authentication", "/accounts/2fa/"),
    ("Where you are logged in", "/accounts/sessions/"),
]


def _consented(participant: Participant, *, when=NOW) -> Participant:
    version = ConsentVersion.objects.create(
        study=participant.study, version="test-1", language="en", text="Consent text", items=[]
    )
    Consent.objects.create(
        participant=participant, consent_version=version, accepted_items=[], consented_at=when
    )
    participant.status = Participant.Status.CONSENTED
    participant.consented_at = when
    participant.save(update_fields=["status", "consented_at"])
    return participant


def _section_headings(html: str) -> list[str]:
    return [part.split("</h2>", 1)[0] for part in html.split('<h2 id="')[1:]]


def test_it_asks_for_login(client, db):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_header_leads_there(login, participant):
    html = login(participant.user).get("/programme/").content.decode()
    assert '<a href="/account/">Account</a>' in html


def test_it_lists_every_section_for_a_consented_participant(login, participant):
    _consented(participant)
    html = login(participant.user).get("/account/").content.decode()
    for heading, url in [*SECTIONS, ("Reminders", "/account/reminders/")]:
        assert heading in html
        assert f'href="{url}"' in html
    assert "Your part in the study" in html
    assert 'href="/me/consent/copy.txt"' in html
    assert 'href="/me/withdraw/"' in html


def test_the_study_section_waits_for_consent(login, participant):
    html = login(participant.user).get("/account/").content.decode()
    assert "Your part in the study" not in html
    assert "/me/consent/copy.txt" not in html
    assert "/me/withdraw/" not in html


def test_a_withdrawn_participant_keeps_the_copy_and_is_told_when(login, participant):
    _consented(participant)
    Participant.objects.filter(pk=participant.pk).update(
        status=Participant.Status.WITHDRAWN, withdrawn_at=NOW
    )
    html = login(participant.user).get("/account/").content.decode()
    assert 'href="/me/consent/copy.txt"' in html
    assert "/me/withdraw/" not in html
    assert "You withdrew from the study on 6 December 2026." in html


@pytest.mark.parametrize("role", [Role.THERAPIST, Role.COORDINATOR, Role.RESEARCHER])
def test_staff_see_their_sections_and_no_participant_ones(login, db, role):
    html = login(UserFactory(role=role)).get("/account/").content.decode()
    for heading, url in SECTIONS:
        assert heading in html
        assert f'href="{url}"' in html
    assert "Reminders" not in _section_headings(html)
    assert "/account/reminders/" not in html
    assert "Your part in the study" not in html


def test_reminders_show_the_channel_and_number(login, participant):
    client = login(participant.user)
    client.post(
        "/account/reminders/",
        {"optional_reminders": "", "by_text_message": "on", "phone_number": "070-123 45 67"},
    )
    html = client.get("/account/").content.decode()
    assert "Reminders come by text message to +46701234567." in html
    assert "You get only the reminders that matter for your care and the study." in html


def test_it_never_shows_another_persons_data(login, participant, therapist):
    other = ParticipantFactory(therapist=therapist)
    _consented(other)
    other.user.phone_number = "+46709999999"
    other.user.time_zone = "Asia/Tokyo"
    other.user.save()
    html = login(participant.user).get("/account/").content.decode()
    assert participant.user.email in html
    assert other.user.email not in html
    assert "+46709999999" not in html
    assert "Tokyo" not in html
    assert "Your part in the study" not in html  # the other one has consented, not this one


@time_machine.travel(NOW, tick=False)
def test_a_new_time_zone_is_saved_and_the_page_shows_it_at_once(login, participant):
    client = login(participant.user)
    assert "It is now 6 December 2026, 06:00 there." in client.get("/account/").content.decode()

    response = client.post("/account/time-zone/", {"time_zone": "America/New_York"}, follow=True)

    participant.user.refresh_from_db()
    assert participant.user.time_zone == "America/New_York"
    html = response.content.decode()
    assert response.redirect_chain == [("/account/", 302)]
    assert "Your time zone is saved." in html
    assert "Times are shown for New York (America)." in html
    assert "It is now 6 December 2026, 00:00 there." in html


@time_machine.travel(NOW, tick=False)
def test_a_new_language_is_saved_remembered_in_the_browser_and_shown_at_once(login, participant):
    participant.user.language = "en"
    participant.user.save()
    client = login(participant.user)

    response = client.post(
        "/account/language/", {"language": "sv", "next": "/account/"}, follow=True
    )

    participant.user.refresh_from_db()
    assert participant.user.language == "sv"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    html = response.content.decode()
    assert response.redirect_chain == [("/account/", 302)]
    assert '<html lang="sv">' in html
    assert "6 december 2026 kl. 06:00" in html  # Swedish date format, Stockholm time


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "localtime", "US/Eastern", "x" * 500])
def test_an_unknown_time_zone_is_a_form_error(login, participant, zone):
    response = login(participant.user).post("/account/time-zone/", {"time_zone": zone})
    assert response.status_code == 200
    assert "Choose a time zone from the list." in response.content.decode()
    participant.user.refresh_from_db()
    assert participant.user.time_zone == "Europe/Stockholm"


@pytest.mark.parametrize("language", ["xx", "", "../../etc", "sv-SE"])
def test_an_unknown_language_is_a_form_error(login, participant, language):
    participant.user.language = "en"
    participant.user.save()
    response = login(participant.user).post("/account/language/", {"language": language})
    assert response.status_code == 200
    assert 'id="id_language_error"' in response.content.decode()
    participant.user.refresh_from_db()
    assert participant.user.language == "en"


def test_the_time_zone_page_offers_the_devices_zone_only_until_one_is_chosen(login, participant):
    client = login(participant.user)
    assert 'data-never-chosen="true"' in client.get("/account/time-zone/").content.decode()
    client.post("/account/time-zone/", {"time_zone": "Europe/Helsinki"})
    html = client.get("/account/time-zone/").content.decode()
    assert 'data-never-chosen="false"' in html
    assert '<option value="Europe/Helsinki" selected>Helsinki</option>' in html


def test_the_service_refuses_a_zone_not_on_the_list(db):
    user = UserFactory()
    with pytest.raises(ValidationError):
        user_time_zone_set(user=user, time_zone="Etc/GMT+5")
    user_time_zone_set(user=user, time_zone="UTC")
    user.refresh_from_db()
    assert user.time_zone == "UTC"
