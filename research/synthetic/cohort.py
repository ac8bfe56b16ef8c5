"""Seeds a synthetic trial into its own study (`synthetic-<seed>`), never into a real one.

The study gets the trial's default sites, timepoints and consent text (trial.services.study_setup)
and an allocation secret derived from the seed, so the same seed gives the same allocations.
Participants are written in chunks with COPY (research.synthetic.rows): 100,000 take minutes.
"""

import hashlib
import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from accounts.roles import Role
from assessments.instruments.hads import ANXIETY_ITEMS, DEPRESSION_ITEMS
from assessments.scoring import score
from modules.models import Module
from research.synthetic.answers import write_timepoint
from research.synthetic.flow import Person, arm_share, person_rng, plan_flow
from research.synthetic.programme import (
    ModuleInfo,
    Staff,
    write_activity,
    write_logins,
    write_programme,
)
from research.synthetic.rows import IdPool, TableWriter, as_json
from therapists.models import CareAssignment
from trial.models import (
    AllocationSlot,
    Consent,
    Participant,
    Screening,
    Study,
    Withdrawal,
)
from trial.services import consent_version_current, study_setup

CHUNK = 2_000
EMAIL_DOMAIN = "synthetic.invalid"
USER_COLUMNS = (
    "id", "password", "is_superuser", "email", "first_name", "last_name", "role", "time_zone",
    "is_active", "is_staff", "date_joined", "phone_number",
)  # fmt: skip
PARTICIPANT_COLUMNS = (
    "id", "user_id", "study_id", "code", "status", "site_id", "arm", "screened_at",
    "consented_at", "baseline_completed_at", "randomized_at", "withdrawn_at", "therapist_id",
    "physiotherapist_id", "created_at",
)  # fmt: skip


class SyntheticError(Exception):
    pass


@dataclass(frozen=True)
class CohortSummary:
    study: Study
    participants: int
    arms: dict[str, int]
    created: bool


def synthetic_study_code(seed: int) -> str:
    return f"synthetic-{seed}"


def _study(seed: int) -> tuple[Study, bool]:
    study, created = Study.objects.get_or_create(
        code=synthetic_study_code(seed),
        defaults={
            "name": f"Synthetic cohort (seed {seed})",
            # Not secret: a synthetic study's allocations must be reproducible from the seed.
            "allocation_secret": hashlib.sha256(f"synthetic:{seed}".encode()).hexdigest(),
        },
    )
    study_setup(study=study)
    return study, created


def _modules() -> list[ModuleInfo]:
    if Module.objects.filter(current_version__isnull=False).count() < 14:
        call_command("load_programme", stdout=io.StringIO())
    result = []
    for module in Module.objects.select_related("current_version").order_by("number"):
        version = module.current_version
        worksheets = tuple(
            (
                key,
                sheet["required"],
                tuple(f["key"] for f in sheet["fields"] if f.get("type") == "text"),
            )
            for key, sheet in sorted(version.worksheets.items())
        )
        result.append(ModuleInfo(module.pk, module.number, version.pk, worksheets))
    return result


