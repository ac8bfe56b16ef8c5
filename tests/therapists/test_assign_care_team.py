"""Coordinators assign therapists and physiotherapists; each change keeps its history."""

import pytest
from django.utils.html import escape

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.factories import UserFactory
from therapists.care import care_assign
from therapists.models import CareAssignment, CareRole
from therapists.services import InboxError


def _url(participant):
    return f"/staff/participants/{participant.pk}/care-team/"


def test_it_assigns_and_reassigns_keeping_history(
    client, coordinator, participant, therapist, other_therapist
):
    client.force_login(coordinator)
    client.post(_url(participant), {"role": "therapist", "staff": other_therapist.pk})
    participant.refresh_from_db()
    assert participant.therapist == other_therapist
    client.post(_url(participant), {"role": "therapist", "staff": therapist.pk})
    participant.refresh_from_db()
    assert participant.therapist == therapist
    first, second = CareAssignment.objects.order_by("id")
    assert (first.staff, second.staff) == (other_therapist, therapist)
    assert first.ends_at == second.starts_at
    assert first.ended_by == coordinator and second.ends_at is None
    page = client.get(_url(participant)).content.decode()
    assert escape(other_therapist.get_full_name()) in page
    assert AuditEvent.objects.filter(actor=coordinator, action="update").count() == 2
    assert AuditEvent.objects.filter(actor=coordinator, action="view").exists()


def test_it_assigns_a_physiotherapist_separately(client, coordinator, participant):
    physio = UserFactory(role=Role.PHYSIOTHERAPIST)
    client.force_login(coordinator)
    client.post(_url(participant), {"role": "physiotherapist", "staff": physio.pk})
    participant.refresh_from_db()
    assert participant.physiotherapist == physio
    assert CareAssignment.objects.get().role == CareRole.PHYSIOTHERAPIST


def test_it_can_leave_a_role_empty(client, coordinator, participant, other_therapist):
    care_assign(participant=participant, role="therapist", staff=other_therapist, by=coordinator)
    participant.refresh_from_db()
    client.force_login(coordinator)
    client.post(_url(participant), {"role": "therapist", "staff": ""})
    participant.refresh_from_db()
    assert participant.therapist is None
    assert CareAssignment.objects.get().ends_at is not None


def test_it_refuses_the_wrong_role_or_no_change(coordinator, participant, therapist):
    with pytest.raises(InboxError):
        care_assign(participant=participant, role="therapist", staff=coordinator, by=coordinator)
    with pytest.raises(InboxError):
        care_assign(participant=participant, role="therapist", staff=therapist, by=coordinator)
    assert not CareAssignment.objects.exists()


def test_it_offers_only_active_staff_of_the_role(client, coordinator, participant):
    UserFactory(role=Role.THERAPIST, first_name="Gone", is_active=False)
    UserFactory(role=Role.RESEARCHER, first_name="Rita")
    client.force_login(coordinator)
    page = client.get(_url(participant)).content.decode()
    assert "Gone" not in page and "Rita" not in page


def test_it_moves_access_from_the_old_therapist_to_the_new(
    client, coordinator, participant, therapist, other_therapist
):
    care_assign(participant=participant, role="therapist", staff=other_therapist, by=coordinator)
    client.force_login(therapist)
    assert client.get(f"/staff/participants/{participant.pk}/messages/").status_code == 404
    client.force_login(other_therapist)
    assert client.get(f"/staff/participants/{participant.pk}/messages/").status_code == 200


def test_it_lists_participants_missing_someone(client, coordinator, participant):
    client.force_login(coordinator)
    page = client.get("/staff/care-teams/", {"unassigned": "1"}).content.decode()
    assert participant.code not in page
    participant.physiotherapist = None
    participant.save()
    page = client.get("/staff/care-teams/", {"unassigned": "1"}).content.decode()
    assert participant.code in page
