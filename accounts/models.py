import pghistory
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.roles import STAFF_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_superuser=True, is_staff=True, role=Role.COORDINATOR)
        return self._create_user(email, password, **extra_fields)


@pghistory.track(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in, identified by email. `role` decides which pages they reach."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    # The language of their pages, emails and text messages; empty until they choose or register
    # (then the language cookie, the browser and the study's default decide).
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, db_default=""
    )
    # Only for text-message reminders, if the person wants them.
    phone_number = models.CharField(_("mobile number"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Django admin access: superusers only (see config/urls.py).
    is_staff = models.BooleanField(_("admin access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self):
        return self.first_name or self.email

    @property
    def is_staff_member(self) -> bool:
        """Staff of the service (any non-participant role, or a superuser)."""
        return self.is_superuser or self.role in STAFF_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.role in roles


class AuditEvent(models.Model):
    """One staff read or change of a participant's data. Rows are append-only (database trigger)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        EXPORT = "export", _("Exported")

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_events_made"
    )
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=10, choices=Action.choices)
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events_about",
    )
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # The whole path with its query: a search or filter is part of what was looked at.
    path = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["participant", "-occurred_at"])]
        triggers = [
            pgtrigger.Protect(
                name="audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}"

    @property
    def object_kind(self) -> str:
        """What kind of record was reached, named in the reader's language ("Visit")."""
        try:
            model = apps.get_model(self.object_type) if self.object_type else None
        except (LookupError, ValueError):
            return self.object_type
        return capfirst(model._meta.verbose_name) if model else ""

    @property
    def participant_code(self) -> str:
        """The participant's pseudonymous code. Read through trial's reverse relation
        (`User.participant`), so this app imports nothing from trial."""
        record = getattr(self.participant, "participant", None) if self.participant_id else None
        return record.code if record else ""

    @property
    def description(self) -> str:
        """What was reached, as a reader says it: "Care team of P-HQA9RK2U", never an email. A
        page listing many participants is named by its address, without the query (a search
        may hold a name)."""
        kind, code = self.object_kind, self.participant_code
        if code:
            record = self.participant.participant
            if not kind or self.object_type == record._meta.label:
                return _("Participant %(code)s") % {"code": code}
            return _("%(object)s of %(code)s") % {"object": kind, "code": code}
        return f"{kind} {self.object_id}".strip() or self.path.partition("?")[0]

    @property
    def actor_role_label(self) -> str:
        if self.actor_role in Role.values:
            return Role(self.actor_role).label
        return _("Administrator") if self.actor_role == "superuser" else self.actor_role


class SignIn(models.Model):
    """One successful sign-in. Kept for the trial's adherence figures: allauth's user sessions
    are purged once they end, so they cannot tell how often someone came back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "signed_in_at"])]

    def __str__(self):
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """A state-changing form a person sent, by the one-time key the form carried
    (accounts.submission): sending the same form again (a double click, a resend after a lost
    answer) is recognised and not applied twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.UUIDField()
    # Where the first send led, so a repeat lands there too; empty while it is being handled.
    outcome_url = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="form_submitted_once")]

    def __str__(self):
        return f"{self.user_id} {self.key}"
