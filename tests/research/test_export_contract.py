"""The bundle is a contract other tools read (DESIGN.md): file names, columns in order, codes."""

import hashlib
import json
import re

from assessments.instruments import INSTRUMENTS
from research.export.bundle import CODEBOOK_COLUMNS, SCHEMA_VERSION
from tests.research.conftest import read_csv, rows_of

CONTRACT = {
    "participants.csv": [
        "participant_code", "site", "arm", "screened_at", "consented_at", "randomized_at",
        "status", "withdrawn_at", "baseline_completed", "followup_completed",
    ],
    "module_progress.csv": [
        "participant_code", "module_number", "content_version", "content_language", "unlocked_at",
        "first_opened_at", "completed_at", "time_spent_seconds", "exercises_submitted",
    ],
    "adherence.csv": [
        "participant_code", "arm", "modules_completed", "completed_all_modules", "logins",
        "last_activity_at", "messages_from_participant", "messages_from_therapist",
        "therapist_feedback_count",
    ],
    "assessments_long.csv": [
        "participant_code", "timepoint", "instrument", "item", "value", "answered_at",
    ],
    "goals.csv": [
        "participant_code", "arm", "goal_type", "description_set_at", "attained", "rated_at",
    ],
    "consort.csv": ["stage", "arm", "n"],
}  # fmt: skip
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ARMS = {"intervention", "control"}


def test_it_writes_every_file_with_the_contract_columns_in_order(cohort, export):
    bundle = export(cohort)
    names = sorted(p.name for p in bundle.iterdir())
    assert names == sorted([*CONTRACT, "scores_wide.csv", "codebook.csv", "MANIFEST.json"])
    for name, columns in CONTRACT.items():
        assert read_csv(bundle / name)[0] == columns, name
    assert read_csv(bundle / "codebook.csv")[0] == CODEBOOK_COLUMNS


def test_it_names_score_columns_instrument_scale_timepoint(cohort, export):
    columns = read_csv(export(cohort) / "scores_wide.csv")[0]
    expected = [
        f"{code}_{scale.code}_{timepoint}"
        for code, instrument in INSTRUMENTS.items()
        for scale in instrument.scales
        for timepoint in ("baseline", "m6")
    ]
    assert columns == ["participant_code", "arm", *expected]
    assert "rand36_pf_baseline" in columns


def test_it_uses_the_contract_codes(cohort, export):
    bundle = export(cohort)
    participants = rows_of(bundle, "participants.csv")
    assert {row["arm"] for row in participants} <= ARMS | {""}
    assert {row["baseline_completed"] for row in participants} <= {"0", "1"}
    answers = rows_of(bundle, "assessments_long.csv")
    assert {row["timepoint"] for row in answers} == {"baseline", "m6"}
    assert {row["instrument"] for row in answers} == set(INSTRUMENTS)
    assert all(int(row["item"]) >= 1 for row in answers)
    goals = rows_of(bundle, "goals.csv")
    assert {row["goal_type"] for row in goals} == {"main", "intermediate"}
    assert {row["attained"] for row in goals} <= {"attained", "partly", "not_attained", ""}
    consort = rows_of(bundle, "consort.csv")
    assert [(row["stage"], row["arm"]) for row in consort] == [
        ("screened", ""), ("eligible", ""), ("consented", ""), ("randomized", ""),
        ("allocated", "intervention"), ("allocated", "control"),
        ("started", "intervention"), ("started", "control"),
        ("followed_up", "intervention"), ("followed_up", "control"),
        ("analysed", "intervention"), ("analysed", "control"),
    ]  # fmt: skip
    for row in participants + rows_of(bundle, "module_progress.csv") + goals:
        for column, value in row.items():
            if column.endswith("_at") and value:
                assert TIMESTAMP.match(value), (column, value)


def test_it_describes_every_variable_in_the_codebook(cohort, export):
    bundle = export(cohort)
    codebook = rows_of(bundle, "codebook.csv")
    described = [(row["file"], row["variable"]) for row in codebook]
    expected = [
        (path.name, column)
        for path in sorted(bundle.glob("*.csv"), key=lambda p: p.name)
        if path.name != "codebook.csv"
        for column in read_csv(path)[0]
    ]
    assert sorted(described) == sorted(expected)
    assert all(row["label"] and row["type"] for row in codebook)
    score = next(row for row in codebook if row["variable"] == "hads_anxiety_m6")
    assert "scoring rule hads-1.0" in score["source"]


def test_it_lists_every_file_with_rows_and_sha256_in_the_manifest(cohort, export):
    bundle = export(cohort)
    manifest = json.loads((bundle / "MANIFEST.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["study"]["code"] == cohort.code
    assert manifest["software"]["version"]
    assert TIMESTAMP.match(manifest["created_at"])
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert set(listed) == {p.name for p in bundle.iterdir()} - {"MANIFEST.json"}
    for name, entry in listed.items():
        data = (bundle / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        if name.endswith(".csv"):
            assert entry["rows"] == len(read_csv(bundle / name)[1]), name
