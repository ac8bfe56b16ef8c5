from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent
from accounts.roles import STAFF_ROLES, Role


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


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Staff email contains"), max_length=254, required=False)
    participant = forms.CharField(
        label=_("Participant email contains"), max_length=254, required=False
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("Any")), *AuditEvent.Action.choices], required=False
    )
    since = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned
