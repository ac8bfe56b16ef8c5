from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from accounts.languages import browser_language
from accounts.roles import Role
from accounts.services import sign_in_record


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up makes participants only; staff accounts come from a coordinator's invitation.
    Every sign-in (password, after MFA, after email verification) passes through `login`."""

    def save_user(self, request, user, form, commit=True):
        user.role = Role.PARTICIPANT
        user.is_staff = False
        user.is_superuser = False
        # The language they signed up in, if they or their browser chose one; else their study's.
        user.language = browser_language(request)
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return reverse("home")

    def login(self, request, user):
        super().login(request, user)
        sign_in_record(user=user)
