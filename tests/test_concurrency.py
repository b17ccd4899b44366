"""Approvals at the same moment never overbook an offering (PostgreSQL row locks).

Several threads, each with its own database connection, approve requests that together ask
for more than the offering's partner seats, all released at once by a barrier. Whatever the
interleaving, the approved seats never exceed the partner seats and the stored count equals
the real sum.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from courses.exceptions import DomainError
from courses.models import Offering, SeatRequest
from courses.services import seat_request_approve

from .factories import make_centre, make_course, make_offering, make_seat_request, make_user

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

REPETITIONS = 25
THREADS = 6
PARTNER_SEATS = 7
SEATS_PER_REQUEST = 2  # 6 requests x 2 seats = 12 asked for 7 seats


def _approve_all_at_once(seat_requests, host) -> list[str]:
    barrier = threading.Barrier(len(seat_requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve(seat_request):
        try:
            barrier.wait(timeout=10)
            try:
                seat_request_approve(seat_request=seat_request, by=host)
                outcome = "approved"
            except DomainError:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        finally:
            # Each thread has its own connection; close it so the test database can be dropped.
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(r,)) for r in seat_requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_simultaneous_approvals_never_exceed_partner_seats(postgresql_only, reference_data):
    assert connection.vendor == "postgresql"
    host_centre = make_centre(slug="host-centre", short_name="HOST")
    host = make_user("host-trainer", centre=host_centre)
    requesters = [
        make_user(f"requester-{n}", centre=make_centre(slug=f"requester-{n}"))
        for n in range(THREADS)
    ]
    course = make_course(host_centre)
    for repetition in range(REPETITIONS):
        offering = make_offering(
            course, start_in_days=30 + repetition, seats_total=20, partner_seats=PARTNER_SEATS
        )
        seat_requests = [
            make_seat_request(offering, by=requester, seats_requested=SEATS_PER_REQUEST)
            for requester in requesters
        ]
        outcomes = _approve_all_at_once(seat_requests, host)
        assert len(outcomes) == THREADS

        offering.refresh_from_db()
        approved = SeatRequest.objects.filter(offering=offering, status="approved")
        approved_seats = approved.aggregate(total=Sum("seats_approved"))["total"] or 0
        assert approved_seats <= PARTNER_SEATS
        assert offering.partner_seats_taken == approved_seats
        # Three full requests fit in seven seats; no fourth may slip in.
        assert outcomes.count("approved") == PARTNER_SEATS // SEATS_PER_REQUEST
        assert approved.count() == PARTNER_SEATS // SEATS_PER_REQUEST
    assert Offering.objects.filter(course=course).count() == REPETITIONS
