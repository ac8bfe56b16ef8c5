"""Questionnaire reminders: on the days the study's policy names after a timepoint opens, while
it is open and not complete. Each (timepoint, step) reminds a participant once."""

from datetime import datetime

from django.utils import timezone

from assessments.selectors import completed_instruments, timepoint_window
from notifications.services import NotificationRequest, enqueue_many
from trial.models import Participant, Study, Timepoint
from trial.services import reminder_due_at, reminder_policy_for

BATCH = 2000


def questionnaire_reminders_queue(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    policies = {study.pk: reminder_policy_for(study) for study in Study.objects.all()}
    timepoints: dict[int, list[Timepoint]] = {}
    for timepoint in Timepoint.objects.order_by("order"):
        timepoints.setdefault(timepoint.study_id, []).append(timepoint)
    participants = (
        Participant.objects.filter(consented_at__isnull=False)
        .exclude(status=Participant.Status.WITHDRAWN)
        .select_related("user")
        .only("pk", "study_id", "consented_at", "randomized_at", "user__time_zone")
        .order_by("pk")
    )
    queued = 0
    batch: list[Participant] = []
    for participant in participants.iterator(chunk_size=BATCH):
        batch.append(participant)
        if len(batch) == BATCH:
            queued += _queue_batch(batch, timepoints, policies, now)
            batch = []
    if batch:
        queued += _queue_batch(batch, timepoints, policies, now)
    return queued


def _queue_batch(participants, timepoints, policies, now) -> int:
    done = completed_instruments([p.pk for p in participants])
    requests = []
    for participant in participants:
        policy = policies[participant.study_id]
        for timepoint in timepoints.get(participant.study_id, []):
            if set(timepoint.instruments) <= done[(participant.pk, timepoint.pk)]:
                continue
            open_at, close_at = timepoint_window(participant, timepoint)
            if open_at is None or not open_at <= now < close_at:
                continue
            days_open = (now - open_at).days
            steps = [n for n, days in enumerate(policy.questionnaire_days, 1) if days_open >= days]
            if not steps:
                continue
            requests.append(
                NotificationRequest(
                    recipient_id=participant.user_id,
                    kind="questionnaire_due",
                    reference=f"questionnaire:{timepoint.pk}:{steps[-1]}",
                    due_at=reminder_due_at(
                        policy=policy, time_zone=participant.user.time_zone, now=now
                    ),
                )
            )
    return enqueue_many(requests)
