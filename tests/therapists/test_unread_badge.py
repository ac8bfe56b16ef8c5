"""The badge on "Messages" in a participant's menu: their care team's unread messages, counted
in one query per page."""

import re

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from therapists.context_processors import unread_messages
from therapists.models import Message
from therapists.services import thread_mark_read


def _messages_link(page: str) -> str:
    return re.search(r'<a href="/me/messages/".*?</a>', page, re.S).group(0)


def _message_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum('"therapists_message"' in query["sql"] for query in captured)


def test_it_counts_the_care_teams_unread_messages(client, in_programme, send):
    send(in_programme, in_programme.therapist, "One")
    send(in_programme, in_programme.therapist, "Two")
    send(in_programme, in_programme.user, "Mine, never counted")
    client.force_login(in_programme.user)
    page = client.get("/me/").content.decode()
    link = _messages_link(page)
    assert '<span aria-hidden="true">2</span>' in link
    assert '<span class="visually-hidden">2 unread</span>' in link
    # The "Menu" button that folds the menu on a phone says it too.
    assert "2 unread messages</span>" in page


def test_it_shows_no_badge_once_they_are_read(client, in_programme, send):
    send(in_programme, in_programme.therapist)
    thread_mark_read(participant=in_programme, reader_side=Message.Side.PARTICIPANT)
    client.force_login(in_programme.user)
    assert "badge" not in _messages_link(client.get("/me/").content.decode())


def test_it_counts_in_one_query(in_programme, send, django_assert_num_queries):
    send(in_programme, in_programme.therapist)
    request = RequestFactory().get("/me/")
    request.user = in_programme.user
    # SELECT COUNT(*) of the unread messages in the participant's thread.
    with django_assert_num_queries(1):
        assert unread_messages(request) == {"unread_messages": 1}


def test_it_costs_one_query_per_page_even_with_the_dashboard_notice(client, in_programme, send):
    send(in_programme, in_programme.therapist)
    client.force_login(in_programme.user)
    assert _message_queries(client, "/me/") == 1
    # The dashboard's "You have 1 new message" notice reuses the badge's count.
    assert _message_queries(client, "/programme/") == 1


def test_it_costs_staff_nothing(client, in_programme, send):
    send(in_programme, in_programme.therapist)
    client.force_login(in_programme.therapist)
    assert _message_queries(client, "/staff/participants/") == 0
