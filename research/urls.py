from django.urls import path

from research import views

app_name = "research"
urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export, name="export"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<int:pk>/status/", views.export_job_status, name="export_job_status"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
]
