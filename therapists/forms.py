import datetime as dt
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from config.forms import DATETIME_HELP
from therapists.models import MESSAGE_MAX_LENGTH, NOTE_MAX_LENGTH, CareRole, MessageTemplate
from therapists.services import InboxError, message_body_clean


class MessageForm(forms.Form):
    """A message; the hidden key is made when the form is shown, so a resend stores it once."""

    body = forms.CharField(
        label=_("Your message"),
        strip=False,
        error_messages={"required": _("Write a message before you send it.")},
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].error_messages["required"] = _(
            "This form has expired. Copy your text, reload the page and send it again."
        )
        self.fields["idempotency_key"].error_messages["invalid"] = self.fields[
            "idempotency_key"
        ].error_messages["required"]

    def clean_body(self) -> str:
        try:
            return message_body_clean(self.cleaned_data.get("body", ""))
        except InboxError as error:
            raise ValidationError(str(error)) from None


class ReplyForm(MessageForm):
    """A care-team message, optionally feedback on one of the participant's sent worksheets."""

    body = forms.CharField(
        label=_("Reply"),
        strip=False,
        error_messages={"required": _("Write a message before you send it.")},
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    worksheet = forms.TypedChoiceField(
        label=_("Feedback on a worksheet"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, worksheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksheet"].choices = [("", _("No worksheet: a message only"))] + [
            (answer.pk, answer.choice_label) for answer in worksheets
        ]


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["title", "body", "shared"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "maxlength": MESSAGE_MAX_LENGTH})}
        labels = {"title": _("Name of the template"), "body": _("Message")}
        help_texts = {
            "body": _(
                "You can use {first_name} and {current_module}; they are filled in for each "
                "participant."
            )
        }

    def clean_body(self) -> str:
        try:
            return message_body_clean(self.cleaned_data.get("body", ""))
        except InboxError as error:
            raise ValidationError(str(error)) from None


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("New note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the note before you save it.")},
    )


class TimeAdjustForm(forms.Form):
    week = forms.CharField(
        label=_("Week"),
        help_text=_("As year and week number, for example 2026-W05."),
        widget=forms.TextInput(attrs={"type": "week"}),
    )
    minutes = forms.IntegerField(
        label=_("Total minutes that week"),
        help_text=_("Whole minutes, for example 90 for an hour and a half."),
        min_value=0,
        max_value=7 * 24 * 60,
    )

    def clean_week(self) -> tuple[int, int]:
        value = self.cleaned_data["week"].strip().upper()
        try:
            year, week = value.split("-W")
            dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            raise ValidationError(
                _("Enter a week as year and week number, e.g. 2026-W05.")
            ) from None
        return int(year), int(week)


class FlagResolveForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say briefly what was done before you close the flag.")},
    )


def _staff_choices(role: str):
    return User.objects.filter(role=role, is_active=True).order_by("first_name", "last_name")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class AssignForm(forms.Form):
    role = forms.ChoiceField(choices=CareRole.choices, widget=forms.HiddenInput)
    staff = StaffChoiceField(
        label=_("Assign"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, role: str, **kwargs):
        kwargs.setdefault("auto_id", f"id_{role}_%s")  # two of these forms share a page
        kwargs["initial"] = {"role": role, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        staff_role = Role.THERAPIST if role == CareRole.THERAPIST else Role.PHYSIOTHERAPIST
        self.fields["staff"].queryset = _staff_choices(staff_role)
        self.fields["staff"].label = CareRole(role).label


class CoverForm(forms.Form):
    absent_therapist = StaffChoiceField(label=_("Absent therapist"), queryset=User.objects.none())
    covering_therapist = StaffChoiceField(
        label=_("Covering therapist"), queryset=User.objects.none()
    )
    starts_at = forms.DateTimeField(
        label=_("From"),
        help_text=DATETIME_HELP,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Until"),
        help_text=DATETIME_HELP,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("absent_therapist", "covering_therapist"):
            self.fields[name].queryset = _staff_choices(Role.THERAPIST)
