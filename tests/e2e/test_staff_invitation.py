"""A coordinator invites a therapist; the invitee follows the emailed link in a browser, sets a
password, signs in and is asked to set up two-factor authentication."""

import re

from django.core import mail
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.roles import Role
from tests.e2e.conftest import assert_accessible, log_in

NEW_PASSWORD = "a-fresh-and-private-passphrase-77"


def test_an_invited_therapist_sets_a_password_and_is_asked_for_two_factor(
    page: Page, site, coordinator
):
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    response = coordinator_client.post(
        "/staff/invite/",
        {"email": "new.therapist@example.org", "role": Role.THERAPIST, "language": "en"},
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body

    page.goto(link.group(0).replace("http://testserver", site))
    expect(page.get_by_text("Bad Token")).to_have_count(0)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]:not([form])").first.click()
    expect(page.locator("#id_password1")).to_have_count(0)
    assert_accessible(page)

    log_in(page, site, "new.therapist@example.org", NEW_PASSWORD)
    page.goto(f"{site}/staff/participants/")  # any staff page: two-factor set-up comes first
    if "/accounts/reauthenticate/" in page.url:  # allauth asks for the password once more
        page.locator("#id_password").fill(NEW_PASSWORD)
        page.locator("main form button[type=submit]:not([form])").first.click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    assert_accessible(page)
