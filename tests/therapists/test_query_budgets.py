"""The caseload and a thread cost the same queries however many participants and messages.

Data is made with bulk_create: 200 participants with 100 messages each (20,000), and a thread
of 500 messages, each compared with a tenth of it.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from modules.models import Module, ModuleProgress, ProgrammeEnrolment, WorksheetAnswer
from therapists.models import Message, MessageThread, SafetyFlag, WorksheetFeedback
from trial.models import Arm, Participant
from trial.services import study_default


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _caseload(therapist, *, participants: int, messages_each: int, tag: str) -> list[Participant]:
    now = timezone.now()
    study = study_default()
    module = Module.objects.select_related("current_version").get(number=1)
    users = User.objects.bulk_create(
        User(email=f"{tag}{i}@example.org", first_name=f"P{i}", password="!")
        for i in range(participants)
    )
    people = Participant.objects.bulk_create(
        Participant(
            user=user,
            study=study,
            code=f"P-{tag.upper()}{i:05d}",
            arm=Arm.INTERVENTION,
            status=Participant.Status.RANDOMIZED,
            randomized_at=now - dt.timedelta(days=30),
            therapist=therapist,
        )
        for i, user in enumerate(users)
    )
    ProgrammeEnrolment.objects.bulk_create(
        ProgrammeEnrolment(
            participant=p, starts_at=now - dt.timedelta(days=30), last_activity_at=now
        )
        for p in people
    )
    ModuleProgress.objects.bulk_create(
        ModuleProgress(
            participant=p, module=module, unlocked_at=now, content_version=module.current_version
        )
        for p in people
    )
    answers = WorksheetAnswer.objects.bulk_create(
        WorksheetAnswer(
            participant=p,
            module=module,
            worksheet_key="stress-signals",
            content_version=module.current_version,
            data={"stress_situation": "Work"},
            submitted_at=now - dt.timedelta(days=1),
        )
        for p in people
    )
    threads = MessageThread.objects.bulk_create(
        MessageThread(participant=p, awaiting_reply_since=now - dt.timedelta(days=i % 5))
        for i, p in enumerate(people)
    )
    _messages(threads, therapist, messages_each, answers)
    first = Message.objects.filter(thread=threads[0], side=Message.Side.PARTICIPANT).first()
    SafetyFlag.objects.create(participant=people[0], source="message", message=first, phrase="x")
    return people


def _messages(threads, therapist, count, answers=None):
    now = timezone.now()
    rows = []
    for thread in threads:
        for i in range(count):
            from_participant = i % 2 == 0
            rows.append(
                Message(
                    thread=thread,
                    author_id=thread.participant.user_id if from_participant else therapist.pk,
                    side=Message.Side.PARTICIPANT if from_participant else Message.Side.CARE_TEAM,
                    body=f"Message {i} " * 5,
                    created_at=now - dt.timedelta(minutes=count - i),
                    read_at=None if i % 3 else now,
                )
            )
    messages = Message.objects.bulk_create(rows, batch_size=5000)
    if answers:
        # Some care-team messages are feedback on a worksheet.
        care = [m for m in messages if m.side == Message.Side.CARE_TEAM][: len(answers) // 2]
        WorksheetFeedback.objects.bulk_create(
            WorksheetFeedback(answer=answer, message=message)
            for answer, message in zip(answers, care, strict=False)
        )
    return messages


@pytest.mark.parametrize("size", [20, 200])
def test_it_reads_the_caseload_in_a_fixed_number_of_queries(
    client, programme, therapist, size, django_assert_num_queries
):
    _caseload(therapist, participants=size, messages_each=100, tag=f"c{size}x")
    assert Message.objects.count() == size * 100
    client.force_login(therapist)
    client.get("/staff/inbox/")  # warm up: the session and the user's time zone are cached
    # session, user, MFA check; the caseload (1 query); audit row (INSERT); service level. The
    # session is not saved: it slides its idle expiry at most once a minute.
    with django_assert_num_queries(6):
        assert client.get("/staff/inbox/").status_code == 200


def test_it_reads_the_caseload_in_as_many_queries_at_a_tenth_of_the_data(
    client, programme, therapist
):
    _caseload(therapist, participants=20, messages_each=100, tag="small")
    client.force_login(therapist)
    client.get("/staff/inbox/")  # warm up: the first request slides the session's idle expiry
    small = _queries(client, "/staff/inbox/")
    _caseload(therapist, participants=180, messages_each=100, tag="big")
    assert Message.objects.count() == 20_000
    assert _queries(client, "/staff/inbox/") == small


def test_it_reads_a_thread_in_as_many_queries_at_500_messages_as_at_50(
    client, programme, therapist
):
    counts = []
    for size, tag in ((50, "t50x"), (500, "t500x")):
        (participant,) = _caseload(therapist, participants=1, messages_each=size, tag=tag)
        client.force_login(therapist)
        url = f"/staff/participants/{participant.pk}/messages/"
        client.get(url)  # the first view marks the participant's messages read
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]
    # session, user, MFA check, participant; worksheets; templates; current module; mark read;
    # caseload row (SAVEPOINT, SET LOCAL, query, RELEASE); audit; messages (count, page);
    # flags; scores; session save (SAVEPOINT, UPDATE, RELEASE).
    assert counts[1] <= 22


def test_it_reads_the_participants_messages_in_as_many_queries_at_500(client, programme, therapist):
    counts = []
    for size, tag in ((50, "m50x"), (500, "m500x")):
        (participant,) = _caseload(therapist, participants=1, messages_each=size, tag=tag)
        client.force_login(participant.user)
        counts.append(_queries(client, "/me/messages/"))
    assert counts[0] == counts[1]
