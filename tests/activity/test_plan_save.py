import time_machine

from activity.models import ActivityPlan
from activity.services import activity_plan_save
from tests.factories import UserFactory


def test_it_creates_then_changes_the_one_plan(participant, physiotherapist, coordinator):
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        plan, created = activity_plan_save(
            participant=participant,
            by=physiotherapist,
            activities="Walking",
            weekly_moderate_minutes=100,
        )
    assert created
    with time_machine.travel("2026-03-30 09:00Z", tick=False):
        changed, created = activity_plan_save(
            participant=participant,
            by=coordinator,
            activities="Walking and yoga",
            weekly_moderate_minutes=150,
            strength_sessions_per_week=2,
        )
    assert not created
    assert changed.pk == plan.pk
    plan = ActivityPlan.objects.get()
    assert (plan.created_by, plan.updated_by) == (physiotherapist, coordinator)
    assert plan.created_at.isoformat() == "2026-03-02T09:00:00+00:00"
    assert plan.updated_at.isoformat() == "2026-03-30T09:00:00+00:00"
    assert plan.activities == "Walking and yoga"
    history = plan.events.order_by("pgh_id").values_list("weekly_moderate_minutes", flat=True)
    assert list(history) == [100, 150]


def test_it_tells_whether_the_targets_reach_the_who_recommendation(participant):
    plan = ActivityPlan(participant=participant, strength_sessions_per_week=2)
    for moderate, vigorous, strength, meets in [
        (150, 0, 2, True),
        (0, 75, 2, True),
        (100, 25, 2, True),  # a vigorous minute counts double
        (149, 0, 2, False),
        (300, 0, 1, False),  # no strength training twice a week
    ]:
        plan.weekly_moderate_minutes = moderate
        plan.weekly_vigorous_minutes = vigorous
        plan.strength_sessions_per_week = strength
        assert plan.targets_meet_who_recommendation is meets


def test_it_shows_times_in_the_staff_members_zone(client, participant):
    physiotherapist = participant.physiotherapist
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        activity_plan_save(participant=participant, by=physiotherapist, activities="Walking")
    viewer = UserFactory(role="coordinator", time_zone="Asia/Tokyo")
    client.force_login(viewer)
    page = client.get(f"/staff/participants/{participant.pk}/activity/").content.decode()
    assert "2 March 2026, 18:00" in page  # 09:00 UTC is 18:00 in Tokyo
