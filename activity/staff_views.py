"""Physiotherapist pages (coordinators may open them too): caseload, plan, visits and goals.

Every page that shows or changes a participant's data writes an audit row: VIEW when it is shown
(also when a form comes back with errors), CREATE or UPDATE when it is changed.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.models import AuditEvent
from accounts.roles import Role
from accounts.services import audit_record
from accounts.submission import once_per_submission
from activity.access import get_goal_for_staff, get_visit_for_staff
from activity.forms import (
    ActivityPlanForm,
    GoalForm,
    VisitPlanForm,
    VisitRecordForm,
    goal_rating_form,
)
from activity.models import Goal, GoalRating
from activity.selectors import activity_plan_for, caseload_for, caseload_rows, goal_rows
from activity.services import (
    ActivityError,
    activity_plan_save,
    goal_create,
    goal_rate,
    goal_update,
    visit_plan,
    visit_record,
    visits_ensure,
)
from config.forms import form_data
from trial.access import get_participant_for_staff

staff_required = role_required(Role.PHYSIOTHERAPIST, Role.COORDINATOR)
_GET_POST = require_http_methods(["GET", "POST"])
_PHYSIO_RATING = gettext_lazy("Your rating as physiotherapist: was the goal attained?")


def _audit(request, action: str, participant, obj) -> None:
    audit_record(
        actor=request.user, action=action, participant=participant.user, obj=obj, request=request
    )


def _form_page(request, participant, obj, form, *, title: str, submit: str, about: str = ""):
    """Show a form about `participant`'s data (audited as a view)."""
    _audit(request, AuditEvent.Action.VIEW, participant, obj)
    context = {
        "participant": participant,
        "form": form,
        "title": title,
        "submit": submit,
        "about": about,
    }
    return render(request, "activity/staff_form.html", context)


@staff_required
@require_GET
def caseload(request):
    page = Paginator(caseload_for(request.user), 50).get_page(request.GET.get("page"))
    # One row for the list as a whole: it shows many participants' plan status at once.
    audit_record(
        actor=request.user, action=AuditEvent.Action.VIEW, participant=None, request=request
    )
    return render(request, "activity/caseload.html", {"page": page, "rows": caseload_rows(page)})


