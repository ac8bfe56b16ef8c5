"""The staff pages about one participant share one set of tabs: each role sees the tabs of the
pages it may open, in the same order on every page, with the page shown marked."""

import re

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

PAGES = {
    "record": "",
    "programme": "programme/",
    "worksheets": "worksheets/",
    "messages": "messages/",
    "questionnaires": "assessments/",
    "activity": "activity/",
    "notes": "notes/",
    "time": "time/",
    "care_team": "care-team/",
}
TABS = {
    Role.THERAPIST: [
        "record",
        "programme",
        "worksheets",
        "messages",
        "questionnaires",
        "notes",
        "time",
    ],
    Role.PHYSIOTHERAPIST: ["record", "questionnaires", "activity", "notes"],
    Role.COORDINATOR: ["record", "programme", "questionnaires", "activity", "notes", "care_team"],
}


def _url(participant, key: str) -> str:
    return f"/staff/participants/{participant.pk}/{PAGES[key]}"


def _tabs(page: str) -> list[tuple[str, bool]]:
    """(href, is current) of each tab, in order."""
    nav = re.findall(
        r'<nav class="participant-tabs" aria-label="Participant pages">.*?</nav>', page, re.S
    )
    assert len(nav) == 1
    return [
        (href, bool(current))
        for href, current in re.findall(r'<a href="([^"]+)"( aria-current="page")?>', nav[0])
    ]


@pytest.fixture
def staff(participant, therapist, physiotherapist):
    return {
        Role.THERAPIST: therapist,
        Role.PHYSIOTHERAPIST: physiotherapist,
        Role.COORDINATOR: UserFactory(role=Role.COORDINATOR),
    }


@pytest.mark.parametrize("role", list(TABS))
def test_it_shows_each_role_its_tabs_on_each_of_its_pages(client, participant, staff, role):
    client.force_login(staff[role])
    expected = [_url(participant, key) for key in TABS[role]]
    for key in TABS[role]:
        response = client.get(_url(participant, key))
        assert response.status_code == 200, key
        tabs = _tabs(response.content.decode())
        assert [href for href, _current in tabs] == expected, key
        assert [href for href, current in tabs if current] == [_url(participant, key)], key


@pytest.mark.parametrize("role", list(TABS))
def test_it_shows_no_tab_to_a_page_the_role_cannot_open(client, participant, staff, role):
    client.force_login(staff[role])
    for key in PAGES.keys() - set(TABS[role]):
        assert client.get(_url(participant, key)).status_code == 403, key


def test_it_shows_a_superuser_every_tab(client, participant):
    client.force_login(UserFactory(role=Role.COORDINATOR, is_superuser=True))
    tabs = _tabs(client.get(_url(participant, "record")).content.decode())
    assert [href for href, _current in tabs] == [_url(participant, key) for key in PAGES]
