"""The guidance figures the research export reads: messages per side, feedback, time."""

from therapists.care import therapist_time_add, therapist_time_adjust
from therapists.selectors import guidance_adherence, therapist_time_weeks


def test_it_counts_messages_feedback_and_time_per_participant(
    in_programme, other_participant, therapist, send, submit_worksheet
):
    send(in_programme, in_programme.user, "One")
    send(in_programme, in_programme.user, "Two")
    send(in_programme, therapist, "Feedback", worksheet_answer=submit_worksheet(in_programme))
    therapist_time_add(therapist=therapist, participant=in_programme, seconds=45)
    therapist_time_adjust(
        therapist=therapist,
        participant=in_programme,
        iso_year=2026,
        iso_week=2,
        total_minutes=15,
        by=therapist,
    )
    rows = {row.pk: row for row in guidance_adherence()}
    mine, theirs = rows[in_programme.pk], rows[other_participant.pk]
    assert (mine.messages_from_participant, mine.messages_from_therapist) == (2, 1)
    assert mine.therapist_feedback_count == 1
    assert mine.therapist_seconds == 45 + 15 * 60
    assert (theirs.messages_from_participant, theirs.therapist_seconds) == (0, 0)
    assert therapist_time_weeks().count() == 2
