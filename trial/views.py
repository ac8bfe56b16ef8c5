"""Participant pages of the trial flow (screening, consent, withdrawal) and staff pages."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import CARE_ROLES, Role
from accounts.services import audit_record, client_ip
from accounts.submission import once_per_submission
from assessments.instruments import LicensedTextMissing, load_licensed_options, load_licensed_texts
from config.forms import form_data
from config.rendering import render_markdown
from notifications.selectors import notifications_for
from trial.access import get_participant_for_staff
from trial.forms import ConsentForm, ScreeningForm, StaffParticipantFilterForm, WithdrawalForm
from trial.models import Participant
from trial.onboarding import onboarding_steps
from trial.selectors import (
    participants_awaiting_care_team,
    participants_search,
    participants_visible_to,
    studies,
)
from trial.services import (
    ScreeningAnswers,
    TrialError,
    consent_give,
    consent_version_current,
    participant_randomize,
    participant_register,
    participant_withdraw,
    screening_submit,
)

participant_required = role_required(Role.PARTICIPANT)
WITHDRAWABLE = {Participant.Status.CONSENTED, Participant.Status.RANDOMIZED}
AWAITING_SHOWN = 25  # the longest waiting; assigning them brings up the next


@participant_required
@require_GET
def participant_home(request):
    participant = participant_register(user=request.user)
    context = {
        "participant": participant,
        "steps": onboarding_steps(participant),
        "can_withdraw": participant.status in WITHDRAWABLE,
    }
    return render(request, "trial/participant_home.html", context)


@participant_required
@require_GET
def allocation(request):
    """The participant's group in plain words and their care team, or when it comes: where
    they land right after randomization, and later from their start page."""
    participant = participant_register(user=request.user)
    if participant.randomized_at is None:
        return redirect("trial:participant_home")
    context = {
        "participant": participant,
        "automatic": participant.study.assign_care_teams_automatically,
        "within_days": settings.CARE_TEAM_WITHIN_WORKING_DAYS,
    }
    return render(request, "trial/allocation.html", context)


def _hads_texts():
    """The site's licensed HADS texts, or None when the site has not installed them."""
    try:
        texts = load_licensed_texts("hads", settings.INSTRUMENT_TEXTS_DIR, get_language())
        labels = load_licensed_options("hads", settings.INSTRUMENT_TEXTS_DIR, get_language())
    except LicensedTextMissing:
        return None, None
    return texts, labels


@participant_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def screening(request):
    participant = participant_register(user=request.user)
    if participant.status != Participant.Status.REGISTERED:
        return redirect("trial:participant_home")
    texts, labels = _hads_texts()
    if texts is None:
        return render(request, "trial/screening_unavailable.html", status=503)
    form = ScreeningForm(
        form_data(request), study=participant.study, hads_texts=texts, hads_labels=labels
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = ScreeningAnswers(
            age=data["age"],
            pain_months=data["pain_months"],
            pain_widespread=data["pain_widespread"] == "yes",
            site_code=data["site"].code,
            reads_language=data["reads_language"] == "yes",
            has_device=data["has_device"] == "yes",
            serious_disease=data["serious_disease"] == "yes",
            hads_items=form.hads_items(),
        )
        try:
            screening_submit(participant=participant, answers=answers)
        except TrialError as error:
            messages.error(request, str(error))
        return redirect("trial:participant_home")
    return render(request, "trial/screening.html", {"form": form})


@participant_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def consent(request):
    participant = participant_register(user=request.user)
    if participant.status != Participant.Status.ELIGIBLE:
        return redirect("trial:participant_home")
    version = consent_version_current(study=participant.study, language=get_language())
    form = ConsentForm(form_data(request), consent_version=version)
    if request.method == "POST" and form.is_valid():
        try:
            consent_give(
                participant=participant,
                consent_version=version,
                accepted_items=form.accepted_items(),
                ip_address=client_ip(request),
            )
        except TrialError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you. Your consent is recorded; you can download a copy at any time."),
            )
        return redirect("trial:participant_home")
    return render(
        request,
        "trial/consent.html",
        {"form": form, "version": version, "text_html": render_markdown(version.text)},
    )


