"""The trial flow of a synthetic cohort: screening, consent, baseline, allocation, dropout.

Figures follow the trial (TRIAL.md): about 1:1 allocation per site in the sites' concealed
sequences, about two thirds complete the 6-month follow-up, about a third of the intervention
arm completes all 14 modules. Every draw comes from a generator seeded with (seed, participant
number), so the same seed gives the same cohort whatever the chunking.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from trial.models import Arm, Site, Study, Withdrawal
from trial.randomization import generate_sequence

RECRUITMENT_START = datetime(2023, 1, 9, 8, 0, tzinfo=UTC)
RECRUITMENT_DAYS = 365
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
INELIGIBLE_REASONS = [
    # reason, relative frequency
    ("pain_not_widespread", 30),
    ("hads_depression", 15),
    ("hads_anxiety", 15),
    ("age", 10),
    ("serious_disease", 10),
    ("pain_duration", 10),
    ("language", 5),
    ("no_device", 5),
]
P_ELIGIBLE = 0.72
P_CONSENT = 0.93
P_BASELINE = 0.97
P_WITHDRAW = 0.06
P_FOLLOWUP = 0.66
DATA_USE = [
    (Withdrawal.DataUse.KEEP, 6),
    (Withdrawal.DataUse.NO_FURTHER, 3),
    (Withdrawal.DataUse.DELETE, 1),
]


@dataclass
class Person:
    number: int
    code: str
    site: Site
    screened_at: datetime
    reasons: list[str]
    latent: float  # 0..1: how unwell; shapes every questionnaire answer
    consented_at: datetime | None = None
    baseline_at: datetime | None = None  # all baseline questionnaires complete
    randomized_at: datetime | None = None
    arm: str = ""
    position: int = 0
    block: tuple[int, int] = (0, 0)  # block number, block size
    followup_at: datetime | None = None  # when the 6-month questionnaires were answered
    withdrawn_at: datetime | None = None
    data_use: str = ""
    followed_up: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def eligible(self) -> bool:
        return not self.reasons


def person_rng(seed: int, number: int, part: str) -> random.Random:
    # Seeded on purpose: the same seed must give the same synthetic cohort.
    return random.Random(f"{seed}:{number}:{part}")  # noqa: S311


def _weighted(rng: random.Random, choices: list[tuple]) -> object:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _codes(seed: int, count: int) -> list[str]:
    rng = random.Random(f"{seed}:codes")  # noqa: S311
    seen: set[str] = set()
    codes = []
    while len(codes) < count:
        code = "S-" + "".join(rng.choices(CODE_ALPHABET, k=8))
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes


def plan_flow(*, study: Study, sites: list[Site], seed: int, count: int) -> list[Person]:
    """Everyone's path through screening, consent, baseline and randomization."""
    people = []
    for number, code in enumerate(_codes(seed, count)):
        rng = person_rng(seed, number, "flow")
        screened_at = RECRUITMENT_START + timedelta(
            seconds=rng.uniform(0, RECRUITMENT_DAYS * 86400)
        )
        reasons: list[str] = []
        if rng.random() > P_ELIGIBLE:
            reasons.append(_weighted(rng, INELIGIBLE_REASONS))
            if rng.random() < 0.2:
                second = _weighted(rng, INELIGIBLE_REASONS)
                if second not in reasons:
                    reasons.append(second)
        person = Person(number, code, rng.choice(sites), screened_at, reasons, rng.random())
        if person.eligible and rng.random() < P_CONSENT:
            person.consented_at = screened_at + timedelta(hours=rng.uniform(2, 120))
            if rng.random() < P_BASELINE:
                # The platform randomizes as soon as the baseline questionnaires are complete.
                person.baseline_at = person.consented_at + timedelta(hours=rng.uniform(1, 240))
                person.randomized_at = person.baseline_at
                if rng.random() < P_WITHDRAW:
                    person.withdrawn_at = person.randomized_at + timedelta(days=rng.uniform(7, 300))
                    person.data_use = _weighted(rng, DATA_USE)
                person.followup_at = person.randomized_at + timedelta(days=rng.uniform(182, 212))
                person.followed_up = rng.random() < P_FOLLOWUP and (
                    person.withdrawn_at is None or person.followup_at < person.withdrawn_at
                )
        people.append(person)
    _allocate(study, sites, people)
    return people


def _allocate(study: Study, sites: list[Site], people: list[Person]) -> None:
    """Fill each site's concealed sequence in order of randomization, as the trial app does."""
    for site in sites:
        randomized = sorted(
            (p for p in people if p.site.pk == site.pk and p.randomized_at is not None),
            key=lambda p: (p.randomized_at, p.number),
        )
        sequence = generate_sequence(
            secret_seed=study.allocation_secret,
            stratum=f"{study.code}:{site.code}",
            length=len(randomized),
        )
        for person, slot in zip(randomized, sequence, strict=True):
            person.arm = slot.arm
            person.position = slot.position
            person.block = (slot.block_number, slot.block_size)


def arm_share(people: list[Person]) -> dict[str, int]:
    counts = {arm.value: 0 for arm in Arm}
    for person in people:
        if person.arm:
            counts[person.arm] += 1
    return counts
