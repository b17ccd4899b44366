"""Who may open which page and take which action of posting and seat requests.

Every role against every page and action: anonymous users are sent to log in, everyone else who
may not is answered 404, and a refused request changes nothing in the database.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from courses.models import Course, Offering, SeatRequest, SeatRequestEvent
from courses.services import seat_request_decline

from .factories import make_course, make_offering, make_seat_request
from .test_posting import course_data, offering_data

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "trainer_host",
    "admin_host",
    "trainer_requester",
    "trainer_third",
    "superuser",
]

# What each role gets: "ok" (the page or the action works), "refused" (the page answers 200 and
# explains why nothing can be done; nothing changes), "404", "login" (redirect to log in).
#                      anonymous  trainer_host admin_host trainer_req trainer_third superuser
MATRIX = {
    "course-create GET": ("login", "ok", "ok", "ok", "ok", "404"),
    "course-create POST": ("login", "ok", "ok", "ok", "ok", "404"),
    "course-edit GET": ("login", "ok", "ok", "404", "404", "404"),
    "course-edit POST": ("login", "ok", "ok", "404", "404", "404"),
    "offering-create GET": ("login", "ok", "ok", "404", "404", "404"),
    "offering-create POST": ("login", "ok", "ok", "404", "404", "404"),
    "offering-edit GET": ("login", "ok", "ok", "404", "404", "404"),
    "offering-edit POST": ("login", "ok", "ok", "404", "404", "404"),
    "offering-request GET": ("login", "ok", "ok", "ok", "ok", "404"),
    "offering-request POST": ("login", "refused", "refused", "ok", "ok", "404"),
    "request-list GET": ("login", "ok", "ok", "ok", "ok", "ok"),
    "request-detail GET": ("login", "ok", "ok", "ok", "404", "ok"),
    "request approve": ("login", "ok", "ok", "404", "404", "404"),
    "request waitlist": ("login", "ok", "ok", "404", "404", "404"),
    "request decline": ("login", "ok", "ok", "404", "404", "404"),
    "request withdraw": ("login", "404", "404", "ok", "404", "404"),
    "request reopen": ("login", "404", "404", "ok", "404", "404"),
}
CASES = [
    (page, role, expected)
    for page, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


@pytest.fixture
def world(centre_a, trainer_a, admin_a, trainer_b, trainer_c, network_admin, outsider):
    course = make_course(centre_a, title="Host course")
    offering = make_offering(course, partner_seats=6)
    free_offering = make_offering(course, start_in_days=120)
    seat_request = make_seat_request(offering, by=trainer_b)
    return {
        "course": course,
        "offering": offering,
        "free_offering": free_offering,
        "seat_request": seat_request,
        "users": {
            "anonymous": None,
            "trainer_host": trainer_a,
            "admin_host": admin_a,
            "trainer_requester": trainer_b,
            "trainer_third": trainer_c,
            "superuser": network_admin,
        },
    }


def snapshot():
    return (
        list(Course.objects.order_by("pk").values_list("pk", "title", "status")),
        list(
            Offering.objects.order_by("pk").values_list(
                "pk", "city", "partner_seats", "partner_seats_taken", "status"
            )
        ),
        list(SeatRequest.objects.order_by("pk").values_list("pk", "status", "seats_approved")),
        SeatRequestEvent.objects.count(),
    )


def _request(client, page, world):
    course, offering = world["course"], world["offering"]
    seat_request = world["seat_request"]
    name, verb = page.split(" ")
    if name == "course-create":
        url, data = reverse("course-create"), course_data(title="Posted course")
    elif name == "course-edit":
        url = reverse("course-edit", kwargs={"slug": course.slug})
        data = course_data(title="Changed title")
    elif name == "offering-create":
        url = reverse("offering-create", kwargs={"slug": course.slug})
        data = offering_data()
    elif name == "offering-edit":
        url = reverse("offering-edit", kwargs={"pk": offering.pk})
        data = offering_data(
            start_date=offering.start_date.isoformat(),
            end_date=offering.end_date.isoformat(),
            application_deadline=offering.application_deadline.isoformat(),
            city="Changed city",
        )
    elif name == "offering-request":
        url = reverse("offering-request", kwargs={"pk": world["free_offering"].pk})
        data = {"seats_requested": "1", "women_nominated": "0"}
    elif name == "request-list":
        url, data = reverse("request-list"), {}
    elif name == "request-detail":
        url, data = seat_request.get_absolute_url(), {}
    else:  # "request <action>"
        # "confirmed": the confirmation step a destructive action (withdraw) asks for.
        url, data = seat_request.get_absolute_url(), {"action": verb, "confirmed": "1"}
        verb = "POST"
    if verb == "GET":
        return client.get(url)
    return client.post(url, data)


@pytest.mark.parametrize(("page", "role", "expected"), CASES)
def test_permission_matrix(client, world, trainer_a, page, role, expected):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    if page == "request reopen":
        # Only a declined (or withdrawn) request can be re-opened: decline it first.
        seat_request_decline(seat_request=world["seat_request"], by=trainer_a)
        world["seat_request"].refresh_from_db()
        page = "request-reopen POST"
    before = snapshot()
    if page == "request-reopen POST":
        response = client.post(world["seat_request"].get_absolute_url(), {"action": "reopen"})
    else:
        response = _request(client, page, world)
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif expected == "404":
        assert response.status_code == 404
    elif expected == "refused":
        assert response.status_code == 200
    else:
        assert response.status_code in (200, 302), response.content[:500]
        if page.endswith("POST") or page.startswith("request "):
            assert response.status_code == 302  # a successful write redirects
            assert snapshot() != before
        return
    assert snapshot() == before


def test_requests_page_is_for_members_and_the_network_admin_only(
    trainer_a, network_admin, outsider
):
    from courses.permissions import may_view_seat_requests

    assert may_view_seat_requests(trainer_a)
    assert may_view_seat_requests(network_admin)
    assert not may_view_seat_requests(outsider)
    assert not may_view_seat_requests(AnonymousUser())


def test_only_members_of_a_centre_are_offered_the_resource_upload(
    trainer_a, admin_a, network_admin, outsider
):
    from courses.permissions import may_upload_resources

    assert may_upload_resources(trainer_a) and may_upload_resources(admin_a)
    assert not may_upload_resources(network_admin)
    assert not may_upload_resources(outsider)
    assert not may_upload_resources(AnonymousUser())
