"""Facets counted in one pass with a flag per facet filter agree with counting each facet on
its own, on both databases."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.filters import FACET_COLUMNS, RANKED, RANKED_FIRST, CourseFilter, _count_facets
from courses.models import Language, Theme
from courses.permissions import listed_courses

from .factories import make_course, make_offering

pytestmark = pytest.mark.django_db


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


@pytest.fixture
def catalog(centre_a, centre_b):
    themes = list(Theme.objects.order_by("pk")[:3])
    languages = list(Language.objects.order_by("pk")[:3])
    for i, centre in zip(range(14), itertools.cycle([centre_a, centre_b])):
        course = make_course(
            centre,
            themes=themes[i % 3 : i % 3 + 1 + i % 2],
            languages=languages[i % 3 : i % 3 + 1 + (i // 2) % 2],
            level=["basic", "advanced"][i % 2],
            audience=["military", "police", "civilian"][i % 3],
        )
        if i % 4:
            make_offering(course, start_in_days=5 + 20 * i, partner_seats=i % 3)
    return themes, languages


def test_one_pass_counts_what_each_facet_counts_on_its_own(catalog):
    themes, languages = catalog
    theme, language = themes[0].slug, languages[0].code
    counted = 0
    for query in (
        f"theme={theme}&level=basic",
        f"theme={theme}&language={language}&audience=police",
        f"centre=alpha&language={language}&starts_after={days(30)}",
        f"theme={theme}&centre=bravo&open_seats=1",
        f"theme={theme}&centre=alpha&language={language}&starts_before={days(200)}",
        f"language={language}&q=course",
    ):
        filterset = CourseFilter(QueryDict(query), queryset=listed_courses())
        assert filterset.is_valid(), filterset.form.errors
        data = filterset.form.cleaned_data
        with CaptureQueriesContext(connection) as one_pass:
            together = filterset._count_live(data, list(FACET_COLUMNS))
        # One counting query (a search also asks whether and how its words match first).
        counting = [q["sql"] for q in one_pass.captured_queries if "GROUP BY" in q["sql"]]
        assert len(counting) == 1, query
        assert "passes_" in counting[0], query
        each = _count_facets(
            [
                (name, column, filterset._narrow(filterset.queryset, data, without=name))
                for name, column in FACET_COLUMNS
            ]
        )
        assert together == each, query
        counted += any(together.values())
    assert counted >= 4  # the comparisons are not of empty catalogs


def test_a_ranked_search_finds_its_counts_and_its_first_courses_in_one_pass(
    catalog, postgresql_only
):
    """A ranked search counts its facets and finds its first courses in order from the same
    pass over its matches: the counts agree with counting each facet on its own, the first
    courses with the search's own order."""
    themes, languages = catalog
    theme, language = themes[0].slug, languages[0].code
    for query in (
        f"q=course&theme={theme}&language={language}",
        f"q=course&theme={theme}&level=basic",
        "q=course&audience=police",
    ):
        filterset = CourseFilter(QueryDict(query), queryset=listed_courses())
        assert filterset.is_valid(), filterset.form.errors
        data = filterset.form.cleaned_data
        together = filterset._count_live(data, list(FACET_COLUMNS), ranked=True)
        first = together.pop(RANKED)
        each = _count_facets(
            [
                (name, column, filterset._narrow(filterset.queryset, data, without=name))
                for name, column in FACET_COLUMNS
            ]
        )
        assert together == each, query
        in_order = list(filterset.qs.values_list("pk", flat=True))
        assert in_order, query
        assert sorted(first, key=first.__getitem__) == in_order[:RANKED_FIRST], query
