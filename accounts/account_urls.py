"""A person's own account pages, under /account/ (reminders: notifications.urls)."""

from django.urls import path

from accounts import views

app_name = "account"
urlpatterns = [
    path("", views.account_home, name="home"),
    path("language/", views.account_language, name="language"),
    path("time-zone/", views.account_time_zone, name="time_zone"),
]
