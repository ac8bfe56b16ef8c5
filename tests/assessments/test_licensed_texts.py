"""Licensed instruments show the site's installed wording, or say plainly that it is missing."""

import json

import pytest

from assessments.models import QuestionnaireResponse
from tests.assessments.conftest import utc

HADS = "/questionnaires/m6/hads"


@pytest.fixture
def at_m6(make_participant):
    """Randomized long ago: the 6-month timepoint (all eight instruments) is open."""
    return make_participant(
        status="randomized", consented_at=utc(2025, 1, 1), randomized_at=utc(2025, 1, 2)
    )


def _open_m6(at_m6, m6):
    m6.offset_days = 0
    m6.window_days = 10000
    m6.save()


@pytest.mark.parametrize("path", ["/", "/pages/1/", "/review/"])
def test_it_says_plainly_that_the_licensed_text_is_not_installed(client, at_m6, m6, no_texts, path):
    _open_m6(at_m6, m6)
    client.force_login(at_m6.user)
    response = client.get(HADS + path, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "its licensed text has not been installed by this site" in page
    assert "staff must use the paper form" in page


def test_it_saves_nothing_when_the_text_is_missing(client, at_m6, m6, no_texts):
    _open_m6(at_m6, m6)
    client.force_login(at_m6.user)
    response = client.post(f"{HADS}/pages/1/", {"item_1": "2"})
    assert "licensed text has not been installed" in response.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_it_marks_missing_texts_on_the_timepoint_page(client, at_m6, m6, settings):
    settings.INSTRUMENT_TEXTS_DIR = None  # the setting may be absent or empty
    _open_m6(at_m6, m6)
    client.force_login(at_m6.user)
    page = client.get("/questionnaires/m6/").content.decode()
    assert page.count("On paper only") == 4  # hads, mfi20, fiq, sci93
    assert 'href="/questionnaires/m6/hads/"' not in page
    assert 'href="/questionnaires/m6/rand36/"' in page


def test_it_treats_an_incomplete_file_as_missing(client, at_m6, m6, tmp_path, settings):
    (tmp_path / "hads.json").write_text(json.dumps({"items": {"1": "only one"}}))
    settings.INSTRUMENT_TEXTS_DIR = str(tmp_path)
    _open_m6(at_m6, m6)
    client.force_login(at_m6.user)
    page = client.get(f"{HADS}/pages/1/").content.decode()
    assert "licensed text has not been installed" in page
    assert str(tmp_path) not in page  # the operator's path is logged, not shown


def test_it_shows_installed_texts_escaped_with_their_labels(client, at_m6, m6, tmp_path, settings):
    data = {
        "items": {str(n): f"Question <b>{n}</b>" for n in range(1, 15)},
        "options": {"default": {"0": "Never", "3": "Most of the time"}},
    }
    (tmp_path / "hads.json").write_text(json.dumps(data), encoding="utf-8")
    settings.INSTRUMENT_TEXTS_DIR = str(tmp_path)
    _open_m6(at_m6, m6)
    client.force_login(at_m6.user)
    page = client.get(f"{HADS}/pages/1/").content.decode()
    assert "Question &lt;b&gt;1&lt;/b&gt;" in page
    assert "<b>1</b>" not in page
    assert "Most of the time" in page
    assert "Questionnaire 4 of 8" in page
