"""`manage.py refresh_next_offerings`: recompute every course's next offering date.

The offering services keep `Course.next_start_date` current when an offering is written; this
command moves it on as days pass (an offering that started yesterday is no longer the next one).
Run it daily, shortly after midnight, from cron. Safe to run at any time and as often as wanted.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from courses.services import refresh_next_start_dates


class Command(BaseCommand):
    help = "Store each course's soonest upcoming offering date (run daily from cron)."

    def handle(self, *args: object, **options: object) -> None:
        updated = refresh_next_start_dates()
        self.stdout.write(f"Next offering date refreshed: {updated} course(s) changed.")
