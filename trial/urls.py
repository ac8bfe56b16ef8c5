from django.urls import path

from trial import views

app_name = "trial"
urlpatterns = [
    path("me/", views.participant_home, name="participant_home"),
    path("staff/participants/", views.staff_participants, name="staff_participants"),
    path(
        "staff/participants/<int:participant_id>/",
        views.staff_participant_detail,
        name="staff_participant_detail",
    ),
]
