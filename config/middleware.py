import re

from django.conf import settings
from django.http import HttpResponseBadRequest, QueryDict
from django.http.request import split_domain_port, validate_host
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from config.views import healthz


class HealthCheckMiddleware:
    """Answers GET /healthz before the HTTPS redirect, for a Host of ALLOWED_HOSTS or
    HEALTH_CHECK_HOSTS (probes often name the instance's own address); any other Host gets 400,
    as on every page.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.healthz = csrf_exempt(healthz)

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        # The Host as Django's get_host() reads it, checked against a longer list.
        domain, _port = split_domain_port(request._get_raw_host())
        if not domain or not validate_host(
            domain, [*settings.ALLOWED_HOSTS, *settings.HEALTH_CHECK_HOSTS]
        ):
            return HttpResponseBadRequest("Unknown host", content_type="text/plain")
        return self.healthz(request)


# NUL and the other C0 controls (tab, line feed and carriage return are text) and DEL.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control_characters(data) -> bool:
    return any(
        _CONTROL_CHARACTERS.search(key) or any(_CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in data.lists()
    )


class ControlCharacterMiddleware:
    """Refuses, with a page that says why, a request whose query or form values hold control
    characters. PostgreSQL text cannot store NUL (a 500 before this), and no field of the site
    needs the others; one check here covers every form and search box of every role."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        posted = request.POST if request.method == "POST" else QueryDict()
        if _has_control_characters(request.GET) or _has_control_characters(posted):
            return render(request, "400.html", {"control_characters": True}, status=400)
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person hold their data: no browser or proxy may keep a copy (a
    shared computer's back button). Responses that set their own caching (programme media) keep
    it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
