"""Migration 0030 (PostgreSQL) gives the courses a catalog already holds the countries of their
centre and runs, which a search naming a country reads, and takes them away again backwards."""

from __future__ import annotations

import pytest
from django.db import connection

from .pages import result_titles
from .schema import course_as_of, course_columns, migrate, run_as_of

BEFORE = [("courses", "0029_catalog_id_sets")]


@pytest.mark.django_db(transaction=True)
def test_migration_0030_gives_the_courses_already_held_their_countries_and_back(
    postgresql_only, centre_a, client
):
    migrate(BEFORE)
    try:
        assert "country_codes" not in course_columns()
        then, course = course_as_of(BEFORE, centre_a)  # a centre in Malaysia
        run_as_of(then, course, city="Lop Buri", country="TH")
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
        assert "country_codes" not in course_columns()
    finally:
        migrate()
    assert result_titles(client.get("/courses/", {"q": "Thailand"})) == ["Convoy escort planning"]
