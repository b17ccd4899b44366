"""iCalendar (RFC 5545) feeds of offerings, made with the `icalendar` library.

Every offering is an all-day event: DTSTART is its first day and DTEND the day after its last
(DTEND is exclusive for DATE values), so a five-day course fills five days in Google Calendar,
Outlook and Thunderbird alike. The UID is stable (`offering-<pk>@<site host>`), so a calendar
that re-reads the feed updates the event instead of adding a copy, and a cancelled offering
stays in the feed with STATUS:CANCELLED so that subscribers see it cancelled rather than
silently gone.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Offering

logger = logging.getLogger(__name__)

PRODID = "-//ASEAN Peacekeeping Centres Network//APCN Training Catalog//EN"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def offering_uid(offering: Offering) -> str:
    return f"offering-{offering.pk}@{site_host()}"


def _description(offering: Offering, url: str) -> str:
    course = offering.course
    lines = [
        course.summary,
        "",
        _("Centre: %(centre)s") % {"centre": course.centre.name},
        _("Application deadline: %(date)s") % {"date": date_format(offering.application_deadline)},
        _("Seats: %(total)d, open to partner centres: %(partner)d (%(open)d still open)")
        % {
            "total": offering.seats_total,
            "partner": offering.partner_seats,
            "open": offering.partner_seats_open,
        },
    ]
    if offering.is_cancelled:
        lines.insert(0, _("CANCELLED"))
    lines += ["", url]
    return "\n".join(lines)


def offering_event(offering: Offering) -> Event:
    course = offering.course
    url = settings.SITE_URL + offering.get_absolute_url()
    event = Event()
    event.add("uid", offering_uid(offering))
    # DTSTAMP: when this version of the event was last written, so clients order updates.
    event.add("dtstamp", offering.updated_at or datetime.datetime.now(datetime.UTC))
    event.add("last-modified", offering.updated_at or datetime.datetime.now(datetime.UTC))
    event.add("dtstart", offering.start_date)
    event.add("dtend", offering.end_date + datetime.timedelta(days=1))
    summary = f"{course.title} ({course.centre.short_name})"
    if offering.is_cancelled:
        summary = _("Cancelled: %(summary)s") % {"summary": summary}
    event.add("summary", summary)
    event.add("location", f"{offering.city}, {offering.country_name}")
    event.add("description", _description(offering, url))
    event.add("url", url)
    event.add("status", "CANCELLED" if offering.is_cancelled else "CONFIRMED")
    # A course on the calendar does not make its reader busy for the week.
    event.add("transp", "TRANSPARENT")
    themes = [theme.name for theme in course.themes.all()]
    if themes:
        event.add("categories", themes)
    return event


def offerings_calendar(offerings: Iterable[Offering], *, name: str) -> bytes:
    """The feed as bytes. Expects offerings with course, centre and course themes fetched."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for offering in offerings:
        # One row the calendar cannot hold (a date at the end of time, from before the dates
        # were checked or written around the services) is left out, never the whole feed:
        # every subscriber's calendar would stop updating because of one typo.
        try:
            event = offering_event(offering)
            event.to_ical()
        except (OverflowError, ValueError, TypeError):
            logger.warning("Offering %s left out of a calendar feed: its dates", offering.pk)
            continue
        calendar.add_component(event)
    return calendar.to_ical()
