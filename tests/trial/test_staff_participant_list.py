"""The staff participant list: a search by code, name or email address, a study filter, odd
input refused without a server error, and a cost that does not grow with the trial."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from tests.factories import ParticipantFactory
from trial.models import Study

URL = "/staff/participants/"


@pytest.fixture
def anna(therapist):
    return ParticipantFactory(
        therapist=therapist,
        user__first_name="Anna",
        user__last_name="Berg",
        user__email="anna.berg@example.org",
    )


@pytest.fixture
def olle(therapist):
    return ParticipantFactory(
        therapist=therapist,
        user__first_name="Olle",
        user__last_name="Sund",
        user__email="olle@example.net",
    )


def _found(client, **params) -> list:
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.context["page"]
    return list(page) if page is not None else []


@pytest.mark.parametrize(
    "search", ["ANNA", "berg", "Anna Berg", "berg anna", "ANNA.BERG@EXAMPLE", "  anna  "]
)
def test_it_finds_by_name_or_email_whatever_the_case(client, therapist, anna, olle, search):
    client.force_login(therapist)
    assert _found(client, q=search) == [anna]


def test_it_finds_by_participant_code(client, therapist, anna, olle):
    client.force_login(therapist)
    assert _found(client, q=olle.code.lower()) == [olle]
    assert _found(client, q=olle.code[2:6]) == [olle]


def test_a_search_finds_only_the_searchers_own_participants(client, other_therapist, anna, olle):
    client.force_login(other_therapist)
    assert _found(client, q="anna") == []


def test_the_search_takes_wildcards_literally(client, therapist, anna, olle):
    client.force_login(therapist)
    assert _found(client, q="%") == []
    assert _found(client, q="_") == []


def test_it_filters_by_study(client, coordinator, anna, olle):
    other_study = Study.objects.create(code="routine-care", name="Routine care")
    routine = ParticipantFactory(study=other_study)
    client.force_login(coordinator)
    assert _found(client, study="routine-care") == [routine]
    assert set(_found(client, study=anna.study.code)) == {anna, olle}
    assert set(_found(client)) == {anna, olle, routine}
    html = client.get(URL).content.decode()
    assert '<option value="routine-care">Routine care</option>' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "a" * 10_000}, "at most 100 characters"),
        ({"study": "no-such-study"}, "Select a valid choice."),
    ],
)
def test_odd_input_is_explained(client, therapist, anna, params, message):
    client.force_login(therapist)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["page"] is None


@pytest.mark.parametrize(
    "params", [{"q": "anna\x00"}, {"study": "cwp\x00icbt"}, {"q": "\x00" * 10_000}]
)
def test_nul_bytes_are_refused_without_a_server_error(client, therapist, anna, params):
    client.force_login(therapist)
    assert client.get(URL, params).status_code < 500


def test_the_list_names_each_participant_and_is_audited(client, therapist, anna):
    client.force_login(therapist)
    html = client.get(URL, {"q": "anna"}).content.decode()
    assert "Anna Berg" in html
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.path) == (therapist, "view", f"{URL}?q=anna")


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "example"}, {"study": "cwp-icbt"}])
def test_the_list_costs_the_same_for_few_and_many_participants(
    client, therapist, physiotherapist, params
):
    for _ in range(2):
        ParticipantFactory(therapist=therapist, physiotherapist=physiotherapist)
    client.force_login(therapist)
    _queries(client, params)  # the first request after signing in also writes the session
    few = _queries(client, params)
    for _ in range(30):
        ParticipantFactory(therapist=therapist, physiotherapist=physiotherapist)
    # session, user, MFA, studies for the filter, count, one page of participants with their
    # people, the audit row
    assert _queries(client, params) == few <= 12
