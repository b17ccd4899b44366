"""The catalog's derived data is kept true by the database, for every write path.

Each test here is one way the stored data used to go stale: a renamed centre, a row that did
not match why its course qualified, a raw SQL write, a deleted theme. Run on SQLite and on
PostgreSQL (each has its own triggers, migration 0012).
"""

from __future__ import annotations

import datetime
import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.catalog_cache import database_version
from courses.models import Course, Offering, Theme
from courses.models.catalog import as_of
from courses.search import search_courses
from courses.services.catalog import refresh_next_start_dates
from courses.services.centres import centre_save

from .factories import make_course, make_offering
from .pages import result_titles
from .schema import id_sets

CATALOG = "/courses/"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def titles(response) -> list[str]:
    return result_titles(response)


def found(text: str) -> set[str]:
    return {course.title for course in search_courses(Course.objects.all(), text)}


# -- A renamed centre --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_renamed_centre_is_searched_by_its_new_name(client, centre_a):
    make_course(centre_a, title="Convoy security")
    assert titles(client.get(CATALOG, {"q": "Alpha"})) == ["Convoy security"]

    centre_save(centre=centre_a, by=None, name="Zulu Peace Operations Centre")
    assert titles(client.get(CATALOG, {"q": "Zulu"})) == ["Convoy security"]
    assert titles(client.get(CATALOG, {"q": "Alpha"})) == []


@pytest.mark.django_db
def test_a_centre_renamed_by_sql_updates_its_courses_documents(centre_a):
    make_course(centre_a, title="Convoy security")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_centre SET name = %s, short_name = %s WHERE id = %s",
            ["Yankee Training Centre", "YTC", centre_a.pk],
        )
    assert found("Yankee") == {"Convoy security"}
    assert found("YTC") == {"Convoy security"}
    assert found("Alpha") == set()


# -- The row shown matches why the course qualified -------------------------------------------


@pytest.mark.django_db
def test_a_past_run_never_qualifies_a_course_for_a_date_filter(client, centre_a):
    long_ago = make_course(centre_a, title="Ran 200 days ago, next in March")
    make_offering(long_ago, start_in_days=-200)
    make_offering(long_ago, start_in_days=120)
    soon = make_course(centre_a, title="Runs in ten days")
    make_offering(soon, start_in_days=10)

    response = client.get(CATALOG, {"starts_before": days(20).isoformat()})
    assert titles(response) == ["Runs in ten days"]
    assert "Ran 200 days ago" not in response.content.decode()
    # An open "starts after" in the past is the same as today: only upcoming runs count.
    response = client.get(CATALOG, {"starts_after": days(-365).isoformat()})
    assert set(titles(response)) == {"Ran 200 days ago, next in March", "Runs in ten days"}


@pytest.mark.django_db
@pytest.mark.parametrize("daily_job_ran", [False, True], ids=["runs-asked", "stored-next-run"])
def test_starts_before_lists_the_courses_with_a_run_from_today_to_then(
    client, centre_a, daily_job_ran
):
    """Once the daily job has run today, "starts by then" is read from each course's stored
    next run rather than from its offerings: the same courses either way, whatever wrote them."""
    if daily_job_ran:
        refresh_next_start_dates()
    long_ago = make_course(centre_a, title="Ran 200 days ago, next in March")
    make_offering(long_ago, start_in_days=-200)
    make_offering(long_ago, start_in_days=120)
    make_offering(make_course(centre_a, title="Runs in ten days"), start_in_days=10)
    cancelled = make_course(centre_a, title="Its run in the window is cancelled")
    make_offering(cancelled, start_in_days=5, status="cancelled")
    make_offering(cancelled, start_in_days=60)
    moved = make_course(centre_a, title="Moved out of the window by hand")
    run = make_offering(moved, start_in_days=8)
    moved_in = make_course(centre_a, title="Moved into the window by hand")
    late = make_offering(moved_in, start_in_days=90)
    make_offering(make_course(centre_a, title="Starts today"), start_in_days=0)
    with connection.cursor() as cursor:
        for offering, start in ((run, days(40)), (late, days(15))):
            cursor.execute(
                "UPDATE courses_offering SET start_date = %s, end_date = %s, "
                "application_deadline = %s WHERE id = %s",
                [start, start + datetime.timedelta(days=5), start, offering.pk],
            )
    assert (database_version()[2] == days(0)) is daily_job_ran

    expected = ["Moved into the window by hand", "Runs in ten days", "Starts today"]
    before = days(20).isoformat()
    assert sorted(titles(client.get(CATALOG, {"starts_before": before}))) == expected
    # beside other filters too (counted from the courses, not the count table)
    both = {"starts_before": before, "audience": "military", "centre": centre_a.slug}
    assert sorted(titles(client.get(CATALOG, both))) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("daily_job_ran", [False, True], ids=["runs-asked", "stored-open-runs"])