@staff_required
@require_GET
def participant_activity(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    visits = visits_ensure(participant=participant)
    plan = activity_plan_for(participant)
    goals = [
        (row, goal_rating_form(row.goal, row.physiotherapist_rating, label=_PHYSIO_RATING))
        for row in goal_rows(participant)
    ]
    _audit(request, AuditEvent.Action.VIEW, participant, plan or participant)
    context = {
        "participant": participant,
        "plan": plan,
        "visits": visits,
        "goals": goals,
        "has_main_goal": any(row.goal.kind == Goal.Kind.MAIN for row, _form in goals),
    }
    return render(request, "activity/staff_participant.html", context)


@staff_required
@_GET_POST
@once_per_submission
def plan_edit(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    plan = activity_plan_for(participant)
    initial = model_to_dict(plan, fields=list(ActivityPlanForm.base_fields)) if plan else None
    form = ActivityPlanForm(form_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        plan, created = activity_plan_save(
            participant=participant, by=request.user, **form.cleaned_data
        )
        action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
        _audit(request, action, participant, plan)
        messages.success(request, _("The activity plan is saved."))
        return redirect("activity:staff_participant", participant_id=participant.pk)
    return _form_page(
        request,
        participant,
        plan or participant,
        form,
        title=_("Change the activity plan") if plan else _("Make an activity plan"),
        submit=_("Save the plan"),
    )


@staff_required
@_GET_POST
@once_per_submission
def visit_plan_edit(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    form = VisitPlanForm(form_data(request), initial={"number": request.GET.get("number")})
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_plan(participant=participant, by=request.user, **form.cleaned_data)
        except ActivityError as error:
            form.add_error("number", str(error))
        else:
            _audit(request, AuditEvent.Action.UPDATE, participant, visit)
            messages.success(request, _("The visit is planned."))
            return redirect("activity:staff_participant", participant_id=participant.pk)
    return _form_page(
        request, participant, participant, form, title=_("Plan a visit"), submit=_("Save the date")
    )


@staff_required
@_GET_POST
@once_per_submission
def visit_record_edit(request, participant_id: int, visit_id: int):
    visit = get_visit_for_staff(request.user, participant_id, visit_id)
    participant = visit.participant
    initial = model_to_dict(visit, fields=["held_at", "notes", "meets_who_recommendation"])
    form = VisitRecordForm(form_data(request), visit=visit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            visit_record(visit=visit, by=request.user, **form.cleaned_data)
        except ActivityError as error:
            form.add_error(None, str(error))
        else:
            _audit(request, AuditEvent.Action.UPDATE, participant, visit)
            messages.success(request, _("The visit is recorded."))
            return redirect("activity:staff_participant", participant_id=participant.pk)
    return _form_page(
        request,
        participant,
        visit,
        form,
        title=_("Record visit %(number)s (%(kind)s)")
        % {"number": visit.number, "kind": visit.get_kind_display()},
        submit=_("Save the visit"),
    )


@staff_required
@_GET_POST
@once_per_submission
def goal_add(request, participant_id: int):
    participant = get_participant_for_staff(request.user, participant_id)
    has_main_goal = Goal.objects.filter(participant=participant, kind=Goal.Kind.MAIN).exists()
    form = GoalForm(form_data(request), has_main_goal=has_main_goal)
    if request.method == "POST" and form.is_valid():
        try:
            goal = goal_create(participant=participant, by=request.user, **form.cleaned_data)
        except ActivityError as error:
            form.add_error("kind", str(error))
        else:
            _audit(request, AuditEvent.Action.CREATE, participant, goal)
            messages.success(request, _("The goal is added."))
            return redirect("activity:staff_participant", participant_id=participant.pk)
    return _form_page(
        request, participant, participant, form, title=_("Add a goal"), submit=_("Add the goal")
    )


@staff_required
@_GET_POST
@once_per_submission
def goal_edit(request, participant_id: int, goal_id: int):
    goal = get_goal_for_staff(request.user, participant_id, goal_id)
    participant = goal.participant
    form = GoalForm(form_data(request), goal=goal)
    if request.method == "POST" and form.is_valid():
        goal_update(goal=goal, **form.cleaned_data)
        _audit(request, AuditEvent.Action.UPDATE, participant, goal)
        messages.success(request, _("The goal is saved."))
        return redirect("activity:staff_participant", participant_id=participant.pk)
    return _form_page(
        request,
        participant,
        goal,
        form,
        title=_("Change the main goal")
        if goal.kind == Goal.Kind.MAIN
        else _("Change an intermediate goal"),
        submit=_("Save the goal"),
    )


@staff_required
@_GET_POST
@once_per_submission
def goal_rate_staff(request, participant_id: int, goal_id: int):
    goal = get_goal_for_staff(request.user, participant_id, goal_id)
    participant = goal.participant
    current = goal.ratings.filter(rater_role=GoalRating.RaterRole.PHYSIOTHERAPIST).first()
    form = goal_rating_form(goal, current, form_data(request), label=_PHYSIO_RATING)
    if request.method == "POST" and form.is_valid():
        rating, created = goal_rate(
            goal=goal,
            rater_role=GoalRating.RaterRole.PHYSIOTHERAPIST,
            rating=form.cleaned_data["rating"],
            by=request.user,
        )
        action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
        _audit(request, action, participant, rating)
        messages.success(request, _("Your rating of the goal is saved."))
        return redirect("activity:staff_participant", participant_id=participant.pk)
    return _form_page(
        request,
        participant,
        goal,
        form,
        title=_("Rate the goal"),
        submit=_("Save the rating"),
        about=goal.description,
    )
