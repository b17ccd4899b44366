"""Admin changelists run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.models import SeatRequest
from courses.services.library import access_request_submit

from .factories import make_course, make_offering, make_user
from .resource_factories import make_resource

# The most queries one changelist page may run as a centre admin (session, user, membership,
# centre, permissions, counts, rows, filters); the same for 5 rows as for 50.
MAX_QUERIES = 12


@pytest.fixture
def client_a(client, admin_a):
    client.force_login(admin_a)
    return client


def _rows(kind: str, n: int, centre_a, centre_b) -> None:
    if kind == "course":
        for _ in range(n):
            make_course(centre_a)
    elif kind == "offering":
        course = make_course(centre_a)
        for i in range(n):
            make_offering(course, start_in_days=30 + i)
    elif kind == "seatrequest":
        for i in range(n):
            offering = make_offering(make_course(centre_b), start_in_days=30 + i)
            SeatRequest.objects.create(
                offering=offering, requesting_centre=centre_a, seats_requested=2
            )
    elif kind in ("user", "membership"):
        for _ in range(n):
            make_user(centre=centre_a)
    elif kind in ("resource", "resourceaccessrequest"):
        asker = make_user(centre=centre_b)
        for i in range(n):
            resource = make_resource(
                centre_a,
                title=f"Handbook {i}",
                visibility="centre",
                external_url=f"https://example.org/handbook-{i}",
            )
            if kind == "resourceaccessrequest":
                access_request_submit(resource=resource, by=asker, message="Please.")


@pytest.mark.parametrize(
    "kind",
    [
        "course",
        "offering",
        "seatrequest",
        "user",
        "membership",
        "resource",
        "resourceaccessrequest",
    ],
)
@pytest.mark.parametrize("rows", [5, 50])
def test_changelist_queries_do_not_grow_with_rows(
    client_a, centre_a, centre_b, django_assert_max_num_queries, kind, rows
):
    _rows(kind, rows, centre_a, centre_b)
    app = "auth" if kind == "user" else "courses"
    url = reverse(f"admin:{app}_{kind}_changelist")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client_a.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= rows


def test_network_admin_course_changelist_is_pinned_too(
    client, network_admin, centre_a, centre_b, django_assert_max_num_queries
):
    for centre in (centre_a, centre_b):
        for _ in range(25):
            make_course(centre)
    client.force_login(network_admin)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("admin:courses_course_changelist"))
    assert response.context["cl"].result_count == 50