def test_partner_seats_with_a_start_date_list_the_courses_with_such_a_run_open(
    client, centre_a, daily_job_ran
):
    """ "Partner seats open" with a start date asks for one run that is open to partners and
    starts in the dates. Once the daily job has run today, that is read from the first and last
    open runs each course stores: the same courses either way, whatever wrote the runs."""
    if daily_job_ran:
        refresh_next_start_dates()
    late = make_course(centre_a, title="Open in 50 days")
    make_offering(late, start_in_days=10, partner_seats=0, application_deadline=days(3))
    make_offering(late, start_in_days=50, partner_seats=4)
    soon = make_course(centre_a, title="Open in 10 days")
    make_offering(soon, start_in_days=10, partner_seats=4, application_deadline=days(3))
    filled = make_offering(make_course(centre_a, title="Filled up"), start_in_days=30)
    closed = make_offering(make_course(centre_a, title="Applications closed"), start_in_days=30)
    cancelled = make_course(centre_a, title="Cancelled")
    make_offering(cancelled, start_in_days=30, status="cancelled")
    with connection.cursor() as cursor:  # behind the services' back: the triggers keep up
        cursor.execute(
            "UPDATE courses_offering SET partner_seats_taken = partner_seats WHERE id = %s",
            [filled.pk],
        )
        cursor.execute(
            "UPDATE courses_offering SET application_deadline = %s WHERE id = %s",
            [days(-1), closed.pk],
        )
    assert (database_version()[2] == days(0)) is daily_job_ran

    def listed(**dates: int) -> list[str]:
        query = {"open_seats": "1", **{name: days(n).isoformat() for name, n in dates.items()}}
        return sorted(titles(client.get(CATALOG, query)))

    both = ["Open in 10 days", "Open in 50 days"]
    assert listed(starts_after=20) == ["Open in 50 days"]
    assert listed(starts_after=50) == ["Open in 50 days"]
    assert listed(starts_after=51) == []
    assert listed(starts_before=10) == ["Open in 10 days"]
    assert listed(starts_before=9) == []
    assert listed(starts_after=-5) == both
    assert listed(starts_before=20) == ["Open in 10 days"]
    assert listed(starts_before=60) == both
    assert listed(starts_after=20, starts_before=60) == ["Open in 50 days"]
    assert listed(starts_after=20, starts_before=40) == []
    # beside another filter (counted from the courses, not the count table)
    query = {"open_seats": "1", "starts_after": days(20).isoformat(), "centre": centre_a.slug}
    assert titles(client.get(CATALOG, query)) == ["Open in 50 days"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("dates", "closing", "other"),
    [({"starts_after": 20}, 30, 10), ({"starts_before": 20}, 10, 30)],
    ids=["starts-after", "starts-before"],
)
def test_a_run_whose_applications_closed_leaves_the_partner_seat_pages_the_next_day(
    client, centre_a, dates, closing, other
):
    """The open runs a course stores count from the catalog's day: the daily job moves them on
    when a run stops taking applications. Here the run in the dates closes today, and the
    course's other open run is outside them."""
    refresh_next_start_dates()
    course = make_course(centre_a, title="Its run in the dates closes today")
    make_offering(course, start_in_days=closing, application_deadline=days(0))
    make_offering(course, start_in_days=other, application_deadline=days(5))
    make_offering(
        make_course(centre_a, title="Open"), start_in_days=20, application_deadline=days(9)
    )
    query = {"open_seats": "1", **{name: days(n).isoformat() for name, n in dates.items()}}
    assert titles(client.get(CATALOG, {**query, "sort": "title"})) == [
        "Its run in the dates closes today",
        "Open",
    ]
    with as_of(days(1)):
        refresh_next_start_dates()
        assert database_version()[2] == days(1)
        assert titles(client.get(CATALOG, query)) == ["Open"]


