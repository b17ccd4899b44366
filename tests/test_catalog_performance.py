"""What keeps the catalog fast at 100k courses: the stored next offering date, its daily
refresh, and the cached facet and result counts that every catalog write invalidates."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import Course, Language, Offering, Theme
from courses.models.catalog import as_of
from courses.services import (
    course_archive,
    course_update,
    offering_cancel,
    offering_update,
    seat_request_approve,
    seat_request_submit,
    seat_request_withdraw,
)

from .factories import make_course, make_offering
from .pages import facet_count

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def stored_next(course: Course) -> datetime.date | None:
    return Course.objects.values_list("next_start_date", flat=True).get(pk=course.pk)


def test_offering_create_stores_the_soonest_upcoming_start(centre_a):
    course = make_course(centre_a)
    assert stored_next(course) is None
    make_offering(course, start_in_days=90)
    assert stored_next(course) == days(90)
    make_offering(course, start_in_days=30)
    assert stored_next(course) == days(30)
    make_offering(course, start_in_days=-10)  # a past run is never the next one
    assert stored_next(course) == days(30)


def test_offering_update_and_cancel_move_the_next_start(centre_a):
    course = make_course(centre_a)
    soon = make_offering(course, start_in_days=20)
    make_offering(course, start_in_days=80)
    offering_update(
        offering=soon,
        by=None,
        start_date=days(120),
        end_date=days(124),
        application_deadline=days(100),
    )
    assert stored_next(course) == days(80)
    later = Offering.objects.get(course=course, start_date=days(80))
    offering_cancel(offering=later, by=None)
    assert stored_next(course) == days(120)
    offering_cancel(offering=Offering.objects.get(course=course, start_date=days(120)), by=None)
    assert stored_next(course) is None


def test_refresh_command_moves_the_day_and_the_next_run_on(centre_a):
    course = make_course(centre_a)
    make_offering(course, start_in_days=2)
    make_offering(course, start_in_days=40)
    untouched = make_course(centre_a)
    assert stored_next(course) == days(2)

    # Five days later the run of day 2 has started: the daily job moves the catalog's day on.
    out = StringIO()
    with as_of(days(5)):
        call_command("refresh_next_offerings", stdout=out)
    assert stored_next(course) == days(40)
    assert stored_next(untouched) is None
    assert "1 course changed" in out.getvalue()

    out = StringIO()
    with as_of(days(5)):
        call_command("refresh_next_offerings", stdout=out)  # idempotent: nothing left to move
    assert "0 courses changed" in out.getvalue()
    assert stored_next(course) == days(40)


def test_default_order_follows_the_stored_next_start(client, centre_a):
    later = make_course(centre_a, title="A later course")
    sooner = make_course(centre_a, title="B sooner course")
    none = make_course(centre_a, title="C course without dates")
    make_offering(later, start_in_days=100)
    make_offering(sooner, start_in_days=10)
    response = client.get(CATALOG)
    assert [c.title for c in response.context["courses"]] == [
        sooner.title,
        later.title,
        none.title,
    ]


def test_a_stale_next_start_never_shows_a_past_run_as_next(client, centre_a):
    course = make_course(centre_a, title="Stale course")
    make_offering(course, start_in_days=-2)
    # However the stored date got there (a write by hand), the row reads its runs as of today.
    Course.objects.filter(pk=course.pk).update(next_start_date=days(-2))
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert "No upcoming offering scheduled." in response.content.decode()


def _theme_count(response, slug: str) -> int:
    return facet_count(response, "theme", slug)


def test_a_new_course_shows_in_the_counts_at_once(client, centre_a):
    pockets = Theme.objects.get(slug="protection-of-civilians")
    make_course(centre_a, themes=[pockets])
    assert _theme_count(client.get(CATALOG), "protection-of-civilians") == 1
    assert _theme_count(client.get(CATALOG), "protection-of-civilians") == 1  # from the cache

    make_course(centre_a, themes=[pockets])
    response = client.get(CATALOG)
    assert _theme_count(response, "protection-of-civilians") == 2
    assert response.context["result_count"] == 2


def test_archiving_a_course_takes_it_out_of_the_cached_counts(client, centre_a):
    course = make_course(centre_a)
    make_course(centre_a)
    url = f"{CATALOG}?centre={centre_a.slug}"
    assert client.get(url).context["result_count"] == 2
    course_archive(course=course, by=None)
    response = client.get(url)
    assert response.context["result_count"] == 1
    assert _theme_count(response, "peacekeeper-safety") == 1


def test_counts_are_kept_apart_per_viewer(client, centre_a, trainer_a):
    make_course(centre_a)
    make_course(centre_a, status="draft")
    assert client.get(CATALOG).context["result_count"] == 1
    client.force_login(trainer_a)
    # The centre's own draft is listed for its members: a visitor's cached count is not theirs.
    response = client.get(CATALOG)
    assert response.context["result_count"] == 2
    assert _theme_count(response, "peacekeeper-safety") == 2


def test_a_warm_catalog_page_spends_fewer_queries(client, centre_a, django_assert_max_num_queries):
    for n in range(3):
        make_offering(make_course(centre_a, title=f"Course {n}"), start_in_days=10 + n)
    client.get(CATALOG)
    # Counts and the rendered results come from the cache: one query, the catalog's version.
    with django_assert_max_num_queries(1):
        assert client.get(CATALOG).status_code == 200


def test_a_cached_page_is_rendered_afresh_after_a_write(client, centre_a):
    make_course(centre_a, title="The first course")
    assert "The first course" in client.get(CATALOG).content.decode()
    make_course(centre_a, title="A course published since")
    assert "A course published since" in client.get(CATALOG).content.decode()


def test_a_members_page_is_not_served_to_a_visitor(client, centre_a, trainer_a):
    make_course(centre_a, title="Draft in progress", status="draft")
    client.force_login(trainer_a)
    assert "Draft in progress" in client.get(CATALOG).content.decode()
    client.logout()
    assert "Draft in progress" not in client.get(CATALOG).content.decode()


def test_pagination_shows_a_few_page_links_not_all(client, centre_a, settings):
    settings.CATALOG_PAGE_SIZE = 1
    for n in range(30):
        make_course(centre_a, title=f"Course {n:02}")
    html = client.get(f"{CATALOG}?page=15").content.decode()
    assert 'aria-current="page">15<' in html
    assert "page=30" in html and "page=1" in html and "page=14" in html
    assert "page=8&" not in html and 'page=8"' not in html
    assert "…" in html


def test_deleting_a_course_or_an_offering_shows_in_the_catalog_at_once(client, centre_a):
    from courses.services.catalog import course_delete, offering_delete

    kept = make_course(centre_a, title="Kept course")
    erased = make_course(centre_a, title="Course entered in error")
    offering = make_offering(kept, start_in_days=30)
    assert client.get("/courses/").context["result_count"] == 2

    course_delete(course=erased, by=None)
    assert client.get("/courses/").context["result_count"] == 1

    offering_delete(offering=offering, by=None)
    kept.refresh_from_db()
    assert kept.next_start_date is None


# -- The stored run dates of the date and partner-seat filters ---------------------------------


def run_dates(course: Course) -> tuple:
    return Course.objects.values_list(
        "first_start_date", "last_start_date", "open_seats_deadline"
    ).get(pk=course.pk)


def test_offering_writes_keep_the_run_dates(centre_a):
    course = make_course(centre_a)
    assert run_dates(course) == (None, None, None)
    soon = make_offering(course, start_in_days=20, partner_seats=2)
    make_offering(course, start_in_days=-40, partner_seats=0)  # a past run counts for dates
    assert run_dates(course) == (days(-40), days(20), soon.application_deadline)
    offering_update(
        offering=soon,
        by=None,
        start_date=days(60),
        end_date=days(64),
        application_deadline=days(50),
    )
    assert run_dates(course) == (days(-40), days(60), days(50))
    offering_cancel(offering=Offering.objects.get(pk=soon.pk), by=None)
    assert run_dates(course) == (days(-40), days(-40), None)


def test_approving_the_last_partner_seats_closes_the_course_to_partners(
    client, centre_a, centre_b, trainer_b, admin_a
):
    course = make_course(centre_a, title="Two partner seats")
    offering = make_offering(course, start_in_days=40, partner_seats=2)
    url = f"{CATALOG}?open_seats=1"
    assert [c.title for c in client.get(url).context["courses"]] == ["Two partner seats"]

    request = seat_request_submit(
        offering=offering, centre=centre_b, by=trainer_b, seats_requested=2
    )
    seat_request_approve(seat_request=request, by=admin_a)
    assert run_dates(course)[2] is None
    assert list(client.get(url).context["courses"]) == []

    seat_request_withdraw(seat_request=request, by=trainer_b)
    assert run_dates(course)[2] == offering.application_deadline
    assert [c.title for c in client.get(url).context["courses"]] == ["Two partner seats"]


def ids_of(course: Course) -> tuple[list[int], list[int]]:
    return Course.objects.values_list("theme_ids", "language_ids").get(pk=course.pk)


def test_course_writes_store_the_theme_and_language_ids(centre_a):
    poc, wps = (
        Theme.objects.get(slug="protection-of-civilians"),
        Theme.objects.get(slug="women-peace-security"),
    )
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    course = make_course(centre_a, themes=[wps, poc], languages=[english])
    assert ids_of(course) == (sorted([poc.pk, wps.pk]), [english.pk])
    course_update(course=course, by=None, themes=[poc], languages=[french, english])
    assert ids_of(course) == ([poc.pk], sorted([english.pk, french.pk]))
    course_update(course=course, by=None, title="Renamed")  # links untouched, ids kept
    assert ids_of(course)[0] == [poc.pk]


def test_a_theme_counts_every_course_of_a_set_that_contains_it(client, centre_a):
    themes = {
        slug: Theme.objects.get(slug=slug) for slug in ("police", "logistics", "human-rights")
    }
    make_course(centre_a, themes=[themes["police"], themes["logistics"]])
    make_course(centre_a, themes=[themes["logistics"]])
    make_course(centre_a, themes=[themes["human-rights"], themes["police"]])
    response = client.get(CATALOG)
    assert _theme_count(response, "police") == 2
    assert _theme_count(response, "logistics") == 2
    assert _theme_count(response, "human-rights") == 1


def test_a_page_of_filters_nobody_asked_for_costs_at_most_six_queries(
    client, centre_a, django_assert_max_num_queries
):
    for n in range(25):
        make_offering(make_course(centre_a, title=f"Course {n}"), start_in_days=10 + n)
    client.get(CATALOG)  # the server has been up a while: the facets' rows are cached
    urls = [
        f"{CATALOG}?theme=protection-of-civilians&language=en&open_seats=1",
        f"{CATALOG}?audience=military&starts_after={days(12)}&starts_before={days(30)}",
        f"{CATALOG}?q=course&level=basic&page=2",
        f"{CATALOG}?country=MY&mode=in-person&sort=title",
    ]
    for url in urls:
        # The catalog's version, the three counts in one (a search: and its words' check), the
        # rows' ids and versions, the rows not in the cache, their runs.
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
    # A course write does not load the facets' rows again.
    make_course(centre_a, title="One more")
    with django_assert_max_num_queries(5):
        assert client.get(f"{CATALOG}?level=basic").status_code == 200


def test_a_page_reads_each_cached_value_once(client, centre_a):
    """A search's words are checked for each facet's count, and the facets' rows are asked for
    by the filters and by the facets: within one page each is read from the cache once."""
    from collections import Counter
    from unittest import mock

    from django.core.cache import caches

    for n in range(5):
        make_offering(make_course(centre_a, title=f"Convoy drill {n}"), start_in_days=10 + n)
    backend = caches["default"]
    for url in (
        f"{CATALOG}?q=convoy&theme=protection-of-civilians&level=basic",
        f"{CATALOG}?centre={centre_a.slug}&language=en&audience=military",
    ):
        with mock.patch.object(backend, "get", wraps=backend.get) as get:
            response = client.get(url)
        assert response.status_code == 200
        read = Counter(call.args[0] for call in get.call_args_list)
        assert read and max(read.values()) == 1, read
