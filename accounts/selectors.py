from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import AuditEvent, User
from accounts.roles import STAFF_ROLES, Role
from notifications.models import NotificationPreference


def has_authenticator_app(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def account_overview(*, user: User) -> dict:
    """What the account page shows of `user`'s own settings, and nobody else's."""
    overview = {
        "email_address": EmailAddress.objects.filter(user=user, primary=True).first(),
        "has_authenticator_app": has_authenticator_app(user),
    }
    if user.role == Role.PARTICIPANT:
        # Someone who never saved a choice has the model's defaults.
        overview["reminders"] = NotificationPreference.objects.filter(
            user=user
        ).first() or NotificationPreference(user=user)
    return overview


def staff_members() -> QuerySet[User]:
    """Everyone who may appear in the audit log as the one who acted."""
    return User.objects.filter(Q(role__in=STAFF_ROLES) | Q(is_superuser=True)).order_by(
        "first_name", "last_name", "email"
    )


def audit_events_filtered(
    *,
    actor: User | None = None,
    participant: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit rows matching the filters; `participant` is a participant code, and dates are
    whole days in the current time zone."""
    # participant__participant is trial's record of the person (a reverse relation, so this
    # app imports nothing from trial); the rows name participants by its code.
    events = AuditEvent.objects.select_related("actor", "participant__participant")
    if actor:
        events = events.filter(actor=actor)
    if participant:
        events = events.filter(participant__participant__code=participant)
    if action:
        events = events.filter(action=action)
    zone = timezone.get_current_timezone()
    if since:
        events = events.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=zone))
    if until and until < date.max:  # the last possible day has no next day to stop before
        next_day = datetime.combine(until + timedelta(days=1), time.min, tzinfo=zone)
        events = events.filter(occurred_at__lt=next_day)
    return events
