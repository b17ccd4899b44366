"""Whole catalog pages kept for visitors (`courses/page_cache.py`): built once, served to every
visitor with the same address and language until the next catalog write, each with their own
working CSRF token; never to a member, never after a write, never a refused page."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client, RequestFactory

from courses.page_cache import CSRF_PLACEHOLDER
from courses.services import course_update

from .factories import make_centre, make_course, make_offering

pytestmark = pytest.mark.django_db

CATALOG = "/courses/?sort=title"


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_second_visitor_gets_the_kept_page_with_a_token_of_their_own(
    centre_a, django_assert_max_num_queries
):
    make_offering(make_course(centre_a, title="Protection of civilians"), start_in_days=20)
    first = Client(enforce_csrf_checks=True).get(CATALOG)
    assert first.templates  # built

    visitor = Client(enforce_csrf_checks=True)
    with django_assert_max_num_queries(1):  # the catalog's version
        response = visitor.get(CATALOG)
    assert response.status_code == 200
    assert not response.templates  # served as kept, not built again
    html = response.content.decode()
    assert "Protection of civilians" in html
    assert CSRF_PLACEHOLDER not in html
    # The kept page's language menu works for this visitor, who had no CSRF cookie before.
    changed = visitor.post(
        "/i18n/setlang/", {"language": "vi", "next": CATALOG, "csrfmiddlewaretoken": _token(html)}
    )
    assert changed.status_code == 302
    assert visitor.cookies["django_language"].value == "vi"
    assert '<html lang="vi">' in visitor.get(CATALOG).content.decode()


def test_the_first_visitors_token_works_too(centre_a):
    make_course(centre_a, title="Safety and security")
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get(CATALOG).content.decode()
    assert CSRF_PLACEHOLDER not in html
    changed = visitor.post(
        "/i18n/setlang/", {"language": "th", "next": CATALOG, "csrfmiddlewaretoken": _token(html)}
    )
    assert changed.status_code == 302


def test_a_write_through_a_service_is_seen_by_the_next_visitor(centre_a, trainer_a):
    course = make_course(centre_a, title="Convoy operations")
    assert "Convoy operations" in Client().get(CATALOG).content.decode()

    course_update(course=course, by=trainer_a, title="Convoy operations in the field")
    assert "Convoy operations in the field" in Client().get(CATALOG).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_committed_raw_sql_write_is_seen_by_the_next_visitor(reference_data):
    """No service told the cache: the catalog version the database keeps moved the key."""
    course = make_course(make_centre(), title="Convoy operations")
    assert "Convoy operations" in Client().get(CATALOG).content.decode()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE courses_course SET title = %s WHERE id = %s", ["Convoy escort", course.pk]
        )
    html = Client().get(CATALOG).content.decode()
    assert "Convoy escort" in html
    assert "Convoy operations" not in html


def test_a_member_is_never_served_a_visitors_page(client, centre_a, trainer_a):
    make_course(centre_a, title="Published course")
    make_course(centre_a, title="Draft in progress", status="draft")
    assert "Draft in progress" not in Client().get(CATALOG).content.decode()

    client.force_login(trainer_a)
    response = client.get(CATALOG)
    html = response.content.decode()
    assert response.templates
    assert "Draft in progress" in html
    assert "Log out" in html
    # and the member's page is not kept for the visitors either
    assert "Draft in progress" not in Client().get(CATALOG).content.decode()


def test_each_language_has_its_own_page(centre_a):
    make_course(centre_a, title="Gender in peacekeeping")
    assert '<html lang="en">' in Client().get(CATALOG).content.decode()
    html = Client(HTTP_ACCEPT_LANGUAGE="vi").get(CATALOG).content.decode()
    assert '<html lang="vi">' in html
    assert "Gender in peacekeeping" in html


def test_a_visitor_with_a_message_waiting_is_shown_it(centre_a):
    make_course(centre_a, title="Any course")
    Client().get(CATALOG)  # the page is kept
    storage = CookieStorage(RequestFactory().get("/"))
    visitor = Client()
    visitor.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.INFO, "Your request was sent to the host centre.")]
    )
    response = visitor.get(CATALOG)
    assert "Your request was sent to the host centre." in response.content.decode()


def test_a_refused_page_is_not_kept(centre_a):
    make_course(centre_a, title="Only course")
    assert Client().get("/courses/?page=abc").status_code == 400
    again = Client().get("/courses/?page=abc")
    assert again.status_code == 400
    assert "is not a page number" in again.content.decode()


def test_each_host_has_its_own_page(centre_a, settings):
    """The page's calendar link names the host it was asked on."""
    settings.ALLOWED_HOSTS = ["training.apcn.example", "10.0.0.5"]
    make_course(centre_a, title="Any course")
    first = Client(HTTP_HOST="training.apcn.example").get(CATALOG).content.decode()
    assert "webcal://training.apcn.example/" in first
    second = Client(HTTP_HOST="10.0.0.5").get(CATALOG).content.decode()
    assert "webcal://10.0.0.5/" in second
    assert "training.apcn.example" not in second


def test_a_members_page_names_the_host_it_was_asked_on(centre_a, trainer_a, settings):
    settings.ALLOWED_HOSTS = ["training.apcn.example", "10.0.0.5"]
    make_course(centre_a, title="Any course")
    member = Client(HTTP_HOST="training.apcn.example")
    member.force_login(trainer_a)
    assert "webcal://training.apcn.example/" in member.get(CATALOG).content.decode()
    member = Client(HTTP_HOST="10.0.0.5")
    member.force_login(trainer_a)
    assert "webcal://10.0.0.5/" in member.get(CATALOG).content.decode()


def test_a_course_cannot_carry_the_token_of_the_visitor_who_reads_it(centre_a):
    """Text a centre writes is never taken for the kept page's token placeholder."""
    make_course(centre_a, title="Course csrf-token-of-this-visitor", summary=CSRF_PLACEHOLDER[:20])
    Client().get(CATALOG)
    visitor = Client()
    html = visitor.get(CATALOG).content.decode()
    token = _token(html)
    assert "Course csrf-token-of-this-visitor" in html
    assert html.count(token) == 1  # in the language menu only


def test_a_members_filters_and_results_are_kept_between_their_pages(client, centre_a, trainer_a):
    """A member's page is built each time, but its filters and results are kept as rendered
    until the next catalog write: the second answer reads no course."""
    from django.test.utils import CaptureQueriesContext

    make_offering(make_course(centre_a, title="Kept for the member"), start_in_days=30)
    make_course(centre_a, title="Draft kept for the member", status="draft")
    client.force_login(trainer_a)
    first = client.get(CATALOG).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(CATALOG)
    assert "Draft kept for the member" in second.content.decode()
    assert second.templates  # built, not a visitor's kept page
    assert not [q for q in queries if "courses_course" in q["sql"]]
    assert first.count("Kept for the member") == second.content.decode().count(
        "Kept for the member"
    )
