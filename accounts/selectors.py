from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import AuditEvent


def audit_events_filtered(
    *,
    actor: str = "",
    participant: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit rows matching the filters; dates are whole days in the current time zone."""
    events = AuditEvent.objects.select_related("actor", "participant")
    if actor:
        events = events.filter(actor__email__icontains=actor)
    if participant:
        events = events.filter(participant__email__icontains=participant)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until:
        next_day = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=next_day)
    return events
