"""`manage.py refresh_next_offerings`: recompute every course's next offering and run dates.

The offering services keep `Course.next_start_date` and the run dates of the catalog's filters
current when an offering is written; this command moves the next date on as days pass (an
offering that started yesterday is no longer the next one) and puts right any write made outside
the services. Run it daily, shortly after midnight, from cron. Safe to run at any time and as
often as wanted. It also puts right each course's stored theme and language ids (the facet
counts read them) after a theme or language was deleted. And it releases held partner seats
whose release date has come (see `release_held_seats`).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from courses.services import refresh_link_keys, refresh_next_start_dates
from courses.services.exchange import held_seats_release


class Command(BaseCommand):
    help = "Store each course's next offering and run dates (run daily from cron)."

    def handle(self, *args: object, **options: object) -> None:
        # The day moved: held seats whose release date has come join the pool.
        promoted = held_seats_release()
        self.stdout.write(f"Held seats released: {promoted} waitlisted request(s) promoted.")
        updated = refresh_next_start_dates()
        self.stdout.write(f"Next offering and run dates refreshed: {updated} course(s) changed.")
        relinked = refresh_link_keys()
        self.stdout.write(f"Theme and language ids refreshed: {relinked} course(s) changed.")
