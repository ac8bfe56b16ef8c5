"""Staff pages: who is due for follow-up, paper forms entered twice, and their differences."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import CARE_ROLES
from accounts.services import audit_record
from accounts.submission import once_per_submission
from assessments.access import Questionnaire, get_questionnaire_for_staff
from assessments.forms import NOT_ANSWERED, AnswersForm, FollowUpFilterForm
from assessments.pages import BODY_MAP, body_map_groups, item_views
from assessments.paper_selectors import differing_items, entry_slot, paper_entries, paper_worklist
from assessments.selectors import (
    due_participants,
    participant_assessments,
    timepoint_choices,
    web_response,
)
from assessments.services import QuestionnaireError, paper_entries_resolve, paper_entry_create
from assessments.wording import Wording, instrument_wording_or_none
from trial.access import get_participant_for_staff

care_staff = role_required(*CARE_ROLES)
FOLLOW_UP_PAGE_SIZE = 50


def _audit(request, action: str, participant=None, obj=None) -> None:
    audit_record(
        actor=request.user,
        action=action,
        participant=participant.user if participant is not None else None,
        obj=obj,
        request=request,
    )


@care_staff
@require_GET
def follow_up(request):
    form = FollowUpFilterForm(request.GET or None, timepoints=timepoint_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    rows = due_participants(
        request.user,
        timepoint_code=filters.get("timepoint", ""),
        state=filters.get("state", ""),
    )
    page = Paginator(rows, FOLLOW_UP_PAGE_SIZE).get_page(request.GET.get("page"))
    # A list of many participants: one audit row for the page, with its filters in the path.
    _audit(request, AuditEvent.Action.VIEW)
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request, "assessments/follow_up.html", {"form": form, "page": page, "query": query}
    )


@care_staff
@require_GET
def paper_checks(request):
    worklist = paper_worklist(request.user)
    _audit(request, AuditEvent.Action.VIEW)
    return render(request, "assessments/paper_checks.html", {"worklist": worklist})


@care_staff
@require_GET
def participant_overview(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    _audit(request, AuditEvent.Action.VIEW, participant, participant)
    context = {"participant": participant, "blocks": participant_assessments(participant)}
    return render(request, "assessments/staff_participant.html", context)


def _overview_redirect(q: Questionnaire):
    return redirect("assessments:staff_participant", participant_id=q.participant.pk)


@care_staff
@require_http_methods(["GET", "POST"])
@once_per_submission
def paper_entry(request, participant_id: int, timepoint_code: str, instrument_code: str):
    q = get_questionnaire_for_staff(request.user, participant_id, timepoint_code, instrument_code)
    entries = paper_entries(q.participant, q.timepoint, q.instrument.code)
    slot = entry_slot(
        entries, web_response(q.participant, q.timepoint, q.instrument.code), request.user
    )
    if request.method == "POST" and slot.number is None:
        messages.error(request, slot.refusal)
        return _overview_redirect(q)
    body_map = q.instrument.code == BODY_MAP
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        instrument=q.instrument,
        items=q.instrument.items,
        blank="zero" if body_map else "missing",
        require_any=not body_map,
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = paper_entry_create(
                participant=q.participant,
                timepoint=q.timepoint,
                instrument_code=q.instrument.code,
                answers=form.answers,
                entered_by=request.user,
            )
        except QuestionnaireError as error:
            messages.error(request, str(error))
            return _overview_redirect(q)
        _audit(request, AuditEvent.Action.CREATE, q.participant, entry)
        messages.success(request, _entry_message(q, entries, entry))
        return _overview_redirect(q)
    _audit(request, AuditEvent.Action.VIEW, q.participant, q.participant)
    wording = instrument_wording_or_none(q.instrument)
    views = item_views(q.instrument, q.instrument.items, wording, form, mode="paper")
    context = {
        "q": q,
        "slot": slot,
        "form": form,
        "wording_missing": wording is None,
        "items": views,
        "body_map_groups": body_map_groups(views) if body_map else [],
    }
    return render(request, "assessments/paper_entry.html", context)


def _entry_message(q: Questionnaire, entries: dict, entry) -> str:
    if entry.entry_number == 1:
        return _(
            "Entry 1 of the paper form is saved. Another staff member now makes the second, "
            "independent entry."
        )
    differing = differing_items(q.instrument, entries[1], entry)
    if not differing:
        return _("Entry 2 agrees with entry 1 on every question: the paper form is verified.")
    return ngettext(
        "Entry 2 differs from entry 1 on %(count)d question. Check the paper form and resolve it.",
        "Entry 2 differs from entry 1 on %(count)d questions. Check the paper form and resolve "
        "them.",
        len(differing),
    ) % {"count": len(differing)}


def _shown(wording: Wording | None, number: int, value: int | None) -> str:
    if value is None:
        return _("not answered")
    label = wording.label(number, value) if wording else str(value)
    return str(value) if label == str(value) else f"{value} - {label}"


@care_staff
@require_http_methods(["GET", "POST"])
@once_per_submission
def paper_resolve(request, participant_id: int, timepoint_code: str, instrument_code: str):
    q = get_questionnaire_for_staff(request.user, participant_id, timepoint_code, instrument_code)
    entries = paper_entries(q.participant, q.timepoint, q.instrument.code)
    first, second = entries.get(1), entries.get(2)
    if first is None or second is None or first.verified:
        messages.info(request, _("This paper form has no differences to resolve."))
        return _overview_redirect(q)
    differing = differing_items(q.instrument, first, second)
    form = AnswersForm(
        request.POST if request.method == "POST" else None,
        instrument=q.instrument,
        items=tuple(q.instrument.item(n) for n in differing),
        blank="refused",
    )
    if request.method == "POST" and form.is_valid():
        try:
            resolved = paper_entries_resolve(
                participant=q.participant,
                timepoint=q.timepoint,
                instrument_code=q.instrument.code,
                answers=form.answers,
                resolved_by=request.user,
            )
        except QuestionnaireError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        _audit(request, AuditEvent.Action.UPDATE, q.participant, resolved)
        messages.success(request, _("The paper form is verified with the answers you chose."))
        return _overview_redirect(q)
    _audit(request, AuditEvent.Action.VIEW, q.participant, first)
    wording = instrument_wording_or_none(q.instrument)
    controls = {
        view.number: view
        for view in item_views(q.instrument, form.items, wording, form, mode="resolve")
    }
    a, b = first.item_answers, second.item_answers
    rows = [
        {
            "number": n,
            "text": wording.texts[n] if wording else "",
            "first": _shown(wording, n, a.get(n)),
            "second": _shown(wording, n, b.get(n)),
            "control": controls.get(n),
        }
        for n in q.instrument.item_numbers
    ]
    context = {
        "q": q,
        "first": first,
        "second": second,
        "rows": rows,
        "differing": len(differing),
        "form": form,
        "not_answered": NOT_ANSWERED,
    }
    return render(request, "assessments/resolve.html", context)
