"""Access helpers: each takes the user and returns the object or raises 404.

Participants themselves come from trial.access (get_participant_for_staff, get_own_participant).
Everything about a participant is looked up within trial.selectors.participants_visible_to, so
for a therapist only their own and covered participants exist; an id that belongs to someone
else is a 404 exactly like one that does not exist.
"""

from django.shortcuts import get_object_or_404

from accounts.models import User
from therapists.models import CoverPeriod, MessageTemplate, SafetyFlag
from trial.selectors import participants_visible_to


def get_safety_flag_for_staff(user: User, flag_id: int) -> SafetyFlag:
    return get_object_or_404(
        SafetyFlag.objects.select_related("participant__user"),
        pk=flag_id,
        participant__in=participants_visible_to(user).values("pk"),
    )


def get_template_for_owner(user: User, template_id: int) -> MessageTemplate:
    """A template the user may change: only their own."""
    return get_object_or_404(MessageTemplate, pk=template_id, owner=user)


def get_cover_period(user: User, cover_id: int) -> CoverPeriod:
    """Cover periods are managed by coordinators (the view's role check); any one of them."""
    return get_object_or_404(CoverPeriod, pk=cover_id)
