from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts.views import language_set
from config import views

# The admin login goes through allauth, so rate limits and MFA apply to it too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "iCBT platform administration"
# Only superusers reach the admin; everyone else works on the audited application pages.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("accounts.urls")),
    path("account/", include("accounts.account_urls")),
    path("language/", language_set, name="language_set"),
    path("", include("trial.urls")),
    path("", include("modules.urls")),
    path("", include("assessments.urls")),
    path("", include("activity.urls")),
    path("", include("therapists.urls")),
    path("", include("notifications.urls")),
    path("research/", include("research.urls")),
    path("admin/", admin.site.urls),
]

handler404 = views.page_not_found
