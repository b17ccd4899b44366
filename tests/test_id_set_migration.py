"""Migration 0029 (PostgreSQL) gives the courses a catalog already holds their theme and
language sets, which the facet counts group by, and takes them away again backwards."""

from __future__ import annotations

import pytest

from courses.models import Course, Language, Theme

from .schema import course_as_of, course_columns, id_sets, migrate

BEFORE = [("courses", "0028_search_document_words_only")]


@pytest.mark.django_db(transaction=True)
def test_migration_0029_gives_the_courses_already_held_their_sets_and_back(
    postgresql_only, reference_data, centre_a, client
):
    poc = Theme.objects.get(slug="protection-of-civilians")
    english = Language.objects.get(code="en")
    migrate(BEFORE)
    try:
        assert "theme_set" not in course_columns()
        then, course = course_as_of(BEFORE, centre_a)
        held = then.get_model("courses", "Course")
        held.themes.through.objects.create(course_id=course.pk, theme_id=poc.pk)
        held.languages.through.objects.create(course_id=course.pk, language_id=english.pk)
    finally:
        migrate()

    assert id_sets(Course.objects.get(pk=course.pk)) == ([poc.pk], [english.pk])
    response = client.get("/courses/", {"language": "en", "level": "basic"})
    themes = {option.value: option.count for option in response.context["facets"]["theme"]}
    assert themes["protection-of-civilians"] == 1

    migrate(BEFORE)
    try:
        assert "theme_set" not in course_columns()
    finally:
        migrate()
    assert id_sets(Course.objects.get(pk=course.pk)) == ([poc.pk], [english.pk])
