from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from research.demo import demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp_code runs only with DEBUG=true.")
        self.stdout.write(demo_totp_code())
