"""The daily reminder rules for N synthetic participants: time, memory, broker messages, duplicates.

Run by hand, not in the timed test suite (it builds its own throwaway database):

    uv run python -m config.devstack bench benchmarks/reminders_fanout.py --participants 100000

Figures are printed against a baseline measured in the same run: PostgreSQL's COPY of the same
number of notification rows (the floor for writing them), and one broker message per reminder
(what a task per participant would cost). Goal: 100,000 reminders queued in under 5 s with at
most 500 broker messages and no duplicates.
"""

import argparse
import tracemalloc
from datetime import timedelta

from _setup import peak_rss_mb, throwaway_database, timed
from django.db import connection
from django.utils import timezone
from redis import Redis

from accounts.models import User
from config.celery_app import app as celery_app
from modules.models import ProgrammeEnrolment
from modules.services import inactivity_reminders_queue
from notifications.models import Notification
from notifications.services import notifications_sweep
from trial.models import Arm, Participant
from trial.services import reminder_policy_for, study_default

QUEUE = "celery"


def populate(count: int) -> None:
    """Randomized intervention participants, idle for 3 to 20 days."""
    study = study_default()
    policy = reminder_policy_for(study)
    policy.waking_start_hour, policy.waking_end_hour = 0, 24  # every reminder due at once
    policy.save()
    now = timezone.now()
    for start in range(0, count, 10_000):
        numbers = range(start, min(start + 10_000, count))
        # "!" is Django's mark for an unusable password.
        users = User.objects.bulk_create(
            User(email=f"bench{n}@example.org", password="!", role="participant")  # noqa: S106
            for n in numbers
        )
        participants = Participant.objects.bulk_create(
            Participant(
                user=u,
                study=study,
                code=f"B-{n:08d}",
                status="randomized",
                arm=Arm.INTERVENTION,
                randomized_at=now - timedelta(days=30),
            )
            for n, u in zip(numbers, users, strict=True)
        )
        ProgrammeEnrolment.objects.bulk_create(
            ProgrammeEnrolment(
                participant=p,
                starts_at=now - timedelta(days=30),
                last_activity_at=now - timedelta(days=3 + n % 18),
            )
            for n, p in zip(numbers, participants, strict=True)
        )


def copy_baseline(count: int) -> None:
    """Write `count` rows of a notification's shape with COPY, the fastest way in."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE copy_baseline (recipient_id bigint, kind text, "
            "reference text, channel text, due_at timestamptz)"
        )
        with cursor.copy("COPY copy_baseline FROM STDIN") as copy:
            for n in range(count):
                copy.write_row((n, "inactivity", f"inactivity:{n}:1", "email", now))
        cursor.execute("DROP TABLE copy_baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    args = parser.parse_args()
    broker = Redis.from_url(celery_app.conf.broker_url)
    results: dict[str, float] = {}
    with throwaway_database():
        with timed(results, "populate"):
            populate(args.participants)
        with timed(results, "copy_baseline"):
            copy_baseline(args.participants)
        broker.delete(QUEUE)
        with timed(results, "evaluate_and_queue"):
            queued = inactivity_reminders_queue()
        with timed(results, "hand_to_broker"):
            notifications_sweep()
        messages = broker.llen(QUEUE)
        broker.delete(QUEUE)
        # Memory is traced on the second run (same evaluation, every key already there):
        # tracing slows Python down too much to trace the timed run.
        tracemalloc.start()
        with timed(results, "second_evaluation"):
            again = inactivity_reminders_queue()
        _current, peak_python = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) - count(DISTINCT (recipient_id, kind, reference)) "
                "FROM notifications_notification"
            )
            duplicates = cursor.fetchone()[0]
        rows = Notification.objects.count()

    total = results["evaluate_and_queue"] + results["hand_to_broker"]
    print(f"participants                     {args.participants:>10,}")
    print(f"reminders queued                 {queued:>10,}  (rows in the outbox: {rows:,})")
    print(f"evaluate + queue                 {results['evaluate_and_queue']:>10.2f} s")
    print(f"hand to broker                   {results['hand_to_broker']:>10.2f} s")
    print(f"total                            {total:>10.2f} s  (goal < 5 s)")
    print(f"COPY of the same rows (baseline) {results['copy_baseline']:>10.2f} s")
    print(f"ratio total / COPY               {total / results['copy_baseline']:>10.1f} x")
    print(
        f"broker messages                  {messages:>10,}  (goal <= 500; a task per "
        f"participant: {queued:,}, ratio {messages / max(queued, 1):.4f})"
    )
    print(
        f"queued again on a second run     {again:>10,}  "
        f"({results['second_evaluation']:.2f} s, traced)"
    )
    print(f"duplicate keys                   {duplicates:>10,}  (must be 0)")
    print(f"peak Python allocations (traced) {peak_python / 2**20:>10.1f} MiB")
    print(f"peak RSS of the process          {peak_rss_mb():>10.1f} MiB")


if __name__ == "__main__":
    main()
