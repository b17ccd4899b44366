"""Free-text search of the catalog: ranked on PostgreSQL, plain matching on SQLite."""

from __future__ import annotations

from unittest import mock

import pytest

from courses.models import Course
from courses.search import search_courses
from courses.services.catalog import course_update

from .factories import make_course, make_offering

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


def titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


@pytest.fixture
def courses(centre_a, centre_b):
    return {
        "in_title": make_course(
            centre_b,
            title="Convoy Security Course",
            summary="Moving safely between team sites.",
            description="Drills and route planning.",
        ),
        "in_description": make_course(
            centre_b,
            title="Field Safety Course",
            summary="Staying safe in a mission area.",
            description="Includes a day of convoy drills with armoured vehicles.",
        ),
        "elsewhere": make_course(
            centre_a,
            title="Gender Advisor Course",
            summary="Gender analysis for mission planning.",
            description="Women, peace and security in practice.",
        ),
    }


@pytest.fixture(params=["database", "fallback"])
def any_backend(request):
    """Run the test with the database's own search, and with the plain-matching fallback."""
    if request.param == "fallback":
        with (
            mock.patch("courses.search.uses_full_text", return_value=False),
            mock.patch("courses.filters.uses_full_text", return_value=False),
        ):
            yield request.param
    else:
        yield request.param


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("convoy", {"Convoy Security Course", "Field Safety Course"}),
        ("armoured", {"Field Safety Course"}),
        ("gender analysis", {"Gender Advisor Course"}),
        ("convoy gender", set()),  # every word must match
        ("Alpha", {"Gender Advisor Course"}),  # the centre's name
        ("BPOC", {"Convoy Security Course", "Field Safety Course"}),  # the centre's acronym
        ("   ", {"Convoy Security Course", "Field Safety Course", "Gender Advisor Course"}),
    ],
)
def test_search_matches_title_summary_description_and_centre(
    client, courses, any_backend, text, expected
):
    response = client.get(CATALOG, {"q": text})
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_search_combines_with_the_other_filters(client, courses, any_backend):
    response = client.get(CATALOG, {"q": "course", "centre": "alpha"})
    assert titles(response) == ["Gender Advisor Course"]


def test_search_with_odd_characters_is_not_an_error(client, courses, any_backend):
    for text in ['"unbalanced', "a & b | !c", "'); drop table", "-", "100%"]:
        assert client.get(CATALOG, {"q": text}).status_code == 200


def test_sqlite_fallback_matches_without_ranking(courses):
    with mock.patch("courses.search.uses_full_text", return_value=False):
        found = search_courses(Course.objects.all(), "CONVOY")
        assert {c.title for c in found} == {"Convoy Security Course", "Field Safety Course"}
        assert "rank" not in found.query.annotations


def test_a_title_match_ranks_above_a_description_match(client, courses, postgresql_only):
    response = client.get(CATALOG, {"q": "convoy"})
    assert titles(response) == ["Convoy Security Course", "Field Safety Course"]
    ranks = {course.title: course.rank for course in search_courses(Course.objects.all(), "convoy")}
    assert ranks["Convoy Security Course"] > ranks["Field Safety Course"]


def test_ranking_is_the_default_order_of_a_search_and_can_be_overridden(
    client, centre_a, postgresql_only
):
    make_course(centre_a, title="A course on logistics", description="Protection of civilians.")
    make_course(centre_a, title="Protection of civilians", description="Tiers of protection.")
    assert titles(client.get(CATALOG, {"q": "protection civilians"})) == [
        "Protection of civilians",
        "A course on logistics",
    ]
    assert titles(client.get(CATALOG, {"q": "protection civilians", "sort": "title"})) == [
        "A course on logistics",
        "Protection of civilians",
    ]


def test_search_understands_word_forms(client, courses, postgresql_only):
    assert titles(client.get(CATALOG, {"q": "convoys"})) == [
        "Convoy Security Course",
        "Field Safety Course",
    ]


