from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modules.content import CONTENT_DIR, ContentError, read_programme
from modules.services import programme_load


class Command(BaseCommand):
    help = (
        "Load or update the 14 programme modules from modules/content/. A changed text becomes a "
        "new content version; participants keep the version they started. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(CONTENT_DIR), help="Content folder to load.")

    def handle(self, *args, **options):
        try:
            modules = read_programme(Path(options["dir"]))
        except (ContentError, OSError) as error:
            raise CommandError(str(error)) from None
        for number, changed in programme_load(modules=modules):
            state = "new version" if changed else "unchanged"
            self.stdout.write(f"module {number:2d}: {state}")
