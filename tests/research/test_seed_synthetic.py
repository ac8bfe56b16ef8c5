"""`seed_synthetic`: a realistic cohort, the same one for the same seed."""

import hashlib
import io
from collections import Counter

from django.core.management import call_command
from django.db import transaction

from assessments.models import Score
from assessments.scoring import validate_answers
from assessments.selectors import responses_of_record
from research.synthetic.cohort import synthetic_cohort_seed
from tests.research.conftest import rows_of
from trial.models import AllocationSlot, Participant, Screening


def _bundle_digest(study, export) -> dict[str, str]:
    bundle = export(study)
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in bundle.iterdir()
        if path.name != "MANIFEST.json"
    }


def test_it_makes_the_same_cohort_for_the_same_seed(programme, export):
    digests = []
    for _attempt in range(2):
        with transaction.atomic():
            study = synthetic_cohort_seed(participants=30, seed=11).study
            digests.append(_bundle_digest(study, export))
            transaction.set_rollback(True)  # start again from an empty cohort
    assert digests[0] == digests[1]
    with transaction.atomic():
        other = synthetic_cohort_seed(participants=30, seed=12).study
        assert _bundle_digest(other, export) != digests[0]
        transaction.set_rollback(True)


def test_it_is_idempotent(programme):
    out = io.StringIO()
    call_command("seed_synthetic", "--participants", "20", "--seed", "5", stdout=out)
    count = Participant.objects.count()
    call_command("seed_synthetic", "--participants", "20", "--seed", "5", stdout=out)
    assert Participant.objects.count() == count
    assert "Already present" in out.getvalue()


def test_it_respects_the_trials_invariants(cohort):
    participants = Participant.objects.filter(study=cohort)
    randomized = participants.exclude(arm="")
    slots = AllocationSlot.objects.filter(site__study=cohort)
    assert slots.count() == randomized.count() == slots.filter(participant__isnull=False).count()
    for slot in slots.select_related("participant"):
        assert slot.participant.arm == slot.arm
    for site, positions in Counter(slots.values_list("site_id", flat=True)).items():
        assert sorted(slots.filter(site_id=site).values_list("position", flat=True)) == list(
            range(1, positions + 1)
        )
    ineligible = Screening.objects.filter(participant__study=cohort, eligible=False)
    assert ineligible.exists() and all(s.reasons for s in ineligible)
    for response in responses_of_record().filter(participant__study=cohort):
        validate_answers(response.instrument, response.item_answers)  # raises if invalid
        assert Score.objects.filter(response=response).exists()


def test_it_looks_like_the_trial(programme, export):
    study = synthetic_cohort_seed(participants=300, seed=21).study
    bundle = export(study)
    adherence = rows_of(bundle, "adherence.csv")
    intervention = [r for r in adherence if r["arm"] == "intervention"]
    everything = sum(r["completed_all_modules"] == "1" for r in intervention) / len(intervention)
    assert 0.2 < everything < 0.55  # trial: 16/43
    people = [r for r in rows_of(bundle, "participants.csv") if r["arm"]]
    followed = sum(r["followup_completed"] == "1" for r in people) / len(people)
    assert 0.5 < followed < 0.8  # trial: 82/129
    arms = Counter(r["arm"] for r in people)
    assert abs(arms["intervention"] - arms["control"]) <= 12  # 1:1 in blocks, 4 sites
    assert any(int(r["messages_from_participant"]) for r in intervention)
    assert any(int(r["logins"]) for r in adherence)
    goals = rows_of(bundle, "goals.csv")
    assert {r["attained"] for r in goals} >= {"attained", "partly", "not_attained"}
