"""scores_wide.csv: one row per randomized participant, one column per instrument, scale and
timepoint of the study (`<instrument>_<scale>_<timepoint>`), from the stored Score rows of the
responses of record. Columns follow the instrument registry's order, then the instrument's
scales, then the study's timepoints; a study without an instrument at a timepoint has no column
for it.
"""

import re

from django.db import connection

from assessments.instruments import INSTRUMENTS
from assessments.scoring import RULE_VERSIONS
from research.export.base import (
    PARTICIPANT,
    RESPONSE,
    SCORE,
    ExportContext,
    Variable,
    export_participants,
    neutral,
    of_record,
    participant_code_variable,
)
from research.export.participants import arm_variable

FILE = "scores_wide.csv"


def score_columns(ctx: ExportContext) -> list[tuple[str, str, str, int]]:
    """(column, instrument, scale, timepoint id) in the file's fixed order."""
    columns = []
    for code, instrument in INSTRUMENTS.items():
        for scale in instrument.scales:
            for timepoint in ctx.timepoints:
                if code in timepoint.instruments:
                    name = re.sub(
                        r"[^a-z0-9_]", "_", f"{code}_{scale.code}_{timepoint.code}".lower()
                    )
                    columns.append((name, code, scale.code, timepoint.pk))
    return columns


def rule_versions(ctx: ExportContext) -> dict[str, list[str]]:
    """The scoring rule versions behind the study's stored scores, per instrument."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT DISTINCT q.instrument, s.rule_version
            FROM {SCORE} s JOIN {RESPONSE} q ON q.id = s.response_id
            JOIN {PARTICIPANT} p ON p.id = q.participant_id
            WHERE p.study_id = %s ORDER BY 1, 2""",  # noqa: S608
            [ctx.study_id],
        )
        found: dict[str, list[str]] = {}
        for instrument, version in cursor.fetchall():
            found.setdefault(instrument, []).append(version)
    return found


def variables(ctx: ExportContext) -> list[Variable]:
    versions = rule_versions(ctx)
    result = [
        participant_code_variable("trial"),
        arm_variable(),
    ]
    for name, code, scale_code, timepoint_id in score_columns(ctx):
        instrument = INSTRUMENTS[code]
        scale = instrument.scale(scale_code)
        timepoint = next(tp for tp in ctx.timepoints if tp.pk == timepoint_id)
        rules = ", ".join(versions.get(code) or [RULE_VERSIONS[code]])
        result.append(
            Variable(
                name,
                f"{instrument.name}: {scale.name} at {timepoint.code}"
                + (" (higher is worse)" if scale.higher_is_worse else " (higher is better)"),
                "decimal",
                "score",
                f"{scale.minimum:g}-{scale.maximum:g}",
                f"{code} {instrument.version}, scale {scale_code}; scoring rule {rules}",
            )
        )
    return result


def select(ctx: ExportContext) -> tuple[str, dict]:
    ep_sql, params = export_participants(ctx)
    columns = score_columns(ctx)
    # Each score finds its column number once (a hash join on a small list); the pivot then
    # compares integers, not three text columns per column.
    listed = ", ".join(
        f"({number}, %(i{number})s, %(s{number})s, %(t{number})s::bigint)"
        for number in range(len(columns))
    )
    pivots = []
    for number, (name, code, scale_code, timepoint_id) in enumerate(columns):
        params.update({f"i{number}": code, f"s{number}": scale_code, f"t{number}": timepoint_id})
        pivots.append(f'max(c.value) FILTER (WHERE c.number = {number}) AS "{name}"')
    pivot_sql = "".join(f",\n           {pivot}" for pivot in pivots)
    nothing = "SELECT NULL::int, NULL::text, NULL::text, NULL::bigint WHERE false"  # no columns
    sql = f"""WITH {ep_sql},
    score_columns(number, instrument, scale, timepoint_id) AS (
        {f"VALUES {listed}" if columns else nothing}),
    cells AS (
        SELECT q.participant_id, sc.number, s.value
        FROM {RESPONSE} q
        JOIN {SCORE} s ON s.response_id = q.id
        JOIN score_columns sc ON sc.instrument = q.instrument AND sc.scale = s.scale
                             AND sc.timepoint_id = q.timepoint_id
        WHERE {of_record("q")})
    SELECT ep.participant_code, {neutral("ep.arm")} AS arm{pivot_sql}
    FROM ep
    LEFT JOIN cells c ON c.participant_id = ep.id
    WHERE ep.arm IS NOT NULL AND NOT ep.data_deleted
    GROUP BY ep.participant_code, ep.arm
    ORDER BY ep.participant_code"""  # noqa: S608
    return sql, params
