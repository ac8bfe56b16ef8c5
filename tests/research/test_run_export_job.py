"""The export page queues a Celery task; the task writes the zip once and audits it."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from research import services
from research.models import ExportJob
from research.services import export_job_run
from research.tasks import run_export_job


@pytest.fixture(autouse=True)
def _export_dir(settings, tmp_path):
    settings.EXPORT_DIR = tmp_path / "exports"


def test_it_queues_runs_and_offers_the_download(
    client, researcher, cohort, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(run_export_job, "delay", lambda job_id: queued.append(job_id))
    client.force_login(researcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("research:export"),
            {"study": cohort.code, "file_format": "spss", "shift_dates": "on"},
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("research:export_job", args=[job.pk])
    assert queued == [job.pk] and job.state == ExportJob.State.QUEUED
    assert (
        client.get(reverse("research:export_job_status", args=[job.pk])).json()["state"] == "queued"
    )

    run_export_job(job.pk)  # what the worker runs

    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE and job.progress == 100
    status = client.get(reverse("research:export_job_status", args=[job.pk])).json()
    assert status["download"] == reverse("research:export_download", args=[job.pk])
    page = client.get(reverse("research:export_job", args=[job.pk]))
    assert b"Download the bundle" in page.content
    download = client.get(status["download"])
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        names = archive.namelist()
    assert names[-1].endswith("/MANIFEST.json")
    assert any(name.endswith("/participants.sav") for name in names)


def test_it_audits_every_export_and_download(client, researcher, cohort, export):
    export(cohort)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.participant is None
    assert event.object_type == "research.ExportJob"
    job = ExportJob.objects.get(pk=event.object_id)
    assert job.origin == ExportJob.Origin.COMMAND and job.state == ExportJob.State.DONE
    assert event.actor.email == "export-command@system.invalid" and not event.actor.is_active

    page_job = ExportJob.objects.create(study=cohort, requested_by=researcher)
    export_job_run(job_id=page_job.pk)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, actor=researcher, object_id=str(page_job.pk)
    ).exists()
    client.force_login(researcher)
    client.get(reverse("research:export_download", args=[page_job.pk]))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=researcher).count() == 1


def test_it_runs_a_job_once_when_the_task_comes_twice(cohort, researcher):
    job = ExportJob.objects.create(study=cohort, requested_by=researcher)
    assert export_job_run(job_id=job.pk).state == ExportJob.State.DONE
    assert export_job_run(job_id=job.pk) is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_it_records_a_failed_export(cohort, researcher, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "bundle_write", broken)
    job = ExportJob.objects.create(study=cohort, requested_by=researcher)
    job = export_job_run(job_id=job.pk)
    assert job.state == ExportJob.State.FAILED and job.error == "The export failed."
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
