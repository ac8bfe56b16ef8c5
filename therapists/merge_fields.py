"""Merge fields in reply templates: {first_name} and {current_module}.

Only these exact names are replaced, by plain substitution. str.format is not used because a
template such as "{first_name.__class__}" would then reach into Python objects; any other
text in braces stays as written. The result is plain text, escaped wherever it is shown.
"""

import re

from django.utils.translation import gettext as _

from therapists.selectors import CurrentModule
from trial.models import Participant

FIELDS = ("first_name", "current_module")
_FIELD = re.compile(r"\{(" + "|".join(FIELDS) + r")\}")


def merge_values(participant: Participant, module: CurrentModule | None) -> dict[str, str]:
    first_name = participant.user.first_name.strip() or _("there")
    if module is None:
        module_text = _("the programme")
    else:
        module_text = _("module %(number)s, %(title)s") % {
            "number": module.number,
            "title": module.title,
        }
    return {"first_name": first_name, "current_module": module_text}


def template_render(body: str, values: dict[str, str]) -> str:
    return _FIELD.sub(lambda found: values[found.group(1)], body)
