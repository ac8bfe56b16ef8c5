"""Sending a web questionnaire: only when complete, exactly once, and scored as scoring says."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from assessments.models import QuestionnaireResponse, Score
from assessments.scoring import score
from assessments.services import response_page_save
from tests.assessments.conftest import full_answers

REVIEW = "/questionnaires/baseline/rand36/review/"


def _save(participant, timepoint, answers, code="rand36"):
    response_page_save(
        participant=participant, timepoint=timepoint, instrument_code=code, answers=answers
    )


def test_it_lists_unanswered_questions_and_refuses_to_send(client, enrolled, baseline):
    answers = full_answers("rand36")
    del answers[5], answers[30]
    _save(enrolled, baseline, answers)
    client.force_login(enrolled.user)
    page = client.get(REVIEW).content.decode()
    assert "You have answered 34 of 36 questions." in page
    assert "/questionnaires/baseline/rand36/pages/2/#item-5" in page
    assert "/questionnaires/baseline/rand36/pages/4/#item-30" in page
    assert "Send my answers" not in page
    response = client.post(REVIEW)
    assert response.status_code == 200
    assert "Some questions still need an answer" in response.content.decode()
    response = QuestionnaireResponse.objects.get(participant=enrolled)
    assert response.completed_at is None
    assert not Score.objects.exists()


def test_it_refuses_to_send_before_anything_is_answered(client, enrolled):
    client.force_login(enrolled.user)
    response = client.post(REVIEW)
    assert "Some questions still need an answer" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_it_sends_once_and_a_second_post_gets_a_clear_message(client, enrolled, baseline):
    _save(enrolled, baseline, full_answers("rand36"))
    client.force_login(enrolled.user)
    assert "Send my answers" in client.get(REVIEW).content.decode()
    first = client.post(REVIEW)
    assert first["Location"] == "/questionnaires/baseline/"
    assert "have been sent" in client.get(first["Location"]).content.decode()
    second = client.post(REVIEW, follow=True)
    assert "You sent this questionnaire on" in second.content.decode()
    assert QuestionnaireResponse.objects.filter(participant=enrolled).count() == 1
    assert Score.objects.count() == 8  # the eight RAND-36 scales, once


def test_it_stores_the_scores_that_scoring_computes(client, enrolled, baseline):
    answers = full_answers("rand36", lambda item: item.maximum if item.number % 3 else 2)
    _save(enrolled, baseline, answers)
    client.force_login(enrolled.user)
    client.post(REVIEW)
    response = QuestionnaireResponse.objects.get(participant=enrolled)
    stored = {s.scale: (s.value, s.missing_items, s.rule_version) for s in response.scores.all()}
    expected = {
        scale: (result.value, result.missing_items, result.rule_version)
        for scale, result in score("rand36", answers).items()
    }
    assert stored == expected
    assert response.completed_at is not None
    assert response.entered_by is None
    assert response.source == "web"


def test_it_lets_work_items_of_the_fiq_be_blank(client, enrolled, m6, texts_dir):
    enrolled.randomized_at = enrolled.consented_at - dt.timedelta(days=190)
    enrolled.save()
    answers = full_answers("fiq")
    del answers[13], answers[14]  # no paid work
    _save(enrolled, m6, answers, code="fiq")
    client.force_login(enrolled.user)
    response = client.post("/questionnaires/m6/fiq/review/")
    assert response["Location"] == "/questionnaires/m6/"
    total = QuestionnaireResponse.objects.get(instrument="fiq").scores.get(scale="total")
    assert total.value == score("fiq", answers)["total"].value
    assert total.missing_items == 2


def test_it_scores_the_body_map_with_unticked_regions_as_zero(client, enrolled):
    client.force_login(enrolled.user)
    url = "/questionnaires/baseline/pain_locations/pages/1/"
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="item_18"' in page
    assert "data-body-map" in page and 'data-region="11"' in page
    assert "Shoulders and arms" in page
    response = client.post(url, {"item_2": "1", "item_11": "1", "item_12": "1", "go": "next"})
    assert response["Location"] == "/questionnaires/baseline/pain_locations/review/"
    client.post("/questionnaires/baseline/pain_locations/review/")
    saved = QuestionnaireResponse.objects.get(instrument="pain_locations")
    assert saved.answers == {str(n): int(n in (2, 11, 12)) for n in range(1, 19)}
    assert saved.scores.get().value == 3.0


def test_the_database_keeps_one_web_response_per_instrument_and_timepoint(enrolled, baseline):
    _save(enrolled, baseline, {1: 2})
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.create(
            participant=enrolled, timepoint=baseline, instrument="rand36", source="web"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionnaireResponse.objects.create(  # paper forms say who typed them in
            participant=enrolled, timepoint=baseline, instrument="hads", source="paper"
        )
