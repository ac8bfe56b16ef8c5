from django import forms
from django.utils.translation import gettext_lazy as _

from modules.models import ReleaseRule


class ReleaseRuleForm(forms.ModelForm):
    class Meta:
        model = ReleaseRule
        fields = [
            "start_offset_days",
            "min_days_between_modules",
            "require_previous_completed",
            "require_therapist_approval",
            "release_hour",
        ]
        labels = {
            "start_offset_days": _("Days from randomization to the first module"),
            "min_days_between_modules": _("Days between modules, at least"),
            "require_previous_completed": _("Open a module only when the one before is completed"),
            "require_therapist_approval": _("The therapist approves each module after the first"),
            "release_hour": _("Hour of the day modules open"),
        }
        help_texts = {
            "start_offset_days": _("A number of days from 0 to 365; 0 opens module 1 at once."),
            "min_days_between_modules": _("A number of days from 0 to 60."),
            "release_hour": _(
                "An hour from 0 to 23 in the participant's own time zone, for example 6 for 06:00."
            ),
        }

    def clean_release_hour(self):
        hour = self.cleaned_data["release_hour"]
        if hour > 23:
            raise forms.ValidationError(_("Give an hour from 0 to 23."))
        return hour

    def clean_min_days_between_modules(self):
        days = self.cleaned_data["min_days_between_modules"]
        if days > 60:
            raise forms.ValidationError(_("Give at most 60 days between modules."))
        return days

    def clean_start_offset_days(self):
        days = self.cleaned_data["start_offset_days"]
        if days > 365:
            raise forms.ValidationError(_("Give at most 365 days."))
        return days


class ProgrammeActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("open_early", ""), ("approve", ""), ("pause", ""), ("resume", "")]
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
