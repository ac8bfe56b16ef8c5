"""The one Celery application. Its settings live in Django settings under CELERY_*."""

import logging
import os
import time

from celery import Celery
from celery.beat import PersistentScheduler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# When beat and a worker last showed life; /healthz reports their ages (config/health.py).
BEAT_HEARTBEAT_KEY = "heartbeat:beat"
WORKER_HEARTBEAT_KEY = "heartbeat:worker"


def _note_alive(key: str) -> None:
    from django.core.cache import cache

    try:
        cache.set(key, time.time(), timeout=None)
    except Exception:  # a heartbeat must never stop beat or a worker
        logging.getLogger(__name__).warning("could not record %s", key, exc_info=True)


class HeartbeatScheduler(PersistentScheduler):
    """Celery's own scheduler that also notes, at every tick, that beat is alive."""

    def tick(self, *args, **kwargs):
        _note_alive(BEAT_HEARTBEAT_KEY)
        return super().tick(*args, **kwargs)


@app.task(name="config.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """Published by beat every 30 s; whichever worker runs it shows that workers consume."""
    _note_alive(WORKER_HEARTBEAT_KEY)


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
