"""The Swedish catalogue covers every string of the project and is up to date with the code.

The messages are extracted afresh (Django's makemessages, GNU gettext's xgettext) from a copy of
the sources into a temporary folder, so the test never rewrites the repository's catalogue.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SOURCES = ("*.py", "*.html", "*.txt", "*.js")
SKIP = {".venv", ".devstack", ".git", "node_modules", "staticfiles", "tests", "benchmarks"}
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _copy_sources(target: Path) -> None:
    for path in BASE_DIR.rglob("*"):
        relative = path.relative_to(BASE_DIR)
        if relative.parts[0] in SKIP or not path.is_file():
            continue
        if any(path.match(pattern) for pattern in SOURCES) or relative.parts[0] == "locale":
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the sources whose locale/ holds freshly extracted catalogues."""
    copy = tmp_path_factory.mktemp("sources")
    _copy_sources(copy)
    for domain in ("django", "djangojs"):
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "--domain", domain, "--no-obsolete",
             *[f"--locale={code}" for code in LANGUAGES]],
            cwd=copy, check=True, capture_output=True,
        )  # fmt: skip
    return copy


def _catalogue(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def _ids(catalogue) -> set:
    return {(message.context, str(message.id)) for message in catalogue if message.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_project_has_a_translation(extracted, language):
    path = extracted / "locale" / language / "LC_MESSAGES" / "django.po"
    missing = [
        str(message.id)
        for message in _catalogue(path)
        if message.id
        and (message.fuzzy or not all(message.string if isinstance(message.string, tuple)
                                      else [message.string]))
    ]  # fmt: skip
    assert not missing, f"{len(missing)} messages lack a {language} translation: {missing[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_catalogue_in_the_repository_matches_the_code(extracted, language, domain):
    fresh = extracted / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    committed = BASE_DIR / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    fresh_ids = _ids(_catalogue(fresh)) if fresh.exists() else set()
    committed_ids = _ids(_catalogue(committed)) if committed.exists() else set()
    new, gone = fresh_ids - committed_ids, committed_ids - fresh_ids
    hint = f"run: uv run python manage.py makemessages -l {language} -d {domain} --no-obsolete"
    assert not new, (
        f"{len(new)} messages in the code are not in {committed}: {sorted(new)[:10]}; {hint}"
    )
    assert not gone, f"{len(gone)} messages in {committed} are no longer in the code; {hint}"