@pytest.mark.django_db
def test_the_row_shows_the_run_that_passed_the_filters(client, centre_a):
    course = make_course(centre_a, title="Two runs")
    make_offering(course, start_in_days=10, city="Hanoi", partner_seats=0)
    make_offering(course, start_in_days=50, city="Bangkok", partner_seats=4)

    html = client.get(CATALOG, {"starts_after": days(30).isoformat()}).content.decode()
    assert "Bangkok" in html and "Hanoi" not in html
    html = client.get(CATALOG, {"open_seats": "1"}).content.decode()
    assert "Bangkok" in html and "Hanoi" not in html


@pytest.mark.django_db
def test_dates_and_open_seats_must_hold_for_one_and_the_same_run(client, centre_a):
    course = make_course(centre_a, title="Seats only on the later run")
    make_offering(course, start_in_days=10, partner_seats=0)
    make_offering(course, start_in_days=90, partner_seats=5)
    window = {"starts_before": days(20).isoformat(), "open_seats": "1"}
    assert titles(client.get(CATALOG, window)) == []
    window = {"starts_after": days(60).isoformat(), "open_seats": "1"}
    assert titles(client.get(CATALOG, window)) == ["Seats only on the later run"]


# -- A write made outside the services -------------------------------------------------------


@pytest.mark.django_db
def test_raw_sql_writes_of_offerings_and_links_keep_the_course_true(centre_a):
    course = make_course(centre_a)
    offering = make_offering(course, start_in_days=30, partner_seats=3)
    poc = Theme.objects.get(slug="protection-of-civilians")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_offering SET partner_seats_taken = 3 WHERE id = %s", [offering.pk]
        )
        cursor.execute(
            "INSERT INTO courses_course_themes (course_id, theme_id) VALUES (%s, %s)",
            [course.pk, poc.pk],
        )
        cursor.execute(
            "UPDATE courses_offering SET start_date = %s, application_deadline = %s, "
            "end_date = %s WHERE id = %s",
            [days(12), days(5), days(14), offering.pk],
        )
    course.refresh_from_db()
    assert course.open_seats_deadline is None  # its only run has no partner seat left
    assert (course.first_start_date, course.last_start_date) == (days(12), days(12))
    assert course.next_start_date == days(12)
    assert poc.pk in course.theme_ids


@pytest.mark.django_db
def test_python_cannot_write_a_derived_column_wrong(centre_a):
    """Whatever a save sends for a derived column, the database derives it again."""
    course = make_course(centre_a)
    make_offering(course, start_in_days=30)
    Course.objects.filter(pk=course.pk).update(
        first_start_date=days(-500), next_start_date=days(-2), theme_ids=[]
    )
    course.refresh_from_db()
    assert course.first_start_date == days(30)
    assert course.next_start_date == days(30)
    assert course.theme_ids == [Theme.objects.get(slug="peacekeeper-safety").pk]


@pytest.mark.django_db(transaction=True)
def test_a_committed_raw_sql_write_reaches_a_cached_catalog_page(client, reference_data):
    """No service told the cache; the database's catalog version did."""
    from .factories import make_centre

    course = make_course(make_centre(), title="Closed by hand")
    offering = make_offering(course, start_in_days=30, partner_seats=3)
    url = f"{CATALOG}?open_seats=1"
    assert titles(client.get(url)) == ["Closed by hand"]
    assert titles(client.get(url)) == ["Closed by hand"]  # now cached
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_offering SET partner_seats_taken = 3 WHERE id = %s", [offering.pk]
        )
    assert titles(client.get(url)) == []


# -- A deleted theme ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_deleted_theme_leaves_the_courses_ids_and_the_catalog_at_once(client, reference_data):
    from .factories import make_centre

    centre_a = make_centre()
    doomed = Theme.objects.create(name="Short-lived", slug="short-lived")
    poc = Theme.objects.get(slug="protection-of-civilians")
    course = make_course(centre_a, themes=[doomed, poc])
    assert client.get(CATALOG, {"theme": "short-lived"}).status_code == 200
    doomed.delete()
    course.refresh_from_db()
    assert course.theme_ids == [poc.pk]
    response = client.get(CATALOG, {"theme": "protection-of-civilians"})
    assert titles(response) == [course.title]
    counts = {o.value: o.count for o in response.context["facets"]["theme"]}
    assert "short-lived" not in counts
    assert counts["protection-of-civilians"] == 1


