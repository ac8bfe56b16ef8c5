"""The trial owns participant records: the study's set-up, screening, consent, concealed
allocation to an arm, and withdrawal.

A participant moves registered -> eligible (or ineligible) -> consented -> randomized, and may
withdraw at any point. Each step checks the one before it, so no URL or button can skip one.
"""

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from assessments.scoring import score
from notifications.services import notifications_suppress_for, within_waking_hours
from trial.models import (
    AllocationSlot,
    Consent,
    ConsentVersion,
    Participant,
    ReminderPolicy,
    Screening,
    Site,
    Study,
    Timepoint,
    Withdrawal,
)
from trial.randomization import generate_sequence, parse_allocation_csv

DEFAULT_STUDY_CODE = "cwp-icbt"
DEFAULT_SITES = [
    ("eriksberg", "Eriksberg"),
    ("sannegarden", "Sannegården"),
    ("lidkoping", "Lidköping"),
    ("uddevalla", "Uddevalla"),
]
# The instruments of DESIGN.md, in the order participants answer them.
DEFAULT_INSTRUMENTS = [
    "pain_vas",
    "pain_locations",
    "fatigue_vas",
    "hads",
    "rand36",
    "mfi20",
    "fiq",
    "sci93",
]
DEFAULT_TIMEPOINTS = [
    # code, label (stored as the msgid and shown translated: Timepoint.__str__), anchor, days
    # after the anchor, days open
    ("baseline", gettext_noop("Baseline"), Timepoint.Anchor.CONSENT, 0, 28),
    ("m6", gettext_noop("6 months"), Timepoint.Anchor.RANDOMIZATION, 182, 42),
]
# The seed consent's items in each language; the keys are the same, so consents compare.
CONSENT_ITEMS = {
    "en": [
        {
            "key": "participate",
            "required": True,
            "text": "I have read the information and want to take part in the study.",
        },
        {
            "key": "data",
            "required": True,
            "text": "I agree that my answers and my use of the platform are stored and analysed "
            "under a code, as described above.",
        },
        {
            "key": "randomization",
            "required": True,
            "text": "I understand that chance decides which group I join.",
        },
        {
            "key": "future_contact",
            "required": False,
            "text": "The study team may contact me about future studies (optional).",
        },
    ],
    "sv": [
        {
            "key": "participate",
            "required": True,
            "text": "Jag har läst informationen och vill delta i studien.",
        },
        {
            "key": "data",
            "required": True,
            "text": "Jag går med på att mina svar och min användning av plattformen sparas och "
            "analyseras under en kod, så som det beskrivs ovan.",
        },
        {
            "key": "randomization",
            "required": True,
            "text": "Jag förstår att det lottas vilken grupp jag hamnar i.",
        },
        {
            "key": "future_contact",
            "required": False,
            "text": "Studiens forskargrupp får kontakta mig om framtida studier (frivilligt).",
        },
    ],
}
SLOTS_PER_EXTENSION = 60


class TrialError(Exception):
    """A step the participant's state does not allow; the message is shown to the user."""


# --- the study -----------------------------------------------------------------------------


@transaction.atomic
def study_setup(*, study: Study) -> None:
    """Give a study the trial's default sites, timepoints and consent text, where it has none."""
    if not study.sites.exists():
        Site.objects.bulk_create(Site(study=study, code=c, name=n) for c, n in DEFAULT_SITES)
    if not study.timepoints.exists():
        Timepoint.objects.bulk_create(
            Timepoint(
                study=study,
                code=code,
                label=label,
                order=order,
                anchor=anchor,
                offset_days=offset,
                window_days=window,
                instruments=DEFAULT_INSTRUMENTS,
            )
            for order, (code, label, anchor, offset, window) in enumerate(DEFAULT_TIMEPOINTS, 1)
        )
    if not study.consent_versions.exists():
        for language, items in CONSENT_ITEMS.items():
            name = "consent-v1.md" if language == "en" else f"consent-v1.{language}.md"
            text = (Path(__file__).parent / "content" / name).read_text(encoding="utf-8")
            ConsentVersion.objects.create(
                study=study, version="1.0", language=language, text=text, items=items
            )


def study_default() -> Study:
    """The study that self-registered people join; a site runs one open study at a time."""
    study, created = Study.objects.get_or_create(
        code=DEFAULT_STUDY_CODE,
        defaults={
            "name": "iCBT for stress in chronic widespread pain",
            "registry_id": "NCT04624139",
        },
    )
    if created:
        study_setup(study=study)
    return study


def reminder_policy_for(study: Study) -> ReminderPolicy:
    # The reverse one-to-one accessor caches the policy on this study instance.
    try:
        return study.reminder_policy
    except ReminderPolicy.DoesNotExist:
        policy, _created = ReminderPolicy.objects.get_or_create(study=study)
        study.reminder_policy = policy
        return policy


