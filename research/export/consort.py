"""consort.csv: the CONSORT flow, counted from the same rows as participants.csv.

Stages (arm empty before randomization, one row per arm from `allocated` on):
  screened     answered the eligibility screening
  eligible     screening found them eligible
  consented    gave informed consent
  randomized   allocated to an arm (all arms together)
  allocated    allocated to this arm
  started      intervention: opened module 1; control: physiotherapist visit 1 held, or an
               activity plan made (the control arm's first contact with its intervention)
  followed_up  every instrument of the follow-up timepoint (m6) has a response of record
  analysed     followed up, and not withdrawn with a request to delete their data
"""

from django.utils.translation import gettext_noop

from research.export.base import ExportContext, Variable
from research.export.participants import arm_labels, base_cte

FILE = "consort.csv"

STAGES: list[tuple[str, bool, str, str]] = [
    # code, counted per arm, condition on pb, label
    ("screened", False, "pb.screened_at IS NOT NULL", gettext_noop("Screened for eligibility")),
    ("eligible", False, "pb.eligible", gettext_noop("Eligible at screening")),
    ("consented", False, "pb.consented_at IS NOT NULL", gettext_noop("Gave informed consent")),
    ("randomized", False, "pb.arm IS NOT NULL", gettext_noop("Randomized (both arms)")),
    ("allocated", True, "pb.arm IS NOT NULL", gettext_noop("Allocated to the arm")),
    (
        "started",
        True,
        "pb.started",
        gettext_noop(
            "Started: intervention opened module 1; control had visit 1 or an activity plan"
        ),
    ),
    (
        "followed_up",
        True,
        "pb.followup_completed = 1",
        gettext_noop("Completed every instrument of the follow-up timepoint"),
    ),
    (
        "analysed",
        True,
        "pb.followup_completed = 1 AND NOT pb.data_deleted",
        gettext_noop("Followed up and data not withdrawn from use"),
    ),
]
ARMS = ("intervention", "control")


def variables(ctx: ExportContext) -> list[Variable]:
    stages = {code: label for code, _per_arm, _condition, label in STAGES}
    arms = arm_labels()
    return [
        Variable(
            "stage",
            "CONSORT stage (see allowed values; definitions in research/export/consort.py)",
            "text",
            allowed_values="|".join(stages),
            source="derived from participants.csv, module progress and activity visits",
            value_labels=stages,
        ),
        Variable(
            "arm",
            "Arm; empty for stages before allocation",
            "text",
            allowed_values="|".join(arms),
            source="allocation sequence",
            value_labels=arms,
        ),
        Variable("n", "Number of participants", "integer", "participants", "", "count"),
    ]


def select(ctx: ExportContext) -> tuple[str, dict]:
    base, params = base_cte(ctx)
    stage_rows = ", ".join(
        f"({number}, '{code}', {str(per_arm).lower()})"
        for number, (code, per_arm, _condition, _label) in enumerate(STAGES, 1)
    )
    arm_rows = ", ".join(f"({number}, '{arm}')" for number, arm in enumerate(ARMS, 1))
    condition = " ".join(
        f"WHEN '{code}' THEN {condition}" for code, _per_arm, condition, _label in STAGES
    )
    sql = f"""WITH {base},
    stages(ordinal, stage, per_arm) AS (VALUES {stage_rows}),
    arms(ordinal, arm) AS (VALUES (0, NULL::text), {arm_rows})
    SELECT s.stage, a.arm, count(pb.id) AS n
    FROM stages s
    JOIN arms a ON (a.arm IS NOT NULL) = s.per_arm
    LEFT JOIN pb ON (CASE s.stage {condition} END)
                AND (NOT s.per_arm OR pb.arm = a.arm)
    GROUP BY s.ordinal, s.stage, a.ordinal, a.arm
    ORDER BY s.ordinal, a.ordinal"""  # noqa: S608
    return sql, params
