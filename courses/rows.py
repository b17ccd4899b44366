"""A course's row in the catalog and on its centre's page, rendered in Python.

A row is rendered for every course a page lists that is not in the cache, twenty to a page: as a
Django template it cost about 0.85 ms a row (some seventy variable lookups, forty translations
and five URL reversals each), more than all of a page's queries. Here a row is written as one
string, each value from the database escaped where it is put in, translated with the same
messages the templates use. What repeats from row to row (the URLs, badges, labels, centres,
dates, counts) is built once and kept by the process for each language (`renderer()`): built
afresh for every row, with `format_html` for each piece, a row cost five times as much, and
built once per page, half again as much (0.37 against 0.19 ms a row, measured in the
benchmark's catalog). `courses.templatetags.course_text.catalog_rows` caches
what this renders.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.urls import get_script_prefix, reverse
from django.utils import dateformat
from django.utils.formats import date_format, number_format
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

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


class RowKey(NamedTuple):
    """What a catalog row's cached fragment depends on that the page's first query reads: the
    course and its version (which the database moves on every write of the course, its
    offerings and links, and its centre's names), and the centre's facts that move only the
    reference version, which a write inside a transaction has not moved yet."""

    pk: int
    version: int
    centre_active: bool
    country: str
    centre_kind: str


KEY_FIELDS = ("pk", "version", "centre__is_active", "centre__country", "centre__kind")


# From this offset on, a page's ids are found first on their own (`CatalogRows`).
DEEP_OFFSET = 100


class CatalogRows:
    """The rows of one catalog page, read when first used, in two stages: each course's
    `RowKey` in the page's order (from `queryset`, or for the ids given, in their order), then
    only the courses whose row is not in the cache, with what a row shows (from `loader`, the
    viewer's catalog with `for_catalog`). Iterating gives every course, in order.

    Deep in the catalog the keys would cost more than the rows: the database finds a deep
    page's ids by walking an index in the page's order, skipping the offset there, which it
    can do from the index alone for the ids but not for the versions. There the ids are read
    first, then every course of the page by id (a deep page's rows are seldom in the cache).
    Past the middle of the results (`total`, the exact count the page shows), the ids are
    walked from the other end, in the reverse order, and turned round: the walk skips the
    courses after the page instead of those before it, at most half of them (at 100k courses,
    the ids of page 3,900 took 24-26 ms walked from the start: 78,000 index entries)."""

    def __init__(
        self,
        queryset: QuerySet[Course],
        loader: QuerySet[Course],
        bottom: int,
        top: int,
        ids: list[int] | None = None,
        total: int | None = None,
    ) -> None:
        self.queryset, self.loader = queryset, loader
        self.bottom, self.top, self.ids, self.total = bottom, top, ids, total
        self.loaded: dict[int, Course] = {}

    @cached_property
    def keys(self) -> list[RowKey]:
        ids = self.ids
        if ids is None and self.bottom < DEEP_OFFSET:
            found = self.queryset.values_list(*KEY_FIELDS)[self.bottom : self.top]
            return [RowKey(*row) for row in found]
        if ids is None:
            ids = self._deep_ids()
            self.loaded = self.load(ids)
            return [_key(self.loaded[pk]) for pk in ids if pk in self.loaded]
        if not ids:
            return []
        found = self.loader.filter(pk__in=ids).values_list(*KEY_FIELDS)
        by_id = {row[0]: RowKey(*row) for row in found}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _deep_ids(self) -> list[int]:
        """The page's ids, walked from the nearer end of the results. Every order of the
        catalog ends with the id, so the reverse order is the same list turned round."""
        after = None if self.total is None else self.total - self.top
        if after is None or not 0 <= after < self.bottom:
            return list(self.queryset.values_list("pk", flat=True)[self.bottom : self.top])
        size = self.top - self.bottom
        found = list(self.queryset.reverse().values_list("pk", flat=True)[after : after + size])
        found.reverse()
        return found

    def load(self, ids: list[int]) -> dict[int, Course]:
        """{id: course} with what its row shows, for `ids` of this page."""
        if not ids:
            return {}
        if all(pk in self.loaded for pk in ids):
            return {pk: self.loaded[pk] for pk in ids}
        return {course.pk: course for course in self.loader.filter(pk__in=ids)}

    @cached_property
    def rows(self) -> list[Course]:
        by_id = self.load([key.pk for key in self.keys])
        return [by_id[key.pk] for key in self.keys if key.pk in by_id]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.keys)

    def __bool__(self) -> bool:
        return bool(self.keys)


def _key(course: Course) -> RowKey:
    centre = course.centre
    return RowKey(course.pk, course.version, centre.is_active, centre.country, centre.kind)


# A slug no course or centre has, put where the slug goes in their URLs.
_SLUG = "apcn-row-slug"

# How many pieces a renderer keeps before it starts again (some 200 bytes each).
MAX_KEPT = 20_000

_renderers: dict[tuple, RowRenderer] = {}


def renderer(*, heading_level: int = 2, hide_centre: bool = False) -> RowRenderer:
    """The process's renderer for the active language, the URLs' prefix and this layout."""
    key = (get_language(), get_script_prefix(), int(heading_level), bool(hide_centre))
    found = _renderers.get(key)
    if found is None:
        found = _renderers[key] = RowRenderer(heading_level=heading_level, hide_centre=hide_centre)
    return found


def _related(course: Course, name: str) -> list:
    """The course's prefetched themes or languages (as `for_catalog` or `prefetch_related`
    left them) without building a related manager for each row, else read through it."""
    prefetched = getattr(course, "_prefetched_objects_cache", {})
    if name in prefetched:
        return prefetched[name]
    return list(getattr(course, name).all())


class RowRenderer:
    """Renders rows in one language. What rows share is worked out once: the URLs, the
    translated words and badges, the labels of levels, audiences and modes, and each centre,
    theme, language, date and count as it is first met, kept under everything it shows (a
    theme under its id, slug and name, a run's dates under both dates), so that a renamed theme
    or a moved run is a new entry, never an old one. `renderer()` keeps one per language and
    layout for the whole process: a page's rows mostly meet what earlier pages met."""

    def __init__(self, *, heading_level: int = 2, hide_centre: bool = False) -> None:
        self.heading = f"h{int(heading_level)}"
        self.hide_centre = hide_centre
        self.course_url = reverse("course-detail", kwargs={"slug": _SLUG})
        self.centre_url = reverse("centre-detail", kwargs={"slug": _SLUG})
        self.catalog_url = reverse("course-list")
        self.draft = format_html(' <span class="badge badge--draft">{}</span>', gettext("Draft"))
        self.un = format_html(' <span class="badge badge--un">{}</span>', gettext("UN recognised"))
        self.languages_label = format_html(
            '<span><span class="visually-hidden">{} </span>', gettext("Languages:")
        )
        self.themes_label = escape(gettext("Themes"))
        self.inactive = format_html('<span class="badge">{}</span>', gettext("Centre inactive"))
        self.partner = format_html(
            ' <span class="badge badge--partner">{}</span>', gettext("Partner")
        )
        self.no_run = format_html(
            '<span class="muted">{}</span>', gettext("No upcoming offering scheduled.")
        )
        self.closed = format_html('<span class="badge">{}</span>', gettext("Applications closed"))
        self.full = format_html(
            '<span class="badge badge--full">{}</span>', gettext("No partner seats open")
        )
        self.labels = {
            name: {value: escape(str(label)) for value, label in field.choices}
            for name, field in (
                ("level", Course._meta.get_field("level")),
                ("audience", Course._meta.get_field("audience")),
                ("delivery_mode", Course._meta.get_field("delivery_mode")),
            )
        }
        self._memo: dict[tuple, str] = {}

    def _once(self, key: tuple, make: Callable[[], str]) -> str:
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MAX_KEPT:  # a bound, for the dates of a long-lived process
                self._memo.clear()
            found = self._memo[key] = make()
        return found

    def render(self, course: Course, offering: Offering | None, label: str) -> SafeString:
        heading = self.heading
        badges = (self.draft if course.status == "draft" else "") + (
            self.un if course.un_recognised else ""
        )
        meta = [] if self.hide_centre else [self._centre(course)]
        meta += [
            f"<span>{self._label('level', course.level)}</span>",
            f"<span>{self._label('audience', course.audience)}</span>",
            f"<span>{self._label('delivery_mode', course.delivery_mode)}</span>",
            f"<span>{self._days(course.duration_days)}</span>",
            f"{self.languages_label}{self._languages(course)}</span>",
        ]
        themes = "".join(
            self._once(
                ("theme", theme.pk, theme.slug, theme.name), lambda theme=theme: self._tag(theme)
            )
            for theme in _related(course, "themes")
        )
        url = escape(self.course_url.replace(_SLUG, course.slug))
        meta_html = "\n".join(meta)
        return mark_safe(
            f'<li class="result">\n<{heading} class="result__title"><a href="{url}">'
            f"{escape(course.title)}</a>{badges}</{heading}>\n"
            f'<p class="result__meta">{meta_html}</p>\n'
            f'<p class="result__summary">{escape(course.summary)}</p>\n'
            f'<ul class="tags" aria-label="{self.themes_label}">{themes}</ul>\n'
            f'<p class="result__next">{self._next(course, offering, label)}</p>\n</li>\n'
        )

    def _label(self, field: str, value: str) -> str:
        labels = self.labels[field]
        found = labels.get(value)
        return found if found is not None else escape(value)

    def _days(self, days: int) -> str:
        return self._once(
            ("days", days),
            lambda: escape(
                ngettext("%(days)s day", "%(days)s days", days) % {"days": number_format(days)}
            ),
        )

    def _languages(self, course: Course) -> str:
        return ", ".join(
            self._once(
                ("language", language.pk, language.name),
                lambda language=language: escape(gettext(language.name)),
            )
            for language in _related(course, "languages")
        )

    def _tag(self, theme: Any) -> str:
        return (
            f'<li><a class="tag" href="{escape(self.catalog_url)}?theme={escape(theme.slug)}">'
            f"{escape(gettext(theme.name))}</a></li>"
        )

    def _centre(self, course: Course) -> str:
        centre = course.centre
        key = (
            "centre",
            centre.pk,
            centre.name,
            centre.short_name,
            centre.slug,
            centre.is_active,
            centre.is_partner,
            centre.country,
        )
        return self._once(key, lambda: self._render_centre(centre))

    def _render_centre(self, centre: Any) -> str:
        abbr = format_html('<abbr title="{}">{}</abbr>', centre.name, centre.short_name)
        if centre.is_active:
            shown = format_html(
                '<a href="{}">{}</a>', self.centre_url.replace(_SLUG, centre.slug), abbr
            )
        else:
            shown = format_html("{} {}", abbr, self.inactive)
        partner = self.partner if centre.is_partner else ""
        country = format_html(" · {}", centre.country_name) if centre.country else ""
        return format_html("<span>{}{}{}</span>", shown, partner, country)

    def _next(self, course: Course, offering: Offering | None, label: str) -> str:
        if offering is None:
            return self.no_run
        if offering.is_open_to_partners:
            seats = offering.partner_seats_open
            state = self._once(
                ("open", seats, offering.application_deadline),
                lambda: format_html(
                    '<span class="badge badge--open">{}</span> <span class="muted">{}</span>',
                    ngettext("%(seats)s partner seat open", "%(seats)s partner seats open", seats)
                    % {"seats": number_format(seats)},
                    gettext("apply by %(date)s")
                    % {"date": date_format(offering.application_deadline, "DATE_FORMAT")},
                ),
            )
        elif offering.deadline_passed:
            state = self.closed
        else:
            state = self.full
        more = len(getattr(course, "upcoming_offerings", ())) - 1
        later = (
            self._once(
                ("more", more),
                lambda: format_html(
                    ' <span class="muted">· {}</span>',
                    ngettext("%(more)s more date", "%(more)s more dates", more)
                    % {"more": number_format(more)},
                ),
            )
            if more > 0
            else ""
        )
        dates = self._once(
            ("dates", offering.start_date, offering.end_date),
            lambda: escape(date_range(offering.start_date, offering.end_date)),
        )
        place = self._once(
            ("place", offering.city, offering.country),
            lambda: format_html("{}, {}", offering.city, offering.country_name),
        )
        return f"<strong>{escape(label)}:</strong> {dates} · {place} · {state}{later}"
