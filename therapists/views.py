"""Therapist pages: the caseload, a participant's message thread, safety flags, time on task.

Every page that shows or changes a participant's data writes an audit row: VIEW when shown,
CREATE or UPDATE when changed; the caseload writes one row for the list as a whole.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.services import audit_record
from accounts.submission import once_per_submission
from therapists.access import get_safety_flag_for_staff
from therapists.care import therapist_time_add
from therapists.caseload import (
    FLAGS,
    caseload_counts,
    caseload_filtered,
    caseload_for,
    caseload_row,
)
from therapists.forms import FlagResolveForm, ReplyForm
from therapists.merge_fields import merge_values, template_render
from therapists.models import Message
from therapists.safety import safety_flag_resolve
from therapists.selectors import (
    current_module,
    open_safety_flags,
    score_changes,
    sent_worksheets,
    service_level_for,
    submitted_worksheets,
    templates_for,
    thread_messages,
    user_zone,
)
from therapists.services import InboxError, message_send, thread_mark_handled, thread_mark_read
from therapists.working_days import working_deadline
from trial.access import get_participant_for_staff

therapist_required = role_required(Role.THERAPIST)
MESSAGES_PER_PAGE = 50
PARTICIPANTS_PER_PAGE = 50


def audit_participant(request, action: str, participant, obj=None) -> None:
    """One audit row; `participant` None for a list of many participants."""
    audit_record(
        actor=request.user,
        action=action,
        participant=participant.user if participant is not None else None,
        obj=obj,
        request=request,
    )


def last_page(queryset, number: str | None, per_page: int = MESSAGES_PER_PAGE):
    """A page of a conversation; without a page number, the newest messages."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(number or paginator.num_pages)


@therapist_required
@require_GET
def caseload(request):
    flag = request.GET.get("flag", "")
    flag = flag if flag in FLAGS else ""
    search = request.GET.get("q", "").strip()[:50]
    withdrawn = request.GET.get("withdrawn") == "1"
    now = timezone.now()
    rows = caseload_for(request.user, now=now, search=search, withdrawn=withdrawn)
    shown = caseload_filtered(rows, flag)
    page = Paginator(shown, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    audit_participant(request, AuditEvent.Action.VIEW, None)
    params = {key: value for key, value in (("flag", flag), ("q", search)) if value}
    if withdrawn:
        params["withdrawn"] = "1"
    context = {
        "page": page,
        "flag": flag,
        "search": search,
        "withdrawn": withdrawn,
        "counts": caseload_counts(rows),
        "query": urlencode(params),
        "service_level": service_level_for(request.user, now=now),
    }
    return render(request, "therapists/caseload.html", context)


def _worksheet_choices(participant) -> list:
    worksheets = list(submitted_worksheets(participant))
    for answer in worksheets:
        values = {
            "number": answer.module.number,
            "title": answer.title or answer.worksheet_key,
            "when": formats.date_format(timezone.localtime(answer.submitted_at), "DATE_FORMAT"),
        }
        if answer.feedback_count:
            label = _("Module %(number)s: %(title)s, sent %(when)s (has feedback)")
        else:
            label = _("Module %(number)s: %(title)s, sent %(when)s")
        answer.choice_label = label % values
    return worksheets


def _initial_reply(request, templates: list) -> dict:
    initial = {}
    worksheet = request.GET.get("worksheet", "")
    if worksheet.isdigit():
        initial["worksheet"] = int(worksheet)
    chosen = request.GET.get("template", "")
    for template in templates:
        if str(template.pk) == chosen:
            initial["body"] = template.rendered
    return initial


def _reply(request, participant, worksheets: list):
    """Send the posted reply; a redirect when done, else the form with its errors."""
    form = ReplyForm(request.POST, worksheets=worksheets)
    if not form.is_valid():
        return form
    answer = next((a for a in worksheets if a.pk == form.cleaned_data["worksheet"]), None)
    try:
        message, created = message_send(
            participant=participant,
            author=request.user,
            body=form.cleaned_data["body"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            worksheet_answer=answer,
        )
    except InboxError as error:
        form.add_error(None, str(error))
        return form
    if created:
        audit_participant(request, AuditEvent.Action.CREATE, participant, message)
        messages.success(request, _("Your message was sent."))
    else:
        messages.info(request, _("This message had already been sent; it is kept once."))
    return redirect("therapists:thread", participant_id=participant.pk)


@therapist_required
@require_http_methods(["GET", "POST"])
def thread(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    worksheets = _worksheet_choices(participant)
    templates = list(templates_for(request.user))
    values = merge_values(participant, current_module(participant))
    for template in templates:
        template.rendered = template_render(template.body, values)
    if request.method == "POST":
        form = _reply(request, participant, worksheets)
        if not isinstance(form, ReplyForm):
            return form
    else:
        initial = _initial_reply(request, templates)
        form = ReplyForm(initial=initial, worksheets=worksheets)
        thread_mark_read(participant=participant, reader_side=Message.Side.CARE_TEAM)
    summary = caseload_row(request.user, participant)
    deadline = None
    if summary.awaiting_reply_since:
        deadline = working_deadline(summary.awaiting_reply_since, user_zone(request.user))
    audit_participant(request, AuditEvent.Action.VIEW, participant, participant)
    context = {
        "participant": participant,
        "summary": summary,
        "deadline": deadline,
        "page": last_page(thread_messages(participant), request.GET.get("page")),
        "form": form,
        "templates": templates,
        "waiting_worksheets": [answer for answer in worksheets if not answer.feedback_count],
        "flags": open_safety_flags(participant),
        "flag_form": FlagResolveForm(),
        "scores": score_changes(participant),
        "module": values["current_module"],
    }
    return render(request, "therapists/thread.html", context)


@therapist_required
@require_GET
def worksheets(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    audit_participant(request, AuditEvent.Action.VIEW, participant, participant)
    context = {"participant": participant, "answers": sent_worksheets(participant)}
    return render(request, "therapists/worksheets.html", context)


@therapist_required
@require_POST
@once_per_submission
def thread_handled(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    thread_obj = thread_mark_handled(participant=participant, by=request.user)
    audit_participant(request, AuditEvent.Action.UPDATE, participant, thread_obj)
    messages.success(
        request,
        _("%(code)s is marked as handled: nothing waits for a reply now.")
        % {"code": participant.code},
    )
    return redirect("therapists:caseload")


@therapist_required
@require_POST
@once_per_submission
def flag_resolve(request, flag_id: int):
    flag = get_safety_flag_for_staff(request.user, flag_id)
    form = FlagResolveForm(request.POST)
    url = reverse("therapists:thread", kwargs={"participant_id": flag.participant_id})
    if not form.is_valid():
        messages.error(request, form.errors["note"][0])
        return redirect(url + "#safety")
    safety_flag_resolve(flag=flag, by=request.user, note=form.cleaned_data["note"])
    audit_participant(request, AuditEvent.Action.UPDATE, flag.participant, flag)
    messages.success(request, _("The safety flag is closed."))
    return redirect(url)


@therapist_required
@require_POST
def time_beat(request, participant_id: int):
    """Heartbeat from a participant's page that is visible and in use; idle tabs send none."""
    participant = get_participant_for_staff(request.user, participant_id)
    try:
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        return HttpResponse(status=400)
    therapist_time_add(therapist=request.user, participant=participant, seconds=seconds)
    return HttpResponse(status=204)
