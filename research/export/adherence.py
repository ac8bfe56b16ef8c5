"""adherence.csv: one row per randomized participant with the trial's adherence variables.

The guidance figures (messages, feedback) come from therapists.selectors.guidance_adherence,
the inbox app's own definition; modules are counted from the same rows as module_progress.csv.
"""

from accounts.models import SignIn
from research.export.base import (
    ENROLMENT,
    MODULE,
    PROGRESS,
    ExportContext,
    Variable,
    compose,
    export_participants,
    neutral,
    participant_code_variable,
    ts,
)
from research.export.participants import arm_variable
from therapists.selectors import guidance_adherence

FILE = "adherence.csv"
SIGN_IN = SignIn._meta.db_table


def variables(ctx: ExportContext) -> list[Variable]:
    inbox = "guidance inbox (therapists.selectors.guidance_adherence)"
    return [
        participant_code_variable("trial"),
        arm_variable(),
        Variable(
            "modules_completed",
            "Modules completed (rows of module_progress.csv with completed_at)",
            "integer",
            "modules",
            "0-14",
            "programme module progress",
        ),
        Variable(
            "completed_all_modules",
            "Completed every module of the programme (1 yes, 0 no)",
            "integer",
            allowed_values="0|1",
            source="programme module progress",
        ),
        Variable(
            "logins",
            "Successful sign-ins to the platform",
            "integer",
            "logins",
            "",
            "sign-in log (accounts.SignIn)",
        ),
        Variable(
            "last_activity_at",
            "Last programme activity (intervention arm; empty in control)",
            "datetime",
            "UTC",
            "",
            "programme enrolment",
        ),
        Variable(
            "messages_from_participant",
            "Messages the participant wrote",
            "integer",
            "messages",
            "",
            inbox,
        ),
        Variable(
            "messages_from_therapist",
            "Messages the care team wrote",
            "integer",
            "messages",
            "",
            inbox,
        ),
        Variable(
            "therapist_feedback_count",
            "Care-team messages answering a submitted worksheet",
            "integer",
            "messages",
            "",
            inbox,
        ),
    ]


def _guidance_sql(ctx: ExportContext) -> str:
    queryset = (
        guidance_adherence()
        .filter(study_id=ctx.study_id)
        .exclude(arm="")
        .order_by()
        .values(
            "id",
            "messages_from_participant",
            "messages_from_therapist",
            "therapist_feedback_count",
        )
    )
    sql, params = queryset.query.sql_with_params()
    # Bound now and embedded as text, so its % signs are escaped for the outer binding.
    return compose(sql, params).replace("%", "%%")


def select(ctx: ExportContext) -> tuple[str, dict]:
    ep_sql, params = export_participants(ctx)
    sql = f"""WITH {ep_sql},
    progress AS (
        SELECT mp.participant_id, count(*) FILTER (WHERE mp.completed_at IS NOT NULL) AS done
        FROM {PROGRESS} mp JOIN ep ON ep.id = mp.participant_id
        GROUP BY mp.participant_id),
    logins AS (
        SELECT si.user_id, count(*) AS n
        FROM {SIGN_IN} si JOIN ep ON ep.user_id = si.user_id
        GROUP BY si.user_id),
    modules AS (SELECT count(*) AS n FROM {MODULE}),
    guidance AS MATERIALIZED ({_guidance_sql(ctx)})
    SELECT ep.participant_code, {neutral("ep.arm")} AS arm,
           COALESCE(p.done, 0) AS modules_completed,
           (modules.n > 0 AND COALESCE(p.done, 0) >= modules.n)::int AS completed_all_modules,
           COALESCE(l.n, 0) AS logins,
           {ts(ctx, "pe.last_activity_at")} AS last_activity_at,
           COALESCE(g.messages_from_participant, 0) AS messages_from_participant,
           COALESCE(g.messages_from_therapist, 0) AS messages_from_therapist,
           COALESCE(g.therapist_feedback_count, 0) AS therapist_feedback_count
    FROM ep
    CROSS JOIN modules
    LEFT JOIN progress p ON p.participant_id = ep.id
    LEFT JOIN logins l ON l.user_id = ep.user_id
    LEFT JOIN {ENROLMENT} pe ON pe.participant_id = ep.id
    LEFT JOIN guidance g ON g.id = ep.id
    WHERE ep.arm IS NOT NULL AND NOT ep.data_deleted
    ORDER BY ep.participant_code"""  # noqa: S608
    return sql, params
