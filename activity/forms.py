from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activity.models import MAX_STRENGTH_SESSIONS, MAX_WEEKLY_MINUTES, Goal, GoalRating, Visit
from config.forms import DATE_HELP, DATETIME_HELP

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Messages state the limits (MAX_WEEKLY_MINUTES, MAX_STRENGTH_SESSIONS, Visit.SCHEDULE) as
# literal numbers, so that translators see whole sentences.
def _minutes_field(label, help_text) -> forms.IntegerField:
    message = _("Give a number of minutes from 0 to 2000.")
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=MAX_WEEKLY_MINUTES,
        initial=0,
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class ActivityPlanForm(forms.Form):
    activities = forms.CharField(
        label=_("What"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The activities the participant chose, for example walking or cycling."),
        error_messages={"required": _("Describe the activities of the plan.")},
    )
    frequency = forms.CharField(
        label=_("How often"),
        max_length=200,
        required=False,
        help_text=_("For example: three times a week."),
    )
    duration = forms.CharField(
        label=_("How long"),
        max_length=200,
        required=False,
        help_text=_("For example: 30 minutes each time."),
    )
    intensity = forms.CharField(
        label=_("Intensity"),
        max_length=200,
        required=False,
        help_text=_("For example: moderate, a little out of breath."),
    )
    weekly_moderate_minutes = _minutes_field(
        _("Target: moderate activity, minutes a week"),
        _("Minutes a week, from 0 to 2000. The WHO recommends 150 to 300."),
    )
    weekly_vigorous_minutes = _minutes_field(
        _("Target: vigorous activity, minutes a week"),
        _("Minutes a week, from 0 to 2000. The WHO recommends 75 to 150."),
    )
    strength_sessions_per_week = forms.IntegerField(
        label=_("Target: strength training sessions a week"),
        help_text=_("Sessions a week, from 0 to 14. The WHO recommends at least 2."),
        min_value=0,
        max_value=MAX_STRENGTH_SESSIONS,
        initial=0,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"),
            _("Give a number of sessions from 0 to 14."),
        ),
    )


class VisitPlanForm(forms.Form):
    number = forms.TypedChoiceField(
        label=_("Visit"),
        coerce=int,
        choices=[
            (1, _("Visit 1 (baseline)")),
            (2, _("Visit 2 (week 4)")),
            (3, _("Visit 3 (week 12)")),
        ],
        error_messages={
            "required": _("Choose visit 1, 2 or 3."),
            "invalid_choice": _("Choose visit 1, 2 or 3."),
        },
    )
    planned_for = forms.DateField(
        label=_("Planned for"),
        help_text=DATE_HELP,
        widget=_DATE,
        error_messages={"required": _("Give the date of the visit.")},
    )


class _WhoSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [
            ("unknown", _("Not rated yet")),
            ("true", _("Yes, the recommendation is met")),
            ("false", _("No, it is not met")),
        ]


class VisitRecordForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Held at"),
        help_text=DATETIME_HELP,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Give the date and time the visit was held.")},
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    meets_who_recommendation = forms.NullBooleanField(
        required=False,
        label=_("Does the participant meet the WHO recommendation?"),
        help_text=_(
            "150-300 minutes of moderate or 75-150 minutes of vigorous activity a week, plus "
            "strength training."
        ),
        widget=_WhoSelect,
    )

    def __init__(self, *args, visit: Visit, **kwargs):
        super().__init__(*args, **kwargs)
        if not visit.rates_who_recommendation:
            del self.fields["meets_who_recommendation"]

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now():
            raise forms.ValidationError(_("The visit cannot be in the future."))
        return held_at


class GoalForm(forms.Form):
    """A new goal (with its kind) or a change to one (`goal` given: the kind stays)."""

    kind = forms.ChoiceField(
        label=_("Kind of goal"),
        choices=Goal.Kind.choices,
        error_messages={"required": _("Choose the kind of goal.")},
    )
    description = forms.CharField(
        label=_("Goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the goal.")},
    )
    target_date = forms.DateField(
        label=_("Target date"), required=False, help_text=DATE_HELP, widget=_DATE
    )

    def __init__(self, *args, goal: Goal | None = None, has_main_goal: bool = False, **kwargs):
        if goal is not None:
            kwargs.setdefault(
                "initial", {"description": goal.description, "target_date": goal.target_date}
            )
        super().__init__(*args, **kwargs)
        self.has_main_goal = has_main_goal
        if goal is not None:
            del self.fields["kind"]
        elif has_main_goal:
            self.fields["kind"].initial = Goal.Kind.INTERMEDIATE

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if kind == Goal.Kind.MAIN and self.has_main_goal:
            raise forms.ValidationError(
                _("There is already a main goal. Change that goal, or add an intermediate one.")
            )
        return kind

    def clean_target_date(self):
        target_date = self.cleaned_data["target_date"]
        # An unchanged date may have passed since it was set; a new one may not be in the past.
        changed = target_date != self.initial.get("target_date")
        if target_date and changed and target_date < timezone.localdate():
            raise forms.ValidationError(_("The target date cannot be in the past."))
        return target_date


class GoalRatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Was the goal attained?"),
        choices=GoalRating.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how well the goal was attained."),
            "invalid_choice": _("Choose how well the goal was attained."),
        },
    )


def goal_rating_form(
    goal: Goal, rating: GoalRating | None, data=None, *, label=None
) -> GoalRatingForm:
    """A rating form for `goal`, showing the current rating; its ids are unique per goal, since
    one page shows a form for each goal."""
    form = GoalRatingForm(
        data,
        auto_id=f"id_goal{goal.pk}_%s",
        initial={"rating": rating.rating} if rating else None,
    )
    if label is not None:
        form.fields["rating"].label = label
    return form
