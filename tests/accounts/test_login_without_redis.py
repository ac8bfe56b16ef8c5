"""Sign-in keeps working while Redis is stopped or hung: allauth's rate limits fall back to the
database cache (config/cache.py), and a hung Redis costs a login about one socket timeout."""

import os
import signal
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from tests.factories import PASSWORD, UserFactory
from tests.notifications.reliability import StoppableRedis

TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def own_redis(db):
    redis = StoppableRedis()
    redis.start()
    caches = {"default": {**settings.CACHES["default"], "LOCATION": redis.url}}
    # Given back before the suite's own cache clean-up runs, which needs the shared Redis.
    with override_settings(CACHES=caches):
        yield redis
    if redis.process is not None:
        os.kill(redis.process.pid, signal.SIGCONT)
    redis.stop()


def _log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_sign_in_works_and_is_still_rate_limited_while_redis_is_stopped(client, db, own_redis):
    user = UserFactory()
    own_redis.stop()
    response = _log_in(client, user.email, PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session
    client.logout()

    other = UserFactory()
    pages = [_log_in(client, other.email, "wrong-guess") for _ in range(6)]
    assert TOO_MANY not in pages[4].content.decode()
    assert TOO_MANY in pages[5].content.decode()  # counted in the database cache
    assert TOO_MANY in _log_in(client, other.email, PASSWORD).content.decode()


def test_a_hung_redis_costs_a_sign_in_seconds_not_the_whole_hang(client, db, own_redis):
    user = UserFactory()
    os.kill(own_redis.process.pid, signal.SIGSTOP)  # accepts connections, never answers
    started = time.monotonic()
    response = _log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert time.monotonic() - started < 4
    # Redis is left alone for a while after a failure: the next requests do not wait again.
    client.logout()
    started = time.monotonic()
    _log_in(client, user.email, PASSWORD)
    assert time.monotonic() - started < 1


def test_after_the_outage_the_cache_is_redis_again(db, own_redis):
    cache.set("probe", 1)
    assert cache.get("probe") == 1
    own_redis.stop()
    cache.set("during", 2)
    assert cache.get("during") == 2  # the database table
    own_redis.start()
    cache._redis_down_until = 0  # the retry pause is over
    assert cache.get("during") is None  # Redis again, which never saw it
    cache.set("after", 3)
    assert cache.get("after") == 3
