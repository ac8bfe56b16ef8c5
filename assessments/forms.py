import re

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.instruments import Instrument, Item
from assessments.scoring import validate_answers

_ITEM_FIELD = re.compile(r"^item_")
NOT_ANSWERED = "none"


class AnswersForm(forms.Form):
    """Posted answers to some items of an instrument: ``answers`` = {item number: value or None}.

    Fields are named ``item_<number>``. Every answer goes through scoring.validate_answers, so a
    form accepts exactly what scoring accepts. `blank` says what an empty field means:
    "missing" (not answered), "zero" (an unticked body-map region) or "refused" (the resolver
    must choose, ``NOT_ANSWERED`` recording that the paper form has no answer).
    """

    def __init__(
        self,
        data=None,
        *,
        instrument: Instrument,
        items: tuple[Item, ...],
        blank: str = "missing",
        require_any: bool = False,
        initial_answers: dict[int, int] | None = None,
    ):
        initial = {f"item_{n}": str(v) for n, v in (initial_answers or {}).items()}
        super().__init__(data, initial=initial)
        self.instrument = instrument
        self.items = items
        self.blank = blank
        self.require_any = require_any
        self.answers: dict[int, int | None] = {}
        for item in items:
            self.fields[f"item_{item.number}"] = forms.CharField(required=False, max_length=10)

    def clean(self):
        unknown = [k for k in self.data if _ITEM_FIELD.match(k) and k not in self.fields]
        if unknown:
            raise forms.ValidationError(
                _(
                    "The form had an answer to a question that is not on this page. Nothing was "
                    "saved: please check your answers and save again."
                ),
                code="unknown_item",
            )
        answers: dict[int, int | None] = {}
        for item in self.items:
            name = f"item_{item.number}"
            raw = (self.cleaned_data.get(name) or "").strip()
            if name in self.errors:
                continue
            if raw == "" and self.blank == "zero":
                raw = "0"
            if raw == "" and self.blank == "refused":
                self.add_error(
                    name,
                    _(
                        "Question %(number)s: choose the answer on the paper form, or “not "
                        "answered”."
                    )
                    % {"number": item.number},
                )
                continue
            if raw == "" or (raw == NOT_ANSWERED and self.blank == "refused"):
                answers[item.number] = None
                continue
            value = _whole_number(raw)
            allowed = item.describe_allowed()
            if value is None:
                self.add_error(
                    name,
                    _("Question %(number)s: “%(value)s” is not a number. Allowed: %(allowed)s.")
                    % {"number": item.number, "value": raw, "allowed": allowed},
                )
                continue
            try:
                validate_answers(self.instrument, {item.number: value})
            except ValueError:
                self.add_error(
                    name,
                    _(
                        "Question %(number)s: %(value)s is not one of the allowed answers "
                        "(%(allowed)s)."
                    )
                    % {"number": item.number, "value": value, "allowed": allowed},
                )
                continue
            answers[item.number] = value
        if self.require_any and not self.errors and all(v is None for v in answers.values()):
            raise forms.ValidationError(
                _("Enter at least one answer from the paper form."), code="empty"
            )
        self.answers = answers
        return self.cleaned_data


def _whole_number(raw: str) -> int | None:
    try:
        return int(raw, 10)
    except ValueError:
        return None


STATE_CHOICES = [
    ("", _("Open or overdue")),
    ("open", _("Open")),
    ("overdue", _("Overdue")),
]


class FollowUpFilterForm(forms.Form):
    timepoint = forms.ChoiceField(label=_("Timepoint"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False, choices=STATE_CHOICES)

    def __init__(self, data=None, *, timepoints: list[tuple[str, str]]):
        super().__init__(data)
        self.fields["timepoint"].choices = [("", _("All timepoints")), *timepoints]
