"""assessments_long.csv: every item answer of every response of record, as given.

Order without a big sort: participants are sorted by code (one row each), their responses are
read through the participant index and sorted per participant (a handful of rows), and the item
answers are unnested last, in jsonb's key order. jsonb keeps an object's keys sorted by length,
then bytes (the on-disk format, so it cannot change under a running database or pg_upgrade);
the assessments app stores item numbers as canonical decimals (`str(int)`), for which that is
numeric order. So the outer ORDER BY is already satisfied and PostgreSQL neither sorts the 15
million rows of a large trial nor spills the answers to disk. A key that is not a number makes
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
    participant_code_variable,
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
        participant_code_variable(SOURCE),
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
        SELECT e.participant_code, t."order" AS timepoint_order,
               {neutral("t.code")} AS timepoint,
               ({neutral("q.instrument")}) COLLATE "C" AS instrument,
               q.id, q.answers, {ts(ctx, "q.completed_at", "e")} AS answered_at
        FROM (SELECT * FROM ep WHERE NOT ep.data_deleted ORDER BY ep.participant_code) e
        JOIN {RESPONSE} q ON q.participant_id = e.id
        JOIN {TIMEPOINT} t ON t.id = q.timepoint_id
        WHERE {of_record("q")}
        -- q.id: a web response and a verified paper one may both be of record
        ORDER BY e.participant_code, t."order", 4, q.id
    ) r
    CROSS JOIN LATERAL jsonb_each(r.answers) a
    ORDER BY r.participant_code, r.timepoint_order, r.instrument, r.id"""  # noqa: S608
    return sql, params
