"""Thin task wrappers; services are imported inside them, as in the other apps."""

from celery import shared_task


@shared_task
def scan_submitted_worksheets() -> int:
    """Scan worksheets submitted since the last run for risk phrases (idempotent per answer)."""
    from therapists.safety import worksheets_scan

    return worksheets_scan()


@shared_task
def queue_therapist_digests() -> int:
    from therapists.digest import therapist_digests_queue

    return therapist_digests_queue()
