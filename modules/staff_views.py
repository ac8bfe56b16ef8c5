"""Staff pages of the programme: a participant's progress and release decisions, release rules."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.services import audit_record
from accounts.submission import once_per_submission
from config.forms import form_data
from modules.forms import ProgrammeActionForm, ReleaseRuleForm
from modules.models import UnlockDecision
from modules.selectors import programme_overview
from modules.services import (
    ProgrammeError,
    module_approve,
    module_open_early,
    programme_enrolment_ensure,
    programme_pause,
    programme_resume,
    release_rule_for,
)
from trial.access import get_participant_for_staff
from trial.models import Study

_ACTIONS = {
    "open_early": (module_open_early, gettext_lazy("The next module is now open.")),
    "approve": (module_approve, gettext_lazy("The next module is approved.")),
    "pause": (
        programme_pause,
        gettext_lazy("The programme is paused: no modules open until you resume."),
    ),
    "resume": (programme_resume, gettext_lazy("The programme has resumed.")),
}


@role_required(Role.THERAPIST, Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@once_per_submission
def participant_programme(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    enrolment = programme_enrolment_ensure(participant=participant)
    form = ProgrammeActionForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        service, done_message = _ACTIONS[form.cleaned_data["action"]]
        kwargs = {"participant": participant, "by": request.user}
        if service is not module_approve:
            kwargs["note"] = form.cleaned_data["note"]
        try:
            service(**kwargs)
        except ProgrammeError as error:
            messages.error(request, str(error))
        else:
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.UPDATE,
                participant=participant.user,
                obj=enrolment,
                request=request,
            )
            messages.success(request, str(done_message))
        return redirect("programme:staff_programme", participant_id=participant.pk)
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        participant=participant.user,
        obj=enrolment or participant,
        request=request,
    )
    context = {
        "participant": participant,
        "form": form,
        "enrolment": enrolment,
        "rows": programme_overview(participant, get_language()) if enrolment else [],
        "rule": release_rule_for(participant.study),
        "decisions": UnlockDecision.objects.filter(participant=participant)
        .select_related("module", "decided_by")
        .order_by("-decided_at")[:100],
    }
    return render(request, "modules/staff_programme.html", context)


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
@once_per_submission
def release_rule_edit(request, study_code: str):
    study = get_object_or_404(Study, code=study_code)
    form = ReleaseRuleForm(form_data(request), instance=release_rule_for(study))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The release rule is saved. It applies from now on."))
        return redirect("programme:release_rule", study_code=study.code)
    return render(request, "modules/release_rule.html", {"study": study, "form": form})
