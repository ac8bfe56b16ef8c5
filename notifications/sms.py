"""Text messages: one interface, a provider chosen in settings (SMS_BACKEND).

The default backend only logs, so that a site can run without a provider; a provider backend
is a class with `send(to, text)` that raises OSError on transient failures.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class LoggingSMSBackend:
    """Writes the message to the log instead of sending it."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to[-4:].rjust(len(to), "*"), text)


def send_sms(*, to: str, text: str) -> None:
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, text=text)
