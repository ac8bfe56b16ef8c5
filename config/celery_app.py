"""The one Celery application. Its settings live in Django settings under CELERY_*."""

import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def delay_after_commit(task, *args) -> None:
    """Send a task once the transaction commits; a broker outage is logged, not raised.

    For tasks whose work a periodic task repeats anyway (e.g. the nightly adherence check),
    so that a down broker never fails the participant's request.
    """
    from django.db import transaction
    from kombu.exceptions import OperationalError

    def send():
        try:
            task.delay(*args)
        except OperationalError:
            logging.getLogger(__name__).warning("broker unavailable: %s not sent", task.name)

    transaction.on_commit(send)
