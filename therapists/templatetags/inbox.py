"""Inbox pieces shown on the programme's pages, which cannot import this app's code.

{% load inbox %} then {% unread_messages_notice %} (participant dashboard),
{% worksheet_feedback answer %} (a sent worksheet in a module), and on a list of answers
{% feedback_by_answer answers as feedback %} ... {% feedback_list feedback|get_item:answer.pk %},
which costs one query for the whole list.
"""

from django import template

from therapists.selectors import feedback_for_answers

register = template.Library()


@register.inclusion_tag("therapists/_unread_notice.html", takes_context=True)
def unread_messages_notice(context) -> dict:
    # Counted once per page by therapists.context_processors.unread_messages (the menu's badge).
    return {"unread": context.get("unread_messages", 0)}


@register.inclusion_tag("therapists/_worksheet_feedback.html")
def worksheet_feedback(answer) -> dict:
    if answer is None or answer.submitted_at is None:
        return {"feedback": []}
    return {"feedback": feedback_for_answers([answer.pk]).get(answer.pk, [])}


@register.simple_tag
def feedback_by_answer(answers) -> dict:
    return feedback_for_answers([answer.pk for answer in answers])


@register.inclusion_tag("therapists/_worksheet_feedback.html")
def feedback_list(feedback) -> dict:
    return {"feedback": feedback or []}
