"""participants.csv: one row per person who entered the trial flow (screened or further).

The `pb` CTE built here is also what consort.csv and the dashboard count, so the CONSORT flow
always agrees with this file.
"""

from django.utils.translation import override

from research.export.base import (
    ACTIVITY_PLAN,
    MODULE,
    PROGRESS,
    RESPONSE,
    SCREENING,
    SITE,
    VISIT,
    ExportContext,
    Variable,
    export_participants,
    neutral,
    of_record,
    participant_code_variable,
    ts,
)
from trial.models import Arm, Participant

FILE = "participants.csv"
SOURCE = "trial participant record"


def arm_labels(language: str = "en") -> dict[str, str]:
    """Arm names: in English for the bundle's files, in the reader's language on the dashboard."""
    with override(language):
        return {arm.value: str(arm.label) for arm in Arm}


def arm_variable() -> Variable:
    """The allocated arm as the adherence, goals and scores files carry it."""
    arms = arm_labels()
    return Variable("arm", "Allocated arm", "text", "", "|".join(arms), "allocation sequence", arms)


def status_labels() -> dict[str, str]:
    with override("en"):
        return {status.value: str(status.label) for status in Participant.Status}


def variables(ctx: ExportContext) -> list[Variable]:
    arms, statuses = arm_labels(), status_labels()
    followup = ctx.followup.code if ctx.followup else "none"
    baseline = ctx.baseline.code if ctx.baseline else "none"
    return [
        participant_code_variable(SOURCE),
        Variable("site", "Rehabilitation site (stratum of randomization)", "text", source=SOURCE),
        Variable(
            "arm",
            "Allocated arm; empty when not randomized",
            "text",
            allowed_values="|".join(arms),
            source="allocation sequence",
            value_labels=arms,
        ),
        Variable("screened_at", "Time of the eligibility screening", "datetime", "UTC", "", SOURCE),
        Variable("consented_at", "Time of informed consent", "datetime", "UTC", "", SOURCE),
        Variable("randomized_at", "Time of randomization", "datetime", "UTC", "", SOURCE),
        Variable(
            "status",
            "Current status in the trial flow",
            "text",
            allowed_values="|".join(statuses),
            source=SOURCE,
            value_labels=statuses,
        ),
        Variable("withdrawn_at", "Time of withdrawal", "datetime", "UTC", "", SOURCE),
        Variable(
            "baseline_completed",
            f"Every instrument of timepoint {baseline} has a response of record (1 yes, 0 no)",
            "integer",
            allowed_values="0|1",
            source="questionnaire responses of record",
        ),
        Variable(
            "followup_completed",
            f"Every instrument of timepoint {followup} has a response of record (1 yes, 0 no)",
            "integer",
            allowed_values="0|1",
            source="questionnaire responses of record",
        ),
    ]


def base_cte(ctx: ExportContext) -> tuple[str, dict]:
    """`ep`, `completed` and `pb`: participants with their flow flags (raw timestamps)."""
    ep_sql, params = export_participants(ctx)
    for name, timepoint in (("baseline", ctx.baseline), ("followup", ctx.followup)):
        # A timepoint listing no instruments is never complete (as in assessments.selectors).
        params[f"{name}_id"] = timepoint.pk if timepoint else None
        params[f"{name}_instruments"] = list(timepoint.instruments) if timepoint else []
        params[f"{name}_n"] = len(timepoint.instruments) if timepoint else -1
        if timepoint and not timepoint.instruments:
            params[f"{name}_n"] = -1
    sql = f"""{ep_sql},
    answered AS (
        -- The timepoints are the study's own, so no join to ep is needed, and the grouping
        -- follows the response_of_record index: one streamed index-only scan.
        SELECT q.participant_id, q.timepoint_id, q.instrument
        FROM {RESPONSE} q
        WHERE {of_record("q")} AND q.timepoint_id IN (%(baseline_id)s, %(followup_id)s)
        GROUP BY 1, 2, 3),
    completed AS (
        SELECT participant_id,
               count(*) FILTER (WHERE timepoint_id = %(baseline_id)s
                   AND instrument = ANY(%(baseline_instruments)s)) = %(baseline_n)s AS baseline,
               count(*) FILTER (WHERE timepoint_id = %(followup_id)s
                   AND instrument = ANY(%(followup_instruments)s)) = %(followup_n)s AS followup
        FROM answered GROUP BY participant_id),
    pb AS MATERIALIZED (
        SELECT ep.*, s.code AS site_code,
               CASE WHEN ep.screened_at IS NULL THEN false
                    ELSE COALESCE(sc.eligible, ep.status <> 'ineligible') END AS eligible,
               COALESCE(c.baseline, false)::int AS baseline_completed,
               COALESCE(c.followup, false)::int AS followup_completed,
               CASE
                 WHEN ep.arm = 'intervention' THEN EXISTS (
                   SELECT 1 FROM {PROGRESS} mp JOIN {MODULE} m ON m.id = mp.module_id
                   WHERE mp.participant_id = ep.id AND m.number = 1
                     AND mp.first_opened_at IS NOT NULL)
                 WHEN ep.arm = 'control' THEN EXISTS (
                   SELECT 1 FROM {VISIT} v
                   WHERE v.participant_id = ep.id AND v.number = 1 AND v.held_at IS NOT NULL)
                   OR EXISTS (SELECT 1 FROM {ACTIVITY_PLAN} ap WHERE ap.participant_id = ep.id)
                 ELSE false
               END AS started
        FROM ep
        LEFT JOIN {SITE} s ON s.id = ep.site_id
        LEFT JOIN {SCREENING} sc ON sc.participant_id = ep.id
        LEFT JOIN completed c ON c.participant_id = ep.id)"""  # noqa: S608
    return sql, params


def select(ctx: ExportContext) -> tuple[str, dict]:
    """The file's rows; also read (without ORDER BY cost) by the dashboard."""
    base, params = base_cte(ctx)
    sql = f"""WITH {base}
    SELECT pb.participant_code, {neutral("pb.site_code")} AS site, {neutral("pb.arm")} AS arm,
           {ts(ctx, "pb.screened_at", "pb")} AS screened_at,
           {ts(ctx, "pb.consented_at", "pb")} AS consented_at,
           {ts(ctx, "pb.randomized_at", "pb")} AS randomized_at,
           {neutral("pb.status")} AS status,
           {ts(ctx, "pb.withdrawn_at", "pb")} AS withdrawn_at,
           pb.baseline_completed, pb.followup_completed
    FROM pb
    ORDER BY pb.participant_code"""  # noqa: S608
    return sql, params
