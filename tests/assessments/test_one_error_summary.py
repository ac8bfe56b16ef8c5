"""A questionnaire page keeps its own error summary (linked to whole questions), not a second."""


def test_a_refused_answer_gets_one_summary(client, enrolled):
    client.force_login(enrolled.user)
    response = client.post(
        "/questionnaires/baseline/rand36/pages/1/", {"item_1": "9", "item_2": "2", "go": "next"}
    )
    page = response.content.decode()
    assert page.count('id="error-summary"') == 1
    assert "data-error-summary" not in page
    assert '<a href="#item-1">' in page
