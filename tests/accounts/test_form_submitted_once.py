"""A state-changing form sent twice (a double click, a resend after a lost answer) is applied
once: one mechanism (accounts.submission) for every such form, staff's and participants'."""

import uuid
from datetime import timedelta

from django.utils import timezone

from accounts.models import FormSubmission
from accounts.submission import FIELD, submissions_forget_old
from activity.models import Goal
from modules.models import ModuleProgress
from therapists.models import ClinicalNote, MessageTemplate


def _twice(client, path, data):
    data = {**data, FIELD: str(uuid.uuid4())}
    first = client.post(path, data)
    second = client.post(path, data, follow=True)
    return first, second


def test_a_clinical_note_sent_twice_is_saved_once(client, make_participant):
    participant = make_participant()
    client.force_login(participant.therapist)
    path = f"/staff/participants/{participant.pk}/notes/"
    first, second = _twice(client, path, {"body": "Talked about sleep."})
    assert first.status_code == 302
    assert ClinicalNote.objects.filter(participant=participant).count() == 1
    assert "saved once" in second.content.decode()


def test_a_reply_template_and_a_goal_sent_twice_are_saved_once(
    client, make_participant, physiotherapist
):
    participant = make_participant(physiotherapist=physiotherapist)
    client.force_login(participant.therapist)
    _twice(client, "/staff/reply-templates/new/", {"title": "Tack", "body": "Tack {first_name}!"})
    assert MessageTemplate.objects.filter(title="Tack").count() == 1

    client.force_login(physiotherapist)
    path = f"/staff/participants/{participant.pk}/activity/goals/new/"
    _twice(client, path, {"kind": "main", "description": "Walk 30 minutes a day"})
    assert Goal.objects.filter(participant=participant).count() == 1


def test_open_the_next_module_early_twice_opens_one_module(client, make_participant):
    participant = make_participant()
    client.force_login(participant.therapist)
    path = f"/staff/participants/{participant.pk}/programme/"
    _twice(client, path, {"action": "open_early", "note": "Ready"})
    assert ModuleProgress.objects.filter(participant=participant).count() == 2  # 1, then 2


def test_a_form_with_errors_can_be_corrected_and_sent_with_the_same_key(client, make_participant):
    participant = make_participant()
    client.force_login(participant.therapist)
    path = f"/staff/participants/{participant.pk}/notes/"
    key = str(uuid.uuid4())
    assert client.post(path, {"body": "", FIELD: key}).status_code == 200  # an error: not used
    assert client.post(path, {"body": "Now written.", FIELD: key}).status_code == 302
    assert ClinicalNote.objects.filter(participant=participant).count() == 1


def test_keys_are_forgotten_after_two_days(make_participant):
    user = make_participant().user
    FormSubmission.objects.create(user=user, key=uuid.uuid4())
    assert submissions_forget_old(now=timezone.now() + timedelta(days=1)) == 0
    assert submissions_forget_old(now=timezone.now() + timedelta(days=3)) == 1
