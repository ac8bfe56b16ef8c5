"""The participant's path: screening, consent, withdrawal; no step can be skipped by URL."""

from trial.models import Participant

SCREENING = {
    "age": "45",
    "pain_months": "24",
    "pain_widespread": "yes",
    "site": "eriksberg",
    "reads_language": "yes",
    "has_device": "yes",
    "serious_disease": "no",
    **{f"hads_{n}": "1" for n in range(1, 15)},
}
CONSENT = {"participate": "on", "data": "on", "randomization": "on"}


def test_screening_without_licensed_texts_says_so_plainly(client, registered, settings):
    settings.INSTRUMENT_TEXTS_DIR = None
    client.force_login(registered.user)
    response = client.get("/me/screening/")
    assert response.status_code == 503
    assert "not available online" in response.content.decode()


def test_an_eligible_person_screens_and_consents(client, registered, licensed_texts):
    client.force_login(registered.user)
    assert "Test item 1 of hads" in client.get("/me/screening/").content.decode()
    assert client.post("/me/screening/", SCREENING).status_code == 302
    registered.refresh_from_db()
    assert registered.status == Participant.Status.ELIGIBLE
    assert client.post("/me/consent/", CONSENT).status_code == 302
    registered.refresh_from_db()
    assert registered.status == Participant.Status.CONSENTED
    copy = client.get("/me/consent/copy.txt")
    assert copy["Content-Disposition"].startswith("attachment")
    text = copy.content.decode()
    assert registered.code in text and "[x] I have read the information" in text


def test_bad_screening_answers_are_explained(client, registered, licensed_texts):
    client.force_login(registered.user)
    page = client.post("/me/screening/", {**SCREENING, "age": "abc", "hads_3": "7"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Give your age in whole years, for example 45." in html
    assert "Choose one of the four answers." in html
    registered.refresh_from_db()
    assert registered.status == Participant.Status.REGISTERED


def test_a_high_hads_score_gets_a_kind_page_with_help(client, registered, licensed_texts):
    client.force_login(registered.user)
    client.post("/me/screening/", {**SCREENING, **{f"hads_{n}": "3" for n in range(1, 15)}})
    page = client.get("/me/").content.decode()
    assert "not the right fit" in page
    assert "1177" in page and "112" in page


def test_steps_cannot_be_skipped_by_url(client, registered, licensed_texts):
    client.force_login(registered.user)
    assert client.post("/me/consent/", CONSENT)["Location"] == "/me/"
    assert client.get("/me/consent/copy.txt")["Location"] == "/me/"
    registered.refresh_from_db()
    assert registered.status == Participant.Status.REGISTERED
    client.post("/me/screening/", SCREENING)
    assert client.post("/me/screening/", SCREENING)["Location"] == "/me/"
    assert registered.__class__.objects.get(pk=registered.pk).screening is not None


def test_consent_needs_the_required_items(client, registered, licensed_texts):
    client.force_login(registered.user)
    client.post("/me/screening/", SCREENING)
    page = client.post("/me/consent/", {"participate": "on"})
    assert page.status_code == 200
    assert "Tick this box to consent. It is needed to take part." in page.content.decode()


def test_a_participant_withdraws(client, registered):
    # Withdrawal is offered once the person has consented (before that there is nothing to leave).
    Participant.objects.filter(pk=registered.pk).update(status=Participant.Status.CONSENTED)
    client.force_login(registered.user)
    page = client.post("/me/withdraw/", {"data_use": "keep"})
    assert "Tick the box to confirm that you want to withdraw." in page.content.decode()
    client.post("/me/withdraw/", {"data_use": "keep", "confirm": "on", "reason": "<b>busy</b>"})
    registered.refresh_from_db()
    assert registered.status == Participant.Status.WITHDRAWN
    assert registered.withdrawal.reason == "<b>busy</b>"
