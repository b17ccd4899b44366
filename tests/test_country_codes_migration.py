"""Migration 0030 (PostgreSQL) gives the courses a catalog already holds the countries of their
centre and runs, which a search naming a country reads, and takes them away again backwards."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from .pages import result_titles
from .schema import course_as_of, migrate

BEFORE = [("courses", "0029_catalog_id_sets")]


def _columns() -> set[str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, "courses_course")
    return {column.name for column in description}


@pytest.mark.django_db(transaction=True)
def test_migration_0030_gives_the_courses_already_held_their_countries_and_back(
    postgresql_only, centre_a, client
):
    start = timezone.localdate() + datetime.timedelta(days=40)
    migrate(BEFORE)
    try:
        assert "country_codes" not in _columns()
        then, course = course_as_of(BEFORE, centre_a)  # a centre in Malaysia
        then.get_model("courses", "Offering").objects.create(
            course_id=course.pk,
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            city="Lop Buri",
            country="TH",
            application_deadline=start - datetime.timedelta(days=20),
            seats_total=30,
            partner_seats=10,
        )
    finally:
        migrate()

    with connection.cursor() as cursor:
        cursor.execute("SELECT country_codes FROM courses_course WHERE id = %s", [course.pk])
        assert cursor.fetchone()[0] == ["MY", "TH"]
    for country in ("Thailand", "Malaysia"):
        response = client.get("/courses/", {"q": country})
        assert result_titles(response) == ["Convoy escort planning"]

    migrate(BEFORE)
    try:
        assert "country_codes" not in _columns()
    finally:
        migrate()
    assert result_titles(client.get("/courses/", {"q": "Thailand"})) == ["Convoy escort planning"]
