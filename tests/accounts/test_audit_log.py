import pytest
from django.db import ProgrammingError, transaction

from accounts.models import AuditEvent
from accounts.roles import Role
from tests.factories import UserFactory


def test_viewing_a_participant_writes_an_audit_row(client, therapist, participant):
    client.force_login(therapist)
    client.get(f"/staff/participants/{participant.pk}/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get()
    assert event.actor == therapist
    assert event.actor_role == Role.THERAPIST
    assert event.action == AuditEvent.Action.VIEW
    assert event.participant == participant.user
    assert event.object_type == "trial.Participant"
    assert event.object_id == str(participant.pk)
    assert event.ip_address == "10.1.2.3"
    assert event.path == f"/staff/participants/{participant.pk}/"


def test_another_therapist_gets_404_and_no_data(client, other_therapist, participant):
    client.force_login(other_therapist)
    response = client.get(f"/staff/participants/{participant.pk}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.exists()


def test_another_participant_cannot_open_staff_pages(client, participant):
    client.force_login(UserFactory(role=Role.PARTICIPANT))
    assert client.get(f"/staff/participants/{participant.pk}/").status_code == 403


def test_audit_rows_cannot_be_changed_or_deleted(therapist, participant):
    event = AuditEvent.objects.create(
        actor=therapist, actor_role="therapist", action="view", participant=participant.user
    )
    with pytest.raises(ProgrammingError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(ProgrammingError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_the_admin_offers_no_way_to_edit_audit_rows(client, db, therapist, participant):
    superuser = UserFactory(role=Role.COORDINATOR, is_staff=True, is_superuser=True)
    event = AuditEvent.objects.create(
        actor=therapist, actor_role="therapist", action="view", participant=participant.user
    )
    client.force_login(superuser)
    assert (
        client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_coordinator_filters_the_log(client, coordinator, therapist, participant):
    AuditEvent.objects.create(
        actor=therapist, actor_role="therapist", action="view", participant=participant.user
    )
    AuditEvent.objects.create(
        actor=coordinator, actor_role="coordinator", action="update", participant=participant.user
    )
    client.force_login(coordinator)
    response = client.get("/staff/audit/", {"actor": therapist.pk})
    assert [event.actor for event in response.context["page"]] == [therapist]


def test_a_coordinator_exports_the_log_and_the_export_is_audited(
    client, coordinator, therapist, participant
):
    AuditEvent.objects.create(
        actor=therapist, actor_role="therapist", action="view", participant=participant.user
    )
    client.force_login(coordinator)
    response = client.get("/staff/audit/export.csv", {"action": "view"})
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("occurred_at,actor,actor_role,action")
    assert len(lines) == 2
    assert therapist.email in lines[1]
    assert AuditEvent.objects.filter(actor=coordinator, action="export").exists()


def test_a_bad_date_range_is_explained(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/staff/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
    assert "must not be after" in page.content.decode()


def test_model_changes_keep_history(participant):
    participant.arm = "control"
    participant.save()
    type(participant).objects.filter(pk=participant.pk).update(arm="intervention")
    history = participant.events.order_by("pgh_id").values_list("arm", flat=True)
    assert list(history) == ["", "control", "intervention"]
