"""A participant answers a questionnaire page by page; answers are kept as they go."""

import pytest
import time_machine
from django.utils import timezone

from assessments.instruments import INSTRUMENTS
from assessments.models import QuestionnaireResponse
from assessments.pages import questionnaire_pages
from tests.assessments.conftest import answer_on_web, utc

BASE = "/questionnaires/baseline/rand36"


def _post(client, page, answers, go="next"):
    data = {f"item_{n}": str(v) for n, v in answers.items()}
    return client.post(f"{BASE}/pages/{page}/", {**data, "go": go})


def _stored(participant):
    return QuestionnaireResponse.objects.get(participant=participant, instrument="rand36").answers


def test_it_keeps_instructions_with_their_items_on_pages_of_at_most_ten():
    pages = questionnaire_pages(INSTRUMENTS["rand36"])
    assert [(p.first, p.last) for p in pages] == [(1, 2), (3, 12), (13, 22), (23, 32), (33, 36)]
    hads = questionnaire_pages(INSTRUMENTS["hads"])
    assert [(p.first, p.last) for p in hads] == [(1, 7), (8, 14)]
    assert len(questionnaire_pages(INSTRUMENTS["pain_locations"])) == 1


def test_it_lists_the_timepoint_with_each_instrument_and_its_status(client, enrolled):
    client.force_login(enrolled.user)
    page = client.get("/questionnaires/").content.decode()
    assert "Baseline" in page
    assert "6 months" in page  # listed, not yet open (no randomization)
    page = client.get("/questionnaires/baseline/").content.decode()
    for name in ("Pain intensity", "Pain locations", "RAND 36-Item Health Survey 1.0"):
        assert name in page
    assert "Not started" in page


def test_it_shows_progress_and_radio_groups_in_fieldsets(client, enrolled):
    client.force_login(enrolled.user)
    page = client.get(f"{BASE}/pages/2/").content.decode()
    assert "Questionnaire 3 of 3" in page
    assert "questions 3\N{EN DASH}12 of 36" in page
    assert page.count("<fieldset") == 10
    assert 'type="radio" name="item_3"' in page
    assert "Does your health now limit you in these activities?" in page


def test_it_saves_a_page_and_continues_to_the_next(client, enrolled):
    client.force_login(enrolled.user)
    response = _post(client, 1, {1: 3, 2: 2})
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/pages/2/"
    assert _stored(enrolled) == {"1": 3, "2": 2}
    assert 'value="3" checked' in client.get(f"{BASE}/pages/1/").content.decode()


def test_it_lets_the_participant_leave_and_come_back_where_they_left_off(client, enrolled):
    client.force_login(enrolled.user)
    _post(client, 1, {1: 1, 2: 1})
    response = _post(client, 2, dict.fromkeys(range(3, 8), 2), go="later")
    assert response["Location"] == "/questionnaires/baseline/"
    assert "Your answers are saved" in client.get(response["Location"]).content.decode()
    # Items 8-12 of page 2 are still unanswered: coming back opens that page.
    assert client.get(f"{BASE}/")["Location"] == f"{BASE}/pages/2/"
    assert len(_stored(enrolled)) == 7


def test_it_goes_back_a_page_after_saving(client, enrolled):
    client.force_login(enrolled.user)
    response = _post(client, 2, {3: 1}, go="previous")
    assert response["Location"] == f"{BASE}/pages/1/"
    assert _stored(enrolled) == {"3": 1}


def test_it_goes_to_the_check_page_after_the_last_page(client, enrolled):
    client.force_login(enrolled.user)
    response = _post(client, 5, {33: 1, 34: 2, 35: 3, 36: 4})
    assert response["Location"] == f"{BASE}/review/"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"item_1": "9"}, "Question 1: 9 is not one of the allowed answers (1-5)."),
        ({"item_1": "0"}, "Question 1: 0 is not one of the allowed answers (1-5)."),
        ({"item_2": "two"}, "Question 2: “two” is not a number. Allowed: 1-5."),
        ({"item_7": "1"}, "a question that is not on this page"),
        ({"item_99": "1"}, "a question that is not on this page"),
    ],
)
def test_it_refuses_out_of_range_or_unknown_answers_with_a_clear_message(
    client, enrolled, posted, message
):
    client.force_login(enrolled.user)
    response = client.post(f"{BASE}/pages/1/", {"item_1": "2", **posted, "go": "next"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuestionnaireResponse.objects.filter(participant=enrolled).exists()


def test_it_escapes_what_was_posted_in_messages(client, enrolled):
    client.force_login(enrolled.user)
    response = client.post(f"{BASE}/pages/1/", {"item_1": "<b>x", "go": "next"})
    page = response.content.decode()
    assert "&lt;b&gt;x" in page
    assert "<b>x" not in page


def test_it_shows_a_slider_and_a_number_field_for_a_visual_analogue_scale(client, enrolled):
    client.force_login(enrolled.user)
    page = client.get("/questionnaires/baseline/pain_vas/pages/1/").content.decode()
    assert 'type="range" min="0" max="100"' in page
    assert 'name="item_1"' in page
    assert "Worst pain imaginable" in page
    assert 'src="/static/js/questionnaire.js"' in page
    assert 'href="/static/css/questionnaire.css"' in page
    response = client.post("/questionnaires/baseline/pain_vas/pages/1/", {"item_1": "101"})
    assert "Question 1: 101 is not one of the allowed answers (0-100)." in response.content.decode()
    client.post("/questionnaires/baseline/pain_vas/pages/1/", {"item_1": "64"})
    assert QuestionnaireResponse.objects.get(participant=enrolled).answers == {"1": 64}


def test_it_does_not_open_before_the_window_or_for_another_study(client, make_participant):
    waiting = make_participant(consented_at=None, status="eligible")
    client.force_login(waiting.user)
    assert client.get(f"{BASE}/pages/1/")["Location"] == "/questionnaires/baseline/"
    assert client.post(f"{BASE}/pages/1/", {"item_1": "1"})["Location"] == (
        "/questionnaires/baseline/"
    )
    assert "once they open" in client.get("/questionnaires/baseline/").content.decode()
    assert not QuestionnaireResponse.objects.exists()
    assert client.get("/questionnaires/nope/").status_code == 404
    assert client.get("/questionnaires/baseline/hads/").status_code == 404  # not at baseline


def test_it_still_takes_answers_when_overdue(client, enrolled):
    with time_machine.travel(timezone.now() + timezone.timedelta(days=40)):
        client.force_login(enrolled.user)
        assert "still welcome" in client.get("/questionnaires/baseline/").content.decode()
        assert _post(client, 1, {1: 1})["Location"] == f"{BASE}/pages/2/"


def test_it_refuses_web_answers_for_a_withdrawn_participant(client, make_participant):
    gone = make_participant(status="withdrawn", withdrawn_at=utc(2026, 1, 1))
    client.force_login(gone.user)
    assert _post(client, 1, {1: 1})["Location"] == "/questionnaires/"
    assert "left the study" in client.get("/questionnaires/").content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_it_sends_a_finished_questionnaire_to_the_timepoint_page(client, enrolled, baseline):
    answer_on_web(enrolled, baseline, "rand36")
    client.force_login(enrolled.user)
    response = client.get(f"{BASE}/pages/1/")
    assert response["Location"] == "/questionnaires/baseline/"
    assert "You sent this questionnaire on" in client.get(response["Location"]).content.decode()
