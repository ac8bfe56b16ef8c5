"""Compiles the translation catalogues (locale/<language>/LC_MESSAGES/*.po) into the .mo files
Django reads. The .mo files are build output, not in Git; the run and test commands and the
Docker build call this, so no machine needs GNU gettext just to run the platform.

    python -m config.translations
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

BASE_DIR = Path(__file__).resolve().parent.parent


def compile_catalogues(locale_dir: Path = BASE_DIR / "locale") -> list[Path]:
    """Write a .mo beside every .po that is newer than it; returns the files written. Fuzzy
    entries are left out, as GNU msgfmt does, so a guess never reaches a page."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name, abort_invalid=True)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"compiled {path.relative_to(BASE_DIR)}")
    sys.exit(0)
