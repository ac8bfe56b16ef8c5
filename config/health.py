"""What /healthz reports: each dependency on its own, so that a monitor can tell "beat is dead"
from "Redis is slow". The checks run on a few long-lived threads under one deadline, so a hung
dependency costs the probe under 2 s; the Redis client and its connection pool live as long as
the process. The database connection is closed after each check: a thread's idle connection
would otherwise outlive every request (a probe every few seconds costs a connect, about 5 ms).
"""

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CheckTimeout
from datetime import timedelta

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from config.celery_app import BEAT_HEARTBEAT_KEY, WORKER_HEARTBEAT_KEY
from notifications.models import Notification

DEADLINE_SECONDS = 1.5
# Beat publishes the heartbeat task every 30 s: older than this means it, or every worker, stopped.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)

_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")
_broker = None


def _broker_client() -> redis.Redis:
    global _broker  # one client with its own connection pool for the process's lifetime
    if _broker is None:
        _broker = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
    return _broker


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    oldest = Notification.objects.filter(
        state=Notification.State.QUEUED, due_at__lte=timezone.now()
    ).aggregate(oldest=Min("due_at"))["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0
    return {"database": "ok", "oldest_queued_notification_age_seconds": round(age)}


def _broker_ping() -> dict:
    _broker_client().ping()
    return {"broker": "ok"}


def _cache_and_heartbeats() -> dict:
    result = {"cache": "ok" if cache.redis_answers() else "degraded: database fallback"}
    now = time.time()
    for name, key in (("worker", WORKER_HEARTBEAT_KEY), ("beat", BEAT_HEARTBEAT_KEY)):
        seen = cache.get(key)
        age = None if seen is None else round(now - seen)
        result[f"{name}_heartbeat_age_seconds"] = age
        stale = age is None or age > HEARTBEAT_STALE_AFTER.total_seconds()
        result[name] = "stale" if stale else "ok"
    return result


def _run(check) -> dict:
    try:
        return check()
    finally:
        connection.close()


def health_report() -> tuple[bool, dict]:
    """(serving, report): serving is False when the database or the broker does not answer; the
    rest (cache, heartbeats, outbox age) is for the operator's monitor, not the load balancer."""
    started = time.monotonic()
    futures = {
        "database": _checks.submit(_run, _database),
        "broker": _checks.submit(_run, _broker_ping),
        "cache": _checks.submit(_run, _cache_and_heartbeats),
    }
    report: dict = {}
    for name, future in futures.items():
        remaining = max(0.0, DEADLINE_SECONDS - (time.monotonic() - started))
        try:
            report.update(future.result(timeout=remaining))
        except CheckTimeout:
            report[name] = "timeout"
        except Exception as error:  # any failure of a dependency is its state
            report[name] = f"unavailable: {type(error).__name__}"
    serving = report.get("database") == "ok" and report.get("broker") == "ok"
    report["status"] = "ok" if serving else "unavailable"
    return serving, report
