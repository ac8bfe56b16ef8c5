"""{% submission_key %}: the one-time key of a state-changing form (accounts.submission)."""

import uuid

from django import template
from django.utils.html import format_html

from accounts.submission import FIELD

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())
