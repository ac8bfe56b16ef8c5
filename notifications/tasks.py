"""Thin task wrappers; services are imported inside them because services enqueue these tasks."""

from celery import shared_task


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=4,
)
def deliver_notification(notification_id: int) -> bool:
    from notifications.services import notification_deliver

    return notification_deliver(notification_id=notification_id)


@shared_task
def sweep_notifications() -> int:
    from notifications.services import notifications_sweep

    ids = notifications_sweep()
    for notification_id in ids:
        deliver_notification.delay(notification_id)
    return len(ids)
