from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessments.instruments import INSTRUMENTS
from trial.models import ConsentVersion, Site, Study, Timepoint, Withdrawal

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MAX_ALLOCATION_LIST_BYTES = 1_000_000


def _yes_no(label, help_text=""):
    return forms.ChoiceField(
        label=label,
        help_text=help_text,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )


class ScreeningForm(forms.Form):
    """Eligibility questions, then the 14 HADS items with the site's licensed texts."""

    age = forms.IntegerField(
        label=_("How old are you?"),
        help_text=_("In years, for example 45."),
        min_value=0,
        max_value=120,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("Give your age in whole years, for example 45."),
        ),
    )
    pain_months = forms.IntegerField(
        label=_("For how many months have you had pain in many parts of your body?"),
        help_text=_("In months, for example 18 for a year and a half."),
        min_value=0,
        max_value=1200,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("Give the number of months as a whole number, for example 18."),
        ),
    )
    pain_widespread = _yes_no(
        _(
            "Is your pain on both the left and right side of your body, above and below the "
            "waist, and also in your neck, chest or back?"
        )
    )
    site = forms.ModelChoiceField(
        label=_("Which rehabilitation site is nearest to you?"),
        queryset=Site.objects.none(),
        to_field_name="code",
        error_messages={
            "required": _("Choose the site nearest to you."),
            "invalid_choice": _("Choose the site nearest to you."),
        },
    )
    reads_language = _yes_no(
        _(
            "Can you read and write the language of the programme well enough "
            "to follow written modules?"
        )
    )
    has_device = _yes_no(_("Do you have a smartphone or computer with internet access?"))
    serious_disease = _yes_no(
        _(
            "Do you have a serious illness that needs other care first (for example cancer "
            "treatment, or a recent heart attack)?"
        )
    )

    def __init__(
        self,
        *args,
        study: Study,
        hads_texts: dict[int, str],
        hads_labels: dict[int, dict[int, str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = study.sites.filter(active=True)
        for number, text in sorted(hads_texts.items()):
            labels = hads_labels.get(number, {})
            self.fields[f"hads_{number}"] = forms.TypedChoiceField(
                label=text,
                coerce=int,
                widget=forms.RadioSelect,
                choices=[(v, labels.get(v, str(v))) for v in range(4)],
                error_messages=dict.fromkeys(
                    ("required", "invalid_choice"), _("Choose one of the four answers.")
                ),
            )

    def hads_items(self) -> dict[int, int]:
        return {
            int(name[5:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("hads_")
        }


class ConsentForm(forms.Form):
    def __init__(self, *args, consent_version: ConsentVersion, **kwargs):
        super().__init__(*args, **kwargs)
        for item in consent_version.items:
            self.fields[item["key"]] = forms.BooleanField(
                label=item["text"],
                required=item["required"],
                error_messages={
                    "required": _("Tick this box to consent. It is needed to take part.")
                },
            )

    def accepted_items(self) -> list[str]:
        return [key for key, accepted in self.cleaned_data.items() if accepted]


class WithdrawalForm(forms.Form):
    data_use = forms.ChoiceField(
        label=_("What may happen to the data collected so far?"),
        choices=Withdrawal.DataUse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what may happen to the data collected so far.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want to withdraw from the study."),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw.")},
    )


class StaffParticipantFilterForm(forms.Form):
    """The search and study filter of the staff participant list."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Participant code, name or email address."),
    )
    # Chosen from the studies' codes, so what a person types never reaches a query unchecked.
    study = forms.ChoiceField(label=_("Study"), required=False)

    def __init__(self, *args, studies, **kwargs):
        super().__init__(*args, **kwargs)
        self.studies = {study.code: study for study in studies}
        self.fields["study"].choices = [
            ("", _("All studies")),
            *((study.code, study.name) for study in self.studies.values()),
        ]

    def clean_study(self) -> Study | None:
        return self.studies.get(self.cleaned_data["study"])


class AllocationListForm(forms.Form):
    allocation_list = forms.FileField(
        label=_("Allocation list (CSV: stratum,position,arm)"),
        help_text=_(
            "The stratum is the site code. Sites that already have a sequence are refused."
        ),
    )

    def clean_allocation_list(self):
        upload = self.cleaned_data["allocation_list"]
        if upload.size > MAX_ALLOCATION_LIST_BYTES:
            raise ValidationError(_("The file is too large (at most 1 MB)."))
        return upload.read()


class StudySettingsForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = [
            "name",
            "registry_id",
            "min_age",
            "max_age",
            "min_pain_months",
            "hads_exclusion_above",
            "assign_care_teams_automatically",
        ]
        labels = {
            "name": _("Name of the study"),
            "registry_id": _("Registration number (for example NCT04624139)"),
            "min_age": _("Lowest age to take part"),
            "max_age": _("Highest age to take part"),
            "min_pain_months": _("Shortest time with pain (months)"),
            "hads_exclusion_above": _("Exclude if a HADS subscale is above"),
            "assign_care_teams_automatically": _(
                "Give each participant a therapist and a physiotherapist automatically"
            ),
        }
        help_texts = {
            "min_age": _("In years."),
            "max_age": _("In years."),
            "min_pain_months": _("A number of months, for example 3."),
            "hads_exclusion_above": _(
                "A score from 0 to 21: people whose anxiety or depression score is higher "
                "are not included."
            ),
            "assign_care_teams_automatically": _(
                "Within a minute of randomization: a physiotherapist for every participant, "
                "and a therapist in the intervention arm. Each is the colleague with the fewest "
                "participants among those already working at the participant's site (for a "
                "therapist, anywhere in the study if nobody at the site has one yet). Off: "
                "coordinators assign everyone by hand."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and low > high:
            raise ValidationError(_("The lowest age must not be above the highest."))
        return cleaned


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["code", "name", "active"]
        labels = {
            "code": _("Code (used in the research export)"),
            "name": _("Name"),
            "active": _("Takes in new participants"),
        }


class TimepointForm(forms.ModelForm):
    instruments = forms.CharField(
        label=_("Instruments (codes, comma separated)"),
        max_length=300,
        help_text=_(
            "For example: pain_vas, pain_locations, fatigue_vas, hads, rand36, mfi20, fiq, sci93"
        ),
    )

    class Meta:
        model = Timepoint
        fields = ["code", "label", "order", "anchor", "offset_days", "window_days", "instruments"]
        labels = {
            "code": _("Code (used in the research export, for example m6)"),
            "label": _("Name shown to participants"),
            "order": _("Order"),
            "anchor": _("Counted from"),
            "offset_days": _("Opens this many days later"),
            "window_days": _("Stays open for (days)"),
        }
        help_texts = {
            "order": _("Timepoints are listed by this number, lowest first."),
            "offset_days": _("A number of days, for example 182 for 6 months; 0 opens it at once."),
            "window_days": _("A number of days, for example 28."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["instruments"] = ", ".join(self.instance.instruments)

    def clean_instruments(self):
        codes = [c.strip() for c in self.cleaned_data["instruments"].split(",") if c.strip()]
        unknown = [c for c in codes if c not in INSTRUMENTS]
        if unknown or not codes:
            raise ValidationError(
                _("Unknown instrument codes: %(codes)s") % {"codes": ", ".join(unknown) or "—"}
            )
        return codes


class ConsentVersionForm(forms.ModelForm):
    items_text = forms.CharField(
        label=_("Consent items, one a line; start a line with * for an optional item"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )

    class Meta:
        model = ConsentVersion
        fields = ["version", "language", "text"]
        labels = {
            "version": _("Version"),
            "language": _("Language"),
            "text": _("Consent text"),
        }
        help_texts = {"version": _("For example 2.1. A version is published once per language.")}

    def clean_items_text(self):
        items = []
        for number, line in enumerate(self.cleaned_data["items_text"].splitlines(), start=1):
            line = line.strip()
            if line:
                optional = line.startswith("*")
                items.append(
                    {"key": f"item{number}", "text": line.lstrip("* "), "required": not optional}
                )
        if not any(item["required"] for item in items):
            raise ValidationError(_("At least one item must be required."))
        return items
