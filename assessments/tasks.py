from celery import shared_task


@shared_task
def queue_questionnaire_reminders() -> int:
    from assessments.reminders import questionnaire_reminders_queue

    return questionnaire_reminders_queue()
