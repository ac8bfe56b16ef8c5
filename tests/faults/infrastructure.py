"""Real infrastructure for the fault tests and benchmarks/fault_table.py: an SMTP server that
holds, refuses and hangs up, Celery worker processes to kill, a broker Redis to stop and freeze,
and a way to take the database away from the workers.

Deliveries are counted where a duplicate would be felt: at the mail server, per Message-ID, and
only when the server acknowledged the message to a client that was still connected (a client
killed while waiting for the answer has not sent it).
"""

import asyncio
import logging
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote, urlencode

import psycopg
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from psycopg import sql

from accounts.models import User
from notifications.models import Notification
from notifications.services import NotificationRequest, enqueue_many, notifications_sweep
from tests.notifications.reliability import StoppableRedis, free_port

logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# The workers' database connections carry this name, so the faults hit them and nothing else.
WORKER_APPLICATION_NAME = "icbt-fault-worker"
HANG_UP = "hang up"
MESSAGE_ID = re.compile(rb"^message-id:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
# Not yet in a final state (UNCERTAIN is final unless the sweep resends it).
PENDING = ("queued", "sending", "uncertain")


def message_id(notification_id: int) -> str:
    return f"<notification-{notification_id}@{settings.EMAIL_MESSAGE_DOMAIN}>"


# --- mail ----------------------------------------------------------------------------------


class _HangingUpSMTP(SMTP):
    """aiosmtpd's server, asking the handler what to answer before each message: an SMTP reply,
    or HANG_UP, to close the connection after the first line of the message's data."""

    async def smtp_DATA(self, arg):
        if self.envelope is not None and self.envelope.rcpt_tos and not arg:
            plan = self.event_handler.plan(self.envelope.rcpt_tos[0])
            if plan == HANG_UP:
                await self.push("354 End data with <CR><LF>.<CR><LF>")
                await self._reader.readuntil(b"\r\n")
                self.transport.close()
                return
            self.envelope.plan = plan
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def factory(self):
        return _HangingUpSMTP(self.handler, **self.SMTP_kwargs)


class FaultyMailServer:
    """A real SMTP server with one port per worker (so the test knows whose message it holds).

    `hold` seconds pass before each answer; `script(recipient, attempt)` gives the answer to the
    recipient's n-th message ("250 OK", "451 ...", "550 ...", or HANG_UP); `on_answer(reply)`, if
    set, runs just before an answer is sent (e.g. to cut the database connections then).
    """

    def __init__(self, ports: int = 2):
        self._lock = threading.Lock()
        self.controllers = [
            _Controller(self, hostname="127.0.0.1", port=free_port()) for _ in range(ports)
        ]
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.hold = 0.0
            self.script = lambda recipient, attempt: "250 OK"
            self.on_answer = None
            self.accepted: Counter[str] = Counter()  # Message-ID: times acknowledged
            self.attempts: Counter[str] = Counter()  # recipient: messages begun
            self.holding: Counter[int] = Counter()  # port: messages being held right now

    def url(self, index: int) -> str:
        return f"smtp://127.0.0.1:{self.controllers[index].port}"

    def port(self, index: int) -> int:
        return self.controllers[index].port

    def plan(self, recipient: str) -> str:
        with self._lock:
            self.attempts[recipient] += 1
            return self.script(recipient, self.attempts[recipient])

    def is_holding(self, index: int) -> bool:
        with self._lock:
            return self.holding[self.port(index)] > 0

    async def handle_DATA(self, server, session, envelope):
        port = server.transport.get_extra_info("sockname")[1]
        with self._lock:
            self.holding[port] += 1
        try:
            await asyncio.sleep(self.hold)
        finally:  # also when the client's death cancels this coroutine
            with self._lock:
                self.holding[port] -= 1
        if server.transport is None or server.transport.is_closing():
            return "451 client gone"  # nobody to tell: not delivered
        reply = getattr(envelope, "plan", "250 OK")
        if self.on_answer is not None:
            self.on_answer(reply)
        if reply.startswith("250"):
            found = MESSAGE_ID.search(envelope.original_content)
            with self._lock:
                self.accepted[found.group(1).decode() if found else "?"] += 1
        return reply

    def tally(self, notification_ids) -> dict:
        """Per notification: delivered (at least once), lost (never), sent twice (extra copies)."""
        expected = {message_id(pk) for pk in notification_ids}
        with self._lock:
            accepted = Counter(self.accepted)
        return {
            "expected": len(expected),
            "delivered": sum(1 for key in expected if accepted[key]),
            "lost": sum(1 for key in expected if not accepted[key]),
            "sent twice": sum(accepted[key] - 1 for key in expected if accepted[key] > 1),
            "unexpected": sorted(set(accepted) - expected),
        }

    def __enter__(self):
        for controller in self.controllers:
            controller.start()
        return self

    def __exit__(self, *exc):
        for controller in self.controllers:
            controller.stop()


# --- workers -------------------------------------------------------------------------------


def worker_database_url() -> str:
    """This process's (test) database, as the workers reach it, named for pg_stat_activity."""
    db = connection.settings_dict
    query = {"application_name": WORKER_APPLICATION_NAME}
    user = quote(db["USER"] or "postgres", safe="")
    if db["PASSWORD"]:
        user += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):  # a Unix socket (the embedded PostgreSQL of config.devstack)
        query["host"] = host
        return f"postgres://{user}@/{db['NAME']}?{urlencode(query)}"
    return f"postgres://{user}@{host}:{db['PORT'] or 5432}/{db['NAME']}?{urlencode(query)}"


