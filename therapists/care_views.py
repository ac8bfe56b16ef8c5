"""Care-team pages: assignment and cover (coordinators), clinical notes (the care team),
and a therapist's time per week with a participant. Each view of participant data is audited."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import CARE_ROLES, Role
from accounts.services import audit_list_read
from accounts.submission import once_per_submission
from therapists.access import get_cover_period
from therapists.care import (
    care_assign,
    clinical_note_create,
    cover_create,
    cover_end,
    iso_week_of,
    therapist_time_adjust,
)
from therapists.forms import AssignForm, CoverForm, NoteForm, TimeAdjustForm
from therapists.models import CareAssignment, CareRole, ClinicalNote, CoverPeriod, TherapistTime
from therapists.services import InboxError
from therapists.views import audit_participant
from trial.access import get_participant_for_staff
from trial.selectors import participants_visible_to

coordinator_required = role_required(Role.COORDINATOR)


@coordinator_required
@require_GET
def care_teams(request):
    audit_list_read(request)
    participants = participants_visible_to(request.user).exclude(status="withdrawn")
    search = request.GET.get("q", "").strip()[:50]
    unassigned = request.GET.get("unassigned") == "1"
    if search:
        participants = participants.filter(code__icontains=search)
    if unassigned:
        participants = participants.filter(
            Q(therapist__isnull=True) | Q(physiotherapist__isnull=True)
        )
    page = Paginator(participants.order_by("code"), 50).get_page(request.GET.get("page"))
    audit_participant(request, AuditEvent.Action.VIEW, None)
    params = {"q": search} if search else {}
    if unassigned:
        params["unassigned"] = "1"
    context = {"page": page, "search": search, "unassigned": unassigned, "query": urlencode(params)}
    return render(request, "therapists/care_teams.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def care_team(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    if request.method == "POST":
        role = request.POST.get("role")
        if role not in CareRole.values:
            messages.error(request, _("Choose what to assign."))
            return redirect("therapists:care_team", participant_id=participant.pk)
        form = AssignForm(request.POST, role=role)
        if form.is_valid():
            try:
                assignment = care_assign(
                    participant=participant,
                    role=role,
                    staff=form.cleaned_data["staff"],
                    by=request.user,
                )
            except InboxError as error:
                messages.error(request, str(error))
            else:
                audit_participant(
                    request, AuditEvent.Action.UPDATE, participant, assignment or participant
                )
                messages.success(request, _("The care team is updated."))
            return redirect("therapists:care_team", participant_id=participant.pk)
        messages.error(request, _("Choose someone from the list."))
        return redirect("therapists:care_team", participant_id=participant.pk)
    audit_participant(request, AuditEvent.Action.VIEW, participant, participant)
    forms = [
        AssignForm(role=CareRole.THERAPIST, initial={"staff": participant.therapist_id}),
        AssignForm(
            role=CareRole.PHYSIOTHERAPIST, initial={"staff": participant.physiotherapist_id}
        ),
    ]
    history = CareAssignment.objects.filter(participant=participant).select_related(
        "staff", "assigned_by", "ended_by"
    )
    context = {"participant": participant, "forms": forms, "history": history}
    return render(request, "therapists/care_team.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def cover_list(request):
    if request.method == "GET":
        audit_list_read(request)
    form = CoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cover_create(**form.cleaned_data, by=request.user)
        except InboxError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The cover is saved."))
            return redirect("therapists:cover_list")
    now = timezone.now()
    covers = CoverPeriod.objects.filter(ends_at__gt=now - dt.timedelta(days=30)).select_related(
        "absent_therapist", "covering_therapist", "created_by"
    )
    return render(
        request, "therapists/cover_list.html", {"form": form, "covers": covers, "now": now}
    )


@coordinator_required
@require_POST
@once_per_submission
def cover_stop(request, cover_id: int):
    cover = get_cover_period(request.user, cover_id)
    try:
        ended = cover_end(cover=cover, by=request.user)
    except InboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The cover has ended.") if ended else _("The cover is cancelled.")
        )
    return redirect("therapists:cover_list")


@role_required(*CARE_ROLES)
@require_http_methods(["GET", "POST"])
@once_per_submission
def notes(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = clinical_note_create(
                participant=participant, author=request.user, body=form.cleaned_data["body"]
            )
        except InboxError as error:
            form.add_error("body", str(error))
        else:
            audit_participant(request, AuditEvent.Action.CREATE, participant, note)
            messages.success(request, _("The note is saved."))
            return redirect("therapists:notes", participant_id=participant.pk)
    audit_participant(request, AuditEvent.Action.VIEW, participant, participant)
    page = Paginator(
        ClinicalNote.objects.filter(participant=participant).select_related("author"), 50
    ).get_page(request.GET.get("page"))
    context = {
        "participant": participant,
        "form": form,
        "page": page,
        "is_therapist": request.user.role == Role.THERAPIST,
    }
    return render(request, "therapists/notes.html", context)


@role_required(Role.THERAPIST)
@require_http_methods(["GET", "POST"])
@once_per_submission
def time_spent(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    year, week = iso_week_of(timezone.now(), request.user)
    form = TimeAdjustForm(request.POST or None, initial={"week": f"{year}-W{week:02d}"})
    if request.method == "POST" and form.is_valid():
        week_year, week_number = form.cleaned_data["week"]
        try:
            record = therapist_time_adjust(
                therapist=request.user,
                participant=participant,
                iso_year=week_year,
                iso_week=week_number,
                total_minutes=form.cleaned_data["minutes"],
                by=request.user,
            )
        except InboxError as error:
            form.add_error(None, str(error))
        else:
            audit_participant(request, AuditEvent.Action.UPDATE, participant, record)
            messages.success(request, _("The time for that week is saved."))
            return redirect("therapists:time", participant_id=participant.pk)
    audit_participant(request, AuditEvent.Action.VIEW, participant, participant)
    weeks = TherapistTime.objects.filter(therapist=request.user, participant=participant)[:52]
    context = {"participant": participant, "form": form, "weeks": weeks}
    return render(request, "therapists/time.html", context)
