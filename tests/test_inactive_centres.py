"""A centre the network admin has made inactive: its courses leave every list, its course pages
are its own members' (and the network admin's) only, and its offerings take no seat request."""

from __future__ import annotations

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from icalendar import Calendar

from courses.exceptions import DomainError
from courses.ical import offering_uid
from courses.models import SeatRequest, Theme
from courses.services import centre_save, course_archive, seat_request_decline, seat_request_reopen

from .factories import make_course, make_offering, make_seat_request
from .resource_factories import make_resource

pytestmark = pytest.mark.django_db

CATALOG = "/courses/"


def deactivate(centre) -> None:
    centre_save(centre=centre, by=None, is_active=False)


def reactivate(centre) -> None:
    centre_save(centre=centre, by=None, is_active=True)


def feed_offerings(response) -> set[str]:
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def exported_courses(response) -> set[str]:
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row["Course"] for row in rows}


def _day_in_a_month_ahead(day: int) -> datetime.date:
    return (timezone.localdate() + datetime.timedelta(days=62)).replace(day=day)


def _offering_on(course, day: datetime.date, **fields):
    return make_offering(course, start_in_days=(day - timezone.localdate()).days, **fields)


@pytest.fixture
def world(centre_a, centre_b):
    """Alpha (centre_a) has paused its membership of the network; Bravo (centre_b) is active.
    Both have a published course on the protection of civilians with a run in the same month."""
    poc = Theme.objects.get(slug="protection-of-civilians")
    paused = make_course(centre_a, title="Paused Centre Course", themes=[poc])
    paused_run = _offering_on(paused, _day_in_a_month_ahead(3), city="Seremban")
    paused_draft = make_course(centre_a, title="Paused Centre Draft", status="draft")
    active = make_course(centre_b, title="Active Centre Course", themes=[poc])
    active_run = _offering_on(active, _day_in_a_month_ahead(12), city="Chiang Mai")
    deactivate(centre_a)
    return SimpleNamespace(
        paused=paused,
        paused_run=paused_run,
        paused_draft=paused_draft,
        active=active,
        active_run=active_run,
        month=f"{_day_in_a_month_ahead(1):%Y-%m}",
    )


def _login(client, request, role: str) -> None:
    if role != "visitor":
        client.force_login(request.getfixturevalue(role))


def _titles(response) -> list[str]:
    return sorted(course.title for course in response.context["courses"])


def _facet(response, name: str) -> dict[str, int]:
    return {option.value: option.count for option in response.context["facets"][name]}


# --- The catalog and its counts --------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "outsider", "trainer_b", "network_admin"])
def test_the_catalog_lists_no_course_of_an_inactive_centre(client, request, world, role):
    _login(client, request, role)
    response = client.get(CATALOG)
    assert response.status_code == 200
    assert _titles(response) == ["Active Centre Course"]
    assert response.context["result_count"] == 1
    assert "Paused Centre" not in response.content.decode()


@pytest.mark.parametrize("role", ["trainer_a", "admin_a"])
def test_members_of_an_inactive_centre_still_list_its_courses_and_drafts(
    client, request, world, role
):
    _login(client, request, role)
    response = client.get(CATALOG)
    assert _titles(response) == [
        "Active Centre Course",
        "Paused Centre Course",
        "Paused Centre Draft",
    ]
    assert response.context["result_count"] == 3
    html = response.content.decode()
    # Its row names the centre without a link to the centre's page, which is a 404.
    assert 'href="/centres/alpha/"' not in html
    assert "Centre inactive" in html
    assert 'href="/centres/bravo/"' in html


def test_facet_counts_leave_out_an_inactive_centre(client, world):
    response = client.get(CATALOG)
    assert "alpha" not in _facet(response, "centre")
    assert _facet(response, "centre")["bravo"] == 1
    assert _facet(response, "theme")["protection-of-civilians"] == 1
    assert _facet(response, "theme")["peacekeeper-safety"] == 0  # the paused centre's draft
    # Alpha is in Malaysia, Bravo in Thailand: a country of no active centre is not offered.
    assert [code for code, _name in response.context["facets"]["country"]] == ["TH"]


def test_facet_counts_of_an_inactive_centres_member_hold_its_own_courses(client, world, trainer_a):
    client.force_login(trainer_a)
    response = client.get(CATALOG)
    assert _facet(response, "centre") == {"alpha": 2, "bravo": 1}
    assert _facet(response, "theme")["protection-of-civilians"] == 2
    assert _facet(response, "theme")["peacekeeper-safety"] == 1


def test_the_catalog_of_an_inactive_centre_is_empty_for_a_visitor(client, world):
    response = client.get(CATALOG, {"centre": "alpha"})
    assert response.status_code == 200
    assert response.context["result_count"] == 0
    assert _titles(response) == []


def test_deactivating_a_centre_hides_its_courses_from_the_cached_catalog_at_once(
    client, centre_a, centre_b, django_assert_max_num_queries
):
    make_course(centre_a, title="Alpha Course")
    make_course(centre_b, title="Bravo Course")
    assert "Alpha Course" in client.get(CATALOG).content.decode()
    # The counts and the page now come from the cache: one query, the catalog's version.
    with django_assert_max_num_queries(1):
        assert "Alpha Course" in client.get(CATALOG).content.decode()

    deactivate(centre_a)
    response = client.get(CATALOG)
    assert "Alpha Course" not in response.content.decode()
    assert response.context["result_count"] == 1
    assert _facet(response, "theme")["peacekeeper-safety"] == 1

    reactivate(centre_a)
    response = client.get(CATALOG)
    assert "Alpha Course" in response.content.decode()
    assert _facet(response, "theme")["peacekeeper-safety"] == 2


