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


@shared_task
def assign_care_teams() -> int:
    """Care teams for randomized participants of studies that assign them automatically."""
    from therapists.care import care_teams_assign_automatically

    return care_teams_assign_automatically()
