from celery import shared_task

# A large export takes minutes: longer limits than the app's default, still under the broker's
# one-hour visibility timeout so Redis never hands a running export to a second worker.
EXPORT_SOFT_TIME_LIMIT = 45 * 60
EXPORT_TIME_LIMIT = 50 * 60


@shared_task(soft_time_limit=EXPORT_SOFT_TIME_LIMIT, time_limit=EXPORT_TIME_LIMIT)
def run_export_job(job_id: int) -> None:
    """Idempotent: the ExportJob row is claimed with a conditional UPDATE."""
    from research.services import export_job_run

    export_job_run(job_id=job_id)
