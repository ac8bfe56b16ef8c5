"""Every page of every role, read in Swedish: marked lang="sv" and without an English word of the
project's catalogue (an unmarked or untranslated string shows up here). The URL patterns are
walked, so a new page is checked without being listed."""

import re

from tests.e2e.conftest import english_only_words


def _text_words(html: str, data: tuple[str, ...]) -> set[str]:
    """The words a reader sees, less the records' own data (names, codes, addresses, page
    paths) and the merge fields of reply templates ({first_name}): the same in every language."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    # Proper names marked as such (the time zone picker's places: "Swift Current").
    body = re.sub(r'<(\w+)[^>]*\btranslate="no"[^>]*>.*?</\1>', " ", body, flags=re.S)
    # Addresses, page paths (the audit log shows which list was read) and merge fields.
    text = re.sub(r"<[^>]+>|&\w+;", " ", body)
    text = re.sub(r"\S+@\S+|\{\w+\}|(?<!\S)/[\w/.?=&%-]*", " ", text)
    for value in data:
        text = text.replace(value, " ")
    return set(re.findall(r"[a-zåäöéü]+", text.lower()))


def test_every_page_of_every_role_is_in_swedish(client, every_role):
    for user in every_role.users.values():
        user.language = "sv"
        user.save(update_fields=["language"])
    english_words = english_only_words()
    checked, problems = 0, []
    for role, user in every_role.users.items():
        client.force_login(user)
        for path in every_role.paths():
            response = client.get(path)
            assert response.status_code < 500, f"{path} as {role}: {response.status_code}"
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            if "<html" not in html:
                continue  # a fragment (htmx) is checked as part of its page
            checked += 1
            assert '<html lang="sv">' in html, f"{path} as {role}"
            english = _text_words(html, every_role.data) & english_words
            if english:
                problems.append(f"{role} {path}: {sorted(english)}")
    assert checked > 40
    assert not problems, "\n".join(problems)
