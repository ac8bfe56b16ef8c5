"""Every page of every role in a real browser, at 1280 and 375 px: axe-core finds nothing, and
no page is wider than a 375 px phone. The pages come from the URL patterns (tests/site_pages.py),
so a new page is swept without being listed."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import assert_accessible, assert_fits_width


def _session_cookie(user, site: str) -> dict:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": site}


def test_every_page_of_every_role_is_accessible_at_both_widths(browser, site, every_role):
    swept, problems = [], []
    for role, user in every_role.users.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([_session_cookie(user, site)])
        page = context.new_page()
        for path in every_role.paths():
            try:
                response = page.goto(site + path)
            except PlaywrightError:
                continue  # an endpoint that answers GET with an empty error (POST-only)
            if response is None or response.status != 200:
                continue  # another role's page, or one that needs a form first
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue
            page.set_viewport_size({"width": 1280, "height": 900})
            for check in (
                assert_accessible,
                lambda p: assert_fits_width(p, 375),
                assert_accessible,
            ):
                try:
                    check(page)
                except AssertionError as problem:
                    problems.append(f"{role} {path} at {page.viewport_size['width']} px: {problem}")
            swept.append(f"{role} {path}")
        context.close()
    assert len(swept) > 40, swept
    assert not problems, "\n\n".join(problems)
