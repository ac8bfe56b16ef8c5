import pytest

from accounts.models import AuditEvent
from activity.models import GoalRating
from activity.services import ActivityError, goal_rate
from tests.factories import ParticipantFactory


def test_it_updates_a_rating_and_keeps_the_old_one_in_history(main_goal, physiotherapist):
    first, created = goal_rate(
        goal=main_goal, rater_role="physiotherapist", rating="partly", by=physiotherapist
    )
    assert created
    second, created = goal_rate(
        goal=main_goal, rater_role="physiotherapist", rating="attained", by=physiotherapist
    )
    assert not created
    assert second.pk == first.pk
    assert GoalRating.objects.get().rating == "attained"
    history = GoalRating.pgh_event_model.objects.order_by("pgh_id").values_list("rating", flat=True)
    assert list(history) == ["partly", "attained"]


def test_it_keeps_the_participants_and_the_physiotherapists_ratings_apart(
    main_goal, participant, physiotherapist
):
    goal_rate(goal=main_goal, rater_role="physiotherapist", rating="partly", by=physiotherapist)
    goal_rate(goal=main_goal, rater_role="participant", rating="attained", by=participant.user)
    ratings = dict(main_goal.ratings.values_list("rater_role", "rating"))
    assert ratings == {"physiotherapist": "partly", "participant": "attained"}


def test_it_refuses_a_participant_rating_of_someone_elses_goal(main_goal):
    stranger = ParticipantFactory()
    with pytest.raises(ActivityError):
        goal_rate(goal=main_goal, rater_role="participant", rating="attained", by=stranger.user)
    assert not GoalRating.objects.exists()


def test_it_rates_as_physiotherapist_from_the_page(client, main_goal, physiotherapist):
    client.force_login(physiotherapist)
    url = f"/staff/participants/{main_goal.participant.pk}/activity/goals/{main_goal.pk}/rating/"
    assert client.post(url, {"rating": "not_attained"}).status_code == 302
    assert client.post(url, {"rating": "partly"}).status_code == 302
    rating = GoalRating.objects.get()
    assert (rating.rater_role, rating.rating, rating.rated_by) == (
        "physiotherapist",
        "partly",
        physiotherapist,
    )
    actions = AuditEvent.objects.order_by("id").values_list("action", flat=True)
    assert list(actions) == ["create", "update"]
