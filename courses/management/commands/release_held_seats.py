"""`manage.py release_held_seats`: on and after each offering's quota release date, the partner
seats held and not claimed join the pool and waitlisted requests are promoted, oldest first.

Run it daily (`refresh_next_offerings` runs it too). Idempotent: a second run on the same day
promotes nobody new unless seats freed up meanwhile.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from courses.services.exchange import held_seats_release


class Command(BaseCommand):
    help = "Release held partner seats whose release date has come and move the waitlists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            default=None,
            help="Release as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: object, **options: object) -> None:
        promoted = held_seats_release(on=options["on"])
        self.stdout.write(
            ngettext(
                "Held seats released: %(count)d waitlisted request promoted.",
                "Held seats released: %(count)d waitlisted requests promoted.",
                promoted,
            )
            % {"count": promoted}
        )
