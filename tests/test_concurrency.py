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


# --- Approvals, promotions and releases at the same moment ----------------------------------

RACE_THREADS = 50
RACE_PARTNER_SEATS = 20


def _run_all_at_once(jobs) -> list[str]:
    """Run every job in its own thread (and database connection), released by one barrier."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(job):
        try:
            barrier.wait(timeout=30)
            try:
                job()
                outcome = "done"
            except DomainError:
                outcome = "refused"
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_simultaneous_approvals_promotions_and_releases_never_overbook_nor_skip_the_line(
    postgresql_only, reference_data
):
    import datetime

    from django.utils import timezone

    from courses.models.catalog import as_of
    from courses.services import (
        held_seats_release,
        offering_quotas_set,
        seat_request_adjust,
        seat_request_waitlist,
        seat_request_withdraw,
        waitlist_promote,
    )

    host_centre = make_centre(slug="race-host", short_name="RHOST")
    host = make_user("race-host-trainer", centre=host_centre)
    members = [
        make_user(f"race-{n}", centre=make_centre(slug=f"race-{n}", short_name=f"R{n}"))
        for n in range(46)
    ]
    offering = make_offering(
        make_course(host_centre), seats_total=40, partner_seats=RACE_PARTNER_SEATS
    )
    release = timezone.localdate() + datetime.timedelta(days=5)
    # Seats held for a centre that never asks: only the release gives them to the waitlist.
    offering_quotas_set(
        offering=offering,
        by=host,
        quota_release_date=release,
        quotas={members[-1].membership.centre_id: 4},
    )
    holders = [make_seat_request(offering, by=m, seats_requested=2) for m in members[:8]]
    for holder in holders:
        seat_request_approve(seat_request=holder, by=host)  # 16 seats: the pool is full
    waiting = []
    for member in members[8:23]:  # 15 requests on the waitlist, in this order
        seat_request = make_seat_request(offering, by=member, seats_requested=2)
        seat_request_waitlist(seat_request=seat_request, by=host)
        waiting.append(seat_request)
    pending = [make_seat_request(offering, by=m, seats_requested=1) for m in members[23:45]]

    def on_release_day(job):
        # Every job runs on the release day, the daily release among them: a job of a day
        # before it would still see the held seats as held, whichever thread finished last.
        def run():
            with as_of(release):
                return job()

        return run

    jobs = [
        on_release_day(job)
        for job in (
            [
                lambda r=r: seat_request_withdraw(seat_request=r, by=r.requested_by)
                for r in holders[:5]
            ]
            + [
                lambda r=r: seat_request_adjust(seat_request=r, by=host, seats_approved=1)
                for r in holders[5:8]
            ]
            + [lambda r=r: seat_request_approve(seat_request=r, by=host) for r in pending]
            + [held_seats_release for _ in range(10)]
            + [lambda: waitlist_promote(offering=offering, by=host) for _ in range(10)]
        )
    ]
    assert len(jobs) == RACE_THREADS
    outcomes = _run_all_at_once(jobs)
    assert len(outcomes) == RACE_THREADS

    offering.refresh_from_db()
    approved = SeatRequest.objects.filter(offering=offering, status="approved")
    approved_seats = approved.aggregate(total=Sum("seats_approved"))["total"] or 0
    assert approved_seats <= RACE_PARTNER_SEATS
    assert offering.partner_seats_taken == approved_seats
    # Never out of order: the promotions, in the order they were written, follow the
    # waitlist's order, and no request still waiting is older than one promoted.
    promoted_ids = list(
        SeatRequest.objects.filter(events__action="promote", offering=offering)
        .order_by("events__pk")
        .values_list("pk", flat=True)
    )
    order = [r.pk for r in waiting]
    assert promoted_ids, "seats were freed: someone must have been promoted"
    assert promoted_ids == order[: len(promoted_ids)]
    still_waiting = list(
        SeatRequest.objects.filter(offering=offering, status="waitlisted").values_list(
            "pk", flat=True
        )
    )
    assert still_waiting == order[len(promoted_ids) :]
    # After the release every seat held and not claimed is in the pool: if anybody still
    # waits, no partner seat is left free.
    if still_waiting:
        assert approved_seats == RACE_PARTNER_SEATS
