"""Care teams: who is assigned to a participant (with history), the automatic assignment some
studies use, cover for absent therapists, clinical notes, and the time therapists spend on
each participant per week."""

import datetime as dt
import logging

import pghistory
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from therapists.models import (
    NOTE_MAX_LENGTH,
    CareAssignment,
    CareRole,
    ClinicalNote,
    CoverPeriod,
    TherapistTime,
)
from therapists.selectors import user_zone
from therapists.services import InboxError
from trial.models import Arm, Participant, Site

logger = logging.getLogger(__name__)
# Heartbeats come every 15 s from a visible page in use; a larger claim is clipped so a
# delayed or tampered request cannot inflate the time (as for participants' module time).
MAX_HEARTBEAT_SECONDS = 60
MAX_WEEK_MINUTES = 7 * 24 * 60

_FIELD = {CareRole.THERAPIST: "therapist", CareRole.PHYSIOTHERAPIST: "physiotherapist"}
_STAFF_ROLE = {CareRole.THERAPIST: Role.THERAPIST, CareRole.PHYSIOTHERAPIST: Role.PHYSIOTHERAPIST}


# --- assignment ------------------------------------------------------------------------------


@transaction.atomic
def care_assign(
    *, participant: Participant, role: str, staff: User | None, by: User | None
) -> CareAssignment | None:
    """Make `staff` the participant's therapist or physiotherapist from now (None: nobody).

    The open assignment for that role is closed, so the history shows who cared when;
    Participant.therapist / physiotherapist follow. `by` is None only for the study's
    automatic rule (below).
    """
    role = CareRole(role)
    if staff is not None and (not staff.is_active or staff.role != _STAFF_ROLE[role]):
        raise InboxError(_("Choose an active member of staff with that role."))
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    field = _FIELD[role]
    if getattr(participant, f"{field}_id") == (staff.pk if staff else None):
        raise InboxError(_("Nothing changed: that is the current assignment."))
    now = timezone.now()
    CareAssignment.objects.filter(participant=participant, role=role, ends_at__isnull=True).update(
        ends_at=now, ended_by=by
    )
    assignment = None
    if staff is not None:
        assignment = CareAssignment.objects.create(
            participant=participant, role=role, staff=staff, starts_at=now, assigned_by=by
        )
    setattr(participant, field, staff)
    participant.save(update_fields=[field])
    return assignment


# --- automatic assignment ----------------------------------------------------------------------
#
# A study may give each randomized participant a care team itself
# (Study.assign_care_teams_automatically). Randomization happens in apps that cannot import this
# one, so a periodic task (tasks.assign_care_teams, every minute) finds who is waiting. The rule:
#
# - Who: a participant who is randomized and has not withdrawn needs a physiotherapist (both
#   arms) and, in the intervention arm, a therapist. The rule fills a role only if nobody has
#   ever held it for them: once a coordinator has been involved, even to leave it empty, they
#   decide.
# - From whom: active staff of that role who already care for someone at the participant's site
#   (an open assignment there). A therapist guides online, so when nobody at the site has one
#   yet, any active therapist caring for someone in the study may be chosen; a physiotherapist
#   meets the participant in person, so only the site's own count.
# - Which one: the fewest current participants (withdrawn ones not counted) first; on a tie,
#   the one whose last assignment at this site is oldest, so that equals take turns per site.
# - Nobody to choose: the role stays empty, and the participant waits at the top of the
#   coordinator's participant list for a hand assignment.
#
# The assignment is recorded as a coordinator's is (care_assign: the same history row and the
# same Participant fields, whose change history names the rule); it has no assigned_by, and no
# audit row, which records what a member of staff did.


def _needed_roles(participant: Participant) -> list[CareRole]:
    if participant.arm == Arm.INTERVENTION:
        return [CareRole.THERAPIST, CareRole.PHYSIOTHERAPIST]
    return [CareRole.PHYSIOTHERAPIST]


