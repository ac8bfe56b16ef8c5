"""Which language a person reads: the choices a user can make and what a browser asks for."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header


def is_supported(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def browser_language(request: HttpRequest) -> str:
    """The language the visitor chose with the switch (cookie) or their browser asks for; "" when
    neither names a language of the site, so the caller's own default can apply."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if is_supported(chosen):
        return chosen
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return ""
