"""A course's row in the catalog and on its centre's page, rendered in Python.

A row is rendered for every course a page lists that is not in the cache, twenty to a page: as a
Django template it cost about 0.85 ms a row (some seventy variable lookups, forty translations
and five URL reversals each), more than all of a page's queries. Here each piece is escaped by
`format_html` and translated with the same messages the templates use; the URLs are reversed
once per page. `courses.templatetags.course_text.catalog_rows` caches what this renders.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import date_format, number_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .models import Course, Offering

EN_DASH = "\u2013"


def date_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """`3-7 Mar 2027`, `28 Feb - 4 Mar 2027` (with an en dash), or both dates in full; the
    month's name in the active language (`3-7 Tháng 3 2027`, `3-7 มี.ค. 2027`)."""
    if start is None:
        return ""

    def month_year(day: datetime.date) -> str:
        return dateformat.format(day, "M Y")

    if end is None or end == start:
        return f"{start.day} {month_year(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{EN_DASH}{end.day} {month_year(end)}"
    if start.year == end.year:
        month = dateformat.format(start, "M")
        return f"{start.day} {month} {EN_DASH} {end.day} {month_year(end)}"
    return f"{start.day} {month_year(start)} {EN_DASH} {end.day} {month_year(end)}"


# A slug no course or centre has, put where the slug goes in their URLs.
_SLUG = "apcn-row-slug"


class RowRenderer:
    """Renders the rows of one page: what every row shares is worked out once."""

    def __init__(self, *, heading_level: int = 2, hide_centre: bool = False) -> None:
        self.heading = f"h{int(heading_level)}"
        self.hide_centre = hide_centre
        self.course_url = reverse("course-detail", kwargs={"slug": _SLUG})
        self.centre_url = reverse("centre-detail", kwargs={"slug": _SLUG})
        self.catalog_url = reverse("course-list")

    def render(self, course: Course, offering: Offering | None, label: str) -> SafeString:
        heading = mark_safe(self.heading)
        badges = []
        if course.status == "draft":
            badges.append(
                format_html(' <span class="badge badge--draft">{}</span>', gettext("Draft"))
            )
        if course.un_recognised:
            badges.append(
                format_html(' <span class="badge badge--un">{}</span>', gettext("UN recognised"))
            )
        meta = [] if self.hide_centre else [self._centre(course)]
        meta += [
            format_html("<span>{}</span>", course.get_level_display()),
            format_html("<span>{}</span>", course.get_audience_display()),
            format_html("<span>{}</span>", course.get_delivery_mode_display()),
            format_html(
                "<span>{}</span>",
                ngettext("%(days)s day", "%(days)s days", course.duration_days)
                % {"days": number_format(course.duration_days)},
            ),
            format_html(
                '<span><span class="visually-hidden">{} </span>{}</span>',
                gettext("Languages:"),
                ", ".join(gettext(language.name) for language in course.languages.all()),
            ),
        ]
        themes = format_html_join(
            "",
            '<li><a class="tag" href="{}?theme={}">{}</a></li>',
            ((self.catalog_url, theme.slug, gettext(theme.name)) for theme in course.themes.all()),
        )
        return format_html(
            '<li class="result">\n<{heading} class="result__title"><a href="{url}">{title}</a>'
            "{badges}</{heading}>\n"
            '<p class="result__meta">{meta}</p>\n'
            '<p class="result__summary">{summary}</p>\n'
            '<ul class="tags" aria-label="{themes_label}">{themes}</ul>\n'
            '<p class="result__next">{next}</p>\n</li>\n',
            heading=heading,
            url=self.course_url.replace(_SLUG, course.slug),
            title=course.title,
            badges=_join(badges),
            meta=_join(meta, "\n"),
            summary=course.summary,
            themes_label=gettext("Themes"),
            themes=themes,
            next=self._next(course, offering, label),
        )

    def _centre(self, course: Course) -> SafeString:
        centre = course.centre
        abbr = format_html('<abbr title="{}">{}</abbr>', centre.name, centre.short_name)
        if centre.is_active:
            shown = format_html(
                '<a href="{}">{}</a>', self.centre_url.replace(_SLUG, centre.slug), abbr
            )
        else:
            shown = format_html(
                '{} <span class="badge">{}</span>', abbr, gettext("Centre inactive")
            )
        partner = (
            format_html(' <span class="badge badge--partner">{}</span>', gettext("Partner"))
            if centre.is_partner
            else ""
        )
        country = format_html(" · {}", centre.country_name) if centre.country else ""
        return format_html("<span>{}{}{}</span>", shown, partner, country)

    def _next(self, course: Course, offering: Offering | None, label: str) -> SafeString:
        if offering is None:
            return format_html(
                '<span class="muted">{}</span>', gettext("No upcoming offering scheduled.")
            )
        if offering.is_open_to_partners:
            seats = offering.partner_seats_open
            state = format_html(
                '<span class="badge badge--open">{}</span> <span class="muted">{}</span>',
                ngettext("%(seats)s partner seat open", "%(seats)s partner seats open", seats)
                % {"seats": number_format(seats)},
                gettext("apply by %(date)s")
                % {"date": date_format(offering.application_deadline, "DATE_FORMAT")},
            )
        elif offering.deadline_passed:
            state = format_html('<span class="badge">{}</span>', gettext("Applications closed"))
        else:
            state = format_html(
                '<span class="badge badge--full">{}</span>', gettext("No partner seats open")
            )
        more = len(getattr(course, "upcoming_offerings", ())) - 1
        later = (
            format_html(
                ' <span class="muted">· {}</span>',
                ngettext("%(more)s more date", "%(more)s more dates", more)
                % {"more": number_format(more)},
            )
            if more > 0
            else ""
        )
        return format_html(
            "<strong>{}:</strong> {} · {}, {} · {}{}",
            label,
            date_range(offering.start_date, offering.end_date),
            offering.city,
            offering.country_name,
            state,
            later,
        )


def _join(parts: Iterable[Any], sep: str = "") -> SafeString:
    return mark_safe(sep.join(conditional_escape(part) for part in parts))
