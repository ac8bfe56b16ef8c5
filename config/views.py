"""Project-level pages: the role-aware front door, the health check and the error pages
(403.html, 404.html and 500.html are rendered by Django's own handlers, save the two below)."""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from accounts.roles import Role
from config.health import health_report
from modules.access import ModuleNotOpen
from trial.selectors import participant_has_group

logger = logging.getLogger(__name__)

_HOME_BY_ROLE = {
    Role.PARTICIPANT: "programme:dashboard",
    Role.THERAPIST: "trial:staff_participants",
    Role.PHYSIOTHERAPIST: "trial:staff_participants",
    Role.COORDINATOR: "trial:staff_participants",
    Role.RESEARCHER: "research:home",
}


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    # A participant still on their way in starts at their next step, not an empty programme.
    if request.user.role == Role.PARTICIPANT and not participant_has_group(request.user):
        return redirect("trial:participant_home")
    return redirect(_HOME_BY_ROLE.get(request.user.role, "trial:staff_participants"))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database and the broker answer (a load balancer's question), 503 otherwise;
    the body reports every dependency for the operator's monitor (docs/operations.md)."""
    serving, report = health_report()
    return JsonResponse(report, status=200 if serving else 503)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page; for a participant's own module that is not open yet, the same page
    says when it opens."""
    if isinstance(exception, ModuleNotOpen):
        return render(request, "404.html", {"opening": exception.opening}, status=404)
    return defaults.page_not_found(request, exception)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token (settings.CSRF_FAILURE_VIEW): most often a
    page left open across a log-in or log-out elsewhere, or a browser that blocks cookies.
    Django has logged the reason; the person gets a way back to the page they came from."""
    referer = request.headers.get("referer", "")
    from_this_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    context = {"back_url": referer if from_this_site else None}
    return render(request, "403_csrf.html", context, status=403)
