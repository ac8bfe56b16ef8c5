"""Accounts own people (users and their roles), staff invitations and the audit log."""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.languages import is_supported
from accounts.models import AuditEvent, SignIn, User
from accounts.roles import STAFF_ROLES
from accounts.time_zones import is_choosable


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
        path=request.get_full_path() if request is not None else "",
        ip_address=client_ip(request),
    )


def audit_list_read(request: HttpRequest) -> AuditEvent:
    """A staff page that lists participants, or figures about them, was read: one row, whose
    path with its query records what was asked."""
    return audit_record(
        actor=request.user, action=AuditEvent.Action.VIEW, participant=None, request=request
    )


def user_language_set(*, user: User, language: str) -> bool:
    """Remember the language a user chose; an unknown code changes nothing (returns False)."""
    if not is_supported(language):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True


def user_time_zone_set(*, user: User, time_zone: str) -> None:
    """Show a user's times in `time_zone`; a zone not on the list is refused."""
    if not is_choosable(time_zone):
        raise ValidationError(_("Choose a time zone from the list."), code="unknown_time_zone")
    if user.time_zone != time_zone:
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])


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
    # allauth's own reset-token generator (it hashes the email address in too), so that the link
    # passes allauth's check on the set-password page.
    token = account_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
    set_password_url = get_account_adapter(request).get_reset_password_from_key_url(
        f"{user_pk_to_url_str(user)}-{token}"
    )
    context = {"user": user, "invited_by": invited_by, "set_password_url": set_password_url}
    with translation.override(user.language or translation.get_language()):
        subject = render_to_string("accounts/email/staff_invite_subject.txt", context).strip()
        message = render_to_string("accounts/email/staff_invite_message.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])
    )
    return user
