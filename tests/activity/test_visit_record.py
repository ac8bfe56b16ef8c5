import datetime as dt

import pytest
import time_machine

from activity.models import Visit
from activity.services import ActivityError, visit_record


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel("2026-06-01 12:00Z", tick=False):
        yield


def test_it_records_visit_3_with_the_who_flag_in_the_users_zone(
    client, physiotherapist, participant, visits
):
    client.force_login(physiotherapist)  # Europe/Stockholm: UTC+2 in May
    url = f"/staff/participants/{participant.pk}/activity/visits/{visits[2].pk}/"
    assert "WHO recommendation" in client.get(url).content.decode()
    response = client.post(
        url,
        {"held_at": "2026-05-25T10:30", "notes": "Walks daily", "meets_who_recommendation": "true"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get(pk=visits[2].pk)
    assert visit.held_at == dt.datetime(2026, 5, 25, 8, 30, tzinfo=dt.UTC)
    assert (visit.notes, visit.meets_who_recommendation) == ("Walks daily", True)
    assert visit.recorded_by == physiotherapist
    page = client.get(f"/staff/participants/{participant.pk}/activity/").content.decode()
    assert "Held 25 May 2026, 10:30" in page


def test_it_has_no_who_flag_before_visit_3(client, physiotherapist, participant, visits):
    client.force_login(physiotherapist)
    url = f"/staff/participants/{participant.pk}/activity/visits/{visits[0].pk}/"
    assert "WHO recommendation" not in client.get(url).content.decode()
    client.post(url, {"held_at": "2026-03-02T10:00", "meets_who_recommendation": "true"})
    visit = Visit.objects.get(pk=visits[0].pk)
    assert visit.held_at is not None
    assert visit.meets_who_recommendation is None


def test_the_service_refuses_the_who_flag_before_visit_3_and_future_visits(
    participant, physiotherapist, visits
):
    visit = visits[0]
    visit.participant = participant
    with pytest.raises(ActivityError, match="visit 3 only"):
        visit_record(
            visit=visit,
            held_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            meets_who_recommendation=False,
            by=physiotherapist,
        )
    with pytest.raises(ActivityError, match="before it has been held"):
        visit_record(
            visit=visit, held_at=dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC), by=physiotherapist
        )
    assert Visit.objects.get(pk=visit.pk).held_at is None


def test_it_plans_a_visit_date(client, physiotherapist, participant, visits):
    client.force_login(physiotherapist)
    response = client.post(
        f"/staff/participants/{participant.pk}/activity/visits/plan/",
        {"number": "3", "planned_for": "2026-09-01"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get(pk=visits[2].pk)
    assert (visit.planned_for, visit.planned_by) == (dt.date(2026, 9, 1), physiotherapist)
