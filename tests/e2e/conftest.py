"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server."""

import functools
import re
import shutil

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation import get_language_info

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        # Under CI a skip fails the run (tests/conftest.py), so CI cannot pass without a browser.
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    # Playwright's sync API keeps an event loop in this thread for the whole session; the ORM
    # calls made by test bodies and database teardown are still synchronous and safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def site(live_server, transactional_db):
    return live_server.url


def log_in(page, site: str, email: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in").click()


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.1 A and AA rules) finds nothing on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    assert results.violations_count == 0, results.generate_report()


def assert_fits_width(page, width: int = 320) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"page is {overflow}px wide at a {width}px viewport"


_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{?[^}]*\}\}?|<[^>]+>|&\w+;")
_WORD = re.compile(r"[a-zåäöéü]+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(_PLACEHOLDER.sub(" ", text).lower()))


@functools.cache
def english_only_words() -> frozenset[str]:
    """Words of the project's English msgids that its Swedish translations never use: any of
    them on a Swedish page is English left untranslated."""
    with (settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po").open("rb") as file:
        catalogue = read_po(file)
    english, swedish = set(), set()
    for message in catalogue:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            english |= set().union(*(_words(text) for text in ids))
            swedish |= set().union(*(_words(text) for text in strings))
    # The language switch names each language in itself ("English" on a Swedish page).
    own_names = set().union(
        *(_words(get_language_info(code)["name_local"]) for code, _n in settings.LANGUAGES)
    )
    return frozenset(word for word in english - swedish - own_names if len(word) >= 4)


def assert_in_swedish(page, allowed: set[str] = frozenset()) -> None:
    """The page says it is Swedish and shows no English word of the project's catalogue."""
    assert page.locator("html").get_attribute("lang") == "sv", page.url
    # Addresses and links are the person's own data, not interface text.
    shown = _words(re.sub(r"\S+@\S+|https?://\S+", " ", page.locator("body").inner_text()))
    english = sorted((shown & english_only_words()) - set(allowed))
    assert not english, f"English words on {page.url}: {english}"


def fill_screening(page, *, age: str = "52", pain_months: str = "36") -> None:
    """Answers that make a person eligible, at the Lidköping site; the caller sends them."""
    page.locator("input[name=age]").fill(age)
    page.locator("input[name=pain_months]").fill(pain_months)
    for name, value in [
        ("pain_widespread", "yes"),
        ("reads_language", "yes"),
        ("has_device", "yes"),
        ("serious_disease", "no"),
    ]:
        page.locator(f"input[name={name}][value={value}]").check()
    page.locator("select[name=site]").select_option("lidkoping")
    for number in range(1, 15):
        page.locator(f"input[name=hads_{number}][value='1']").check()
