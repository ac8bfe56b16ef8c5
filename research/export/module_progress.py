"""module_progress.csv: one row per participant and unlocked module, with the text they saw."""

from django.conf import settings

from research.export.base import (
    MODULE,
    MODULE_VERSION,
    PROGRESS,
    WORKSHEET_ANSWER,
    ExportContext,
    Variable,
    export_participants,
    neutral,
    participant_code_variable,
    ts,
)

FILE = "module_progress.csv"
SOURCE = "programme module progress"


def variables(ctx: ExportContext) -> list[Variable]:
    return [
        participant_code_variable(SOURCE),
        Variable("module_number", "Module number", "integer", "", "1-14", SOURCE),
        Variable(
            "content_version",
            "SHA-256 of the module text the participant first opened (empty if never opened)",
            "text",
            source="modules/content, as loaded by load_programme",
        ),
        Variable(
            "content_language",
            "Language of the module text the participant first opened (empty if never opened)",
            "text",
            "",
            ", ".join(code for code, _name in settings.LANGUAGES),
            "modules/content, as loaded by load_programme",
        ),
        Variable("unlocked_at", "Time the module opened", "datetime", "UTC", "", SOURCE),
        Variable("first_opened_at", "Time first opened", "datetime", "UTC", "", SOURCE),
        Variable("completed_at", "Time completed", "datetime", "UTC", "", SOURCE),
        Variable("time_spent_seconds", "Time spent on its pages", "integer", "seconds", "", SOURCE),
        Variable(
            "exercises_submitted",
            "Worksheets of the module the participant submitted",
            "integer",
            "worksheets",
            "",
            "worksheet answers",
        ),
    ]


def select(ctx: ExportContext) -> tuple[str, dict]:
    ep_sql, params = export_participants(ctx)
    sql = f"""WITH {ep_sql},
    submitted AS (
        SELECT participant_id, module_id, count(*) AS n
        FROM {WORKSHEET_ANSWER} WHERE submitted_at IS NOT NULL
        GROUP BY participant_id, module_id)
    SELECT ep.participant_code, m.number AS module_number,
           {neutral("v.content_hash")} AS content_version,
           v.language AS content_language,
           {ts(ctx, "mp.unlocked_at")} AS unlocked_at,
           {ts(ctx, "mp.first_opened_at")} AS first_opened_at,
           {ts(ctx, "mp.completed_at")} AS completed_at,
           mp.time_spent_seconds,
           COALESCE(w.n, 0) AS exercises_submitted
    FROM {PROGRESS} mp
    JOIN ep ON ep.id = mp.participant_id
    JOIN {MODULE} m ON m.id = mp.module_id
    LEFT JOIN {MODULE_VERSION} v ON v.id = mp.content_version_id
    LEFT JOIN submitted w ON w.participant_id = mp.participant_id AND w.module_id = mp.module_id
    WHERE NOT ep.data_deleted
    ORDER BY ep.participant_code, m.number"""  # noqa: S608
    return sql, params