def test_search_document_follows_an_edited_title(client, courses, postgresql_only):
    course_update(course=courses["elsewhere"], by=None, title="Negotiation Course")
    assert titles(client.get(CATALOG, {"q": "negotiation"})) == ["Negotiation Course"]


def test_relevance_sort_without_ranking_falls_back_to_the_soonest_offering(client, courses):
    with (
        mock.patch("courses.search.uses_full_text", return_value=False),
        mock.patch("courses.filters.uses_full_text", return_value=False),
    ):
        response = client.get(CATALOG, {"q": "course", "sort": "relevance"})
    assert response.status_code == 200
    assert len(titles(response)) == 3


# -- The network's languages (both databases) ------------------------------------------------


@pytest.fixture
def multilingual(centre_a, centre_c):
    return {
        "vi": make_course(
            centre_c,
            title="Bảo vệ thường dân",
            summary="Khóa học cho lực lượng gìn giữ hòa bình.",
        ),
        "th": make_course(
            centre_a,
            title="การฝึกอบรมทหารรักษาสันติภาพ",
            summary="หลักสูตรสำหรับผู้สังเกตการณ์ทางทหาร",
        ),
        "en": make_course(centre_a, title="Peacekeeping logistics", summary="Supply chains."),
    }


@pytest.mark.parametrize(
    "text",
    ["bao ve thuong dan", "BẢO VỆ", "Bảo vệ thường dân", "bảo VE", "thuong"],
)
def test_search_ignores_case_and_vietnamese_diacritics(client, multilingual, text):
    assert titles(client.get(CATALOG, {"q": text})) == ["Bảo vệ thường dân"]


@pytest.mark.parametrize("word", ["ทหาร", "สันติภาพ", "ผู้สังเกตการณ์"])
def test_a_thai_word_inside_a_title_or_summary_is_found(client, multilingual, word):
    assert titles(client.get(CATALOG, {"q": word})) == ["การฝึกอบรมทหารรักษาสันติภาพ"]


def test_cities_and_countries_are_searchable(client, multilingual):
    make_offering(multilingual["en"], city="Đà Nẵng", country="VN")
    assert set(titles(client.get(CATALOG, {"q": "da nang"}))) == {"Peacekeeping logistics"}
    # The centre's country (Viet Nam for centre C) and a run's country both count.
    assert set(titles(client.get(CATALOG, {"q": "viet"}))) == {
        "Bảo vệ thường dân",
        "Peacekeeping logistics",
    }
    assert set(titles(client.get(CATALOG, {"q": "Malaysia"}))) == {
        "การฝึกอบรมทหารรักษาสันติภาพ",
        "Peacekeeping logistics",
    }


def test_relevance_is_offered_and_ranks_a_title_match_first_on_both_databases(client, courses):
    response = client.get(CATALOG, {"q": "convoy"})
    assert response.context["current_sort"] == "relevance"
    assert titles(response) == ["Convoy Security Course", "Field Safety Course"]
    assert "relevance" in [value for value, _label in response.context["sort_choices"]]


def test_a_search_with_a_typo_still_finds_the_course(client, multilingual, postgresql_only):
    assert titles(client.get(CATALOG, {"q": "logistcs"})) == ["Peacekeeping logistics"]
    assert titles(client.get(CATALOG, {"q": "suply chains"})) == ["Peacekeeping logistics"]
    # The centre's name counts too: both courses of the Alpha Peacekeeping Centre.
    assert set(titles(client.get(CATALOG, {"q": "peacekeping"}))) == {
        "Peacekeeping logistics",
        "การฝึกอบรมทหารรักษาสันติภาพ",
    }


def test_hostile_search_text_is_only_text(client, multilingual):
    for text in ['"', "%", "_", "a' OR 1=1 --", "NEAR(", "*", "ทหาร AND"]:
        assert client.get(CATALOG, {"q": text}).status_code == 200


