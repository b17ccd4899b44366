"""`manage.py send_un_reminders`: remind each host centre 6 months and 1 month before its
course's UN recognition expires, each reminder once.

Run it daily (`refresh_next_offerings` runs it too). Idempotent: what was sent is recorded, so
a second run the same day, or a day the job ran twice, sends nothing new.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from courses.services.un import un_recognition_reminders_send


class Command(BaseCommand):
    help = "Remind host centres before the UN recognition of their courses expires."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            default=None,
            help="Remind as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: object, **options: object) -> None:
        sent = un_recognition_reminders_send(on=options["on"])
        self.stdout.write(
            ngettext(
                "UN recognition reminders: %(count)d sent.",
                "UN recognition reminders: %(count)d sent.",
                sent,
            )
            % {"count": sent}
        )
