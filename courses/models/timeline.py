"""What the request timelines' events (seat, resource access and instructor requests) share."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext


def event_caption(event: Any) -> str:
    """ "Pending → Granted (1 Dec 2026, 22:40)": an event in the reader's language and time zone
    (the admin shows it above the event's row; the rest of the admin page is in local time)."""
    when = formats.date_format(timezone.localtime(event.created_at), "DATETIME_FORMAT")
    to_status = event.get_to_status_display()
    if not event.from_status:
        return gettext("%(to_status)s (%(when)s)") % {"to_status": to_status, "when": when}
    return gettext("%(from_status)s → %(to_status)s (%(when)s)") % {
        "from_status": event.get_from_status_display(),
        "to_status": to_status,
        "when": when,
    }