class WorkerProcess:
    """A Celery worker (prefork pool) on the test database, in its own process group, so that
    SIGKILL takes its pool processes with it. Its log says when it is ready."""

    def __init__(self, name: str, *, env: dict, concurrency: int = 1):
        self.name = name
        self.env = env
        self.concurrency = concurrency
        self.log = Path(tempfile.mkdtemp(prefix="fault-worker-")) / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self._log_start = 0
        self.kills = 0

    def start(self) -> None:
        self._log_start = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool",
                    "prefork",
                    "--concurrency",
                    str(self.concurrency),
                    "--hostname",
                    f"{self.name}@%h",
                    "--loglevel",
                    "INFO",
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                ],
                cwd=BASE_DIR,
                env=self.env,
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def ready(self) -> bool:
        if not self.alive:
            return False
        with self.log.open("rb") as log:
            log.seek(self._log_start)
            return b" ready." in log.read()

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready:
            if time.monotonic() > deadline or not self.alive:
                raise RuntimeError(f"worker {self.name} did not start; see {self.log}")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the whole process group: no clean-up, no acknowledgement."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        self.kills += 1


class Workers:
    """Two worker processes, each sending through its own port of the mail server."""

    def __init__(self, *, mail: FaultyMailServer, broker_url: str, concurrency: int = 1, **env):
        base = {
            **os.environ,
            "DEBUG": "true",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker_url,
            # Longer than any scenario: a killed worker's task is recovered by the outbox's
            # sweep, not by the broker's redelivery.
            "CELERY_VISIBILITY_TIMEOUT": "600",
            "EMAIL_TIMEOUT": "10",
            **{key: str(value) for key, value in env.items()},
        }
        self.all = [
            WorkerProcess(name, env={**base, "EMAIL_URL": mail.url(n)}, concurrency=concurrency)
            for n, name in enumerate(("fault-0", "fault-1"))
        ]

    def __iter__(self):
        return iter(self.all)

    def start(self) -> None:
        for worker in self.all:
            if not worker.alive:
                worker.start()
        for worker in self.all:
            worker.wait_ready()

    def stop(self) -> None:
        for worker in self.all:
            worker.kill()


class FreezableRedis(StoppableRedis):
    """The broker's own Redis, which can also be frozen (SIGSTOP): it accepts connections (the
    kernel does) but answers nothing, like a hung server."""

    def flush(self) -> None:
        import redis

        redis.Redis(port=self.port).flushall()

    @contextmanager
    def frozen(self):
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)


# --- database ------------------------------------------------------------------------------


class DatabaseCutter:
    """Takes the test database away from the workers, from a connection of its own to the
    server's maintenance database (so its own cuts never hit it)."""

    def __init__(self):
        db = connection.settings_dict
        self.database = db["NAME"]
        self.admin = psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        self._lock = threading.Lock()
        self.cuts = 0

    def cut(self, *, everyone: bool = False) -> int:
        """pg_terminate_backend on the workers' connections (all of the database's with
        `everyone`: the sweep's too); returns how many were cut."""
        query = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
        params = [self.database]
        if not everyone:
            query += " AND application_name = %s"
            params.append(WORKER_APPLICATION_NAME)
        with self._lock:
            terminated = len(self.admin.execute(query, params).fetchall())
        self.cuts += terminated
        return terminated

    @contextmanager
    def cutting(self, every: tuple[float, float] = (0.3, 0.8)):
        """Cut the workers' connections at random intervals while the block runs."""
        stop = threading.Event()

        def run():
            while not stop.wait(random.uniform(*every)):
                self.cut()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()

    @contextmanager
    def away(self):
        """The database away, as if PostgreSQL were stopped: new connections to it refused, and
        every existing one (the sweep's too) cut, again and again while the block runs."""
        statement = sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}")
        with self._lock:
            self.admin.execute(statement.format(sql.Identifier(self.database), sql.SQL("false")))
        try:
            with self.cutting(every=(0.2, 0.2)):
                self.cut(everyone=True)
                yield self
        finally:
            with self._lock:
                self.admin.execute(statement.format(sql.Identifier(self.database), sql.SQL("true")))

    def close(self) -> None:
        self.admin.close()


# --- the outbox ----------------------------------------------------------------------------


def make_recipients(count: int, *, prefix: str = "recipient") -> list[User]:
    return User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", password="!", role="participant")
        for n in range(count)
    )


def queue_notifications(count: int, *, kinds: list[str], prefix: str = "recipient") -> list[int]:
    """`count` notifications due now, one per new recipient, of the kinds in turn; returns ids.
    Queued as the reminder rules queue them: the sweep hands them to the workers."""
    recipients = make_recipients(count, prefix=prefix)
    now = timezone.now()
    enqueue_many(
        [
            NotificationRequest(
                recipient_id=user.pk, kind=kinds[n % len(kinds)], reference=f"fault:{n}", due_at=now
            )
            for n, user in enumerate(recipients)
        ]
    )
    return list(Notification.objects.filter(recipient__in=recipients).values_list("pk", flat=True))


def sweep_until(done, *, timeout: float, every: float = 0.5, between=None) -> bool:
    """Run the outbox sweep as beat does (only more often) until done(); a sweep that meets a
    database outage fails, as beat's task would, and the next one tries again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            notifications_sweep()
            if between is not None:
                between()
            if done():
                return True
        except DatabaseError:
            connection.close()
        time.sleep(every)
    return False


def settled(ids=None) -> bool:
    """Every notification (of `ids`) sent, failed or suppressed: none waiting or in flight."""
    pending = Notification.objects.filter(state__in=PENDING)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    return not pending.exists()


def states() -> dict[str, int]:
    return dict(Counter(Notification.objects.values_list("state", flat=True)))
