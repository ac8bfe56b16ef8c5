from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from accounts.roles import Role


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up makes participants only; staff accounts come from a coordinator's invitation."""

    def save_user(self, request, user, form, commit=True):
        user.role = Role.PARTICIPANT
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        return reverse("home")
