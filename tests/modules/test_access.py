"""Nobody reaches a locked module, another arm's programme, or someone else's programme."""

import pytest

from accounts.models import AuditEvent
from trial.models import Arm


def test_a_locked_module_is_404(client, in_programme):
    client.force_login(in_programme.user)
    assert client.get("/programme/modules/2/pages/1/").status_code == 404
    assert client.get("/programme/modules/2/").status_code == 404
    assert client.post("/programme/modules/2/activity", {"seconds": "10"}).status_code == 404


def test_a_page_out_of_range_or_unknown_worksheet_is_404(client, in_programme):
    client.force_login(in_programme.user)
    assert client.get("/programme/modules/1/pages/99/").status_code == 404
    assert client.post("/programme/modules/1/worksheets/nope/", {}).status_code == 404


def test_the_control_arm_gets_a_clear_page_and_no_modules(client, make_participant):
    participant = make_participant(arm=Arm.CONTROL)
    client.force_login(participant.user)
    page = client.get("/programme/").content.decode()
    assert "physical activity plan" in page
    assert client.get("/programme/modules/1/pages/1/").status_code == 404
    assert client.get("/programme/answers/").status_code == 404


def test_one_participant_cannot_see_anothers_answers(client, make_participant):
    anna, erik = make_participant(), make_participant()
    client.force_login(anna.user)
    client.post(
        "/programme/modules/1/worksheets/stress-signals/autosave",
        {"revision": "0", "body_signals": "Anna's private answer"},
    )
    client.force_login(erik.user)
    assert (
        "Anna's private answer" not in client.get("/programme/modules/1/summary/").content.decode()
    )
    assert "Anna's private answer" not in client.get("/programme/answers/").content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_programme_page_is_404_for_another_therapist(
    client, in_programme, other_therapist, method
):
    client.force_login(other_therapist)
    url = f"/staff/participants/{in_programme.pk}/programme/"
    response = getattr(client, method)(url, {"action": "open_early"})
    assert response.status_code == 404
    assert in_programme.module_progress.count() == 1


def test_participants_cannot_reach_staff_programme_pages(client, in_programme):
    client.force_login(in_programme.user)
    assert client.get(f"/staff/participants/{in_programme.pk}/programme/").status_code == 403


def test_the_therapist_sees_progress_and_acts_with_audit(client, in_programme, therapist):
    client.force_login(therapist)
    url = f"/staff/participants/{in_programme.pk}/programme/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "open_early", "note": "Doing well"})
    assert response.status_code == 302
    assert in_programme.module_progress.count() == 2
    actions = list(
        AuditEvent.objects.filter(participant=in_programme.user).values_list("action", flat=True)
    )
    assert sorted(actions) == ["update", "view"]


def test_a_coordinator_edits_the_release_rule_with_checks(client, coordinator, in_programme):
    client.force_login(coordinator)
    url = f"/staff/studies/{in_programme.study.code}/release-rule/"
    form = {
        "start_offset_days": "0",
        "min_days_between_modules": "7",
        "release_hour": "25",
        "require_previous_completed": "on",
    }
    assert "from 0 to 23" in client.post(url, form).content.decode()
    form["release_hour"] = "8"
    assert client.post(url, form).status_code == 302
    in_programme.study.release_rule.refresh_from_db()
    assert in_programme.study.release_rule.min_days_between_modules == 7


def test_a_therapist_cannot_edit_release_rules(client, therapist, in_programme):
    client.force_login(therapist)
    assert client.get(f"/staff/studies/{in_programme.study.code}/release-rule/").status_code == 403
