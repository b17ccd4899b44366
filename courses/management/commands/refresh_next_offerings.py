"""`manage.py refresh_next_offerings`: move the catalog's day on, and each course's next run.

The database keeps every derived column of a course (run dates, theme and language ids, search
documents) on every write. Only "next" moves with the calendar: a run that started yesterday is
no longer the next one. Run this daily, shortly after midnight, from cron; until it runs, the
catalog's default order may treat a run that began today as next (a row always shows the runs
as of today). Safe to run at any time and as often as wanted.
It also releases held partner seats whose release date has come (see `release_held_seats`),
invites the participants of offerings that ended to their evaluation
(see `send_evaluation_invitations`) and reminds host centres before their courses' UN
recognition expires (`send_un_reminders`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from courses.services import evaluation_invitations_send, refresh_next_start_dates
from courses.services.exchange import held_seats_release
from courses.services.un import un_recognition_reminders_send


class Command(BaseCommand):
    help = "Move the catalog's day on to today and each course's next run (run daily from cron)."

    def handle(self, *args: object, **options: object) -> None:
        # The day moved: held seats whose release date has come join the pool.
        promoted = held_seats_release()
        self.stdout.write(
            ngettext(
                "Held seats released: %(count)d waitlisted request promoted.",
                "Held seats released: %(count)d waitlisted requests promoted.",
                promoted,
            )
            % {"count": promoted}
        )
        # The day moved: recognitions that expire in six months or one month are reminded.
        reminded = un_recognition_reminders_send()
        self.stdout.write(
            ngettext(
                "UN recognition reminders: %(count)d sent.",
                "UN recognition reminders: %(count)d sent.",
                reminded,
            )
            % {"count": reminded}
        )
        moved = refresh_next_start_dates()
        self.stdout.write(
            ngettext(
                "Next runs moved on: %(count)d course changed.",
                "Next runs moved on: %(count)d courses changed.",
                moved,
            )
            % {"count": moved}
        )
        # The day moved: offerings that ended yesterday invite their participants.
        invited = evaluation_invitations_send()
        self.stdout.write(
            ngettext(
                "Evaluations: %(count)d participant invited.",
                "Evaluations: %(count)d participants invited.",
                invited,
            )
            % {"count": invited}
        )
