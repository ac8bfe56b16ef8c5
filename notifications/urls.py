from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("account/reminders/", views.reminder_settings, name="settings"),
    path("staff/reminders/", views.delivery_report, name="delivery_report"),
]
