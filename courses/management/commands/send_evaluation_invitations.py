"""`manage.py send_evaluation_invitations`: e-mail each participant of an ended offering their
private link to its evaluation.

Invites the participants who still come and have an e-mail, of every offering that ended
before today and less than EVALUATION_OPEN_DAYS ago, through the outbox, each in their
language. Run it daily (`refresh_next_offerings` runs it too). Idempotent: a participant is
invited once, so a second run sends nothing new.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import ngettext

from courses.services import evaluation_invitations_send


class Command(BaseCommand):
    help = "E-mail the participants of ended offerings their link to the evaluation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            default=None,
            help="Invite as of this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: object, **options: object) -> None:
        sent = evaluation_invitations_send(on=options["on"])
        # Counts only: this output reaches cron mail and logs, which must not hold names.
        self.stdout.write(
            ngettext(
                "Evaluations: %(count)d participant invited.",
                "Evaluations: %(count)d participants invited.",
                sent,
            )
            % {"count": sent}
        )
