"""SPSS and Stata copies read back with pyreadstat, with variable and value labels."""

import json

import pyreadstat

from tests.research.conftest import rows_of


def test_it_writes_spss_files_with_labels(cohort, export):
    bundle = export(cohort, "--format", "spss")
    frame, meta = pyreadstat.read_sav(str(bundle / "participants.sav"))
    assert len(frame) == len(rows_of(bundle, "participants.csv"))
    assert meta.column_names_to_labels["arm"].startswith("Allocated arm")
    assert set(meta.variable_value_labels["arm"].values()) == {"intervention", "control"}
    assert "withdrawn" in meta.variable_value_labels["status"].values()
    _frame, answers = pyreadstat.read_sav(str(bundle / "assessments_long.sav"))
    assert set(answers.variable_value_labels["timepoint"].values()) == {"baseline", "m6"}
    listed = {f["name"] for f in json.loads((bundle / "MANIFEST.json").read_text())["files"]}
    assert {"participants.sav", "scores_wide.sav", "goals.sav", "consort.sav"} <= listed


def test_it_writes_stata_files_with_labels(cohort, export):
    bundle = export(cohort, "--format", "stata")
    frame, meta = pyreadstat.read_dta(str(bundle / "goals.dta"))
    assert len(frame) == len(rows_of(bundle, "goals.csv"))
    labels = meta.variable_value_labels["attained"]
    assert set(labels.values()) == {"attained", "partly", "not_attained"}
    coded = {labels[v] for v in frame["attained"].dropna()}
    assert coded <= {"attained", "partly", "not_attained"}
    scores, score_meta = pyreadstat.read_dta(str(bundle / "scores_wide.dta"))
    assert "hads_anxiety_baseline" in scores.columns
    assert score_meta.column_names_to_labels["hads_anxiety_baseline"]
