"""Notices of the seat exchange: a request reaches the host, each decision the other side.

The host's decisions go to the requesting centre, the requester's withdrawals and re-openings
to the host; a cancelled offering tells every centre that held or awaited seats on it. Each is
queued in the outbox inside the service's transaction (see `outbox`), rendered from
templates/mail/ once per language its recipients read.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse

from ..models import Offering, SeatRequest
from .outbox import enqueue_email
from .recipients import centre_audience


def _link(seat_request: SeatRequest) -> str:
    return f"{settings.SITE_URL}{seat_request.get_absolute_url()}"


def seat_request_submitted(seat_request: SeatRequest) -> None:
    """Tell the host centre that another centre asks for seats on its offering."""
    offering = seat_request.offering
    enqueue_email(
        topic="seat_request_submitted",
        template="seat_request_submitted",
        context={
            "seat_request": seat_request,
            "offering": offering,
            "requester": seat_request.requesting_centre,
            "link": _link(seat_request),
        },
        recipients=centre_audience(offering.course.centre),
    )


HOST_ACTIONS = ("approve", "waitlist", "decline")


def seat_request_changed(
    seat_request: SeatRequest, *, action: str, freed_seats: int = 0, note: str = ""
) -> None:
    """Tell the other side of the request what changed: the host's decisions go to the
    requesting centre, the requester's withdrawals and re-openings to the host."""
    offering = seat_request.offering
    host = offering.course.centre
    requester = seat_request.requesting_centre
    by_host = action in HOST_ACTIONS
    enqueue_email(
        topic=f"seat_request_{action}",
        template="seat_request_changed",
        context={
            "seat_request": seat_request,
            "offering": offering,
            "host": host,
            "requester": requester,
            "action": action,
            "by_host": by_host,
            "freed_seats": freed_seats,
            "note": note,
            "link": _link(seat_request),
            "requests_url": f"{settings.SITE_URL}/requests/",
        },
        recipients=centre_audience(requester if by_host else host),
    )


def seat_request_promoted(seat_request: SeatRequest) -> None:
    """Tell both centres that a waitlisted request was promoted when seats freed up."""
    offering = seat_request.offering
    host = offering.course.centre
    requester = seat_request.requesting_centre
    context = {
        "seat_request": seat_request,
        "offering": offering,
        "host": host,
        "requester": requester,
        "link": _link(seat_request),
    }
    for centre in (requester, host):
        enqueue_email(
            topic="seat_request_promote",
            template="seat_request_promoted",
            context=context,
            recipients=centre_audience(centre),
        )


def seat_request_seats_changed(
    seat_request: SeatRequest, *, action: str, previous: dict | None = None, note: str = ""
) -> None:
    """Tell the other side that the host changed the approved seats (`adjust`) or that the
    requester asks for more seats on the same request (`ask-more`)."""
    offering = seat_request.offering
    host = offering.course.centre
    requester = seat_request.requesting_centre
    enqueue_email(
        topic=f"seat_request_{action}",
        template="seat_request_seats_changed",
        context={
            "seat_request": seat_request,
            "offering": offering,
            "host": host,
            "requester": requester,
            "action": action,
            "before": (previous or {}).get("seats"),
            "note": note,
            "link": _link(seat_request),
        },
        recipients=centre_audience(requester if action == "adjust" else host),
    )


def offering_cancelled(offering: Offering, seat_requests: Iterable[SeatRequest]) -> None:
    """Tell each centre that holds or awaits seats on `offering` that it is cancelled."""
    for seat_request in seat_requests:
        enqueue_email(
            topic="offering_cancelled",
            template="offering_cancelled",
            context={
                "offering": offering,
                "seat_request": seat_request,
                "link": _link(seat_request),
            },
            recipients=centre_audience(seat_request.requesting_centre),
        )


def participants_changed(
    seat_request: SeatRequest,
    *,
    added: int = 0,
    changed: int = 0,
    removed: int = 0,
    substituted: int = 0,
) -> None:
    """Tell the host centre that the requesting centre named, corrected, removed or substituted
    participants. The mail says how many and links to the pages; it never carries a name, so
    that no mailbox or mail log keeps personal data beyond the retention period."""
    offering = seat_request.offering
    enqueue_email(
        topic="participants_changed",
        template="participants_changed",
        context={
            "seat_request": seat_request,
            "offering": offering,
            "requester": seat_request.requesting_centre,
            "added": added,
            "changed": changed,
            "removed": removed,
            "substituted": substituted,
            "link": f"{settings.SITE_URL}"
            f"{reverse('request-participants', kwargs={'pk': seat_request.pk})}",
            "roll_link": f"{settings.SITE_URL}"
            f"{reverse('offering-participants', kwargs={'pk': offering.pk})}",
        },
        recipients=centre_audience(offering.course.centre),
    )
