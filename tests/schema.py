"""Helpers for the tests of migrations and of what the database derives itself."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from courses import sqlite_triggers
from courses.models import Course


def migrate(targets=None) -> None:
    """To `targets`, or forward to the latest migrations (where every other test runs), with
    the catalog's SQLite triggers taken away and back as `manage.py migrate` does."""
    executor = MigrationExecutor(connection)
    sqlite_triggers.drop_before_migrate()
    try:
        executor.migrate(targets or executor.loader.graph.leaf_nodes())
    finally:
        sqlite_triggers.restore_after_migrate()


def course_as_of(state, centre):
    """(the models as they were at migration `state`, a course made with them): later
    migrations add columns that those models do not know."""
    then = MigrationExecutor(connection).loader.project_state(state).apps
    course = then.get_model("courses", "Course").objects.create(
        centre_id=centre.pk,
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
    return then, course


def run_as_of(then, course, *, city: str, country: str, start_in_days: int = 60) -> None:
    """A scheduled run of `course`, made with the models `then` (from `course_as_of`)."""
    start = timezone.localdate() + datetime.timedelta(days=start_in_days)
    then.get_model("courses", "Offering").objects.create(
        course_id=course.pk,
        start_date=start,
        end_date=start + datetime.timedelta(days=4),
        city=city,
        country=country,
        application_deadline=start - datetime.timedelta(days=21),
        seats_total=30,
        partner_seats=10,
        status="scheduled",
    )


def course_columns() -> set[str]:
    """The names of the course table's columns, as the database has them now."""
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "courses_course")
    return {column.name for column in description}


def id_sets(course: Course) -> tuple[list[int], list[int]]:
    """The theme ids and the language ids of the sets PostgreSQL keeps for `course`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.ids, l.ids FROM courses_course c "
            "JOIN courses_id_set t ON t.id = c.theme_set AND t.kind = 'theme' "
            "JOIN courses_id_set l ON l.id = c.language_set AND l.kind = 'language' "
            "WHERE c.id = %s",
            [course.pk],
        )
        return cursor.fetchone()
