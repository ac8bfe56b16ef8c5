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
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import CARE_ROLES, Role
from accounts.services import audit_record, client_ip
from assessments.instruments import LicensedTextMissing, load_licensed_options, load_licensed_texts
from config.forms import form_data
from config.rendering import render_markdown
from notifications.selectors import notifications_for
from trial.access import get_participant_for_staff
from trial.forms import ConsentForm, ScreeningForm, WithdrawalForm
from trial.models import Participant
from trial.selectors import participants_visible_to
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


@participant_required
def participant_home(request):
    participant = participant_register(user=request.user)
    return render(request, "trial/participant_home.html", {"participant": participant})


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
def withdraw(request):
    participant = participant_register(user=request.user)
    form = WithdrawalForm(form_data(request))
    if participant.status == Participant.Status.WITHDRAWN:
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
def staff_participants(request):
    participants = participants_visible_to(request.user).order_by("code")
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    return render(request, "trial/staff_participants.html", {"page": page})


@role_required(*CARE_ROLES)
@require_http_methods(["GET", "POST"])
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
