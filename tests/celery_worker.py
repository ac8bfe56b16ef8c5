"""Helpers for tests that run a real Celery worker (the `celery_worker` fixture in conftest)."""

import time


def wait_for(condition, timeout=20.0):
    """Poll until condition() is true; the worker runs in another thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
