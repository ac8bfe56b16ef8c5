"""assessments_long.csv: every item answer of every response of record, as given.

Rows are sorted per response first (about 1/18 of the rows) and the item answers unnested
after that, so PostgreSQL only needs a small incremental sort per response. Item keys are the
item numbers the assessments app validated on the way in; a key that is not a number makes
the export fail loudly (the cast) rather than write a wrong row. Values are written as JSON
text: numbers as numbers, and anything else would start with a double quote, so no value can
start a spreadsheet formula.
"""

from django.utils.translation import override

from assessments.instruments import INSTRUMENTS
from research.export.base import (
    RESPONSE,
    TIMEPOINT,
    ExportContext,
    Variable,
    export_participants,
    neutral,
    of_record,
    ts,
)
from trial.models import Timepoint

FILE = "assessments_long.csv"
SOURCE = "questionnaire responses of record (web, or verified double-entered paper)"


def timepoint_labels(ctx: ExportContext) -> dict[str, str]:
    return dict(
        Timepoint.objects.filter(study_id=ctx.study_id)
        .order_by("order", "id")
        .values_list("code", "label")
    )


def instrument_labels() -> dict[str, str]:
    with override("en"):
        return {code: str(instrument.name) for code, instrument in INSTRUMENTS.items()}


def variables(ctx: ExportContext) -> list[Variable]:
    timepoints, instruments = timepoint_labels(ctx), instrument_labels()
    return [
        Variable("participant_code", "Pseudonymous participant code", "text", source=SOURCE),
        Variable(
            "timepoint",
            "Timepoint",
            "text",
            "",
            "|".join(timepoints),
            "study schedule",
            timepoints,
        ),
        Variable(
            "instrument", "Instrument", "text", "", "|".join(instruments), SOURCE, instruments
        ),
        Variable(
            "item",
            "Item number, from 1 in the instrument's own order (pain_locations: body region)",
            "integer",
            source=SOURCE,
        ),
        Variable(
            "value",
            "The answer as given, before any recoding (pain_locations: 1 when marked)",
            "decimal",
            source=SOURCE,
        ),
        Variable("answered_at", "Time the response was completed", "datetime", "UTC", "", SOURCE),
    ]


def select(ctx: ExportContext) -> tuple[str, dict]:
    ep_sql, params = export_participants(ctx)
    sql = f"""WITH {ep_sql}
    SELECT r.participant_code, r.timepoint, r.instrument, a.key::int AS item,
           a.value AS value, r.answered_at
    FROM (
        SELECT ep.participant_code, t."order" AS timepoint_order,
               {neutral("t.code")} AS timepoint, {neutral("q.instrument")} AS instrument,
               q.answers, {ts(ctx, "q.completed_at")} AS answered_at
        FROM {RESPONSE} q
        JOIN ep ON ep.id = q.participant_id
        JOIN {TIMEPOINT} t ON t.id = q.timepoint_id
        WHERE {of_record("q")} AND NOT ep.data_deleted
        ORDER BY ep.participant_code, t."order", 4
    ) r
    CROSS JOIN LATERAL jsonb_each(r.answers) a
    ORDER BY r.participant_code, r.timepoint_order, r.instrument, a.key::int"""  # noqa: S608
    return sql, params
