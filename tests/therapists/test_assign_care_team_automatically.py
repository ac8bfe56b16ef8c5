"""A study may give each randomized participant a care team itself: per site, the colleague with
the fewest participants first, equals in turn; recorded as a coordinator's assignment is."""

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from tests.factories import ParticipantFactory, UserFactory
from therapists.care import care_assign, care_teams_assign_automatically
from therapists.models import CareAssignment, CareRole
from therapists.tasks import assign_care_teams
from trial.models import Arm, Participant
from trial.services import study_default


@pytest.fixture
def study(db):
    study = study_default()
    study.assign_care_teams_automatically = True
    study.save()
    return study


def _randomized(study, site="eriksberg", arm=Arm.INTERVENTION, **extra):
    fields = {
        "study": study,
        "site": study.sites.get(code=site),
        "status": Participant.Status.RANDOMIZED,
        "arm": arm,
        "randomized_at": timezone.now(),
    }
    return ParticipantFactory(**{**fields, **extra})


def _working_at(study, site, staff, coordinator, count=1):
    """Give `staff` `count` participants at `site`, assigned by hand (consented ones, whom
    the rule itself leaves alone)."""
    role = CareRole.THERAPIST if staff.role == Role.THERAPIST else CareRole.PHYSIOTHERAPIST
    for _ in range(count):
        participant = _randomized(study, site, status=Participant.Status.CONSENTED)
        care_assign(participant=participant, role=role, staff=staff, by=coordinator)


def _physio(name):
    return UserFactory(role=Role.PHYSIOTHERAPIST, first_name=name)


def _therapist(name):
    return UserFactory(role=Role.THERAPIST, first_name=name)


def _team(participant):
    participant.refresh_from_db()
    return participant.therapist, participant.physiotherapist


def test_it_is_off_unless_the_study_turns_it_on(db, coordinator):
    study = study_default()
    assert study.assign_care_teams_automatically is False
    physio = _physio("Pia")
    _working_at(study, "eriksberg", physio, coordinator)
    waiting = _randomized(study)
    assert care_teams_assign_automatically() == 0
    assert _team(waiting) == (None, None)


def test_the_colleague_with_the_fewest_participants_comes_first(study, coordinator):
    busy, free = _physio("Busy"), _physio("Free")
    busy_t, free_t = _therapist("Busy"), _therapist("Free")
    _working_at(study, "eriksberg", busy, coordinator, count=2)
    _working_at(study, "eriksberg", free, coordinator)
    _working_at(study, "eriksberg", busy_t, coordinator, count=2)
    _working_at(study, "eriksberg", free_t, coordinator)
    participant = _randomized(study)
    assert care_teams_assign_automatically() == 2
    assert _team(participant) == (free_t, free)


def test_equals_take_turns_at_each_site(study, coordinator):
    first, second = _physio("First"), _physio("Second")
    _working_at(study, "eriksberg", first, coordinator)
    _working_at(study, "eriksberg", second, coordinator)
    chosen = []
    for _ in range(4):
        participant = _randomized(study, arm=Arm.CONTROL)
        care_teams_assign_automatically()
        chosen.append(_team(participant)[1])
    assert chosen == [first, second, first, second]


def test_it_chooses_among_staff_already_at_the_site(study, coordinator):
    here, elsewhere = _physio("Here"), _physio("Elsewhere")
    _working_at(study, "eriksberg", here, coordinator, count=3)
    _working_at(study, "lidkoping", elsewhere, coordinator)
    participant = _randomized(study, site="eriksberg", arm=Arm.CONTROL)
    care_teams_assign_automatically()
    assert _team(participant) == (None, here)  # busier, but the only one at the site


def test_a_site_without_staff_waits_for_a_coordinator_but_a_therapist_may_come_from_the_study(
    client, study, coordinator
):
    physio, therapist = _physio("Pia"), _therapist("Tor")
    _working_at(study, "lidkoping", physio, coordinator)
    _working_at(study, "lidkoping", therapist, coordinator)
    participant = _randomized(study, site="uddevalla")
    assert care_teams_assign_automatically() == 1
    # Guidance is online; visits are in person, so no physiotherapist from another town.
    assert _team(participant) == (therapist, None)
    client.force_login(coordinator)
    page = client.get("/staff/participants/").content.decode()
    assert participant.code in page.split('id="awaiting-heading"', 1)[1].split("</section>", 1)[0]


