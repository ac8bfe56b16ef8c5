"""Text people type is shown as text: markup in it is escaped, never run."""

from activity.models import ActivityPlan, Goal

SCRIPT = '<script>alert("x")</script><b onclick="steal()">bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_it_escapes_plan_goal_and_visit_text_for_staff(
    client, physiotherapist, participant, plan, visits, main_goal
):
    ActivityPlan.objects.filter(pk=plan.pk).update(activities=SCRIPT, intensity=SCRIPT)
    Goal.objects.filter(pk=main_goal.pk).update(description=SCRIPT)
    visits[0].notes = SCRIPT
    visits[0].save()
    client.force_login(physiotherapist)
    for url in [
        f"/staff/participants/{participant.pk}/activity/",
        f"/staff/participants/{participant.pk}/activity/goals/{main_goal.pk}/rating/",
    ]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert 'onclick="steal()"' not in page
        assert ESCAPED in page


def test_it_escapes_text_for_the_participant(client, participant, plan, main_goal):
    ActivityPlan.objects.filter(pk=plan.pk).update(activities=SCRIPT)
    Goal.objects.filter(pk=main_goal.pk).update(description=SCRIPT)
    client.force_login(participant.user)
    for url in ["/activity/", f"/activity/goals/{main_goal.pk}/rating/"]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert ESCAPED in page


def test_it_escapes_what_comes_back_in_a_form_with_errors(client, physiotherapist, participant):
    client.force_login(physiotherapist)
    response = client.post(
        f"/staff/participants/{participant.pk}/activity/plan/",
        {"activities": SCRIPT, "weekly_moderate_minutes": "9999"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert ESCAPED in page