def _never_held(role: CareRole) -> Exists:
    return ~Exists(CareAssignment.objects.filter(participant=OuterRef("pk"), role=role))


def _waiting_for_rule() -> QuerySet[Participant]:
    """Randomized participants of rule-assigning studies with a role the rule should fill."""
    return (
        Participant.objects.filter(
            status=Participant.Status.RANDOMIZED,
            study__assign_care_teams_automatically=True,
            site__isnull=False,
        )
        .alias(
            therapist_never=_never_held(CareRole.THERAPIST),
            physiotherapist_never=_never_held(CareRole.PHYSIOTHERAPIST),
        )
        .filter(
            Q(arm=Arm.INTERVENTION, therapist__isnull=True, therapist_never=True)
            | Q(physiotherapist__isnull=True, physiotherapist_never=True)
        )
    )


def _candidate(*, participant: Participant, role: CareRole) -> User | None:
    """Whom the rule would choose for `participant` in `role` now (None: nobody qualifies)."""
    open_assignments = CareAssignment.objects.filter(role=role, ends_at__isnull=True)
    staff = User.objects.filter(is_active=True, role=_STAFF_ROLE[role])
    candidates = staff.filter(
        pk__in=open_assignments.filter(participant__site_id=participant.site_id).values("staff")
    )
    if role == CareRole.THERAPIST and not candidates.exists():
        candidates = staff.filter(
            pk__in=open_assignments.filter(participant__study_id=participant.study_id).values(
                "staff"
            )
        )
    field = _FIELD[role]
    caseload = (
        Participant.objects.filter(**{field: OuterRef("pk")})
        .exclude(status=Participant.Status.WITHDRAWN)
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    last_here = (
        CareAssignment.objects.filter(
            staff=OuterRef("pk"), role=role, participant__site_id=participant.site_id
        )
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    return (
        candidates.annotate(
            caseload=Coalesce(Subquery(caseload), Value(0)), last_here=Subquery(last_here)
        )
        .order_by("caseload", F("last_here").asc(nulls_first=True), "pk")
        .first()
    )


@transaction.atomic
def care_team_assign_automatically(*, participant_id: int) -> list[CareAssignment]:
    """Fill the roles the rule should fill for one participant; idempotent."""
    participant = (
        Participant.objects.select_for_update().select_related("study").get(pk=participant_id)
    )
    if (
        participant.status != Participant.Status.RANDOMIZED
        or not participant.study.assign_care_teams_automatically
        or participant.site_id is None
    ):
        return []
    # One site's choices take turns, so two at once never both see the same caseloads.
    Site.objects.select_for_update().get(pk=participant.site_id)
    held = set(
        CareAssignment.objects.filter(participant=participant).values_list("role", flat=True)
    )
    assignments = []
    with pghistory.context(care_team_rule=participant.study.code):
        for role in _needed_roles(participant):
            if getattr(participant, f"{_FIELD[role]}_id") is not None or role in held:
                continue
            staff = _candidate(participant=participant, role=role)
            if staff is None:
                logger.debug("no %s to choose for participant %s", role, participant.pk)
                continue
            assignments.append(
                care_assign(participant=participant, role=role, staff=staff, by=None)
            )
    return assignments


def care_teams_assign_automatically() -> int:
    """The periodic task's work: every waiting participant, one transaction each."""
    waiting = _waiting_for_rule().values_list("pk", flat=True)
    return sum(
        len(care_team_assign_automatically(participant_id=participant_id))
        for participant_id in list(waiting)
    )


# --- cover -----------------------------------------------------------------------------------


def _is_active_therapist(user: User) -> bool:
    return user.is_active and user.role == Role.THERAPIST


@transaction.atomic
def cover_create(
    *,
    absent_therapist: User,
    covering_therapist: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
) -> CoverPeriod:
    if not (_is_active_therapist(absent_therapist) and _is_active_therapist(covering_therapist)):
        raise InboxError(_("Both people must be active therapists."))
    if absent_therapist.pk == covering_therapist.pk:
        raise InboxError(_("A therapist cannot cover for themselves."))
    if ends_at <= starts_at:
        raise InboxError(_("The cover must end after it starts."))
    if ends_at <= timezone.now():
        raise InboxError(_("The cover must end in the future."))
    return CoverPeriod.objects.create(
        absent_therapist=absent_therapist,
        covering_therapist=covering_therapist,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=by,
    )


@transaction.atomic
def cover_end(*, cover: CoverPeriod, by: User) -> CoverPeriod | None:
    """End a cover now; one that has not started yet is cancelled (returns None)."""
    cover = CoverPeriod.objects.select_for_update().get(pk=cover.pk)
    now = timezone.now()
    if cover.ends_at <= now:
        raise InboxError(_("This cover has already ended."))
    if cover.starts_at >= now:
        cover.delete()
        return None
    cover.ends_at = now
    cover.save(update_fields=["ends_at"])
    return cover


# --- notes -----------------------------------------------------------------------------------


@transaction.atomic
def clinical_note_create(*, participant: Participant, author: User, body: str) -> ClinicalNote:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise InboxError(_("Write the note before you save it."))
    if len(body) > NOTE_MAX_LENGTH:
        raise InboxError(
            _("A note can be at most %(max)s characters long.") % {"max": f"{NOTE_MAX_LENGTH:,}"}
        )
    return ClinicalNote.objects.create(participant=participant, author=author, body=body)


# --- therapist time --------------------------------------------------------------------------


def iso_week_of(moment: dt.datetime, user: User) -> tuple[int, int]:
    """The ISO (year, week) of a moment on the user's own calendar."""
    year, week, _day = moment.astimezone(user_zone(user)).isocalendar()
    return year, week


def therapist_time_add(
    *, therapist: User, participant: Participant, seconds: int, at: dt.datetime | None = None
) -> int:
    """Add heartbeat time to this week's row (created on first need); returns seconds added."""
    seconds = max(0, min(int(seconds), MAX_HEARTBEAT_SECONDS))
    if not seconds:
        return 0
    year, week = iso_week_of(at or timezone.now(), therapist)
    rows = TherapistTime.objects.filter(
        therapist=therapist, participant=participant, iso_year=year, iso_week=week
    )
    with transaction.atomic():
        if rows.update(tracked_seconds=F("tracked_seconds") + seconds):
            return seconds
        try:
            with transaction.atomic():
                TherapistTime.objects.create(
                    therapist=therapist,
                    participant=participant,
                    iso_year=year,
                    iso_week=week,
                    tracked_seconds=seconds,
                )
        except IntegrityError:  # the first beat of two tabs at once: the other one created it
            rows.update(tracked_seconds=F("tracked_seconds") + seconds)
    return seconds


@transaction.atomic
def therapist_time_adjust(
    *,
    therapist: User,
    participant: Participant,
    iso_year: int,
    iso_week: int,
    total_minutes: int,
    by: User,
) -> TherapistTime:
    """Set the week's total by hand; the tracked seconds stay, the difference is the adjustment."""
    try:
        dt.date.fromisocalendar(iso_year, iso_week, 1)
    except ValueError:
        raise InboxError(_("That week does not exist.")) from None
    if not 0 <= total_minutes <= MAX_WEEK_MINUTES:
        raise InboxError(_("Enter the minutes spent that week (0 or more)."))
    record, _created = TherapistTime.objects.select_for_update().get_or_create(
        therapist=therapist, participant=participant, iso_year=iso_year, iso_week=iso_week
    )
    record.adjustment_seconds = total_minutes * 60 - record.tracked_seconds
    record.adjusted_at = timezone.now()
    record.adjusted_by = by
    record.save(update_fields=["adjustment_seconds", "adjusted_at", "adjusted_by"])
    return record
