from django.urls import path

from modules import media_views, staff_views, views

app_name = "programme"
urlpatterns = [
    path("programme/", views.dashboard, name="dashboard"),
    path("programme/answers/", views.my_answers, name="answers"),
    path("programme/modules/<int:number>/", views.module_start, name="module"),
    path("programme/modules/<int:number>/pages/<int:page>/", views.module_page, name="page"),
    path("programme/modules/<int:number>/summary/", views.module_summary, name="summary"),
    path("programme/modules/<int:number>/activity", views.module_activity, name="activity"),
    path(
        "programme/modules/<int:number>/media/<str:digest>/<path:name>",
        media_views.module_media,
        name="media",
    ),
    path(
        "programme/modules/<int:number>/worksheets/<slug:worksheet_key>/",
        views.worksheet_post,
        name="worksheet",
    ),
    path(
        "programme/modules/<int:number>/worksheets/<slug:worksheet_key>/autosave",
        views.worksheet_autosave,
        name="autosave",
    ),
    path(
        "staff/participants/<int:participant_id>/programme/",
        staff_views.participant_programme,
        name="staff_programme",
    ),
    path(
        "staff/studies/<slug:study_code>/release-rule/",
        staff_views.release_rule_edit,
        name="release_rule",
    ),
]
