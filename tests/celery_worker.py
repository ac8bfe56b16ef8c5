"""Helpers for tests that run a real Celery worker (the `celery_worker` fixture in conftest)."""

import time

import kombu.pools
from django.conf import settings


def wait_for(condition, timeout=20.0):
    """Poll until condition() is true; the worker runs in another thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def use_broker(app, url: str) -> None:
    """Point this process's Celery app at another broker, dropping pooled connections."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()  # kombu keeps producer pools per connection in a global registry
    settings.CELERY_BROKER_URL = url