# -- "Next" moves with the calendar ------------------------------------------------------------


@pytest.mark.django_db
def test_an_offering_written_by_sql_sets_the_next_run(centre_a):
    course = make_course(centre_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO courses_offering (course_id, start_date, end_date, city, country, "
            "application_deadline, seats_total, partner_seats, partner_seats_taken, status, "
            "notes, created_at, updated_at) VALUES (%s, %s, %s, 'Hue', 'VN', %s, 20, 5, 0, "
            "'scheduled', '', %s, %s)",
            [course.pk, days(8), days(10), days(1), timezone.now(), timezone.now()],
        )
        cursor.execute(
            "INSERT INTO courses_offering (course_id, start_date, end_date, city, country, "
            "application_deadline, seats_total, partner_seats, partner_seats_taken, status, "
            "notes, created_at, updated_at) VALUES (%s, %s, %s, 'Hue', 'VN', %s, 20, 5, 0, "
            "'scheduled', '', %s, %s)",
            [course.pk, days(-8), days(-6), days(-9), timezone.now(), timezone.now()],
        )
    course.refresh_from_db()
    assert course.next_start_date == days(8)
    assert course.first_start_date == days(-8)
    assert found("Hue") == {course.title}  # the city of a run is searchable
    Offering.objects.filter(course=course).delete()
    course.refresh_from_db()
    assert course.next_start_date is None and course.last_start_date is None


# -- A row's cached fragment follows its course's version ------------------------------------


@pytest.mark.django_db
def test_a_write_renders_again_the_row_of_that_course_only(client, centre_a):
    from courses.services import offering_update

    changed, kept = make_course(centre_a, title="Changed"), make_course(centre_a, title="Kept")
    run = make_offering(changed, start_in_days=20, city="Hanoi")
    make_offering(kept, start_in_days=30, city="Bangkok")
    assert "Hanoi" in client.get(CATALOG).content.decode()
    versions = dict(Course.objects.values_list("title", "version"))

    offering_update(offering=run, by=None, city="Da Nang")
    html = client.get(CATALOG).content.decode()
    assert "Da Nang" in html and "Hanoi" not in html and "Bangkok" in html
    now = dict(Course.objects.values_list("title", "version"))
    assert now["Changed"] > versions["Changed"]
    assert now["Kept"] == versions["Kept"]


@pytest.mark.django_db
def test_a_page_whose_rows_are_kept_reads_their_ids_and_versions_only(client, centre_a):
    """Another page listing the same courses takes their rows from the cache: it reads no
    course's text and no run. After a write, that course alone is read again."""
    from courses.services import offering_update

    runs = [
        make_offering(make_course(centre_a, title=f"Kept {n}"), start_in_days=20 + n, city="Hue")
        for n in range(3)
    ]
    first = client.get(CATALOG, {"sort": "title"})

    def reads(params: dict) -> tuple[list[str], list[str], str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CATALOG, params)
        read = [q["sql"] for q in queries.captured_queries if '"summary"' in q["sql"]]
        return result_titles(response), read, response.content.decode()

    titles, read, _html = reads({"sort": "title", "level": "basic"})
    assert titles == result_titles(first) == ["Kept 0", "Kept 1", "Kept 2"]
    assert read == []

    offering_update(offering=runs[1], by=None, city="Da Nang")
    titles, read, html = reads({"sort": "title", "audience": "military"})
    assert titles == ["Kept 0", "Kept 1", "Kept 2"]
    assert len(read) == 1 and html.count("Da Nang") == 1 and html.count("Hue") == 2


def test_sqlite_keeps_every_catalog_trigger_after_migrations_rebuild_tables(db):
    """Later migrations rebuild tables on SQLite (a new column on the centres); the triggers
    that keep the catalog's derived data, and those that guard certificates, must all be there
    when `migrate` ends."""
    from django.db import connection

    from courses import sqlite_triggers

    if connection.vendor != "sqlite":
        pytest.skip("SQLite rebuilds tables; PostgreSQL alters them in place")
    with connection.cursor() as cursor:
        statements = list(sqlite_triggers._trigger_statements(cursor))
        for module in sqlite_triggers.GUARD_MIGRATIONS:
            statements += importlib.import_module(module).SQLITE_TRIGGERS
        expected = {statement.split()[2] for statement in statements}
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'apcn_%'"
        )
        present = {row[0] for row in cursor.fetchall()}
    assert expected and present == expected


