"""The default cache: Redis, with a database table standing in while Redis does not answer.

allauth's rate limits take a lock in the cache on every sign-in attempt, so a Redis outage would
otherwise make every login fail. During an outage the limits keep working on the database table
(`createcachetable` makes it), and after the first failure Redis is left alone for a few seconds
so that a hung server costs at most one socket timeout, not one per request.
"""

import logging
import time

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_REDIS_AFTER_SECONDS = 10


class RedisWithDatabaseFallbackCache(BaseCache):
    def __init__(self, location: str, params: dict):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        table = options.pop("fallback_table")
        shared = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._redis = RedisCache(location, {**shared, "OPTIONS": options})
        self._database = DatabaseCache(table, shared)
        self._redis_down_until = 0.0
        self._database_used = False

    def redis_answers(self) -> bool:
        """Whether Redis itself answers now (the health check), whatever the fallback does."""
        try:
            self._redis.get("health-probe")
        except (RedisError, OSError):
            return False
        return True

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(self._redis, method)(*args, **kwargs)
            except (RedisError, OSError) as error:
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_SECONDS
                logger.warning("Redis cache unavailable, using the database cache: %s", error)
        self._database_used = True
        return getattr(self._database, method)(*args, **kwargs)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        # Entries this process wrote to the table during an outage must not outlive a clear.
        if self._database_used:
            self._database.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)
        self._database.close(**kwargs)
