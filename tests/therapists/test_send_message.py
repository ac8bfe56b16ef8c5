"""Participants and therapists write in one thread; bad input is refused, a resend stored once."""

import uuid

import pytest
from django.utils.html import escape

from accounts.models import AuditEvent
from notifications.models import Notification
from tests.therapists.conftest import in_caseload_of, post_message
from therapists.models import Message, MessageThread
from therapists.services import InboxError, message_send
from trial.models import Arm, Participant

MY_MESSAGES = "/me/messages/"


def _thread_url(participant):
    return f"/staff/participants/{participant.pk}/messages/"


def test_it_stores_a_participant_message_and_starts_the_reply_clock(client, in_programme):
    client.force_login(in_programme.user)
    response = post_message(client, MY_MESSAGES, "  I had a hard week.  ")
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.body == "I had a hard week."
    assert message.side == Message.Side.PARTICIPANT
    thread = MessageThread.objects.get(participant=in_programme)
    assert thread.awaiting_reply_since == message.created_at


def test_it_emails_the_therapist_that_a_message_waits_but_not_what_it_says(
    client, in_programme, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(in_programme.user)
    post_message(client, MY_MESSAGES, "My secret worry about work")
    message = Message.objects.get()
    notification = Notification.objects.get(kind="message_waiting")
    assert notification.recipient == in_programme.therapist
    assert notification.reference == f"message:{message.pk}"
    from notifications.services import notification_deliver

    notification_deliver(notification_id=notification.pk)
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert "new message is waiting" in email.body
    assert "secret worry" not in email.body + email.subject


def test_it_records_the_first_reply_and_tells_the_participant(
    client, in_programme, therapist, send
):
    first = send(in_programme, in_programme.user, "Question one")
    second = send(in_programme, in_programme.user, "Question two")
    client.force_login(therapist)
    response = post_message(client, _thread_url(in_programme), "Here is my answer")
    assert response.status_code == 302
    reply = Message.objects.get(side=Message.Side.CARE_TEAM)
    for message in (first, second):
        message.refresh_from_db()
        assert message.first_reply == reply
        assert message.first_reply_at == reply.created_at
    assert MessageThread.objects.get().awaiting_reply_since is None
    notification = Notification.objects.get(recipient=in_programme.user, kind="message_waiting")
    assert notification.reference == f"message:{reply.pk}"
    assert AuditEvent.objects.filter(action="create", object_id=str(reply.pk)).exists()


def test_it_keeps_the_first_reply_when_more_follow(in_programme, therapist, send):
    question = send(in_programme, in_programme.user, "Question")
    first_reply = send(in_programme, therapist, "Answer")
    send(in_programme, therapist, "And one more thing")
    question.refresh_from_db()
    assert question.first_reply == first_reply


def test_it_refuses_an_empty_message_with_a_message(client, in_programme):
    client.force_login(in_programme.user)
    response = post_message(client, MY_MESSAGES, "   \n  ")
    assert response.status_code == 200
    assert "Write a message before you send it." in response.content.decode()
    assert not Message.objects.exists()


def test_it_refuses_a_message_over_10000_characters(client, in_programme, therapist, send):
    send(in_programme, in_programme.user)
    for user, url in ((in_programme.user, MY_MESSAGES), (therapist, _thread_url(in_programme))):
        client.force_login(user)
        response = post_message(client, url, "x" * 10_001)
        assert response.status_code == 200
        assert "at most 10,000 characters" in response.content.decode()
    assert Message.objects.count() == 1
    client.force_login(in_programme.user)
    assert post_message(client, MY_MESSAGES, "x" * 10_000).status_code == 302


def test_it_stores_a_double_submitted_message_once(client, in_programme):
    client.force_login(in_programme.user)
    key = uuid.uuid4()
    first = post_message(client, MY_MESSAGES, "Sent twice", key=key)
    second = post_message(client, MY_MESSAGES, "Sent twice", key=key)
    assert first.status_code == second.status_code == 302
    assert Message.objects.count() == 1
    assert Notification.objects.filter(kind="message_waiting").count() == 1
    page = client.get(MY_MESSAGES)
    assert "already been sent" in page.content.decode()


def test_it_refuses_a_form_without_its_key(client, in_programme):
    client.force_login(in_programme.user)
    response = client.post(MY_MESSAGES, {"body": "No key"})
    assert "This form has expired" in response.content.decode()
    assert not Message.objects.exists()


def test_it_gives_the_form_a_fresh_key_each_time(client, in_programme):
    client.force_login(in_programme.user)
    keys = set()
    for _ in range(2):
        html = client.get(MY_MESSAGES).content.decode()
        start = html.index('name="idempotency_key" value="') + len('name="idempotency_key" value="')
        keys.add(uuid.UUID(html[start : start + 36]))
    assert len(keys) == 2


def test_it_shows_html_and_script_as_text(client, in_programme, therapist, send):
    send(in_programme, in_programme.user, '<script>alert("x")</script><b>bold</b>')
    for user, url in ((therapist, _thread_url(in_programme)), (in_programme.user, MY_MESSAGES)):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html


def test_it_marks_the_other_sides_messages_read_when_shown(client, in_programme, therapist, send):
    question = send(in_programme, in_programme.user, "Question")
    answer = send(in_programme, therapist, "Answer")
    client.force_login(therapist)
    client.get(_thread_url(in_programme))
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.read_at is not None
    assert answer.read_at is None
    client.force_login(in_programme.user)
    client.get(MY_MESSAGES)
    answer.refresh_from_db()
    assert answer.read_at is not None


def test_it_tells_the_participant_about_unread_messages_on_the_dashboard(
    client, in_programme, therapist, send
):
    send(in_programme, therapist, "Answer")
    send(in_programme, therapist, "Another")
    client.force_login(in_programme.user)
    assert (
        "You have 2 new messages from your therapist" in client.get("/programme/").content.decode()
    )
    client.get(MY_MESSAGES)
    assert "new messages" not in client.get("/programme/").content.decode()


def test_it_waits_for_a_therapist_before_a_participant_can_write(client, make_participant):
    participant = in_caseload_of(make_participant(), None)
    client.force_login(participant.user)
    page = client.get(MY_MESSAGES).content.decode()
    assert "once one has been assigned" in page
    post_message(client, MY_MESSAGES, "Hello?")
    assert not Message.objects.exists()


def test_the_control_arm_is_told_whom_to_ask_instead_of_a_therapist(
    client, make_participant, physiotherapist
):
    participant = in_caseload_of(
        make_participant(arm=Arm.CONTROL, physiotherapist=physiotherapist), None
    )
    client.force_login(participant.user)
    page = client.get(MY_MESSAGES).content.decode()
    assert "once one has been assigned" not in page
    assert "Your therapist reads messages" not in page
    assert "Your group does not include a therapist" in page
    assert f"ask your physiotherapist, {escape(physiotherapist.get_full_name())}." in page
    assert "pass them on to the study team" in page
    post_message(client, MY_MESSAGES, "Hello?")
    assert not Message.objects.exists()


def test_it_refuses_messages_from_a_withdrawn_participant(client, in_programme):
    Participant.objects.filter(pk=in_programme.pk).update(status=Participant.Status.WITHDRAWN)
    client.force_login(in_programme.user)
    assert "You have left the study" in client.get(MY_MESSAGES).content.decode()
    post_message(client, MY_MESSAGES, "Hello?")
    assert not Message.objects.exists()
    in_programme.refresh_from_db()
    with pytest.raises(InboxError):
        message_send(
            participant=in_programme,
            author=in_programme.user,
            body="Hello?",
            idempotency_key=uuid.uuid4(),
        )
