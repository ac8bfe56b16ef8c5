"""Project-level pages: the role-aware front door and the health check."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection

from accounts.roles import Role

logger = logging.getLogger(__name__)

_HOME_BY_ROLE = {
    Role.PARTICIPANT: "programme:dashboard",
    Role.THERAPIST: "trial:staff_participants",
    Role.PHYSIOTHERAPIST: "trial:staff_participants",
    Role.COORDINATOR: "trial:staff_participants",
    Role.RESEARCHER: "research:home",
}


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return redirect(_HOME_BY_ROLE.get(request.user.role, "trial:staff_participants"))


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("health check: database unreachable")
        return False


def _broker_ok() -> bool:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("health check: broker unreachable")
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
