from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from research.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_seed


class Command(BaseCommand):
    help = "Create or refresh the demo accounts (one per role) and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "seed_demo creates accounts with a known password: it runs only "
                "with DEBUG=true or --force."
            )
        accounts = demo_seed()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        languages = {"sv": "reads Swedish", "en": "reads English"}
        for account in accounts:
            language = languages.get(account.language, "")
            self.stdout.write(f"  {account.email:<28} {account.role:<16} {language}".rstrip())
        self.stdout.write(
            "Staff log in with a code from an authenticator app set up with the secret "
            f"{DEMO_TOTP_SECRET} (or: python manage.py demo_totp_code)."
        )
        self.stdout.write(
            "Switch language with the Svenska/English button at the top of every page."
        )
