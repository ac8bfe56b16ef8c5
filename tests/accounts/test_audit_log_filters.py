"""The audit log reads as sentences about records and people, and its filters are checked on the
server: by staff member, participant code and days in the reader's time zone."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from accounts.roles import Role
from research.models import ExportJob
from tests.factories import ParticipantFactory, UserFactory
from therapists.models import CareAssignment

URL = "/staff/audit/"


def _event(actor, participant=None, obj=None, at=None, action="view") -> AuditEvent:
    return AuditEvent.objects.create(
        occurred_at=at or dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC),
        actor=actor,
        actor_role=actor.role,
        action=action,
        participant=participant.user if participant else None,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
    )


@pytest.fixture
def reader(client, coordinator):
    coordinator.time_zone = "Europe/Stockholm"
    coordinator.language = "en"
    coordinator.save()
    client.force_login(coordinator)
    return client


def _shown(response) -> list[AuditEvent]:
    assert response.status_code == 200
    page = response.context["page"]
    return list(page) if page is not None else []


def test_it_names_the_record_by_kind_and_participant_code_never_by_email(
    reader, therapist, participant
):
    assignment = CareAssignment.objects.create(
        participant=participant, role="therapist", staff=therapist
    )
    _event(therapist, participant, assignment)
    _event(therapist, participant, participant)
    html = reader.get(URL).content.decode()
    assert f"Care team of {participant.code}" in html
    assert f"Participant {participant.code}" in html
    assert therapist.get_full_name() in html
    assert ">Therapist<" in html
    assert participant.user.email not in html


def test_a_row_without_a_participant_names_the_object(reader, researcher, participant):
    job = ExportJob.objects.create(study=participant.study, requested_by=researcher)
    _event(researcher, obj=job)
    assert f"Research export {job.pk}" in reader.get(URL).content.decode()


def test_a_row_about_a_list_names_the_page_but_not_the_search(reader, therapist):
    AuditEvent.objects.create(
        actor=therapist,
        actor_role="therapist",
        action="view",
        path="/staff/participants/?q=Zyxwvut",
    )
    html = reader.get(URL).content.decode()
    assert '<td class="audit-what">/staff/participants/</td>' in html
    assert "Zyxwvut" not in html


def test_it_shows_the_time_in_the_readers_zone_with_the_named_format(reader, therapist):
    _event(therapist, at=dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC))
    html = reader.get(URL).content.decode()
    assert "2026-05-01 12:00" in html  # SHORT_DATETIME_FORMAT, Stockholm summer time
    assert "2026-05-01 10:00:00" not in html


def test_it_filters_by_staff_member(reader, therapist, other_therapist, participant):
    _event(therapist, participant)
    _event(other_therapist, participant)
    shown = _shown(reader.get(URL, {"actor": other_therapist.pk}))
    assert [event.actor for event in shown] == [other_therapist]


def test_it_filters_by_participant_code_whatever_the_case(reader, therapist, participant):
    other = ParticipantFactory()
    _event(therapist, participant)
    _event(therapist, other)
    shown = _shown(reader.get(URL, {"participant": f"  {participant.code.lower()} "}))
    assert [event.participant for event in shown] == [participant.user]


def test_it_filters_by_whole_days_in_the_readers_zone(reader, therapist):
    stockholm = dt.timezone(dt.timedelta(hours=2))
    late_on_the_first = _event(therapist, at=dt.datetime(2026, 5, 1, 23, 30, tzinfo=stockholm))
    _event(therapist, at=dt.datetime(2026, 5, 2, 0, 30, tzinfo=stockholm))
    _event(therapist, at=dt.datetime(2026, 4, 30, 23, 30, tzinfo=stockholm))
    shown = _shown(reader.get(URL, {"since": "2026-05-01", "until": "2026-05-01"}))
    assert shown == [late_on_the_first]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"since": "2026-13-45"}, "Enter a valid date."),
        ({"until": "yesterday"}, "Enter a valid date."),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "must not be after"),
        ({"participant": "P-<b>"}, "Enter a participant code"),
        ({"actor": "someone"}, "Select a valid choice."),
    ],
)
def test_filters_that_do_not_hold_are_explained_and_show_no_rows(
    reader, therapist, filters, message
):
    _event(therapist)
    response = reader.get(URL, filters)
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_a_filter_naming_a_participant_is_never_taken_for_staff(reader, therapist, participant):
    response = reader.get(URL, {"actor": participant.user.pk})
    assert "Select a valid choice." in response.content.decode()


@pytest.mark.parametrize(
    "value", ["\x00", "P-\x00AB", "x" * 10_000, "0001-01-01", "9999-12-31", "١٢٣"]
)
def test_odd_input_is_refused_or_answered_never_with_a_server_error(reader, therapist, value):
    _event(therapist)
    for name in ("actor", "participant", "action", "since", "until"):
        assert reader.get(URL, {name: value}).status_code < 500


def test_the_widest_date_range_is_every_day(reader, therapist, coordinator):
    _event(therapist)
    shown = _shown(reader.get(URL, {"since": "0001-01-01", "until": "9999-12-31"}))
    # The event, and the coordinator's own reading of the log (audited like every list read).
    assert sorted(event.actor_id for event in shown) == sorted([therapist.pk, coordinator.pk])


def test_an_export_with_filters_that_do_not_hold_goes_back_to_the_log(reader, therapist):
    response = reader.get(f"{URL}export.csv", {"since": "2026-13-45"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?since=2026-13-45"
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_export_carries_the_participant_code(reader, therapist, participant):
    _event(therapist, participant)
    response = reader.get(f"{URL}export.csv", {"participant": participant.code})
    body = b"".join(response.streaming_content).decode()
    header, row = body.strip().splitlines()
    assert header.split(",")[5] == "participant_code"
    assert row.split(",")[5] == participant.code


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_for_few_and_many_rows(reader, therapist):
    people = [ParticipantFactory() for _ in range(12)]
    for participant in people[:2]:
        _event(therapist, participant, participant)
    _queries(reader)  # the first request after signing in also writes the session
    few = _queries(reader)
    for participant in people[2:]:
        _event(UserFactory(role=Role.THERAPIST), participant, participant)
    # session, user, MFA, the staff list, count, the page of events (with actor and participant)
    assert _queries(reader) == few
