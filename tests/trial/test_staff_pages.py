"""Staff pages of the trial: who may act, audit, and concealment of the allocation sequence."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import AuditEvent
from tests.trial.conftest import screening_answers
from trial.models import AllocationSlot, Participant
from trial.services import (
    consent_give,
    consent_version_current,
    participant_baseline_completed,
    screening_submit,
)


def _consented(participant):
    screening_submit(participant=participant, answers=screening_answers())
    consent_give(
        participant=participant,
        consent_version=consent_version_current(study=participant.study, language="en"),
        accepted_items=["participate", "data", "randomization"],
        ip_address=None,
    )
    Participant.objects.filter(pk=participant.pk).update(baseline_completed_at="2026-01-01T00:00Z")


def test_a_coordinator_randomizes_with_an_audit_row(client, coordinator, participant):
    _consented(participant)
    client.force_login(coordinator)
    client.post(f"/staff/participants/{participant.pk}/", {"action": "randomize"})
    participant.refresh_from_db()
    assert participant.status == Participant.Status.RANDOMIZED
    assert AuditEvent.objects.filter(action="update", participant=participant.user).exists()


def test_a_therapist_cannot_randomize(client, therapist, participant):
    _consented(participant)
    client.force_login(therapist)
    response = client.post(f"/staff/participants/{participant.pk}/", {"action": "randomize"})
    assert response.status_code == 403
    participant.refresh_from_db()
    assert participant.status == Participant.Status.CONSENTED


def test_randomizing_someone_not_consented_is_refused_with_a_message(
    client, coordinator, participant
):
    client.force_login(coordinator)
    response = client.post(
        f"/staff/participants/{participant.pk}/", {"action": "randomize"}, follow=True
    )
    assert "consented" in response.content.decode()
    assert not AllocationSlot.objects.filter(participant=participant).exists()


def test_another_therapist_gets_404_on_actions(client, other_therapist, participant):
    client.force_login(other_therapist)
    response = client.post(f"/staff/participants/{participant.pk}/", {"action": "withdraw"})
    assert response.status_code == 404


def test_study_pages_are_for_coordinators(client, therapist, coordinator, study):
    client.force_login(therapist)
    assert client.get(f"/staff/studies/{study.code}/").status_code == 403
    client.force_login(coordinator)
    assert client.get(f"/staff/studies/{study.code}/").status_code == 200
    response = client.post(
        f"/staff/studies/{study.code}/",
        {
            "name": study.name,
            "min_age": "70",
            "max_age": "18",
            "min_pain_months": "3",
            "hads_exclusion_above": "15",
        },
    )
    assert "must not be above" in response.content.decode()
    response = client.post(
        f"/staff/studies/{study.code}/sites/new/", {"code": "eriksberg", "name": "Again"}
    )
    assert "already used" in response.content.decode()
    response = client.post(
        f"/staff/studies/{study.code}/timepoints/new/",
        {
            "code": "m12",
            "label": "12 months",
            "order": "3",
            "anchor": "randomization",
            "offset_days": "365",
            "window_days": "42",
            "instruments": "hads, nope",
        },
    )
    assert "Unknown instrument codes: nope" in response.content.decode()


def _get_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _get_urls(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "<" not in str(pattern.pattern):
            yield "/" + prefix + str(pattern.pattern)


@pytest.mark.parametrize("role_fixture", ["coordinator", "researcher", "therapist"])
def test_no_page_reads_the_unallocated_sequence(client, request, role_fixture, participant):
    """Concealment: only the randomize action itself ever reads a free slot."""
    _consented(participant)
    participant_baseline_completed(participant=participant)  # sequence exists now
    client.force_login(request.getfixturevalue(role_fixture))
    paths = [p for p in _get_urls() if not p.startswith(("/admin", "/accounts/logout"))]
    paths += [f"/staff/participants/{participant.pk}/", "/staff/studies/cwp-icbt/"]
    with CaptureQueriesContext(connection) as captured:
        for path in paths:
            client.get(path)
    slot_reads = [q["sql"] for q in captured if "trial_allocationslot" in q["sql"]]
    assert slot_reads == []


def test_a_coordinator_renames_a_site_and_moves_a_timepoint(client, coordinator, study):
    client.force_login(coordinator)
    site = study.sites.get(code="uddevalla")
    response = client.post(
        f"/staff/studies/{study.code}/sites/{site.pk}/",
        {"code": "uddevalla", "name": "Uddevalla vårdcentral", "active": "on"},
    )
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Uddevalla vårdcentral"
    m6 = study.timepoints.get(code="m6")
    client.post(
        f"/staff/studies/{study.code}/timepoints/{m6.pk}/",
        {
            "code": "m6",
            "label": "6 months",
            "order": "2",
            "anchor": "randomization",
            "offset_days": "183",
            "window_days": "42",
            "instruments": "hads, rand36",
        },
    )
    m6.refresh_from_db()
    assert (m6.offset_days, m6.instruments) == (183, ["hads", "rand36"])
    other_study_site = client.get(f"/staff/studies/{study.code}/sites/999999/")
    assert other_study_site.status_code == 404
