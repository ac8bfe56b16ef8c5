"""The dashboard and the export page cost the same queries however large the trial and however
many exports were made."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from research.models import ExportJob
from research.synthetic.cohort import synthetic_cohort_seed


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_costs_the_same_for_a_small_and_a_larger_trial(client, researcher, programme):
    small = synthetic_cohort_seed(participants=10, seed=21).study
    larger = synthetic_cohort_seed(participants=120, seed=22).study
    client.force_login(researcher)
    home = reverse("research:home")
    _queries(client, f"{home}?study={small.code}")  # warm per-process caches
    costs = [_queries(client, f"{home}?study={s.code}") for s in (small, larger)]
    assert costs[0] == costs[1] <= 14  # session, user, MFA, the study list and the figures


def test_the_export_page_costs_the_same_for_one_and_many_exports(client, researcher, programme):
    study = synthetic_cohort_seed(participants=5, seed=23).study
    client.force_login(researcher)
    url = reverse("research:export")

    def _job():
        ExportJob.objects.create(study=study, requested_by=researcher)

    _job()
    _queries(client, url)  # the first request after signing in also writes the session
    one = _queries(client, url)
    for _ in range(25):
        _job()
    assert one <= 8
    assert _queries(client, url) == one
