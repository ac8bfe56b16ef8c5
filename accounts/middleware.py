import time
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.selectors import has_authenticator_app

_LOGIN_STARTED_KEY = "_login_started_at"


class StaffSessionLimitMiddleware:
    """Ends a staff session 12 hours after login, however active it was (OWASP ASVS L2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            started = request.session.setdefault(_LOGIN_STARTED_KEY, time.time())
            max_age = settings.STAFF_SESSION_MAX_AGE.total_seconds()
            if user.is_staff_member and time.time() - started > max_age:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class StaffMFARequiredMiddleware:
    """Sends staff without an authenticator app to enrol one before anything else.

    Until then they reach only the pages needed to enrol, log out or manage their account.
    """

    allowed_prefixes = ("/accounts/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff_member
            and not request.path.startswith(self.allowed_prefixes)
            and not has_authenticator_app(user)
        ):
            messages.warning(
                request,
                _(
                    "Staff accounts need two-factor authentication. Set up an authenticator app "
                    "to continue."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Shows times in the user's own zone; anonymous visitors get the site default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = settings.TIME_ZONE
        if request.user.is_authenticated and request.user.time_zone:
            zone = request.user.time_zone
        try:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        except zoneinfo.ZoneInfoNotFoundError:
            timezone.activate(zoneinfo.ZoneInfo(settings.TIME_ZONE))
        return self.get_response(request)


class UserLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language), with a signed-in user's saved
    language first, so that what they chose follows them to any browser."""

    def process_request(self, request):
        language = request.user.language if request.user.is_authenticated else ""
        if language not in dict(settings.LANGUAGES):
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None


_REFRESHED_KEY = "_idle_refreshed_at"


class SessionIdleRefreshMiddleware:
    """Keeps the idle timeout sliding without rewriting the session row on every request: the
    session is marked changed (so saved, with a new expiry) at most once a minute. The idle
    timeout is then SESSION_COOKIE_AGE, less at most that minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if request.user.is_authenticated:
            now = time.time()
            if now - session.get(_REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[_REFRESHED_KEY] = now
        return self.get_response(request)
