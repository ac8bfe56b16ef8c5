import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_REGION = "SE"  # numbers written without a country code are Swedish


def mobile_number_e164(text: str) -> str:
    """A mobile number as written in Sweden (070-123 45 67, 0701234567, +46 70 123 45 67) or
    with any country code, in E.164 (+46701234567); ValueError if it is not a valid number."""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValueError(str(error)) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
        help_text=_("For example 070-123 45 67, or +46 70 123 45 67 with the country code."),
    )

    def clean_phone_number(self):
        number = self.cleaned_data["phone_number"].strip()
        if not number:
            return ""
        try:
            return mobile_number_e164(number)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a mobile number such as 070-123 45 67 or +46 70 123 45 67.")
            ) from None

    def clean(self):
        cleaned = super().clean()
        # One error per field: an invalid number has already said what is wrong.
        missing = not cleaned.get("phone_number") and "phone_number" not in self.errors
        if cleaned.get("by_text_message") and missing:
            self.add_error("phone_number", _("A mobile number is needed for text messages."))
        return cleaned
