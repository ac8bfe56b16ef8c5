from celery import shared_task


@shared_task
def queue_visit_reminders() -> int:
    from activity.services import visit_reminders_queue

    return visit_reminders_queue()
