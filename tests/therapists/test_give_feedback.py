"""Feedback on a sent worksheet: stored as a message, shown in the module and in messages."""

import pytest

from accounts.models import AuditEvent
from modules.models import WorksheetAnswer
from tests.therapists.conftest import post_message
from therapists.models import Message, WorksheetFeedback
from therapists.services import InboxError


def _thread_url(participant):
    return f"/staff/participants/{participant.pk}/messages/"


def test_it_attaches_feedback_to_the_chosen_worksheet(
    client, in_programme, therapist, submit_worksheet
):
    answer = submit_worksheet(in_programme)
    client.force_login(therapist)
    page = client.get(_thread_url(in_programme)).content.decode()
    assert "Module 1: My stress signals, sent" in page
    response = post_message(
        client, _thread_url(in_programme), "Good noticing.", worksheet=str(answer.pk)
    )
    assert response.status_code == 302
    feedback = WorksheetFeedback.objects.get()
    assert feedback.answer == answer
    assert feedback.message.body == "Good noticing."
    assert AuditEvent.objects.filter(action="create", object_type="therapists.Message").exists()


def test_it_shows_the_feedback_inside_the_module(
    client, in_programme, therapist, submit_worksheet, send
):
    answer = submit_worksheet(in_programme)
    send(in_programme, therapist, "Good noticing, <b>well done</b>.", worksheet_answer=answer)
    client.force_login(in_programme.user)
    page = client.get("/programme/modules/1/pages/5/").content.decode()
    assert "Feedback from" in page
    assert "Good noticing, &lt;b&gt;well done&lt;/b&gt;." in page
    answers = client.get("/programme/answers/").content.decode()
    assert "Good noticing" in answers
    assert f'id="answer-{answer.pk}"' in answers


def test_it_shows_the_feedback_in_messages_too(
    client, in_programme, therapist, submit_worksheet, send
):
    answer = submit_worksheet(in_programme)
    send(in_programme, therapist, "Good noticing.", worksheet_answer=answer)
    client.force_login(in_programme.user)
    page = client.get("/me/messages/").content.decode()
    assert "Feedback on the worksheet “My stress signals” in module 1" in page
    assert f"/programme/answers/#answer-{answer.pk}" in page


def test_it_shows_no_feedback_before_there_is_some(client, in_programme, submit_worksheet):
    submit_worksheet(in_programme)
    client.force_login(in_programme.user)
    assert "Feedback from" not in client.get("/programme/modules/1/pages/5/").content.decode()


def test_it_refuses_feedback_on_a_draft_or_another_participants_worksheet(
    client, in_programme, other_participant, therapist, submit_worksheet, send
):
    theirs = submit_worksheet(other_participant)
    with pytest.raises(InboxError):
        send(in_programme, therapist, "Not yours", worksheet_answer=theirs)
    draft = submit_worksheet(in_programme)
    WorksheetAnswer.objects.filter(pk=draft.pk).update(submitted_at=None)
    draft.refresh_from_db()
    with pytest.raises(InboxError):
        send(in_programme, therapist, "Not sent yet", worksheet_answer=draft)
    # Through the page, another participant's worksheet is not even a choice.
    client.force_login(therapist)
    response = post_message(client, _thread_url(in_programme), "Hi", worksheet=str(theirs.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Message.objects.exists()


def test_it_lets_no_participant_attach_feedback(in_programme, submit_worksheet, send):
    answer = submit_worksheet(in_programme)
    with pytest.raises(InboxError):
        send(in_programme, in_programme.user, "Me", worksheet_answer=answer)


def test_it_shows_the_therapist_the_answers_before_they_answer(
    client, in_programme, therapist, submit_worksheet, send
):
    answer = submit_worksheet(in_programme, text="Queue at the <pharmacy>")
    client.force_login(therapist)
    thread = client.get(_thread_url(in_programme)).content.decode()
    assert "Sent worksheets without feedback" in thread
    page = client.get(f"/staff/participants/{in_programme.pk}/worksheets/").content.decode()
    assert "Queue at the &lt;pharmacy&gt;" in page
    assert "Clenched jaw or teeth" in page  # checklist answers by their labels
    assert f"?worksheet={answer.pk}#reply-heading" in page
    reply = client.get(_thread_url(in_programme), {"worksheet": answer.pk}).content.decode()
    assert f'<option value="{answer.pk}" selected>' in reply
    send(in_programme, therapist, "Thanks for this", worksheet_answer=answer)
    page = client.get(f"/staff/participants/{in_programme.pk}/worksheets/").content.decode()
    assert "Thanks for this" in page and "Give more feedback" in page
