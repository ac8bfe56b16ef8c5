from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from accounts.languages import browser_language
from accounts.models import User
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
        # The front door picks the page per role, and a participant still on their way into
        # the trial gets their next step (this app cannot read the trial's records).
        return reverse("home")

    def login(self, request, user):
        super().login(request, user)
        sign_in_record(user=user)

    def send_mail(self, template_prefix, email, context):
        """Every allauth email (verification, password reset) in its recipient's language, as
        the platform's own emails are, whatever language the browser that asked for it reads."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
