"""Demo seat requests between the real APCN centres, made through the seat request services.

`seed_exchange()` runs after the centres, demo accounts, courses and offerings exist. It only
uses the demo accounts by their contract names (`<centre-slug>-trainer`, `<centre-slug>-admin`)
and is idempotent: once any demo account has requested seats, it does nothing.
"""

from __future__ import annotations

import datetime
import itertools
import random
from typing import TYPE_CHECKING, TextIO

from django.contrib.auth import get_user_model
from django.db import transaction

from .. import notifications
from ..exceptions import DomainError
from ..models import Centre, Offering, SeatRequest
from ..models.catalog import today
from ..services import (
    offering_quotas_set,
    seat_request_approve,
    seat_request_decline,
    seat_request_submit,
    seat_request_waitlist,
    seat_request_withdraw,
)

if TYPE_CHECKING:
    from . import SeedContext

CENTRE_SLUGS = (
    "vdpo",
    "mpc",
    "ipsc",
    "poc",
    "npmec",
    "afppkoc",
    "bn-focal-point",
    "la-focal-point",
    "mm-focal-point",
    "sg-focal-point",
)

PROFILES = (
    "2 captains and 1 major from infantry battalions preparing for UNIFIL",
    "Staff officers (majors) earmarked for sector headquarters",
    "1 lieutenant colonel, 2 majors; all with prior mission experience",
    "Military observers candidates: captains and majors, English level B2",
    "Police officers (inspectors) from the formed police unit roster",
    "Gender focal points of the next rotation: 1 major, 2 captains",
    "Engineering company officers: 2 captains, 1 warrant officer",
    "Medical officers and nurses of the level II hospital",
    "Civilian staff of the ministry's peacekeeping desk",
    "Trainers of our centre, for training-of-trainers certification",
)
MESSAGES = (
    "Our contingent rotates in the second half of the year; this course fits its preparation.",
    "We would be grateful for any seats; our nominees are confirmed by headquarters.",
    "Following the agreement at the APCN annual meeting, we nominate these participants.",
    "",
    "Two of our nominees are women officers deploying as engagement team leaders.",
    "Travel is funded by our ministry; we only ask for seats.",
)
RESPONSES = {
    "approve": (
        "Welcome. Joining instructions follow two weeks before the start.",
        "Approved. Please send the participants' passport details to our contact address.",
        "",
    ),
    "approve-fewer": (
        "We can offer fewer seats than requested this time; priority to your women nominees.",
        "Seats are limited; we approve part of the request.",
    ),
    "waitlist": (
        "All partner seats are taken for now; you are on the waitlist.",
        "We are waiting for confirmation of our own nominations; waitlisted for the moment.",
    ),
    "decline": (
        "This run is reserved for personnel deploying to the same mission; please apply next year.",
        "The prerequisites (UN Staff Officers Course) are not met by the nominees.",
    ),
    "withdraw": (
        "Our nominees were reassigned; we release the seats.",
        "The deployment was postponed; we withdraw with thanks.",
    ),
}


