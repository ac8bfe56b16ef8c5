"""The main menu: few items for participants, the page and its section marked, and a "Menu"
button that only static/js/menu.js shows (without JavaScript the whole menu shows)."""

import re

from django.urls import reverse


def _menu(page: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', page, re.S).group(0)


def _items(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", item).strip()
        for item in re.findall(r"<li>(.*?)</li>", _menu(page), re.S)
    ]


def test_it_gives_a_participant_five_items_and_the_account(client, participant):
    client.force_login(participant.user)
    page = client.get("/me/").content.decode()
    assert _items(page)[:5] == [
        "My study",
        "My programme",
        "My activity plan",
        "Messages",
        "Questionnaires",
    ]
    assert "Account" in _items(page)[5:]
    assert reverse("notifications:settings") not in _menu(page)


def test_it_keeps_the_reminder_settings_one_step_from_my_study(client, participant):
    client.force_login(participant.user)
    page = client.get("/me/").content.decode()
    assert f'href="{reverse("notifications:settings")}"' in page


def test_it_marks_the_page_itself_and_the_section_of_a_page_below_it(client, participant):
    client.force_login(participant.user)
    page = client.get("/me/").content.decode()
    assert '<a href="/me/" aria-current="page">My study</a>' in page
    page = client.get("/me/screening/").content.decode()
    assert '<a href="/me/" aria-current="true">My study</a>' in page
    # /me/messages/ lies under /me/ too: the longer link is its section.
    page = client.get("/me/messages/").content.decode()
    assert '<a href="/me/">My study</a>' in page
    assert '<a href="/me/messages/" aria-current="page">Messages' in page


def test_it_puts_the_menu_behind_a_button_that_only_the_script_shows(client, participant):
    client.force_login(participant.user)
    page = client.get("/me/").content.decode()
    button = re.search(r'<button type="button" class="menu-button"[^>]*>', page).group(0)
    assert 'aria-controls="main-menu"' in button
    assert 'aria-expanded="false"' in button
    assert " hidden" in button
    assert '<ul class="nav" id="main-menu">' in page
    assert '<script src="/static/js/menu.js" defer></script>' in page


def test_it_keeps_the_staff_menus_as_they_were(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/staff/participants/").content.decode()
    assert _items(page)[:2] == ["Participants", "Studies"]
