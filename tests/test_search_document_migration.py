"""Migration 0026 stores every course anew (its search document in its row, on PostgreSQL): the
courses a catalog already holds are still found afterwards, by their words and their stems."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from courses import sqlite_triggers
from courses.models import Course
from courses.search import search_courses

BEFORE = [("courses", "0025_catalog_facets_next_start")]


def _migrate(targets=None) -> None:
    """To `targets`, or forward to the latest migrations (where every other test runs), with
    the catalog's SQLite triggers taken away and back as `manage.py migrate` does."""
    executor = MigrationExecutor(connection)
    sqlite_triggers.drop_before_migrate()
    try:
        executor.migrate(targets or executor.loader.graph.leaf_nodes())
    finally:
        sqlite_triggers.restore_after_migrate()


@pytest.mark.django_db(transaction=True)
def test_the_courses_a_catalog_holds_are_found_after_the_migration(centre_a):
    _migrate(BEFORE)
    try:
        # The models as they were then (later migrations add columns).
        then = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        course = then.get_model("courses", "Course").objects.create(
            centre_id=centre_a.pk,
            title="Convoy escort planning",
            slug="convoy-escort-planning",
            summary="Moving between team sites.",
            description="A day of checkpoint drills.",
            audience="military",
            level="basic",
            delivery_mode="in-person",
            duration_days=5,
            status="published",
        )
        start = timezone.localdate() + datetime.timedelta(days=60)
        then.get_model("courses", "Offering").objects.create(
            course_id=course.pk,
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            city="Port Dickson",
            country="MY",
            application_deadline=start - datetime.timedelta(days=21),
            seats_total=30,
            partner_seats=10,
            status="scheduled",
        )
        written = Course.objects.values_list("version", flat=True).get(pk=course.pk)
    finally:
        _migrate()

    found = Course.objects.get(pk=course.pk)
    searches = ["convoy", "checkpoint", "team sites", "Alpha", "Port Dickson"]
    if connection.vendor == "postgresql":
        # Written again by the migration, its document derived again by the course's trigger
        # (with the English stems PostgreSQL keeps: "convoys" finds "convoy").
        assert found.version > written
        searches.append("convoys")
    for words in searches:
        assert list(search_courses(Course.objects.all(), words)) == [found], words
