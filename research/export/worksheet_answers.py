"""worksheet_answers.csv (only with --include-free-text, coordinators only): the participants'
submitted worksheet answers, one row per field. Text fields hold the text as written; other
fields (checklists, scales, diaries) hold their stored value as JSON text.
"""

from research.export.base import (
    MODULE,
    WORKSHEET_ANSWER,
    ExportContext,
    Variable,
    export_participants,
    neutral,
    participant_code_variable,
    ts,
)

FILE = "worksheet_answers.csv"
SOURCE = "programme worksheet answers (free text)"


def variables(ctx: ExportContext) -> list[Variable]:
    return [
        participant_code_variable(SOURCE),
        Variable("module_number", "Module number", "integer", "", "1-14", SOURCE),
        Variable("worksheet", "Worksheet key in the module's content", "text", source=SOURCE),
        Variable("field", "Field key in the worksheet", "text", source=SOURCE),
        Variable(
            "answer", "The answer as written (free text) or stored (JSON)", "text", source=SOURCE
        ),
        Variable("submitted_at", "Time the worksheet was submitted", "datetime", "UTC", "", SOURCE),
    ]


def select(ctx: ExportContext) -> tuple[str, dict]:
    ep_sql, params = export_participants(ctx)
    sql = f"""WITH {ep_sql}
    SELECT ep.participant_code, m.number AS module_number,
           {neutral("wa.worksheet_key")} AS worksheet, {neutral("f.key")} AS field,
           {neutral("f.value")} AS answer, {ts(ctx, "wa.submitted_at")} AS submitted_at
    FROM {WORKSHEET_ANSWER} wa
    JOIN ep ON ep.id = wa.participant_id
    JOIN {MODULE} m ON m.id = wa.module_id
    CROSS JOIN LATERAL jsonb_each_text(
        CASE WHEN jsonb_typeof(wa.data) = 'object' THEN wa.data ELSE '{{}}'::jsonb END) f
    WHERE wa.submitted_at IS NOT NULL AND NOT ep.data_deleted
    ORDER BY ep.participant_code, m.number, wa.worksheet_key COLLATE "C", f.key COLLATE "C"
    """  # noqa: S608
    return sql, params
