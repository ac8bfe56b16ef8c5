import re

from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import Role

PASSWORD = "a-long-and-private-secret-42"


def test_a_participant_signs_up_verifies_the_email_and_logs_in(page: Page, site):
    page.goto(site)
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Email").fill("anna@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()

    # The verification link arrives by email (Django's test outbox).
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Email").fill("anna@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # A new participant lands on their next step (onboarding), not an empty programme.
    expect(page.get_by_role("heading", name="My study")).to_be_visible()
    assert User.objects.get(email="anna@example.org").role == Role.PARTICIPANT
