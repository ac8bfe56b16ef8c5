from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import CARE_ROLES, Role
from accounts.services import audit_record
from trial.access import get_own_participant, get_participant_for_staff
from trial.selectors import participants_visible_to
from trial.services import participant_register


@role_required(Role.PARTICIPANT)
def participant_home(request):
    participant_register(user=request.user)
    participant = get_own_participant(request.user)
    return render(request, "trial/participant_home.html", {"participant": participant})


@role_required(*CARE_ROLES)
def staff_participants(request):
    participants = participants_visible_to(request.user).order_by("code")
    page = Paginator(participants, 50).get_page(request.GET.get("page"))
    return render(request, "trial/staff_participants.html", {"page": page})


@role_required(*CARE_ROLES)
def staff_participant_detail(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        participant=participant.user,
        obj=participant,
        request=request,
    )
    return render(request, "trial/staff_participant_detail.html", {"participant": participant})
