"""Thin task wrappers; services are imported inside them because services enqueue these tasks."""

from celery import shared_task


@shared_task(acks_late=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    from notifications.services import notifications_deliver

    return notifications_deliver(notification_ids=notification_ids)


@shared_task
def sweep_notifications() -> int:
    from notifications.services import notifications_sweep

    return notifications_sweep()
