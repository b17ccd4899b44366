"""CSV downloads that open safely in a spreadsheet.

Course titles, places and notes are typed by users. A cell that starts with `=`, `+`, `-` or
`@` (or a tab or carriage return, which some spreadsheets skip before looking) is run as a
formula by Excel, LibreOffice and Google Sheets (OWASP "CSV injection"), so such a cell gets a
leading apostrophe, which spreadsheets show as text. Files are UTF-8 with a byte-order mark so
that Excel reads Vietnamese, Thai and other names right.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .models import Offering

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"

# The header row in the language of whoever downloads the file.
OFFERING_COLUMNS = [
    _("Course"),
    _("Centre"),
    _("Centre short name"),
    _("Start date"),
    _("End date"),
    _("City"),
    _("Country"),
    _("Application deadline"),
    _("Total seats"),
    _("Partner seats"),
    _("Partner seats open"),
    _("Themes"),
    _("Audience"),
    _("Level"),
    _("Delivery mode"),
    _("Status"),
    _("URL"),
]


def spreadsheet_safe(value: object) -> object:
    """The value as a spreadsheet may show it: text that would start a formula is quoted.

    Numbers and dates are left alone (a negative number is a number, not a formula: only text
    cells are written by users).
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A CSV attachment, BOM first, every cell made spreadsheet-safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response


def _iso(value: datetime.date) -> str:
    return value.isoformat()


def offering_rows(offerings: Iterable[Offering], site_url: str) -> Iterable[list[object]]:
    """One row per offering, in `OFFERING_COLUMNS` order.

    Expects offerings with their course, centre and course themes fetched
    (`select_related("course__centre").prefetch_related("course__themes")`).
    """
    for offering in offerings:
        course = offering.course
        yield [
            course.title,
            course.centre.name,
            course.centre.short_name,
            _iso(offering.start_date),
            _iso(offering.end_date),
            offering.city,
            offering.country_name,
            _iso(offering.application_deadline),
            offering.seats_total,
            offering.partner_seats,
            offering.partner_seats_open,
            "; ".join(theme.name for theme in course.themes.all()),
            course.get_audience_display(),
            course.get_level_display(),
            course.get_delivery_mode_display(),
            offering.get_status_display(),
            site_url + course.get_absolute_url(),
        ]
