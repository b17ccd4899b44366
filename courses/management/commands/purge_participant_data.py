"""`manage.py purge_participant_data`: erase participants' personal data once it is not needed.

Blanks the names, e-mails, ranks and posts of the participants of every offering that ended more
than `PARTICIPANT_RETENTION_MONTHS` months ago (default 24; `--months` overrides it for one
run). Gender and service stay, and so do the rows: the participation report still counts them.
Run it daily from cron beside `refresh_next_offerings`; a second run changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from courses.exceptions import DomainError
from courses.services.participants import participants_purge, retention_cutoff


class Command(BaseCommand):
    help = "Erase the personal data of participants of offerings that ended long enough ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Keep this many months after the offering ends "
            "(default: PARTICIPANT_RETENTION_MONTHS).",
        )

    def handle(self, *args: object, **options: object) -> None:
        months = options["months"]
        if months is None:
            months = settings.PARTICIPANT_RETENTION_MONTHS
        try:
            purged = participants_purge(months=months)
        except DomainError as error:
            raise CommandError(error.message) from error
        # Counts only: this output reaches cron mail and logs, which must not hold names.
        self.stdout.write(
            f"Participants of offerings that ended before {retention_cutoff(months):%Y-%m-%d}: "
            f"{purged} erased."
        )
