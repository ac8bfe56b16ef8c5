"""Worksheets: forms built from a module's worksheet definition, and saving answers.

Answers are stored as JSON: text -> str, scale -> int or None, checklist -> [values],
diary -> one {column: value} dict per day. Drafts accept partial answers but never invalid
ones (too long, out of range); submitting also needs every required question answered.
"""

from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.models import ModuleProgress, WorksheetAnswer
from modules.services import module_completion_check, participant_activity_touch


class WorksheetLocked(Exception):
    """The worksheet was already submitted; submitted answers are kept as they were sent."""


class WorksheetConflict(Exception):
    """Another tab or device saved this worksheet after the version this save started from."""

    def __init__(self, answer: WorksheetAnswer):
        super().__init__("conflicting save")
        self.answer = answer


def _cell_name(field_key: str, day: int, column_key: str) -> str:
    return f"{field_key}__{day}__{column_key}"


def _scale_choices(low: int, high: int) -> list[tuple[int, str]]:
    return [(value, str(value)) for value in range(low, high + 1)]


def _range_message(low: int, high: int) -> str:
    return _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}


class WorksheetForm(forms.Form):
    required_message = gettext_lazy("Please answer this before you submit.")

    def __init__(self, worksheet: dict, *args, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.worksheet = worksheet
        self.submitting = submitting
        for spec in worksheet["fields"]:
            if spec["type"] == "diary":
                for day in range(1, spec["days"] + 1):
                    for column in spec["columns"]:
                        name = _cell_name(spec["key"], day, column["key"])
                        self.fields[name] = self._diary_cell(spec, day, column)
            else:
                self.fields[spec["key"]] = self._question(spec)

    @staticmethod
    def _question(spec: dict) -> forms.Field:
        if spec["type"] == "text":
            return forms.CharField(
                label=spec["label"],
                help_text=spec["help"],
                required=False,
                max_length=spec["max_length"],
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        if spec["type"] == "scale":
            low, high = spec["min"], spec["max"]
            return forms.TypedChoiceField(
                label=spec["label"],
                help_text=spec["help"],
                required=False,
                choices=_scale_choices(low, high),
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _range_message(low, high)},
            )
        return forms.MultipleChoiceField(
            label=spec["label"],
            help_text=spec["help"],
            required=False,
            choices=[(o["value"], o["label"]) for o in spec["options"]],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Choose only from the options shown.")},
        )

    @staticmethod
    def _diary_cell(spec: dict, day: int, column: dict) -> forms.Field:
        label = _("Day %(day)s: %(column)s") % {"day": day, "column": column["label"]}
        if column["type"] == "scale":
            low, high = column["min"], column["max"]
            message = _range_message(low, high)
            return forms.IntegerField(
                label=label,
                required=False,
                min_value=low,
                max_value=high,
                error_messages={"invalid": message, "min_value": message, "max_value": message},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        return forms.CharField(label=label, required=False, max_length=column["max_length"])

    def clean(self):
        cleaned = super().clean()
        if not self.submitting:
            return cleaned
        for spec in self.worksheet["fields"]:
            if not spec["required"]:
                continue
            if spec["type"] == "diary":
                if not any(_filled(row) for row in self._diary_rows(spec, cleaned)):
                    self.add_error(
                        None,
                        _("%(label)s: fill in at least one day before you submit.")
                        % {"label": spec["label"]},
                    )
            elif not _filled_value(cleaned.get(spec["key"])) and spec["key"] not in self.errors:
                self.add_error(spec["key"], self.required_message)
        return cleaned

    @staticmethod
    def _diary_rows(spec: dict, cleaned: dict) -> list[dict]:
        return [
            {c["key"]: cleaned.get(_cell_name(spec["key"], day, c["key"])) for c in spec["columns"]}
            for day in range(1, spec["days"] + 1)
        ]

    def answer_data(self) -> dict:
        """The cleaned answers in their stored JSON shape."""
        data = {}
        for spec in self.worksheet["fields"]:
            if spec["type"] == "diary":
                rows = self._diary_rows(spec, self.cleaned_data)
                data[spec["key"]] = [
                    {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
                    for row in rows
                ]
            else:
                value = self.cleaned_data.get(spec["key"])
                data[spec["key"]] = value.strip() if isinstance(value, str) else value
        return data

    @classmethod
    def initial_from(cls, worksheet: dict, data: dict) -> dict:
        initial = {}
        for spec in worksheet["fields"]:
            value = data.get(spec["key"])
            if spec["type"] == "diary":
                for day, row in enumerate(value or [], start=1):
                    for column_key, cell in row.items():
                        initial[_cell_name(spec["key"], day, column_key)] = cell
            elif value is not None:
                initial[spec["key"]] = value
        return initial

    def layout(self) -> list[dict]:
        """Questions in order, for the template: bound fields, and diaries as rows of cells."""
        items = []
        for spec in self.worksheet["fields"]:
            if spec["type"] == "diary":
                rows = [
                    {
                        "day": day,
                        "cells": [
                            self[_cell_name(spec["key"], day, c["key"])] for c in spec["columns"]
                        ],
                    }
                    for day in range(1, spec["days"] + 1)
                ]
                items.append({"spec": spec, "rows": rows})
            else:
                items.append({"spec": spec, "field": self[spec["key"]]})
        return items


def _filled_value(value) -> bool:
    return value not in (None, "", [])


def _filled(row: dict) -> bool:
    return any(_filled_value(v.strip() if isinstance(v, str) else v) for v in row.values())


def worksheet_save(
    *,
    progress: ModuleProgress,
    worksheet_key: str,
    data: dict,
    base_revision: int,
    submit: bool = False,
) -> WorksheetAnswer:
    """Save a draft (or submit) on top of `base_revision`; never overwrites a newer save."""
    with transaction.atomic():
        answer, _created = WorksheetAnswer.objects.select_for_update().get_or_create(
            participant_id=progress.participant_id,
            module_id=progress.module_id,
            worksheet_key=worksheet_key,
            defaults={"content_version_id": progress.content_version_id},
        )
        if answer.submitted_at is not None:
            raise WorksheetLocked
        if answer.revision != base_revision:
            raise WorksheetConflict(answer)
        now = timezone.now()
        answer.data = data
        answer.revision += 1
        answer.updated_at = now
        if submit:
            answer.submitted_at = now
        answer.save(update_fields=["data", "revision", "updated_at", "submitted_at"])
    participant_activity_touch(participant_id=progress.participant_id)
    if submit:
        module_completion_check(progress=progress)
    return answer


@dataclass(frozen=True)
class AnswerItem:
    """One question of a sent worksheet and its answer, as a reader sees it.

    A class rather than a dict: a template reads `item.values` or `item.items` of a dict as the
    dict's own methods whenever that key is missing, and showed the question-answer pairs.
    """

    label: str
    kind: str  # the field type: text, scale, checklist or diary
    text: str = ""
    chosen: tuple[str, ...] = ()  # a checklist's chosen options, by their labels
    scale_value: int | None = None
    scale_max: int | None = None
    columns: tuple[str, ...] = ()  # a diary's column labels
    days: tuple[tuple[int, tuple], ...] = ()  # a diary's filled-in days: (day, cells)

    @property
    def answered(self) -> bool:
        return bool(self.text or self.chosen or self.days) or self.scale_value is not None


def answer_items(worksheet: dict, data: dict) -> list[AnswerItem]:
    """Answers in a readable shape for pages and print: labels instead of stored values."""
    items = []
    for spec in worksheet["fields"]:
        value = data.get(spec["key"])
        label, kind = spec["label"], spec["type"]
        if kind == "diary":
            keys = [c["key"] for c in spec["columns"]]
            item = AnswerItem(
                label=label,
                kind=kind,
                columns=tuple(c["label"] for c in spec["columns"]),
                days=tuple(
                    (day, tuple(row.get(key) for key in keys))
                    for day, row in enumerate(value or [], start=1)
                    if _filled(row)
                ),
            )
        elif kind == "checklist":
            labels = {o["value"]: o["label"] for o in spec["options"]}
            item = AnswerItem(
                label=label, kind=kind, chosen=tuple(labels.get(v, v) for v in value or [])
            )
        elif kind == "scale":
            item = AnswerItem(label=label, kind=kind, scale_value=value, scale_max=spec["max"])
        else:
            item = AnswerItem(label=label, kind=kind, text=(value or "").strip())
        items.append(item)
    return items
