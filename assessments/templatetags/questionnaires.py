"""Questionnaire progress shown on other apps' pages, which cannot import this app's code.

{% load questionnaires %} then {% baseline_progress participant as progress %}: the study's
first timepoint with how many of its questionnaires are done (2 queries); and on the
programme's dashboard {% questionnaires_due participant as due %}: the timepoints the
participant should answer now (2 queries).
"""

from django import template

from assessments import selectors
from assessments.selectors import BaselineProgress
from trial.models import Participant

register = template.Library()


@register.simple_tag
def baseline_progress(participant: Participant) -> BaselineProgress | None:
    return selectors.baseline_progress(participant)


@register.simple_tag
def questionnaires_due(participant: Participant) -> list[selectors.TimepointStatus]:
    """Open or overdue timepoints that are not complete; none once the participant has left."""
    if participant.status == Participant.Status.WITHDRAWN:
        return []
    due = {selectors.TimepointState.OPEN, selectors.TimepointState.OVERDUE}
    return [status for status in selectors.timepoint_statuses(participant) if status.status in due]
