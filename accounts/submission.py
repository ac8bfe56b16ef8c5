"""One mechanism that makes every state-changing form safe to send twice.

Each such form carries a one-time key (`{% load submission %}{% submission_key %}` inside the
<form>); its view is wrapped in `@once_per_submission`. The first POST with a key records it
before the view runs (a unique row per user and key, so of two simultaneous sends only one gets
through); a repeat is not handed to the view but sent where the first one led. When the first
send did not succeed (the form came back with errors) the key is released, so the corrected form
can be sent. POSTs without a key (scripts, autosave) are handled as before.
"""

import uuid
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import FormSubmission

FIELD = "submission_key"
KEEP_FOR = timedelta(days=2)


def _key(request) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def once_per_submission(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = _key(request) if request.method == "POST" else None
        if key is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(user=request.user, key=key)
        except IntegrityError:
            first = FormSubmission.objects.filter(user=request.user, key=key).first()
            messages.info(request, _("You had already sent this form; it was saved once."))
            return redirect((first.outcome_url if first else "") or request.get_full_path())
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):
            FormSubmission.objects.filter(pk=submission.pk).update(outcome_url=response["Location"])
        else:
            submission.delete()  # not applied: the corrected form may use the same key
        return response

    return wrapper


def submissions_forget_old(*, now=None) -> int:
    """Keys are only needed while a repeat can still arrive; forget them after two days."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    deleted, _per_model = FormSubmission.objects.filter(submitted_at__lt=cutoff).delete()
    return deleted
