"""goals.csv: one row per activity-plan goal, with the participant's own attainment rating.

The trial's goal outcome is the participant's rating at visit 3 ("were the plan's goals met?"),
so `attained` and `rated_at` are the participant's rating; the physiotherapist's rating is not
part of the contract. With --include-free-text (coordinators only) a last column,
`description`, holds the goal as written.
"""

from django.utils.translation import override

from activity.models import Goal, GoalRating
from research.export.base import (
    GOAL,
    GOAL_RATING,
    ExportContext,
    Variable,
    export_participants,
    neutral,
    participant_code_variable,
    ts,
)
from research.export.participants import arm_variable

FILE = "goals.csv"
SOURCE = "physical activity plan goals"


def variables(ctx: ExportContext) -> list[Variable]:
    with override("en"):
        kinds = {kind.value: str(kind.label) for kind in Goal.Kind}
        ratings = {rating.value: str(rating.label) for rating in GoalRating.Rating}
    result = [
        participant_code_variable("trial"),
        arm_variable(),
        Variable("goal_type", "Kind of goal", "text", "", "|".join(kinds), SOURCE, kinds),
        Variable("description_set_at", "Time the goal was set", "datetime", "UTC", "", SOURCE),
        Variable(
            "attained",
            "The participant's own rating of attainment; empty when not rated",
            "text",
            "",
            "|".join(ratings),
            "goal ratings (rater: participant)",
            ratings,
        ),
        Variable(
            "rated_at",
            "Time of the participant's rating",
            "datetime",
            "UTC",
            "",
            "goal ratings (rater: participant)",
        ),
    ]
    if ctx.include_free_text:
        result.append(
            Variable(
                "description",
                "The goal as written (free text; only with --include-free-text)",
                "text",
                source=SOURCE,
            )
        )
    return result


def select(ctx: ExportContext) -> tuple[str, dict]:
    ep_sql, params = export_participants(ctx)
    description = f",\n           {neutral('g.description')} AS description"
    sql = f"""WITH {ep_sql}
    SELECT ep.participant_code, {neutral("ep.arm")} AS arm,
           {neutral("g.kind")} AS goal_type,
           {ts(ctx, "g.set_at")} AS description_set_at,
           {neutral("r.rating")} AS attained,
           {ts(ctx, "r.rated_at")} AS rated_at{description if ctx.include_free_text else ""}
    FROM {GOAL} g
    JOIN ep ON ep.id = g.participant_id
    LEFT JOIN {GOAL_RATING} r ON r.goal_id = g.id AND r.rater_role = 'participant'
    WHERE NOT ep.data_deleted
    ORDER BY ep.participant_code, g.kind = 'intermediate', g.set_at, g.id"""  # noqa: S608
    return sql, params
