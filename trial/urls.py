from django.urls import path

from trial import study_views, views

app_name = "trial"
urlpatterns = [
    path("me/", views.participant_home, name="participant_home"),
    path("me/screening/", views.screening, name="screening"),
    path("me/consent/", views.consent, name="consent"),
    path("me/consent/copy.txt", views.consent_copy, name="consent_copy"),
    path("me/withdraw/", views.withdraw, name="withdraw"),
    path("me/group/", views.allocation, name="allocation"),
    path("staff/participants/", views.staff_participants, name="staff_participants"),
    path(
        "staff/participants/<int:participant_id>/",
        views.staff_participant_detail,
        name="staff_participant_detail",
    ),
    path("staff/studies/", study_views.study_list, name="study_list"),
    path("staff/studies/<slug:study_code>/", study_views.study_settings, name="study_settings"),
    path("staff/studies/<slug:study_code>/sites/new/", study_views.site_edit, name="site_new"),
    path(
        "staff/studies/<slug:study_code>/sites/<int:site_id>/",
        study_views.site_edit,
        name="site_edit",
    ),
    path(
        "staff/studies/<slug:study_code>/timepoints/new/",
        study_views.timepoint_edit,
        name="timepoint_new",
    ),
    path(
        "staff/studies/<slug:study_code>/timepoints/<int:timepoint_id>/",
        study_views.timepoint_edit,
        name="timepoint_edit",
    ),
    path(
        "staff/studies/<slug:study_code>/consent/new/",
        study_views.consent_version_new,
        name="consent_new",
    ),
    path(
        "staff/studies/<slug:study_code>/allocation-list/",
        study_views.allocation_list_upload,
        name="allocation_list",
    ),
]
