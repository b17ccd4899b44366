"""The facet counts PostgreSQL keeps in its count table (migration 0022) are the counts of the
courses themselves, after every kind of write: the services, raw SQL, bulk updates, a deleted
theme, an inactive centre, offerings that fill or go. SQLite counts its courses directly and
has no such table, so these run on PostgreSQL only.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.filters import FACET_COLUMNS, CourseFilter, _count_facets, table_counts
from courses.models import Centre, Course, Language, Offering, Theme
from courses.permissions import listed_courses
from courses.services import refresh_next_start_dates

from .factories import make_centre, make_course, make_offering

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL keeps the count table"
    ),
]


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


# One filter each (the table keeps these), and none.
SINGLE_FILTERS = [
    "",
    "theme=protection-of-civilians",
    "theme=peacekeeper-safety",
    "language=en",
    "language=fr",
    "centre=alpha",
    "centre=alpha&centre=bravo",
    "country=TH",
    "country=MY&country=TH",
    "audience=police",
    "level=basic&level=advanced",
    "mode=online",
    f"starts_after={days(40)}",
    f"starts_after={days(-400)}",
    f"starts_before={days(70)}",
    f"starts_before={days(-3)}",
    "open_seats=1",
    # Centre and country both name centres: one filter for the table.
    "centre=alpha&country=MY",
]


def both_ways(query: str) -> tuple[dict, dict]:
    """The three facets' counts under `query` for a visitor: from the count table, and by
    counting the courses."""
    filterset = CourseFilter(QueryDict(query), queryset=listed_courses())
    assert filterset.is_valid(), filterset.form.errors
    data = filterset.form.cleaned_data
    assert filterset.reads_count_table
    queries = {name: filterset._table_query(name, data) for name, _column in FACET_COLUMNS}
    assert all(queries.values()), f"{query}: the table does not keep {queries}"
    from_table = table_counts(queries)
    counted = _count_facets(
        [
            (name, column, filterset._narrow(filterset.queryset, data, without=name))
            for name, column in FACET_COLUMNS
        ]
    )
    return from_table, counted


def assert_table_agrees() -> None:
    for query in SINGLE_FILTERS:
        from_table, counted = both_ways(query)
        assert from_table == counted, query


@pytest.fixture
def catalog(centre_a, centre_b):
    """Courses of two centres across themes, languages, levels, modes and run dates: upcoming
    runs with partner seats and without, past runs, no run; and a draft."""
    refresh_next_start_dates()  # the daily job has run today
    themes = list(Theme.objects.order_by("pk")[:4])
    languages = list(Language.objects.order_by("pk")[:3])
    levels = ["basic", "intermediate", "advanced"]
    modes = ["in-person", "online", "blended"]
    audiences = ["military", "police", "civilian"]
    courses = []
    for i, centre in zip(range(12), itertools.cycle([centre_a, centre_b])):
        course = make_course(
            centre,
            themes=themes[i % 4 : i % 4 + 1 + i % 2],
            languages=languages[i % 3 : i % 3 + 1 + i % 2],
            level=levels[i % 3],
            delivery_mode=modes[(i // 2) % 3],
            audience=audiences[(i // 3) % 3],
        )
        if i % 4 != 3:
            make_offering(course, start_in_days=10 + 15 * i, partner_seats=i % 3)
        if i % 5 == 0:
            make_offering(course, start_in_days=-30 - i, partner_seats=4)
        courses.append(course)
    make_course(centre_a, title="A draft", status="draft")
    return courses


def test_the_table_agrees_with_the_courses(catalog):
    assert_table_agrees()
    assert both_ways("")[0]["centre"]  # the catalog is not empty


def test_raw_sql_and_bulk_updates_reach_the_counts(catalog):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_course SET level = 'advanced', delivery_mode = 'online' WHERE id = %s",
            [catalog[0].pk],
        )
    Course.objects.filter(pk__in=[c.pk for c in catalog[3:7]]).update(audience="police")
    assert_table_agrees()


def test_links_and_a_deleted_theme_reach_the_counts(catalog):
    catalog[1].themes.add(Theme.objects.get(slug="protection-of-civilians"))
    catalog[2].languages.clear()
    named = {"protection-of-civilians", "peacekeeper-safety"}
    Theme.objects.exclude(slug__in=named).filter(courses__isnull=False).first().delete()
    assert_table_agrees()


def test_offerings_that_fill_move_or_go_reach_the_counts(catalog):
    first = Offering.objects.filter(course=catalog[1]).first()
    Offering.objects.filter(pk=first.pk).update(partner_seats_taken=first.partner_seats)
    Offering.objects.filter(course=catalog[2]).update(
        start_date=timezone.localdate() + datetime.timedelta(days=300),
        end_date=timezone.localdate() + datetime.timedelta(days=304),
    )
    Offering.objects.filter(course=catalog[4]).delete()
    make_offering(catalog[3], start_in_days=5, partner_seats=2)
    assert_table_agrees()


def test_unpublished_deleted_and_moved_courses_leave_the_counts(catalog, centre_b):
    Course.objects.filter(pk=catalog[5].pk).update(status="draft")
    catalog[6].delete()
    Course.objects.filter(pk=catalog[7].pk).update(centre=centre_b)
    make_course(make_centre(slug="charlie", country="TH"), level="advanced")
    assert_table_agrees()


def test_an_inactive_centre_leaves_the_counts_and_comes_back(catalog, centre_b):
    Centre.objects.filter(pk=centre_b.pk).update(is_active=False)
    assert_table_agrees()
    assert str(centre_b.pk) not in {str(ref) for ref in both_ways("")[0]["centre"]}
    Centre.objects.filter(pk=centre_b.pk).update(is_active=True)
    assert_table_agrees()


def test_a_visitors_page_reads_its_counts_from_the_table(client, catalog):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_course SET level = 'advanced' WHERE id = %s", [catalog[0].pk]
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/courses/", {"level": "advanced"})
    assert response.status_code == 200
    assert any("courses_catalog_count" in q["sql"] for q in queries.captured_queries)
    expected = listed_courses().filter(level="advanced").count()
    assert response.context["result_count"] == expected == len(response.context["courses"])


def test_a_search_two_filters_or_two_themes_are_counted_from_the_courses(catalog):
    for query in (
        "q=course",
        "level=basic&mode=online",
        "theme=protection-of-civilians&theme=peacekeeper-safety",
        f"starts_after={days(5)}&open_seats=1",
    ):
        filterset = CourseFilter(QueryDict(query), queryset=listed_courses())
        assert filterset.is_valid()
        data = filterset.form.cleaned_data
        assert filterset._table_query("centre", data) is None, query


def test_a_member_whose_centre_has_drafts_is_counted_from_the_courses(catalog, centre_a):
    from courses.permissions import catalog_courses

    from .factories import make_user

    member = make_user(centre=centre_a)
    assert not CourseFilter(QueryDict(""), queryset=catalog_courses(member)).reads_count_table
