from django.urls import path

from assessments import participant_views, staff_views

_ONE = "<slug:timepoint_code>/<slug:instrument_code>"
_STAFF_ONE = f"staff/participants/<int:participant_id>/assessments/{_ONE}"

app_name = "assessments"
urlpatterns = [
    path("questionnaires/", participant_views.my_questionnaires, name="my_questionnaires"),
    path(
        "questionnaires/<slug:timepoint_code>/",
        participant_views.timepoint_page,
        name="timepoint",
    ),
    path(f"questionnaires/{_ONE}/", participant_views.questionnaire_start, name="start"),
    path(
        f"questionnaires/{_ONE}/pages/<int:page>/",
        participant_views.questionnaire_page,
        name="page",
    ),
    path(f"questionnaires/{_ONE}/review/", participant_views.questionnaire_review, name="review"),
    path("staff/follow-up/", staff_views.follow_up, name="follow_up"),
    path("staff/paper-forms/", staff_views.paper_checks, name="paper_checks"),
    path(
        "staff/participants/<int:participant_id>/assessments/",
        staff_views.participant_overview,
        name="staff_participant",
    ),
    path(f"{_STAFF_ONE}/paper/", staff_views.paper_entry, name="paper_entry"),
    path(f"{_STAFF_ONE}/resolve/", staff_views.paper_resolve, name="resolve"),
]
