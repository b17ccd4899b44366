"""Who sees a participant's name: one table over every page, the CSV and the admin.

Personal data is for the two centres of the request and the network admin; everyone else gets
a 404 (or the login page) and never a name, and no public page, feed or export carries one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses.permissions import may_name_participants, may_view_participants, may_view_roll
from courses.services import ParticipantDetails, participants_update, seat_request_approve

from .factories import make_course, make_offering, make_seat_request

pytestmark = pytest.mark.django_db

NAME = "Nguyen Thi Lan"
EMAIL = "lan.nguyen@example.org"


@pytest.fixture
def world(centre_a, trainer_a, trainer_b):
    """Alpha hosts; Bravo's request is approved and names one participant."""
    offering = make_offering(
        make_course(centre_a, title="Women in Peace Operations"), partner_seats=4
    )
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=2)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    participants_update(
        seat_request=seat_request,
        by=trainer_b,
        add=[
            ParticipantDetails(
                full_name=NAME, gender="female", service="police", email=EMAIL, rank="Lt"
            )
        ],
    )
    return offering, seat_request


# viewer fixture -> (request page, roll page, roll CSV, admin change page of the request)
MATRIX = {
    "visitor": ("login", "login", "login", "login"),
    "outsider": (404, 404, 404, "login"),
    "trainer_b": (200, 404, 404, "login"),  # requester trainer: its own people, not the roll
    "admin_b": (200, 404, 404, 200),  # requester admin
    "trainer_a": (200, 200, 200, "login"),  # host trainer
    "admin_a": (200, 200, 200, 200),  # host admin
    "trainer_c": (404, 404, 404, "login"),  # a third centre
    "admin_c": (404, 404, 404, 302),  # a third centre's admin: not its request
    "network_admin": (200, 200, 200, 200),
}


def _get(client, url):
    response = client.get(url)
    body = response.content.decode("utf-8-sig", errors="replace")
    if response.status_code == 302 and "login" in response["Location"]:
        return "login", body
    return response.status_code, body


@pytest.mark.parametrize("viewer", list(MATRIX))
def test_who_sees_a_participants_name(client, request, world, viewer):
    offering, seat_request = world
    if viewer != "visitor":
        client.force_login(request.getfixturevalue(viewer))
    urls = (
        reverse("request-participants", kwargs={"pk": seat_request.pk}),
        reverse("offering-participants", kwargs={"pk": offering.pk}),
        reverse("offering-participants-csv", kwargs={"pk": offering.pk}),
        reverse("admin:courses_seatrequest_change", args=[seat_request.pk]),
    )
    for url, expected in zip(urls, MATRIX[viewer], strict=True):
        status, body = _get(client, url)
        assert status == expected, (viewer, url, status)
        assert (NAME in body) == (status == 200), (viewer, url)
        assert (EMAIL in body) == (status == 200), (viewer, url)


def test_the_permission_functions_agree_with_the_matrix(
    world, trainer_a, admin_a, trainer_b, trainer_c, outsider, network_admin
):
    offering, seat_request = world
    assert [
        may_view_participants(u, seat_request)
        for u in (trainer_a, admin_a, trainer_b, trainer_c, outsider, network_admin)
    ] == [True, True, True, False, False, True]
    assert [
        may_name_participants(u, seat_request)
        for u in (trainer_a, trainer_b, trainer_c, network_admin)
    ] == [False, True, False, False]
    assert [
        may_view_roll(u, offering) for u in (trainer_a, trainer_b, trainer_c, network_admin)
    ] == [True, False, False, True]


@pytest.mark.parametrize("viewer", ["visitor", "trainer_c", "trainer_b"])
def test_no_public_page_feed_or_export_carries_a_name(client, request, world, viewer):
    offering, _ = world
    if viewer != "visitor":
        client.force_login(request.getfixturevalue(viewer))
    for url in (
        "/",
        offering.course.get_absolute_url(),
        reverse("course-list"),
        reverse("course-export"),
        reverse("calendar-feed"),
        reverse("calendar"),
        reverse("reports"),
    ):
        body = client.get(url).content.decode("utf-8-sig", errors="replace")
        assert NAME not in body and EMAIL not in body, url


def test_another_centres_admin_cannot_reach_the_participants_history(client, world, admin_c):
    _, seat_request = world
    participant = seat_request.participants.get()
    # The audit keeps no name at all, so even the network admin's history holds none.
    historical = participant.history.first()
    assert not hasattr(historical, "full_name") and not hasattr(historical, "email")
    client.force_login(admin_c)
    response = client.get(reverse("admin:courses_seatrequest_history", args=[seat_request.pk]))
    assert response.status_code == 302
    assert NAME not in response.content.decode()


def test_no_log_line_carries_a_name(client, caplog, centre_a, trainer_a, trainer_b, trainer_c):
    """Naming, substituting, a refused change and the pages log no personal data."""
    import logging

    from courses.services import participant_substitute

    caplog.set_level(logging.DEBUG)
    offering = make_offering(make_course(centre_a), partner_seats=3)
    seat_request = make_seat_request(offering, by=trainer_b, seats_requested=1)
    seat_request_approve(seat_request=seat_request, by=trainer_a)
    details = ParticipantDetails(full_name=NAME, gender="female", service="police", email=EMAIL)
    participants_update(seat_request=seat_request, by=trainer_b, add=[details])
    participant = seat_request.participants.get()
    participant_substitute(
        participant=participant,
        by=trainer_b,
        replacement=ParticipantDetails(
            full_name="Second Person", gender="male", service="police", email="second@example.org"
        ),
    )
    client.force_login(trainer_c)
    client.get(reverse("request-participants", kwargs={"pk": seat_request.pk}))  # a 404, logged
    client.force_login(trainer_b)
    client.post(
        reverse("request-participants", kwargs={"pk": seat_request.pk}),
        {"form": "substitute", "substitute-full_name": NAME, "substitute-email": "bad"},
    )
    assert caplog.records  # the 404 above was logged: the capture works
    assert NAME not in caplog.text and EMAIL not in caplog.text
    assert "Second Person" not in caplog.text
