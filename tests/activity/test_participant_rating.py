import re

from activity.models import GoalRating
from activity.services import goal_rate
from tests.factories import ParticipantFactory
from trial.models import Arm


def test_it_shows_the_participant_their_plan_visits_and_goals(
    client, participant, plan, main_goal, intermediate_goal
):
    client.force_login(participant.user)
    page = client.get("/activity/").content.decode()
    assert "Brisk walks in the park" in page
    assert "Walk to work twice a week" in page
    assert "Walk 15 minutes after lunch" in page
    assert "Visit 3 (Week 12)" in page
    assert page.index("Walk to work twice a week") < page.index("Walk 15 minutes after lunch")


def test_it_works_for_both_arms_and_before_any_plan(client, make_participant):
    for arm in (Arm.INTERVENTION, Arm.CONTROL):
        participant = make_participant(arm=arm)
        client.force_login(participant.user)
        response = client.get("/activity/")
        assert response.status_code == 200
        assert "will make your activity plan together" in response.content.decode()
        assert participant.activity_visits.count() == 3


def test_it_saves_and_then_changes_the_participants_own_rating(client, participant, main_goal):
    client.force_login(participant.user)
    url = f"/activity/goals/{main_goal.pk}/rating/"
    response = client.post(url, {"rating": "partly"})
    assert response.status_code == 302
    assert response["Location"] == "/activity/"
    client.post(url, {"rating": "attained"})
    rating = GoalRating.objects.get()
    assert (rating.rater_role, rating.rating, rating.rated_by) == (
        "participant",
        "attained",
        participant.user,
    )
    page = client.get("/activity/").content.decode()
    assert "Your rating: Attained" in page
    assert re.search(r'value="attained"[^>]*checked', page)


def test_it_does_not_show_the_physiotherapists_rating(
    client, participant, main_goal, physiotherapist
):
    goal_rate(
        goal=main_goal, rater_role="physiotherapist", rating="not_attained", by=physiotherapist
    )
    client.force_login(participant.user)
    page = client.get("/activity/").content.decode()
    assert "Not attained" in page  # as a choice of the form only
    assert "checked" not in page


def test_it_asks_again_when_no_rating_is_chosen(client, participant, main_goal):
    client.force_login(participant.user)
    response = client.post(f"/activity/goals/{main_goal.pk}/rating/", {"rating": "excellent"})
    assert response.status_code == 200
    assert "Choose how well the goal was attained." in response.content.decode()
    assert not GoalRating.objects.exists()


def test_it_gives_another_participant_404(client, main_goal):
    other = ParticipantFactory()
    client.force_login(other.user)
    url = f"/activity/goals/{main_goal.pk}/rating/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"rating": "attained"}).status_code == 404
    assert not GoalRating.objects.exists()
    assert "Walk to work twice a week" not in client.get("/activity/").content.decode()
