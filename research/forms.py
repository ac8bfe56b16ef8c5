from django import forms
from django.utils.translation import gettext_lazy as _

from research.models import ExportJob
from trial.models import Study


class ExportForm(forms.Form):
    study = forms.ModelChoiceField(
        label=_("Study"), queryset=Study.objects.order_by("name", "code"), to_field_name="code"
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=ExportJob.Format.choices, initial=ExportJob.Format.CSV
    )
    shift_dates = forms.BooleanField(
        label=_("Shift each participant's dates by a fixed random offset (up to 30 days)"),
        required=False,
    )
    include_free_text = forms.BooleanField(
        label=_("Include free text (goal descriptions and worksheet answers)"),
        required=False,
        help_text=_("Coordinators only. Free text may identify a participant."),
    )

    def __init__(self, *args, may_include_free_text: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_include_free_text:
            del self.fields["include_free_text"]
