import re

from django import forms
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"^\+?[0-9 ]{7,20}$")


class ReminderSettingsForm(forms.Form):
    optional_reminders = forms.BooleanField(
        label=_("Remind me when a new module opens and when I have not logged in for a while"),
        required=False,
    )
    by_text_message = forms.BooleanField(
        label=_("Send my reminders by text message instead of email"), required=False
    )
    phone_number = forms.CharField(
        label=_("Mobile number"),
        required=False,
        max_length=20,
        help_text=_("With country code, for example +46 70 123 45 67."),
    )

    def clean_phone_number(self):
        number = self.cleaned_data["phone_number"].strip()
        if number and not _PHONE.match(number):
            raise forms.ValidationError(
                _("Enter a mobile number with digits only, e.g. +46701234567.")
            )
        return number.replace(" ", "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("by_text_message") and not cleaned.get("phone_number"):
            self.add_error("phone_number", _("A mobile number is needed for text messages."))
        return cleaned