def reminder_due_at(*, policy: ReminderPolicy, time_zone: str, now: datetime) -> datetime:
    """The first moment from `now` inside the study's waking hours in the person's zone."""
    return within_waking_hours(
        now,
        zone=ZoneInfo(time_zone),
        start_hour=policy.waking_start_hour,
        end_hour=policy.waking_end_hour,
    )


# --- registration and screening ------------------------------------------------------------


def participant_register(*, user: User) -> Participant:
    """The participant record of a self-registered user; made once, on first need."""
    participants = Participant.objects.select_related("user", "study", "therapist", "site")
    try:
        return participants.get(user=user)
    except Participant.DoesNotExist:
        pass
    study = study_default()
    try:
        with transaction.atomic():
            participant = Participant.objects.create(user=user, study=study)
            if not user.language:  # neither they nor their browser chose: the study's language
                user.language = study.default_language
                user.save(update_fields=["language"])
            return participant
    except IntegrityError:  # a parallel request made it first
        return participants.get(user=user)


@dataclass(frozen=True)
class ScreeningAnswers:
    age: int
    pain_months: int
    pain_widespread: bool  # ACR 1990: left and right side, above and below the waist, and axial
    site_code: str
    reads_language: bool
    has_device: bool
    serious_disease: bool
    hads_items: dict  # HADS item number -> 0-3


def eligibility_reasons(*, study: Study, answers: ScreeningAnswers) -> tuple[list[str], dict]:
    """Why a person is not eligible (empty when eligible), and their HADS scores."""
    hads = score("hads", answers.hads_items)
    reasons = []
    if not study.min_age <= answers.age <= study.max_age:
        reasons.append("age")
    if answers.pain_months < study.min_pain_months:
        reasons.append("pain_duration")
    if not answers.pain_widespread:
        reasons.append("pain_not_widespread")
    if not answers.reads_language:
        reasons.append("language")
    if not answers.has_device:
        reasons.append("no_device")
    if answers.serious_disease:
        reasons.append("serious_disease")
    for scale in ("anxiety", "depression"):
        value = hads[scale].value
        # A subscale that cannot be scored cannot show that the person is safe to include.
        if value is None or value > study.hads_exclusion_above:
            reasons.append(f"hads_{scale}")
    return reasons, {scale: result.value for scale, result in hads.items()}


@transaction.atomic
def screening_submit(*, participant: Participant, answers: ScreeningAnswers) -> Screening:
    participant = (
        Participant.objects.select_for_update().select_related("study").get(pk=participant.pk)
    )
    if participant.status != Participant.Status.REGISTERED:
        raise TrialError(_("The screening questions have already been answered."))
    site = Site.objects.filter(study=participant.study, code=answers.site_code, active=True).first()
    if site is None:
        raise TrialError(_("Choose one of the study's sites."))
    reasons, hads_scores = eligibility_reasons(study=participant.study, answers=answers)
    now = timezone.now()
    stored = asdict(answers)
    stored["hads_items"] = {str(k): v for k, v in answers.hads_items.items()}
    stored["hads_scores"] = hads_scores
    screening = Screening.objects.create(
        participant=participant,
        answers=stored,
        eligible=not reasons,
        reasons=reasons,
        screened_at=now,
    )
    participant.site = site
    participant.screened_at = now
    participant.status = Participant.Status.INELIGIBLE if reasons else Participant.Status.ELIGIBLE
    participant.save(update_fields=["site", "screened_at", "status"])
    return screening


# --- consent and withdrawal ----------------------------------------------------------------


def consent_version_current(*, study: Study, language: str) -> ConsentVersion | None:
    """The newest consent text in `language`; else in the study's language; else the newest."""
    versions = study.consent_versions.order_by("-published_at")
    return (
        versions.filter(language=language).first()
        or versions.filter(language=study.default_language).first()
        or versions.first()
    )


@transaction.atomic
def consent_give(
    *,
    participant: Participant,
    consent_version: ConsentVersion,
    accepted_items: list[str],
    ip_address: str | None,
) -> Consent:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status != Participant.Status.ELIGIBLE:
        raise TrialError(_("Consent can only be given after eligible screening, and only once."))
    if consent_version.study_id != participant.study_id:
        raise TrialError(_("This consent text belongs to another study."))
    known = {item["key"] for item in consent_version.items}
    required = {item["key"] for item in consent_version.items if item["required"]}
    accepted = set(accepted_items)
    if not accepted <= known:
        raise TrialError(_("Unknown consent item."))
    if not required <= accepted:
        raise TrialError(_("Every required item must be ticked to take part."))
    now = timezone.now()
    consent = Consent.objects.create(
        participant=participant,
        consent_version=consent_version,
        accepted_items=sorted(accepted),
        consented_at=now,
        ip_address=ip_address,
    )
    participant.status = Participant.Status.CONSENTED
    participant.consented_at = now
    participant.save(update_fields=["status", "consented_at"])
    return consent


