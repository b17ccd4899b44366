"""The demo seat requests: plausible, made through the services, and idempotent."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.db.models import Sum

from courses.demo.exchange import CENTRE_SLUGS, seed_exchange
from courses.models import CentreRole, Offering, SeatRequest

from .factories import make_centre, make_course, make_offering, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_network():
    for n, slug in enumerate(CENTRE_SLUGS[:6]):
        centre = make_centre(slug=slug, short_name=slug.upper())
        make_user(f"{slug}-trainer", centre=centre)
        make_user(f"{slug}-admin", centre=centre, role=CentreRole.CENTRE_ADMIN)
        course = make_course(centre, title=f"Course of {slug}")
        for k in range(4):
            make_offering(course, start_in_days=40 + 10 * k + n, partner_seats=6 + k)


def test_seed_exchange_creates_every_status_without_overbooking(
    demo_network, django_capture_on_commit_callbacks, deliver_outbox
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        made = seed_exchange(stdout=out)
    assert made == SeatRequest.objects.count() > 10
    assert "created" in out.getvalue()
    statuses = set(SeatRequest.objects.values_list("status", flat=True))
    assert statuses >= {"pending", "approved", "waitlisted", "declined", "withdrawn"}
    for offering in Offering.objects.all():
        approved = (
            offering.seat_requests.filter(status="approved").aggregate(total=Sum("seats_approved"))[
                "total"
            ]
            or 0
        )
        assert offering.partner_seats_taken == approved <= offering.partner_seats
    full = [o for o in Offering.objects.all() if o.partner_seats_taken == o.partner_seats]
    assert len(full) >= 3
    requested = SeatRequest.objects.aggregate(s=Sum("seats_requested"), w=Sum("women_nominated"))
    assert 0.05 <= requested["w"] / requested["s"] <= 0.35
    for seat_request in SeatRequest.objects.select_related("requested_by", "requesting_centre"):
        assert (
            seat_request.requested_by.username == f"{seat_request.requesting_centre.slug}-trainer"
        )
    deliver_outbox()
    assert mail.outbox == []  # nobody is e-mailed about demo data


def test_seed_exchange_is_idempotent(demo_network):
    first = seed_exchange()
    assert first > 0
    assert seed_exchange() == 0
    assert SeatRequest.objects.count() == first


def test_seed_exchange_does_nothing_without_the_demo_centres(db):
    assert seed_exchange() == 0
    assert not SeatRequest.objects.exists()


def test_seed_exchange_holds_seats_for_a_partner_centre_on_one_offering(demo_network):
    from courses.models import SeatQuota

    seed_exchange()
    (quota,) = SeatQuota.objects.select_related("offering__course__centre")
    assert quota.seats == 2
    assert quota.centre != quota.offering.course.centre
    assert quota.offering.quota_release_date < quota.offering.start_date
    seed_exchange()
    assert SeatQuota.objects.count() == 1
