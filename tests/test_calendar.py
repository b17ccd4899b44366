"""The shared training calendar: days, months, clashes, and the page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from courses.calendar import Month, PlanItem, find_clashes, month_grid
from courses.models import Theme

from .factories import make_centre, make_course, make_offering


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def offering_on(course, start: str, end: str, **fields):
    start_date, end_date = d(start), d(end)
    return make_offering(
        course,
        start_date=start_date,
        end_date=end_date,
        application_deadline=start_date - datetime.timedelta(days=14),
        **fields,
    )


# Months -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03", Month(2026, 3)), ("2026-12", Month(2026, 12)), ("1999-01", Month(1999, 1))],
)
def test_month_parses_year_dash_month(text, expected):
    assert Month.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-13", "2026-00", "2026-3", "26-03", "march", "2026-03-01", "", "2026--3", "٢٠٢٦-٠٣"],
)
def test_month_refuses_anything_else(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_month_steps_across_the_year_end():
    assert Month(2026, 12).next == Month(2027, 1)
    assert Month(2027, 1).previous == Month(2026, 12)
    assert Month(2028, 2).last_day == d("2028-02-29")


# The grid -----------------------------------------------------------------------------------


class Run:
    def __init__(self, start: str, end: str) -> None:
        self.start_date, self.end_date = d(start), d(end)


def days_holding(weeks, run) -> list[datetime.date]:
    return [day.date for week in weeks for day in week if run in day.offerings]


def test_grid_puts_an_offering_on_each_of_its_days_and_no_other():
    run = Run("2026-03-10", "2026-03-13")
    weeks = month_grid(Month(2026, 3), [run], today=d("2026-03-01"))
    assert days_holding(weeks, run) == [
        d("2026-03-10"),
        d("2026-03-11"),
        d("2026-03-12"),
        d("2026-03-13"),
    ]


def test_grid_shows_an_offering_crossing_the_month_end_in_both_months():
    run = Run("2026-01-28", "2026-02-06")
    january = month_grid(Month(2026, 1), [run], today=d("2026-01-01"))
    february = month_grid(Month(2026, 2), [run], today=d("2026-01-01"))
    # January's grid runs to Sunday 1 February; February's starts on Monday 26 January.
    assert days_holding(january, run) == [
        d("2026-01-28"),
        d("2026-01-29"),
        d("2026-01-30"),
        d("2026-01-31"),
        d("2026-02-01"),
    ]
    in_february = [day for day in days_holding(february, run) if day.month == 2]
    assert in_february == [d(f"2026-02-0{n}") for n in range(1, 7)]


def test_grid_weeks_start_on_monday_and_mark_today_and_the_outside_days():
    weeks = month_grid(Month(2026, 11), [], today=d("2026-11-23"))
    assert all(week[0].date.weekday() == 0 and len(week) == 7 for week in weeks)
    today = [day for week in weeks for day in week if day.is_today]
    assert [day.date for day in today] == [d("2026-11-23")]
    assert weeks[0][0].date == d("2026-10-26") and not weeks[0][0].in_month
    assert weeks[-1][-1].date == d("2026-12-06") and not weeks[-1][-1].in_month


# The clash rule -----------------------------------------------------------------------------


def item(key, centre, start, end, *, audience="military", themes=(1,)):
    return PlanItem(key, centre, audience, frozenset(themes), d(start), d(end))


def test_same_theme_and_audience_overlapping_at_different_centres_clash():
    a = item(1, centre=10, start="2026-05-04", end="2026-05-08")
    b = item(2, centre=20, start="2026-05-08", end="2026-05-15")  # one day in common
    assert find_clashes([a, b]) == {1: {2}, 2: {1}}


def test_back_to_back_offerings_do_not_clash():
    a = item(1, centre=10, start="2026-05-04", end="2026-05-08")
    b = item(2, centre=20, start="2026-05-09", end="2026-05-15")
    assert find_clashes([a, b]) == {}


def test_offerings_of_the_same_centre_do_not_clash():
    a = item(1, centre=10, start="2026-05-04", end="2026-05-08")
    b = item(2, centre=10, start="2026-05-05", end="2026-05-06")
    assert find_clashes([a, b]) == {}


def test_different_audiences_or_no_shared_theme_do_not_clash():
    a = item(1, centre=10, start="2026-05-04", end="2026-05-08", themes=(1, 2))
    police = item(
        2, centre=20, start="2026-05-04", end="2026-05-08", audience="police", themes=(1,)
    )
    other_theme = item(3, centre=30, start="2026-05-04", end="2026-05-08", themes=(3,))
    shares_one = item(4, centre=40, start="2026-05-01", end="2026-05-20", themes=(2, 5))
    assert find_clashes([a, police, other_theme, shares_one]) == {1: {4}, 4: {1}}


def test_a_long_offering_clashes_with_each_it_overlaps():
    long = item(1, centre=10, start="2026-05-01", end="2026-05-31")
    early = item(2, centre=20, start="2026-05-02", end="2026-05-03")
    late = item(3, centre=30, start="2026-05-30", end="2026-06-02")
    after = item(4, centre=30, start="2026-06-01", end="2026-06-02")
    assert find_clashes([late, after, early, long]) == {1: {2, 3}, 2: {1}, 3: {1}}


# The page -----------------------------------------------------------------------------------


def test_calendar_shows_an_offering_crossing_the_month_end_in_both_months(client, centre_a):
    course = make_course(centre_a, title="Protection of Civilians Course")
    offering_on(course, "2026-01-28", "2026-02-06")
    for month in ("2026-01", "2026-02"):
        response = client.get("/calendar/", {"month": month})
        assert response.status_code == 200
        assert [o.course.title for o in response.context["month_offerings"]] == [
            "Protection of Civilians Course"
        ]
    response = client.get("/calendar/", {"month": "2026-03"})
    assert response.context["month_offerings"] == []
    assert "No offerings" in response.content.decode()


def test_calendar_marks_today_and_links_the_neighbouring_months(client, db):
    today = timezone.localdate()
    response = client.get("/calendar/")
    html = response.content.decode()
    month = Month.of(today)
    assert response.context["month"] == month
    assert html.count('aria-current="date"') == 1
    assert f'href="?month={month.previous}"' in html
    assert f'href="?month={month.next}"' in html


def test_a_bad_month_shows_a_form_error_not_a_server_error(client, db):
    response = client.get("/calendar/", {"month": "2026-13"})
    assert response.status_code == 400
    assert "The month must be between 01 and 12." in response.content.decode()
    assert 'value="2026-13"' in response.content.decode()


def test_calendar_flags_a_clash_between_centres_and_names_the_other_offering(
    client, centre_a, centre_b
):
    poc = Theme.objects.get(slug="protection-of-civilians")
    ours = make_course(centre_a, title="POC for Staff Officers", themes=[poc])
    theirs = make_course(centre_b, title="Civilian Protection Course", themes=[poc])
    police = make_course(centre_b, title="POC for Police", themes=[poc], audience="police")
    offering_on(ours, "2026-06-08", "2026-06-12")
    offering_on(theirs, "2026-06-10", "2026-06-19")
    offering_on(police, "2026-06-08", "2026-06-12")
    cancelled = make_course(centre_b, title="Cancelled POC", themes=[poc])
    offering_on(cancelled, "2026-06-08", "2026-06-12", status="cancelled")

    response = client.get("/calendar/", {"month": "2026-06"})
    flagged = {
        o.course.title: [c.course.title for c in o.clashes]
        for o in response.context["month_offerings"]
    }
    assert flagged == {
        "POC for Staff Officers": ["Civilian Protection Course"],
        "POC for Police": [],
        "Cancelled POC": [],
        "Civilian Protection Course": ["POC for Staff Officers"],
    }
    assert response.context["clash_count"] == 2
    assert "2 possible clashes" in response.content.decode()


def test_calendar_lists_published_offerings_only_to_visitors(client, centre_a):
    draft = make_course(centre_a, title="Draft course", status="draft")
    offering_on(draft, "2026-06-08", "2026-06-12")
    response = client.get("/calendar/", {"month": "2026-06"})
    assert response.context["month_offerings"] == []


def test_calendar_query_count_does_not_grow_with_offerings(
    client, db, django_assert_max_num_queries
):
    for n in range(6):
        centre = make_centre()
        course = make_course(centre)
        offering_on(course, f"2026-06-0{n + 1}", "2026-06-12")
    # The catalog's version, the facets' rows (cached until a centre, theme or language
    # changes) and their counts (one query), the month, the clash candidates (each with their
    # themes and languages of instruction), and the theme and centre lists of the form.
    with django_assert_max_num_queries(13):
        response = client.get("/calendar/", {"month": "2026-06"})
    assert len(response.context["month_offerings"]) == 6
    assert re.search(r"6 offerings this month", response.content.decode())


def test_calendar_links_keep_the_filters_and_offer_feed_and_export(client, db):
    response = client.get("/calendar/", {"month": "2026-06", "audience": "police"})
    html = response.content.decode()
    assert 'href="/calendar.ics?audience=police"' in html
    assert 'href="/courses/export.csv?audience=police"' in html
    assert 'href="?month=2026-07&amp;audience=police"' in html


# The catalog's filters on the calendar --------------------------------------------------------


def test_calendar_applies_the_catalogs_filters_but_flags_clashes_with_all_centres(
    client, centre_a, centre_b
):
    poc = Theme.objects.get(slug="protection-of-civilians")
    ours = make_course(centre_a, title="POC for Staff Officers", themes=[poc])
    theirs = make_course(centre_b, title="Civilian Protection Course", themes=[poc])
    offering_on(ours, "2026-06-08", "2026-06-12")
    offering_on(theirs, "2026-06-10", "2026-06-19")

    response = client.get("/calendar/", {"month": "2026-06", "centre": "alpha"})
    assert response.status_code == 200
    [shown] = response.context["month_offerings"]
    assert shown.course.title == "POC for Staff Officers"
    assert [o.course.title for o in shown.clashes] == ["Civilian Protection Course"]
    html = response.content.decode()
    assert '<option value="alpha" selected>' in html
    assert 'href="/calendar.ics?centre=alpha"' in html

    response = client.get("/calendar/", {"month": "2026-06", "theme": "child-protection"})
    assert response.context["month_offerings"] == []


def test_calendar_filters_on_audience_and_keeps_other_catalog_parameters(client, centre_a):
    offering_on(
        make_course(centre_a, title="Police course", audience="police"), "2026-06-01", "2026-06-05"
    )
    offering_on(
        make_course(centre_a, title="Basic military", level="basic"), "2026-06-01", "2026-06-05"
    )
    offering_on(
        make_course(centre_a, title="Advanced military", level="advanced"),
        "2026-06-01",
        "2026-06-05",
    )
    response = client.get(
        "/calendar/", {"month": "2026-06", "audience": "military", "level": "advanced"}
    )
    assert [o.course.title for o in response.context["month_offerings"]] == ["Advanced military"]
    html = response.content.decode()
    assert '<input type="hidden" name="level" value="advanced">' in html
    assert "Also filtered by:" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "no-such-theme"}, "There is no theme"),
        ({"starts_after": "2026-13-45"}, "Enter a date as YYYY-MM-DD."),
        ({"audience": "pilots"}, "pilots"),
    ],
)
def test_a_bad_filter_shows_the_form_error_on_the_calendar(client, db, params, message):
    response = client.get("/calendar/", {"month": "2026-06", **params})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Some filters could not be used." in response.content.decode()
