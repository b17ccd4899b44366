"""Free-text search of courses.

On PostgreSQL the catalog ranks courses by a weighted full-text document (title over summary and
centre name and acronym over description) stored in `Course.search_vector` and backed by a GIN index. SQLite
has no full-text ranking in the ORM, so there the same fields are matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value

from .models import Centre, Course

SEARCH_CONFIG = "english"


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def course_document(centre_name: str) -> SearchVector:
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Value(centre_name, output_field=TextField()), weight="B", config=SEARCH_CONFIG
        )
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def centre_words(centre: Centre) -> str:
    """What a search for the centre may type: its name and its acronym (MPC, IPSC ...)."""
    return f"{centre.name} {centre.short_name}"


def refresh_search_vectors(
    courses: Iterable[Course] | QuerySet[Course] | None = None, *, centre: Centre | None = None
) -> None:
    """Rebuild the stored search document of the given courses, or of all a centre's courses.

    Called by the services after every write that changes a course's text or its centre's
    name. A no-op on databases without full-text search.
    """
    if not uses_full_text():
        return
    if centre is not None:
        Course.objects.filter(centre=centre).update(
            search_vector=course_document(centre_words(centre))
        )
        return
    by_centre: dict[tuple[int, str], list[int]] = {}
    for course in courses or []:
        by_centre.setdefault((course.centre_id, centre_words(course.centre)), []).append(course.pk)
    for (_centre_id, centre_name), ids in by_centre.items():
        Course.objects.filter(pk__in=ids).update(search_vector=course_document(centre_name))


def search_courses(queryset: QuerySet[Course], text: str) -> QuerySet[Course]:
    """Narrow `queryset` to courses matching `text`; on PostgreSQL annotate `rank` for ordering."""
    text = " ".join(text.split())
    if not text:
        return queryset
    if uses_full_text():
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    matches = Q()
    for word in text.split():
        matches &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
            | Q(centre__name__icontains=word)
            | Q(centre__short_name__icontains=word)
        )
    return queryset.filter(matches)
