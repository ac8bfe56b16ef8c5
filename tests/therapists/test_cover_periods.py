"""During a cover period the covering therapist sees the absent therapist's caseload."""

import datetime as dt

import time_machine
from django.utils import timezone
from django.utils.html import escape

from tests.therapists.conftest import utc
from therapists.caseload import caseload_for
from therapists.models import CoverPeriod
from trial.selectors import participants_visible_to

START, END = utc(2026, 3, 9, 7), utc(2026, 3, 13, 16)


def _cover(therapist, covering, created_by):
    return CoverPeriod.objects.create(
        absent_therapist=therapist,
        covering_therapist=covering,
        starts_at=START,
        ends_at=END,
        created_by=created_by,
    )


def test_it_shows_the_caseload_to_the_covering_therapist_only_during_the_cover(
    participant, therapist, covering_therapist, coordinator
):
    _cover(therapist, covering_therapist, coordinator)
    for moment, sees in ((START - dt.timedelta(minutes=1), False), (START, True), (END, False)):
        with time_machine.travel(moment, tick=False):
            visible = participants_visible_to(covering_therapist)
            assert visible.filter(pk=participant.pk).exists() is sees
    with time_machine.travel(START, tick=False):
        assert participants_visible_to(therapist).filter(pk=participant.pk).exists()


def test_it_says_whom_a_participant_is_covered_for(
    client, participant, therapist, covering_therapist, coordinator
):
    _cover(therapist, covering_therapist, coordinator)
    _cover(therapist, covering_therapist, coordinator)  # overlapping covers: no duplicate rows
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        assert [p.pk for p in caseload_for(covering_therapist)] == [participant.pk]
        client.force_login(covering_therapist)
        page = client.get("/staff/inbox/").content.decode()
    assert participant.code in page
    assert f"covering for {escape(therapist.get_full_name())}" in page


def test_it_lets_a_coordinator_create_and_end_a_cover(
    client, coordinator, therapist, covering_therapist, participant
):
    client.force_login(coordinator)
    now = timezone.localtime()
    response = client.post(
        "/staff/cover/",
        {
            "absent_therapist": therapist.pk,
            "covering_therapist": covering_therapist.pk,
            "starts_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    cover = CoverPeriod.objects.get()
    assert cover.created_by == coordinator
    assert participants_visible_to(covering_therapist).filter(pk=participant.pk).exists()
    client.post(f"/staff/cover/{cover.pk}/end")
    cover.refresh_from_db()
    assert cover.ends_at <= timezone.now()
    assert not participants_visible_to(covering_therapist).exists()


def test_it_cancels_a_cover_not_started_yet(client, coordinator, therapist, covering_therapist):
    cover = CoverPeriod.objects.create(
        absent_therapist=therapist,
        covering_therapist=covering_therapist,
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=2),
        created_by=coordinator,
    )
    client.force_login(coordinator)
    client.post(f"/staff/cover/{cover.pk}/end")
    assert not CoverPeriod.objects.exists()


def test_it_refuses_covering_oneself_or_a_backwards_period(
    client, coordinator, therapist, other_therapist, physiotherapist
):
    client.force_login(coordinator)
    now = timezone.localtime()
    later = (now + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    sooner = (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    for absent, covering, starts, ends in (
        (therapist, therapist, sooner, later),
        (therapist, physiotherapist, sooner, later),
    ):
        data = {"absent_therapist": absent.pk, "covering_therapist": covering.pk}
        response = client.post("/staff/cover/", {**data, "starts_at": starts, "ends_at": ends})
        assert response.status_code == 200
    response = client.post(
        "/staff/cover/",
        {
            "absent_therapist": therapist.pk,
            "covering_therapist": other_therapist.pk,
            "starts_at": later,
            "ends_at": sooner,
        },
    )
    assert "must end after it starts" in response.content.decode()
    assert not CoverPeriod.objects.exists()
