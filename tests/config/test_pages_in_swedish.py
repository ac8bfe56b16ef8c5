"""Every page of every role, read in Swedish: marked lang="sv" and without an English word of the
project's catalogue (an unmarked or untranslated string shows up here). The URL patterns are
walked, so a new page is checked without being listed."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.roles import Role
from config.devstack import DEMO_INSTRUMENT_TEXTS
from tests.e2e.conftest import english_only_words
from therapists.models import MessageTemplate

_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIP_PREFIXES = ("admin/", "accounts/", "language/")  # Django's admin, allauth's own pages


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _text_words(html: str, data: tuple[str, ...]) -> set[str]:
    """The words a reader sees, less the records' own data (names, codes, addresses) and the
    merge fields of reply templates ({first_name}), which are the same in every language."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>|&\w+;|\S+@\S+|\{\w+\}", " ", body)
    for value in data:
        text = text.replace(value, " ")
    return set(re.findall(r"[a-zåäöéü]+", text.lower()))


@pytest.fixture
def swedish_world(make_participant, physiotherapist, coordinator, researcher, settings):
    settings.INSTRUMENT_TEXTS_DIR = str(DEMO_INSTRUMENT_TEXTS)
    participant = make_participant(physiotherapist=physiotherapist)
    template = MessageTemplate.objects.create(owner=participant.therapist, title="Hej", body="Hej")
    users = {
        Role.PARTICIPANT: participant.user,
        Role.THERAPIST: participant.therapist,
        Role.PHYSIOTHERAPIST: physiotherapist,
        Role.COORDINATOR: coordinator,
        Role.RESEARCHER: researcher,
    }
    for user in users.values():
        user.language = "sv"
        user.save(update_fields=["language"])
    values = {
        "participant_id": participant.pk,
        "study_code": participant.study.code,
        "timepoint_code": "baseline",
        "instrument_code": "pain_vas",
        "worksheet_key": "stress-signals",
        "template_id": template.pk,
        "site_id": participant.study.sites.first().pk,
        "timepoint_id": participant.study.timepoints.first().pk,
    }
    study = participant.study
    codes = tuple(study.timepoints.values_list("code", flat=True))  # the export's identifiers
    return users, values, (study.name, study.code, *codes)


def _paths(values: dict) -> list[str]:
    paths = []
    for route in _patterns(get_resolver()):
        route = route.lstrip("^").rstrip("$")
        if route.startswith(SKIP_PREFIXES) or route.endswith((".csv", ".txt", ".zip")):
            continue
        path = _ARGUMENT.sub(lambda m: str(values.get(m.group(2), 1)), route)
        paths.append("/" + path)
    return sorted(set(paths))


def test_every_page_of_every_role_is_in_swedish(client, swedish_world):
    users, values, data = swedish_world
    english_words = english_only_words()
    checked, problems = 0, []
    for role, user in users.items():
        client.force_login(user)
        for path in _paths(values):
            response = client.get(path)
            assert response.status_code < 500, f"{path} as {role}: {response.status_code}"
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if "<html" not in html:
                continue  # a fragment (htmx) is checked as part of its page
            checked += 1
            assert '<html lang="sv">' in html, f"{path} as {role}"
            english = _text_words(html, data) & english_words
            if english:
                problems.append(f"{role} {path}: {sorted(english)}")
    assert checked > 40
    assert not problems, "\n".join(problems)
