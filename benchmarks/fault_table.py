"""The fault table: deliveries counted at a real SMTP server while real Celery worker processes
are SIGKILLed, the database is taken away, the broker Redis is stopped and the mail server
refuses or hangs up.

Run by hand, not in the timed test suite (about five minutes; it builds its own throwaway
database, and starts its own Redis, mail server and two worker processes):

    uv run python -m config.devstack bench benchmarks/fault_table.py

Each row counts, per notification's Message-ID at the mail server, what was delivered (at least
once), lost (never) and sent twice (extra copies); the server counts a message only when it
acknowledged it to a client that was still connected. Goal: 0 lost, at most 1 duplicate per
1,000 under SIGKILL storms and 0 under a database outage. PostgreSQL itself may be shared, so it
is never stopped: "away" refuses new connections to the throwaway database and cuts every
existing one (pg_terminate_backend) for the whole outage. The sweep runs every half second here
(beat: every minute); tests/faults runs the same faults at small sizes.
"""

import argparse
import time
import uuid

from _setup import throwaway_database
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from config.celery_app import app as celery_app
from notifications.models import Notification
from notifications.services import RESEND_WHEN_UNCERTAIN
from tests.celery_worker import use_broker
from tests.factories import ParticipantFactory, UserFactory
from tests.faults.infrastructure import (
    HANG_UP,
    DatabaseCutter,
    FaultyMailServer,
    FreezableRedis,
    Workers,
    message_id,
    queue_notifications,
    settled,
    sweep_until,
)

HARMLESS = sorted(RESEND_WHEN_UNCERTAIN)
# Pool processes per worker: several messages in flight, as in production.
CONCURRENCY = 3
# Seconds a scenario may take to settle after its fault; a row that did not says NOT SETTLED.
SETTLE = 240


class Stack:
    """The throwaway database's workers, broker, mail server and a way to cut connections."""

    def __init__(self):
        self.broker = FreezableRedis()
        self.mail = FaultyMailServer(ports=2)
        self.cutter = None
        self.workers = None

    def __enter__(self):
        self.broker.start()
        use_broker(celery_app, self.broker.url)
        self.mail.__enter__()
        self.workers = Workers(
            mail=self.mail,
            broker_url=self.broker.url,
            concurrency=CONCURRENCY,
            NOTIFICATION_RECORD_RETRY_SECONDS=60,
        )
        self.cutter = DatabaseCutter()
        return self

    def __exit__(self, *exc):
        self.workers.stop()
        self.cutter.close()
        self.mail.__exit__()
        self.broker.stop()

    def fresh(self, *, stale: int, grace: int, redispatch: int = 5) -> None:
        """Both workers up, an empty broker, a fresh mail server, the sweep's timings."""
        settings.NOTIFICATION_STALE_CLAIM_SECONDS = stale
        settings.NOTIFICATION_UNCERTAIN_GRACE_SECONDS = grace
        settings.NOTIFICATION_REDISPATCH_SECONDS = redispatch
        if self.broker.process is None:
            self.broker.start()
        self.broker.flush()
        self.mail.reset()
        self.workers.start()

    def row(self, fault: str, ids, started: float, note: str = "", others=()) -> dict:
        """The tally of `ids`; `others`: this scenario's other notifications (not unexpected)."""
        time.sleep(self.mail.hold + 1)  # a copy still on its way arrives by now
        tally = self.mail.tally(ids)
        unexpected = sorted(set(tally.pop("unexpected")) - {message_id(pk) for pk in others})
        if unexpected:
            note += f"; unexpected Message-IDs: {unexpected[:5]}"
        return {"fault": fault, **tally, "seconds": time.monotonic() - started, "note": note}


def _retry_now() -> None:
    """Temporary refusals are retried after minutes (with jitter); the run does not wait."""
    Notification.objects.filter(state="queued", attempts__gt=0).update(due_at=timezone.now())


def _uncertain_then_resent(ids) -> int:
    return Notification.objects.filter(
        pk__in=ids, last_error__startswith="uncertain after a crash"
    ).count()


