"""Typed readers for configuration from the environment.

Every setting comes from an environment variable; a malformed value stops start-up with
a message that names the variable, so an operator knows exactly what to fix.
"""

import os
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bad(name: str, value: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"Environment variable {name}={value!r} is not {expected}.")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _bad(name, raw, "a boolean (true/false)")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, raw, "a whole number") from None
    if value < minimum:
        raise _bad(name, raw, f"a whole number of at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_time_zone(name: str, default: str) -> str:
    value = os.environ.get(name, default)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad(name, value, "a known IANA time zone such as Europe/Stockholm") from None
    return value


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name, default)
    if urlsplit(raw).scheme not in {"postgres", "postgresql"}:
        raise _bad(name, raw, "a postgres:// URL")
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:
        raise _bad(name, raw, f"a valid database URL ({exc})") from None
    # A Unix-socket host arrives as ?host=/path; Django wants it in HOST.
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir:
        config["HOST"] = socket_dir
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def env_email(name: str, default: str) -> dict:
    raw = os.environ.get(name, default)
    try:
        return environ.Env.email_url_config(raw)
    except Exception as exc:
        raise _bad(name, raw, f"a valid email URL such as smtp://host:587 ({exc})") from None


def env_redis(name: str, default: str) -> str:
    """A Redis URL: redis://, rediss:// or unix:///path/to/socket."""
    raw = os.environ.get(name, default)
    if urlsplit(raw).scheme not in {"redis", "rediss", "unix"}:
        raise _bad(name, raw, "a redis://, rediss:// or unix:// URL")
    return raw


def celery_broker_url(redis_url: str) -> str:
    # kombu names the Unix-socket transport redis+socket://, redis-py names it unix://.
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url
