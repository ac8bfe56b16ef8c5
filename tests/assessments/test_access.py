"""Nobody reaches another person's questionnaires: staff outside the care team get 404 on every
URL with a participant id, other roles 403; participants only ever see their own answers."""

import pytest

from accounts.roles import Role
from assessments.models import QuestionnaireResponse
from assessments.services import paper_entry_create, response_page_save
from tests.assessments.conftest import full_answers
from tests.factories import UserFactory

STAFF_URLS_WITH_ID = [
    "/staff/participants/{pk}/assessments/",
    "/staff/participants/{pk}/assessments/baseline/rand36/paper/",
    "/staff/participants/{pk}/assessments/baseline/rand36/resolve/",
]
STAFF_URLS = ["/staff/follow-up/", "/staff/paper-forms/"]
PARTICIPANT_URLS = [
    "/questionnaires/",
    "/questionnaires/baseline/",
    "/questionnaires/baseline/rand36/",
    "/questionnaires/baseline/rand36/pages/1/",
    "/questionnaires/baseline/rand36/review/",
]


@pytest.fixture
def with_entries(enrolled, baseline, therapist, physiotherapist):
    """Two differing paper entries, so that every staff URL has something to show or change."""
    for value, by in ((1, therapist), (2, physiotherapist)):
        paper_entry_create(
            participant=enrolled,
            timepoint=baseline,
            instrument_code="rand36",
            answers={1: value},
            entered_by=by,
        )
    return enrolled


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", STAFF_URLS_WITH_ID)
def test_another_therapist_gets_404_on_every_url_with_an_id(
    client, with_entries, other_therapist, url, method
):
    client.force_login(other_therapist)
    response = getattr(client, method)(url.format(pk=with_entries.pk), {"item_1": "1"})
    # The overview only answers GET: a POST is refused before anything is looked up.
    read_only = method == "post" and url.endswith("/assessments/")
    assert response.status_code == (405 if read_only else 404)
    assert QuestionnaireResponse.objects.count() == 2
    assert not QuestionnaireResponse.objects.filter(verified=True).exists()


@pytest.mark.parametrize("url", STAFF_URLS_WITH_ID)
def test_another_physiotherapist_gets_404(client, with_entries, url):
    client.force_login(UserFactory(role=Role.PHYSIOTHERAPIST))
    assert client.get(url.format(pk=with_entries.pk)).status_code == 404


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.RESEARCHER])
@pytest.mark.parametrize("url", STAFF_URLS_WITH_ID + STAFF_URLS)
def test_participants_and_researchers_get_403_on_staff_pages(client, with_entries, role, url):
    user = with_entries.user if role == Role.PARTICIPANT else UserFactory(role=role)
    client.force_login(user)
    assert client.get(url.format(pk=with_entries.pk)).status_code == 403
    assert client.post(url.format(pk=with_entries.pk), {"item_1": "1"}).status_code == 403


@pytest.mark.parametrize("url", PARTICIPANT_URLS)
def test_staff_get_403_on_participant_pages(client, enrolled, therapist, url):
    client.force_login(therapist)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", STAFF_URLS_WITH_ID + STAFF_URLS + PARTICIPANT_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, enrolled, url):
    response = client.get(url.format(pk=enrolled.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_lists_show_only_the_users_own_participants(client, with_entries, other_therapist):
    client.force_login(other_therapist)
    assert with_entries.code not in client.get("/staff/follow-up/").content.decode()
    assert with_entries.code not in client.get("/staff/paper-forms/").content.decode()


def test_a_participant_sees_only_their_own_answers(client, enrolled, make_participant, baseline):
    response_page_save(
        participant=enrolled,
        timepoint=baseline,
        instrument_code="rand36",
        answers=full_answers("rand36"),
    )
    other = make_participant()
    client.force_login(other.user)
    page = client.get("/questionnaires/baseline/rand36/pages/1/").content.decode()
    assert "checked" not in page
    assert "Not started" in client.get("/questionnaires/baseline/").content.decode()
    client.post("/questionnaires/baseline/rand36/review/")
    assert QuestionnaireResponse.objects.get(participant=enrolled).completed_at is None
    assert not QuestionnaireResponse.objects.filter(participant=other).exists()


def test_a_timepoint_of_another_study_is_404(client, enrolled):
    from trial.models import Study, Timepoint

    other = Study.objects.create(code="other", name="Other study")
    Timepoint.objects.create(
        study=other, code="m12", label="12 months", order=1, anchor="consent", instruments=["hads"]
    )
    client.force_login(enrolled.user)
    assert client.get("/questionnaires/m12/").status_code == 404
    assert client.get("/questionnaires/m12/hads/pages/1/").status_code == 404