def test_a_typo_is_corrected_to_a_word_a_course_gained_by_any_write(
    client, centre_a, postgresql_only
):
    course = make_course(centre_a, title="Peacekeeping logistics")
    from django.db import connection

    # A raw write: the database adds the new title's words to those a typo is corrected to.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_course SET title = 'Casualty evacuation drills' WHERE id = %s",
            [course.pk],
        )
    assert titles(client.get(CATALOG, {"q": "casualtie evacuaton"})) == [
        "Casualty evacuation drills"
    ]
    # Nothing close enough: no result, and no error.
    response = client.get(CATALOG, {"q": "qqqzzzxxx"})
    assert response.status_code == 200
    assert titles(response) == []
    assert response.context["result_count"] == 0


def test_the_title_ranks_first_then_the_summary_then_the_description(
    client, centre_a, postgresql_only
):
    make_course(centre_a, title="Field safety", description="A day of patrol drills.")
    make_course(centre_a, title="Mission planning", summary="Patrol planning for team sites.")
    make_course(centre_a, title="Patrol leadership")
    assert titles(client.get(CATALOG, {"q": "patrol"})) == [
        "Patrol leadership",
        "Mission planning",
        "Field safety",
    ]
    # A word's other forms rank the same way ("patrols" is stemmed to "patrol").
    assert titles(client.get(CATALOG, {"q": "patrols"}))[0] == "Patrol leadership"


# -- A ranked search's first results come with its facet counts ---------------------------------


@pytest.fixture
def patrols(centre_a, centre_b):
    """Courses matching "patrol" in the title, summary or description, with runs on the same
    and on different days, so that the rank, the next run, the title and the id all decide."""
    from courses.models import Theme

    poc = Theme.objects.get(slug="protection-of-civilians")
    logistics = Theme.objects.get(slug="logistics")
    made = []
    for n in range(14):
        where = n % 3
        course = make_course(
            centre_a if n % 2 else centre_b,
            title=f"Patrol course {n % 5}" if where == 0 else f"Field course {n % 4}",
            summary="Patrol planning." if where == 1 else "Planning.",
            description="A day of patrol drills." if where == 2 else "Drills.",
            themes=[poc] if n % 4 else [logistics],
        )
        if n % 5:
            make_offering(course, start_in_days=10 + (n % 3) * 7)
        made.append(course)
    return made


def _ranked_titles(**filters) -> list[str]:
    from django.db.models import F

    from courses.filters import CourseFilter
    from courses.permissions import listed_courses

    courses = search_courses(listed_courses(), "patrol")
    if "theme" in filters:
        courses = courses.filter(themes__slug=filters["theme"])
    if "centre" in filters:
        courses = courses.filter(centre__slug=filters["centre"])
    assert CourseFilter  # the order below is the catalog's for a search (filter_queryset)
    ordered = courses.order_by(
        F("rank").desc(), F("next_start_date").asc(nulls_last=True), "title", "pk"
    )
    return [course.title for course in ordered]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"theme": "protection-of-civilians"},
        {"theme": "protection-of-civilians", "centre": "alpha"},
    ],
    ids=["search", "search-and-theme", "search-theme-and-centre"],
)
@pytest.mark.parametrize("ranked_first", [100, 5], ids=["all-ranked", "first-five-ranked"])
def test_every_page_of_a_ranked_search_lists_the_courses_in_rank_order(
    client, patrols, postgresql_only, settings, monkeypatch, filters, ranked_first
):
    """The first results' ids are found with the facet counts (one pass over the matches); the
    pages list exactly the search's order, also past those first results."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .pages import result_titles

    monkeypatch.setattr("courses.filters.RANKED_FIRST", ranked_first)
    monkeypatch.setattr("courses.views.catalog.RANKED_FIRST", ranked_first)
    settings.CATALOG_PAGE_SIZE = 3
    expected = _ranked_titles(**filters)
    assert len(expected) > 6
    listed = []
    for page in range(1, (len(expected) + 2) // 3 + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CATALOG, {"q": "patrol", "page": page, **filters})
        listed += result_titles(response)
        if page == 1:
            # The page read its own rows by id, not by ranking every match again.
            rows = [q["sql"] for q in queries if 'SELECT "courses_course"."id"' in q["sql"]]
            assert rows and all('"courses_course"."id" IN (' in sql for sql in rows)
    assert listed == expected
