"""/healthz: 200 while the database and the broker answer, 503 otherwise; every dependency
reported on its own; a hung dependency costs the probe under 2 s; unknown Host headers refused."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from config.celery_app import (
    BEAT_HEARTBEAT_KEY,
    WORKER_HEARTBEAT_KEY,
    worker_heartbeat,
)
from notifications.services import enqueue
from tests.celery_worker import wait_for
from tests.factories import UserFactory
from tests.notifications.reliability import StoppableRedis, kill_process_group


def test_it_answers_200_and_reports_every_dependency(client, db):
    cache.set(WORKER_HEARTBEAT_KEY, time.time() - 20, None)
    cache.set(BEAT_HEARTBEAT_KEY, time.time() - 5, None)
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert (body["database"], body["broker"], body["cache"]) == ("ok", "ok", "ok")
    assert (body["worker"], body["beat"]) == ("ok", "ok")
    assert 19 <= body["worker_heartbeat_age_seconds"] <= 25
    assert body["beat_heartbeat_age_seconds"] <= 10
    assert body["oldest_queued_notification_age_seconds"] == 0


def test_it_tells_a_dead_beat_from_a_dead_worker(client, db):
    cache.set(BEAT_HEARTBEAT_KEY, time.time() - 5, None)
    cache.set(WORKER_HEARTBEAT_KEY, time.time() - 600, None)
    body = client.get("/healthz").json()
    assert (body["beat"], body["worker"], body["status"]) == ("ok", "stale", "ok")
    cache.delete(BEAT_HEARTBEAT_KEY)
    assert client.get("/healthz").json()["beat"] == "stale"


def test_the_worker_task_notes_a_heartbeat(db):
    cache.delete(WORKER_HEARTBEAT_KEY)
    worker_heartbeat()
    assert time.time() - cache.get(WORKER_HEARTBEAT_KEY) < 5


def test_a_running_beat_notes_its_heartbeat(transactional_db, tmp_path):
    cache.delete(BEAT_HEARTBEAT_KEY)
    beat = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "WARNING",
         "--schedule", str(tmp_path / "beat-schedule")],
        cwd=settings.BASE_DIR, env={**os.environ, "DEBUG": "true"},
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert wait_for(lambda: cache.get(BEAT_HEARTBEAT_KEY) is not None, timeout=60)
    finally:
        kill_process_group(beat)


def test_it_reports_the_oldest_waiting_notification(client, transactional_db, broker_down):
    notification = enqueue(recipient=UserFactory(), kind="inactivity", reference="i:1")
    type(notification).objects.filter(pk=notification.pk).update(
        due_at=timezone.now() - timezone.timedelta(minutes=30)
    )
    age = client.get("/healthz").json()["oldest_queued_notification_age_seconds"]
    assert 1790 <= age <= 1830


@pytest.fixture
def own_redis(db):
    redis = StoppableRedis()
    redis.start()
    with override_settings(
        REDIS_URL=redis.url,
        CACHES={"default": {**settings.CACHES["default"], "LOCATION": redis.url}},
    ):
        import config.health

        config.health._broker = None  # the probe's client is made from REDIS_URL on first use
        yield redis
        config.health._broker = None
    if redis.process is not None:
        os.kill(redis.process.pid, signal.SIGCONT)
    redis.stop()


def test_a_stopped_redis_answers_503_and_says_which_part(client, own_redis):
    own_redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"].startswith("unavailable")
    assert body["cache"] == "degraded: database fallback"


def test_a_hung_redis_costs_the_probe_under_two_seconds(client, own_redis):
    os.kill(own_redis.process.pid, signal.SIGSTOP)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 2
    assert response.status_code == 503


def test_probe_hosts_are_answered_and_other_hosts_refused(client, db, settings):
    settings.HEALTH_CHECK_HOSTS = ["10.0.0.7"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/healthz", HTTP_HOST="localhost").status_code == 200  # ALLOWED_HOSTS
    assert client.get("/healthz", HTTP_HOST="evil.example").status_code == 400
