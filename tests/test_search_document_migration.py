"""Migration 0026 stores every course anew (its search document in its row, on PostgreSQL): the
courses a catalog already holds are still found afterwards, by their words and their stems."""

from __future__ import annotations

import pytest
from django.db import connection

from courses.models import Course
from courses.search import search_courses

from .factories import make_course
from .schema import course_as_of, migrate, run_as_of

BEFORE = [("courses", "0025_catalog_facets_next_start")]


@pytest.mark.django_db(transaction=True)
def test_the_courses_a_catalog_holds_are_found_after_the_migration(centre_a):
    migrate(BEFORE)
    try:
        # The models as they were then (later migrations add columns).
        then, course = course_as_of(BEFORE, centre_a)
        run_as_of(then, course, city="Port Dickson", country="MY")
        written = Course.objects.values_list("version", flat=True).get(pk=course.pk)
    finally:
        migrate()

    found = Course.objects.get(pk=course.pk)
    searches = ["convoy", "checkpoint", "team sites", "Alpha", "Port Dickson"]
    if connection.vendor == "postgresql":
        # Written again by the migration, its document derived again by the course's trigger
        # (with the English stems PostgreSQL keeps: "convoys" finds "convoy").
        assert found.version > written
        searches.append("convoys")
    for words in searches:
        assert list(search_courses(Course.objects.all(), words)) == [found], words


def _document_is_words_only(pk: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector = strip(search_vector) FROM courses_course WHERE id = %s", [pk]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_migration_0028_keeps_the_words_without_positions_and_back(
    postgresql_only, reference_data, centre_a
):
    """Migration 0028 derives every document again with its words only (no positions, no
    weights): the courses are found as before, by their words and stems, and a course written
    later gets the same; migrating back restores the weighted documents."""
    weighted = [("courses", "0027_catalog_open_runs")]
    migrate(weighted)
    try:
        _then, course = course_as_of(weighted, centre_a)
        assert not _document_is_words_only(course.pk)
    finally:
        migrate()

    assert _document_is_words_only(course.pk)
    later = make_course(
        centre_a,
        title="Checkpoint drills for convoys",
        summary="Convoy escort in practice.",
        description="Planning the route.",
    )
    assert _document_is_words_only(later.pk)
    for words in ["escort", "checkpoint", "convoys", "planning", "Alpha"]:
        found = set(search_courses(Course.objects.all(), words).values_list("pk", flat=True))
        assert found == {course.pk, later.pk}, words
    # Title first: "checkpoint" is in the later course's title, only in the other's description.
    ranked = search_courses(Course.objects.all(), "checkpoint").order_by("-rank", "pk")
    assert [c.pk for c in ranked] == [later.pk, course.pk]

    migrate(weighted)
    try:
        assert not _document_is_words_only(course.pk)
    finally:
        migrate()
