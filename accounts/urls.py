from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("invite/", views.staff_invite_view, name="staff_invite"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
]
