"""Research pages: researchers and coordinators only; staff need MFA (middleware)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from research.models import ExportJob
from tests.factories import UserFactory
from trial.services import study_default


def _urls(job):
    return [
        reverse("research:home"),
        reverse("research:export"),
        reverse("research:export_job", args=[job.pk]),
        reverse("research:export_job_status", args=[job.pk]),
        reverse("research:export_download", args=[job.pk]),
    ]


@pytest.fixture
def job(db, researcher):
    return ExportJob.objects.create(study=study_default(), requested_by=researcher)


@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.THERAPIST, Role.PHYSIOTHERAPIST])
def test_it_forbids_other_roles(client, job, role):
    client.force_login(UserFactory(role=role))
    for url in _urls(job):
        assert client.get(url).status_code == 403, url


def test_it_sends_anonymous_visitors_to_log_in(client, job):
    for url in _urls(job):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_sends_staff_without_mfa_to_enrol(client, job):
    client.force_login(UserFactory(role=Role.RESEARCHER, mfa=False))
    response = client.get(reverse("research:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", [Role.RESEARCHER, Role.COORDINATOR])
def test_it_lets_researchers_and_coordinators_in(client, role, cohort):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("research:home"), {"study": cohort.code}).status_code == 200
    assert client.get(reverse("research:export")).status_code == 200


def test_it_hides_another_users_export(client, job, coordinator):
    client.force_login(coordinator)
    for url in _urls(job)[2:]:
        assert client.get(url).status_code == 404, url


def test_it_offers_free_text_to_coordinators_only(client, researcher, coordinator, cohort):
    client.force_login(researcher)
    assert b"include_free_text" not in client.get(reverse("research:export")).content
    client.post(
        reverse("research:export"),
        {"study": cohort.code, "file_format": "csv", "include_free_text": "on"},
    )
    assert ExportJob.objects.get(requested_by=researcher).include_free_text is False
    client.force_login(coordinator)
    assert b"include_free_text" in client.get(reverse("research:export")).content
