"""`python manage.py seed_demo`: load the demo data (idempotent). A thin wrapper over courses.demo."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.demo import seed_all


class Command(BaseCommand):
    help = (
        "Load the demo data: the APCN centres, demo accounts (password from DEMO_PASSWORD), "
        "courses and offerings. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (the demo accounts share one known password).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give demo accounts that exist already the demo password again.",
        )

    def handle(self, *args: object, force: bool, reset_passwords: bool, **options: object) -> None:
        if not settings.DEBUG and not force:
            # Demo accounts with a published password must never appear on a live site by
            # accident; whoever really wants them there says so.
            raise CommandError(
                "DEBUG is off, so this looks like a production site: seed_demo would create "
                "accounts that share a published password. Use --force if you really mean it."
            )
        self.stdout.write("Loading the demo data…")
        seed_all(stdout=self.stdout, reset_passwords=reset_passwords)
