from django.urls import path

from therapists import care_views, participant_views, template_views, views

app_name = "therapists"
participant = "staff/participants/<int:participant_id>"
urlpatterns = [
    path("me/messages/", participant_views.my_messages, name="my_messages"),
    path("staff/inbox/", views.caseload, name="caseload"),
    path(f"{participant}/messages/", views.thread, name="thread"),
    path(f"{participant}/messages/handled", views.thread_handled, name="thread_handled"),
    path(f"{participant}/worksheets/", views.worksheets, name="worksheets"),
    path(f"{participant}/notes/", care_views.notes, name="notes"),
    path(f"{participant}/time/", care_views.time_spent, name="time"),
    path(f"{participant}/time/beat", views.time_beat, name="time_beat"),
    path(f"{participant}/care-team/", care_views.care_team, name="care_team"),
    path("staff/safety-flags/<int:flag_id>/resolve", views.flag_resolve, name="flag_resolve"),
    path("staff/care-teams/", care_views.care_teams, name="care_teams"),
    path("staff/cover/", care_views.cover_list, name="cover_list"),
    path("staff/cover/<int:cover_id>/end", care_views.cover_stop, name="cover_end"),
    path("staff/reply-templates/", template_views.template_list, name="templates"),
    path("staff/reply-templates/new/", template_views.template_edit, name="template_new"),
    path(
        "staff/reply-templates/<int:template_id>/",
        template_views.template_edit,
        name="template_edit",
    ),
    path(
        "staff/reply-templates/<int:template_id>/delete",
        template_views.template_delete,
        name="template_delete",
    ),
]
