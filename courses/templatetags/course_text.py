"""Text filters of the catalog's templates."""

from __future__ import annotations

import hashlib
from typing import Any

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from .. import facet_lists
from ..rows import CatalogRows, RowKey, date_range, renderer

register = template.Library()

# What a course or centre description may use once rendered: prose, lists, tables and links.
# Everything else (script, style, iframes, event handlers, inline styles) is dropped by nh3.
ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


@register.filter(is_safe=True)
def markdown(text: str | None) -> SafeString:
    """Render trainer-written Markdown to HTML that is safe to put in the page.

    Raw HTML in the source is escaped by nh3's allow-list, not trusted: a description is
    written by one centre and read by every visitor.
    """
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)


# `{{ offering.start_date|date_range:offering.end_date }}`
register.filter("date_range", date_range)


# A row's fragment names everything it shows in its key (the course's version, the reference
# version of centres, themes and languages, today, the language), so it may be kept long.
ROW_CACHE_SECONDS = 3600


def _listed(context: template.Context, course: Any) -> tuple[Any, str]:
    catalog_filter = context.get("listing_filter")
    if catalog_filter is not None:
        return catalog_filter.listed_offering(course)
    return course.next_offering, pgettext("offering", "Next")


def _row_key(key: RowKey, listing: str, reference: str, layout: str) -> str:
    from django.utils import translation

    from ..models.catalog import today

    parts = (
        f"{key.pk}:{key.version}:{reference}:{listing}:{today()}:{translation.get_language()}:"
        f"{layout}:{key.centre_active}:{key.country}:{key.centre_kind}"
    )
    return f"apcn:row:{key.pk}:{hashlib.sha256(parts.encode()).hexdigest()[:32]}"


@register.simple_tag
def counted_facet(name: str, legend: str, options: Any, errors: Any = None) -> SafeString:
    """`{% counted_facet "theme" legend facets.theme form.theme.errors %}`: a filter list with
    each option's count (`courses.facet_lists`)."""
    return facet_lists.counted_facet(name, legend, options, errors)


@register.simple_tag
def choice_facet(name: str, legend: str, options: Any, errors: Any = None) -> SafeString:
    """`{% choice_facet "level" legend options errors %}`: a filter list of (value, label,
    checked) without counts."""
    return facet_lists.choice_facet(name, legend, options, errors)


@register.simple_tag(takes_context=True)
def catalog_rows(
    context: template.Context,
    courses: Any,
    heading_level: int = 2,
    hide_centre: bool = False,
    cached: bool = True,
) -> str:
    """`{% catalog_rows courses %}`: the courses' rows (`courses.rows`). On a centre's page,
    `heading_level=3 hide_centre=True cached=False`: its rows are rendered as they are read.

    In the catalog (`CatalogRows`), each row is rendered once per version of the course and kept
    in the cache, read and written in one call each; only the courses whose row is missing are
    read with their runs. The database moves `Course.version` on every write of the course, its
    offerings, links or centre's names, and the reference version on every write of a centre,
    theme or language, so a write invalidates only the rows it changes. The key also names what
    else a row shows: the date and partner-seat filters (they pick the run shown and its label),
    today (which runs are upcoming, which deadlines passed) and the language."""
    from django.core.cache import cache

    from ..catalog_cache import fill, reference_version

    if not (cached and isinstance(courses, CatalogRows)):
        rows = renderer(heading_level=heading_level, hide_centre=hide_centre)
        return mark_safe(
            "".join(rows.render(course, *_listed(context, course)) for course in courses)
        )
    reference = reference_version()
    layout = f"{heading_level}:{hide_centre}"
    catalog_filter = context.get("listing_filter")
    listing = catalog_filter.listing_key() if catalog_filter is not None else ""
    keys = [(key.pk, _row_key(key, listing, reference, layout)) for key in courses.keys]
    found = cache.get_many([key for _pk, key in keys])
    missing = courses.load([pk for pk, key in keys if key not in found])
    rows = renderer(heading_level=heading_level, hide_centre=hide_centre)
    html, fresh = [], {}
    for pk, key in keys:
        row = found.get(key)
        if row is None:
            course = missing.get(pk)
            if course is None:  # gone since the page's first query
                continue
            row = fresh[key] = rows.render(course, *_listed(context, course))
        html.append(row)
    fill(fresh, ROW_CACHE_SECONDS)
    return mark_safe("".join(html))
