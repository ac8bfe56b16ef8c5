from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from notifications.models import Notification


def notifications_for(recipient) -> QuerySet[Notification]:
    """What was intended for one person, and what became of it, newest first."""
    return Notification.objects.filter(recipient=recipient).order_by("-due_at")


def delivery_figures(*, days: int = 30) -> list[dict]:
    """Per day of intended sending (in the current zone): how many notifications per state."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        Notification.objects.filter(due_at__gte=since)
        .annotate(day=TruncDate("due_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "state")
        .annotate(n=Count("id"))
    )
    by_day = defaultdict(lambda: dict.fromkeys(Notification.State.values, 0))
    for row in rows:
        by_day[row["day"]][row["state"]] = row["n"]
    return [{"day": day, **counts} for day, counts in sorted(by_day.items(), reverse=True)]
