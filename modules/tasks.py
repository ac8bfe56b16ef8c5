"""Thin task wrappers; services are imported inside them because services enqueue these tasks."""

from celery import shared_task

# Participants per release task: one task per batch keeps the broker traffic small.
RELEASE_BATCH_SIZE = 500


@shared_task(acks_late=True)
def refresh_adherence(participant_id: int) -> int | None:
    from modules.services import adherence_refresh

    return adherence_refresh(participant_id=participant_id)


@shared_task
def recompute_adherence() -> int:
    from modules.services import adherence_recompute_all

    return adherence_recompute_all()


@shared_task
def release_modules(participant_ids: list[int]) -> int:
    from modules.services import programme_release_due

    return programme_release_due(participant_ids=participant_ids)


@shared_task
def schedule_module_release() -> int:
    """Fan out the release check over all running programmes, in batches of ids."""
    from modules.selectors import running_programme_participant_ids

    batches = 0
    batch: list[int] = []
    for participant_id in running_programme_participant_ids():
        batch.append(participant_id)
        if len(batch) == RELEASE_BATCH_SIZE:
            release_modules.delay(batch)
            batches, batch = batches + 1, []
    if batch:
        release_modules.delay(batch)
        batches += 1
    return batches


@shared_task
def queue_inactivity_reminders() -> int:
    from modules.services import inactivity_reminders_queue

    return inactivity_reminders_queue()
