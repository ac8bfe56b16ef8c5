"""A cell a spreadsheet would read as a formula starts with a quote; numbers stay numbers."""

from activity.models import Goal
from modules.models import WorksheetAnswer
from tests.research.conftest import rows_of
from trial.models import Participant


def test_it_neutralises_text_cells_that_start_a_formula(cohort, export):
    goal = Goal.objects.filter(participant__study=cohort).select_related("participant").first()
    participant = goal.participant
    participant.code = "=1+2"
    participant.save(update_fields=["code"])
    goal.description = '=HYPERLINK("http://evil.example")'
    goal.save(update_fields=["description"])
    others = Goal.objects.filter(participant__study=cohort).exclude(pk=goal.pk)[:3]
    for start, other in zip(("+", "@", "\t"), others, strict=True):
        other.description = f"{start}cmd"
        other.save(update_fields=["description"])
    answer = WorksheetAnswer.objects.filter(
        participant__study=cohort, submitted_at__isnull=False
    ).first()
    answer.data = {"note": "-2+3", "text": "\rSUM(A1)"}
    answer.save(update_fields=["data"])

    bundle = export(cohort, "--include-free-text")

    people = {row["participant_code"]: row for row in rows_of(bundle, "participants.csv")}
    assert "'=1+2" in people and "=1+2" not in people
    descriptions = {row["description"] for row in rows_of(bundle, "goals.csv")}
    assert '\'=HYPERLINK("http://evil.example")' in descriptions
    assert {"'+cmd", "'@cmd", "'\tcmd"} <= descriptions
    worksheet = {row["answer"] for row in rows_of(bundle, "worksheet_answers.csv")}
    assert {"'-2+3", "'\rSUM(A1)"} <= worksheet
    for path in bundle.glob("*.csv"):
        for row in rows_of(bundle, path.name):
            for value in row.values():
                assert not value.startswith(("=", "+", "@", "\t", "\r")), (path.name, value)


def test_it_keeps_numbers_as_numbers(cohort, export):
    bundle = export(cohort)
    for row in rows_of(bundle, "scores_wide.csv"):
        for column, value in row.items():
            if column not in ("participant_code", "arm") and value:
                float(value)  # not quoted, not prefixed
    assert all(
        row["value"].lstrip("-").replace(".", "").isdigit()
        for row in rows_of(bundle, "assessments_long.csv")
    )
    assert Participant.objects.filter(study=cohort).exists()


def test_it_leaves_free_text_out_unless_asked(cohort, export):
    bundle = export(cohort)
    assert not (bundle / "worksheet_answers.csv").exists()
    assert "description" not in rows_of(bundle, "goals.csv")[0]
    text = b"".join(path.read_bytes() for path in bundle.iterdir())
    for goal in Goal.objects.filter(participant__study=cohort)[:5]:
        assert goal.description.encode() not in text
