"""Conventions every template keeps: a wide table scrolls in a named region that a keyboard can
reach (axe-core's scrollable-region-focusable), and dates are shown in the named formats of the
reader's language."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SKIPPED = {".venv", ".devstack", "node_modules", "tests"}
NAMED_FORMATS = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "c",  # ISO 8601, for machines: <time datetime="...">
}


def _templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(
        path for path in base.rglob("*.html") if not SKIPPED & set(path.relative_to(base).parts)
    )


TEMPLATES = _templates()


def _name(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


def test_it_finds_the_templates():
    assert "accounts/templates/accounts/audit_log.html" in map(_name, TEMPLATES)


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_every_table_wrap_is_a_named_region_a_keyboard_can_reach(path):
    for tag in re.findall(r"<div\b[^>]*\bclass=\"table-wrap\"[^>]*>", path.read_text()):
        assert 'role="region"' in tag, tag
        assert 'tabindex="0"' in tag, tag
        assert re.search(r'aria-label(ledby)?="[^"]+"', tag), tag  # its accessible name


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_dates_use_the_named_formats(path):
    formats = re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text())
    assert set(formats) <= NAMED_FORMATS
