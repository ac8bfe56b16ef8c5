"""Delivery under real faults, counted at the mail server per Message-ID: every notification
received exactly once, none missing, whatever happens to the workers, the database or the broker.

Real processes only: two Celery worker processes (prefork) on the test database, an SMTP server
(aiosmtpd) that holds, refuses and hangs up, and a broker Redis of the test's own. The test runs
the outbox sweep itself, as beat does every minute. benchmarks/fault_table.py runs the same
faults at the issue's sizes.
"""

import time
import uuid

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import RESEND_WHEN_UNCERTAIN, notifications_sweep
from tests.celery_worker import wait_for
from tests.faults.infrastructure import (
    HANG_UP,
    message_id,
    queue_notifications,
    settled,
    states,
    sweep_until,
)

pytestmark = pytest.mark.faults

HARMLESS = sorted(RESEND_WHEN_UNCERTAIN)


def _late_copies_arrive(mail) -> None:
    """A copy still on its way (a resend racing a slow first attempt) would arrive by now."""
    time.sleep(mail.hold + 1)


def test_a_sigkill_storm_loses_nothing_and_sends_at_most_one_in_a_thousand_twice(
    outbox, workers, mail
):
    count, storm = 60, 4
    ids = queue_notifications(count, kinds=HARMLESS)
    mail.hold = 0.3
    kills = 0

    def kill_a_worker_while_the_mail_server_holds_its_message():
        nonlocal kills
        worker = workers.all[kills % 2]
        if kills < storm and worker.ready and mail.is_holding(kills % 2):
            worker.kill()
            worker.start()
            kills += 1

    assert sweep_until(
        lambda: kills == storm and settled(),
        timeout=240,
        every=0.2,
        between=kill_a_worker_while_the_mail_server_holds_its_message,
    ), (kills, states())
    _late_copies_arrive(mail)
    tally = mail.tally(ids)
    resent = Notification.objects.filter(last_error__startswith="uncertain after a crash")
    print(f"\nSIGKILL storm: {kills} kills, {resent.count()} resent after the grace, {tally}")
    assert (tally["lost"], tally["unexpected"]) == (0, [])
    assert tally["sent twice"] <= max(1, count // 1000)
    assert states() == {"sent": count}
    assert resent.exists()  # the kills did hit messages the mail server held


def _retry_now() -> None:
    """Temporary refusals are retried after minutes (with jitter); the test does not wait."""
    Notification.objects.filter(state="queued", attempts__gt=0).update(due_at=timezone.now())


def test_cut_database_connections_lose_nothing_and_send_nothing_twice(outbox, mail, cutter):
    """The workers' connections are cut at random moments, at every third acceptance (the
    provider has the message, the `sent` record is still to come) and at every refusal."""
    ids = queue_notifications(35, kinds=HARMLESS)
    # Inactivity nudges, refused for now at first. Had recording the refusal failed, they would
    # look uncertain and, not being a kind that is resent, never go out.
    ids += queue_notifications(5, kinds=["inactivity"], prefix="later")
    mail.script = lambda recipient, attempt: (
        "451 4.3.0 try again later" if recipient.startswith("later") and attempt == 1 else "250 OK"
    )
    mail.hold = 0.3
    answers = 0

    def cut_at_refusals_and_every_third_acceptance(reply):
        nonlocal answers
        answers += 1
        if not reply.startswith("250") or answers % 3 == 0:
            cutter.cut()

    mail.on_answer = cut_at_refusals_and_every_third_acceptance
    with cutter.cutting(every=(0.3, 0.8)):
        assert sweep_until(settled, timeout=90, between=_retry_now), states()
    _late_copies_arrive(mail)
    tally = mail.tally(ids)
    print(f"\ndatabase connections cut {cutter.cuts} times: {tally}")
    assert tally == {"expected": 40, "delivered": 40, "lost": 0, "sent twice": 0, "unexpected": []}
    assert states() == {"sent": 40}
    assert cutter.cuts >= 40 // 3


def _post_message(client, url: str) -> tuple[int, float]:
    """A message written on the platform (it notifies the other side); status and seconds."""
    started = time.monotonic()
    response = client.post(url, {"body": "Hello", "idempotency_key": str(uuid.uuid4())})
    return response.status_code, time.monotonic() - started


def test_a_stopped_broker_loses_nothing_and_sends_nothing_twice(
    outbox, broker, mail, participant, client
):
    ids = queue_notifications(20, kinds=HARMLESS)
    mail.hold = 0.2
    notifications_sweep()  # hands them to the broker
    assert wait_for(lambda: sum(mail.accepted.values()) >= 3)
    broker.stop()  # with the messages it still held: Redis keeps them in memory only
    # Participants and therapists keep working; each message notifies the other side, and the
    # publish fails at once (the outbox sweep hands it out later).
    client.force_login(participant.user)
    assert _post_message(client, "/me/messages/") == (302, pytest.approx(0, abs=2))
    client.force_login(participant.therapist)
    therapist_thread = f"/staff/participants/{participant.pk}/messages/"
    assert _post_message(client, therapist_thread) == (302, pytest.approx(0, abs=2))
    notifications_sweep()  # beat's sweep meets the outage too
    time.sleep(2)
    broker.start()

    assert sweep_until(settled, timeout=90), states()
    _late_copies_arrive(mail)
    ids += list(Notification.objects.filter(kind="message_waiting").values_list("pk", flat=True))
    tally = mail.tally(ids)
    assert tally == {"expected": 22, "delivered": 22, "lost": 0, "sent twice": 0, "unexpected": []}
    assert states() == {"sent": 22}


def test_a_frozen_broker_holds_a_request_for_seconds_not_for_the_whole_freeze(
    outbox, broker, mail, participant, client, settings
):
    """A hung Redis accepts connections (the kernel does) and never answers: the request that
    queued a notification waits one broker read timeout, and the notification still goes out."""
    freeze = 12
    read_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"]
    client.force_login(participant.user)
    with broker.frozen():
        started = time.monotonic()
        status, seconds = _post_message(client, "/me/messages/")
        time.sleep(max(0, freeze - (time.monotonic() - started)))
    print(f"\nmessage posted in {seconds:.1f} s while the broker was frozen for {freeze} s")
    assert status == 302
    assert seconds < read_timeout + 2

    assert sweep_until(settled, timeout=90), states()
    _late_copies_arrive(mail)
    notification = Notification.objects.get()
    assert mail.accepted == {message_id(notification.pk): 1}


def test_refusals_fail_at_once_or_are_retried_and_accepted_messages_arrive_once(outbox, mail):
    accepted = queue_notifications(6, kinds=HARMLESS)
    accepted += queue_notifications(6, kinds=HARMLESS, prefix="later")
    refused = queue_notifications(3, kinds=HARMLESS, prefix="gone")
    mail.script = lambda recipient, attempt: (
        "550 5.1.1 no such mailbox"
        if recipient.startswith("gone")
        else "451 4.3.0 try again later"
        if recipient.startswith("later") and attempt == 1
        else "250 OK"
    )
    assert sweep_until(settled, timeout=90, between=_retry_now), states()
    _late_copies_arrive(mail)

    assert mail.tally(accepted) == {
        "expected": 12, "delivered": 12, "lost": 0, "sent twice": 0, "unexpected": []
    }  # fmt: skip
    assert states() == {"sent": 12, "failed": 3}
    for notification in Notification.objects.filter(pk__in=refused):
        assert (notification.state, notification.attempts) == ("failed", 1)
        assert "no such mailbox" in notification.last_error
    retried = Notification.objects.filter(recipient__email__startswith="later")
    assert {(n.state, n.attempts) for n in retried} == {("sent", 2)}
    assert {recipient: n for recipient, n in mail.attempts.items() if n != 1} == {
        f"later{n}@example.org": 2 for n in range(6)
    }


def test_a_mail_server_hanging_up_mid_message_gets_it_again_once(outbox, mail):
    ids = queue_notifications(6, kinds=HARMLESS)
    mail.script = lambda recipient, attempt: HANG_UP if attempt == 1 else "250 OK"
    assert sweep_until(settled, timeout=90, between=_retry_now), states()
    _late_copies_arrive(mail)

    assert mail.tally(ids) == {
        "expected": 6, "delivered": 6, "lost": 0, "sent twice": 0, "unexpected": []
    }  # fmt: skip
    assert set(mail.attempts.values()) == {2}
    retried = Notification.objects.all()
    assert {(n.state, n.attempts) for n in retried} == {("sent", 2)}
    assert all("closed" in n.last_error.lower() for n in retried)