def _say(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _women(rng: random.Random, seats: int) -> int:
    # Women make up roughly 10 to 30 % of the nominees, as in APCN member contingents.
    return min(seats, round(seats * rng.uniform(0.1, 0.3)))


def seed(context: SeedContext) -> None:
    """The seat requests part of `seed_demo` (see courses.demo.PARTS)."""
    made = seed_exchange(rng=context.random("seat requests"))
    context.count("seat request", made)


def seed_exchange(*, stdout: TextIO | None = None, rng: random.Random | None = None) -> int:
    """Create plausible seat requests between the demo centres; return how many were made."""
    User = get_user_model()
    accounts = {user.username: user for user in User.objects.filter(membership__isnull=False)}
    centres = {c.slug: c for c in Centre.objects.filter(slug__in=CENTRE_SLUGS)}
    trainers = {
        slug: accounts[f"{slug}-trainer"] for slug in centres if f"{slug}-trainer" in accounts
    }
    admins = {slug: accounts[f"{slug}-admin"] for slug in centres if f"{slug}-admin" in accounts}
    if SeatRequest.objects.filter(requested_by__in=list(trainers.values())).exists():
        _say(stdout, "Seat requests: already there, nothing to do.")
        return 0
    offerings = list(
        Offering.objects.open_to_partners()
        .in_published_courses()
        .filter(course__centre__slug__in=list(centres), partner_seats__gte=4)
        .select_related("course__centre")
        .order_by("start_date", "pk")
    )
    if len(trainers) < 3 or not offerings:
        _say(stdout, "Seat requests: no demo centres or open offerings yet, skipped.")
        return 0
    # Nobody is e-mailed about demo data: the requests are made through the real services,
    # which notify the other centre, so notifications are muted while seeding.
    with notifications.muted():
        made = _seed(rng or random.Random(4), offerings, trainers, admins)
    _say(stdout, f"Seat requests: {made} created.")
    return made


def _decider(rng: random.Random, slug: str, trainers: dict, admins: dict):
    return admins.get(slug) if rng.random() < 0.5 and slug in admins else trainers[slug]


@transaction.atomic
def _seed(rng: random.Random, offerings: list[Offering], trainers: dict, admins: dict) -> int:
    made = 0
    # A few well-known offerings are filled by approvals, with more requests waitlisted.
    full, others = offerings[:: max(len(offerings) // 5, 1)][:5], offerings
    for offering in full:
        host = offering.course.centre.slug
        requesters = [slug for slug in trainers if slug != host]
        rng.shuffle(requesters)
        for slug in requesters[:5]:
            offering.refresh_from_db()
            seats = rng.randint(2, 4)
            try:
                seat_request = seat_request_submit(
                    offering=offering,
                    centre=trainers[slug].membership.centre,
                    by=trainers[slug],
                    seats_requested=min(seats, offering.partner_seats),
                    women_nominated=_women(rng, seats),
                    participant_profile=rng.choice(PROFILES),
                    message=rng.choice(MESSAGES),
                )
            except DomainError:
                continue
            made += 1
            decider = _decider(rng, host, trainers, admins)
            free = offering.partner_seats - offering.partner_seats_taken
            if free >= seat_request.seats_requested:
                seat_request_approve(
                    seat_request=seat_request, by=decider, response=rng.choice(RESPONSES["approve"])
                )
            elif free > 0:
                seat_request_approve(
                    seat_request=seat_request,
                    by=decider,
                    seats_approved=free,
                    response=rng.choice(RESPONSES["approve-fewer"]),
                )
            else:
                seat_request_waitlist(
                    seat_request=seat_request,
                    by=decider,
                    response=rng.choice(RESPONSES["waitlist"]),
                )
        # Close the gap so that the offering is really full.
        offering.refresh_from_db()
        if offering.partner_seats_taken < offering.partner_seats:
            made += _fill(rng, offering, trainers, admins)
    # A fixed cycle rather than a draw, so that even a small catalog shows every status.
    outcomes = itertools.cycle(
        ("pending", "approved", "declined", "waitlisted", "withdrawn", "pending", "approved")
    )
    for offering in others:
        if offering in full or rng.random() < 0.35:
            continue
        host = offering.course.centre.slug
        slug = rng.choice([s for s in trainers if s != host])
        offering.refresh_from_db()
        seats = min(rng.randint(1, 4), offering.partner_seats)
        try:
            seat_request = seat_request_submit(
                offering=offering,
                centre=trainers[slug].membership.centre,
                by=trainers[slug],
                seats_requested=seats,
                women_nominated=_women(rng, seats),
                participant_profile=rng.choice(PROFILES),
                message=rng.choice(MESSAGES),
            )
        except DomainError:
            continue
        made += 1
        outcome = next(outcomes)
        decider = _decider(rng, host, trainers, admins)
        try:
            if outcome in ("approved", "withdrawn"):
                seat_request_approve(
                    seat_request=seat_request, by=decider, response=rng.choice(RESPONSES["approve"])
                )
            if outcome == "withdrawn":
                seat_request_withdraw(
                    seat_request=seat_request,
                    by=trainers[slug],
                    response=rng.choice(RESPONSES["withdraw"]),
                )
            elif outcome == "waitlisted":
                seat_request_waitlist(
                    seat_request=seat_request,
                    by=decider,
                    response=rng.choice(RESPONSES["waitlist"]),
                )
            elif outcome == "declined":
                seat_request_decline(
                    seat_request=seat_request, by=decider, response=rng.choice(RESPONSES["decline"])
                )
        except DomainError:
            continue  # not enough free seats: the request stays pending, as it would in life
    _hold_seats(rng, [o for o in others if o not in full], trainers)
    return made


def _hold_seats(rng: random.Random, offerings: list[Offering], trainers: dict) -> None:
    """On one upcoming offering the host holds two partner seats for a partner centre it
    trains with every year, until two weeks before the start (the held-seats page shows it)."""
    for offering in offerings:
        host = offering.course.centre.slug
        if offering.start_date <= today() + datetime.timedelta(days=30) or host not in trainers:
            continue
        partners = [s for s in trainers if s != host]
        try:
            offering_quotas_set(
                offering=offering,
                by=trainers[host],
                quota_release_date=offering.start_date - datetime.timedelta(days=14),
                quotas={trainers[rng.choice(partners)].membership.centre_id: 2},
            )
        except DomainError:
            continue
        return


def _fill(rng: random.Random, offering: Offering, trainers: dict, admins: dict) -> int:
    """Approve one more request from a centre without an open one, for the seats still free."""
    host = offering.course.centre.slug
    holding = set(
        SeatRequest.objects.open()
        .filter(offering=offering)
        .values_list("requesting_centre__slug", flat=True)
    )
    candidates = [s for s in trainers if s != host and s not in holding]
    if not candidates:
        return 0
    slug = rng.choice(candidates)
    free = offering.partner_seats - offering.partner_seats_taken
    seat_request = seat_request_submit(
        offering=offering,
        centre=trainers[slug].membership.centre,
        by=trainers[slug],
        seats_requested=free,
        women_nominated=_women(rng, free),
        participant_profile=rng.choice(PROFILES),
        message=rng.choice(MESSAGES),
    )
    seat_request_approve(
        seat_request=seat_request,
        by=_decider(rng, host, trainers, admins),
        response=rng.choice(RESPONSES["approve"]),
    )
    return 1
