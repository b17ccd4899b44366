"""iCalendar feeds: valid RFC 5545 that holds exactly the offerings it should."""

from __future__ import annotations

import datetime

import pytest
from icalendar import Calendar

from courses.models import Theme

from .factories import make_course, make_offering


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://training.apcn.example"


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def uid(offering) -> str:
    return f"offering-{offering.pk}@training.apcn.example"


@pytest.fixture
def offerings(centre_a, centre_b):
    start = datetime.date(2026, 7, 6)
    poc_a = make_course(centre_a, title="POC Course", summary="Protecting civilians.")
    safety_b = make_course(centre_b, title="Safety & Security, Part 1; Field")
    draft_a = make_course(centre_a, title="Draft Course", status="draft")
    return {
        "a": make_offering(
            poc_a,
            start_date=start,
            end_date=start + datetime.timedelta(days=4),
            application_deadline=start - datetime.timedelta(days=30),
            city="Port Dickson",
            country="MY",
        ),
        "a_cancelled": make_offering(poc_a, start_in_days=200, status="cancelled"),
        "b": make_offering(safety_b, start_in_days=30),
        "draft": make_offering(draft_a, start_in_days=30),
    }


def test_network_feed_holds_every_published_offering_and_no_draft(client, offerings):
    calendar = parse(client.get("/calendar.ics"))
    assert uids(calendar) == {
        uid(offerings["a"]),
        uid(offerings["a_cancelled"]),
        uid(offerings["b"]),
    }
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "APCN training calendar"
    assert calendar["PRODID"]


def test_feed_events_are_all_day_with_an_exclusive_end(client, offerings):
    calendar = parse(client.get("/calendar.ics"))
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid(offerings["a"]))
    assert event.decoded("DTSTART") == datetime.date(2026, 7, 6)
    # A five-day course (6 to 10 July) ends, exclusively, on 11 July.
    assert event.decoded("DTEND") == datetime.date(2026, 7, 11)
    assert not isinstance(event.decoded("DTSTART"), datetime.datetime)
    assert str(event["SUMMARY"]) == "POC Course (APC)"
    assert str(event["LOCATION"]) == "Port Dickson, Malaysia"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]).startswith("https://training.apcn.example/courses/")
    assert "Protecting civilians." in str(event["DESCRIPTION"])
    assert "DTSTAMP" in event
    assert b"DTSTART;VALUE=DATE:20260706" in client.get("/calendar.ics").content


def test_cancelled_offering_stays_in_the_feed_marked_cancelled(client, offerings):
    calendar = parse(client.get("/calendar.ics"))
    event = next(
        e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid(offerings["a_cancelled"])
    )
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Cancelled: ")


def test_text_with_commas_and_semicolons_survives_the_round_trip(client, offerings):
    calendar = parse(client.get("/calendar.ics"))
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid(offerings["b"]))
    assert str(event["SUMMARY"]) == "Safety & Security, Part 1; Field (BPOC)"


def test_uids_are_stable_between_reads(client, offerings):
    assert uids(parse(client.get("/calendar.ics"))) == uids(parse(client.get("/calendar.ics")))


def test_centre_feed_holds_only_that_centres_published_offerings(client, offerings):
    calendar = parse(client.get("/centres/alpha/calendar.ics"))
    assert uids(calendar) == {uid(offerings["a"]), uid(offerings["a_cancelled"])}
    assert str(calendar["X-WR-CALNAME"]) == "APC training courses"


def test_centre_feed_of_an_unknown_centre_is_404(client, db):
    assert client.get("/centres/nowhere/calendar.ics").status_code == 404


def test_feeds_show_no_draft_even_to_its_centres_members(client, trainer_a, offerings):
    client.force_login(trainer_a)
    assert uid(offerings["draft"]) not in uids(parse(client.get("/calendar.ics")))
    assert uid(offerings["draft"]) not in uids(parse(client.get("/centres/alpha/calendar.ics")))


def test_feed_query_count_does_not_grow_with_offerings(
    client, offerings, django_assert_max_num_queries
):
    # Filter validation (3 facet queries), the offerings and their themes.
    with django_assert_max_num_queries(5):
        parse(client.get("/calendar.ics"))


def test_filtered_feed_holds_exactly_the_filtered_offerings(client, centre_a, centre_b):
    poc = Theme.objects.get(slug="protection-of-civilians")
    wps = Theme.objects.get(slug="women-peace-security")
    match = make_offering(make_course(centre_a, themes=[poc], audience="police"), start_in_days=40)
    later = make_offering(
        make_course(centre_b, themes=[poc, wps], audience="police"), start_in_days=300
    )
    make_offering(make_course(centre_b, themes=[poc], audience="military"), start_in_days=40)
    make_offering(make_course(centre_a, themes=[wps], audience="police"), start_in_days=40)
    make_offering(
        make_course(centre_a, themes=[poc], audience="police", status="draft"), start_in_days=40
    )

    calendar = parse(
        client.get("/calendar.ics", {"theme": "protection-of-civilians", "audience": "police"})
    )
    assert uids(calendar) == {uid(match), uid(later)}
    assert str(calendar["X-WR-CALNAME"]) == "APCN training calendar (filtered)"

    cutoff = (match.start_date + datetime.timedelta(days=100)).isoformat()
    calendar = parse(
        client.get(
            "/calendar.ics",
            {"theme": "protection-of-civilians", "audience": "police", "starts_after": cutoff},
        )
    )
    assert uids(calendar) == {uid(later)}


@pytest.mark.parametrize(
    "params", [{"theme": "nowhere"}, {"starts_before": "tomorrow"}, {"open_seats": "yes"}]
)
def test_a_bad_filter_on_the_feed_is_400_not_500(client, db, params):
    response = client.get("/calendar.ics", params)
    assert response.status_code == 400
    assert response.content.startswith(b"Invalid catalog filter.")


# Subscribing explained ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page, feed",
    [
        ("/calendar/?month=2026-06&audience=police", "/calendar.ics?audience=police"),
        ("/courses/?audience=police", "/calendar.ics?audience=police"),
        ("/centres/alpha/", "/centres/alpha/calendar.ics"),
    ],
)
def test_feed_links_offer_a_webcal_subscription_a_download_and_say_which_is_which(
    client, settings, centre_a, page, feed
):
    settings.ALLOWED_HOSTS = ["training.apcn.example"]
    html = client.get(page, HTTP_HOST="training.apcn.example").content.decode()
    escaped = feed.replace("&", "&amp;")
    # Subscribing hands the feed to the calendar app, which keeps fetching it.
    assert f'href="webcal://training.apcn.example{escaped}"' in html
    assert "Subscribe in your calendar" in html
    # Downloading saves a copy once.
    assert f'href="{escaped}" download>' in html
    assert "Subscribe or download?" in html
    assert "checks this link again by itself" in html
    assert "It does not change afterwards." in html
