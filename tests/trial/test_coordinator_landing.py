"""Coordinators land on the participant list, where randomized participants still waiting for a
care team come first; a study can switch automatic care teams on in its settings."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ParticipantFactory
from trial.models import Arm, Participant

LANDING = "/staff/participants/"


def _randomized(study, arm, days_ago, **extra):
    fields = {
        "study": study,
        "status": Participant.Status.RANDOMIZED,
        "arm": arm,
        "randomized_at": timezone.now() - dt.timedelta(days=days_ago),
    }
    return ParticipantFactory(**{**fields, **extra})


def _awaiting_section(html: str) -> str:
    return html.split('id="awaiting-heading"', 1)[1].split("</section>", 1)[0]


def test_unassigned_randomized_participants_come_first(
    client, coordinator, study, therapist, physiotherapist
):
    newer = _randomized(study, Arm.INTERVENTION, 1, physiotherapist=physiotherapist)
    older = _randomized(study, Arm.CONTROL, 5)
    complete = _randomized(study, Arm.CONTROL, 9, physiotherapist=physiotherapist)
    full = _randomized(
        study, Arm.INTERVENTION, 9, therapist=therapist, physiotherapist=physiotherapist
    )
    not_yet = ParticipantFactory(study=study, status=Participant.Status.CONSENTED)
    gone = _randomized(study, Arm.CONTROL, 3, status=Participant.Status.WITHDRAWN)
    client.force_login(coordinator)
    assert client.get("/")["Location"] == LANDING
    html = client.get(LANDING).content.decode()
    assert html.index('id="awaiting-heading"') < html.index('role="search"')
    waiting = _awaiting_section(html)
    assert "2 randomized participants are waiting for a care team" in waiting
    assert waiting.index(older.code) < waiting.index(newer.code)  # longest waiting first
    for settled in (complete, full, not_yet, gone):
        assert settled.code not in waiting
    assert f'href="/staff/participants/{older.pk}/care-team/"' in waiting
    # What each still needs: the control arm never needs a therapist.
    row = waiting.split(newer.code, 1)[1].split("</tr>", 1)[0]
    assert "<td>Therapist</td>" in row


def test_nothing_waits_when_every_team_is_complete(client, coordinator, study, physiotherapist):
    _randomized(study, Arm.CONTROL, 1, physiotherapist=physiotherapist)
    client.force_login(coordinator)
    assert 'id="awaiting-heading"' not in client.get(LANDING).content.decode()


def test_only_coordinators_see_who_is_waiting(client, physiotherapist, study):
    _randomized(study, Arm.INTERVENTION, 1, physiotherapist=physiotherapist)
    client.force_login(physiotherapist)
    assert 'id="awaiting-heading"' not in client.get(LANDING).content.decode()


def test_a_coordinator_switches_automatic_care_teams_on(client, coordinator, study):
    client.force_login(coordinator)
    html = client.get(f"/staff/studies/{study.code}/").content.decode()
    assert "Give each participant a therapist and a physiotherapist automatically" in html
    assert study.assign_care_teams_automatically is False
    data = {
        "name": study.name,
        "registry_id": study.registry_id,
        "min_age": "18",
        "max_age": "70",
        "min_pain_months": "3",
        "hads_exclusion_above": "15",
        "assign_care_teams_automatically": "on",
    }
    assert client.post(f"/staff/studies/{study.code}/", data).status_code == 302
    study.refresh_from_db()
    assert study.assign_care_teams_automatically is True


def test_the_waiting_list_costs_the_same_queries_for_few_or_many(client, coordinator, study):
    client.force_login(coordinator)
    client.get(LANDING)  # the first request of a session does its own sign-in bookkeeping
    counts = []
    for total in (2, 20):
        while Participant.objects.count() < total:
            _randomized(study, Arm.INTERVENTION, days_ago=1)
        with CaptureQueriesContext(connection) as queries:
            assert (
                f"{total} randomized participants are waiting"
                in client.get(LANDING).content.decode()
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]
