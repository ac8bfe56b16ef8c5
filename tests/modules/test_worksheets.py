"""Worksheets: autosave, conflicts between tabs, validation, submission once."""

import json

URL = "/programme/modules/1/worksheets/stress-signals/"


def _field(participant, key="stress-signals"):
    version = participant.module_progress.get(module__number=1).module.current_version
    return version.worksheets[key]["fields"]


def _text_key(participant):
    return next(f for f in _field(participant) if f["type"] == "text")


def _scale_key(participant):
    return next(f for f in _field(participant) if f["type"] == "scale")


def test_autosave_stores_a_draft_and_counts_revisions(client, in_programme):
    client.force_login(in_programme.user)
    text = _text_key(in_programme)["key"]
    response = client.post(URL + "autosave", {"revision": "0", text: "Tight shoulders"})
    assert response.status_code == 200
    assert response.json()["revision"] == 1
    response = client.post(URL + "autosave", {"revision": "1", text: "Tight shoulders, jaw"})
    assert response.json()["revision"] == 2
    answer = in_programme.worksheet_answers.get()
    assert answer.data[text] == "Tight shoulders, jaw"
    assert answer.submitted_at is None


def test_a_stale_save_from_another_tab_is_refused_and_shown(client, in_programme):
    client.force_login(in_programme.user)
    text = _text_key(in_programme)["key"]
    client.post(URL + "autosave", {"revision": "0", text: "Written in tab A"})
    response = client.post(URL + "autosave", {"revision": "0", text: "Written in tab B"})
    assert response.status_code == 409
    body = response.json()
    assert body["conflict"] is True
    assert body["revision"] == 1
    assert body["data"][text] == "Written in tab A"
    assert in_programme.worksheet_answers.get().data[text] == "Written in tab A"
    # The form path shows the conflict on the page, keeping the participant's own answers.
    page = client.post(URL, {"revision": "0", "action": "save", text: "Written in tab B"})
    assert page.status_code == 409
    html = page.content.decode()
    assert "saved from another tab or device" in html
    assert "Written in tab B" in html


def test_out_of_range_and_too_long_answers_get_clear_messages(client, in_programme):
    client.force_login(in_programme.user)
    text, scale = _text_key(in_programme), _scale_key(in_programme)
    response = client.post(
        URL + "autosave",
        {"revision": "0", text["key"]: "x" * (text["max_length"] + 1), scale["key"]: "11"},
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "at most" in errors[text["key"]][0]["message"]
    assert errors[scale["key"]][0]["message"] == "Choose a whole number from 0 to 10."
    page = client.post(URL, {"revision": "0", "action": "save", scale["key"]: "eleven"})
    assert page.status_code == 200
    assert "Choose a whole number from 0 to 10." in page.content.decode()
    assert not in_programme.worksheet_answers.exists()


def test_diary_cells_are_checked_too(client, in_programme):
    client.force_login(in_programme.user)
    url = "/programme/modules/2/worksheets/stress-pain-diary/autosave"
    from modules.services import module_open_early

    module_open_early(participant=in_programme, by=in_programme.therapist)
    response = client.post(url, {"revision": "0", "daily_diary__3__pain": "12"})
    assert response.status_code == 400
    response = client.post(url, {"revision": "0", "daily_diary__3__pain": "7"})
    assert response.status_code == 200
    rows = in_programme.worksheet_answers.get().data["daily_diary"]
    assert rows[2]["pain"] == 7
    assert len(rows) == 7


def test_html_in_an_answer_is_shown_as_text(client, in_programme):
    client.force_login(in_programme.user)
    text = _text_key(in_programme)["key"]
    client.post(URL + "autosave", {"revision": "0", text: "<script>alert('x')</script>"})
    page = client.get("/programme/modules/1/summary/").content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page


def test_submitting_needs_the_required_answers(client, in_programme):
    client.force_login(in_programme.user)
    page = client.post(URL, {"revision": "0", "action": "submit"})
    assert page.status_code == 200
    assert "Please answer this before you submit." in page.content.decode()
    assert not in_programme.worksheet_answers.exists()


def _complete_answers(participant) -> dict:
    data = {}
    for field in _field(participant):
        if field["type"] in {"text"}:
            data[field["key"]] = "An answer"
        elif field["type"] == "scale":
            data[field["key"]] = "4"
        elif field["type"] == "checklist":
            data[field["key"]] = [field["options"][0]["value"]]
    return data


def test_a_double_submit_stores_one_submission(client, in_programme):
    client.force_login(in_programme.user)
    data = {"revision": "0", "action": "submit", **_complete_answers(in_programme)}
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    answer = in_programme.worksheet_answers.get()
    assert answer.submitted_at is not None
    assert answer.revision == 1
    follow = client.get(second["Location"])
    assert "already sent" in follow.content.decode()


def test_a_submitted_worksheet_cannot_be_changed_by_autosave(client, in_programme):
    client.force_login(in_programme.user)
    client.post(URL, {"revision": "0", "action": "submit", **_complete_answers(in_programme)})
    response = client.post(URL + "autosave", {"revision": "1"})
    assert response.status_code == 409
    assert json.loads(response.content) == {"submitted": True}


def test_sent_worksheets_are_listed_for_reading_later(client, in_programme):
    client.force_login(in_programme.user)
    client.post(URL, {"revision": "0", "action": "submit", **_complete_answers(in_programme)})
    page = client.get("/programme/answers/").content.decode()
    assert "An answer" in page
