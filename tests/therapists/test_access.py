"""Only a participant's own (or covering) therapist opens their inbox pages. For every URL
that takes an id, another therapist gets 404 and a participant (or any wrong role) 403;
nothing changes and nothing about the participant is audited as seen."""

import pytest

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.factories import UserFactory
from therapists.models import (
    ClinicalNote,
    CoverPeriod,
    Message,
    MessageTemplate,
    SafetyFlag,
    TherapistTime,
)

POST_DATA = {
    "body": "Written by someone else",
    "idempotency_key": "6f1c3b9e-2a55-4a4e-9d53-0d3c1b1e7a10",
    "note": "Closed by someone else",
    "seconds": "30",
    "week": "2026-W10",
    "minutes": "600",
    "role": "therapist",
    "staff": "",
    "title": "Taken over",
}


@pytest.fixture
def objects(participant, therapist, coordinator, covering_therapist, send, reply_template):
    message = send(participant, participant.user, "I want to die")
    flag = SafetyFlag.objects.get(message=message)
    cover = CoverPeriod.objects.create(
        absent_therapist=UserFactory(role=Role.THERAPIST),
        covering_therapist=covering_therapist,
        starts_at=message.created_at,
        ends_at=message.created_at.replace(year=message.created_at.year + 1),
        created_by=coordinator,
    )
    return {"participant": participant, "flag": flag, "template": reply_template, "cover": cover}


def therapist_urls(objects):
    base = f"/staff/participants/{objects['participant'].pk}"
    template = f"/staff/reply-templates/{objects['template'].pk}"
    return {
        f"{base}/messages/": ("get", "post"),
        f"{base}/messages/handled": ("post",),
        f"{base}/worksheets/": ("get",),
        f"{base}/notes/": ("get", "post"),
        f"{base}/time/": ("get", "post"),
        f"{base}/time/beat": ("post",),
        f"/staff/safety-flags/{objects['flag'].pk}/resolve": ("post",),
        f"{template}/": ("get", "post"),
        f"{template}/delete": ("post",),
    }


def coordinator_urls(objects):
    return {
        f"/staff/participants/{objects['participant'].pk}/care-team/": ("get", "post"),
        f"/staff/cover/{objects['cover'].pk}/end": ("post",),
    }


def _calls(urls):
    return [(url, method) for url, methods in urls.items() for method in methods]


def _nothing_changed(objects):
    participant = objects["participant"]
    assert Message.objects.count() == 1
    assert SafetyFlag.objects.get().resolved_at is None
    assert not ClinicalNote.objects.exists()
    assert not TherapistTime.objects.exists()
    assert MessageTemplate.objects.get().title == "Weekly feedback"
    assert CoverPeriod.objects.get().ends_at == objects["cover"].ends_at
    participant.refresh_from_db()
    assert participant.therapist_id is not None
    assert not AuditEvent.objects.filter(participant=participant.user).exists()


def test_it_gives_another_therapist_404_on_every_url(client, objects, other_therapist):
    client.force_login(other_therapist)
    for url, method in _calls(therapist_urls(objects)):
        assert getattr(client, method)(url, POST_DATA).status_code == 404, (method, url)
    _nothing_changed(objects)


def test_it_gives_another_participant_403_on_every_staff_url(client, objects, make_participant):
    client.force_login(make_participant().user)
    for url, method in _calls(therapist_urls(objects) | coordinator_urls(objects)):
        assert getattr(client, method)(url, POST_DATA).status_code == 403, (method, url)
    _nothing_changed(objects)


def test_it_shows_another_participant_only_their_own_messages(client, objects, make_participant):
    client.force_login(make_participant().user)
    page = client.get("/me/messages/").content.decode()
    assert "I want to die" not in page and "No messages yet." in page


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.PHYSIOTHERAPIST, Role.COORDINATOR])
def test_it_gives_other_roles_403_on_therapist_pages(client, objects, role):
    client.force_login(UserFactory(role=role))
    notes = f"/staff/participants/{objects['participant'].pk}/notes/"
    for url, method in _calls(therapist_urls(objects)):
        if url == notes and role != Role.RESEARCHER:
            continue  # the care team's notes: a physiotherapist or coordinator may come in
        assert getattr(client, method)(url, POST_DATA).status_code == 403, (method, url)
    _nothing_changed(objects)


def test_it_gives_another_physiotherapist_404_on_the_notes(client, objects):
    client.force_login(UserFactory(role=Role.PHYSIOTHERAPIST))
    url = f"/staff/participants/{objects['participant'].pk}/notes/"
    assert client.get(url).status_code == 404
    assert client.post(url, POST_DATA).status_code == 404
    _nothing_changed(objects)


def test_it_gives_therapists_403_on_coordinator_pages(client, objects, therapist):
    client.force_login(therapist)
    for url, method in _calls(coordinator_urls(objects)):
        assert getattr(client, method)(url, POST_DATA).status_code == 403, (method, url)
    for url in ("/staff/care-teams/", "/staff/cover/"):
        assert client.get(url).status_code == 403
    _nothing_changed(objects)


def test_it_gives_a_coordinator_404_for_ids_that_do_not_exist(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/staff/participants/999999/care-team/").status_code == 404
    assert client.post("/staff/cover/999999/end").status_code == 404


def test_it_keeps_participants_and_researchers_out_of_the_inbox(client, objects, researcher):
    for user in (objects["participant"].user, researcher):
        client.force_login(user)
        for url in ("/staff/inbox/", "/staff/reply-templates/", "/staff/reply-templates/new/"):
            assert client.get(url).status_code == 403


def test_it_keeps_staff_off_the_participants_message_page(client, therapist):
    client.force_login(therapist)
    assert client.get("/me/messages/").status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(client, objects):
    for url, method in _calls(therapist_urls(objects) | coordinator_urls(objects)):
        response = getattr(client, method)(url, POST_DATA)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in client.get("/me/messages/")["Location"]


@pytest.mark.parametrize(
    ("user", "path"),
    [
        ("therapist", "messages/"),
        ("therapist", "worksheets/"),
        ("therapist", "notes/"),
        ("therapist", "time/"),
        ("physiotherapist", "notes/"),
        ("coordinator", "notes/"),
        ("coordinator", "care-team/"),
    ],
)
def test_it_audits_every_staff_view_of_a_participant(client, objects, user, path, request):
    actor = request.getfixturevalue(user)
    client.force_login(actor)
    participant = objects["participant"]
    assert client.get(f"/staff/participants/{participant.pk}/{path}").status_code == 200
    event = AuditEvent.objects.get(participant=participant.user)
    assert (event.actor, event.action) == (actor, "view")
    assert event.path == f"/staff/participants/{participant.pk}/{path}"


def test_it_lets_the_covering_therapist_reach_every_page_during_the_cover(
    client, objects, therapist, covering_therapist, coordinator
):
    participant = objects["participant"]
    cover = objects["cover"]
    CoverPeriod.objects.filter(pk=cover.pk).update(absent_therapist=therapist)
    client.force_login(covering_therapist)
    for path in ("messages/", "worksheets/", "notes/", "time/"):
        assert client.get(f"/staff/participants/{participant.pk}/{path}").status_code == 200
    response = client.post(
        f"/staff/safety-flags/{objects['flag'].pk}/resolve", {"note": "Called by the cover"}
    )
    assert response.status_code == 302
    assert SafetyFlag.objects.get().resolved_by == covering_therapist
