"""Reading, time on task and completion; completion is recorded once."""

from django.core import mail

from modules.models import ModuleProgress
from modules.services import adherence_recompute_all, module_completion_check
from modules.tasks import refresh_adherence
from notifications.models import Notification


def _read_all_pages(client, number, pages):
    for page in range(1, pages + 1):
        assert client.get(f"/programme/modules/{number}/pages/{page}/").status_code == 200


def _submit_required(client, participant, number=1):
    progress = participant.module_progress.get(module__number=number)
    version = progress.module.current_version
    for key, sheet in version.worksheets.items():
        if sheet["required"]:
            data = {"action": "submit", "revision": "0"}
            for field in sheet["fields"]:
                data.update(_answer_for(field))
            response = client.post(f"/programme/modules/{number}/worksheets/{key}/", data)
            assert response.status_code == 302, response.content.decode()[:2000]


def _answer_for(field) -> dict:
    if field["type"] == "text":
        return {field["key"]: "Something I noticed."}
    if field["type"] == "scale":
        return {field["key"]: str(field["min"])}
    if field["type"] == "checklist":
        return {field["key"]: [field["options"][0]["value"]]}
    column = field["columns"][0]
    value = "3" if column["type"] == "scale" else "A note"
    return {f"{field['key']}__1__{column['key']}": value}


def test_opening_a_module_records_first_opening_and_version(client, in_programme):
    client.force_login(in_programme.user)
    client.get("/programme/modules/1/pages/2/")
    progress = in_programme.module_progress.get(module__number=1)
    assert progress.first_opened_at is not None
    assert progress.content_version == progress.module.current_version
    assert progress.pages_viewed == [2]
    client.get("/programme/modules/1/pages/2/")
    progress.refresh_from_db()
    assert progress.pages_viewed == [2]


def test_time_on_task_is_clipped_per_heartbeat(client, in_programme):
    client.force_login(in_programme.user)
    assert client.post("/programme/modules/1/activity", {"seconds": "15"}).status_code == 204
    client.post("/programme/modules/1/activity", {"seconds": "3600"})
    client.post("/programme/modules/1/activity", {"seconds": "-50"})
    assert client.post("/programme/modules/1/activity", {"seconds": "x"}).status_code == 400
    assert in_programme.module_progress.get(module__number=1).time_spent_seconds == 75


def test_a_module_completes_with_the_last_page_and_required_worksheets(client, in_programme):
    client.force_login(in_programme.user)
    pages = len(in_programme.module_progress.get(module__number=1).module.current_version.pages)
    _read_all_pages(client, 1, pages)
    assert in_programme.module_progress.get(module__number=1).completed_at is None
    _submit_required(client, in_programme)
    assert in_programme.module_progress.get(module__number=1).completed_at is not None


def test_completion_is_recorded_once_with_one_notification(
    client, in_programme, django_capture_on_commit_callbacks
):
    client.force_login(in_programme.user)
    pages = len(in_programme.module_progress.get(module__number=1).module.current_version.pages)
    with django_capture_on_commit_callbacks() as callbacks:
        _submit_required(client, in_programme)
        _read_all_pages(client, 1, pages)
        _read_all_pages(client, 1, pages)  # the last page again
        progress = ModuleProgress.objects.select_related("content_version", "participant").get(
            participant=in_programme, module__number=1
        )
        progress.completed_at = None  # a stale copy, as a concurrent request would hold
        assert module_completion_check(progress=progress) is False
    assert Notification.objects.filter(kind="module_completed").count() == 1
    # After commit: one dispatch of the therapist's notification, one adherence refresh.
    assert len(callbacks) == 2


def test_the_adherence_task_and_nightly_check_agree(client, in_programme):
    client.force_login(in_programme.user)
    pages = len(in_programme.module_progress.get(module__number=1).module.current_version.pages)
    _submit_required(client, in_programme)
    _read_all_pages(client, 1, pages)
    assert refresh_adherence(in_programme.pk) == 1
    in_programme.programme.refresh_from_db()
    assert in_programme.programme.modules_completed == 1
    type(in_programme.programme).objects.filter(pk=in_programme.programme.pk).update(
        modules_completed=5
    )
    assert adherence_recompute_all() == 1  # drift found and repaired
    in_programme.programme.refresh_from_db()
    assert in_programme.programme.modules_completed == 1


def test_the_therapist_email_says_nothing_clinical(
    client, in_programme, django_capture_on_commit_callbacks
):
    from notifications.services import notification_deliver

    client.force_login(in_programme.user)
    pages = len(in_programme.module_progress.get(module__number=1).module.current_version.pages)
    _submit_required(client, in_programme)
    _read_all_pages(client, 1, pages)
    notification = Notification.objects.get(kind="module_completed")
    assert notification_deliver(notification_id=notification.pk) is True
    assert notification_deliver(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert in_programme.code not in body
    assert in_programme.user.email not in body
    assert "module" not in body.lower()
