"""Delivery survives a killed worker and a stopped broker: nothing lost, nothing sent twice.

These run real Celery workers against a real Redis, with no eager mode.
"""

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import Client

from config.celery_app import app as celery_app
from notifications.models import Notification
from notifications.services import dispatch, enqueue, notifications_sweep
from tests.celery_worker import use_broker, wait_for
from tests.factories import UserFactory
from tests.notifications.reliability import (
    SlowMailServer,
    StoppableRedis,
    kill_process_group,
    start_worker_process,
)


@pytest.fixture
def private_redis():
    redis = StoppableRedis()
    redis.start()
    original = celery_app.conf.broker_url
    use_broker(celery_app, redis.url)
    yield redis
    redis.stop()
    use_broker(celery_app, original)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_nothing_twice(
    private_redis, settings
):
    settings.NOTIFICATION_STALE_CLAIM_SECONDS = 2
    # The first message was with the mail server when the worker died: uncertain, and resent
    # after the grace period (module_unlocked is a kind whose repeat is harmless).
    settings.NOTIFICATION_UNCERTAIN_GRACE_SECONDS = 1
    notifications = [
        enqueue(recipient=UserFactory(), kind="module_unlocked", reference=f"m:{n}")
        for n in range(5)
    ]
    with SlowMailServer(delay=2.0) as mail_server:
        worker = start_worker_process(email_url=mail_server.url, broker_url=private_redis.url)
        try:
            dispatch([n.pk for n in notifications])
            # Kill the worker while the mail server holds the first message (SIGKILL: no
            # clean-up, no acknowledgement).
            assert mail_server.receiving.wait(timeout=60)
            kill_process_group(worker)
            assert mail_server.accepted == []
            states = set(Notification.objects.values_list("state", flat=True))
            assert states == {"sending", "queued"}
            assert Notification.objects.get(state="sending").attempt_started_at is not None

            mail_server.delay = 0.1
            worker = start_worker_process(email_url=mail_server.url, broker_url=private_redis.url)
            # The sweep (run by beat every minute) hands out the dead worker's claim again.
            assert wait_for(
                lambda: (
                    notifications_sweep() == 0
                    and Notification.objects.filter(state="sent").count() == 5
                ),
                timeout=60,
            )
        finally:
            kill_process_group(worker)
    assert sorted(mail_server.accepted) == sorted(
        f"<notification-{n.pk}@icbt.invalid>" for n in notifications
    )


@pytest.mark.django_db(transaction=True)
def test_a_stopped_broker_does_not_fail_the_participant_and_mail_follows(
    private_redis, make_participant
):
    from tests.modules.test_progress import _submit_required

    participant = make_participant()
    client = Client()
    client.force_login(participant.user)
    pages = len(participant.module_progress.get(module__number=1).module.current_version.pages)
    _submit_required(client, participant)

    private_redis.stop()
    for page in range(1, pages + 1):  # the last page completes the module
        response = client.get(f"/programme/modules/1/pages/{page}/")
        assert response.status_code == 200
    assert participant.module_progress.get(module__number=1).completed_at is not None
    waiting = Notification.objects.get(kind="module_completed")
    assert waiting.state == Notification.State.QUEUED

    private_redis.start()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        assert notifications_sweep() >= 1
        assert wait_for(lambda: Notification.objects.get(pk=waiting.pk).state == "sent")
    assert [m.to for m in mail.outbox if "caseload" in m.subject] == [[participant.therapist.email]]
