from django.urls import path

from activity import staff_views, views

app_name = "activity"

_participant = "staff/participants/<int:participant_id>/activity/"
urlpatterns = [
    path("activity/", views.my_plan, name="my_plan"),
    path("activity/goals/<int:goal_id>/rating/", views.my_goal_rate, name="my_goal_rate"),
    path("staff/activity/", staff_views.caseload, name="caseload"),
    path(_participant, staff_views.participant_activity, name="staff_participant"),
    path(f"{_participant}plan/", staff_views.plan_edit, name="staff_plan"),
    path(f"{_participant}visits/plan/", staff_views.visit_plan_edit, name="staff_visit_plan"),
    path(
        f"{_participant}visits/<int:visit_id>/",
        staff_views.visit_record_edit,
        name="staff_visit_record",
    ),
    path(f"{_participant}goals/new/", staff_views.goal_add, name="staff_goal_add"),
    path(f"{_participant}goals/<int:goal_id>/", staff_views.goal_edit, name="staff_goal_edit"),
    path(
        f"{_participant}goals/<int:goal_id>/rating/",
        staff_views.goal_rate_staff,
        name="staff_goal_rate",
    ),
]
