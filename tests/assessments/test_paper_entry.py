"""Staff type in paper forms twice, independently; agreeing entries verify the form."""

import pytest

from assessments.models import QuestionnaireResponse
from assessments.scoring import score
from assessments.services import QuestionnaireError, paper_entry_create
from tests.assessments.conftest import answer_on_web, full_answers


def _url(participant, code="rand36", timepoint="baseline"):
    return f"/staff/participants/{participant.pk}/assessments/{timepoint}/{code}/paper/"


def _form(answers):
    return {f"item_{n}": "" if v is None else str(v) for n, v in answers.items()}


def _entries(participant, code="rand36"):
    return QuestionnaireResponse.objects.filter(
        participant=participant, instrument=code, source="paper"
    ).order_by("entry_number")


def test_it_records_the_first_entry_with_who_entered_it(client, enrolled, therapist):
    client.force_login(therapist)
    page = client.get(_url(enrolled)).content.decode()
    assert "First entry" in page
    assert "In general, would you say your health is:" in page
    answers = {**full_answers("rand36"), 7: None}  # left blank on the form
    response = client.post(_url(enrolled), _form(answers))
    assert response["Location"] == f"/staff/participants/{enrolled.pk}/assessments/"
    (entry,) = _entries(enrolled)
    assert (entry.entry_number, entry.entered_by, entry.verified) == (1, therapist, False)
    assert entry.completed_at is not None
    assert "7" not in entry.answers and len(entry.answers) == 35
    assert "Entry 1 of the paper form is saved" in client.get(response["Location"]).content.decode()


def test_a_second_agreeing_entry_by_someone_else_verifies_the_form(
    client, enrolled, therapist, physiotherapist
):
    answers = full_answers("rand36", lambda item: item.maximum)
    client.force_login(therapist)
    client.post(_url(enrolled), _form(answers))
    client.force_login(physiotherapist)
    page = client.get(_url(enrolled)).content.decode()
    assert "Second, independent entry" in page
    response = client.post(_url(enrolled), _form(answers), follow=True)
    assert "agrees with entry 1 on every question" in response.content.decode()
    first, second = _entries(enrolled)
    assert (second.entry_number, second.entered_by) == (2, physiotherapist)
    assert first.verified and first.verified_by == physiotherapist
    stored = {s.scale: s.value for s in first.scores.all()}
    assert stored == {k: v.value for k, v in score("rand36", answers).items()}
    overview = client.get(f"/staff/participants/{enrolled.pk}/assessments/").content.decode()
    assert "verified" in overview
    assert "Physical functioning: 100.0" in overview


def test_the_same_person_cannot_make_both_entries(client, enrolled, therapist):
    client.force_login(therapist)
    client.post(_url(enrolled), _form(full_answers("rand36")))
    page = client.get(_url(enrolled)).content.decode()
    assert "must be made by another staff member" in page
    assert 'name="item_1"' not in page
    response = client.post(_url(enrolled), _form(full_answers("rand36")), follow=True)
    assert "must be made by another staff member" in response.content.decode()
    assert _entries(enrolled).count() == 1
    with pytest.raises(QuestionnaireError, match="another staff member"):
        paper_entry_create(
            participant=enrolled,
            timepoint=enrolled.study.timepoints.get(code="baseline"),
            instrument_code="rand36",
            answers=full_answers("rand36"),
            entered_by=therapist,
        )


def test_it_refuses_a_third_entry(client, enrolled, therapist, physiotherapist, coordinator):
    client.force_login(therapist)
    client.post(_url(enrolled), _form(full_answers("rand36")))
    client.force_login(physiotherapist)
    client.post(_url(enrolled), _form(full_answers("rand36")))
    client.force_login(coordinator)
    response = client.post(_url(enrolled), _form(full_answers("rand36")), follow=True)
    assert "already been entered and verified" in response.content.decode()
    assert _entries(enrolled).count() == 2


def test_it_refuses_a_paper_form_after_the_web_answers_were_sent(
    client, enrolled, baseline, therapist
):
    answer_on_web(enrolled, baseline, "rand36")
    client.force_login(therapist)
    assert (
        "already sent this questionnaire on the web" in client.get(_url(enrolled)).content.decode()
    )
    client.post(_url(enrolled), _form(full_answers("rand36")))
    assert not _entries(enrolled).exists()


def test_a_paper_form_stops_web_answers(client, enrolled, therapist):
    client.force_login(therapist)
    client.post(_url(enrolled), _form(full_answers("rand36")))
    client.force_login(enrolled.user)
    assert "Received on paper" in client.get("/questionnaires/baseline/").content.decode()
    response = client.post(
        "/questionnaires/baseline/rand36/pages/1/", {"item_1": "1", "go": "next"}, follow=True
    )
    assert "already received this questionnaire on paper" in response.content.decode()
    assert not QuestionnaireResponse.objects.filter(source="web").exists()


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"item_1": "6"}, "Question 1: 6 is not one of the allowed answers (1-5)."),
        ({"item_3": "x"}, "Question 3: “x” is not a number. Allowed: 1-3."),
        ({"item_40": "1"}, "a question that is not on this page"),
        ({}, "Enter at least one answer from the paper form."),
    ],
)
def test_it_refuses_wrong_entries_with_a_clear_message(
    client, enrolled, therapist, posted, message
):
    client.force_login(therapist)
    response = client.post(_url(enrolled), posted)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not _entries(enrolled).exists()


def test_it_enters_a_licensed_form_by_number_when_its_text_is_missing(
    client, make_participant, therapist, no_texts
):
    participant = make_participant(randomized_at=make_participant().consented_at)
    client.force_login(therapist)
    url = _url(participant, "hads", "m6")
    page = client.get(url).content.decode()
    assert "questions are shown by number only" in page
    assert "Allowed: 0-3" in page
    client.post(url, _form(full_answers("hads")))
    assert _entries(participant, "hads").count() == 1


def test_it_enters_the_body_map_as_ticked_regions(client, enrolled, therapist):
    client.force_login(therapist)
    url = _url(enrolled, "pain_locations")
    assert 'type="checkbox" name="item_9"' in client.get(url).content.decode()
    client.post(url, {"item_9": "1", "item_10": "1"})
    (entry,) = _entries(enrolled, "pain_locations")
    assert entry.answers == {str(n): int(n in (9, 10)) for n in range(1, 19)}
    assert entry.scores.get().value == 2.0
