"""The participant's own activity page (both trial arms) and their rating of their goals."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import role_required
from accounts.roles import Role
from accounts.submission import once_per_submission
from activity.access import get_own_goal
from activity.forms import goal_rating_form
from activity.models import GoalRating
from activity.selectors import activity_plan_for, goal_rows
from activity.services import goal_rate, visits_ensure
from config.forms import form_data
from trial.services import participant_register

participant_required = role_required(Role.PARTICIPANT)


@participant_required
@require_GET
def my_plan(request):
    participant = participant_register(user=request.user)
    # The physiotherapist's ratings are not shown: the participant's own rating is an outcome.
    goals = [
        (row, goal_rating_form(row.goal, row.participant_rating)) for row in goal_rows(participant)
    ]
    context = {
        "participant": participant,
        "plan": activity_plan_for(participant),
        "visits": visits_ensure(participant=participant),
        "goals": goals,
    }
    return render(request, "activity/my_plan.html", context)


@participant_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def my_goal_rate(request, goal_id: int):
    goal = get_own_goal(request.user, goal_id)
    current = goal.ratings.filter(rater_role=GoalRating.RaterRole.PARTICIPANT).first()
    form = goal_rating_form(goal, current, form_data(request))
    if request.method == "POST" and form.is_valid():
        goal_rate(
            goal=goal,
            rater_role=GoalRating.RaterRole.PARTICIPANT,
            rating=form.cleaned_data["rating"],
            by=request.user,
        )
        messages.success(request, _("Thank you. Your rating is saved."))
        return redirect("activity:my_plan")
    return render(request, "activity/my_goal_rate.html", {"goal": goal, "form": form})
