"""Completion, end to end through a real Celery worker and the real Redis broker."""

from django.core import mail

from modules.models import ProgrammeEnrolment
from notifications.models import Notification
from tests.celery_worker import wait_for
from tests.modules.test_progress import _read_all_pages, _submit_required


def test_completion_refreshes_adherence_and_tells_the_therapist(
    client, celery_worker, make_participant
):
    participant = make_participant()
    client.force_login(participant.user)
    pages = len(participant.module_progress.get(module__number=1).module.current_version.pages)
    _submit_required(client, participant)
    _read_all_pages(client, 1, pages)

    assert wait_for(
        lambda: ProgrammeEnrolment.objects.get(participant=participant).modules_completed == 1
    )
    # The therapist's notice (the participant's "module 1 is open" may be sent too, when the
    # test runs inside the participant's waking hours).
    told = Notification.objects.filter(kind="module_completed", state=Notification.State.SENT)
    assert wait_for(lambda: told.count() == 1)
    assert [message.to for message in mail.outbox if participant.therapist.email in message.to] == [
        [participant.therapist.email]
    ]