# --- The calendar, its feeds and the export --------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "trainer_b", "network_admin"])
def test_the_calendar_shows_no_offering_of_an_inactive_centre(client, request, world, role):
    _login(client, request, role)
    response = client.get("/calendar/", {"month": world.month})
    assert response.status_code == 200
    assert [o.pk for o in response.context["month_offerings"]] == [world.active_run.pk]
    assert "Seremban" not in response.content.decode()


def test_the_calendar_of_an_inactive_centres_member_shows_its_own_offerings(
    client, world, trainer_a
):
    client.force_login(trainer_a)
    response = client.get("/calendar/", {"month": world.month})
    assert [o.pk for o in response.context["month_offerings"]] == [
        world.paused_run.pk,
        world.active_run.pk,
    ]


def test_the_feeds_hold_no_offering_of_an_inactive_centre(client, world, trainer_a):
    client.force_login(trainer_a)  # feeds are the same for everyone, its own members included
    only_active = {offering_uid(world.active_run)}
    assert feed_offerings(client.get("/calendar.ics")) == only_active
    filtered = client.get("/calendar.ics", {"theme": "protection-of-civilians"})
    assert feed_offerings(filtered) == only_active
    assert client.get("/centres/alpha/calendar.ics").status_code == 404


def test_the_export_holds_an_inactive_centres_offerings_for_its_members_only(
    client, world, trainer_a
):
    assert exported_courses(client.get("/courses/export.csv")) == {"Active Centre Course"}
    client.force_login(trainer_a)
    assert exported_courses(client.get("/courses/export.csv")) == {
        "Active Centre Course",
        "Paused Centre Course",
    }


# --- The home page ---------------------------------------------------------------------------


def test_the_home_page_shows_no_offering_or_course_of_an_inactive_centre(client, world):
    response = client.get("/")
    html = response.content.decode()
    assert [o.pk for o in response.context["upcoming_offerings"]] == [world.active_run.pk]
    assert [c.title for c in response.context["new_courses"]] == ["Active Centre Course"]
    assert "Paused Centre" not in html and "Seremban" not in html
    counts = {t.slug: t.course_count for t in response.context["priority_themes"]}
    assert counts["protection-of-civilians"] == 1


# --- The course page, per role ---------------------------------------------------------------


@pytest.mark.parametrize("role", ["visitor", "outsider", "trainer_b", "admin_b"])
def test_an_inactive_centres_course_page_is_a_404_for_others(client, request, world, role):
    _login(client, request, role)
    assert client.get(world.paused.get_absolute_url()).status_code == 404
    assert client.get(world.paused_draft.get_absolute_url()).status_code == 404
    assert client.get(world.active.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["trainer_a", "admin_a", "network_admin"])
def test_an_inactive_centres_course_page_opens_for_its_members_and_the_network_admin(
    client, request, world, role
):
    _login(client, request, role)
    for course in (world.paused, world.paused_draft):
        response = client.get(course.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Centre inactive" in html
        assert 'href="/centres/alpha/"' not in html  # its page is a 404


def test_an_archived_course_of_an_inactive_centre_is_a_404_for_a_visitor(client, centre_a):
    course = make_course(centre_a, title="Archived Alpha Course")
    course_archive(course=course, by=None)
    assert client.get(course.get_absolute_url()).status_code == 200
    deactivate(centre_a)
    assert client.get(course.get_absolute_url()).status_code == 404


def test_a_resource_page_lists_no_related_course_of_an_inactive_centre(client, world, centre_b):
    resource = make_resource(
        centre_b, visibility="public", related_courses=[world.paused, world.active]
    )
    response = client.get(f"/resources/{resource.pk}/")
    assert response.status_code == 200
    assert [c.title for c in response.context["related_courses"]] == ["Active Centre Course"]


# --- Seat requests ---------------------------------------------------------------------------


def test_the_service_refuses_a_seat_request_on_an_inactive_centres_offering(world, trainer_b):
    with pytest.raises(DomainError, match="APC is not active in the network"):
        make_seat_request(world.paused_run, by=trainer_b)
    assert not SeatRequest.objects.exists()


def test_a_closed_request_on_an_inactive_centres_offering_cannot_be_reopened(
    centre_a, trainer_a, trainer_b
):
    offering = make_offering(make_course(centre_a))
    seat_request = make_seat_request(offering, by=trainer_b)
    seat_request_decline(seat_request=seat_request, by=trainer_a)
    deactivate(centre_a)
    with pytest.raises(DomainError, match="not active in the network"):
        seat_request_reopen(seat_request=seat_request, by=trainer_b)
    seat_request.refresh_from_db()
    assert seat_request.status == "declined"


def test_the_request_page_of_an_inactive_centres_offering_is_a_404(client, world, trainer_b):
    client.force_login(trainer_b)
    url = f"/offerings/{world.paused_run.pk}/request/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"seats_requested": 2, "women_nominated": 0})
    assert response.status_code == 404
    assert not SeatRequest.objects.exists()


def test_no_request_button_is_offered_on_an_inactive_centres_offering(centre_a, trainer_b):
    template = Template("{% load exchange %}{% offering_actions offering %}")
    offering = make_offering(make_course(centre_a))

    def render(user) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"request": request, "offering": offering}))

    assert f"/offerings/{offering.pk}/request/" in render(trainer_b)
    deactivate(centre_a)
    offering.course.centre.refresh_from_db()
    assert "/request/" not in render(trainer_b)
    assert "/request/" not in render(AnonymousUser())
