"""Reads for researchers: aggregate figures only, never an identifiable record."""

from django.db.models import Count

from trial.models import Participant


def participant_counts_by_status_and_arm() -> list[dict]:
    return list(
        Participant.objects.values("status", "arm")
        .annotate(n=Count("id"))
        .order_by("status", "arm")
    )
