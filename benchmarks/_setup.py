"""Shared set-up for benchmarks: Django on a throwaway database, and a few measuring helpers."""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()

from django.test.utils import setup_databases, teardown_databases  # noqa: E402


@contextmanager
def throwaway_database():
    """A fresh, migrated test_<name> database, dropped afterwards."""
    config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


@contextmanager
def timed(results: dict, name: str):
    start = time.perf_counter()
    yield
    results[name] = time.perf_counter() - start


def peak_rss_mb() -> float:
    """This process's own peak resident memory (the kernel's VmHWM). Not getrusage's
    ru_maxrss: Linux carries the parent's peak into a child at exec, so a child could never
    report less than its parent."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM missing from /proc/self/status")