@transaction.atomic
def participant_withdraw(
    *, participant: Participant, by: User, data_use: str, reason: str = ""
) -> Withdrawal:
    """Withdraw a participant; they get no more reminders or modules from now on."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status == Participant.Status.WITHDRAWN:
        raise TrialError(_("This participant has already withdrawn."))
    if data_use not in Withdrawal.DataUse.values:
        raise TrialError(_("Choose what may be kept."))
    now = timezone.now()
    withdrawal = Withdrawal.objects.create(
        participant=participant,
        withdrawn_at=now,
        withdrawn_by=by,
        data_use=data_use,
        reason=reason,
    )
    participant.status = Participant.Status.WITHDRAWN
    participant.withdrawn_at = now
    participant.save(update_fields=["status", "withdrawn_at"])
    notifications_suppress_for(recipient=participant.user)
    return withdrawal


# --- randomization -------------------------------------------------------------------------


def _extend_sequence(site: Site) -> None:
    """Add the next slots of the site's seeded sequence (the same prefix is regenerated)."""
    existing = site.allocation_slots.count()
    sequence = generate_sequence(
        secret_seed=site.study.allocation_secret,
        stratum=f"{site.study.code}:{site.code}",
        length=existing + SLOTS_PER_EXTENSION,
    )
    AllocationSlot.objects.bulk_create(
        AllocationSlot(
            site=site,
            position=a.position,
            block_number=a.block_number,
            block_size=a.block_size,
            arm=a.arm,
        )
        for a in sequence[existing:]
    )


@transaction.atomic
def participant_randomize(*, participant: Participant, by: User | None = None) -> AllocationSlot:
    """Allocate the participant to an arm, once: the next free slot of their site's sequence.

    The site row is locked first, so two randomizations at the same moment take turns and
    never take the same slot; the slot row cannot be changed afterwards (database trigger).
    """
    participant = (
        Participant.objects.select_for_update().select_related("study").get(pk=participant.pk)
    )
    if participant.status == Participant.Status.RANDOMIZED:
        raise TrialError(_("This participant has already been randomized."))
    if participant.status != Participant.Status.CONSENTED:
        raise TrialError(_("Only eligible participants who have consented can be randomized."))
    if participant.baseline_completed_at is None:
        raise TrialError(_("The baseline questionnaires must be complete before randomization."))
    site = Site.objects.select_for_update().select_related("study").get(pk=participant.site_id)
    slot = site.allocation_slots.filter(participant__isnull=True).order_by("position").first()
    if slot is None:
        if site.study.allocation_from_list:
            raise TrialError(_("The uploaded allocation list for this site is used up."))
        _extend_sequence(site)
        slot = site.allocation_slots.filter(participant__isnull=True).order_by("position").first()
    now = timezone.now()
    slot.participant = participant
    slot.allocated_at = now
    slot.allocated_by = by
    slot.save(update_fields=["participant", "allocated_at", "allocated_by"])
    participant.arm = slot.arm
    participant.status = Participant.Status.RANDOMIZED
    participant.randomized_at = now
    participant.save(update_fields=["arm", "status", "randomized_at"])
    return slot


@transaction.atomic
def participant_baseline_completed(*, participant: Participant) -> AllocationSlot | None:
    """Record that baseline is complete and randomize a consented participant at once."""
    updated = Participant.objects.filter(
        pk=participant.pk, baseline_completed_at__isnull=True
    ).update(baseline_completed_at=timezone.now())
    participant.refresh_from_db()
    if updated and participant.status == Participant.Status.CONSENTED:
        return participant_randomize(participant=participant)
    return None


@transaction.atomic
def allocation_list_import(*, study: Study, csv_text: str | bytes) -> int:
    """Load a statistician's allocation list; refused for a site that already has slots."""
    try:
        sequences = parse_allocation_csv(csv_text)
    except ValueError as error:
        raise TrialError(str(error)) from None
    sites = {site.code: site for site in study.sites.select_for_update()}
    created = 0
    for stratum, allocations in sequences.items():
        site = sites.get(stratum)
        if site is None:
            raise TrialError(_("Unknown site code %(code)s in the list.") % {"code": stratum})
        if site.allocation_slots.exists():
            raise TrialError(
                _("Site %(code)s already has an allocation sequence.") % {"code": stratum}
            )
        AllocationSlot.objects.bulk_create(
            AllocationSlot(
                site=site,
                position=a.position,
                block_number=a.block_number,
                block_size=a.block_size,
                arm=a.arm,
            )
            for a in allocations
        )
        created += len(allocations)
    study.allocation_from_list = True
    study.save(update_fields=["allocation_from_list"])
    return created
