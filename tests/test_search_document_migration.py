"""Migration 0026 stores every course anew (its search document in its row, on PostgreSQL): the
courses a catalog already holds are still found afterwards, by their words and their stems."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.models import Course
from courses.search import search_courses

from .factories import make_course, make_offering

BEFORE = [("courses", "0025_catalog_facets_next_start")]


def _migrate(targets=None) -> None:
    """To `targets`, or forward to the latest migrations (where every other test runs)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_courses_a_catalog_holds_are_found_after_the_migration(centre_a):
    _migrate(BEFORE)
    try:
        course = make_course(
            centre_a,
            title="Convoy escort planning",
            summary="Moving between team sites.",
            description="A day of checkpoint drills.",
        )
        make_offering(course)  # in Port Dickson, the centre's city
        written = Course.objects.get(pk=course.pk).version
    finally:
        _migrate()

    found = Course.objects.get(pk=course.pk)
    searches = ["convoy", "checkpoint", "team sites", "Alpha", "Port Dickson"]
    if connection.vendor == "postgresql":
        # Written again by the migration, its document derived again by the course's trigger
        # (with the English stems PostgreSQL keeps: "convoys" finds "convoy").
        assert found.version == written + 1
        searches.append("convoys")
    for words in searches:
        assert list(search_courses(Course.objects.all(), words)) == [found], words
