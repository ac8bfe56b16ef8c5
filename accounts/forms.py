import re

from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from accounts.roles import STAFF_ROLES, Role
from accounts.selectors import staff_members
from accounts.time_zones import grouped_choices
from config.forms import DATE_HELP

# Letters, digits and hyphens: the shape of trial's participant codes (P-HQA9RK2U).
_PARTICIPANT_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]*")


class StaffInviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in Role if r in STAFF_ROLES]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial=get_language,
        required=False,
        help_text=_("The invitation and later emails are in this language."),
    )


class StaffMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return name if name == obj.email else f"{name} ({obj.email})"


class AuditFilterForm(forms.Form):
    actor = StaffMemberChoiceField(
        label=_("Staff member"),
        queryset=staff_members(),
        required=False,
        empty_label=_("Anyone"),
    )
    participant = forms.CharField(
        label=_("Participant code"),
        max_length=20,
        required=False,
        help_text=_("For example P-HQA9RK2U."),
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any")), *AuditEvent.Action.choices], required=False
    )
    since = forms.DateField(
        label=_("From (date)"),
        required=False,
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("To (date)"),
        required=False,
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_participant(self) -> str:
        code = self.cleaned_data["participant"].strip().upper()
        if code and not _PARTICIPANT_CODE.fullmatch(code):
            raise forms.ValidationError(_("Enter a participant code, such as P-HQA9RK2U."))
        return code

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned


class LanguageForm(forms.Form):
    # Each language named in itself, as on the switch at the top of every page, so a person who
    # landed on the wrong one still finds their own. The service decides what is valid.
    language = forms.CharField(
        label=_("Language"),
        widget=forms.RadioSelect(
            choices=[
                (code, get_language_info(code)["name_local"].capitalize())
                for code, _name in settings.LANGUAGES
            ]
        ),
        error_messages={"required": _("Choose a language.")},
    )


class TimeZoneForm(forms.Form):
    # The service decides which zones are valid; the select only offers them.
    time_zone = forms.CharField(
        label=_("Time zone"),
        help_text=_("Choose the place whose clock you live by."),
        # The places are proper names ("Swift Current"): not for translation tools to touch.
        widget=forms.Select(attrs={"translate": "no"}),
        error_messages={"required": _("Choose a time zone from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form: the regions are named in the reader's language.
        self.fields["time_zone"].widget.choices = grouped_choices()


class _SentenceCaseFields:
    """allauth's forms with the site's labels: sentence case, and no placeholder repeating the
    label (it disappears as soon as one types)."""

    labels: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            field.label = self.labels.get(name, field.label)


class LoginForm(_SentenceCaseFields, allauth_forms.LoginForm):
    labels = {"login": _("Email address"), "remember": _("Remember me on this device")}


class SignupForm(_SentenceCaseFields, allauth_forms.SignupForm):
    labels = {"email": _("Email address")}


class AddEmailForm(_SentenceCaseFields, allauth_forms.AddEmailForm):
    labels = {"email": _("Email address")}


class ResetPasswordForm(_SentenceCaseFields, allauth_forms.ResetPasswordForm):
    labels = {"email": _("Email address")}


class ChangePasswordForm(_SentenceCaseFields, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("New password again"),
    }


class ResetPasswordKeyForm(_SentenceCaseFields, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("New password again")}


class ReauthenticateForm(_SentenceCaseFields, allauth_forms.ReauthenticateForm):
    pass
