"""The study's part of a participant's account page, which the accounts app cannot import.

{% load participation %}{% participation_on_account %}: once they have consented, a copy of
their consent, and the way to withdraw (or when they did).
"""

from django import template

from trial.models import Participant

register = template.Library()


@register.inclusion_tag("trial/_account_participation.html", takes_context=True)
def participation_on_account(context) -> dict:
    participant = (
        Participant.objects.select_related("consent")
        .filter(user=context["request"].user, consent__isnull=False)
        .first()
    )
    if participant is None:
        return {}
    return {
        "consent": participant.consent,
        "withdrawn": participant.status == Participant.Status.WITHDRAWN,
        "withdrawn_at": participant.withdrawn_at,
    }
