"""Every staff view of, or change to, a participant's questionnaires leaves an audit row."""

from accounts.models import AuditEvent
from assessments.services import paper_entry_create
from tests.assessments.conftest import full_answers


def _events(**filters):
    return list(
        AuditEvent.objects.filter(**filters)
        .order_by("id")
        .values_list("action", "object_type", "participant_id")
    )


def test_it_audits_viewing_a_participants_questionnaires(client, enrolled, therapist):
    client.force_login(therapist)
    client.get(f"/staff/participants/{enrolled.pk}/assessments/")
    assert _events(actor=therapist) == [("view", "trial.Participant", enrolled.user_id)]


def test_it_audits_paper_entry_views_and_entries(client, enrolled, therapist):
    client.force_login(therapist)
    url = f"/staff/participants/{enrolled.pk}/assessments/baseline/pain_vas/paper/"
    client.get(url)
    client.post(url, {"item_1": "55"})
    assert _events(actor=therapist) == [
        ("view", "trial.Participant", enrolled.user_id),
        ("create", "assessments.QuestionnaireResponse", enrolled.user_id),
    ]
    assert AuditEvent.objects.filter(actor=therapist).order_by("id").last().path == url


def test_it_audits_resolving(client, enrolled, baseline, therapist, physiotherapist, coordinator):
    for value, by in ((10, therapist), (20, physiotherapist)):
        paper_entry_create(
            participant=enrolled,
            timepoint=baseline,
            instrument_code="pain_vas",
            answers={1: value},
            entered_by=by,
        )
    client.force_login(coordinator)
    url = f"/staff/participants/{enrolled.pk}/assessments/baseline/pain_vas/resolve/"
    client.get(url)
    client.post(url, {"item_1": "20"})
    assert _events(actor=coordinator) == [
        ("view", "assessments.QuestionnaireResponse", enrolled.user_id),
        ("update", "assessments.QuestionnaireResponse", enrolled.user_id),
    ]


def test_it_audits_the_lists_once_per_page(client, enrolled, therapist):
    client.force_login(therapist)
    client.get("/staff/follow-up/?state=open")
    client.get("/staff/paper-forms/")
    assert _events(actor=therapist) == [("view", "", None), ("view", "", None)]
    first = AuditEvent.objects.filter(actor=therapist).order_by("id").first()
    assert first.path == "/staff/follow-up/?state=open"


def test_a_refused_entry_changes_nothing_and_is_not_audited_as_a_change(
    client, enrolled, baseline, therapist
):
    paper_entry_create(
        participant=enrolled,
        timepoint=baseline,
        instrument_code="rand36",
        answers=full_answers("rand36"),
        entered_by=therapist,
    )
    client.force_login(therapist)
    client.post(
        f"/staff/participants/{enrolled.pk}/assessments/baseline/rand36/paper/",
        {"item_1": "1"},
    )
    assert not AuditEvent.objects.filter(action="create").exists()


def test_participants_answering_their_own_questionnaires_are_not_staff_access(client, enrolled):
    client.force_login(enrolled.user)
    client.post("/questionnaires/baseline/pain_vas/pages/1/", {"item_1": "5"})
    assert not AuditEvent.objects.exists()
