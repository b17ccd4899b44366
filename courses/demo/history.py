"""Last year's seat exchange: requests on offerings that have already run.

The seat request services refuse requests on past offerings, as they must. To record what the
centres exchanged last year, this part runs the same services with the rules' day set back to a
fortnight before each offering's application deadline (`courses.models.catalog.as_of`), so the
participation report and the calendar have a year behind them. Idempotent: once any past
offering has a seat request, it does nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from ..exceptions import DomainError
from ..models import Offering, SeatRequest
from ..models.catalog import as_of
from ..notifications import muted
from ..services import seat_request_approve, seat_request_decline, seat_request_submit
from .exchange import CENTRE_SLUGS, PROFILES, RESPONSES

if TYPE_CHECKING:
    from . import SeedContext


def seed(context: SeedContext) -> None:
    """The history part of `seed_demo` (see courses.demo.PARTS)."""
    past = (
        Offering.objects.scheduled()
        .in_published_courses()
        .filter(
            start_date__lt=context.today,
            start_date__gte=context.today - datetime.timedelta(days=366),
            partner_seats__gte=2,
            course__centre__slug__in=CENTRE_SLUGS,
        )
        .select_related("course__centre")
        .order_by("start_date", "pk")
    )
    if SeatRequest.objects.filter(offering__in=past).exists():
        return
    trainers = {slug: context.trainer(slug) for slug in CENTRE_SLUGS}
    trainers = {slug: user for slug, user in trainers.items() if user is not None}
    rng = context.random("history")
    made = 0
    with muted():
        for offering in past:
            host = offering.course.centre.slug
            if host not in trainers:
                continue
            requesters = [slug for slug in trainers if slug != host]
            rng.shuffle(requesters)
            with as_of(offering.application_deadline - datetime.timedelta(days=14)):
                for slug in requesters[: rng.randint(1, 3)]:
                    offering.refresh_from_db()
                    seats = min(rng.randint(1, 4), offering.partner_seats)
                    # Women among nominees, a little higher for the gender-focused courses.
                    share = rng.uniform(0.1, 0.35)
                    try:
                        seat_request = seat_request_submit(
                            offering=offering,
                            centre=trainers[slug].membership.centre,
                            by=trainers[slug],
                            seats_requested=seats,
                            women_nominated=min(seats, round(seats * share)),
                            participant_profile=rng.choice(PROFILES),
                            message="",
                        )
                    except DomainError:
                        continue
                    made += 1
                    free = offering.partner_seats - offering.partner_seats_taken
                    if free > 0 and rng.random() < 0.8:
                        seat_request_approve(
                            seat_request=seat_request,
                            by=trainers[host],
                            seats_approved=min(free, seats),
                            response=rng.choice(RESPONSES["approve"]),
                        )
                    else:
                        seat_request_decline(
                            seat_request=seat_request,
                            by=trainers[host],
                            response=rng.choice(RESPONSES["decline"]),
                        )
    context.count("past seat request", made)
