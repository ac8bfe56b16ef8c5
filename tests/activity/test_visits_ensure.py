import datetime as dt

from activity.models import Visit
from activity.services import visit_plan, visits_ensure


def _utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_it_makes_baseline_week_4_and_week_12_visits(make_participant):
    # 23:30 UTC on 1 March is already 2 March in Stockholm, the participant's zone.
    participant = make_participant(randomized_at=_utc(2026, 3, 1, 23, 30))
    visits = visits_ensure(participant=participant)
    assert [(v.number, v.kind, v.planned_for) for v in visits] == [
        (1, Visit.Kind.BASELINE, dt.date(2026, 3, 2)),
        (2, Visit.Kind.WEEK4, dt.date(2026, 3, 30)),
        (3, Visit.Kind.WEEK12, dt.date(2026, 5, 25)),
    ]


def test_it_follows_the_participants_own_time_zone(make_participant):
    participant = make_participant(
        randomized_at=_utc(2026, 3, 1, 23, 30), user__time_zone="America/New_York"
    )
    assert visits_ensure(participant=participant)[0].planned_for == dt.date(2026, 3, 1)


def test_it_is_idempotent(make_participant):
    participant = make_participant(randomized_at=_utc(2026, 3, 1, 12))
    first = visits_ensure(participant=participant)
    second = visits_ensure(participant=participant)
    assert [v.pk for v in second] == [v.pk for v in first]
    assert [v.planned_for for v in second] == [v.planned_for for v in first]
    assert Visit.objects.filter(participant=participant).count() == 3
    # Only the three inserts are in the history: the second call changed nothing.
    assert Visit.pgh_event_model.objects.filter(pgh_obj__participant=participant).count() == 3


def test_it_costs_one_query_once_the_visits_exist(make_participant, django_assert_num_queries):
    participant = make_participant()
    visits_ensure(participant=participant)
    with django_assert_num_queries(1):
        visits_ensure(participant=participant)


def test_it_dates_from_registration_and_moves_with_randomization(participant, physiotherapist):
    participant.created_at = _utc(2026, 1, 10, 9)
    participant.save()
    assert visits_ensure(participant=participant)[0].planned_for == dt.date(2026, 1, 10)
    visit_plan(
        participant=participant, number=3, planned_for=dt.date(2026, 6, 1), by=physiotherapist
    )

    participant.randomized_at = _utc(2026, 2, 1, 9)
    participant.save()
    visits = visits_ensure(participant=participant)
    assert [v.planned_for for v in visits] == [
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 6, 1),  # planned by the physiotherapist: kept
    ]


def test_it_keeps_a_held_visit(make_participant, physiotherapist):
    participant = make_participant(randomized_at=_utc(2026, 3, 1, 12))
    baseline = visits_ensure(participant=participant)[0]
    Visit.objects.filter(pk=baseline.pk).update(held_at=_utc(2026, 3, 1, 13))
    participant.randomized_at = _utc(2026, 3, 20, 12)
    participant.save()
    visits = visits_ensure(participant=participant)
    assert visits[0].planned_for == dt.date(2026, 3, 1)
    assert visits[1].planned_for == dt.date(2026, 4, 17)