@participant_required
@require_GET
def consent_copy(request):
    participant = participant_register(user=request.user)
    if not hasattr(participant, "consent"):
        return redirect("trial:participant_home")
    record = participant.consent
    version = record.consent_version
    lines = [
        f"{version.study.name} ({version.study.registry_id})",
        _("Consent text version %(version)s") % {"version": version.version},
        _("Given on %(when)s")
        % {"when": date_format(timezone.localtime(record.consented_at), "DATETIME_FORMAT")},
        _("Participant code: %(code)s") % {"code": participant.code},
        "",
        version.text,
        "",
    ]
    for item in version.items:
        mark = "[x]" if item["key"] in record.accepted_items else "[ ]"
        lines.append(f"{mark} {item['text']}")
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consent-{participant.code}.txt"'
    return response


@participant_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def withdraw(request):
    participant = participant_register(user=request.user)
    form = WithdrawalForm(form_data(request))
    # Before consent there is nothing to withdraw from: the person simply goes no further.
    if participant.status not in WITHDRAWABLE:
        return redirect("trial:participant_home")
    if request.method == "POST" and form.is_valid():
        participant_withdraw(
            participant=participant,
            by=request.user,
            data_use=form.cleaned_data["data_use"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("You have withdrawn from the study. Thank you for your time."))
        return redirect("trial:participant_home")
    return render(request, "trial/withdraw.html", {"form": form})


@role_required(*CARE_ROLES)
@require_GET
def staff_participants(request):
    form = StaffParticipantFilterForm(request.GET, studies=studies())
    page = None
    if form.is_valid():  # a search that does not hold shows its error, not every participant
        found = participants_search(participants_visible_to(request.user), **form.cleaned_data)
        page = Paginator(found.order_by("code"), 50).get_page(request.GET.get("page"))
        # Names and email addresses of many participants: one audit row for the page, with
        # the search in its path.
        audit_record(
            actor=request.user, action=AuditEvent.Action.VIEW, participant=None, request=request
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    if request.user.role == Role.COORDINATOR or request.user.is_superuser:
        # Coordinators land here: who still waits for a care team comes first.
        awaiting = participants_awaiting_care_team(request.user)
        shown = list(awaiting[:AWAITING_SHOWN])
        context["awaiting"] = shown
        context["awaiting_count"] = len(shown) if len(shown) < AWAITING_SHOWN else awaiting.count()
    return render(request, "trial/staff_participants.html", context)


@role_required(*CARE_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def staff_participant_detail(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    if request.method == "POST":
        return _staff_action(request, participant)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        participant=participant.user,
        obj=participant,
        request=request,
    )
    context = {
        "participant": participant,
        "screening": getattr(participant, "screening", None),
        "consent": getattr(participant, "consent", None),
        "withdraw_form": WithdrawalForm(),
        "reminders": notifications_for(participant.user)[:50],
        "can_randomize": request.user.role == Role.COORDINATOR or request.user.is_superuser,
    }
    return render(request, "trial/staff_participant_detail.html", context)


def _staff_action(request, participant):
    action = request.POST.get("action")
    is_coordinator = request.user.role == Role.COORDINATOR or request.user.is_superuser
    try:
        if action == "randomize" and is_coordinator:
            slot = participant_randomize(participant=participant, by=request.user)
            messages.success(
                request, _("Randomized to: %(arm)s.") % {"arm": slot.get_arm_display()}
            )
        elif action == "withdraw" and is_coordinator:
            form = WithdrawalForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose what may be kept and confirm the withdrawal."))
                return redirect("trial:staff_participant_detail", participant_id=participant.pk)
            participant_withdraw(
                participant=participant,
                by=request.user,
                data_use=form.cleaned_data["data_use"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The participant is withdrawn."))
        else:
            return HttpResponse(status=403)
    except TrialError as error:
        messages.error(request, str(error))
    else:
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.UPDATE,
            participant=participant.user,
            obj=participant,
            request=request,
        )
    return redirect("trial:staff_participant_detail", participant_id=participant.pk)
