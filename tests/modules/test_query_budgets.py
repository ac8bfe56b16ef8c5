"""The dashboard and a module page cost the same queries however much a participant has done."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modules.models import Module, ModuleProgress, WorksheetAnswer


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _make_busy(participant):
    """14 completed modules and 100 saved answers."""
    now = timezone.now()
    for module in Module.objects.exclude(number=1):
        ModuleProgress.objects.create(
            participant=participant,
            module=module,
            unlocked_at=now,
            content_version=module.current_version,
        )
    ModuleProgress.objects.filter(participant=participant).update(completed_at=now)
    modules = list(Module.objects.select_related("current_version"))
    WorksheetAnswer.objects.bulk_create(
        WorksheetAnswer(
            participant=participant,
            module=modules[i % 14],
            worksheet_key=f"extra-{i}",
            content_version=modules[i % 14].current_version,
            data={"x": "y"},
        )
        for i in range(100)
    )


def test_dashboard_queries_do_not_grow(client, make_participant, django_assert_max_num_queries):
    fresh, busy = make_participant(), make_participant()
    ModuleProgress.objects.filter(participant=fresh).update(completed_at=timezone.now())
    _make_busy(busy)
    client.force_login(fresh.user)
    fresh_count = _queries(client, "/programme/")
    client.force_login(busy.user)
    busy_count = _queries(client, "/programme/")
    assert busy_count == fresh_count
    # session, user, user session (read + write), participant; release: locked enrolment, rule,
    # progress, approvals, modules; overview: progress, modules, translated versions; the
    # "This week" panel: unread messages, the study's timepoints, questionnaire responses of
    # record; session save; and the savepoints of four atomic blocks (8 statements).
    with django_assert_max_num_queries(22):
        client.get("/programme/")


def test_module_page_queries_do_not_grow(client, make_participant):
    fresh, busy = make_participant(), make_participant()
    _make_busy(busy)
    counts = []
    for participant in (fresh, busy):
        client.force_login(participant.user)
        client.get("/programme/modules/1/pages/1/")  # first opening writes once
        counts.append(_queries(client, "/programme/modules/1/pages/3/"))
    assert counts[0] == counts[1]
    assert counts[0] <= 15
