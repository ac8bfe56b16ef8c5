"""Screenshots of the main pages as the demo accounts see them, for the README.

`python -m config.devstack screenshots` runs this against a fresh demo; it needs the dev
dependency group (Playwright) and Debian's Chromium, like the browser tests.
"""

import itertools
import time
from pathlib import Path
from urllib.parse import urlsplit

from allauth.mfa import app_settings
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from research.demo import DEMO_PASSWORD, demo_totp_code

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 375)
# (file name, demo account, page), grouped by account so that each signs in once.
SCREENSHOTS = [
    ("dashboard", "participant@example.org", "/programme/"),
    ("module-page", "participant@example.org", "/programme/modules/1/pages/1/"),
    ("worksheet", "participant@example.org", "/programme/modules/1/pages/5/"),
    ("inbox", "therapist@example.org", "/staff/inbox/"),
    ("research-dashboard", "researcher@example.org", "/research/"),
]


class Command(BaseCommand):
    help = "Save full-page screenshots of the main pages at 1280 and 375 px (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="Where the demo is served.")
        parser.add_argument(
            "--output", type=Path, default=settings.BASE_DIR / "docs" / "screenshots"
        )

    def handle(self, *args, base_url: str, output: Path, **options):
        if not settings.DEBUG:
            raise CommandError("demo_screenshots signs in as the demo accounts: DEBUG only.")
        # A dev dependency, so imported only here.
        from playwright.sync_api import sync_playwright

        output.mkdir(parents=True, exist_ok=True)
        base_url = base_url.rstrip("/")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                for email, shots in itertools.groupby(SCREENSHOTS, key=lambda shot: shot[1]):
                    # Staff without a chosen language see the browser's: English here.
                    context = browser.new_context(locale="en-GB")
                    page = context.new_page()
                    _log_in(page, base_url, email)
                    for name, _email, path in shots:
                        _capture(page, base_url, path, output, name)
                        self.stdout.write(f"{name}: {path} as {email}")
                    context.close()
            finally:
                browser.close()
        self.stdout.write(f"Screenshots saved in {output}")


def _log_in(page, base_url: str, email: str) -> None:
    """The real login form, then the authenticator code where the account needs one."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    if page.locator("#id_code").count():
        # A code about to expire could be refused by the time it arrives.
        remaining = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
        if remaining < 3:
            time.sleep(remaining)
        page.locator("#id_code").fill(demo_totp_code())
        with page.expect_navigation():
            page.locator("#id_code").press("Enter")
    if urlsplit(page.url).path.startswith("/accounts/"):
        raise CommandError(f"{email} could not sign in (still at {page.url}).")


def _capture(page, base_url: str, path: str, output: Path, name: str) -> None:
    response = page.goto(base_url + path)
    # A redirect (to a login or consent page) or an error page would be a misleading picture.
    if response is None or response.status != 200 or urlsplit(page.url).path != path:
        status = response.status if response else "no response"
        raise CommandError(f"{path} answered {status} at {page.url}, not the page itself.")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(
            path=output / f"{name}-{width}.png", full_page=True, animations="disabled", caret="hide"
        )
