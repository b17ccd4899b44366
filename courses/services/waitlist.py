"""Seats of an offering and its waiting list: what is free for a centre (the pool, and the
seats held for it until the offering's quota release date), and the promotion of waitlisted
requests, oldest first, when seats free up.

Below the catalog and exchange services, which both call it (more partner seats, a withdrawal,
a decline, a lowering, a release): it imports neither of them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from .. import workflow
from ..models import Offering, SeatQuota, SeatRequest, SeatRequestStatus
from ..models.catalog import today

S = SeatRequestStatus


def quotas_active(offering: Offering, *, on: datetime.date | None = None) -> bool:
    """Whether the offering still holds seats for named partner centres (before its release
    date); from the release date on, unclaimed held seats are in the pool."""
    on = on or today()
    return offering.quota_release_date is not None and on < offering.quota_release_date


def _approved_by_centre(offering: Offering, *, exclude: SeatRequest | None = None) -> dict:
    approved = SeatRequest.objects.filter(offering=offering, status=S.APPROVED)
    if exclude is not None:
        approved = approved.exclude(pk=exclude.pk)
    return dict(
        approved.values("requesting_centre_id")
        .annotate(seats=Sum("seats_approved"))
        .values_list("requesting_centre_id", "seats")
    )


def _approved_seats(offering: Offering, *, exclude: SeatRequest | None = None) -> int:
    return sum(_approved_by_centre(offering, exclude=exclude).values())


def held_for_others(
    offering: Offering,
    *,
    centre_id: int | None,
    exclude: SeatRequest | None = None,
    on: datetime.date | None = None,
) -> int:
    """Seats held (and not yet claimed) for partner centres other than `centre_id`."""
    if not quotas_active(offering, on=on):
        return 0
    approved = _approved_by_centre(offering, exclude=exclude)
    return sum(
        max(quota.seats - approved.get(quota.centre_id, 0), 0)
        for quota in SeatQuota.objects.filter(offering=offering)
        if quota.centre_id != centre_id
    )


def free_seats_for(
    offering: Offering,
    *,
    centre_id: int | None,
    exclude: SeatRequest | None = None,
    on: datetime.date | None = None,
) -> int:
    """Partner seats `centre_id` may still be given: the pool, plus what is held for it.

    Counted from the rows, not from the stored total; call it under the offering's row lock
    (`select_for_update`) when the answer is about to be written.
    """
    taken = _approved_seats(offering, exclude=exclude)
    reserved = held_for_others(offering, centre_id=centre_id, exclude=exclude, on=on)
    return max(offering.partner_seats - taken - reserved, 0)


def _recount(offering: Offering) -> None:
    """Store the offering's approved seats, counted under its lock (never added to or
    subtracted from, so the stored figure is exact even if it had drifted)."""
    offering.partner_seats_taken = _approved_seats(offering)
    offering.save(update_fields=["partner_seats_taken", "updated_at"])


def _promotable(offering: Offering) -> bool:
    return not offering.is_cancelled and not offering.has_started


def promote_waitlist(*, offering: Offering) -> list[SeatRequest]:
    """Promote the offering's waitlisted requests, oldest first, as far as seats allow.

    Lock contract: the caller holds the offering's row lock (`select_for_update`) in the current
    transaction — the same lock as an approval — so promotions and approvals queue up and the
    order is kept. A request gets every seat it asked for that is free for its centre, or fewer
    (a partial approval) when the pool runs short; a younger request never takes a pool seat
    an older one could have had, but may take seats held for its own centre. Each promotion is
    on the request's timeline and mailed to both centres. Returns the promoted requests.

    The offering's stored approved seats are kept exact here; what the catalog stores of the
    course (its open runs) is the caller's to refresh, as after every change of seats.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("promote_waitlist() runs inside the transaction holding the lock.")
    if not _promotable(offering):
        return []
    promoted = []
    waitlisted = list(
        SeatRequest.objects.filter(offering=offering, status=S.WAITLISTED).order_by(
            "created_at", "pk"
        )
    )
    for seat_request in waitlisted:
        free = free_seats_for(offering, centre_id=seat_request.requesting_centre_id)
        if free < 1:
            continue

        def promote(locked: SeatRequest, free: int = free) -> None:
            locked.seats_approved = min(locked.seats_requested, free)
            locked.decided_at = timezone.now()
            # Nobody answered this: the waitlisting's answer and its author stay on the
            # timeline, not beside the approval.
            locked.response = ""
            locked.decided_by = None

        promoted.append(
            workflow.seat_requests().move(seat_request, "promote", by=None, change=promote)
        )
        _recount(offering)
    return promoted
