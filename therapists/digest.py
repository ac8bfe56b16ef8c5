"""The therapists' daily digest: how much on their caseload waits for them, in numbers only."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from notifications.services import enqueue
from therapists.caseload import caseload_counts, caseload_for
from therapists.selectors import user_zone
from trial.services import reminder_policy_for, study_default

DIGEST_FIGURES = ("awaiting_reply", "overdue", "feedback", "inactive", "safety")


def therapist_digests_queue(*, now: dt.datetime | None = None) -> int:
    """Queue today's digest for every therapist whose digest hour has come (working days).

    Runs hourly; each therapist gets at most one digest per local day, and none when nothing
    on their caseload waits.
    """
    now = now or timezone.now()
    policy = reminder_policy_for(study_default())
    queued = 0
    for therapist in User.objects.filter(role=Role.THERAPIST, is_active=True):
        local = now.astimezone(user_zone(therapist))
        if local.weekday() >= 5 or local.hour < policy.therapist_digest_hour:
            continue
        counts = caseload_counts(caseload_for(therapist, now=now))
        figures = {name: counts.get(name, 0) for name in DIGEST_FIGURES}
        if not any(figures.values()):
            continue
        if enqueue(
            recipient=therapist,
            kind="therapist_digest",
            reference=f"digest:{local.date().isoformat()}",
            context=figures,
        ):
            queued += 1
    return queued
