"""One mail server, one broker Redis and two Celery worker processes for the whole folder
(starting a worker takes seconds); each test gets them clean, and dead workers restarted."""

import pytest

from config.celery_app import app as celery_app
from tests.celery_worker import use_broker
from tests.faults.infrastructure import DatabaseCutter, FaultyMailServer, FreezableRedis, Workers


@pytest.fixture(scope="package")
def broker():
    redis = FreezableRedis()
    redis.start()
    original = celery_app.conf.broker_url
    use_broker(celery_app, redis.url)
    yield redis
    redis.stop()
    use_broker(celery_app, original)


@pytest.fixture(scope="package")
def mail():
    with FaultyMailServer(ports=2) as server:
        yield server


@pytest.fixture(scope="package")
def workers(django_db_setup, broker, mail):
    pool = Workers(mail=mail, broker_url=broker.url, NOTIFICATION_RECORD_RETRY_SECONDS=30)
    yield pool
    pool.stop()


@pytest.fixture
def outbox(transactional_db, settings, broker, mail, workers):
    """Both workers up, an empty broker and a fresh mail server; the sweep's timings short
    (in production: minutes), but a live worker is never taken for a dead one."""
    settings.NOTIFICATION_STALE_CLAIM_SECONDS = 4
    settings.NOTIFICATION_UNCERTAIN_GRACE_SECONDS = 8
    settings.NOTIFICATION_REDISPATCH_SECONDS = 3
    if broker.process is None:
        broker.start()
    broker.flush()
    mail.reset()
    workers.start()
    yield
    mail.reset()


@pytest.fixture
def cutter(django_db_setup):
    cutter = DatabaseCutter()
    yield cutter
    cutter.close()
