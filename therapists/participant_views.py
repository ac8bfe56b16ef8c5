"""The participant's own message page: their thread with the care team."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from therapists.forms import MessageForm
from therapists.models import Message
from therapists.selectors import thread_messages
from therapists.services import InboxError, message_send, thread_mark_read
from therapists.views import last_page
from trial.access import get_own_participant
from trial.models import Arm, Participant


def can_write(participant: Participant) -> bool:
    return participant.therapist_id is not None and (
        participant.status != Participant.Status.WITHDRAWN
    )


@role_required(Role.PARTICIPANT)
@require_http_methods(["GET", "POST"])
def my_messages(request):
    participant = get_own_participant(request.user)
    writable = can_write(participant)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        if not writable:
            messages.error(request, _("You cannot send messages here at the moment."))
            return redirect("therapists:my_messages")
        if form.is_valid():
            try:
                _message, created = message_send(
                    participant=participant,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except InboxError as error:
                form.add_error(None, str(error))
            else:
                if created:
                    messages.success(
                        request, _("Your message was sent. Your therapist will answer it.")
                    )
                else:
                    messages.info(request, _("This message had already been sent."))
                return redirect("therapists:my_messages")
    else:
        thread_mark_read(participant=participant, reader_side=Message.Side.PARTICIPANT)
    context = {
        "participant": participant,
        "page": last_page(thread_messages(participant), request.GET.get("page")),
        "form": form,
        "can_write": writable,
        # The control arm has no therapist: the page says whom to ask instead.
        "without_therapist": participant.arm == Arm.CONTROL and not writable,
        "emergency_numbers": settings.EMERGENCY_NUMBERS,
        "reply_days": settings.REPLY_WITHIN_WORKING_DAYS,
    }
    return render(request, "therapists/my_messages.html", context)
