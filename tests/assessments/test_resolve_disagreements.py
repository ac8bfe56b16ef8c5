"""Two entries that differ are listed item by item, and resolved against the paper form."""

import pytest

from assessments.models import QuestionnaireResponse
from assessments.paper_selectors import paper_worklist
from assessments.scoring import score
from assessments.services import QuestionnaireError, paper_entries_resolve, paper_entry_create
from tests.assessments.conftest import full_answers


@pytest.fixture
def differing(enrolled, baseline, therapist, physiotherapist):
    """Entry 1 and 2 of a RAND-36 form that differ on items 4 (2 vs 3) and 9 (1 vs blank)."""
    first = full_answers("rand36", lambda item: 2 if item.number == 4 else 1)
    second = {**full_answers("rand36"), 4: 3, 9: None}
    for answers, by in ((first, therapist), (second, physiotherapist)):
        paper_entry_create(
            participant=enrolled,
            timepoint=baseline,
            instrument_code="rand36",
            answers=answers,
            entered_by=by,
        )
    return enrolled


def _resolve_url(participant):
    return f"/staff/participants/{participant.pk}/assessments/baseline/rand36/resolve/"


def test_it_lists_forms_whose_entries_differ_item_by_item(differing, coordinator):
    (disagreement,) = paper_worklist(coordinator).disagreements
    assert disagreement.items == [4, 9]
    assert disagreement.first.entry_number == 1
    assert disagreement.second.entry_number == 2


def test_the_list_page_links_to_resolving(client, differing, therapist):
    client.force_login(therapist)
    page = client.get("/staff/paper-forms/").content.decode()
    assert differing.code in page
    assert "4, 9" in page
    assert _resolve_url(differing) in page


def test_it_lists_forms_waiting_for_a_second_entry(
    client, enrolled, baseline, therapist, coordinator
):
    paper_entry_create(
        participant=enrolled,
        timepoint=baseline,
        instrument_code="pain_vas",
        answers={1: 40},
        entered_by=therapist,
    )
    worklist = paper_worklist(coordinator)
    assert [e.instrument for e in worklist.awaiting_second_entry] == ["pain_vas"]
    client.force_login(coordinator)
    page = client.get("/staff/paper-forms/").content.decode()
    assert "Make the second entry" in page


def test_the_resolve_page_compares_both_entries(client, differing, coordinator):
    client.force_login(coordinator)
    page = client.get(_resolve_url(differing)).content.decode()
    assert page.count('class="q-differs"') == 2
    assert "2 - Yes, limited a little" in page  # entry 1 of item 4, value and label
    assert "3 - No, not limited at all" in page
    assert "not answered" in page
    assert '<select id="item_4" name="item_4"' in page
    assert 'name="item_5"' not in page  # agreed items are not asked again


def test_it_writes_the_agreed_answers_as_the_verified_response(client, differing, coordinator):
    client.force_login(coordinator)
    response = client.post(_resolve_url(differing), {"item_4": "3", "item_9": "none"})
    assert response["Location"] == f"/staff/participants/{differing.pk}/assessments/"
    first = QuestionnaireResponse.objects.get(source="paper", entry_number=1)
    expected = {**full_answers("rand36", lambda item: 1), 4: 3}
    del expected[9]
    assert first.item_answers == expected
    assert first.verified and first.verified_by == coordinator
    stored = {s.scale: (s.value, s.missing_items) for s in first.scores.all()}
    assert stored == {k: (v.value, v.missing_items) for k, v in score("rand36", expected).items()}
    second = QuestionnaireResponse.objects.get(source="paper", entry_number=2)
    assert second.item_answers[4] == 3 and 9 not in second.item_answers  # kept as typed
    # The history keeps entry 1 as first typed.
    typed = first.events.order_by("pgh_id").first()
    assert typed.answers["4"] == 2
    assert paper_worklist(coordinator).disagreements == []


def test_it_needs_a_choice_for_every_differing_item(client, differing, coordinator):
    client.force_login(coordinator)
    response = client.post(_resolve_url(differing), {"item_4": "3", "item_9": ""})
    assert response.status_code == 200
    assert "Question 9: choose the answer on the paper form" in response.content.decode()
    response = client.post(_resolve_url(differing), {"item_4": "7", "item_9": "none"})
    assert "Question 4: 7 is not one of the allowed answers (1-3)." in response.content.decode()
    assert not QuestionnaireResponse.objects.filter(verified=True).exists()


def test_the_service_refuses_a_partial_or_repeated_resolution(differing, baseline, coordinator):
    kwargs = {
        "participant": differing,
        "timepoint": baseline,
        "instrument_code": "rand36",
        "resolved_by": coordinator,
    }
    with pytest.raises(QuestionnaireError, match="have changed"):
        paper_entries_resolve(answers={4: 3}, **kwargs)
    paper_entries_resolve(answers={4: 3, 9: 1}, **kwargs)
    with pytest.raises(QuestionnaireError, match="already been verified"):
        paper_entries_resolve(answers={4: 3, 9: 1}, **kwargs)


def test_nothing_to_resolve_sends_back_with_a_message(client, enrolled, coordinator):
    client.force_login(coordinator)
    response = client.get(_resolve_url(enrolled), follow=True)
    assert "no differences to resolve" in response.content.decode()
