"""Two members naming participants at the same moment never name more than the approved seats
(PostgreSQL row locks: offering, then request, then count, then write)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from courses.exceptions import DomainError
from courses.services import ParticipantDetails, participants_update, seat_request_approve

from .factories import make_centre, make_course, make_offering, make_seat_request, make_user

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

THREADS = 5
REPETITIONS = 5
SEATS = 3


def _name_all_at_once(seat_request, members) -> list[str]:
    """Each member names two people on `seat_request`, all released at once."""
    barrier = threading.Barrier(len(members))
    outcomes: list[str] = []
    lock = threading.Lock()

    def name_two(member, n):
        try:
            barrier.wait(timeout=10)
            add = [
                ParticipantDetails(
                    full_name=f"Person {n}-{i}",
                    gender="female",
                    service="civilian",
                    email=f"p{n}-{i}@example.org",
                )
                for i in range(2)
            ]
            try:
                participants_update(seat_request=seat_request, by=member, add=add)
                outcome = "named"
            except DomainError:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connections.close_all()

    threads = [threading.Thread(target=name_two, args=(m, n)) for n, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_simultaneous_namings_never_exceed_the_approved_seats(postgresql_only, reference_data):
    host_centre = make_centre(slug="host-centre", short_name="HOST")
    host = make_user("host-trainer", centre=host_centre)
    guest_centre = make_centre(slug="guest-centre", short_name="GUEST")
    members = [make_user(f"guest-{n}", centre=guest_centre) for n in range(THREADS)]
    course = make_course(host_centre)
    for repetition in range(REPETITIONS):
        offering = make_offering(course, start_in_days=40 + repetition, partner_seats=6)
        seat_request = make_seat_request(offering, by=members[0], seats_requested=SEATS)
        seat_request_approve(seat_request=seat_request, by=host)
        outcomes = _name_all_at_once(seat_request, members)
        # Two people fit in three seats once; every other pair is refused.
        assert sorted(outcomes) == ["named"] + ["refused"] * (THREADS - 1)
        assert seat_request.participants.active().count() == 2
