"""Clinical notes: written and read by the participant's care team only, never changed."""

import datetime as dt

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from therapists.models import ClinicalNote, CoverPeriod


def _url(participant):
    return f"/staff/participants/{participant.pk}/notes/"


@pytest.mark.parametrize("member", ["therapist", "physiotherapist", "coordinator"])
def test_it_lets_the_care_team_read_and_write_notes(client, participant, member, request):
    user = request.getfixturevalue(member)
    client.force_login(user)
    response = client.post(_url(participant), {"body": f"Note by the {member}"})
    assert response.status_code == 302
    note = ClinicalNote.objects.get()
    assert (note.author, note.participant) == (user, participant)
    page = client.get(_url(participant)).content.decode()
    assert f"Note by the {member}" in page
    assert AuditEvent.objects.filter(actor=user, action="create", object_id=str(note.pk))
    assert AuditEvent.objects.filter(actor=user, action="view", participant=participant.user)


def test_it_lets_a_covering_therapist_read_them_during_the_cover(
    client, participant, therapist, covering_therapist
):
    ClinicalNote.objects.create(participant=participant, author=therapist, body="Context")
    client.force_login(covering_therapist)
    assert client.get(_url(participant)).status_code == 404
    CoverPeriod.objects.create(
        absent_therapist=therapist,
        covering_therapist=covering_therapist,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(days=7),
        created_by=therapist,
    )
    assert "Context" in client.get(_url(participant)).content.decode()


def test_it_refuses_an_empty_note_and_shows_html_as_text(client, participant, therapist):
    client.force_login(therapist)
    response = client.post(_url(participant), {"body": "   "})
    assert "Write the note before you save it." in response.content.decode()
    client.post(_url(participant), {"body": "<script>x()</script>"})
    page = client.get(_url(participant)).content.decode()
    assert "<script>x()" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_it_never_changes_or_deletes_a_note(participant, therapist):
    note = ClinicalNote.objects.create(participant=participant, author=therapist, body="Fixed")
    for change in (lambda: ClinicalNote.objects.filter(pk=note.pk).update(body="x"), note.delete):
        with pytest.raises(ProgrammingError), transaction.atomic():
            change()
    assert ClinicalNote.objects.get().body == "Fixed"