def sigkill_storm(stack: Stack, *, count: int = 560, kills: int = 10, hold: float = 0.5) -> dict:
    stack.fresh(stale=5, grace=10)
    started = time.monotonic()
    ids = queue_notifications(count, kinds=HARMLESS, prefix="storm")
    stack.mail.hold = hold
    done = 0

    def kill_a_worker_while_the_mail_server_holds_its_message():
        nonlocal done
        worker = stack.workers.all[done % 2]
        if done < kills and worker.ready and stack.mail.is_holding(done % 2):
            worker.kill()
            worker.start()
            done += 1

    finished = sweep_until(
        lambda: settled(ids),
        timeout=SETTLE,
        every=0.2,
        between=kill_a_worker_while_the_mail_server_holds_its_message,
    )
    note = f"{done} kills; {_uncertain_then_resent(ids)} uncertain, resent after the grace"
    return stack.row(
        f"worker SIGKILLed {done} times during delivery (SMTP holding each message {hold} s)",
        ids,
        started,
        note if finished else note + "; NOT SETTLED",
    )


def _database_fault(stack: Stack, fault: str, *, count: int, hold: float, during) -> dict:
    # A live worker waits out the outage and records what it sent: the grace is longer than
    # the outage (in production: 15 minutes, against 2 minutes of retrying the record).
    stack.fresh(stale=30, grace=90)
    started = time.monotonic()
    ids = queue_notifications(count, kinds=HARMLESS, prefix=f"db{uuid.uuid4().hex[:6]}-")
    stack.mail.hold = hold
    sweep_until(lambda: sum(stack.mail.accepted.values()) >= count // 10, timeout=120)
    cuts_before, accepted_before = stack.cutter.cuts, sum(stack.mail.accepted.values())
    during()
    accepted_during = sum(stack.mail.accepted.values()) - accepted_before
    finished = sweep_until(lambda: settled(ids), timeout=SETTLE)
    note = (
        f"{stack.cutter.cuts - cuts_before} connections cut; {accepted_before} delivered "
        f"before, {accepted_during} during the fault"
    )
    return stack.row(fault, ids, started, note if finished else note + "; NOT SETTLED")


def database_away(stack: Stack, *, count: int = 300, outage: float = 20) -> dict:
    def away():
        with stack.cutter.away():
            sweep_until(lambda: False, timeout=outage)  # beat's sweep fails meanwhile

    return _database_fault(
        stack,
        f"PostgreSQL away {outage:.0f} s during delivery (connections refused and cut)",
        count=count,
        hold=0.2,
        during=away,
    )


def database_cut(stack: Stack, *, count: int = 300, seconds: float = 20) -> dict:
    answers = 0

    def cut_at_every_third_acceptance(reply):
        nonlocal answers
        answers += 1
        if answers % 3 == 0:
            stack.cutter.cut()

    def cutting():
        stack.mail.on_answer = cut_at_every_third_acceptance
        with stack.cutter.cutting(every=(0.3, 0.8)):
            sweep_until(lambda: False, timeout=seconds)
        stack.mail.on_answer = None

    return _database_fault(
        stack,
        f"workers' database connections cut every 0.3-0.8 s and at every 3rd acceptance, "
        f"for {seconds:.0f} s",
        count=count,
        hold=0.5,
        during=cutting,
    )


def _post_message(client: Client, url: str) -> float:
    started = time.monotonic()
    response = client.post(url, {"body": "Hello", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 302, response.status_code
    return time.monotonic() - started


def redis_stopped(stack: Stack, *, outage: float = 45, reminders: int = 100) -> list[dict]:
    """Two rows: the messages participants and therapists write while Redis is down, and the
    reminders that were in Redis's queue when it stopped (it keeps them in memory only)."""
    stack.fresh(stale=5, grace=10)
    started = time.monotonic()
    therapist = UserFactory(role=Role.THERAPIST)
    participant = ParticipantFactory(therapist=therapist)
    queued = queue_notifications(reminders, kinds=HARMLESS, prefix="redis")
    stack.mail.hold = 0.3
    sweep_until(lambda: sum(stack.mail.accepted.values()) >= 5, timeout=120)
    stack.broker.stop()
    stopped = time.monotonic()
    client = Client(SERVER_NAME="localhost")
    seconds = []
    for author, url in [
        (participant.user, "/me/messages/"),
        (therapist, f"/staff/participants/{participant.pk}/messages/"),
        (participant.user, "/me/messages/"),
    ]:
        client.force_login(author)
        seconds.append(_post_message(client, url))
    sweep_until(lambda: False, timeout=outage - (time.monotonic() - stopped))
    stack.broker.start()
    written = Notification.objects.filter(reference__startswith="message:")
    written = list(written.values_list("pk", flat=True))
    finished = sweep_until(lambda: settled([*written, *queued]), timeout=SETTLE)
    note = f"each request took at most {max(seconds):.1f} s while Redis was down"
    return [
        stack.row(
            f"Redis stopped {outage:.0f} s while participants and therapists work",
            written,
            started,
            note if finished else note + "; NOT SETTLED",
            others=queued,
        ),
        stack.row(
            f"Redis stopped {outage:.0f} s with reminders in its queue",
            queued,
            started,
            "" if finished else "NOT SETTLED",
            others=written,
        ),
    ]


def smtp_refusals(stack: Stack, *, accepted: int = 108, refused: int = 12) -> dict:
    stack.fresh(stale=5, grace=10)
    started = time.monotonic()
    ids = queue_notifications(accepted * 2 // 3, kinds=HARMLESS, prefix="ok")
    ids += queue_notifications(accepted - len(ids), kinds=HARMLESS, prefix="later")
    gone = queue_notifications(refused, kinds=HARMLESS, prefix="gone")
    stack.mail.script = lambda recipient, attempt: (
        "550 5.1.1 no such mailbox"
        if recipient.startswith("gone")
        else "451 4.3.0 try again later"
        if recipient.startswith("later") and attempt == 1
        else "250 OK"
    )
    finished = sweep_until(lambda: settled([*ids, *gone]), timeout=SETTLE, between=_retry_now)
    failed = Notification.objects.filter(
        pk__in=gone, state="failed", attempts=1, last_error__contains="no such mailbox"
    ).count()
    retried = Notification.objects.filter(recipient__email__startswith="later", attempts=2).count()
    note = f"{failed} of {refused} failed after 1 attempt with the reason; {retried} retried"
    row = stack.row(
        f"SMTP 451 then accepted ({len(ids) - accepted * 2 // 3}) / 550 always ({refused})",
        ids,
        started,
        note if finished else note + "; NOT SETTLED",
    )
    return {**row, "expected": f"{accepted} + {refused}"}


def smtp_hang_up(stack: Stack, *, count: int = 60) -> dict:
    stack.fresh(stale=5, grace=10)
    started = time.monotonic()
    ids = queue_notifications(count, kinds=HARMLESS, prefix="hangup")
    stack.mail.script = lambda recipient, attempt: HANG_UP if attempt == 1 else "250 OK"
    finished = sweep_until(lambda: settled(ids), timeout=SETTLE, between=_retry_now)
    return stack.row(
        "SMTP server hangs up in the middle of each message's first DATA",
        ids,
        started,
        "" if finished else "NOT SETTLED",
    )


SCENARIOS = {
    "sigkill": lambda stack: [sigkill_storm(stack)],
    "db-away": lambda stack: [database_away(stack)],
    "db-cut": lambda stack: [database_cut(stack)],
    "redis": redis_stopped,
    "smtp": lambda stack: [smtp_refusals(stack), smtp_hang_up(stack)],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=list(SCENARIOS), help="repeatable")
    chosen = parser.parse_args().only or list(SCENARIOS)
    rows = []
    with throwaway_database(), Stack() as stack:
        for name in chosen:
            for row in SCENARIOS[name](stack):
                rows.append(row)
                print(f"{row['fault']}: {row}", flush=True)
    print("\n| fault | expected | delivered | lost | sent twice | seconds | note |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['fault']} | {row['expected']} | {row['delivered']} | {row['lost']} | "
            f"{row['sent twice']} | {row['seconds']:.0f} | {row['note']} |"
        )


if __name__ == "__main__":
    main()
