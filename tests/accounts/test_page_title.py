"""The browser tab's title: the page's own title, a separator, then the site's name."""

import re

from django.template import Context, Template


def _title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1)


def test_it_separates_the_page_title_from_the_site_name(client, participant):
    client.force_login(participant.user)
    assert _title(client.get("/me/").content.decode()) == "My study \N{EN DASH} iCBT platform"


def test_it_shows_the_site_name_alone_when_a_page_sets_no_title():
    page = Template('{% extends "base.html" %}').render(Context())
    assert _title(page) == "iCBT platform"


def test_it_escapes_the_page_title_once(client, coordinator, participant):
    participant.code = "P-<&>"
    participant.save()
    client.force_login(coordinator)
    page = client.get(f"/staff/participants/{participant.pk}/").content.decode()
    assert _title(page) == "P-&lt;&amp;&gt; \N{EN DASH} iCBT platform"
