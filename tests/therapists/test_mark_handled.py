"""Marking a thread handled stops the reply clock without pretending there was a reply."""

from accounts.models import AuditEvent
from therapists.caseload import caseload_row
from therapists.models import Message, MessageThread


def test_it_stops_the_clock_and_records_who(client, in_programme, therapist, send):
    question = send(in_programme, in_programme.user, "Thanks, that helped!")
    client.force_login(therapist)
    response = client.post(f"/staff/participants/{in_programme.pk}/messages/handled")
    assert response.status_code == 302
    assert response["Location"] == "/staff/inbox/"
    thread = MessageThread.objects.get()
    assert thread.awaiting_reply_since is None
    assert thread.handled_by == therapist
    question.refresh_from_db()
    assert question.first_reply_at is None  # the service level counts replies only
    assert caseload_row(therapist, in_programme).awaiting_reply_since is None
    assert AuditEvent.objects.filter(action="update", object_type="therapists.MessageThread")


def test_it_waits_again_for_a_new_message(in_programme, therapist, send, client):
    send(in_programme, in_programme.user, "First")
    client.force_login(therapist)
    client.post(f"/staff/participants/{in_programme.pk}/messages/handled")
    later = send(in_programme, in_programme.user, "Second")
    assert MessageThread.objects.get().awaiting_reply_since == later.created_at


def test_it_works_before_any_message(client, in_programme, therapist):
    client.force_login(therapist)
    client.post(f"/staff/participants/{in_programme.pk}/messages/handled")
    assert MessageThread.objects.get().handled_at is not None
    assert not Message.objects.exists()


def test_it_takes_post_only(client, in_programme, therapist):
    client.force_login(therapist)
    assert client.get(f"/staff/participants/{in_programme.pk}/messages/handled").status_code == 405