def test_the_control_arm_gets_a_physiotherapist_only(study, coordinator):
    physio, therapist = _physio("Pia"), _therapist("Tor")
    _working_at(study, "eriksberg", physio, coordinator)
    _working_at(study, "eriksberg", therapist, coordinator)
    participant = _randomized(study, arm=Arm.CONTROL)
    care_teams_assign_automatically()
    assert _team(participant) == (None, physio)


def test_inactive_staff_and_withdrawn_participants_do_not_count(study, coordinator):
    gone, busy = _physio("Gone"), _physio("Busy")
    _working_at(study, "eriksberg", gone, coordinator)
    _working_at(study, "eriksberg", busy, coordinator, count=3)
    gone.is_active = False
    gone.save()
    # Two of Busy's participants have withdrawn: one current participant is left.
    Participant.objects.filter(physiotherapist=busy).exclude(
        pk=Participant.objects.filter(physiotherapist=busy).first().pk
    ).update(status=Participant.Status.WITHDRAWN)
    other = _physio("Other")
    _working_at(study, "eriksberg", other, coordinator, count=2)
    participant = _randomized(study, arm=Arm.CONTROL)
    care_teams_assign_automatically()
    assert _team(participant) == (None, busy)


def test_it_is_recorded_as_a_coordinators_assignment_is(client, study, coordinator):
    physio = _physio("Pia")
    _working_at(study, "eriksberg", physio, coordinator)
    participant = _randomized(study, arm=Arm.CONTROL)
    by_hand = CareAssignment.objects.get(staff=physio)
    care_teams_assign_automatically()
    automatic = CareAssignment.objects.get(participant=participant)
    assert (automatic.role, automatic.staff, automatic.ends_at) == (
        by_hand.role,
        by_hand.staff,
        None,
    )
    assert automatic.assigned_by is None  # no person made it: the study's rule did
    # The participant record's change history names the rule.
    event = (
        apps.get_model("trial", "ParticipantEvent")
        .objects.filter(pgh_obj_id=participant.pk)
        .latest("pgh_id")
    )
    assert event.physiotherapist_id == physio.pk
    assert event.pgh_context.metadata == {"care_team_rule": study.code}
    # The care-team page shows it in the history, as it shows a coordinator's.
    client.force_login(coordinator)
    page = client.get(f"/staff/participants/{participant.pk}/care-team/").content.decode()
    assert "automatic rule" in page
    # From then on coordinators change it as any other assignment.
    other = _physio("Other")
    care_assign(participant=participant, role="physiotherapist", staff=other, by=coordinator)
    automatic.refresh_from_db()
    assert automatic.ended_by == coordinator


def test_it_never_refills_a_role_a_coordinator_has_emptied(study, coordinator):
    physio = _physio("Pia")
    _working_at(study, "eriksberg", physio, coordinator)
    participant = _randomized(study, arm=Arm.CONTROL)
    care_assign(participant=participant, role="physiotherapist", staff=physio, by=coordinator)
    care_assign(participant=participant, role="physiotherapist", staff=None, by=coordinator)
    assert care_teams_assign_automatically() == 0
    assert _team(participant) == (None, None)


def test_it_leaves_people_not_randomized_or_withdrawn_alone_and_runs_once(study, coordinator):
    physio = _physio("Pia")
    _working_at(study, "eriksberg", physio, coordinator)
    consented = ParticipantFactory(
        study=study, site=study.sites.get(code="eriksberg"), status=Participant.Status.CONSENTED
    )
    withdrawn = _randomized(study, arm=Arm.CONTROL, status=Participant.Status.WITHDRAWN)
    waiting = _randomized(study, arm=Arm.CONTROL)
    assert assign_care_teams() == 1  # the periodic task
    assert assign_care_teams() == 0
    assert _team(consented) == _team(withdrawn) == (None, None)
    assert _team(waiting) == (None, physio)


def test_the_task_runs_every_minute():
    entry = next(
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "therapists.tasks.assign_care_teams"
    )
    assert entry["schedule"] == 60
