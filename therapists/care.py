"""Care teams: who is assigned to a participant (with history), cover for absent therapists,
clinical notes, and the time therapists spend on each participant per week."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
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
from trial.models import Participant

# Heartbeats come every 15 s from a visible page in use; a larger claim is clipped so a
# delayed or tampered request cannot inflate the time (as for participants' module time).
MAX_HEARTBEAT_SECONDS = 60
MAX_WEEK_MINUTES = 7 * 24 * 60

_FIELD = {CareRole.THERAPIST: "therapist", CareRole.PHYSIOTHERAPIST: "physiotherapist"}
_STAFF_ROLE = {CareRole.THERAPIST: Role.THERAPIST, CareRole.PHYSIOTHERAPIST: Role.PHYSIOTHERAPIST}


# --- assignment ------------------------------------------------------------------------------


@transaction.atomic
def care_assign(
    *, participant: Participant, role: str, staff: User | None, by: User
) -> CareAssignment | None:
    """Make `staff` the participant's therapist or physiotherapist from now (None: nobody).

    The open assignment for that role is closed, so the history shows who cared when;
    Participant.therapist / physiotherapist follow.
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