def _staff(seed: int, sites) -> tuple[int, dict[int, list[int]], dict[int, int]]:
    """Synthetic staff (inactive: nobody logs in as them): a coordinator, two therapists and a
    physiotherapist per site."""

    def account(name: str, role: str) -> int:
        user, created = User.objects.get_or_create(
            email=f"s{seed}-{name}@{EMAIL_DOMAIN}", defaults={"role": role, "is_active": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user.pk

    coordinator = account("coordinator", Role.COORDINATOR)
    therapists = {s.pk: [account(f"therapist-{s.code}-{n}", Role.THERAPIST) for n in (1, 2)]
                  for s in sites}  # fmt: skip
    physios = {s.pk: account(f"physio-{s.code}", Role.PHYSIOTHERAPIST) for s in sites}
    return coordinator, therapists, physios


def _screening_answers(person: Person, rng) -> dict:
    reasons = set(person.reasons)
    items = {}
    for number in ANXIETY_ITEMS:
        items[number] = 3 if "hads_anxiety" in reasons else rng.randint(0, 2)
    for number in DEPRESSION_ITEMS:
        items[number] = 3 if "hads_depression" in reasons else rng.randint(0, 2)
    hads = score("hads", items)
    return {
        "age": rng.randint(71, 85) if "age" in reasons else rng.randint(20, 70),
        "pain_months": rng.randint(0, 2) if "pain_duration" in reasons else rng.randint(6, 240),
        "pain_widespread": "pain_not_widespread" not in reasons,
        "site_code": person.site.code,
        "reads_language": "language" not in reasons,
        "has_device": "no_device" not in reasons,
        "serious_disease": "serious_disease" in reasons,
        "hads_items": {str(k): v for k, v in sorted(items.items())},
        "hads_scores": {scale: result.value for scale, result in hads.items()},
    }


def _status(person: Person) -> str:
    if person.withdrawn_at:
        return Participant.Status.WITHDRAWN
    if person.arm:
        return Participant.Status.RANDOMIZED
    if person.consented_at:
        return Participant.Status.CONSENTED
    return Participant.Status.ELIGIBLE if person.eligible else Participant.Status.INELIGIBLE


def _write_person(writer, ids, person, *, seed, study, consent_version, timepoints, modules,
                  coordinator, therapists, physios) -> None:  # fmt: skip
    rng = person_rng(seed, person.number, "life")
    user_id, participant_id = ids.next(User._meta.db_table), ids.next(Participant._meta.db_table)
    site = person.site.pk
    therapist = rng.choice(therapists[site]) if person.arm == "intervention" else None
    physio = physios[site] if person.arm else None
    writer.add(
        User._meta.db_table,
        USER_COLUMNS,
        (user_id, "!synthetic", False, f"s{seed}-p{person.number:06d}@{EMAIL_DOMAIN}", "", "",
         Role.PARTICIPANT, "Europe/Stockholm", True, False,
         person.screened_at - timedelta(hours=1), ""),
    )  # fmt: skip
    writer.add(
        Participant._meta.db_table,
        PARTICIPANT_COLUMNS,
        (participant_id, user_id, study.pk, person.code, _status(person), site, person.arm,
         person.screened_at, person.consented_at, person.baseline_at, person.randomized_at,
         person.withdrawn_at, therapist, physio, person.screened_at - timedelta(hours=1)),
    )  # fmt: skip
    writer.add(
        Screening._meta.db_table,
        ("participant_id", "answers", "eligible", "reasons", "screened_at"),
        (participant_id, as_json(_screening_answers(person, rng)), person.eligible,
         person.reasons, person.screened_at),
    )  # fmt: skip
    if not person.consented_at:
        return
    accepted = ["data", "participate", "randomization"]
    if rng.random() < 0.5:
        accepted.insert(1, "future_contact")
    writer.add(
        Consent._meta.db_table,
        ("participant_id", "consent_version_id", "accepted_items", "consented_at"),
        (participant_id, consent_version.pk, accepted, person.consented_at),
    )
    baseline, followup = timepoints[0], timepoints[1]
    staff_ids = (coordinator, physios[site])
    instruments = list(baseline.instruments)
    if not person.baseline_at:  # consented, baseline left unfinished
        instruments = instruments[: rng.randint(0, len(instruments) - 1)]
    completed_at = person.baseline_at or person.consented_at + timedelta(days=2)
    write_timepoint(
        writer=writer, ids=ids, rng=rng, participant_id=participant_id,
        timepoint_id=baseline.pk, instruments=instruments, latent=person.latent,
        completed_at=completed_at, staff_ids=staff_ids,
    )  # fmt: skip
    if not person.arm:
        write_logins(writer=writer, rng=rng, person=person, user_id=user_id, modules_open=0)
        return
    writer.add(
        AllocationSlot._meta.db_table,
        ("site_id", "position", "block_number", "block_size", "arm", "participant_id",
         "allocated_at"),
        (site, person.position, *person.block, person.arm, participant_id, person.randomized_at),
    )  # fmt: skip
    for role, staff_id in (("therapist", therapist), ("physiotherapist", physio)):
        if staff_id:
            writer.add(
                CareAssignment._meta.db_table,
                ("participant_id", "role", "staff_id", "starts_at", "assigned_by_id"),
                (participant_id, role, staff_id, person.randomized_at, coordinator),
            )
    if person.withdrawn_at:
        writer.add(
            Withdrawal._meta.db_table,
            ("participant_id", "withdrawn_at", "withdrawn_by_id", "data_use", "reason"),
            (participant_id, person.withdrawn_at, coordinator, person.data_use, ""),
        )
    if person.followed_up:
        latent = min(1.0, max(0.0, person.latent + rng.uniform(-0.15, 0.1)))
        write_timepoint(
            writer=writer, ids=ids, rng=rng, participant_id=participant_id,
            timepoint_id=followup.pk, instruments=list(followup.instruments), latent=latent,
            completed_at=person.followup_at,
            staff_ids=staff_ids,
        )  # fmt: skip
    staff = Staff(coordinator, therapist or 0, physio)
    modules_done = 0
    if person.arm == "intervention":
        modules_done = write_programme(
            writer=writer, ids=ids, rng=rng, person=person, participant_id=participant_id,
            user_id=user_id, staff=staff, modules=modules,
        )  # fmt: skip
    write_activity(
        writer=writer, rng=rng, ids=ids, person=person, participant_id=participant_id,
        user_id=user_id, staff=staff,
    )  # fmt: skip
    write_logins(writer=writer, rng=rng, person=person, user_id=user_id, modules_open=modules_done)


@transaction.atomic
def synthetic_cohort_seed(*, participants: int, seed: int, progress=None) -> CohortSummary:
    """Create the cohort, or report the one this seed already made (same seed, same cohort)."""
    if participants < 1:
        raise SyntheticError("The cohort needs at least one participant.")
    study, _created = _study(seed)
    existing = study.participants.count()
    if existing:
        if existing != participants:
            raise SyntheticError(
                f"Seed {seed} already made a cohort of {existing} participants (study "
                f"{study.code}); use another seed for a cohort of {participants}."
            )
        return CohortSummary(study, existing, _arm_counts(study), created=False)
    sites = list(study.sites.order_by("code"))
    timepoints = list(study.timepoints.order_by("order"))
    if len(timepoints) < 2:
        raise SyntheticError("The study needs a baseline and a follow-up timepoint.")
    modules = _modules()
    coordinator, therapists, physios = _staff(seed, sites)
    people = plan_flow(study=study, sites=sites, seed=seed, count=participants)
    consent_version = consent_version_current(study=study, language=study.default_language)
    ids, writer = IdPool(), TableWriter()
    writer.tag_history({"command": "seed_synthetic", "seed": seed, "study": study.code})
    for start in range(0, len(people), CHUNK):
        for person in people[start : start + CHUNK]:
            _write_person(
                writer, ids, person, seed=seed, study=study, consent_version=consent_version,
                timepoints=timepoints, modules=modules, coordinator=coordinator,
                therapists=therapists, physios=physios,
            )  # fmt: skip
        writer.flush()
        if progress is not None:
            progress(min(start + CHUNK, len(people)), len(people))
    writer.analyze()
    return CohortSummary(study, participants, arm_share(people), created=True)


def _arm_counts(study: Study) -> dict[str, int]:
    counts = {"intervention": 0, "control": 0}
    for arm in study.participants.exclude(arm="").values_list("arm", flat=True):
        counts[arm] = counts.get(arm, 0) + 1
    return counts