@pytest.mark.django_db
def test_an_end_date_alone_shows_the_next_run_and_shares_the_catalogs_rows(client, centre_a):
    """A course listed for "starting by" a day shows its next run, whichever later runs it has:
    those pages take their rows from the unfiltered catalog's. A start date picks a later run
    when the next one is before it: its rows are its own."""
    course = make_course(centre_a, title="Convoy escort")
    make_offering(course, start_in_days=10, city="Hue")
    make_offering(course, start_in_days=40, city="Vientiane")
    client.get(CATALOG)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(CATALOG, {"starts_before": days(60).isoformat()})
    html = response.content.decode()
    assert result_titles(response) == ["Convoy escort"]
    assert "Hue" in html and "Vientiane" not in html
    assert [q for q in queries.captured_queries if '"summary"' in q["sql"]] == []

    html = client.get(CATALOG, {"starts_after": days(20).isoformat()}).content.decode()
    assert "Vientiane" in html and "Hue" not in html


# -- The sets the facet counts group by (PostgreSQL, migration 0029) -------------------------


@pytest.mark.django_db
def test_the_theme_and_language_sets_follow_every_write(postgresql_only, centre_a):
    from courses.models import Language

    poc = Theme.objects.get(slug="protection-of-civilians")
    safety = Theme.objects.get(slug="peacekeeper-safety")
    english, french = Language.objects.get(code="en"), Language.objects.get(code="fr")
    course = make_course(centre_a, themes=[poc], languages=[english])
    assert id_sets(course) == ([poc.pk], [english.pk])

    # A link written by SQL, and sets written by hand, which the database replaces.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO courses_course_themes (course_id, theme_id) VALUES (%s, %s)",
            [course.pk, safety.pk],
        )
        cursor.execute(
            "UPDATE courses_course SET theme_set = language_set, language_set = NULL WHERE id = %s",
            [course.pk],
        )
    assert id_sets(course) == (sorted([poc.pk, safety.pk]), [english.pk])

    # Another course with the same themes has the same set; a new set of languages is added.
    other = make_course(centre_a, themes=[safety, poc], languages=[french, english])
    assert id_sets(other) == (sorted([poc.pk, safety.pk]), sorted([english.pk, french.pk]))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT theme_set) FROM courses_course WHERE id IN (%s, %s)",
            [course.pk, other.pk],
        )
        assert cursor.fetchone()[0] == 1


# -- The countries a search names (PostgreSQL keeps them on the course, migration 0030) ------


def _found(client, text: str) -> list[str]:
    return result_titles(client.get(CATALOG, {"q": text}))


@pytest.mark.django_db(transaction=True)  # each write commits, as the site's do
def test_a_search_naming_a_country_follows_every_write_of_runs_and_centres(
    client, reference_data, centre_a
):
    course = make_course(centre_a, title="Convoy escort planning")  # a centre in Malaysia
    assert _found(client, "Malaysia") == ["Convoy escort planning"]
    assert _found(client, "Thailand") == []

    # A run in Thailand; then cancelled, scheduled again and moved to Cambodia, by SQL.
    run = make_offering(course, country="TH", city="Lop Buri")
    assert _found(client, "Thailand") == ["Convoy escort planning"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE courses_offering SET status = 'cancelled' WHERE id = %s", [run.pk])
    assert _found(client, "Thailand") == []
    with connection.cursor() as cursor:
        cursor.execute("UPDATE courses_offering SET status = 'scheduled' WHERE id = %s", [run.pk])
        cursor.execute("UPDATE courses_offering SET country = 'KH' WHERE id = %s", [run.pk])
    assert _found(client, "Thailand") == []
    assert _found(client, "Cambodia") == ["Convoy escort planning"]

    # The centre moves to Viet Nam, by SQL: its courses are no longer in Malaysia.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE courses_centre SET country = 'VN' WHERE id = %s", [centre_a.pk])
    assert _found(client, "viet") == ["Convoy escort planning"]
    assert _found(client, "Malaysia") == []

    if connection.vendor == "postgresql":  # what is written there by hand is replaced
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE courses_course SET country_codes = '{TH}' WHERE id = %s", [course.pk]
            )
            cursor.execute("SELECT country_codes FROM courses_course WHERE id = %s", [course.pk])
            assert cursor.fetchone()[0] == ["KH", "VN"]
