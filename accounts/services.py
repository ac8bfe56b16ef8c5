"""Accounts own people (users and their roles), staff invitations and the audit log."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.languages import is_supported
from accounts.models import AuditEvent, SignIn, User
from accounts.roles import STAFF_ROLES


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; behind a proxy, allauth reads it from X-Forwarded-For using
    TRUSTED_PROXY_COUNT, the same rule its rate limits use."""
    if request is None:
        return None
    return get_account_adapter().get_client_ip(request) or None


def audit_record(
    *,
    actor: User,
    action: str,
    participant: User | None,
    obj=None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Write one append-only audit row for a staff read or change of participant data."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_role="superuser" if actor.is_superuser and not actor.role else actor.role,
        action=action,
        participant=participant,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
        ip_address=client_ip(request),
    )


def user_language_set(*, user: User, language: str) -> bool:
    """Remember the language a user chose; an unknown code changes nothing (returns False)."""
    if not is_supported(language):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True


def sign_in_record(*, user: User) -> SignIn:
    """Count a successful sign-in (the research export's `logins`); no address is kept."""
    return SignIn.objects.create(user=user)


@transaction.atomic
def staff_invite(
    *,
    invited_by: User,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    language: str = "",
    request: HttpRequest,
) -> User:
    """Create a staff account and email a link to set a password.

    The invitation goes to the address the coordinator typed, so following it proves the
    address: it is stored as verified. The account has no usable password until then.
    """
    if role not in STAFF_ROLES:
        raise ValidationError(_("Only staff roles can be invited."))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this email address already exists."))
    user = User(
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        language=language if is_supported(language) else "",
    )
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    audit_record(
        actor=invited_by,
        action=AuditEvent.Action.CREATE,
        participant=None,
        obj=user,
        request=request,
    )
    set_password_url = request.build_absolute_uri(
        reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "invited_by": invited_by, "set_password_url": set_password_url}
    with translation.override(user.language or translation.get_language()):
        subject = render_to_string("accounts/email/staff_invite_subject.txt", context).strip()
        message = render_to_string("accounts/email/staff_invite_message.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])
    )
    return user
