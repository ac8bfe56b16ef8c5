"""Text messages: one interface, a provider chosen in settings (SMS_BACKEND).

The default backend only logs, so that a site can run without a provider. A provider backend is
a class with `send(*, to, text, idempotency_key)`: it passes the key to the provider (an
idempotency-key header, where the provider has one, so a repeat after a crash is dropped), raises
OSError on temporary failures (timeouts, HTTP 5xx and 429) and DeliveryRefused when the provider
refuses for good (HTTP 4xx: a bad number, a blocked recipient).
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class DeliveryRefused(Exception):
    """The provider refused the message for good; retrying cannot help."""


class LoggingSMSBackend:
    """Writes the message to the log instead of sending it."""

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        logger.info("SMS %s to %s: %s", idempotency_key, to[-4:].rjust(len(to), "*"), text)


def send_sms(*, to: str, text: str, idempotency_key: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, text=text, idempotency_key=idempotency_key)
