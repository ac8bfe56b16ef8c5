"""The research app owns exports of the pseudonymous trial bundle and the synthetic cohort.

Every export, from the export page (a Celery task) or the command line, is an ExportJob row and
one audit event (action "export", no participant) naming the job, so who exported what is on
record. Free text leaves only with a coordinator's export.
"""

import logging
import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent, User
from accounts.roles import Role
from accounts.services import audit_record
from research.export.bundle import BundleResult, ExportError, bundle_write, format_check
from research.models import ExportJob
from trial.models import Study

logger = logging.getLogger(__name__)

EXPORT_ROLES = (Role.RESEARCHER, Role.COORDINATOR)
# A job "running" for longer than this lost its worker; a redelivered task may take it over.
STALE_AFTER = timedelta(hours=1)
COMMAND_ACTOR_EMAIL = "export-command@system.invalid"


def may_export(user: User) -> bool:
    return user.is_superuser or user.role in EXPORT_ROLES


def may_export_free_text(user: User) -> bool:
    return user.is_superuser or user.role == Role.COORDINATOR


def _check_request(*, user: User, file_format: str, include_free_text: bool) -> None:
    if not may_export(user):
        raise ExportError(_("Only researchers and coordinators may export research data."))
    if include_free_text and not may_export_free_text(user):
        raise ExportError(_("Only coordinators may export free text."))
    format_check(file_format)


def progress_key(job_id: int) -> str:
    return f"research:export:{job_id}:progress"


# --- the export page ---------------------------------------------------------------------------


@transaction.atomic
def export_job_create(
    *,
    requested_by: User,
    study: Study,
    file_format: str = "csv",
    shift_dates: bool = False,
    include_free_text: bool = False,
) -> ExportJob:
    """Queue an export; the worker picks it up once this transaction commits."""
    from research.tasks import run_export_job

    _check_request(user=requested_by, file_format=file_format, include_free_text=include_free_text)
    job = ExportJob.objects.create(
        study=study,
        requested_by=requested_by,
        origin=ExportJob.Origin.PAGE,
        file_format=file_format,
        shift_dates=shift_dates,
        include_free_text=include_free_text,
    )
    transaction.on_commit(lambda: run_export_job.delay(job.pk))
    return job


def _claim(job_id: int) -> bool:
    """Take the job for this worker: queued, or running on a worker that died."""
    now = timezone.now()
    claimable = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED) | (
        ExportJob.objects.filter(
            pk=job_id, state=ExportJob.State.RUNNING, started_at__lt=now - STALE_AFTER
        )
    )
    return bool(claimable.update(state=ExportJob.State.RUNNING, started_at=now, progress=0))


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Run a queued export into EXPORT_DIR/job-<id>/; safe to call twice (the second call
    finds the job taken and does nothing)."""
    if not _claim(job_id):
        return None
    job = ExportJob.objects.select_related("study", "requested_by").get(pk=job_id)
    folder = Path(settings.EXPORT_DIR) / f"job-{job.pk}"
    shutil.rmtree(folder, ignore_errors=True)  # leftovers of a run whose worker died
    try:
        folder.mkdir(parents=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        _run(job, folder / f"{job.study.code}-{stamp}.zip", as_zip=True)
    except Exception as error:
        logger.exception("research export %s failed", job.pk)
        message = str(error) if isinstance(error, ExportError) else _("The export failed.")
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.FAILED, finished_at=timezone.now(), error=message[:500]
        )
        cache.delete(progress_key(job.pk))
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    return job


def _run(job: ExportJob, out: Path, *, as_zip: bool, request: HttpRequest | None = None):
    def progress(done: int, total: int, _label: str) -> None:
        cache.set(progress_key(job.pk), round(100 * done / total), timeout=3600)

    result: BundleResult = bundle_write(
        study=job.study,
        out=out,
        file_format=job.file_format,
        as_zip=as_zip,
        shift_dates=job.shift_dates,
        include_free_text=job.include_free_text,
        progress=progress,
    )
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.DONE,
            progress=100,
            finished_at=timezone.now(),
            file_path=str(result.path),
        )
        audit_record(
            actor=job.requested_by,
            action=AuditEvent.Action.EXPORT,
            participant=None,
            obj=job,
            request=request,
        )
    cache.delete(progress_key(job.pk))
    return result


def export_job_progress(job: ExportJob) -> int:
    if job.state == ExportJob.State.RUNNING:
        return cache.get(progress_key(job.pk), job.progress)
    return job.progress


def export_download_record(*, job: ExportJob, user: User, request: HttpRequest) -> None:
    audit_record(
        actor=user, action=AuditEvent.Action.VIEW, participant=None, obj=job, request=request
    )


# --- the command line --------------------------------------------------------------------------


def command_actor() -> User:
    """The account that command-line exports are recorded under when no --by is given: it
    cannot log in (inactive, no usable password)."""
    user, created = User.objects.get_or_create(
        email=COMMAND_ACTOR_EMAIL,
        defaults={
            "role": Role.COORDINATOR,
            "first_name": "Command line",
            "last_name": "export",
            "is_active": False,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def export_research(
    *,
    actor: User,
    study: Study,
    out: Path,
    file_format: str = "csv",
    as_zip: bool = False,
    shift_dates: bool = False,
    include_free_text: bool = False,
) -> BundleResult:
    """Write the bundle at `out` now (the command line's export); recorded like a page export."""
    _check_request(user=actor, file_format=file_format, include_free_text=include_free_text)
    job = ExportJob.objects.create(
        study=study,
        requested_by=actor,
        origin=ExportJob.Origin.COMMAND,
        file_format=file_format,
        shift_dates=shift_dates,
        include_free_text=include_free_text,
        state=ExportJob.State.RUNNING,
        started_at=timezone.now(),
    )
    try:
        return _run(job, out, as_zip=as_zip)
    except BaseException as error:
        message = str(error) if isinstance(error, ExportError) else type(error).__name__
        ExportJob.objects.filter(pk=job.pk).update(
            state=ExportJob.State.FAILED, finished_at=timezone.now(), error=message[:500]
        )
        raise
