"""The exchange's buttons on other pages: shown to those who may use them, and only to them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from .factories import make_course, make_offering

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    "{% load exchange %}{% course_actions course %}|{% offering_actions offering %}"
)


def render(user, course, offering) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return TEMPLATE.render(Context({"request": request, "course": course, "offering": offering}))


def test_members_of_the_host_centre_see_edit_and_add_offering(centre_a, trainer_a):
    course = make_course(centre_a)
    offering = make_offering(course)
    html = render(trainer_a, course, offering)
    assert f"/courses/{course.slug}/edit/" in html
    assert f"/courses/{course.slug}/offerings/new/" in html
    assert f"/offerings/{offering.pk}/edit/" in html
    assert "Request seats" not in html


def test_members_of_another_centre_see_request_seats_while_the_offering_is_open(
    centre_a, trainer_b
):
    course = make_course(centre_a)
    open_offering = make_offering(course)
    html = render(trainer_b, course, open_offering)
    assert f"/offerings/{open_offering.pk}/request/" in html
    assert "Request seats" in html
    assert "/edit/" not in html
    full = make_offering(course, partner_seats=2)
    full.partner_seats_taken = 2  # as if two seats were approved
    assert "Ask for the waitlist" in render(trainer_b, course, full)
    closed = make_offering(course, partner_seats=0)
    assert "/request/" not in render(trainer_b, course, closed)
    started = make_offering(course, start_in_days=-2)
    assert "/request/" not in render(trainer_b, course, started)


def test_visitors_see_no_exchange_button(centre_a):
    course = make_course(centre_a)
    assert render(AnonymousUser(), course, make_offering(course)).strip() == "|"


def test_the_course_page_shows_each_viewer_its_own_buttons(
    client, centre_a, trainer_a, trainer_b, django_assert_max_num_queries
):
    from django.urls import reverse

    course = make_course(centre_a)
    offerings = [make_offering(course, start_in_days=30 + n) for n in range(4)]
    url = reverse("course-detail", kwargs={"slug": course.slug})
    page = client.get(url).content.decode()
    assert "/request/" not in page and "/edit/" not in page
    client.force_login(trainer_a)
    page = client.get(url).content.decode()
    assert f"/courses/{course.slug}/edit/" in page
    assert f"/courses/{course.slug}/offerings/new/" in page
    assert all(f"/offerings/{o.pk}/edit/" in page for o in offerings)
    client.force_login(trainer_b)
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert all(f"/offerings/{o.pk}/request/" in page for o in offerings)
    assert "/edit/" not in page


def test_the_home_page_shows_a_member_its_pending_requests(client, centre_a, trainer_a, trainer_b):
    from django.urls import reverse

    from .factories import make_seat_request

    make_seat_request(make_offering(make_course(centre_a)), by=trainer_b)
    client.force_login(trainer_a)
    assert "1 request waits for your decision" in client.get(reverse("home")).content.decode()
    client.logout()
    assert "for your decision" not in client.get(reverse("home")).content.decode()
