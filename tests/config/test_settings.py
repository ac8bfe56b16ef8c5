"""Settings are read from the environment; unsafe or malformed values stop start-up."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env
from config.settings import BASE_DIR

STRONG_SECRET = secrets.token_urlsafe(64)


def _manage(*args, **environment):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_production_with_the_default_secret():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="icbt.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_production_with_a_short_secret():
    result = _manage("check", DEBUG="false", SECRET_KEY="short", ALLOWED_HOSTS="x.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_names_a_malformed_variable():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_deploy_check_passes_with_production_values():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=STRONG_SECRET,
        ALLOWED_HOSTS="icbt.example.org",
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("reader", "name", "value"),
    [
        (lambda: env.env_int("DB_CONN_MAX_AGE", 60), "DB_CONN_MAX_AGE", "sixty"),
        (lambda: env.env_time_zone("TIME_ZONE", "UTC"), "TIME_ZONE", "Mars/Olympus"),
        (lambda: env.env_database("DATABASE_URL", ""), "DATABASE_URL", "mysql://db/x"),
        (lambda: env.env_redis("REDIS_URL", ""), "REDIS_URL", "http://cache"),
        (lambda: env.env_bool("DEBUG", False), "DEBUG", "perhaps"),
    ],
)
def test_each_reader_names_its_variable(monkeypatch, reader, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_it_reads_a_unix_socket_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@/icbt?host=%2Ftmp%2Fpg")
    config = env.env_database("DATABASE_URL", "")
    assert config["HOST"] == "/tmp/pg"
    assert config["NAME"] == "icbt"


def test_it_gives_celery_the_socket_transport_name():
    assert env.celery_broker_url("unix:///tmp/r.sock") == "redis+socket:///tmp/r.sock"
    assert env.celery_broker_url("redis://h:6379/0") == "redis://h:6379/0"
